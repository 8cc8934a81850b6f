// Drift: each place where live state no longer matches the manifest, and what apply would do about
// it. Derived from the plan (one entry per change), so drift and plan can never disagree.
import type { AccountRole, SettableAccountRole, WorkspaceRole } from '../roles.js';
import type { Change, Plan } from '../plan/types.js';

/**
 * - `account_role_differs`: a listed user's account role differs; apply would set the manifest's.
 * - `unlisted_admin`: an account admin the authoritative account does not list; apply would demote to member.
 * - `missing_member`: the manifest lists a user the workspace lacks; apply would add them.
 * - `role_differs`: a workspace role differs; apply would set the manifest's.
 * - `unmanaged_member`: a member an authoritative workspace does not list; apply would remove them.
 */
export type DriftKind = 'account_role_differs' | 'unlisted_admin' | 'missing_member' | 'role_differs' | 'unmanaged_member';

export interface DriftEntry {
  kind: DriftKind;
  account_id: string;
  workspace_id?: string;
  workspace_name?: string;
  email: string;
  user_id: string;
  /** The role Frame.io has now; null: not a member of the workspace. */
  live: AccountRole | WorkspaceRole | null;
  /** The role the manifest gives; null: the manifest does not list the user. */
  desired: SettableAccountRole | WorkspaceRole | null;
  /** The change apply would make: the plan's action and its `to`. */
  action: Change['action'];
  to: SettableAccountRole | WorkspaceRole | null;
  message: string;
}

export interface DriftReport {
  /** True when live state matches the manifest (notes and policy aside). */
  in_sync: boolean;
  drift: DriftEntry[];
  plan: Plan;
}
