// The manifest bound to live state: every desired entry paired with the live user, workspace or
// project it names, groups already expanded. Built by `resolve`, read by the planner.
import type { SourcePos } from '../errors.js';
import type { DesiredAccount, DesiredProject, DesiredWorkspace } from '../manifest/types.js';
import type {
  LiveAccount,
  LiveAccountUser,
  LiveProject,
  LiveProjectMember,
  LiveWorkspace,
  LiveWorkspaceMember,
} from '../live/types.js';
import type { ProjectRole, SettableAccountRole, WorkspaceRole } from '../api/index.js';
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

export interface ResolvedProject {
  desired: DesiredProject;
  live: ReadProject;
  /** Sorted by email. */
  users: ResolvedProjectUser[];
}

export interface ResolvedWorkspace {
  desired: DesiredWorkspace;
  live: ReadWorkspace;
  /** Sorted by email. */
  users: ResolvedWorkspaceUser[];
  /** The workspace's listed projects, in manifest order; empty when it lists none. */
  projects: ResolvedProject[];
}

export interface ResolvedAccount {
  desired: DesiredAccount;
  live: LiveAccount;
  /** Sorted by email. */
  users: ResolvedAccountUser[];
  workspaces: ResolvedWorkspace[];
}

export interface Resolution {
  accounts: ResolvedAccount[];
  /** Renames, name mismatches, invited and deactivated users the manifest names. */
  notes: PlanNote[];
}
