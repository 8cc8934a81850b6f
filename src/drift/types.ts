// Drift: each place where live state no longer matches the manifest, and what apply would do about
// it. Derived from the plan (one entry per change, one per difference a guard holds back), so drift
// and plan can never disagree.
import type { AccountRole, WorkspaceRole } from '../api/index.js';
import type { Change, HeldNoteKind, Plan } from '../plan/types.js';

/**
 * - `account_role_differs`: a listed user's account role differs; apply would set the manifest's.
 * - `unlisted_admin`: an account admin the authoritative account does not list; apply would demote to member.
 * - `missing_member`: the manifest lists a user the workspace (or project: no direct grant) lacks;
 *   apply would add them.
 * - `role_differs`: a workspace role (or a direct project grant) differs; apply would set the manifest's.
 * - `unmanaged_member`: a member an authoritative workspace does not list, or a project-only
 *   collaborator an authoritative project does not list; apply would remove them.
 * - `setting_differs`: a project's `restricted` differs from the manifest's; apply would set it.
 * - `held`: live differs, but a guard (the owner, the token's own user, `policy.protected`) keeps
 *   apply from changing it; apply would do nothing. Still drift: the manifest does not hold.
 */
export type DriftKind =
  | 'account_role_differs'
  | 'unlisted_admin'
  | 'missing_member'
  | 'role_differs'
  | 'unmanaged_member'
  | 'setting_differs'
  | 'held';

/** The plan notes that stand for a difference a guard holds back (a `held` entry each). */
export type GuardNoteKind = HeldNoteKind;

/** A role or, for `setting_differs`, the value of the setting. */
export type DriftValue = AccountRole | WorkspaceRole | boolean;

export interface DriftEntry {
  kind: DriftKind;
  account_id: string;
  workspace_id?: string;
  workspace_name?: string;
  /** The project the entry is about, under its workspace. */
  project_id?: string;
  project_name?: string;
  /** The user; absent for `setting_differs`, which names its `setting` instead. */
  email?: string;
  /** null only for a `held` entry about an invited user (no Frame.io account yet); absent for a setting. */
  user_id?: string | null;
  /** `setting_differs` only: the project setting that differs. */
  setting?: 'restricted';
  /** The role (or setting) Frame.io has now; null: not a member of the workspace (no direct project grant). */
  live: DriftValue | null;
  /** The role (or setting) the manifest gives; null: the manifest does not list the user. */
  desired: DriftValue | null;
  /** The change apply would make: the plan's action and its `to`; both null for `held` (no change). */
  action: Change['action'] | null;
  to: DriftValue | null;
  /** `held` only: the guard that holds the difference back, as the plan note's kind. */
  held_by?: GuardNoteKind;
  message: string;
}

export interface DriftReport {
  /** True when live state matches the manifest (differences held back by a guard count as drift). */
  in_sync: boolean;
  drift: DriftEntry[];
  plan: Plan;
}
