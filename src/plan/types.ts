// The plan is data: a sorted, versioned list of changes discriminated on `action` (CONTRACT.md §4).
// Renderers and the applier switch on `action` exhaustively; the model never formats itself.
import type {
  AccountRole,
  GroupRole,
  ProjectRole,
  SettableAccountRole,
  WorkspaceRole,
  WorkspaceListRole,
  WriteClass,
} from '../api/index.js';

/**
 * A change that takes a grant away because it ended (`expires:` in the manifest, CONTRACT.md §1.3),
 * or lowers a role to what a running grant still gives:
 * `reason` says so and `expires` is the end as the manifest writes it. Absent on other changes.
 */
export interface ExpiredReason {
  reason?: 'expired';
  /** The manifest's `expires` of the grant that ended (its latest, when several ended). */
  expires?: string;
}

export interface SetAccountRole extends ExpiredReason {
  action: 'set_account_role';
  account_id: string;
  user_id: string;
  email: string;
  /** The live role the change expects to find; apply skips the change as stale otherwise. */
  from: AccountRole | null;
  to: SettableAccountRole;
}

export interface SetWorkspaceRole extends ExpiredReason {
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

export interface RemoveWorkspaceUser extends ExpiredReason {
  action: 'remove_workspace_user';
  account_id: string;
  workspace_id: string;
  workspace_name: string;
  user_id: string;
  email: string;
  from: WorkspaceRole;
  to: null;
}

/** A project grant is named by its workspace and its project (CONTRACT.md §4). */
interface ProjectAt {
  account_id: string;
  workspace_id: string;
  workspace_name: string;
  project_id: string;
  project_name: string;
}

/** A direct project grant: `from` null adds the user to the project (the PATCH is an upsert). */
export interface SetProjectRole extends ProjectAt, ExpiredReason {
  action: 'set_project_role';
  user_id: string;
  email: string;
  from: ProjectRole | null;
  to: ProjectRole;
}

/** Takes a direct project grant away (a project-only collaborator, `mode: authoritative`). */
export interface RemoveProjectUser extends ProjectAt, ExpiredReason {
  action: 'remove_project_user';
  user_id: string;
  email: string;
  from: ProjectRole;
  to: null;
}

/** The project's `restricted` setting: only invitees, the owner and account admins see a restricted project. */
export interface SetProjectRestricted extends ProjectAt {
  action: 'set_project_restricted';
  from: boolean;
  to: boolean;
}

/**
 * A Frame.io group a change names. `group_id` is null for a group this plan creates: apply takes the
 * id from the create's answer (a change on a group waits for its create).
 */
interface GroupAt {
  account_id: string;
  group_id: string | null;
  group_name: string;
}

/**
 * Creates a Frame.io group the manifest declares with members (a `frame` group: `source` is what
 * Frame.io gives a created group). `emoji` is the API's required icon, chosen by rolesync.
 */
export interface CreateFrameioGroup extends GroupAt {
  action: 'create_frameio_group';
  group_id: null;
  emoji: string;
  from: null;
  to: 'frame';
}

/** Adds an account user to a Frame.io group (`frame` groups only; apply batches these per group). */
export interface AddFrameioGroupMember extends GroupAt {
  action: 'add_frameio_group_member';
  user_id: string;
  email: string;
  from: null;
  to: 'member';
}

/** Takes a member out of a Frame.io group (`mode: authoritative` on the group). */
export interface RemoveFrameioGroupMember extends GroupAt, ExpiredReason {
  action: 'remove_frameio_group_member';
  group_id: string;
  user_id: string;
  email: string;
  from: 'member';
  to: null;
}

/**
 * A group's role on a workspace: `from` null assigns the group (the PATCH is an upsert). `from` is
 * read as a workspace role: the group role enum is undocumented, so a live `workspace_admin` is kept.
 */
export interface SetWorkspaceGroupRole extends GroupAt {
  action: 'set_workspace_group_role';
  workspace_id: string;
  workspace_name: string;
  from: WorkspaceRole | null;
  to: GroupRole;
}

/** Takes a group's grant off a workspace (an authoritative workspace's unlisted group). */
export interface RemoveWorkspaceGroup extends GroupAt, ExpiredReason {
  action: 'remove_workspace_group';
  group_id: string;
  workspace_id: string;
  workspace_name: string;
  from: WorkspaceRole;
  to: null;
}

/** A group's role on a project: `from` null assigns the group. */
export interface SetProjectGroupRole extends GroupAt, ProjectAt {
  action: 'set_project_group_role';
  from: WorkspaceRole | null;
  to: GroupRole;
}

/** Takes a group's grant off a project (an authoritative project's unlisted group). */
export interface RemoveProjectGroup extends GroupAt, ProjectAt, ExpiredReason {
  action: 'remove_project_group';
  group_id: string;
  from: WorkspaceRole;
  to: null;
}

export type Change =
  | SetAccountRole
  | SetWorkspaceRole
  | RemoveWorkspaceUser
  | SetProjectRole
  | RemoveProjectUser
  | SetProjectRestricted
  | CreateFrameioGroup
  | AddFrameioGroupMember
  | RemoveFrameioGroupMember
  | SetWorkspaceGroupRole
  | RemoveWorkspaceGroup
  | SetProjectGroupRole
  | RemoveProjectGroup;
/** The changes that write one user's role in a scope (account, workspace, project). */
export type UserChange = SetAccountRole | SetWorkspaceRole | RemoveWorkspaceUser | SetProjectRole | RemoveProjectUser;
/** The changes to a Frame.io group: its creation, its members. */
export type GroupChange = CreateFrameioGroup | AddFrameioGroupMember | RemoveFrameioGroupMember;
/** The changes to a group's grant on a workspace or a project. */
export type GroupGrantChange = SetWorkspaceGroupRole | RemoveWorkspaceGroup | SetProjectGroupRole | RemoveProjectGroup;
export type Action = Change['action'];

/** Live roles a note may name: an account role, or a role in a workspace listing. */
export type NoteRole = AccountRole | WorkspaceListRole;
/** Roles a manifest may give that a note may name. */
export type NoteDesired = SettableAccountRole | WorkspaceRole;

/**
 * The fields every note has in the plan document (`schemas/plan.schema.json` `$defs/note`); the
 * variants below say which of them each kind carries.
 */
interface NoteBase {
  account_id: string;
  /** The workspace the note is about; absent for an account-wide note. */
  workspace_id?: string;
  workspace_name?: string;
  /** The project the note is about, under its workspace. */
  project_id?: string;
  project_name?: string;
  /** The Frame.io group the note is about. */
  group_id?: string;
  group_name?: string;
  email?: string;
  /** The live role in the scope, when there is one. */
  role?: NoteRole | null;
  /** One sentence for people; saved plans are shown from it, so it is part of the document. */
  message: string;
}

/** The notes that stand for a difference the manifest asks for but a guard holds back. */
export type HeldNoteKind = 'owner_untouchable' | 'reviewer_untouchable' | 'self_untouchable' | 'protected';

/**
 * A difference from the manifest that apply leaves alone: the owner, a reviewer (share-link users,
 * whose role the API cannot change), the token's own user, or a `policy.protected` user. Drift
 * reports it as kind `held` from these fields alone.
 */
export interface HeldNote extends NoteBase {
  kind: HeldNoteKind;
  email: string;
  /** Not in the plan document (drift reads it). null: invited, no Frame.io account yet. */
  user_id: string | null;
  /** The live role in the scope; null: not a member of the workspace. */
  role: NoteRole | null;
  /** Not in the plan document (drift reads it). The manifest's role; null: the user is not listed. */
  desired: NoteDesired | null;
}

/** An account admin or the owner named in a workspace: their access comes from the account role. */
export interface AccountAccessNote extends NoteBase {
  kind: 'account_admin_in_workspace';
  email: string;
  /** Not in the plan document. */
  user_id: string | null;
  role: NoteRole | null;
  /** Not in the plan document. The manifest's role; null: the user is not listed. */
  desired: NoteDesired | null;
}

/** An invited user without a Frame.io account yet, or a deactivated user: never written. */
export interface UserStateNote extends NoteBase {
  kind: 'invited_no_id' | 'deactivated';
  email: string;
  role: NoteRole | null;
}

/**
 * A grant the manifest gives that adds nothing: the user gets as much or more in the scope from the
 * scope above it after this plan (a project grant at or below the workspace role, in a project that
 * is not restricted), or through Frame.io group grants after it (the message names the groups). A
 * warning; never written.
 */
export interface GrantNoEffectNote extends NoteBase {
  kind: 'grant_no_effect';
  email: string;
  /** Not in the plan document (drift reads it). */
  user_id: string | null;
  /** The live direct grant, when there is one above what the scope inherits now. */
  role: NoteRole | null;
  /** Not in the plan document (the message names it). The manifest's role. */
  desired: NoteDesired;
  /** The role the user gets from the scope above after this plan (their workspace role, or through groups). */
  inherited_role: NoteDesired;
}

/** `account.name` differs from the account's name in Frame.io. */
export interface AccountNameNote extends NoteBase {
  kind: 'account_name_mismatch';
}

/** A workspace matched by its pinned id has another name in Frame.io than in the manifest. */
export interface WorkspaceRenamedNote extends NoteBase {
  kind: 'workspace_renamed';
  workspace_id: string;
  workspace_name: string;
}

/** A note about a project names it and its workspace. */
interface ProjectNoteBase extends NoteBase {
  workspace_id: string;
  workspace_name: string;
  project_id: string;
  /** The project's name in Frame.io. */
  project_name: string;
}

/** A project matched by its pinned id has another name in Frame.io than in the manifest. */
export interface ProjectRenamedNote extends ProjectNoteBase {
  kind: 'project_renamed';
}

/**
 * Frame.io did not say whether a project is restricted (the field is optional): never drift, no
 * `set_project_restricted`. The plan reads the project as the manifest's `restricted` says, or as
 * not restricted when the manifest does not set it.
 */
export interface ProjectRestrictedUnknownNote extends ProjectNoteBase {
  kind: 'project_restricted_unknown';
}

/**
 * This plan restricts a project: the active workspace members whose access to it comes from the
 * workspace alone (no direct grant above their workspace role, none given by this plan, not account
 * admins or the owner after it) lose it. A direct grant at or below the workspace role cannot be told
 * from inherited access in a listing, so its holder is named too. `loses_access`: the first 10 of
 * their emails, sorted; `loses_access_count` counts them all.
 */
export interface ProjectRestrictionHidesNote extends ProjectNoteBase {
  kind: 'project_restriction_hides';
  loses_access: string[];
  loses_access_count: number;
}

/** A Frame.io group matched by its pinned id has another name in Frame.io than in the manifest. */
export interface FrameioGroupRenamedNote extends NoteBase {
  kind: 'frameio_group_renamed';
  group_id: string;
  /** The group's name in Frame.io. */
  group_name: string;
}

/**
 * A Frame.io group the manifest names whose membership is synced from elsewhere (source not `frame`)
 * and whose last sync failed (`sync_status: error`): its members in Frame.io may be stale. Fixed
 * where it is synced from; never written, not drift.
 */
export interface FrameioGroupSyncErrorNote extends NoteBase {
  kind: 'frameio_group_sync_error';
  group_id: string;
  group_name: string;
  /** Where the group is synced from: `adobe` or `workfront`. */
  group_source: string;
}

/**
 * In an authoritative workspace or project, a user the manifest does not list whose row there is at
 * or below the role a listed Frame.io group grant gives them (after this plan): their access comes
 * through the group, so they are not removed as a direct member. `via`: the group(s) it comes through.
 */
export interface AccessThroughGroupNote extends NoteBase {
  kind: 'access_through_group';
  email: string;
  role: NoteRole | null;
  /** The groups' names, the highest-role one first, then by name. */
  via: string[];
  /**
   * The role the group grants give: a group role, or a `workspace_admin` a live grant kept on the
   * workspace carries (the group role enum is undocumented, so a listed one is kept as read).
   */
  group_role: WorkspaceRole;
}

/**
 * Something the plan reports but will not do, discriminated on `kind`. A note about a project
 * carries `project_id`/`project_name` and its workspace's `workspace_id`/`workspace_name`; the
 * guard, account-access and user-state kinds are shared by every scope (an account admin named in a
 * project is `account_admin_in_workspace` with the project's fields).
 */
export type PlanNote =
  | HeldNote
  | AccountAccessNote
  | UserStateNote
  | GrantNoEffectNote
  | AccountNameNote
  | WorkspaceRenamedNote
  | ProjectRenamedNote
  | ProjectRestrictedUnknownNote
  | ProjectRestrictionHidesNote
  | FrameioGroupRenamedNote
  | FrameioGroupSyncErrorNote
  | AccessThroughGroupNote;

/** Why the safety check refused the plan. Each violation names the numbers. */
export interface PolicyViolation {
  rule: 'max_removals' | 'min_admins' | 'empty_scope';
  account_id: string;
  workspace_id?: string;
  workspace_name?: string;
  /** The project a `max_removals` violation is about (it applies to each project as to each workspace). */
  project_id?: string;
  project_name?: string;
  /** The Frame.io group a `max_removals` violation is about (its member removals). */
  group_id?: string;
  group_name?: string;
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
  /** Keyed by write class: `account_role_patch`, `workspace_role_patch`, `workspace_user_delete`. */
  calls: Record<WriteClass, number>;
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

/**
 * What the plan says about time (CONTRACT.md §1.3), beside its changes:
 * - `expires_soon`: a grant ends within `policy.expiry_notice` of the plan's `now`;
 * - `expired_not_live`: a grant has ended and has nothing live to take away: it is not added;
 * - `expiry_guarded`: an `expires` on the account owner or the token's own user, whom rolesync never
 *   demotes or removes: the grant will not end.
 */
export interface ExpiryNotice {
  kind: 'expires_soon' | 'expired_not_live' | 'expiry_guarded';
  account_id: string;
  workspace_name?: string;
  project_name?: string;
  /** The manifest group or Frame.io group the grant is of (a group's grant, or a member of the group). */
  group_name?: string;
  /** The user; absent for a group's grant. */
  email?: string;
  /** The manifest's `expires`, as written. */
  expires: string;
  /** The same instant in UTC, ISO 8601. */
  ends_at: string;
  message: string;
}

export interface Plan {
  format_version: 1;
  /**
   * The instant the plan was made for (ISO 8601, UTC): `--now`, or the time the command started.
   * Every expiry is judged against it; a saved plan keeps it. Absent when the manifest gives no grant
   * an end (nothing then depends on the time, and the same state gives the same document).
   */
  now?: string;
  /** Expiry notices (grants ending soon, ended grants not live, expiries a guard ignores); absent when none. */
  notices?: ExpiryNotice[];
  changes: Change[];
  summary: PlanSummary;
  notes: PlanNote[];
  policy: PolicyVerdict;
  estimate: PlanEstimate;
}
