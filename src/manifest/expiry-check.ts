// The load-time check on `expires:` that needs the whole account: an end given to a protected user,
// whom the guard keeps whatever the manifest says (a warning; the owner is checked at plan time).
import type { Diagnostic, SourcePos } from '../errors.js';
import type { DesiredAccount, Expiry } from './types.js';

export function protectedExpiryWarnings(account: DesiredAccount): Diagnostic[] {
  const guarded = new Set(account.policy.protected);
  if (guarded.size === 0) return [];
  const out: Diagnostic[] = [];
  const check = (entry: { email: string; pos: SourcePos; expires?: Expiry }, where: string): void => {
    if (!entry.expires || !guarded.has(entry.email)) return;
    out.push({
      severity: 'warning',
      pos: entry.pos,
      message:
        `${entry.email} has expires: ${entry.expires.text} ${where}, but is in policy.protected: the guard wins ` +
        'and the grant is never removed; take them out of policy.protected for it to end, or drop the expires',
    });
  };
  for (const u of account.users) check(u, 'under account.users');
  for (const g of account.groups) for (const m of g.members) check(m, `in group '${g.name}'`);
  for (const g of account.frameioGroups) for (const m of g.members) check(m, `in Frame.io group '${g.name}'`);
  for (const ws of account.workspaces) {
    for (const u of ws.users) check(u, `in workspace '${ws.name}'`);
    for (const p of ws.projects) for (const u of p.users) check(u, `in project '${p.name}'`);
  }
  return out;
}
