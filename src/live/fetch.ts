// Reads the live state a manifest manages, whole or not at all: every page of every list is read
// before anything is returned, and any failed page rejects the read (a partial list would look
// like removals to the planner). Only what the manifest lists is read: the members of managed
// workspaces, the projects of those that list projects, and the users of listed projects; for an
// account that opts into Frame.io groups, its groups, the grants of the listed scopes that manage
// them or where the plan removes or restricts, and the members of the groups it needs.
import type { WorkspaceRole } from '../api/index.js';
import { ApiError, ManifestError, formatPos, type Diagnostic } from '../errors.js';
import type { Manifest, DesiredAccount, DesiredProject, DesiredWorkspace } from '../manifest/types.js';
import {
  groupsUnavailable,
  liveGroup,
  liveGroupGrant,
  managedGroupNames,
  projectGrantsGiveAccess,
  usesFrameioGroups,
  workspaceGrantsGiveAccess,
} from './groups.js';
import type {
  LiveAccount,
  LiveAccountUser,
  LiveGroup,
  LiveGroupGrant,
  LiveProject,
  LiveProjectMember,
  LiveState,
  LiveUser,
  LiveWorkspace,
  LiveWorkspaceMember,
} from './types.js';

/** The calls a live read makes; the HTTP client implements it, unit tests fake it. */
export interface LiveReader {
  me(): Promise<{ id: string; email: string; name: string | null }>;
  listAccounts(): Promise<{ id: string; displayName: string | null; adobeId?: string | null }[]>;
  listAccountUsers(accountId: string, options: { includeDeactivated: boolean }): Promise<LiveAccountUser[]>;
  listWorkspaces(accountId: string): Promise<{ id: string; name: string }[]>;
  listWorkspaceUsers(
    accountId: string,
    workspaceId: string,
    options: { includeDeactivated: boolean },
  ): Promise<LiveWorkspaceMember[]>;
  listProjects(
    accountId: string,
    workspaceId: string,
  ): Promise<{ id: string; name: string; restricted: boolean | null }[]>;
  listProjectUsers(
    accountId: string,
    projectId: string,
    options?: { includeDeactivated?: boolean },
  ): Promise<LiveProjectMember[]>;
  /** The account's Frame.io groups (stable). */
  listGroups(accountId: string): Promise<{ id: string; name: string; source: string; syncStatus: string | null }[]>;
  /** A group's members (experimental). */
  listGroupMembers(accountId: string, groupId: string): Promise<LiveUser[]>;
  /** The group grants on a workspace (experimental). */
  listWorkspaceGroups(accountId: string, workspaceId: string): Promise<{ groupId: string; role: WorkspaceRole }[]>;
  /** The group grants on a project (experimental). */
  listProjectGroups(accountId: string, projectId: string): Promise<{ groupId: string; role: WorkspaceRole }[]>;
}

/**
 * The live id each manifest entry means, for the entries that mean one: a pinned id found live, or
 * a name exactly one live entry has. An unknown pin or an ambiguous name is an error for the
 * resolver to report; reading the candidates would waste calls.
 */
function managed<T extends { id?: string; name: string }>(
  desired: readonly T[],
  live: readonly { id: string; name: string }[],
): Map<string, T[]> {
  const byName = new Map<string, string[]>();
  for (const entry of live) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry.id]);
  const out = new Map<string, T[]>();
  for (const entry of desired) {
    const matches =
      entry.id !== undefined ? live.filter((l) => l.id === entry.id).map((l) => l.id) : byName.get(entry.name);
    if (matches?.length === 1) out.set(matches[0]!, [...(out.get(matches[0]!) ?? []), entry]);
  }
  return out;
}

/** Which of an account's live workspaces the manifest manages: pinned ids, and unambiguous names. */
export function managedWorkspaceIds(desired: DesiredAccount, workspaces: { id: string; name: string }[]): Set<string> {
  return new Set(managed(desired.workspaces, workspaces).keys());
}

/** An account the token cannot see is a mistake in the manifest's `account.id` (or the token). */
function unknownAccount(desired: DesiredAccount, error: unknown): never {
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    throw new ManifestError(
      [
        {
          severity: 'error',
          pos: desired.pos,
          message:
            `account ${desired.id} is not one this token can manage (${error.method} ${error.path}: HTTP ` +
            `${error.status}${error.detail ? `, ${error.detail}` : ''}); check account.id, or use the token of an ` +
            'admin of that account',
        },
      ],
      'the manifest does not match what Frame.io holds',
    );
  }
  throw error;
}

/** An account's users, workspace list and (when it opts in) groups: what is read before the long lists. */
interface AccountHead {
  desired: DesiredAccount;
  account: Omit<LiveAccount, 'workspaces'>;
  workspaces: { id: string; name: string }[];
}

