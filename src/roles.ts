// Frame.io's role vocabulary, spelled as the API spells it, and the rank order rolesync compares by.

/** Account roles as the API lists them (`AccountUserRole.role`, nullable there). */
export type AccountRole = 'owner' | 'admin' | 'member' | 'reviewer';

/** The account roles a manifest may set: the account-role PATCH accepts only these. */
export const SETTABLE_ACCOUNT_ROLES = ['admin', 'member'] as const;
export type SettableAccountRole = (typeof SETTABLE_ACCOUNT_ROLES)[number];

/** Workspace roles a manifest may set, highest first (the PATCH body's `WorkspaceRole` enum). */
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
 * Roles that appear in a workspace listing. `admin` and `owner` rows are account admins and the
 * owner, whose access comes from the account role: rolesync reports them, never writes them.
 */
export type WorkspaceListRole = WorkspaceRole | 'admin' | 'owner';

export function isWorkspaceRole(value: unknown): value is WorkspaceRole {
  return typeof value === 'string' && (WORKSPACE_ROLES as readonly string[]).includes(value);
}

export function isSettableAccountRole(value: unknown): value is SettableAccountRole {
  return typeof value === 'string' && (SETTABLE_ACCOUNT_ROLES as readonly string[]).includes(value);
}

/** Rank of a workspace role: higher is more access. `viewer` is 1, `workspace_admin` 6. */
export function workspaceRoleRank(role: WorkspaceRole): number {
  return WORKSPACE_ROLES.length - WORKSPACE_ROLES.indexOf(role);
}

/** Rank of an account role for lock-out ordering: owner > admin > member > reviewer > none. */
export function accountRoleRank(role: AccountRole | null): number {
  switch (role) {
    case 'owner':
      return 4;
    case 'admin':
      return 3;
    case 'member':
      return 2;
    case 'reviewer':
      return 1;
    case null:
      return 0;
  }
}
