// The desired state, as loaded from manifest files: one `DesiredAccount` per `account.id`, every
// entry carrying the place it was written so that later errors can name `file:line:col`.
import type { SourcePos, Diagnostic } from '../errors.js';
import type { GroupRole, ProjectRole, SettableAccountRole, WorkspaceRole } from '../api/index.js';

/** `additive` (default): never remove or demote what is not listed. `authoritative`: the list is all. */
export type Mode = 'additive' | 'authoritative';

/** `max_removals` as written: `25%` is a percent of a workspace's current members, `3` a count. */
export type MaxRemovals = { kind: 'percent'; value: number } | { kind: 'count'; value: number };

export interface Policy {
  maxRemovals: MaxRemovals;
  /** An apply never leaves the account with fewer admins (owner included) than this. */
  minAdmins: number;
  /** Lower-cased emails that are never demoted or removed. */
  protected: string[];
  /** `expiry_notice` in milliseconds: grants ending within it are listed as notices (default 7 days). */
  expiryNotice: number;
}

export const DEFAULT_POLICY: Policy = {
  maxRemovals: { kind: 'percent', value: 25 },
  minAdmins: 1,
  protected: [],
  expiryNotice: 7 * 24 * 3_600_000,
};

/**
 * When a grant ends (`expires:`, CONTRACT.md §1.3): `at` in epoch milliseconds (a date is its start,
 * 00:00 UTC), `text` as written, for sentences ("expired on 2027-01-31").
 */
export interface Expiry {
  at: number;
  text: string;
}

/**
 * A grant of the manifest that has ended at the plan's `now`, as the planner's expiry split leaves
 * it on the scope (src/plan/expiry.ts): the user (or Frame.io group) it gave access to, and when the
 * last of their ended grants in the scope ended. Never set by the loader.
 */
export interface EndedGrant {
  /** Lower-cased email; for an ended Frame.io group grant, the group's key. */
  email: string;
  expires: Expiry;
  pos: SourcePos;
}

/** A member-list item: an email, or `{ email, expires }`. */
export interface DesiredMember {
  /** Lower-cased. */
  email: string;
  pos: SourcePos;
  expires?: Expiry;
}

/** The experimental Frame.io API features a manifest may opt into (`experimental:`). */
export const EXPERIMENTAL_FEATURES = ['frameio_groups'] as const;
export type ExperimentalFeature = (typeof EXPERIMENTAL_FEATURES)[number];

export interface DesiredAccountUser {
  /** Lower-cased. */
  email: string;
  role: SettableAccountRole;
  pos: SourcePos;
  /** When the grant ends; absent: it does not. */
  expires?: Expiry;
}

export interface DesiredGroup {
  name: string;
  /** Lower-cased emails with where each was written (and when the membership ends). */
  members: DesiredMember[];
  pos: SourcePos;
}

export interface DesiredWorkspaceUser {
  email: string;
  role: WorkspaceRole;
  pos: SourcePos;
  /** When the grant ends; absent: it does not. */
  expires?: Expiry;
}

export interface DesiredWorkspaceGroup {
  group: string;
  role: WorkspaceRole;
  pos: SourcePos;
  /** When the grant ends; absent: it does not. */
  expires?: Expiry;
}

export interface DesiredProjectUser {
  /** Lower-cased. */
  email: string;
  role: ProjectRole;
  pos: SourcePos;
  /** When the grant ends; absent: it does not. */
  expires?: Expiry;
}

export interface DesiredProjectGroup {
  group: string;
  role: ProjectRole;
  pos: SourcePos;
  /** When the grant ends; absent: it does not. */
  expires?: Expiry;
}

/**
 * A grant of a Frame.io group (`frameio_groups:` under a workspace or project, CONTRACT.md §1.2):
 * the group named by its key under the top-level `frameio_groups:`.
 */
export interface DesiredFrameioGroupGrant {
  /** The group's key under the top-level `frameio_groups:`. */
  group: string;
  role: GroupRole;
  pos: SourcePos;
  /** When the grant ends; absent: it does not. */
  expires?: Expiry;
}

