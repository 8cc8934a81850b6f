// Frame.io's group vocabulary (frameio-api-next.md §3): where a group comes from, the sync states of
// a synced one, the roles a group may hold on a workspace or project, and the batch bound of an add.
import { oneOf, PROJECT_ROLES, type ProjectRole } from './roles.js';

/**
 * `GroupCommon.source` [C]: `frame` groups are made and filled in Frame.io; `adobe` groups are
 * synced from the Adobe Admin Console and `workfront` ones from Workfront, and their membership is
 * read-only in Frame.io (the add-users call is documented for Frame-managed groups only).
 */
export const GROUP_SOURCES = ['frame', 'adobe', 'workfront'] as const;
export type GroupSource = (typeof GROUP_SOURCES)[number];

/** `SyncGroupWithIncludes.sync_status` [C]: only `adobe` groups carry it. */
export const SYNC_STATUSES = ['not_started', 'in_progress', 'completed', 'error'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/**
 * The roles a group grant may carry on a workspace or a project. The reference leaves the enum open
 * [U]; assumed [I] the project roles (the users' PATCH enum), so `workspace_admin` is not one.
 */
export const GROUP_ROLES = PROJECT_ROLES;
export type GroupRole = ProjectRole;

/**
 * The most user ids one add-users call carries. The reference states no maximum [U]; 100 [I] is the
 * largest array bound the document uses elsewhere. The client splits at it; the emulator refuses more.
 */
export const MAX_GROUP_USER_IDS = 100;

export function isGroupSource(value: unknown): value is GroupSource {
  return oneOf(GROUP_SOURCES, value);
}

export function isSyncStatus(value: unknown): value is SyncStatus {
  return oneOf(SYNC_STATUSES, value);
}

export function isGroupRole(value: unknown): value is GroupRole {
  return oneOf(GROUP_ROLES, value);
}
