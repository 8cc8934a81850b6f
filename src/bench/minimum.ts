// The fewest calls a job can make, from the state it reads: every list costs ceil(rows / 100) pages
// at the largest page size (at least one page, even when empty), every change one write.
import type { EmulatorStateInput, SeedAccount, SeedProject, SeedWorkspace } from '../emulator/index.js';
import {
  MAX_GROUP_USER_IDS,
  WRITE_OPERATION,
  workspaceRoleRank,
  type Operation,
  type ProjectListRole,
} from '../api/index.js';
import { writeClassOf } from '../plan/estimate.js';
import type { Change } from '../plan/types.js';
import type { Counts } from './calls.js';

export const MAX_PAGE_SIZE = 100;

export function pagesFor(rows: number, pageSize = MAX_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(rows / pageSize));
}

function accountOf(state: EmulatorStateInput, accountId: string) {
  const account = state.accounts.find((a) => a.id === accountId);
  if (!account) throw new Error(`bench: no account ${accountId} in the state`);
  return account;
}

/** Workspace name -> the ids of the projects its manifest entry lists (and so reads in full). */
export type ListedProjects = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The rows a project's user listing has, by email, as the emulator lists them: its direct grants;
 * under `project_listing: inherited` also the account's admins and owner and (unless restricted)
 * the workspace's members, each once at their highest role.
 */
export function projectListing(
  state: EmulatorStateInput,
  account: SeedAccount,
  workspace: SeedWorkspace,
  project: SeedProject,
): Map<string, ProjectListRole> {
  const grants = Object.entries(project.users ?? {});
  if ((state.project_listing ?? 'direct') === 'direct') return new Map(grants);
  const rows = new Map<string, ProjectListRole>();
  for (const [email, role] of Object.entries(account.users ?? {}))
    if (role === 'owner' || role === 'admin') rows.set(email, role);
  if (!project.restricted)
    for (const [email, role] of Object.entries(workspace.users ?? {}))
      if (role !== 'admin' && role !== 'owner' && !rows.has(email)) rows.set(email, role);
  for (const [email, role] of grants) {
    const here = rows.get(email);
    if (here === 'admin' || here === 'owner') continue;
    if (here === undefined || workspaceRoleRank(role) > workspaceRoleRank(here)) rows.set(email, role);
  }
  return rows;
}

/**
 * A plan's reads: /v4/me, /v4/accounts when the manifest names the account, the account's users
 * (deactivated included), its workspace list, and the members of every managed workspace; for each
 * managed workspace whose entry lists projects, its project list and the users of each listed project.
 */
export function minimumPlanCalls(
  state: EmulatorStateInput,
  accountId: string,
  options: { namesAccount: boolean; managed?: ReadonlySet<string>; projects?: ListedProjects },
  pageSize = MAX_PAGE_SIZE,
): Counts {
  const account = accountOf(state, accountId);
  const workspaces = account.workspaces ?? [];
  const managed = workspaces.filter((w) => !options.managed || options.managed.has(w.name));
  const counts: Counts = {
    'users.show': 1,
    'account_user_roles.index': pagesFor(Object.keys(account.users ?? {}).length, pageSize),
    'workspaces.index': pagesFor(workspaces.length, pageSize),
    'workspace_user_roles.index': managed.reduce(
      (n, w) => n + pagesFor(Object.keys(w.users ?? {}).length, pageSize),
      0,
    ),
  };
  if (options.namesAccount) counts['accounts.index'] = pagesFor(state.accounts.length, pageSize);
  for (const ws of managed) {
    const listed = options.projects?.get(ws.name);
    if (!listed || listed.size === 0) continue;
    const projects = ws.projects ?? [];
    counts['projects.index'] = (counts['projects.index'] ?? 0) + pagesFor(projects.length, pageSize);
    for (const project of projects) {
      if (!listed.has(project.id)) continue;
      const rows = projectListing(state, account, ws, project).size;
      counts['project_user_roles.index'] = (counts['project_user_roles.index'] ?? 0) + pagesFor(rows, pageSize);
    }
  }
  return counts;
}

/** An apply's writes: one call per change, by endpoint; a group's member adds one call per 100. */
export function minimumWrites(changes: readonly Change[]): Counts {
  const counts: Counts = {};
  const adds = new Map<string, number>();
  for (const c of changes) {
    if (c.action === 'add_frameio_group_member') {
      const group = `${c.account_id}|${c.group_id ?? `new:${c.group_name}`}`;
      adds.set(group, (adds.get(group) ?? 0) + 1);
      continue;
    }
    const op = WRITE_OPERATION[writeClassOf(c)];
    counts[op] = (counts[op] ?? 0) + 1;
  }
  for (const n of adds.values())
    counts['group_users.add'] = (counts['group_users.add'] ?? 0) + Math.ceil(n / MAX_GROUP_USER_IDS);
  return counts;
}

