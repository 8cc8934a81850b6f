// Renders "who has which role" before and after the plan as a unified diff, one file per scope (a
// project's under its workspace's), for reviewers who read diffs. Without the live state only the
// changed users are listed.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { LiveAccount, LiveGroupGrant, LiveState } from '../live/types.js';
import type { AccountRole } from '../api/index.js';
import type { Change, Plan } from '../plan/types.js';
import { directGrants } from '../plan/inherit.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { CREATED_BY_PLAN, groupChanges, groupLabel, type RenderContext } from './group.js';
import { printable } from '../names.js';
import { assertNever } from '../never.js';
import { roleLabel } from './labels.js';

/**
 * One `email: role` line per user, keyed by user id (or email for users without one); a project's
 * settings (`restricted: true`) are lines of their own, listed first, then a scope's Frame.io group
 * grants (`group Post Team: editor`, keyed by group), then the users. A group's own file lists its
 * members as `email: member`.
 */
type Roster = Map<string, { email: string; role: string; rank: Rank }>;

/** The order of a scope's lines: settings, group grants, users. */
type Rank = 0 | 1 | 2;
const SETTING: Rank = 0;
const GROUP: Rank = 1;
const USER: Rank = 2;

const RESTRICTED = 'setting:restricted';

function keyOf(userId: string | null, email: string): string {
  return userId ?? `email:${normalizeEmail(email)}`;
}

/** A group grant's key: the group's id, or its name for a group this plan creates. */
function groupKey(groupId: string | null, name: string): string {
  return groupId === null ? `group:new:${name}` : `group:${groupId}`;
}

function listing(roster: Roster): string {
  const lines = [...roster.values()]
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        compareStrings(normalizeEmail(a.email), normalizeEmail(b.email)) ||
        compareStrings(a.role, b.role),
    )
    .map((entry) => printable(`${entry.email}: ${entry.role}`));
  return lines.map((line) => `${line}\n`).join('');
}

/** Sets (or with `role` null, takes away) a line of `after`, recording its `from` in `before` first. */
function move(
  key: string,
  line: { email: string; from: string | null; to: string | null; rank: Rank },
  before: Roster,
  after: Roster,
): void {
  if (!before.has(key) && line.from !== null) before.set(key, { email: line.email, role: line.from, rank: line.rank });
  if (line.to === null) after.delete(key);
  else after.set(key, { email: after.get(key)?.email ?? line.email, role: line.to, rank: line.rank });
}

