// The typed Frame.io V4 calls rolesync makes, returning the shapes of src/live/types.ts. Each
// answer is checked before use: a field we don't understand is an API_PROTOCOL error, never a guess.
import { RolesyncError } from '../errors.js';
import { resolveBaseUrl } from './config.js';
import type { LiveAccountUser, LiveProjectMember, LiveUser, LiveWorkspaceMember } from '../live/types.js';
import {
  GROUP_ROLES,
  MAX_GROUP_USER_IDS,
  isAccountRole,
  isGroupRole,
  isProjectListRole,
  isProjectRole,
  isSettableAccountRole,
  isWorkspaceListRole,
  isWorkspaceRole,
  type GroupRole,
  type ProjectRole,
  type SettableAccountRole,
  type WorkspaceRole,
} from '../api/index.js';
import { credentialsFromEnv, type Credentials } from '../auth/env.js';
import { Http, type ClientOptions, type ClientStats, type Query } from './http.js';
import { readAuditLog, type AuditFilters, type AuditRead } from './audit.js';
import { listAll, listUnique, pages } from './paging.js';

export interface Me {
  id: string;
  email: string;
  name: string | null;
}

export interface AccountSummary {
  id: string;
  displayName: string | null;
  /** The IMS org id of an Adobe-managed account: a manifest may name it `adobe:<adobeId>`. */
  adobeId: string | null;
  /** The token user's own roles in that account. */
  roles: string[];
}

export interface WorkspaceSummary {
  id: string;
  name: string;
}

export interface ProjectSummary {
  id: string;
  name: string;
  /** null when the answer leaves `restricted` out (the API documents it as optional): unknown, never drift. */
  restricted: boolean | null;
}

/** A Frame.io group of the account (`GroupCommon`, and `sync_status` for a synced one). */
export interface GroupSummary {
  id: string;
  name: string;
  /**
   * `frame`, `adobe` or `workfront` as documented; kept as the API spells it, so a source added later
   * reads as what it is: anything but `frame` is synced from elsewhere, its membership read-only.
   */
  source: string;
  /** An `adobe` group's sync state (`not_started`, `in_progress`, `completed`, `error`); null when absent. */
  syncStatus: string | null;
  memberCount: number;
}

/** A group's grant on a workspace or a project. */
export interface GroupGrant {
  groupId: string;
  /** null when the row names the group by id alone (the row's shape is undocumented). */
  groupName: string | null;
  /** A workspace role: the group enum is undocumented, so `workspace_admin` is read if it comes. */
  role: WorkspaceRole;
}

export interface ListUsersOptions {
  /** Also list deactivated users (rolesync always wants them: they still hold roles). */
  includeDeactivated?: boolean;
}

export type RemoveResult = 'removed' | 'already_absent';

// An explicit order: Frame.io promises none across pages without a `sort`. The paging
// re-sends it on every page whose link lacks it.
const USER_SORT = 'email_asc';
const WORKSPACE_SORT = 'name_asc';
const PROJECT_SORT = 'name_asc';
const GROUP_SORT = 'name_asc';

function userQuery(options: ListUsersOptions): Query {
  return options.includeDeactivated ? { sort: USER_SORT, include_deactivated: true } : { sort: USER_SORT };
}

function seg(id: string): string {
  return encodeURIComponent(id);
}

function bad(where: string, what: string): RolesyncError {
  return new RolesyncError('API_PROTOCOL', `${where}: ${what}; rolesync cannot use this answer`);
}

function record(value: unknown, where: string, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(where, `${what} is not an object`);
  return value as Record<string, unknown>;
}

function nullableString(value: unknown, where: string, what: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw bad(where, `${what} is not a string`);
  return value;
}

function parseUser(raw: unknown, where: string): LiveUser {
  const user = record(raw, where, 'user');
  if (typeof user.email !== 'string' || user.email === '') throw bad(where, 'user.email is missing');
  if (!('id' in user)) throw bad(where, `user.id is missing for ${user.email}`);
  const active = user.active;
  if (active !== undefined && active !== null && typeof active !== 'boolean')
    throw bad(where, `user.active is not a boolean for ${user.email}`);
  return {
    id: nullableString(user.id, where, 'user.id'),
    email: user.email,
    name: nullableString(user.name, where, 'user.name'),
    active: active ?? null,
  };
}