/** A Frame.io group the manifest declares (top-level `frameio_groups:`, CONTRACT.md §1.2). */
export interface DesiredFrameioGroup {
  /** The key: the group's name in Frame.io. */
  name: string;
  /** Optional pinned group id (a UUID); when set it wins over the name. */
  id?: string;
  /** additive (default): never remove members; authoritative: members not listed are removed. */
  mode: Mode;
  /**
   * Whether the manifest manages the membership: `members` or `groups` is written (an empty list
   * too). false (`Okta Editors: {}`): membership is left alone; the group only receives grants.
   */
  managed: boolean;
  /** Lower-cased emails listed under `members`, with where each was written (and when each ends). */
  members: DesiredMember[];
  /** Set by the planner's expiry split: members whose every membership has ended. */
  ended?: EndedGrant[];
  /** Manifest groups (top-level `groups:`) whose members are members too. */
  groups: { name: string; pos: SourcePos }[];
  pos: SourcePos;
}

/** A project under a workspace (CONTRACT.md §1.1): only listed projects are read or touched. */
export interface DesiredProject {
  /** The key under `projects:`, the name as Frame.io shows it in its workspace. */
  name: string;
  /** Optional pinned project id; when set it wins over the name. */
  id?: string;
  /** additive (default): never remove; authoritative: remove project-only collaborators not listed. */
  mode: Mode;
  /** The managed `restricted` setting; undefined: not managed (left as it is). */
  restricted?: boolean;
  /** Where `restricted:` was written, when it was. */
  restrictedPos?: SourcePos;
  users: DesiredProjectUser[];
  groups: DesiredProjectGroup[];
  /**
   * Frame.io group grants on the project; null when the project has no `frameio_groups:` key (its
   * group grants are not managed: not read, never removed, whatever the mode).
   */
  frameioGroups: DesiredFrameioGroupGrant[] | null;
  pos: SourcePos;
  /** Set by the planner's expiry split: users whose grants here have all ended. */
  ended?: EndedGrant[];
  /** Set by the planner's expiry split: Frame.io group grants here that have ended (`email`: the group). */
  endedGroupGrants?: EndedGrant[];
}

export interface DesiredWorkspace {
  /** The key under `workspaces:`, the name as Frame.io shows it. */
  name: string;
  /** Optional pinned workspace id; when set it wins over the name. */
  id?: string;
  mode: Mode;
  users: DesiredWorkspaceUser[];
  groups: DesiredWorkspaceGroup[];
  /**
   * Frame.io group grants on the workspace; null when the workspace has no `frameio_groups:` key
   * (its group grants are not managed: not read, never removed, whatever the mode).
   */
  frameioGroups: DesiredFrameioGroupGrant[] | null;
  /** The workspace's `projects:`, in the order written; empty when it lists none. */
  projects: DesiredProject[];
  pos: SourcePos;
  /** Set by the planner's expiry split: users whose grants here have all ended. */
  ended?: EndedGrant[];
  /** Set by the planner's expiry split: Frame.io group grants here that have ended (`email`: the group). */
  endedGroupGrants?: EndedGrant[];
}

export interface DesiredAccount {
  id: string;
  name?: string;
  mode: Mode;
  users: DesiredAccountUser[];
  groups: DesiredGroup[];
  policy: Policy;
  /**
   * The experimental API features the manifest opts into (`experimental:` at a file's top, merged
   * over the account's files); `frameio_groups` is the only one.
   */
  experimental: ExperimentalFeature[];
  /** The Frame.io groups declared under `frameio_groups:`, in the order written. */
  frameioGroups: DesiredFrameioGroup[];
  workspaces: DesiredWorkspace[];
  /** The files this account was merged from, sorted. */
  files: string[];
  pos: SourcePos;
  /** Set by the planner's expiry split: admins whose admin grant has ended. */
  ended?: EndedGrant[];
}

/** A loaded, schema-valid and semantically checked manifest (one or many files). */
export interface Manifest {
  accounts: DesiredAccount[];
  /** Warnings found while loading (errors throw a `ManifestError` instead). */
  warnings: Diagnostic[];
  /** sha256 of the sorted source files' paths and contents: ties a saved plan to its manifest. */
  digest: string;
}
