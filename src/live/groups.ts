// What the live read takes of Frame.io groups: whether an account opts in, whose members the plan
// needs, the listing rows as live types, and the error for an account whose API lacks the feature.
import type { WorkspaceRole } from '../api/index.js';
import { ExperimentalUnavailableError } from '../client/failure.js';
import type { DesiredAccount, DesiredFrameioGroupGrant } from '../manifest/types.js';
import type { LiveGroup, LiveGroupGrant } from './types.js';

/** Whether the account's manifest opts into Frame.io groups: without it nothing of groups is read. */
export function usesFrameioGroups(desired: DesiredAccount): boolean {
  return desired.experimental.includes('frameio_groups');
}

/**
 * The declared groups whose members the plan needs: those whose membership the manifest manages,
 * and those it grants on an authoritative workspace or project, or on the workspace of an
 * authoritative listed project (their members' access tells group access from a direct grant
 * there). Any other group's members are never read.
 */
export function groupsWithMembers(desired: DesiredAccount): Set<string> {
  const names = new Set(desired.frameioGroups.filter((g) => g.managed).map((g) => g.name));
  const add = (grants: readonly DesiredFrameioGroupGrant[] | null): void => {
    for (const grant of grants ?? []) names.add(grant.group);
  };
  for (const ws of desired.workspaces) {
    if (ws.mode === 'authoritative') add(ws.frameioGroups);
    for (const project of ws.projects) {
      if (project.mode !== 'authoritative') continue;
      add(project.frameioGroups);
      add(ws.frameioGroups);
    }
  }
  return names;
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