function parseAccountUser(raw: unknown, where: string): LiveAccountUser {
  const item = record(raw, where, 'item');
  const user = parseUser(item.user, where);
  const role = item.role;
  if (role !== null && !isAccountRole(role)) {
    throw bad(where, `unknown account role ${JSON.stringify(role)} for ${user.email}`);
  }
  return { user, role };
}

function parseWorkspaceMember(raw: unknown, where: string): LiveWorkspaceMember {
  const item = record(raw, where, 'item');
  const user = parseUser(item.user, where);
  if (!isWorkspaceListRole(item.role)) {
    throw bad(where, `unknown workspace role ${JSON.stringify(item.role)} for ${user.email}`);
  }
  return { user, role: item.role };
}

function parseProjectMember(raw: unknown, where: string): LiveProjectMember {
  const item = record(raw, where, 'item');
  const user = parseUser(item.user, where);
  if (!isProjectListRole(item.role)) {
    throw bad(where, `unknown project role ${JSON.stringify(item.role)} for ${user.email}`);
  }
  return { user, role: item.role };
}

/** A `Project`'s id, name and `restricted` (absent or null: unknown). */
function parseProject(raw: unknown, where: string): ProjectSummary & { workspaceId: unknown } {
  const item = record(raw, where, 'project');
  if (typeof item.id !== 'string' || item.id === '') throw bad(where, 'a project has no id');
  if (typeof item.name !== 'string') throw bad(where, `project ${item.id} has no name`);
  const restricted = item.restricted ?? null;
  if (restricted !== null && typeof restricted !== 'boolean')
    throw bad(where, `project ${item.id}: restricted is ${JSON.stringify(restricted)}, not a boolean`);
  return { id: item.id, name: item.name, restricted, workspaceId: item.workspace_id };
}

/** A group as `GroupCommon` has it; `sync_status` read when present. */
function parseGroup(raw: unknown, where: string): GroupSummary {
  const item = record(raw, where, 'group');
  if (typeof item.id !== 'string' || item.id === '') throw bad(where, 'a group has no id');
  if (typeof item.name !== 'string') throw bad(where, `group ${item.id} has no name`);
  if (typeof item.source !== 'string' || item.source === '') throw bad(where, `group ${item.id} has no source`);
  const count = item.member_count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw bad(where, `group ${item.id}: member_count is ${JSON.stringify(count)}, not a count`);
  const syncStatus = nullableString(item.sync_status, where, `group ${item.id}'s sync_status`);
  return { id: item.id, name: item.name, source: item.source, syncStatus, memberCount: count };
}

/**
 * A row of a group-grant listing. Its fields are undocumented: the group is read from a `group`
 * object (`id`, `name`) or from `group_id` (and `group_name` when given); both at once must agree.
 */
function parseGroupGrant(raw: unknown, where: string): GroupGrant {
  const item = record(raw, where, 'item');
  let groupId: string | undefined;
  let groupName: string | null = null;
  if (item.group !== undefined && item.group !== null) {
    const group = record(item.group, where, 'group');
    if (typeof group.id !== 'string' || group.id === '') throw bad(where, 'a group grant’s group has no id');
    groupId = group.id;
    groupName = nullableString(group.name, where, `group ${group.id}'s name`);
  }
  if (item.group_id !== undefined && item.group_id !== null) {
    if (typeof item.group_id !== 'string' || item.group_id === '')
      throw bad(where, 'a group grant’s group_id is not an id');
    if (groupId !== undefined && groupId !== item.group_id)
      throw bad(where, `a group grant names group ${groupId} and group_id ${item.group_id}`);
    groupId = item.group_id;
    groupName ??= nullableString(item.group_name, where, `group ${item.group_id}'s group_name`);
  }
  if (groupId === undefined) throw bad(where, 'a group grant names no group (neither "group" nor "group_id")');
  if (!isWorkspaceRole(item.role))
    throw bad(where, `unknown group role ${JSON.stringify(item.role)} for group ${groupId}`);
  return { groupId, groupName, role: item.role };
}

function checkGroupRole(role: GroupRole): void {
  if (!isGroupRole(role))
    throw new RolesyncError(
      'USAGE',
      `cannot give a group the role ${JSON.stringify(role)}: only ${GROUP_ROLES.join(', ')}`,
    );
}