async function readAccountHead(
  reader: LiveReader,
  desired: DesiredAccount,
  displayName: string | null,
): Promise<AccountHead> {
  const [users, workspaces, groups] = await Promise.all([
    reader.listAccountUsers(desired.id, { includeDeactivated: true }),
    reader.listWorkspaces(desired.id),
    usesFrameioGroups(desired) ? reader.listGroups(desired.id) : undefined,
  ]).catch((error: unknown) => unknownAccount(desired, error));
  const account = { id: desired.id, displayName, users };
  return { desired, account: groups ? { ...account, groups: groups.map(liveGroup) } : account, workspaces };
}

/**
 * The groups whose members tell who has access where the plan removes or restricts: the ones the
 * grants of such scopes name, live (by id) or in the manifest (by name, bound once the read is done).
 */
interface AccessGroups {
  ids: Set<string>;
  names: Set<string>;
}

/**
 * A scope's group grants, when they are read: the account opts into Frame.io groups and some entry
 * naming the scope has a `frameio_groups:` key (its grants are managed), or `givesAccess` (the plan
 * removes or restricts there: what the groups give is access it must not take for a direct grant).
 * The groups the grants name go into `access` then; they are never managed for it.
 */
async function readGrants(
  read: () => Promise<{ groupId: string; role: WorkspaceRole }[]>,
  entries: readonly { frameioGroups: readonly { group: string }[] | null }[],
  givesAccess: boolean,
  access: AccessGroups | undefined,
): Promise<LiveGroupGrant[] | undefined> {
  if (!access) return undefined;
  if (!givesAccess && !entries.some((entry) => entry.frameioGroups !== null)) return undefined;
  const grants = (await read()).map(liveGroupGrant);
  if (givesAccess) {
    for (const g of grants) access.ids.add(g.group_id);
    for (const entry of entries) for (const g of entry.frameioGroups ?? []) access.names.add(g.group);
  }
  return grants;
}

/**
 * Every project of a workspace (names resolve against all of them), with the users of the listed
 * ones (a pinned id found in the listing, or a name exactly one project has) and the group grants
 * of those that manage them or give access the plan needs (`readGrants`).
 */
async function readProjects(
  reader: LiveReader,
  accountId: string,
  workspaceId: string,
  listed: DesiredProject[],
  access: AccessGroups | undefined,
): Promise<LiveProject[]> {
  const projects = await reader.listProjects(accountId, workspaceId);
  const read = managed(listed, projects);
  return Promise.all(
    projects.map(async ({ id, name, restricted }): Promise<LiveProject> => {
      const desired = read.get(id);
      if (!desired) return { id, name, restricted };
      const [members, grants] = await Promise.all([
        reader.listProjectUsers(accountId, id, { includeDeactivated: true }),
        readGrants(
          () => reader.listProjectGroups(accountId, id),
          desired,
          projectGrantsGiveAccess(desired, restricted),
          access,
        ),
      ]);
      return { id, name, restricted, members, ...(grants ? { groupGrants: grants } : {}) };
    }),
  );
}

/** The members of `ids` among the account's groups, by group id. */
async function readGroupMembers(
  reader: LiveReader,
  accountId: string,
  groups: readonly LiveGroup[],
  ids: ReadonlySet<string>,
): Promise<Map<string, LiveUser[]>> {
  const read = await Promise.all(
    groups
      .filter((g) => ids.has(g.id))
      .map(async (g) => [g.id, await reader.listGroupMembers(accountId, g.id)] as const),
  );
  return new Map(read);
}

/** The live groups the declared `names` mean (a pinned id, or a name exactly one group has). */
function boundGroups(desired: DesiredAccount, names: ReadonlySet<string>, groups: readonly LiveGroup[]): Set<string> {
  return new Set(
    managed(
      desired.frameioGroups.filter((g) => names.has(g.name)),
      groups,
    ).keys(),
  );
}

/**
 * The managed workspaces and listed projects, then (opted in) the members of the groups the plan
 * needs: managed ones, read alongside, and those `readGrants` found where access counts, read after.
 */
