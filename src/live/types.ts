// The live state read from the Frame.io API. It is only ever built whole: a failed page fails the
// read, so the planner never sees a partial list (which would look like removals).
import type { AccountRole, WorkspaceListRole } from '../api/index.js';

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

export interface LiveWorkspace {
  id: string;
  name: string;
  /**
   * Members of a workspace the manifest manages; `undefined` for workspaces that were not read
   * (unmanaged ones are listed by name only, to resolve names).
   */
  members?: LiveWorkspaceMember[];
}

export interface LiveAccount {
  id: string;
  displayName: string | null;
  users: LiveAccountUser[];
  workspaces: LiveWorkspace[];
}

export interface LiveState {
  /** The token's own user (`GET /v4/me`). */
  self: { id: string; email: string; name: string | null };
  accounts: LiveAccount[];
}
