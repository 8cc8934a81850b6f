// The one place that decides the order of changes (and of notes). The order is lock-out safe: an
// apply interrupted at any point has granted before it took away, so it never leaves fewer admins
// or less access than the plan intends.
//
// Phases, in order:
//   0. groups and account  (create_frameio_group first, then add_frameio_group_member, then
//      promotions           set_account_role to a higher role, e.g. member -> admin)
//   1. grants              (set_workspace_role, set_workspace_group_role, then set_project_role,
//                           set_project_group_role: adds, from null, and upgrades; set_project_restricted
//                           to false, which gives the workspace's members access)
//   2. downgrades          (set_workspace_role, set_project_role and the group roles to a lower role)
//   3. removals            (remove_workspace_user, remove_workspace_group, remove_project_user,
//                           remove_project_group, remove_frameio_group_member; set_project_restricted to
//                           true, which takes access from the project's workspace-only members, so it
//                           comes after every grant of the plan to that project)
//   4. account demotions   (set_account_role to a lower role, e.g. admin -> member), last
// Within a phase: the step of phase 0 (creates, member adds, promotions), account id, then workspace
// name, workspace id, then project name, project id (a workspace's own changes before its projects'),
// then a scope's setting and group changes before its users' role changes, then group name, group id,
// then email, then user id (account and group changes have no workspace and sort as the empty name).
// Strings compare by code unit.
import { accountRoleRank, workspaceRoleRank } from '../api/index.js';
import { compareStrings } from '../compare.js';
import { assertNever } from '../never.js';
import type { ScopeAt } from './scope.js';
import type { Change, PlanNote, UserChange } from './types.js';

export type ChangePhase = 0 | 1 | 2 | 3 | 4;

export function changePhase(change: Change): ChangePhase {
  switch (change.action) {
    case 'create_frameio_group':
    case 'add_frameio_group_member':
      return 0;
    case 'set_account_role':
      return accountRoleRank(change.to) > accountRoleRank(change.from) ? 0 : 4;
    case 'set_workspace_role':
    case 'set_project_role':
    case 'set_workspace_group_role':
    case 'set_project_group_role':
      return change.from === null || workspaceRoleRank(change.to) > workspaceRoleRank(change.from) ? 1 : 2;
    case 'remove_workspace_user':
    case 'remove_project_user':
    case 'remove_workspace_group':
    case 'remove_project_group':
    case 'remove_frameio_group_member':
      return 3;
    case 'set_project_restricted':
      return change.to ? 3 : 1;
    default:
      return assertNever(change, 'change');
  }
}

/** Phase 0 in steps: a group is created before its members are added, both before account promotions. */
function step(change: Change): number {
  if (change.action === 'create_frameio_group') return 0;
  return change.action === 'add_frameio_group_member' ? 1 : 2;
}

const USER_ACTIONS: ReadonlySet<Change['action']> = new Set<UserChange['action']>([
  'set_account_role',
  'set_workspace_role',
  'remove_workspace_user',
  'set_project_role',
  'remove_project_user',
]);

/** Whether a change writes one user's role in a scope (not a project setting, nor a Frame.io group change). */
export function isUserChange(change: Change): change is UserChange {
  return USER_ACTIONS.has(change.action);
}

export function compareChanges(a: Change, b: Change): number {
  return (
    changePhase(a) - changePhase(b) ||
    step(a) - step(b) ||
    compareStrings(a.account_id, b.account_id) ||
    compareStrings(workspaceName(a), workspaceName(b)) ||
    compareStrings(workspaceId(a), workspaceId(b)) ||
    compareStrings(projectName(a), projectName(b)) ||
    compareStrings(projectId(a), projectId(b)) ||
    Number(isUserChange(a)) - Number(isUserChange(b)) ||
    compareStrings(groupName(a), groupName(b)) ||
    compareStrings(groupId(a), groupId(b)) ||
    compareStrings(email(a), email(b)) ||
    compareStrings(userId(a), userId(b))
  );
}

/** A sorted copy; the input is left as it was. */
export function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort(compareChanges);
}

/**
 * Notes read best grouped by account, then workspace (account-level first), its projects, then group
 * (a group's own notes have no workspace), then user.
 */
export function compareNotes(a: PlanNote, b: PlanNote): number {
  return (
    compareStrings(a.account_id, b.account_id) ||
    compareStrings(a.workspace_name ?? '', b.workspace_name ?? '') ||
    compareStrings(a.workspace_id ?? '', b.workspace_id ?? '') ||
    compareStrings(a.project_name ?? '', b.project_name ?? '') ||
    compareStrings(a.project_id ?? '', b.project_id ?? '') ||
    compareStrings(a.group_name ?? '', b.group_name ?? '') ||
    compareStrings(a.group_id ?? '', b.group_id ?? '') ||
    compareStrings(a.email ?? '', b.email ?? '') ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.message, b.message)
  );
}

export function sortNotes(notes: readonly PlanNote[]): PlanNote[] {
  return [...notes].sort(compareNotes);
}

/** Where a change, note or drift entry is: a project is named under its workspace. */
export interface ScopePlace extends ScopeAt {
  project_id?: string;
  project_name?: string;
}

/**
 * The order people see the scopes of one account in, plan and drift alike: the account itself, then
 * its workspaces by name regardless of case (`alpha` before `Beta`), then by name and id so the order
 * is total; each workspace is followed by its projects, in the same order of names. Accounts are not
 * compared here: they keep the order the plan's changes first name them.
 */
export function compareScopes(a: ScopePlace, b: ScopePlace): number {
  if (a.workspace_id === undefined || b.workspace_id === undefined) {
    return Number(a.workspace_id !== undefined) - Number(b.workspace_id !== undefined);
  }
  const byWorkspace =
    compareNames(a.workspace_name, b.workspace_name) || compareStrings(a.workspace_id, b.workspace_id);
  if (byWorkspace !== 0) return byWorkspace;
  if (a.project_id === undefined || b.project_id === undefined) {
    return Number(a.project_id !== undefined) - Number(b.project_id !== undefined);
  }
  return compareNames(a.project_name, b.project_name) || compareStrings(a.project_id, b.project_id);
}

function compareNames(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return compareStrings(x.toLowerCase(), y.toLowerCase()) || compareStrings(x, y);
}

function workspaceName(change: Change): string {
  return 'workspace_name' in change ? change.workspace_name : '';
}

function workspaceId(change: Change): string {
  return 'workspace_id' in change ? change.workspace_id : '';
}

function groupName(change: Change): string {
  return 'group_name' in change ? change.group_name : '';
}

/** A group this plan creates has no id yet: it sorts as the empty id, by its name first. */
function groupId(change: Change): string {
  return 'group_id' in change ? (change.group_id ?? '') : '';
}

function email(change: Change): string {
  return 'email' in change ? change.email : '';
}

function userId(change: Change): string {
  return 'user_id' in change ? change.user_id : '';
}

function projectName(change: Change): string {
  return 'project_id' in change ? change.project_name : '';
}

function projectId(change: Change): string {
  return 'project_id' in change ? change.project_id : '';
}
