// Reads the live state a manifest manages, whole or not at all: every page of every list is read
// before anything is returned, and any failed page rejects the read (a partial list would look
// like removals to the planner). Only what the manifest lists is read: the members of managed
// workspaces, the projects of those that list projects, and the users of listed projects; for an
// account that opts into Frame.io groups, its groups and the members and grants the manifest needs.
import type { WorkspaceRole } from '../api/index.js';
import { ApiError, ManifestError, formatPos, type Diagnostic } from '../errors.js';
import type { Manifest, DesiredAccount, DesiredProject, DesiredWorkspace } from '../manifest/types.js';
import { groupsUnavailable, groupsWithMembers, liveGroup, liveGroupGrant, usesFrameioGroups } from './groups.js';
import type {
  LiveAccount,
  LiveAccountUser,
  LiveGroup,
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
 * Whether a scope's group grants are read: the account opts into Frame.io groups and some entry
 * naming the scope has a `frameio_groups:` key (without one its grants are not managed).
 */
function grantsManaged(optedIn: boolean, entries: readonly { frameioGroups: unknown }[]): boolean {
  return optedIn && entries.some((entry) => entry.frameioGroups !== null);
}

/**
 * Every project of a workspace (names resolve against all of them), with the users of the listed
 * ones (a pinned id found in the listing, or a name exactly one project has) and the group grants
 * of those that manage them.
 */
async function readProjects(
  reader: LiveReader,
  accountId: string,
  workspaceId: string,
  listed: DesiredProject[],
  optedIn: boolean,
): Promise<LiveProject[]> {
  const projects = await reader.listProjects(accountId, workspaceId);
  const read = managed(listed, projects);
  return Promise.all(
    projects.map(async ({ id, name, restricted }): Promise<LiveProject> => {
      const desired = read.get(id);
      if (!desired) return { id, name, restricted };
      const [members, grants] = await Promise.all([
        reader.listProjectUsers(accountId, id, { includeDeactivated: true }),
        grantsManaged(optedIn, desired) ? reader.listProjectGroups(accountId, id) : undefined,
      ]);
      return { id, name, restricted, members, ...(grants ? { groupGrants: grants.map(liveGroupGrant) } : {}) };
    }),
  );
}

/** The members of the groups the manifest needs them of (`groupsWithMembers`) that it matches live. */
async function readGroups(reader: LiveReader, desired: DesiredAccount, groups: LiveGroup[]): Promise<LiveGroup[]> {
  const wanted = groupsWithMembers(desired);
  const read = managed(
    desired.frameioGroups.filter((g) => wanted.has(g.name)),
    groups,
  );
  return Promise.all(
    groups.map(async (group) =>
      read.has(group.id) ? { ...group, members: await reader.listGroupMembers(desired.id, group.id) } : group,
    ),
  );
}

async function readMembers(reader: LiveReader, head: AccountHead): Promise<LiveAccount> {
  const accountId = head.desired.id;
  const optedIn = usesFrameioGroups(head.desired);
  const workspaces = managed(head.desired.workspaces, head.workspaces);
  const readWorkspace = async (
    ws: { id: string; name: string },
    desired: DesiredWorkspace[],
  ): Promise<LiveWorkspace> => {
    const listed = desired.flatMap((entry) => entry.projects);
    // A workspace that lists no project costs no projects call.
    const [members, projects, grants] = await Promise.all([
      reader.listWorkspaceUsers(accountId, ws.id, { includeDeactivated: true }),
      listed.length > 0 ? readProjects(reader, accountId, ws.id, listed, optedIn) : undefined,
      grantsManaged(optedIn, desired) ? reader.listWorkspaceGroups(accountId, ws.id) : undefined,
    ]);
    return {
      id: ws.id,
      name: ws.name,
      members,
      ...(projects ? { projects } : {}),
      ...(grants ? { groupGrants: grants.map(liveGroupGrant) } : {}),
    };
  };
  const [live, groups] = await Promise.all([
    Promise.all(
      head.workspaces.map((ws) => {
        const desired = workspaces.get(ws.id);
        return desired ? readWorkspace(ws, desired) : { id: ws.id, name: ws.name };
      }),
    ),
    head.account.groups ? readGroups(reader, head.desired, head.account.groups) : undefined,
  ]);
  return { ...head.account, workspaces: live, ...(groups ? { groups } : {}) };
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
 * scopes that manage them and the members of the groups `groupsWithMembers` names, concurrently (the
 * reader paces the calls). `GET /v4/accounts`
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