function dataOf(body: unknown, where: string): Record<string, unknown> {
  return record(record(body, where, 'the answer').data, where, '"data"');
}

export class FrameioClient {
  private readonly http: Http;

  constructor(options: ClientOptions) {
    this.http = new Http(options);
  }

  /** The API base this client talks to (never includes the token). */
  get baseUrl(): string {
    return this.http.base.href;
  }

  get stats(): ClientStats {
    return this.http.stats;
  }

  /** Each page's raw `data` array of a list endpoint (page_size=100, links.next followed). */
  pages(path: string, query: Query = {}): AsyncGenerator<unknown[]> {
    return pages(this.http, path, query);
  }

  listAll(path: string, query: Query = {}): Promise<unknown[]> {
    return listAll(this.http, path, query);
  }

  /**
   * An account's audit-log events that match `filters` (with their actor), reading at most `maxPages`
   * pages of 100; `complete` false when the listing went on past them.
   */
  auditLog(accountId: string, filters: AuditFilters, maxPages: number): Promise<AuditRead> {
    return readAuditLog(this.http, accountId, filters, maxPages);
  }

  async me(): Promise<Me> {
    const where = 'GET /v4/me';
    const { body } = await this.http.request('GET', this.http.url('/v4/me'));
    const data = dataOf(body, where);
    if (typeof data.id !== 'string' || typeof data.email !== 'string')
      throw bad(where, 'data.id or data.email is missing');
    return { id: data.id, email: data.email, name: nullableString(data.name, where, 'data.name') };
  }

  async listAccounts(): Promise<AccountSummary[]> {
    const path = '/v4/accounts';
    return (await this.listAll(path)).map((raw) => {
      const item = record(raw, `GET ${path}`, 'account');
      if (typeof item.id !== 'string') throw bad(`GET ${path}`, 'an account has no id');
      const roles = Array.isArray(item.roles) ? item.roles.filter((r): r is string => typeof r === 'string') : [];
      const adobeId = typeof item.adobe_id === 'string' ? item.adobe_id : null;
      return {
        id: item.id,
        displayName: nullableString(item.display_name, `GET ${path}`, 'display_name'),
        adobeId,
        roles,
      };
    });
  }

  async listAccountUsers(accountId: string, options: ListUsersOptions = {}): Promise<LiveAccountUser[]> {
    const path = `/v4/accounts/${seg(accountId)}/users`;
    return listUnique(
      this.http,
      path,
      userQuery(options),
      (raw) => parseAccountUser(raw, `GET ${path}`),
      (item) => item.user.id,
      'user',
    );
  }

  async listWorkspaces(accountId: string): Promise<WorkspaceSummary[]> {
    const path = `/v4/accounts/${seg(accountId)}/workspaces`;
    const parse = (raw: unknown): WorkspaceSummary => {
      const item = record(raw, `GET ${path}`, 'workspace');
      if (typeof item.id !== 'string' || typeof item.name !== 'string')
        throw bad(`GET ${path}`, 'a workspace has no id or name');
      return { id: item.id, name: item.name };
    };
    return listUnique(this.http, path, { sort: WORKSPACE_SORT }, parse, (ws) => ws.id, 'workspace');
  }

  async listWorkspaceUsers(
    accountId: string,
    workspaceId: string,
    options: ListUsersOptions = {},
  ): Promise<LiveWorkspaceMember[]> {
    const path = `/v4/accounts/${seg(accountId)}/workspaces/${seg(workspaceId)}/users`;
    return listUnique(
      this.http,
      path,
      userQuery(options),
      (raw) => parseWorkspaceMember(raw, `GET ${path}`),
      (item) => item.user.id,
      'user',
    );
  }

  /** PATCH the account role (admin or member only: the API cannot set owner or reviewer). */
  async setAccountRole(accountId: string, userId: string, role: SettableAccountRole): Promise<SettableAccountRole> {
    if (!isSettableAccountRole(role))
      throw new RolesyncError('USAGE', `cannot set account role ${JSON.stringify(role)}: only admin or member`);
    const path = `/v4/accounts/${seg(accountId)}/users/${seg(userId)}`;
    const { body } = await this.http.request('PATCH', this.http.url(path), { body: { data: { role } } });
    const answered = dataOf(body, `PATCH ${path}`).role;
    if (!isSettableAccountRole(answered))
      throw bad(`PATCH ${path}`, `the answer's role is ${JSON.stringify(answered)}`);
    return answered;
  }

