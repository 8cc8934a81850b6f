// The scopes rolesync manages, one table entry each: roles and rank, the checks each grant goes
// through and in which order, the sentence of each note, the changes written and what they cost.
// A new scope (a Frame.io group's members or grants) is a new entry in a file of its own
// (scope-account.ts, scope-workspace.ts, scope-project.ts; their shared words in scope-words.ts),
// registered here; `diffScope` is not edited for it.
import type { WriteClass } from '../api/index.js';
import type { Action } from './types.js';
import { ACCOUNT_SCOPE } from './scope-account.js';
import { PROJECT_SCOPE, PROJECT_SETTING_WRITES } from './scope-project.js';
import { WORKSPACE_SCOPE } from './scope-workspace.js';

/**
 * The Frame.io group changes' write classes. Foundation for #13: the group membership and group
 * grant scope entries take these over when they are registered.
 */
const GROUP_WRITES = {
  create_frameio_group: 'group_create',
  add_frameio_group_member: 'group_member_add',
  remove_frameio_group_member: 'group_member_remove',
  set_workspace_group_role: 'workspace_group_patch',
  remove_workspace_group: 'workspace_group_delete',
  set_project_group_role: 'project_group_patch',
  remove_project_group: 'project_group_delete',
} as const satisfies Readonly<Record<string, WriteClass>>;

export { ACCOUNT_SCOPE } from './scope-account.js';
export { isAccountRow, WORKSPACE_SCOPE } from './scope-workspace.js';
export {
  diffProjectSettings,
  PROJECT_HIDES_LISTED,
  PROJECT_SCOPE,
  PROJECT_SETTING_WRITES,
  projectViews,
  type ProjectView,
} from './scope-project.js';

export const SCOPES = { account: ACCOUNT_SCOPE, workspace: WORKSPACE_SCOPE, project: PROJECT_SCOPE } as const;
export type ScopeKind = keyof typeof SCOPES;

/**
 * The endpoint class each change action writes through, gathered from the table: the one change ->
 * write mapping (the estimate, progress and apply read it). A scope that leaves an action out fails
 * to compile here.
 */
export const WRITE_CLASS_OF: Readonly<Record<Action, WriteClass>> = {
  ...ACCOUNT_SCOPE.writes,
  ...WORKSPACE_SCOPE.writes,
  ...PROJECT_SCOPE.writes,
  ...PROJECT_SETTING_WRITES,
  ...GROUP_WRITES,
};
