// The export use case: read one account (users, workspaces, members of the exported ones, with
// `projects` their projects and each project's users, with `groups` its Frame.io groups and the
// group grants of the exported scopes), build the manifest, and prove it before handing it out: it
// must validate and plan to zero changes against the very state it was read from.
import type { FrameioClient } from '../client/frameio.js';
import { RolesyncError } from '../errors.js';
import {
  groupsCost,
  inferGroups,
  projectsCost,
  renderExportYaml,
  schemaRef,
  snapshotAccount,
  type ExportInput,
  type ExportModel,
  type GroupsCost,
  type ProjectsCost,
} from '../export/index.js';
import type { LiveReader } from '../live/fetch.js';
import type {
  LiveGroup,
  LiveGroupGrant,
  LiveProject,
  LiveState,
  LiveWorkspace,
  LiveWorkspaceMember,
} from '../live/types.js';
import type { Change } from '../plan/types.js';
import { checkManifestSources } from '../manifest/load.js';
import { buildPlan } from '../plan/index.js';
import { isUserChange } from '../plan/order.js';
import { compareStrings } from '../compare.js';
import { projectTitle, scopeLabel } from '../names.js';
import { checkTokenRole } from './token-role.js';

/** The calls `groups` makes: the account's groups (one listing), members, and grants of the exported scopes. */
export type GroupsReader = Pick<
  FrameioClient,
  'listGroups' | 'listGroupMembers' | 'listWorkspaceGroups' | 'listProjectGroups'
>;

/** What export reads through; the group calls are needed only with `groups`. */
export type ExportReader = Pick<
  LiveReader,
  | 'me'
  | 'listAccounts'
  | 'listAccountUsers'
  | 'listWorkspaces'
  | 'listWorkspaceUsers'
  | 'listProjects'
  | 'listProjectUsers'
> &
  Partial<GroupsReader>;

/** What export tells about the projects read (`projects` only), for a command to show. */
export type ProjectsEvent =
  /** The projects are listed; what reading their users will cost, said before any of it is read. */
  | { type: 'cost'; cost: ProjectsCost }
  /** The users of one more project are read (every page). */
  | { type: 'read'; done: number; total: number };

/** What export tells about the Frame.io groups (`groups` only): their cost, said before it is spent. */
export type GroupsEvent = { type: 'cost'; cost: GroupsCost };

export interface ExportRequest {
  /** A Frame.io account id or `adobe:<org id>`. */
  accountId: string;
  /** Workspace names (or ids) to export; empty: all of them. */
  workspaces: string[];
  inferGroups: boolean;
  /** Also every project of the exported workspaces, with its direct grants (one users listing each). */
  projects?: boolean;
  onProjects?: (event: ProjectsEvent) => void;
  /**
   * Also the account's Frame.io groups (`experimental: [frameio_groups]`): each group pinned by id,
   * the members of `frame` groups, and the group grants of the exported workspaces (and projects).
   */
  groups?: boolean;
  onGroups?: (event: GroupsEvent) => void;
  /** The file the manifest will be written to (for the schema modeline); undefined: stdout. */
  out?: string;
  cwd: string;
  /** Told when the token can read but not change roles (export goes on: it only reads). */
  onWarning?: (message: string) => void;
}