/**
 * Precondition reads if each scope a change needs is read exactly once before its first write: an
 * account's users (account changes), a workspace's members (workspace changes), a project's
 * settings (`projects.show`: still there, still in its workspace, restricted or not) and users
 * (project user changes). A project user change also needs its workspace's members to tell a direct
 * grant from inherited access, when the user has a row in the project's listing to judge, the project
 * is not restricted (live or by this plan), and this plan does not set the user's workspace role.
 * The account users a grant checks membership against are the ones read for the token's role.
 */
export function minimumScopeReads(changes: readonly Change[], state: EmulatorStateInput): Counts {
  const counts: Counts = {};
  const seen = new Set<string>();
  const add = (key: string, op: Operation, pages: () => number): void => {
    if (seen.has(key)) return;
    seen.add(key);
    counts[op] = (counts[op] ?? 0) + pages();
  };
  const workspaceOf = (accountId: string, workspaceId: string) => {
    const ws = (accountOf(state, accountId).workspaces ?? []).find((w) => w.id === workspaceId);
    if (!ws) throw new Error(`bench: no workspace ${workspaceId} in the state`);
    return ws;
  };
  const workspacePages = (accountId: string, workspaceId: string) =>
    pagesFor(Object.keys(workspaceOf(accountId, workspaceId).users ?? {}).length);
  const planned = new Set<string>();
  const restrictedByPlan = new Set<string>();
  for (const c of changes) {
    if (c.action === 'set_workspace_role' || c.action === 'remove_workspace_user')
      planned.add(`${c.account_id}|${c.workspace_id}|${c.user_id}`);
    if (c.action === 'set_project_restricted' && c.to) restrictedByPlan.add(`${c.account_id}|${c.project_id}`);
  }
  for (const c of changes) {
    const account = accountOf(state, c.account_id);
    switch (c.action) {
      case 'set_account_role':
        add(`a|${c.account_id}`, 'account_user_roles.index', () => pagesFor(Object.keys(account.users ?? {}).length));
        break;
      case 'set_workspace_role':
      case 'remove_workspace_user':
        add(`w|${c.account_id}|${c.workspace_id}`, 'workspace_user_roles.index', () =>
          workspacePages(c.account_id, c.workspace_id),
        );
        break;
      case 'set_project_restricted':
        add(`s|${c.account_id}|${c.project_id}`, 'projects.show', () => 1);
        break;
      case 'set_project_role':
      case 'remove_project_user': {
        const ws = workspaceOf(c.account_id, c.workspace_id);
        const project = (ws.projects ?? []).find((p) => p.id === c.project_id);
        if (!project) throw new Error(`bench: no project ${c.project_id} in ${ws.name}`);
        const rows = projectListing(state, account, ws, project);
        add(`s|${c.account_id}|${c.project_id}`, 'projects.show', () => 1);
        add(`p|${c.account_id}|${c.project_id}`, 'project_user_roles.index', () => pagesFor(rows.size));
        const restricted = project.restricted === true || restrictedByPlan.has(`${c.account_id}|${c.project_id}`);
        const judged = rows.has(c.email) && !planned.has(`${c.account_id}|${c.workspace_id}|${c.user_id}`);
        if (judged && !restricted) {
          add(`w|${c.account_id}|${c.workspace_id}`, 'workspace_user_roles.index', () =>
            workspacePages(c.account_id, c.workspace_id),
          );
        }
        break;
      }
      case 'create_frameio_group':
        add(`g|${c.account_id}`, 'groups.index', () => pagesFor((account.groups ?? []).length));
        break;
      case 'add_frameio_group_member':
      case 'remove_frameio_group_member': {
        add(`g|${c.account_id}`, 'groups.index', () => pagesFor((account.groups ?? []).length));
        // A group this plan creates has no members to read.
        const group = c.group_id === null ? undefined : (account.groups ?? []).find((g) => g.id === c.group_id);
        if (group) {
          add(`m|${c.account_id}|${group.id}`, 'group_users.index', () => pagesFor((group.members ?? []).length));
        }
        break;
      }
      case 'set_workspace_group_role':
      case 'remove_workspace_group': {
        const ws = workspaceOf(c.account_id, c.workspace_id);
        add(`wg|${c.account_id}|${c.workspace_id}`, 'workspace_group_roles.index', () =>
          pagesFor(Object.keys(ws.groups ?? {}).length),
        );
        break;
      }
      case 'set_project_group_role':
      case 'remove_project_group': {
        const project = (workspaceOf(c.account_id, c.workspace_id).projects ?? []).find((p) => p.id === c.project_id);
        add(`s|${c.account_id}|${c.project_id}`, 'projects.show', () => 1);
        add(`pg|${c.account_id}|${c.project_id}`, 'project_group_roles.index', () =>
          pagesFor(Object.keys(project?.groups ?? {}).length),
        );
        break;
      }
    }
  }
  return counts;
}