// Applies one change to the before/after rosters. Without a live roster `before` starts empty, so
// the change's own `from` is what it lists there.
function apply(change: Change, before: Roster, after: Roster): void {
  switch (change.action) {
    case 'set_project_restricted':
      move(
        RESTRICTED,
        { email: 'restricted', from: String(change.from), to: String(change.to), rank: SETTING },
        before,
        after,
      );
      return;
    case 'create_frameio_group':
      // The group's file is new: its path says so, its lines are its members.
      return;
    case 'set_workspace_group_role':
    case 'remove_workspace_group':
    case 'set_project_group_role':
    case 'remove_project_group': {
      const email = `group ${groupLabel(change)}`;
      move(
        groupKey(change.group_id, change.group_name),
        { email, from: change.from, to: change.to, rank: GROUP },
        before,
        after,
      );
      return;
    }
    case 'set_account_role':
    case 'set_workspace_role':
    case 'remove_workspace_user':
    case 'set_project_role':
    case 'remove_project_user':
    case 'add_frameio_group_member':
    case 'remove_frameio_group_member': {
      const existing = [...before.entries()].find(
        ([, entry]) => entry.rank === USER && normalizeEmail(entry.email) === normalizeEmail(change.email),
      )?.[0];
      const key = before.has(change.user_id) ? change.user_id : (existing ?? change.user_id);
      // An account role the API listed as none is still a line: `(none)`.
      const from = change.action === 'set_account_role' ? roleLabel(change.from) : change.from;
      move(key, { email: change.email, from, to: change.to, rank: USER }, before, after);
      return;
    }
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
    roster.set(keyOf(user.id, user.email), { email: user.email, role: roleLabel(role), rank: USER });
  return roster;
}

/** A live Frame.io group's members, when they were read (none for a group this plan creates). */
function groupRoster(account: LiveAccount | undefined, groupId: string | null): Roster {
  const roster: Roster = new Map();
  const group = groupId === null ? undefined : account?.groups?.find((g) => g.id === groupId);
  for (const user of group?.members ?? [])
    roster.set(keyOf(user.id, user.email), { email: user.email, role: 'member', rank: USER });
  return roster;
}

/** A scope's live group grants, each named by its group's live name (its id when the listing has none). */
function addGroupGrants(roster: Roster, account: LiveAccount, grants: readonly LiveGroupGrant[] | undefined): void {
  for (const grant of grants ?? []) {
    const name = account.groups?.find((g) => g.id === grant.group_id)?.name ?? grant.group_id;
    roster.set(groupKey(grant.group_id, name), { email: `group ${name}`, role: grant.role, rank: GROUP });
  }
}

function workspaceRoster(account: LiveAccount | undefined, workspaceId: string): Roster {
  const roster: Roster = new Map();
  const workspace = account?.workspaces.find((w) => w.id === workspaceId);
  if (!account || !workspace) return roster;
  addGroupGrants(roster, account, workspace.groupGrants);
  for (const { user, role } of workspace.members ?? [])
    roster.set(keyOf(user.id, user.email), { email: user.email, role, rank: USER });
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
    roster.set(RESTRICTED, { email: 'restricted', role: String(project.restricted), rank: SETTING });
  }
  addGroupGrants(roster, account, project.groupGrants);
  const roles = accountRoles();
  const workspaceRows = new Map((workspace.members ?? []).map((m) => [m.user.id, m.role]));
  const grants = directGrants(
    project.members ?? [],
    project.restricted ?? false,
    (user) => (user.id === null ? null : (roles.get(user.id) ?? null)),
    (user) => (user.id === null ? null : (workspaceRows.get(user.id) ?? null)),
  );
  for (const { user, role } of grants) roster.set(keyOf(user.id, user.email), { email: user.email, role, rank: USER });
  return roster;
}

/**
 * A name that appears twice among its siblings gets its id appended; a Frame.io group this plan
 * creates (no id yet) says so.
 */
function uniqueNames<S extends { id: string | null; name: string }>(scopes: readonly S[]): (scope: S) => string {
  const seen = new Map<string, number>();
  for (const scope of scopes) seen.set(scope.name, (seen.get(scope.name) ?? 0) + 1);
  return (scope) => {
    if (scope.id === null) return `${scope.name} (${CREATED_BY_PLAN})`;
    return (seen.get(scope.name) ?? 0) > 1 ? `${scope.name} (${scope.id})` : scope.name;
  };
}

/**
 * Paths are `<account>/account`, `<account>/frameio-groups/<group>`, `<account>/workspaces/<workspace>`
 * and `<account>/workspaces/<workspace>/projects/<project>`; a group, a workspace (or a project within
 * its workspace) whose name appears twice gets its id appended. With `live`, every member of a changed
 * scope is listed and the diff shows three lines of context; without it, only the changed users.
 */
export function renderRoleDiff(plan: Plan, live?: LiveState, context: RenderContext = {}): string {
  const patches: string[] = [];
  for (const account of groupChanges(plan.changes, context)) {
    const liveAccount = live?.accounts.find((a) => a.id === account.id);
    const accountName = account.name ?? liveAccount?.displayName ?? account.id;
    if (account.items.length > 0)
      patches.push(scopePatch(`${accountName}/account`, accountRoster(liveAccount), account.items));
    const groupName = uniqueNames(account.groups);
    for (const group of account.groups) {
      const path = `${accountName}/frameio-groups/${groupName(group)}`;
      patches.push(scopePatch(path, groupRoster(liveAccount, group.id), group.items));
    }
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