export interface ExportResult {
  text: string;
  model: ExportModel;
  /** What was read, as `plan` would see it. */
  live: LiveState;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDs lower-cased, as the manifest loader and `plan` read them; `adobe:` ids as written. */
function normalizeAccountId(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : id;
}

function visible(accountId: string, accounts: Awaited<ReturnType<ExportReader['listAccounts']>>) {
  return accounts.find(
    (a) => normalizeAccountId(a.id) === accountId || (a.adobeId ? `adobe:${a.adobeId}` === accountId : false),
  );
}

/** What export read: the snapshot's input, and the same reads as the live state `plan` would see. */
export interface ExportRead {
  input: ExportInput;
  live: LiveState;
}

export async function exportManifest(reader: ExportReader, req: ExportRequest): Promise<ExportResult> {
  const { input, live } = await readForExport(reader, req);
  let model = snapshotAccount(input);
  if (req.inferGroups) model = inferGroups(model);
  const text = renderExportYaml(model, schemaRef(req.out, req.cwd));
  proveRoundTrip(text, live, req.out ?? 'export.yaml');
  return { text, model, live };
}

/** Every read of an export, nothing decided yet (the reads' order, and the cost lines, as said above). */
export async function readForExport(reader: ExportReader, req: ExportRequest): Promise<ExportRead> {
  const request = { ...req, accountId: normalizeAccountId(req.accountId) };
  const [self, accounts] = await Promise.all([reader.me(), reader.listAccounts()]);
  const summary = visible(request.accountId, accounts);
  // An `adobe:` id may not be listed under that form: then the reads below decide.
  if (!summary && !request.accountId.startsWith('adobe:')) {
    const seen = accounts.map((a) => scopeLabel(a.id, a.displayName)).sort(compareStrings);
    const canSee = seen.length > 0 ? `; it can see ${seen.join(', ')}` : '';
    throw new RolesyncError(
      'USAGE',
      `account ${req.accountId} is not an account this token can see${canSee}; check --account`,
    );
  }
  const displayName = summary?.displayName ?? null;
  const groupsReader = request.groups ? groupCalls(reader) : undefined;
  const [users, workspaces, groups] = await Promise.all([
    reader.listAccountUsers(request.accountId, { includeDeactivated: true }),
    reader.listWorkspaces(request.accountId),
    groupsReader?.listGroups(request.accountId),
  ]);
  checkTokenRole(self, [{ id: request.accountId, displayName, users }], 'read', request.onWarning);
  const selected = selectWorkspaces(workspaces, request.workspaces, scopeLabel(request.accountId, displayName));
  // Each workspace's members and its projects listing start together. The reads after them (the
  // projects' users, the group grants) wait for every projects listing, which their cost lines
  // count, but not for the members, which go on beside them: the client paces each by its own limit.
  const reads = selected.map((ws) => ({
    ws,
    members: reader.listWorkspaceUsers(request.accountId, ws.id, { includeDeactivated: true }),
    projects: request.projects ? reader.listProjects(request.accountId, ws.id) : undefined,
  }));
  const members = Promise.all(reads.map((r) => r.members));
  // Awaited below; a failure while the listings are awaited must not count as unhandled meanwhile.
  members.catch(() => undefined);
  const listings = await Promise.all(reads.map(async (r) => ({ ...r.ws, projects: await r.projects })));
  const [memberLists, withUsers, frameio] = await Promise.all([
    members,
    request.projects ? readProjectUsers(reader, request, listings) : listings,
    groupsReader && groups ? readGroups(groupsReader, request, groups, listings) : undefined,
  ]);
  const withMembers = withUsers.map((ws, i) => ({ ...ws, members: memberLists[i]! }));
  const exported: ExportInput['workspaces'] = frameio ? withGrants(withMembers, frameio) : withMembers;
  const input: ExportInput = {
    accountId: request.accountId,
    accountName: displayName,
    users,
    workspaces: exported,
    ...(frameio ? { groups: frameio.groups } : {}),
  };

  const read = new Map(exported.map((w) => [w.id, w]));
  const live: LiveState = {
    // Nobody's self: the guard only holds changes back, so zero changes without it is zero with it.
    self: { id: '', email: '', name: null },
    accounts: [
      {
        id: request.accountId,
        displayName,
        users,
        workspaces: workspaces.map((w): LiveWorkspace => {
          const ws = read.get(w.id);
          if (!ws) return { id: w.id, name: w.name };
          return {
            id: w.id,
            name: w.name,
            members: ws.members,
            ...(ws.projects ? { projects: ws.projects } : {}),
            ...(ws.groupGrants ? { groupGrants: ws.groupGrants } : {}),
          };
        }),
        ...(frameio ? { groups: frameio.groups } : {}),
      },
    ],
  };
  return { input, live };
}

type Listed = { id: string; name: string; members: LiveWorkspaceMember[] };
type ListedProject = { id: string; name: string; restricted: boolean | null };
/** A workspace with its projects listing (undefined: projects not read). */
type ProjectListing = { id: string; name: string; projects: ListedProject[] | undefined };

function groupCalls(reader: ExportReader): GroupsReader {
  const { listGroups, listGroupMembers, listWorkspaceGroups, listProjectGroups } = reader;
  if (!listGroups || !listGroupMembers || !listWorkspaceGroups || !listProjectGroups)
    throw new Error('export: this reader cannot read Frame.io groups');
  return {
    listGroups: listGroups.bind(reader),
    listGroupMembers: listGroupMembers.bind(reader),
    listWorkspaceGroups: listWorkspaceGroups.bind(reader),
    listProjectGroups: listProjectGroups.bind(reader),
  };
}

interface FrameioRead {
  /** Every group of the account; `members` read for `frame` groups and synced groups granted here. */
  groups: LiveGroup[];
  /** Workspace or project id -> its group grants. */
  grants: Map<string, LiveGroupGrant[]>;
}

const grantOf = (g: Awaited<ReturnType<GroupsReader['listWorkspaceGroups']>>[number]): LiveGroupGrant => ({
  group_id: g.groupId,
  role: g.role,
});

/**
 * The members of every `frame` group and the group grants of every exported workspace and project,
 * once the cost is said; then the members of the synced groups granted there, which tell a project's
 * access through a group from a direct grant (as plan reads them).
 */
async function readGroups(
  reader: GroupsReader,
  request: ExportRequest,
  groups: Awaited<ReturnType<GroupsReader['listGroups']>>,
  workspaces: ProjectListing[],
): Promise<FrameioRead> {
  const account = request.accountId;
  const projects = workspaces.flatMap((ws) => ws.projects ?? []);
  const frame = groups.filter((g) => g.source === 'frame');
  request.onGroups?.({
    type: 'cost',
    cost: groupsCost({
      groups: groups.length,
      frameGroups: frame.length,
      workspaces: workspaces.length,
      projects: projects.length,
    }),
  });
  const members = new Map<string, LiveGroup['members']>();
  const grants = new Map<string, LiveGroupGrant[]>();
  await Promise.all([
    ...frame.map(async (g) => members.set(g.id, await reader.listGroupMembers(account, g.id))),
    ...workspaces.map(async (ws) => grants.set(ws.id, (await reader.listWorkspaceGroups(account, ws.id)).map(grantOf))),
    ...projects.map(async (p) => grants.set(p.id, (await reader.listProjectGroups(account, p.id)).map(grantOf))),
  ]);
  const granted = new Set([...grants.values()].flatMap((list) => list.map((g) => g.group_id)));
  const synced = groups.filter((g) => g.source !== 'frame' && granted.has(g.id));
  await Promise.all(synced.map(async (g) => members.set(g.id, await reader.listGroupMembers(account, g.id))));
  return {
    groups: groups.map((g): LiveGroup => {
      const read = members.get(g.id);
      return {
        id: g.id,
        name: g.name,
        source: g.source,
        sync_status: g.syncStatus,
        ...(read ? { members: read } : {}),
      };
    }),
    grants,
  };
}

/** The exported workspaces and projects with the group grants read for each. */
function withGrants<W extends Listed & { projects?: LiveProject[] | undefined }>(
  workspaces: W[],
  frameio: FrameioRead,
): (W & { groupGrants: LiveGroupGrant[] })[] {
  const of = (id: string) => frameio.grants.get(id) ?? [];
  return workspaces.map((ws) => ({
    ...ws,
    groupGrants: of(ws.id),
    ...(ws.projects ? { projects: ws.projects.map((p) => ({ ...p, groupGrants: of(p.id) })) } : {}),
  }));
}

/**
 * The users of every listed project (each listing read whole), once the cost is said: every
 * projects listing is done before the first users listing starts.
 */
async function readProjectUsers(
  reader: ExportReader,
  request: ExportRequest,
  workspaces: ProjectListing[],
): Promise<(ProjectListing & { projects: LiveProject[] })[]> {
  const cost = projectsCost(workspaces.map((ws) => ws.projects?.length ?? 0));
  request.onProjects?.({ type: 'cost', cost });
  let done = 0;
  return Promise.all(
    workspaces.map(async (ws) => ({
      ...ws,
      projects: await Promise.all(
        (ws.projects ?? []).map(async (p): Promise<LiveProject> => {
          const users = await reader.listProjectUsers(request.accountId, p.id, { includeDeactivated: true });
          done += 1;
          request.onProjects?.({ type: 'read', done, total: cost.projects });
          return { ...p, members: users };
        }),
      ),
    })),
  );
}

/** Every name given must exist; all misses are reported at once with the names there are. */
function selectWorkspaces(
  all: { id: string; name: string }[],
  wanted: string[],
  label: string,
): { id: string; name: string }[] {
  if (wanted.length === 0) return all;
  const missing = wanted.filter((w) => !all.some((ws) => ws.name === w || ws.id === w));
  if (missing.length > 0) {
    const names = [...new Set(all.map((ws) => ws.name))].sort(compareStrings).map((n) => `"${n}"`);
    const list = missing.map((m) => `"${m}"`).join(', ');
    const known = names.length > 0 ? names.join(', ') : '(none)';
    throw new RolesyncError(
      'USAGE',
      `no workspace named ${list} in account ${label}; its workspaces are: ${known} (names are case-sensitive)`,
    );
  }
  return all.filter((ws) => wanted.includes(ws.name) || wanted.includes(ws.id));
}

// A manifest that fails either check is a bug of export, never the user's: say so plainly.
function proveRoundTrip(text: string, live: LiveState, path: string): void {
  const checked = checkManifestSources([{ path, rel: path, content: text }]);
  if (!checked.ok || !checked.manifest) {
    throw new Error(`export produced an invalid manifest: ${checked.diagnostics.map((d) => d.message).join('; ')}`);
  }
  const plan = buildPlan(checked.manifest, live);
  if (plan.changes.length > 0) {
    const first = plan.changes
      .slice(0, 5)
      .map((c) => `${c.action} ${changeSubject(c)}`)
      .join(', ');
    throw new Error(
      `export produced a manifest that plans ${plan.changes.length} change(s) against the state it was read ` +
        `from: ${first}`,
    );
  }
}

function changeSubject(c: Change): string {
  if ('group_name' in c) return `group ${c.group_name}`;
  if (isUserChange(c)) return c.email;
  return projectTitle(c.workspace_name, c.project_name);
}