  /** PATCH a workspace role; the API adds the user when not yet a member (upsert). */
  async setWorkspaceRole(
    accountId: string,
    workspaceId: string,
    userId: string,
    role: WorkspaceRole,
  ): Promise<WorkspaceRole> {
    if (!isWorkspaceRole(role)) throw new RolesyncError('USAGE', `cannot set workspace role ${JSON.stringify(role)}`);
    const path = `/v4/accounts/${seg(accountId)}/workspaces/${seg(workspaceId)}/users/${seg(userId)}`;
    const { body } = await this.http.request('PATCH', this.http.url(path), { body: { data: { role } } });
    const answered = dataOf(body, `PATCH ${path}`).role;
    if (!isWorkspaceRole(answered)) throw bad(`PATCH ${path}`, `the answer's role is ${JSON.stringify(answered)}`);
    return answered;
  }

  /** DELETE a workspace membership. A 404 means it is already gone (a retry of ours, or someone else). */
  async removeWorkspaceUser(accountId: string, workspaceId: string, userId: string): Promise<RemoveResult> {
    const path = `/v4/accounts/${seg(accountId)}/workspaces/${seg(workspaceId)}/users/${seg(userId)}`;
    const { status } = await this.http.request('DELETE', this.http.url(path), { accept: [404] });
    return status === 404 ? 'already_absent' : 'removed';
  }

  /** Every project of a workspace, by name. */
  async listProjects(accountId: string, workspaceId: string): Promise<ProjectSummary[]> {
    const path = `/v4/accounts/${seg(accountId)}/workspaces/${seg(workspaceId)}/projects`;
    const parse = (raw: unknown): ProjectSummary => {
      const { id, name, restricted } = parseProject(raw, `GET ${path}`);
      return { id, name, restricted };
    };
    return listUnique(this.http, path, { sort: PROJECT_SORT }, parse, (p) => p.id, 'project');
  }

  /** One project and its workspace. A project that does not exist (or was deleted) is an ApiError with status 404. */
  async showProject(accountId: string, projectId: string): Promise<ProjectSummary & { workspaceId: string }> {
    const path = `/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}`;
    const where = `GET ${path}`;
    const { body } = await this.http.request('GET', this.http.url(path));
    const { workspaceId, ...project } = parseProject(dataOf(body, where), where);
    if (typeof workspaceId !== 'string' || workspaceId === '') throw bad(where, 'data.workspace_id is missing');
    return { ...project, workspaceId };
  }

  /** The users of a project as the API lists them (direct grants, and perhaps inherited access). */
  async listProjectUsers(
    accountId: string,
    projectId: string,
    options: ListUsersOptions = {},
  ): Promise<LiveProjectMember[]> {
    const path = `/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}/users`;
    return listUnique(
      this.http,
      path,
      userQuery(options),
      (raw) => parseProjectMember(raw, `GET ${path}`),
      (item) => item.user.id,
      'user',
    );
  }

  /** PATCH a direct project grant; the API adds the user to the project when they hold none (upsert). */
  async setProjectRole(accountId: string, projectId: string, userId: string, role: ProjectRole): Promise<ProjectRole> {
    if (!isProjectRole(role)) throw new RolesyncError('USAGE', `cannot set project role ${JSON.stringify(role)}`);
    const path = `/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}/users/${seg(userId)}`;
    const { body } = await this.http.request('PATCH', this.http.url(path), { body: { data: { role } } });
    const answered = dataOf(body, `PATCH ${path}`).role;
    if (!isProjectRole(answered)) throw bad(`PATCH ${path}`, `the answer's role is ${JSON.stringify(answered)}`);
    return answered;
  }

  /** DELETE a direct project grant. A 404 means there is none (already removed, or never held). */
  async removeProjectUser(accountId: string, projectId: string, userId: string): Promise<RemoveResult> {
    const path = `/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}/users/${seg(userId)}`;
    const { status } = await this.http.request('DELETE', this.http.url(path), { accept: [404] });
    return status === 404 ? 'already_absent' : 'removed';
  }

