// `export --infer-groups`: people with exactly the same roles in the same workspaces (at least two
// workspaces, at least two people) become a group. Each person joins at most one group and the
// group carries exactly their roles, so planning the result still gives no changes. Pure.
import { compareStrings } from '../compare.js';
import type { ExportGroup, ExportModel } from './types.js';

export const MIN_GROUP_WORKSPACES = 2;
export const MIN_GROUP_MEMBERS = 2;
// Past this a name made of workspace slugs stops helping a reader.
const MAX_NAME = 64;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'workspace'
  );
}

export function inferGroups(model: ExportModel): ExportModel {
  // Invited and deactivated people keep their direct lines, where their remark stays visible.
  const signatures = new Map<string, { index: number; role: string }[]>();
  model.workspaces.forEach((ws, index) => {
    for (const line of ws.users) {
      if (!line.listed || line.remark !== undefined) continue;
      signatures.set(line.email, [...(signatures.get(line.email) ?? []), { index, role: line.role }]);
    }
  });
  const bySignature = new Map<string, string[]>();
  for (const [email, roles] of signatures) {
    if (roles.length < MIN_GROUP_WORKSPACES) continue;
    const key = roles.map((r) => `${r.index}:${r.role}`).join(',');
    bySignature.set(key, [...(bySignature.get(key) ?? []), email]);
  }

  const taken = new Set<string>();
  const groups: (ExportGroup & { roles: { index: number; role: string }[] })[] = [];
  const candidates = [...bySignature.entries()]
    .filter(([, emails]) => emails.length >= MIN_GROUP_MEMBERS)
    .map(([key, emails]) => ({ roles: signatures.get(emails[0]!)!, emails: emails.sort(compareStrings), key }))
    .sort((a, b) => compareStrings(a.key, b.key));
  for (const c of candidates) {
    const shares = c.roles.map((r) => ({ workspace: model.workspaces[r.index]!.name, role: r.role }));
    let base = shares.map((s) => `${slug(s.workspace)}-${s.role.replace(/_/g, '-')}`).join('.');
    if (base.length > MAX_NAME) base = 'shared-roles';
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
    taken.add(name);
    groups.push({ name, members: c.emails, shares, roles: c.roles });
  }

  const grouped = new Map<string, string>();
  for (const g of groups) for (const email of g.members) grouped.set(email, g.name);
  const workspaces = model.workspaces.map((ws, index) => ({
    ...ws,
    users: ws.users.filter((line) => !(line.listed && grouped.has(line.email))),
    groups: groups
      .flatMap((g) => g.roles.filter((r) => r.index === index).map((r) => ({ group: g.name, role: r.role })))
      .sort((a, b) => compareStrings(a.group, b.group)),
  }));
  return {
    ...model,
    groups: groups
      .map(({ name, members, shares }) => ({ name, members, shares }))
      .sort((a, b) => compareStrings(a.name, b.name)),
    workspaces,
  };
}
