// Renders "who has which role" before and after the plan as a unified diff, one file per scope (a
// project's under its workspace's), for reviewers who read diffs. Without the live state only the
// changed users are listed.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { LiveAccount, LiveState } from '../live/types.js';
import type { AccountRole } from '../api/index.js';
import type { Change, Plan } from '../plan/types.js';
import { directGrants } from '../plan/inherit.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { groupChanges, type RenderContext } from './group.js';
import { printable } from '../names.js';
import { assertNever } from '../never.js';
import { roleLabel } from './labels.js';

/**
 * One `email: role` line per user, keyed by user id (or email for users without one); a project's
 * settings (`restricted: true`) are lines of their own, listed first.
 */
type Roster = Map<string, { email: string; role: string; setting?: true }>;

const RESTRICTED = 'setting:restricted';

function keyOf(userId: string | null, email: string): string {
  return userId ?? `email:${normalizeEmail(email)}`;
}

function listing(roster: Roster): string {
  const lines = [...roster.values()]
    .sort(
      (a, b) =>
        Number(a.setting === undefined) - Number(b.setting === undefined) ||
        compareStrings(normalizeEmail(a.email), normalizeEmail(b.email)) ||
        compareStrings(a.role, b.role),
    )
    .map((entry) => printable(`${entry.email}: ${entry.role}`));
  return lines.map((line) => `${line}\n`).join('');
}

// Applies one change to the before/after rosters. Without a live roster `before` starts empty, so
// the change's own `from` is what it lists there.
function apply(change: Change, before: Roster, after: Roster): void {
  if (change.action === 'set_project_restricted') {
    if (!before.has(RESTRICTED))
      before.set(RESTRICTED, { email: 'restricted', role: String(change.from), setting: true });
    after.set(RESTRICTED, { email: 'restricted', role: String(change.to), setting: true });
    return;
  }
  const existing = [...before.entries()].find(
    ([, entry]) => entry.setting === undefined && normalizeEmail(entry.email) === normalizeEmail(change.email),
  )?.[0];
  const key = before.has(change.user_id) ? change.user_id : (existing ?? change.user_id);
  switch (change.action) {
    case 'set_account_role':
      if (!before.has(key)) before.set(key, { email: change.email, role: roleLabel(change.from) });
      after.set(key, { email: after.get(key)?.email ?? change.email, role: change.to });
      break;
    case 'set_workspace_role':
    case 'set_project_role':
      if (!before.has(key) && change.from !== null) before.set(key, { email: change.email, role: change.from });
      after.set(key, { email: after.get(key)?.email ?? change.email, role: change.to });
      break;
    case 'remove_workspace_user':
    case 'remove_project_user':
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
 * A project's direct grants and `restricted`. Rows the user has from the workspace or the account are
 * left out as the planner leaves them out (plan/inherit.ts), so a listing that shows inherited access
 * and one that shows direct grants only give the same diff.
 */
function projectRoster(
  account: LiveAccount | undefined,
  accountRoles: () => ReadonlyMap<string | null, AccountRole | null>,
  workspaceId: string,
  projectId: string,
): Roster {
  const roster: Roster = new Map();
  const workspace = account?.workspaces.find((w) => w.id === workspaceId);
  const project = workspace?.projects?.find((p) => p.id === projectId);
  if (!account || !workspace || !project) return roster;
  if (project.restricted !== null) {
    roster.set(RESTRICTED, { email: 'restricted', role: String(project.restricted), setting: true });
  }
  const roles = accountRoles();
  const workspaceRows = new Map((workspace.members ?? []).map((m) => [m.user.id, m.role]));
  const grants = directGrants(
    project.members ?? [],
    project.restricted ?? false,
    (user) => (user.id === null ? null : (roles.get(user.id) ?? null)),
    (user) => (user.id === null ? null : (workspaceRows.get(user.id) ?? null)),
  );
  for (const { user, role } of grants) roster.set(keyOf(user.id, user.email), { email: user.email, role });
  return roster;
}

/** A name that appears twice among its siblings gets its id appended. */
function uniqueNames(scopes: readonly { id: string; name: string }[]): (scope: { id: string; name: string }) => string {
  const seen = new Map<string, number>();
  for (const scope of scopes) seen.set(scope.name, (seen.get(scope.name) ?? 0) + 1);
  return (scope) => ((seen.get(scope.name) ?? 0) > 1 ? `${scope.name} (${scope.id})` : scope.name);
}

/**
 * Paths are `<account>/account`, `<account>/workspaces/<workspace>` and
 * `<account>/workspaces/<workspace>/projects/<project>`; a workspace (or a project within its
 * workspace) whose name appears twice gets its id appended. With `live`, every member of a changed
 * scope is listed and the diff shows three lines of context; without it, only the changed users.
 */
export function renderRoleDiff(plan: Plan, live?: LiveState, context: RenderContext = {}): string {
  const patches: string[] = [];
  for (const account of groupChanges(plan.changes, context)) {
    const liveAccount = live?.accounts.find((a) => a.id === account.id);
    const accountName = account.name ?? liveAccount?.displayName ?? account.id;
    if (account.items.length > 0)
      patches.push(scopePatch(`${accountName}/account`, accountRoster(liveAccount), account.items));
    const workspaceName = uniqueNames(account.workspaces);
    // The account's roles by user id, built once per account and only when a project needs them.
    let roles: ReadonlyMap<string | null, AccountRole | null> | undefined;
    const accountRoles = () => {
      roles ??= new Map(liveAccount?.users.map((u) => [u.user.id, u.role]));
      return roles;
    };
    for (const ws of account.workspaces) {
      const path = `${accountName}/workspaces/${workspaceName(ws)}`;
      if (ws.items.length > 0) patches.push(scopePatch(path, workspaceRoster(liveAccount, ws.id), ws.items));
      const projectName = uniqueNames(ws.projects);
      for (const project of ws.projects) {
        const roster = projectRoster(liveAccount, accountRoles, ws.id, project.id);
        patches.push(scopePatch(`${path}/projects/${projectName(project)}`, roster, project.items));
      }
    }
  }
  return patches.join('');
}