  /**
   * PATCH a project's `restricted` setting; answers the value now set. An answer without the key
   * (it is optional) confirms the request; one that says otherwise is an API_PROTOCOL error.
   */
  async setProjectRestricted(accountId: string, projectId: string, restricted: boolean): Promise<boolean> {
    if (typeof restricted !== 'boolean')
      throw new RolesyncError('USAGE', `restricted must be true or false, not ${JSON.stringify(restricted)}`);
    const path = `/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}`;
    const where = `PATCH ${path}`;
    const { body } = await this.http.request('PATCH', this.http.url(path), { body: { data: { restricted } } });
    const answered = parseProject(dataOf(body, where), where).restricted;
    if (answered !== null && answered !== restricted)
      throw bad(where, `the answer says restricted is ${answered} after setting it to ${restricted}`);
    return restricted;
  }

  // ---- groups: the account's groups are stable; members and grants are experimental (Http sends
  // `api-version: experimental` for those, and names the feature when an account lacks them) ----

  /** Every group of the account, by name. */
  async listGroups(accountId: string): Promise<GroupSummary[]> {
    const path = `/v4/accounts/${seg(accountId)}/groups`;
    return listUnique(
      this.http,
      path,
      { sort: GROUP_SORT },
      (raw) => parseGroup(raw, `GET ${path}`),
      (g) => g.id,
      'group',
    );
  }

  /** One group. A group that does not exist is an ApiError with status 404. */
  async showGroup(accountId: string, groupId: string): Promise<GroupSummary> {
    const path = `/v4/accounts/${seg(accountId)}/groups/${seg(groupId)}`;
    const { body } = await this.http.request('GET', this.http.url(path));
    return parseGroup(dataOf(body, `GET ${path}`), `GET ${path}`);
  }

  /**
   * Creates a Frame group (name and emoji are both required, 1 to 255 characters). Sent once: a
   * create is not idempotent, so a 5xx or a lost answer is an error, never a second group.
   */
  async createGroup(accountId: string, name: string, emoji: string): Promise<GroupSummary> {
    for (const [field, value] of [
      ['name', name],
      ['emoji', emoji],
    ] as const)
      if (typeof value !== 'string' || value.length < 1 || value.length > 255)
        throw new RolesyncError(
          'USAGE',
          `a group's ${field} must be 1 to 255 characters, not ${JSON.stringify(value)}`,
        );
    const path = `/v4/accounts/${seg(accountId)}/groups`;
    const { body } = await this.http.request('POST', this.http.url(path), {
      body: { data: { name, emoji } },
      once: true,
    });
    return parseGroup(dataOf(body, `POST ${path}`), `POST ${path}`);
  }

  /**
   * A group's members, as users. The listing's `links.next` is followed as given: the reference's
   * example points it at `.../members` rather than `.../users`, which is taken as the same listing.
   */
  async listGroupMembers(accountId: string, groupId: string): Promise<LiveUser[]> {
    const base = `/v4/accounts/${seg(accountId)}/groups/${seg(groupId)}`;
    const path = `${base}/users`;
    return listUnique(
      this.http,
      path,
      { sort: USER_SORT },
      (raw) => parseUser(raw, `GET ${path}`),
      (user) => user.id,
      'user',
      [`${base}/members`],
    );
  }

  /**
   * Adds users to a Frame group, at most MAX_GROUP_USER_IDS per call (the reference states no bound).
   * The API rejects a whole call when any id in it is not a user it accepts, so callers check the ids
   * first; a later call's failure leaves the earlier calls' members added.
   */
  async addGroupMembers(accountId: string, groupId: string, userIds: readonly string[]): Promise<void> {
    const path = `/v4/accounts/${seg(accountId)}/groups/${seg(groupId)}/users`;
    const ids = [...new Set(userIds)];
    for (let i = 0; i < ids.length; i += MAX_GROUP_USER_IDS) {
      const batch = ids.slice(i, i + MAX_GROUP_USER_IDS);
      await this.http.request('POST', this.http.url(path), { body: { data: { user_ids: batch } } });
    }
  }

