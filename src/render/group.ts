// Groups a plan's changes by scope (account, then workspace) in the one display order all renderers share.
import type { Change, RemoveWorkspaceUser, SetAccountRole, SetWorkspaceRole } from '../plan/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { assertNever } from '../never.js';

/** Names the plan does not carry (account display names come from the live state or the manifest). */
export interface RenderContext {
  /** account id -> display name; an account without one is shown by its id alone. */
  accountNames?: Readonly<Record<string, string>>;
}

export type ChangeKind = 'add' | 'change' | 'remove';
export type WorkspaceChange = SetWorkspaceRole | RemoveWorkspaceUser;

export interface WorkspaceGroup {
  id: string;
  name: string;
  changes: WorkspaceChange[];
}

export interface AccountGroup {
  id: string;
  name: string | null;
  changes: SetAccountRole[];
  workspaces: WorkspaceGroup[];
}

export function kindOf(change: Change): ChangeKind {
  switch (change.action) {
    case 'set_account_role':
      return 'change';
    case 'set_workspace_role':
      return change.from === null ? 'add' : 'change';
    case 'remove_workspace_user':
      return 'remove';
    default:
      return assertNever(change, 'change action');
  }
}

const KIND_ORDER: Record<ChangeKind, number> = { add: 0, change: 1, remove: 2 };

// Within a scope: additions, changes, removals, each by email, so a reviewer scans one kind at a time.
function compareChanges(a: Change, b: Change): number {
  return (
    KIND_ORDER[kindOf(a)] - KIND_ORDER[kindOf(b)] ||
    compareStrings(normalizeEmail(a.email), normalizeEmail(b.email)) ||
    compareStrings(a.user_id, b.user_id)
  );
}

/** Accounts in the plan's order (the planner's), workspaces by name then id, changes by kind then email. */
export function groupChanges(changes: readonly Change[], context: RenderContext = {}): AccountGroup[] {
  const accounts = new Map<string, AccountGroup>();
  const workspaces = new Map<string, WorkspaceGroup>();
  const accountOf = (id: string): AccountGroup => {
    let group = accounts.get(id);
    if (!group) {
      group = { id, name: context.accountNames?.[id] ?? null, changes: [], workspaces: [] };
      accounts.set(id, group);
    }
    return group;
  };
  for (const change of changes) {
    const account = accountOf(change.account_id);
    switch (change.action) {
      case 'set_account_role':
        account.changes.push(change);
        break;
      case 'set_workspace_role':
      case 'remove_workspace_user': {
        const key = `${change.account_id}\u0000${change.workspace_id}`;
        let workspace = workspaces.get(key);
        if (!workspace) {
          workspace = { id: change.workspace_id, name: change.workspace_name, changes: [] };
          workspaces.set(key, workspace);
          account.workspaces.push(workspace);
        }
        workspace.changes.push(change);
        break;
      }
      default:
        assertNever(change, 'change action');
    }
  }
  for (const account of accounts.values()) {
    account.changes.sort(compareChanges);
    account.workspaces.sort((a, b) => compareStrings(a.name.toLowerCase(), b.name.toLowerCase()) || compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
    for (const workspace of account.workspaces) workspace.changes.sort(compareChanges);
  }
  return [...accounts.values()];
}
