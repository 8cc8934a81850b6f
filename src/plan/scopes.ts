// The scopes rolesync manages, one table entry each: roles and rank, the checks each grant goes
// through and in which order, the sentence of each note, the changes written and what they cost.
// A new scope is a new entry in a file of its own (scope-account.ts, scope-workspace.ts,
// scope-project.ts, scope-group-members.ts; their shared words in scope-words.ts), registered here;
// `diffScope` is not edited for it. What is not a user's grant has a diff of its own beside the
// table (a project's setting, a group's creation, group grants), and its write classes here too.
import type { WriteClass } from '../api/index.js';
import type { Action } from './types.js';
import { ACCOUNT_SCOPE } from './scope-account.js';
import { GROUP_GRANT_WRITES } from './scope-group-grants.js';
import { GROUP_CREATE_WRITES, GROUP_MEMBER_SCOPE } from './scope-group-members.js';
import { PROJECT_SCOPE, PROJECT_SETTING_WRITES } from './scope-project.js';
import { WORKSPACE_SCOPE } from './scope-workspace.js';

export { ACCOUNT_SCOPE } from './scope-account.js';
export { isAccountRow, WORKSPACE_SCOPE, type Workspaces } from './scope-workspace.js';
export { diffGroupGrants, GROUP_GRANT_WRITES } from './scope-group-grants.js';
export { createGroups, GROUP_CREATE_WRITES, GROUP_EMOJI, GROUP_MEMBER_SCOPE } from './scope-group-members.js';
export {
  diffProjectSettings,
  PROJECT_HIDES_LISTED,
  PROJECT_SCOPE,
  PROJECT_SETTING_WRITES,
  projectViews,
  type ProjectView,
} from './scope-project.js';

export const SCOPES = {
  account: ACCOUNT_SCOPE,
  groupMembers: GROUP_MEMBER_SCOPE,
  workspace: WORKSPACE_SCOPE,
  project: PROJECT_SCOPE,
} as const;
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
  ...GROUP_MEMBER_SCOPE.writes,
  ...GROUP_CREATE_WRITES,
  ...GROUP_GRANT_WRITES,
};
