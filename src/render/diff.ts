// Renders "who has which role" before and after the plan as a unified diff, one file per scope,
// for reviewers who read diffs. Without the live state only the changed users are listed.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { LiveAccount, LiveState } from '../live/types.js';
import type { Change, Plan } from '../plan/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { groupChanges, type RenderContext } from './group.js';
import { printable } from '../names.js';
import { assertNever } from '../never.js';
import { roleLabel } from './labels.js';

/** One `email: role` line per user; a map keyed by user id (or email for users without one). */
type Roster = Map<string, { email: string; role: string }>;

function keyOf(userId: string | null, email: string): string {
  return userId ?? `email:${normalizeEmail(email)}`;
}

function listing(roster: Roster): string {
  const lines = [...roster.values()]
    .sort((a, b) => compareStrings(normalizeEmail(a.email), normalizeEmail(b.email)) || compareStrings(a.role, b.role))
    .map((entry) => printable(`${entry.email}: ${entry.role}`));
  return lines.map((line) => `${line}\n`).join('');
}

// Applies one change to the before/after rosters. Without a live roster `before` starts empty, so
// the change's own `from` is what it lists there.
function apply(change: Change, before: Roster, after: Roster): void {
  const existing = [...before.entries()].find(
    ([, entry]) => normalizeEmail(entry.email) === normalizeEmail(change.email),
  )?.[0];
  const key = before.has(change.user_id) ? change.user_id : (existing ?? change.user_id);
  switch (change.action) {
    case 'set_account_role':
      if (!before.has(key)) before.set(key, { email: change.email, role: roleLabel(change.from) });
      after.set(key, { email: after.get(key)?.email ?? change.email, role: change.to });
      break;
    case 'set_workspace_role':
      if (!before.has(key) && change.from !== null) before.set(key, { email: change.email, role: change.from });
      after.set(key, { email: after.get(key)?.email ?? change.email, role: change.to });
      break;
    case 'remove_workspace_user':
      if (!before.has(key)) before.set(key, { email: change.email, role: change.from });
      after.delete(key);
      break;
    default:
      assertNever(change, 'change action');
  }
}

function scopePatch(path: string, live: Roster, changes: readonly Change[]): string {
  const before: Roster = new Map(live);
  const after: Roster = new Map(live);
  for (const change of changes) apply(change, before, after);
  return createTwoFilesPatch(
    `a/${printable(path)}`,
    `b/${printable(path)}`,
    listing(before),
    listing(after),
    undefined,
    undefined,
    {
      headerOptions: FILE_HEADERS_ONLY,
    },
  );
}

function accountRoster(account: LiveAccount | undefined): Roster {
  const roster: Roster = new Map();
  for (const { user, role } of account?.users ?? [])
    roster.set(keyOf(user.id, user.email), { email: user.email, role: roleLabel(role) });
  return roster;
}

function workspaceRoster(account: LiveAccount | undefined, workspaceId: string): Roster {
  const roster: Roster = new Map();
  const workspace = account?.workspaces.find((w) => w.id === workspaceId);
  for (const { user, role } of workspace?.members ?? [])
    roster.set(keyOf(user.id, user.email), { email: user.email, role });
  return roster;
}

/**
 * Paths are `<account>/account` and `<account>/workspaces/<workspace>`; a workspace name that
 * appears twice in one account gets its id appended. With `live`, every member of a changed scope
 * is listed and the diff shows three lines of context; without it, only the changed users.
 */
export function renderRoleDiff(plan: Plan, live?: LiveState, context: RenderContext = {}): string {
  const patches: string[] = [];
  for (const account of groupChanges(plan.changes, context)) {
    const liveAccount = live?.accounts.find((a) => a.id === account.id);
    const accountName = account.name ?? liveAccount?.displayName ?? account.id;
    if (account.items.length > 0)
      patches.push(scopePatch(`${accountName}/account`, accountRoster(liveAccount), account.items));
    const seen = new Map<string, number>();
    for (const ws of account.workspaces) seen.set(ws.name, (seen.get(ws.name) ?? 0) + 1);
    for (const ws of account.workspaces) {
      const name = (seen.get(ws.name) ?? 0) > 1 ? `${ws.name} (${ws.id})` : ws.name;
      patches.push(scopePatch(`${accountName}/workspaces/${name}`, workspaceRoster(liveAccount, ws.id), ws.items));
    }
  }
  return patches.join('');
}
