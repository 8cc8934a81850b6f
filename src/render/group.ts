// The one grouping every report shares: plan changes and drift entries by scope (each account, its
// own scope first, then its workspaces, each followed by its projects), in the one order of scopes
// (`compareScopes`).
import { compareScopes, isUserChange, type ScopePlace } from '../plan/order.js';
import type { Change } from '../plan/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { projectTitle } from '../names.js';
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

export interface AccountGroup<T> {
  id: string;
  /** The display name from the context; null: unknown, shown by id. */
  name: string | null;
  /** The items about the account itself (account roles). */
  items: T[];
  workspaces: WorkspaceGroup<T>[];
}

/** One scope as a report lists it: its heading and its items. */
export interface Scope<T> {
  kind: 'Account' | 'Workspace' | 'Project';
  id: string;
  /** A project's is `Workspace / Project`: a project is shown under the name of its workspace. */
  name: string | null;
  /** A workspace's account (its name, else its id) when the items span several accounts. */
  within?: string;
  items: T[];
}

/**
 * Accounts in the order the items first name them (give plan changes, or drift entries, in the
 * plan's order), workspaces and their projects by `compareScopes`, the items of a scope by `compare`
 * (else as given).
 */
export function groupByScope<T extends ScopePlace>(
  items: readonly T[],
  context: RenderContext = {},
  compare?: (a: T, b: T) => number,
): AccountGroup<T>[] {
  const accounts = new Map<string, AccountGroup<T>>();
  const workspaces = new Map<string, WorkspaceGroup<T>>();
  const projects = new Map<string, ProjectGroup<T>>();
  for (const item of items) {
    let account = accounts.get(item.account_id);
    if (!account) {
      const name = context.accountNames?.[item.account_id] ?? null;
      account = { id: item.account_id, name, items: [], workspaces: [] };
      accounts.set(item.account_id, account);
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
    account.workspaces.sort((a, b) => compareScopes(at(account, a), at(account, b)));
    for (const workspace of account.workspaces) {
      workspace.projects.sort((a, b) => compareScopes(at(account, workspace, a), at(account, workspace, b)));
    }
    if (compare) {
      account.items.sort(compare);
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
 * The groups as one list of scopes: each account with items of its own, then its workspaces, each
 * (when it has items of its own) followed by its projects.
 */
export function scopeList<T>(accounts: readonly AccountGroup<T>[]): Scope<T>[] {
  const scopes: Scope<T>[] = [];
  for (const account of accounts) {
    const { id, name, items } = account;
    if (items.length > 0) scopes.push({ kind: 'Account', id, name, items });
    const within = accounts.length > 1 ? { within: name ?? id } : {};
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
    case 'set_workspace_role':
    case 'set_project_role':
      return change.from === null ? 'add' : 'change';
    case 'remove_workspace_user':
    case 'remove_project_user':
      return 'remove';
    default:
      return assertNever(change, 'change action');
  }
}

const KIND_ORDER: Record<ChangeKind, number> = { add: 0, change: 1, remove: 2 };

// A plan's changes within a scope: a project's setting first (it concerns everyone in the project),
// then additions, changes, removals, each by email (one kind at a time).
function compareChanges(a: Change, b: Change): number {
  return (
    Number(isUserChange(a)) - Number(isUserChange(b)) ||
    KIND_ORDER[kindOf(a)] - KIND_ORDER[kindOf(b)] ||
    compareStrings(emailOf(a), emailOf(b)) ||
    compareStrings(isUserChange(a) ? a.user_id : '', isUserChange(b) ? b.user_id : '')
  );
}

function emailOf(change: Change): string {
  return isUserChange(change) ? normalizeEmail(change.email) : '';
}

/** A plan's changes by scope, in the order every plan renderer shows them. */
export function groupChanges(changes: readonly Change[], context: RenderContext = {}): AccountGroup<Change>[] {
  return groupByScope(changes, context, compareChanges);
}
