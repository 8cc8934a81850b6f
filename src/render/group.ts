// The one grouping every report shares: plan changes and drift entries by scope (each account, its
// own scope first, then its Frame.io groups' membership, then its workspaces, each followed by its
// projects), in the one order of scopes (`compareScopes`).
import { compareScopes, type ScopePlace } from '../plan/order.js';
import type { Change } from '../plan/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { printable, projectTitle, scopeLabel } from '../names.js';
import { assertNever } from '../never.js';

/** Names the plan does not carry (account display names come from the live state or the manifest). */
export interface RenderContext {
  /** account id -> display name; an account without one is shown by its id alone. */
  accountNames?: Readonly<Record<string, string>>;
}

export interface ProjectGroup<T> {
  id: string;
  name: string;
  items: T[];
}

export interface WorkspaceGroup<T> {
  id: string;
  name: string;
  /** The items about the workspace itself; empty when only its projects have any. */
  items: T[];
  projects: ProjectGroup<T>[];
}

/** A Frame.io group's own items (its creation, its members); `id` null: the plan creates the group. */
export interface FrameioGroupItems<T> {
  id: string | null;
  name: string;
  items: T[];
}

export interface AccountGroup<T> {
  id: string;
  /** The display name from the context; null: unknown, shown by id. */
  name: string | null;
  /** The items about the account itself (account roles). */
  items: T[];
  /** The items about a Frame.io group's membership, by group name. */
  groups: FrameioGroupItems<T>[];
  workspaces: WorkspaceGroup<T>[];
}

/**
 * Where an item is: a scope, or a Frame.io group (an item with a `group_name` and no workspace is
 * about the group itself; one with a workspace is a group's grant there, listed in that scope).
 */
export interface Place extends ScopePlace {
  group_id?: string | null;
  group_name?: string;
}

/** One scope as a report lists it: its heading and its items. */
export interface Scope<T> {
  kind: 'Account' | 'Frame.io group' | 'Workspace' | 'Project';
  /** A Frame.io group this plan creates has no id yet: `new:` and its name, and `created`. */
  id: string;
  /** A Frame.io group this plan creates. */
  created?: true;
  /** A project's is `Workspace / Project`: a project is shown under the name of its workspace. */
  name: string | null;
  /** A workspace's account (its name, else its id) when the items span several accounts. */
  within?: string;
  items: T[];
}

/** The words after a group's name when it has no id yet. */
export const CREATED_BY_PLAN = 'created by this plan';

/** `Workspace Marketing (8897…)`, `Frame.io group Post Team (created by this plan)`: a scope's heading in text. */
export function scopeHeading(scope: Scope<unknown>): string {
  const label = scope.created
    ? printable(`${scope.name ?? ''} (${CREATED_BY_PLAN})`)
    : scopeLabel(scope.id, scope.name);
  return `${scope.kind} ${label}`;
}

/** A Frame.io group as a change names it: `Post Team`, or `Post Team (created by this plan)`. */
export function groupLabel(change: { group_id: string | null; group_name: string }): string {
  return change.group_id === null ? `${change.group_name} (${CREATED_BY_PLAN})` : change.group_name;
}

/**
 * Accounts in the order the items first name them (give plan changes, or drift entries, in the
 * plan's order), workspaces and their projects by `compareScopes`, the items of a scope by `compare`
 * (else as given). With `frameioGroups`, the items about a group itself are a scope of their own
 * (a plan's changes); else they are the account's.
 */
export function groupByScope<T extends Place>(
  items: readonly T[],
  context: RenderContext = {},
  compare?: (a: T, b: T) => number,
  frameioGroups = false,
): AccountGroup<T>[] {
  const accounts = new Map<string, AccountGroup<T>>();
  const groups = new Map<string, FrameioGroupItems<T>>();
  const workspaces = new Map<string, WorkspaceGroup<T>>();
  const projects = new Map<string, ProjectGroup<T>>();
  for (const item of items) {
    let account = accounts.get(item.account_id);
    if (!account) {
      const name = context.accountNames?.[item.account_id] ?? null;
      account = { id: item.account_id, name, items: [], groups: [], workspaces: [] };
      accounts.set(item.account_id, account);
    }
    if (frameioGroups && item.workspace_id === undefined && item.group_name !== undefined) {
      const id = item.group_id ?? null;
      // A group the plan creates has no id: its name is what its changes share.
      const key = `${item.account_id}\u0000${id === null ? `new:${item.group_name}` : id}`;
      let group = groups.get(key);
      if (!group) {
        group = { id, name: item.group_name, items: [] };
        groups.set(key, group);
        account.groups.push(group);
      }
      group.items.push(item);
      continue;
    }
    if (item.workspace_id === undefined) {
      account.items.push(item);
      continue;
    }
    const key = `${item.account_id}\u0000${item.workspace_id}`;
    let workspace = workspaces.get(key);
    if (!workspace) {
      workspace = { id: item.workspace_id, name: item.workspace_name ?? '', items: [], projects: [] };
      workspaces.set(key, workspace);
      account.workspaces.push(workspace);
    }
    if (item.project_id === undefined) {
      workspace.items.push(item);
      continue;
    }
    const projectKey = `${key}\u0000${item.project_id}`;
    let project = projects.get(projectKey);
    if (!project) {
      project = { id: item.project_id, name: item.project_name ?? '', items: [] };
      projects.set(projectKey, project);
      workspace.projects.push(project);
    }
    project.items.push(item);
  }
  for (const account of accounts.values()) {
    account.groups.sort(
      (a, b) =>
        compareStrings(a.name.toLowerCase(), b.name.toLowerCase()) ||
        compareStrings(a.name, b.name) ||
        compareStrings(a.id ?? '', b.id ?? ''),
    );
    account.workspaces.sort((a, b) => compareScopes(at(account, a), at(account, b)));
    for (const workspace of account.workspaces) {
      workspace.projects.sort((a, b) => compareScopes(at(account, workspace, a), at(account, workspace, b)));
    }
    if (compare) {
      account.items.sort(compare);
      for (const group of account.groups) group.items.sort(compare);
      for (const workspace of account.workspaces) {
        workspace.items.sort(compare);
        for (const project of workspace.projects) project.items.sort(compare);
      }
    }
  }
  return [...accounts.values()];
}

