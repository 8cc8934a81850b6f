// Frame.io's role vocabulary, spelled as the API spells it, and the rank order rolesync compares by.
// The enums are those of the official V4 OpenAPI document (test/fixtures/openapi/frameio-v4-openapi.json);
// the comments copy what Frame.io documents of their meaning.

/**
 * Account roles as the API lists them (`AccountUserRole.role`, nullable there), highest first.
 * `owner`: full access to every workspace and project, one per account. `admin`: full access to all
 * workspaces, projects and restricted projects. `member`: access decided per workspace and project.
 * `reviewer`: access through share links only, created when a user is added to a secure share.
 */
export const ACCOUNT_ROLES = ['owner', 'admin', 'member', 'reviewer'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/**
 * The account roles a manifest may set: the account-role PATCH body accepts only these (its
 * `AccountRoleData.role` enum, in the newer official document); owner and reviewer cannot be set.
 */
export const SETTABLE_ACCOUNT_ROLES = ['admin', 'member'] as const;
export type SettableAccountRole = (typeof SETTABLE_ACCOUNT_ROLES)[number];

/**
 * Workspace roles a manifest may set, highest first (the PATCH body's `WorkspaceRole` enum). One
 * applies to every existing and future project of the workspace. Frame.io's guide lists all but
 * `workspace_admin`; the document's enum has it.
 */
export const WORKSPACE_ROLES = [
  'workspace_admin',
  'full_access',
  'editor',
  'edit_only',
  'commenter',
  'viewer',
] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/**
 * Roles that appear in a workspace listing (`WorkspaceUserRole.role`). `admin` and `owner` rows are
 * account admins and the owner, whose access comes from the account role: rolesync reports them,
 * never writes them.
 */
export const WORKSPACE_LIST_ROLES = [...WORKSPACE_ROLES, 'admin', 'owner'] as const;
export type WorkspaceListRole = (typeof WORKSPACE_LIST_ROLES)[number];

/**
 * Project roles a manifest may set, highest first: the project PATCH body's enum
 * (`UpdateUserRolesParams.role`). A project cannot be given `workspace_admin`.
 */
export const PROJECT_ROLES = ['full_access', 'editor', 'edit_only', 'commenter', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/**
 * Roles that appear in a project listing (`UserRole.role`): the project roles, and `workspace_admin`,
 * `admin` and `owner`, which only the workspace or the account can give (a listing that shows them
 * shows inherited access).
 */
export const PROJECT_LIST_ROLES = WORKSPACE_LIST_ROLES;
export type ProjectListRole = WorkspaceListRole;

/** Whether `value` is one of `values`: the guard behind every vocabulary check of src/api. */
export function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

export function isAccountRole(value: unknown): value is AccountRole {
  return oneOf(ACCOUNT_ROLES, value);
}

export function isSettableAccountRole(value: unknown): value is SettableAccountRole {
  return oneOf(SETTABLE_ACCOUNT_ROLES, value);
}

export function isWorkspaceRole(value: unknown): value is WorkspaceRole {
  return oneOf(WORKSPACE_ROLES, value);
}

export function isWorkspaceListRole(value: unknown): value is WorkspaceListRole {
  return oneOf(WORKSPACE_LIST_ROLES, value);
}

export function isProjectRole(value: unknown): value is ProjectRole {
  return oneOf(PROJECT_ROLES, value);
}

export function isProjectListRole(value: unknown): value is ProjectListRole {
  return oneOf(PROJECT_LIST_ROLES, value);
}

/**
 * Rank of a workspace role: higher is more access. `viewer` is 1, `workspace_admin` 6. A project role
 * is a workspace role too: one scale compares a project grant with what the workspace gives.
 */
export function workspaceRoleRank(role: WorkspaceRole): number {
  return WORKSPACE_ROLES.length - WORKSPACE_ROLES.indexOf(role);
}

/** Rank of an account role for lock-out ordering: owner 4 > admin 3 > member 2 > reviewer 1 > none 0. */
export function accountRoleRank(role: AccountRole | null): number {
  return role === null ? 0 : ACCOUNT_ROLES.length - ACCOUNT_ROLES.indexOf(role);
}
