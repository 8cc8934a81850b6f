// The one place that decides the order of changes (and of notes). The order is lock-out safe: an
// apply interrupted at any point has granted before it took away, so it never leaves fewer admins
// or less access than the plan intends.
//
// Phases, in order:
//   0. account promotions  (set_account_role to a higher role, e.g. member -> admin)
//   1. workspace grants    (set_workspace_role: adds, from null, and upgrades)
//   2. workspace downgrades (set_workspace_role to a lower role)
//   3. workspace removals  (remove_workspace_user)
//   4. account demotions   (set_account_role to a lower role, e.g. admin -> member), last
// Within a phase: account id, then workspace name, then workspace id, then email, then user id
// (account changes have no workspace and sort as the empty name). Strings compare by code unit.
import { accountRoleRank, workspaceRoleRank } from '../api/index.js';
import { compareStrings } from '../compare.js';
import type { ScopeAt } from './scope.js';
import type { Change, PlanNote } from './types.js';

export type ChangePhase = 0 | 1 | 2 | 3 | 4;

export function changePhase(change: Change): ChangePhase {
  switch (change.action) {
    case 'set_account_role':
      return accountRoleRank(change.to) > accountRoleRank(change.from) ? 0 : 4;
    case 'set_workspace_role':
      return change.from === null || workspaceRoleRank(change.to) > workspaceRoleRank(change.from) ? 1 : 2;
    case 'remove_workspace_user':
      return 3;
  }
}

export function compareChanges(a: Change, b: Change): number {
  return (
    changePhase(a) - changePhase(b) ||
    compareStrings(a.account_id, b.account_id) ||
    compareStrings(workspaceName(a), workspaceName(b)) ||
    compareStrings(workspaceId(a), workspaceId(b)) ||
    compareStrings(a.email, b.email) ||
    compareStrings(a.user_id, b.user_id)
  );
}

/** A sorted copy; the input is left as it was. */
export function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort(compareChanges);
}

/** Notes read best grouped by account, then workspace (account-level first), then user. */
export function compareNotes(a: PlanNote, b: PlanNote): number {
  return (
    compareStrings(a.account_id, b.account_id) ||
    compareStrings(a.workspace_name ?? '', b.workspace_name ?? '') ||
    compareStrings(a.workspace_id ?? '', b.workspace_id ?? '') ||
    compareStrings(a.email ?? '', b.email ?? '') ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.message, b.message)
  );
}

export function sortNotes(notes: readonly PlanNote[]): PlanNote[] {
  return [...notes].sort(compareNotes);
}

/**
 * The order people see the scopes of one account in, plan and drift alike: the account itself, then
 * its workspaces by name regardless of case (`alpha` before `Beta`), then by name and id so the order
 * is total. Accounts are not compared here: they keep the order the plan's changes first name them.
 */
export function compareScopes(a: ScopeAt, b: ScopeAt): number {
  if (a.workspace_id === undefined || b.workspace_id === undefined) {
    return Number(a.workspace_id !== undefined) - Number(b.workspace_id !== undefined);
  }
  const x = a.workspace_name ?? '';
  const y = b.workspace_name ?? '';
  const byName = compareStrings(x.toLowerCase(), y.toLowerCase()) || compareStrings(x, y);
  return byName || compareStrings(a.workspace_id, b.workspace_id);
}

function workspaceName(change: Change): string {
  return change.action === 'set_account_role' ? '' : change.workspace_name;
}

function workspaceId(change: Change): string {
  return change.action === 'set_account_role' ? '' : change.workspace_id;
}