function at(account: AccountGroup<unknown>, workspace: WorkspaceGroup<unknown>, project?: ProjectGroup<unknown>) {
  const place: ScopePlace = { account_id: account.id, workspace_id: workspace.id, workspace_name: workspace.name };
  if (project) {
    place.project_id = project.id;
    place.project_name = project.name;
  }
  return place;
}

/**
 * The groups as one list of scopes: each account with items of its own, then its Frame.io groups,
 * then its workspaces, each (when it has items of its own) followed by its projects.
 */
export function scopeList<T>(accounts: readonly AccountGroup<T>[]): Scope<T>[] {
  const scopes: Scope<T>[] = [];
  for (const account of accounts) {
    const { id, name, items } = account;
    if (items.length > 0) scopes.push({ kind: 'Account', id, name, items });
    const within = accounts.length > 1 ? { within: name ?? id } : {};
    for (const group of account.groups) {
      const { name, items } = group;
      const id = group.id === null ? { id: `new:${name}`, created: true as const } : { id: group.id };
      scopes.push({ kind: 'Frame.io group', ...id, name, ...within, items });
    }
    for (const ws of account.workspaces) {
      if (ws.items.length > 0) scopes.push({ kind: 'Workspace', id: ws.id, name: ws.name, ...within, items: ws.items });
      for (const project of ws.projects) {
        const title = projectTitle(ws.name, project.name);
        scopes.push({ kind: 'Project', id: project.id, name: title, ...within, items: project.items });
      }
    }
  }
  return scopes;
}

export type ChangeKind = 'add' | 'change' | 'remove';

export function kindOf(change: Change): ChangeKind {
  switch (change.action) {
    case 'set_account_role':
    case 'set_project_restricted':
      return 'change';
    case 'create_frameio_group':
    case 'add_frameio_group_member':
      return 'add';
    case 'set_workspace_role':
    case 'set_project_role':
    case 'set_workspace_group_role':
    case 'set_project_group_role':
      return change.from === null ? 'add' : 'change';
    case 'remove_workspace_user':
    case 'remove_project_user':
    case 'remove_frameio_group_member':
    case 'remove_workspace_group':
    case 'remove_project_group':
      return 'remove';
    default:
      return assertNever(change, 'change action');
  }
}

const KIND_ORDER: Record<ChangeKind, number> = { add: 0, change: 1, remove: 2 };

/**
 * What a change's line is about, which orders the lines of a scope: a project's setting or a group's
 * creation (the scope itself) first, then group grants (each reaches many people), then users.
 */
function subjectRank(change: Change): number {
  switch (change.action) {
    case 'set_project_restricted':
    case 'create_frameio_group':
      return 0;
    case 'set_workspace_group_role':
    case 'remove_workspace_group':
    case 'set_project_group_role':
    case 'remove_project_group':
      return 1;
    default:
      return 2;
  }
}

// A plan's changes within a scope: the scope's own change first, group grants next, then users;
// within each, additions, changes, removals, each by name (one kind at a time).
function compareChanges(a: Change, b: Change): number {
  return (
    subjectRank(a) - subjectRank(b) ||
    KIND_ORDER[kindOf(a)] - KIND_ORDER[kindOf(b)] ||
    compareStrings(sortName(a), sortName(b)) ||
    compareStrings(sortId(a), sortId(b))
  );
}

/** A user change's email, a group grant's group name (lower-cased, as emails are compared). */
function sortName(change: Change): string {
  if ('email' in change) return normalizeEmail(change.email);
  if (subjectRank(change) === 1 && 'group_name' in change) return change.group_name.toLowerCase();
  return '';
}

function sortId(change: Change): string {
  if ('user_id' in change) return change.user_id;
  if (subjectRank(change) === 1 && 'group_name' in change) return change.group_id ?? `new:${change.group_name}`;
  return '';
}

/** A plan's changes by scope, in the order every plan renderer shows them. */
export function groupChanges(changes: readonly Change[], context: RenderContext = {}): AccountGroup<Change>[] {
  return groupByScope(changes, context, compareChanges, true);
}
