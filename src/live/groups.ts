// What the live read takes of Frame.io groups: whether an account opts in, which scopes' grants and
// whose members the plan needs, the listing rows as live types, and the error for an account whose
// API lacks the feature.
import type { WorkspaceRole } from '../api/index.js';
import { ExperimentalUnavailableError } from '../client/failure.js';
import type { DesiredAccount, DesiredProject, DesiredWorkspace } from '../manifest/types.js';
import type { LiveGroup, LiveGroupGrant } from './types.js';

/** Whether the account's manifest opts into Frame.io groups: without it nothing of groups is read. */
export function usesFrameioGroups(desired: DesiredAccount): boolean {
  return desired.experimental.includes('frameio_groups');
}

/** The declared groups whose membership the manifest manages: their members are always read. */
export function managedGroupNames(desired: DesiredAccount): Set<string> {
  return new Set(desired.frameioGroups.filter((g) => g.managed).map((g) => g.name));
}

/**
 * Whether a listed workspace's group grants tell the plan who has access where it removes: it is
 * authoritative (an unlisted member may be there through a group), or it lists an authoritative
 * project (which inherits the workspace's grants). Read so whatever its `frameio_groups:` key says.
 */
export function workspaceGrantsGiveAccess(entries: readonly DesiredWorkspace[]): boolean {
  return entries.some((w) => w.mode === 'authoritative' || w.projects.some((p) => p.mode === 'authoritative'));
}

/**
 * Whether a listed project's group grants tell the plan who has access where it removes or
 * restricts: it is authoritative, or this plan restricts it (the manifest says `restricted: true`
 * and the listing says it is not). Read so whatever its `frameio_groups:` key says.
 */
export function projectGrantsGiveAccess(entries: readonly DesiredProject[], restricted: boolean | null): boolean {
  return entries.some((p) => p.mode === 'authoritative' || (p.restricted === true && restricted === false));
}

export function liveGroup(row: { id: string; name: string; source: string; syncStatus: string | null }): LiveGroup {
  return { id: row.id, name: row.name, source: row.source, sync_status: row.syncStatus };
}

export function liveGroupGrant(row: { groupId: string; role: WorkspaceRole }): LiveGroupGrant {
  return { group_id: row.groupId, role: row.role };
}

/**
 * An account whose manifest opts into `frameio_groups`, but whose API answers the experimental
 * group endpoints 404 or 400. Nothing is planned or written on a read that stopped here.
 */
export class FrameioGroupsUnavailableError extends ExperimentalUnavailableError {
  override readonly hint: string;
  constructor(desired: DesiredAccount, cause: ExperimentalUnavailableError) {
    super('frameio_groups', cause.method, cause.path, cause.status, cause.detail);
    this.name = 'FrameioGroupsUnavailableError';
    this.message =
      `frameio_groups is an experimental Frame.io API that account ${desired.id} does not offer: ` +
      `${cause.method} ${cause.path} answered HTTP ${cause.status}${cause.detail ? ` (${cause.detail})` : ''}; ` +
      'nothing was planned or changed';
    this.hint =
      `Remove frameio_groups from experimental: and the frameio_groups: keys (${desired.files.join(', ')}), ` +
      'or ask Frame.io to offer its experimental API to this account.';
  }
}

/** Rethrows an ExperimentalUnavailableError of the account's read as the error naming the opt-in. */
export function groupsUnavailable(desired: DesiredAccount, error: unknown): never {
  if (error instanceof ExperimentalUnavailableError && !(error instanceof FrameioGroupsUnavailableError))
    throw new FrameioGroupsUnavailableError(desired, error);
  throw error;
}
