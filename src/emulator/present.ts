// The JSON shapes the API answers with (OpenAPI S1 schemas User, Account, Workspace, Profile,
// Project, GroupWithIncludes), exactly their keys: the conformance test validates these against the
// official document.
import type { AccountRole } from '../api/index.js';
import type { AccountRecord, GroupRecord, ProjectRecord, UserRecord, WorkspaceRecord } from './state.js';

export interface UserJson {
  id: string | null;
  name: string | null;
  email: string;
  avatar_url: string | null;
  active: boolean | null;
  adobe_user_id?: string | null;
}

export function userJson(u: UserRecord): UserJson {
  const out: UserJson = { id: u.id, name: u.name, email: u.email, avatar_url: u.avatarUrl, active: u.active };
  if (u.adobeUserId !== undefined) out.adobe_user_id = u.adobeUserId;
  return out;
}

/** `Profile`: every key required and `name` not nullable. */
export function profileJson(u: UserRecord): { id: string; name: string; email: string; avatar_url: string | null } {
  return { id: u.id ?? '', name: u.name ?? '', email: u.email, avatar_url: u.avatarUrl };
}

/** `Account` (additionalProperties false); `roles` are the caller's own roles in it. */
export function accountJson(a: AccountRecord, callerRole: AccountRole | null): Record<string, unknown> {
  const roles = callerRole === 'owner' || callerRole === 'admin' || callerRole === 'member' ? [callerRole] : [];
  return {
    id: a.id,
    display_name: a.displayName,
    roles,
    storage_limit: null,
    storage_usage: 0,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    adobe_id: a.adobeId,
    image: null,
    v4_migrated_at: null,
  };
}

export function workspaceJson(w: WorkspaceRecord, creator?: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: w.id,
    name: w.name,
    account_id: w.accountId,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
  if (creator) out.creator = userJson(creator);
  return out;
}

/**
 * `Project`, and with `includes` `ProjectWithIncludes` (adds `description`, and `owner` when asked).
 * `restricted` is optional in the schema: left out for a project seeded with `restricted_in_listing: false`.
 */
export function projectJson(p: ProjectRecord, includes?: { owner: UserRecord | undefined }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: p.id,
    name: p.name,
    workspace_id: p.workspaceId,
    status: p.status,
    storage: 0,
    root_folder_id: p.rootFolderId,
    adobe_id: null,
    view_url: `https://next.frame.io/project/${p.id}/`,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
  if (p.restrictedShown) out.restricted = p.restricted;
  if (includes) {
    out.description = null;
    if (includes.owner) out.owner = userJson(includes.owner);
  }
  return out;
}

/**
 * `GroupCommon`; with `includes`, `GroupWithIncludes`: `sync_status` on an `adobe` group (the schema's
 * `SyncGroupWithIncludes`), and `creator` when asked for and known. Create answers plain `GroupCommon`.
 */
export function groupJson(g: GroupRecord, includes?: { creator: UserRecord | undefined }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: g.id,
    name: g.name,
    emoji: g.emoji,
    member_count: g.members.size,
    source: g.source,
    creator_id: g.creatorId,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
  };
  if (includes) {
    if (g.source === 'adobe') out.sync_status = g.syncStatus;
    if (includes.creator) out.creator = userJson(includes.creator);
  }
  return out;
}