  /**
   * Removes a member. A 404 means they are not one (already removed); on an account without the
   * experimental API that 404 reads the same, which is why a run reads the members first.
   */
  async removeGroupMember(accountId: string, groupId: string, userId: string): Promise<RemoveResult> {
    const path = `/v4/accounts/${seg(accountId)}/groups/${seg(groupId)}/users/${seg(userId)}`;
    const { status } = await this.http.request('DELETE', this.http.url(path), { accept: [404] });
    return status === 404 ? 'already_absent' : 'removed';
  }

  /** The groups granted a role on a workspace. */
  async listWorkspaceGroups(accountId: string, workspaceId: string): Promise<GroupGrant[]> {
    return this.listGrants(`/v4/accounts/${seg(accountId)}/workspaces/${seg(workspaceId)}/groups`);
  }

  /** The groups granted a role on a project. */
  async listProjectGroups(accountId: string, projectId: string): Promise<GroupGrant[]> {
    return this.listGrants(`/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}/groups`);
  }

  /** PATCH a group's role on a workspace: assigns the group, or changes its role (upsert). */
  async setWorkspaceGroupRole(
    accountId: string,
    workspaceId: string,
    groupId: string,
    role: GroupRole,
  ): Promise<GroupRole> {
    return this.setGrant(`/v4/accounts/${seg(accountId)}/workspaces/${seg(workspaceId)}/groups/${seg(groupId)}`, role);
  }

  /** DELETE a group's workspace grant (members keep their direct roles). A 404 means it holds none. */
  async removeWorkspaceGroup(accountId: string, workspaceId: string, groupId: string): Promise<RemoveResult> {
    return this.removeGrant(`/v4/accounts/${seg(accountId)}/workspaces/${seg(workspaceId)}/groups/${seg(groupId)}`);
  }

  /** PATCH a group's role on a project (upsert). */
  async setProjectGroupRole(
    accountId: string,
    projectId: string,
    groupId: string,
    role: GroupRole,
  ): Promise<GroupRole> {
    return this.setGrant(`/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}/groups/${seg(groupId)}`, role);
  }

  /** DELETE a group's project grant. A 404 means it holds none. */
  async removeProjectGroup(accountId: string, projectId: string, groupId: string): Promise<RemoveResult> {
    return this.removeGrant(`/v4/accounts/${seg(accountId)}/projects/${seg(projectId)}/groups/${seg(groupId)}`);
  }

  private listGrants(path: string): Promise<GroupGrant[]> {
    const parse = (raw: unknown) => parseGroupGrant(raw, `GET ${path}`);
    return listUnique(this.http, path, { sort: GROUP_SORT }, parse, (g) => g.groupId, 'group');
  }

  private async setGrant(path: string, role: GroupRole): Promise<GroupRole> {
    checkGroupRole(role);
    const { body } = await this.http.request('PATCH', this.http.url(path), { body: { data: { role } } });
    const answered = dataOf(body, `PATCH ${path}`).role;
    if (!isGroupRole(answered)) throw bad(`PATCH ${path}`, `the answer's role is ${JSON.stringify(answered)}`);
    return answered;
  }

  private async removeGrant(path: string): Promise<RemoveResult> {
    const { status } = await this.http.request('DELETE', this.http.url(path), { accept: [404] });
    return status === 404 ? 'already_absent' : 'removed';
  }
}

/**
 * A client configured from FRAMEIO_API_URL and the credentials of the environment (FRAMEIO_TOKEN,
 * FRAMEIO_CLIENT_ID/SECRET, or the saved login: CONTRACT §3).
 */
export function clientFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: Omit<ClientOptions, 'token' | 'tokenSource' | 'baseUrl'> = {},
): FrameioClient {
  return clientAndCredentials(env, options).client;
}

/** clientFromEnv, and the credentials it uses (for `whoami`: their kind and when the token ends). */
export function clientAndCredentials(
  env: Record<string, string | undefined>,
  options: Omit<ClientOptions, 'token' | 'tokenSource' | 'baseUrl'> = {},
): { client: FrameioClient; credentials: Credentials } {
  // The API URL is checked first: a wrong one is said before any IMS call is made.
  const config: ClientOptions = { ...options };
  if (env.FRAMEIO_API_URL !== undefined) config.baseUrl = env.FRAMEIO_API_URL;
  resolveBaseUrl(config.baseUrl);
  const credentials = credentialsFromEnv(env, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { client: new FrameioClient({ ...config, tokenSource: credentials.source }), credentials };
}
