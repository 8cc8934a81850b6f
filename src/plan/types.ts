// The plan is data: a sorted, versioned list of changes discriminated on `action` (CONTRACT.md §4).
// Renderers and the applier switch on `action` exhaustively; the model never formats itself.
import type { AccountRole, SettableAccountRole, WorkspaceRole, WorkspaceListRole } from '../roles.js';

export interface SetAccountRole {
  action: 'set_account_role';
  account_id: string;
  user_id: string;
  email: string;
  /** The live role the change expects to find; apply skips the change as stale otherwise. */
  from: AccountRole | null;
  to: SettableAccountRole;
}

export interface SetWorkspaceRole {
  action: 'set_workspace_role';
  account_id: string;
  workspace_id: string;
  workspace_name: string;
  user_id: string;
  email: string;
  /** null: the user is added to the workspace. */
  from: WorkspaceRole | null;
  to: WorkspaceRole;
}

export interface RemoveWorkspaceUser {
  action: 'remove_workspace_user';
  account_id: string;
  workspace_id: string;
  workspace_name: string;
  user_id: string;
  email: string;
  from: WorkspaceRole;
  to: null;
}

export type Change = SetAccountRole | SetWorkspaceRole | RemoveWorkspaceUser;
export type Action = Change['action'];

/**
 * Something the plan reports but will not do: the owner, reviewers (share-link users, whose role
 * the API cannot change), account admins listed in a workspace,
 * invited users without an id, deactivated users, protected or self users it would have touched.
 */
export interface PlanNote {
  kind:
    | 'owner_untouchable'
    | 'reviewer_untouchable'
    | 'self_untouchable'
    | 'protected'
    | 'account_admin_in_workspace'
    | 'invited_no_id'
    | 'deactivated'
    | 'account_name_mismatch'
    | 'workspace_renamed';
  account_id: string;
  workspace_id?: string;
  workspace_name?: string;
  email?: string;
  /** The live role, when there is one. */
  role?: AccountRole | WorkspaceListRole | null;
  message: string;
}

/** Why the safety check refused the plan. Each violation names the numbers. */
export interface PolicyViolation {
  rule: 'max_removals' | 'min_admins' | 'empty_scope';
  account_id: string;
  workspace_id?: string;
  workspace_name?: string;
  message: string;
  /** Whether `--force` lifts this violation (only `max_removals`). */
  overridable: boolean;
}

export interface PolicyVerdict {
  ok: boolean;
  violations: PolicyViolation[];
}

/** API calls apply would make per endpoint class, and the least time the rate limits allow. */
export interface PlanEstimate {
  calls: { account_role_patch: number; workspace_role_patch: number; workspace_user_delete: number };
  /**
   * Seconds the rate limits hold the writes back when every bucket starts full: a class's first
   * `limit` calls go at once, the rest at its rate; the slowest class decides (classes run side by
   * side). Round trips are not counted.
   */
  min_seconds: number;
}

export interface PlanSummary {
  add: number;
  change: number;
  remove: number;
  total: number;
}

export interface Plan {
  format_version: 1;
  changes: Change[];
  summary: PlanSummary;
  notes: PlanNote[];
  policy: PolicyVerdict;
  estimate: PlanEstimate;
}