async function readMembers(reader: LiveReader, head: AccountHead): Promise<LiveAccount> {
  const accountId = head.desired.id;
  const groups = head.account.groups;
  const access: AccessGroups | undefined = groups ? { ids: new Set(), names: new Set() } : undefined;
  const workspaces = managed(head.desired.workspaces, head.workspaces);
  const readWorkspace = async (
    ws: { id: string; name: string },
    desired: DesiredWorkspace[],
  ): Promise<LiveWorkspace> => {
    const listed = desired.flatMap((entry) => entry.projects);
    // A workspace that lists no project costs no projects call.
    const [members, projects, grants] = await Promise.all([
      reader.listWorkspaceUsers(accountId, ws.id, { includeDeactivated: true }),
      listed.length > 0 ? readProjects(reader, accountId, ws.id, listed, access) : undefined,
      readGrants(
        () => reader.listWorkspaceGroups(accountId, ws.id),
        desired,
        workspaceGrantsGiveAccess(desired),
        access,
      ),
    ]);
    return {
      id: ws.id,
      name: ws.name,
      members,
      ...(projects ? { projects } : {}),
      ...(grants ? { groupGrants: grants } : {}),
    };
  };
  const managedIds = groups ? boundGroups(head.desired, managedGroupNames(head.desired), groups) : new Set<string>();
  const [live, managedMembers] = await Promise.all([
    Promise.all(
      head.workspaces.map((ws) => {
        const desired = workspaces.get(ws.id);
        return desired ? readWorkspace(ws, desired) : { id: ws.id, name: ws.name };
      }),
    ),
    groups ? readGroupMembers(reader, accountId, groups, managedIds) : new Map<string, LiveUser[]>(),
  ]);
  if (!groups || !access) return { ...head.account, workspaces: live };
  const more = new Set([...access.ids, ...boundGroups(head.desired, access.names, groups)]);
  for (const id of managedIds) more.delete(id);
  const accessMembers = await readGroupMembers(reader, accountId, groups, more);
  const withMembers = groups.map((group) => {
    const members = managedMembers.get(group.id) ?? accessMembers.get(group.id);
    return members ? { ...group, members } : group;
  });
  return { ...head.account, workspaces: live, groups: withMembers };
}

/**
 * The same Frame.io account named twice, by its UUID in one place and as `adobe:<org id>` in
 * another, would be planned twice with different rules: refused, naming both places.
 */
function sameAccountTwice(manifest: Manifest, accounts: { id: string; adobeId?: string | null }[]): void {
  const uuidOf = new Map<string, string>();
  for (const a of accounts) if (a.adobeId) uuidOf.set(`adobe:${a.adobeId}`, a.id.toLowerCase());
  const seen = new Map<string, DesiredAccount>();
  const diagnostics: Diagnostic[] = [];
  for (const desired of manifest.accounts) {
    const uuid = uuidOf.get(desired.id) ?? desired.id.toLowerCase();
    const first = seen.get(uuid);
    if (first) {
      diagnostics.push({
        severity: 'error',
        pos: desired.pos,
        message:
          `account ${desired.id} is the same Frame.io account as ${first.id} at ${formatPos(first.pos)}; manage it ` +
          'under one id',
      });
    } else seen.set(uuid, desired);
  }
  if (diagnostics.length > 0) throw new ManifestError(diagnostics, 'the manifest does not match what Frame.io holds');
}

export interface FetchLiveOptions {
  /**
   * Called once every account's users are read and before any workspace's members are: a check
   * that throws (the token cannot change roles) stops the read before its long part.
   */
  beforeMembers?: (self: LiveState['self'], accounts: Omit<LiveAccount, 'workspaces'>[]) => void;
}

/**
 * Reads `/v4/me`, then for every account of the manifest its users and its workspaces (and its
 * groups, when it opts into them), then the members of the managed workspaces, the projects of
 * those that list projects and the users of the listed projects, the group grants of the listed
 * scopes that manage them or where the plan removes or restricts, concurrently (the reader paces the
 * calls), and the members of the groups the plan needs (`readMembers`). `GET /v4/accounts`
 * is read only when some account declares a `name` to compare with the live one, or is named by an
 * `adobe:` id (to tell whether another entry names the same account by its UUID).
 */
export async function fetchLive(
  reader: LiveReader,
  manifest: Manifest,
  options: FetchLiveOptions = {},
): Promise<LiveState> {
  const wantAccounts = manifest.accounts.some(
    (account) => account.name !== undefined || account.id.startsWith('adobe:'),
  );
  const [self, accounts] = await Promise.all([reader.me(), wantAccounts ? reader.listAccounts() : Promise.resolve([])]);
  sameAccountTwice(manifest, accounts);
  // An account may be named by its Frame.io id or as `adobe:<IMS org id>`.
  const names = new Map<string, string | null>();
  for (const a of accounts) {
    names.set(a.id, a.displayName);
    if (a.adobeId) names.set(`adobe:${a.adobeId}`, a.displayName);
  }
  const heads = await Promise.all(
    manifest.accounts.map((desired) => readAccountHead(reader, desired, names.get(desired.id) ?? null)),
  );
  options.beforeMembers?.(
    self,
    heads.map((head) => head.account),
  );
  // Only group calls are experimental: an account whose API lacks them fails the read, naming the opt-in.
  const live = await Promise.all(
    heads.map((head) => readMembers(reader, head).catch((error: unknown) => groupsUnavailable(head.desired, error))),
  );
  return { self, accounts: live };
}
