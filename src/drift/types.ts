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
 * - `group_missing`: a Frame.io group the manifest declares with members is not in Frame.io; apply
 *   would create it (a `frame` group).
 * - `group_member_missing`: the manifest lists a member a Frame.io group lacks (or the group is
 *   missing too); apply would add them.
 * - `unmanaged_group_member`: a member an authoritative Frame.io group does not list; apply would
 *   take them out of the group.
 * - `group_grant_missing`: the manifest gives a Frame.io group a role on a workspace or project
 *   where it has none; apply would grant it.
 * - `group_role_differs`: a Frame.io group's role on a workspace or project differs; apply would
 *   set the manifest's.
 * - `unmanaged_group_grant`: a group grant an authoritative workspace or project does not list;
 *   apply would take the grant away (the group itself stays).
 * - `expired`: a grant the manifest gives has ended (`expires:`) and is still live; apply would take
 *   it away (remove the user or the group's grant, demote the admin to member), whatever the mode.
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
  | 'group_missing'
  | 'group_member_missing'
  | 'unmanaged_group_member'
  | 'group_grant_missing'
  | 'group_role_differs'
  | 'unmanaged_group_grant'
  | 'expired'
  | 'held';

/** The plan notes that stand for a difference a guard holds back (a `held` entry each). */
export type GuardNoteKind = HeldNoteKind;

/**
 * A role; for `setting_differs`, the value of the setting; for a Frame.io group's membership,
 * `member`; for `group_missing`, `frame` (the source of a group rolesync creates).
 */
export type DriftValue = AccountRole | WorkspaceRole | boolean | 'member' | 'frame';

export interface DriftEntry {
  kind: DriftKind;
  account_id: string;
  workspace_id?: string;
  workspace_name?: string;
  /** The project the entry is about, under its workspace. */
  project_id?: string;
  project_name?: string;
  /**
   * The Frame.io group the entry is about: its membership (no workspace), or its grant on the
   * workspace or project. `group_id` null: the group does not exist yet (apply creates it).
   */
  group_id?: string | null;
  group_name?: string;
  /** The user; absent for `setting_differs` and the group kinds that name no user (group, grant). */
  email?: string;
  /** null only for a `held` entry about an invited user (no Frame.io account yet); absent for a setting. */
  user_id?: string | null;
  /** `setting_differs` only: the project setting that differs. */
  setting?: 'restricted';
  /**
   * The role (or setting) Frame.io has now; null: not a member of the workspace (no direct project
   * grant, not in the group, no group grant, no group).
   */
  live: DriftValue | null;
  /** The role (or setting) the manifest gives; null: the manifest does not list the user (or group grant). */
  desired: DriftValue | null;
  /** The change apply would make: the plan's action and its `to`; both null for `held` (no change). */
  action: Change['action'] | null;
  to: DriftValue | null;
  /** `expired` only: why apply would take the grant away, and the manifest's `expires` that has passed. */
  reason?: 'expired';
  expires?: string;
  /** `held` only: the guard that holds the difference back, as the plan note's kind. */
  held_by?: GuardNoteKind;
  message: string;
  /**
   * Who last changed this in Frame.io, from the account's audit log (src/drift/attribution.ts): the
   * latest event about the entry's user, group or project in its scope. null: none found, or the log
   * could not be read (`attribution_reason` says which). Absent: not looked up (`--no-attribution`).
   */
  attribution?: Attribution | null;
  /** Why `attribution` is null, in words. */
  attribution_reason?: string;
}

/** An audit-log event that explains a drift entry. */
export interface Attribution {
  /** The actor's Frame.io user id; null when the event names none. */
  user_id: string | null;
  /** The actor's email, when the audit log gives it. */
  email?: string;
  /** The event's `event_type`, e.g. `workspace_permissions_granted_to_user`. */
  event: string;
  /** The event's time, ISO 8601 UTC. */
  at: string;
}

export interface DriftReport {
  /** True when live state matches the manifest (differences held back by a guard count as drift). */
  in_sync: boolean;
  drift: DriftEntry[];
  plan: Plan;
}
