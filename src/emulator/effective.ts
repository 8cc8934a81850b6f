// Effective access: the role a user has on a workspace or project from every source at once — the
// account role (admins and the owner reach everything), direct grants and group grants, the highest
// winning, and a restricted project cutting off what the workspace gives (frameio-api-next.md §3.10;
// combining the sources is the reference's help-centre rule, its exact API behaviour [I]).
import { workspaceRoleRank, type GroupRole, type WorkspaceListRole, type WorkspaceRole } from '../api/index.js';
import type { AccountRecord, ProjectRecord, WorkspaceRecord } from './state.js';

function higher<T extends WorkspaceRole>(a: T | null, b: T | null): T | null {
  if (a === null) return b;
  if (b === null) return a;
  return workspaceRoleRank(b) > workspaceRoleRank(a) ? b : a;
}

/** The highest role `grants` (group id -> role) give through the groups the user is a member of. */
export function roleThroughGroups(
  account: AccountRecord,
  grants: ReadonlyMap<string, GroupRole>,
  email: string,
): GroupRole | null {
  let best: GroupRole | null = null;
  for (const [groupId, role] of grants) {
    if (account.groups.get(groupId)?.members.has(email)) best = higher(best, role);
  }
  return best;
}

/** Everyone a group grant of `grants` reaches. */
export function groupMembersOf(account: AccountRecord, grants: ReadonlyMap<string, GroupRole>): Set<string> {
  const out = new Set<string>();
  for (const groupId of grants.keys()) for (const email of account.groups.get(groupId)?.members ?? []) out.add(email);
  return out;
}

function accountWide(account: AccountRecord, email: string): 'owner' | 'admin' | null {
  const role = account.roles.get(email);
  return role === 'owner' || role === 'admin' ? role : null;
}

/** The user's role on the workspace from any source; null without access. */
export function effectiveWorkspaceRole(
  account: AccountRecord,
  ws: WorkspaceRecord,
  email: string,
): WorkspaceListRole | null {
  const wide = accountWide(account, email);
  if (wide) return wide;
  const row = ws.members.get(email) ?? null;
  const direct = row === 'admin' || row === 'owner' ? null : row;
  return higher<WorkspaceRole>(direct, roleThroughGroups(account, ws.groupGrants, email));
}

/** The user's role on the project from any source; null without access. */
export function effectiveProjectRole(
  account: AccountRecord,
  project: ProjectRecord,
  email: string,
): WorkspaceListRole | null {
  const wide = accountWide(account, email);
  if (wide) return wide;
  let best: WorkspaceRole | null = higher<WorkspaceRole>(
    project.grants.get(email) ?? null,
    roleThroughGroups(account, project.groupGrants, email),
  );
  const ws = account.workspaces.get(project.workspaceId);
  // A restricted project breaks the inheritance from its workspace.
  if (ws && !project.restricted) {
    const fromWorkspace = effectiveWorkspaceRole(account, ws, email);
    if (fromWorkspace !== 'admin' && fromWorkspace !== 'owner') best = higher(best, fromWorkspace);
  }
  return best;
}
