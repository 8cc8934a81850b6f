// The live state read from the Frame.io API. It is only ever built whole: a failed page fails the
// read, so the planner never sees a partial list (which would look like removals).
import type { AccountRole, ProjectListRole, WorkspaceListRole, WorkspaceRole } from '../api/index.js';

/** A Frame.io user as listed. `id` is null for invited users without a Frame.io account yet. */
export interface LiveUser {
  id: string | null;
  email: string;
  name: string | null;
  /** null when the API does not say; false for deactivated users. */
  active: boolean | null;
}

export interface LiveAccountUser {
  user: LiveUser;
  /** The API may list a null role. */
  role: AccountRole | null;
}

export interface LiveWorkspaceMember {
  user: LiveUser;
  role: WorkspaceListRole;
}

/** A row of a project's user listing: a direct grant, or (if the API lists them) inherited access. */
export interface LiveProjectMember {
  user: LiveUser;
  role: ProjectListRole;
}

/**
 * A Frame.io group's grant on a workspace or a project, as listed. `role` is read as a workspace role:
 * the group role enum is undocumented, so a `workspace_admin` is kept if Frame.io lists one.
 */
export interface LiveGroupGrant {
  group_id: string;
  role: WorkspaceRole;
}

/** A Frame.io group of the account (frameio-api-next.md §3). */
export interface LiveGroup {
  id: string;
  name: string;
  /**
   * As the API spells it: `frame` groups are made and filled in Frame.io; any other (`adobe`,
   * `workfront`) is synced from elsewhere and its membership is read-only.
   */
  source: string;
  /** A synced group's sync state; null when the API does not give one. */
  sync_status: string | null;
  /**
   * The group's members; `undefined` when they were not read (the manifest neither manages the
   * group's membership nor needs it to tell group access from direct grants).
   */
  members?: LiveUser[];
}

export interface LiveProject {
  id: string;
  name: string;
  /** null when the listing does not say (the field is optional in the API): never drift. */
  restricted: boolean | null;
  /** The project's Frame.io group grants; `undefined` when not read (the manifest uses no Frame.io groups). */
  groupGrants?: LiveGroupGrant[];
  /**
   * The users of a project the manifest manages; `undefined` for projects that were not read
   * (unmanaged ones are listed by name only, to resolve names).
   */
  members?: LiveProjectMember[];
}

export interface LiveWorkspace {
  id: string;
  name: string;
  /**
   * The projects of a workspace the manifest lists projects for; `undefined` when its projects
   * were not listed (no project of it is managed).
   */
  projects?: LiveProject[];
  /**
   * Members of a workspace the manifest manages; `undefined` for workspaces that were not read
   * (unmanaged ones are listed by name only, to resolve names).
   */
  members?: LiveWorkspaceMember[];
  /** The workspace's Frame.io group grants; `undefined` when not read (the manifest uses no Frame.io groups there). */
  groupGrants?: LiveGroupGrant[];
}

export interface LiveAccount {
  id: string;
  displayName: string | null;
  users: LiveAccountUser[];
  workspaces: LiveWorkspace[];
  /** The account's Frame.io groups; `undefined` when not listed (the manifest uses no Frame.io groups). */
  groups?: LiveGroup[];
}

export interface LiveState {
  /** The token's own user (`GET /v4/me`). */
  self: { id: string; email: string; name: string | null };
  accounts: LiveAccount[];
}
