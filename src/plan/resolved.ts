// The manifest bound to live state: every desired entry paired with the live user, workspace or
// project it names, groups already expanded. Built by `resolve`, read by the planner.
import type { SourcePos } from '../errors.js';
import type { DesiredAccount, DesiredFrameioGroup, DesiredProject, DesiredWorkspace, Mode } from '../manifest/types.js';
import type {
  LiveAccount,
  LiveAccountUser,
  LiveGroup,
  LiveGroupGrant,
  LiveProject,
  LiveProjectMember,
  LiveUser,
  LiveWorkspace,
  LiveWorkspaceMember,
} from '../live/types.js';
import type { GroupRole, ProjectRole, SettableAccountRole, WorkspaceRole } from '../api/index.js';
import type { PlanNote } from './types.js';

export interface ResolvedAccountUser {
  /** Lower-cased. */
  email: string;
  role: SettableAccountRole;
  pos: SourcePos;
  live: LiveAccountUser;
}

export interface ResolvedWorkspaceUser {
  /** Lower-cased. */
  email: string;
  /** The effective role: a direct `users` entry beats any group; between groups the higher role. */
  role: WorkspaceRole;
  /** Where the winning entry was written. */
  pos: SourcePos;
  /** The group the role came from, or null for a direct `users` entry. */
  via: string | null;
  live: LiveAccountUser;
}

/** A live workspace whose members were read (a managed workspace always is). */
export type ReadWorkspace = LiveWorkspace & { members: LiveWorkspaceMember[] };

/** A project grant of the manifest, expanded as a workspace's: a direct entry beats any group. */
export interface ResolvedProjectUser {
  /** Lower-cased. */
  email: string;
  role: ProjectRole;
  pos: SourcePos;
  /** The group the role came from, or null for a direct `users` entry. */
  via: string | null;
  live: LiveAccountUser;
}

/** A live project whose users were read (a listed project always is). */
export type ReadProject = LiveProject & { members: LiveProjectMember[] };

/** A member of a Frame.io group the manifest manages: listed under `members`, or through a manifest group. */
export interface ResolvedGroupMember {
  /** Lower-cased. */
  email: string;
  /** Where the entry was written (the first place, when several name the user). */
  pos: SourcePos;
  /** The manifest group the membership came through; null for a `members` entry. */
  via: string | null;
  live: LiveAccountUser;
}

/** A live Frame.io group whose members were read. */
export type ReadGroup = LiveGroup & { members: LiveUser[] };

/** A Frame.io group of the manifest (top-level `frameio_groups:`) bound to the live group it names. */
export interface ResolvedFrameioGroup {
  desired: DesiredFrameioGroup;
  /**
   * The live group: matched by its pinned id, else by its name. null: it does not exist yet and this
   * plan creates it (only a group whose membership the manifest manages may be created).
   */
  live: LiveGroup | null;
  /**
   * The members the manifest gives (`members` and expanded `groups`), sorted by email; null when the
   * manifest does not manage the membership.
   */
  members: ResolvedGroupMember[] | null;
}

/** A Frame.io group grant of the manifest on a workspace or a project, bound to its group. */
export interface ResolvedGroupGrant {
  group: ResolvedFrameioGroup;
  role: GroupRole;
  pos: SourcePos;
}

/** A scope's managed Frame.io group grants: what the manifest gives and what Frame.io lists. */
export interface ResolvedGroupGrants {
  /** The manifest's grants, sorted by group name. */
  desired: ResolvedGroupGrant[];
  /** The live grants as listed. */
  live: LiveGroupGrant[];
  /** The scope's mode: authoritative removes live grants the manifest does not list. */
  mode: Mode;
}

export interface ResolvedProject {
  desired: DesiredProject;
  live: ReadProject;
  /** Sorted by email. */
  users: ResolvedProjectUser[];
  /** The project's Frame.io group grants; null when the manifest does not manage them (no `frameio_groups:` key). */
  groupGrants: ResolvedGroupGrants | null;
}

export interface ResolvedWorkspace {
  desired: DesiredWorkspace;
  live: ReadWorkspace;
  /** Sorted by email. */
  users: ResolvedWorkspaceUser[];
  /** The workspace's listed projects, in manifest order; empty when it lists none. */
  projects: ResolvedProject[];
  /** The workspace's Frame.io group grants; null when the manifest does not manage them (no `frameio_groups:` key). */
  groupGrants: ResolvedGroupGrants | null;
}

export interface ResolvedAccount {
  desired: DesiredAccount;
  live: LiveAccount;
  /** Sorted by email. */
  users: ResolvedAccountUser[];
  workspaces: ResolvedWorkspace[];
  /** The manifest's Frame.io groups, in manifest order; empty when it declares none. */
  frameioGroups: ResolvedFrameioGroup[];
}

export interface Resolution {
  accounts: ResolvedAccount[];
  /** Renames, name mismatches, invited and deactivated users the manifest names. */
  notes: PlanNote[];
}
