// The client's group calls: through real HTTP against the emulator (reads, create sent once, members
// paged at …/members, batched adds split at 100 and refused whole, grants), the api-version header
// on exactly the experimental calls, the error for an account without the experimental API; and
// against a server of our own for answers of other shapes (group grants as `group` or `group_id`).
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_GROUP_USER_IDS, apiVersionOf } from '../../src/api/index.js';
import {
  CLIENT_OPERATIONS,
  ExperimentalUnavailableError,
  FrameioClient,
  NoAnswerError,
} from '../../src/client/index.js';
import { startEmulator, type Emulator, type EmulatorStateInput } from '../../src/emulator/index.js';
import { ApiError, RolesyncError } from '../../src/errors.js';
import { CROWD_SIZE, GROUP, groupSeed } from '../emulator/group-seed.js';
import { PROJECT } from '../emulator/project-seed.js';
import { json, startLocalServer, type Handler } from './local-server.js';

const TOKEN = 'fio-demo-admin-token';
const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const MARKETING = '8897b795-ace2-4f12-b4b4-4a899aefa2d5';
const EDITORIAL = 'b39d2d7d-71e8-4bac-af70-423a40be9822';
const DAVE = '69d6a176-169e-4ea0-a5ba-d67a8593ecaf';
const BOB = 'd7b69506-b1ed-4f3a-808d-0e5f9c36ecd7';
const base = `/v4/accounts/${ACME}`;

let emulator: Emulator | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await emulator?.close();
  await closeServer?.();
  emulator = undefined;
  closeServer = undefined;
});

async function start(state: EmulatorStateInput = groupSeed()) {
  emulator = await startEmulator({ state, port: 0, timeScale: 60 });
  const api = new FrameioClient({ token: TOKEN, baseUrl: emulator.url, retry: { baseMs: 5 } });
  return { emu: emulator, api };
}

/** Ids of active account members who are in no group, in seed order. */
function loners(emu: Emulator, count: number): string[] {
  const grouped = new Set(emu.state.groups(ACME).flatMap((g) => g.members));
  return Object.entries(emu.state.accountUsers(ACME))
    .filter(([email, role]) => role === 'member' && !grouped.has(email) && emu.state.user(email)?.active === true)
    .slice(0, count)
    .map(([email]) => emu.state.user(email)!.id!);
}

describe('group reads against the emulator', () => {
  it('lists the account’s groups by name with source, sync status and member count', async () => {
    const { emu, api } = await start();
    expect(await api.listGroups(ACME)).toEqual([
      { id: GROUP.crowd, name: 'Crowd', source: 'frame', syncStatus: null, memberCount: CROWD_SIZE },
      { id: GROUP.okta, name: 'Okta Editors', source: 'adobe', syncStatus: 'completed', memberCount: 2 },
      { id: GROUP.post, name: 'Post Team', source: 'frame', syncStatus: null, memberCount: 3 },
      { id: GROUP.workfront, name: 'Workfront Crew', source: 'workfront', syncStatus: null, memberCount: 1 },
    ]);
    expect(await api.showGroup(ACME, GROUP.okta)).toEqual({
      id: GROUP.okta,
      name: 'Okta Editors',
      source: 'adobe',
      syncStatus: 'completed',
      memberCount: 2,
    });
    expect(emu.log.map((e) => [e.operation, e.query.sort, e.apiVersion])).toEqual([
      ['groups.index', 'name_asc', null],
      ['groups.show', undefined, null],
    ]);
  });

  it('a group that does not exist is a plain ApiError 404 on the stable show (not a missing feature)', async () => {
    const { api } = await start();
    const missing = '00000000-0000-4000-8000-0000000000aa';
    const error = await api.showGroup(ACME, missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ExperimentalUnavailableError);
    expect((error as ApiError).message).toBe(`GET ${base}/groups/${missing} failed: HTTP 404: Group not found`);
  });

  it('once an experimental call of the account succeeded, a 404 there is the resource gone, not the feature', async () => {
    const { emu, api } = await start();
    expect((await api.listGroupMembers(ACME, GROUP.post)).length).toBe(3);
    emu.state.deleteGroup(ACME, GROUP.okta);
    const error = await api.setWorkspaceGroupRole(ACME, MARKETING, GROUP.okta, 'viewer').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ExperimentalUnavailableError);
    expect((error as ApiError).message).toBe(
      `PATCH ${base}/workspaces/${MARKETING}/groups/${GROUP.okta} failed: HTTP 404: Group not found`,
    );
    // Another client, whose first experimental call of the account is that 404: it cannot tell.
    const fresh = new FrameioClient({ token: TOKEN, baseUrl: emu.url, retry: { baseMs: 5 } });
    const first = await fresh.listGroupMembers(ACME, GROUP.okta).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ExperimentalUnavailableError);
    expect((first as ExperimentalUnavailableError).account).toBe(ACME);
    expect(emu.log.map((e) => [e.operation, e.status])).toEqual([
      ['group_users.index', 200],
      ['workspace_group_roles.update', 404],
      ['group_users.index', 404],
    ]);
  });

  it('reads every member of a large group, following links.next at …/members with the header', async () => {
    const { emu, api } = await start();
    const members = await api.listGroupMembers(ACME, GROUP.crowd);
    expect(members).toHaveLength(CROWD_SIZE);
    expect(members.map((m) => m.email)).toEqual(emu.state.group(ACME, GROUP.crowd).members);
    expect(members[0]).toEqual({
      id: emu.state.user(members[0]!.email)!.id,
      email: members[0]!.email,
      name: emu.state.user(members[0]!.email)!.name,
      active: true,
    });
    expect(emu.log.map((e) => [e.path, e.operation, e.apiVersion, e.query.sort, e.query.page_size])).toEqual([
      [`${base}/groups/${GROUP.crowd}/users`, 'group_users.index', 'experimental', 'email_asc', '100'],
      [`${base}/groups/${GROUP.crowd}/members`, 'group_users.index', 'experimental', 'email_asc', '100'],
    ]);
    const post = await api.listGroupMembers(ACME, GROUP.post);
    expect(post.find((m) => m.email === 'old.timer@acme.test')?.active).toBe(false);
  });

  it('reads group grants of a workspace and a project', async () => {
    const { api } = await start();
    expect(await api.listWorkspaceGroups(ACME, MARKETING)).toEqual([
      { groupId: GROUP.okta, groupName: 'Okta Editors', role: 'viewer' },
      { groupId: GROUP.post, groupName: 'Post Team', role: 'editor' },
    ]);
    expect(await api.listProjectGroups(ACME, PROJECT.spring)).toEqual([
      { groupId: GROUP.post, groupName: 'Post Team', role: 'full_access' },
    ]);
    expect(await api.listWorkspaceGroups(ACME, EDITORIAL)).toEqual([]);
  });
});

describe('group writes against the emulator', () => {
  it('creates a Frame group and returns it', async () => {
    const { emu, api } = await start();
    const made = await api.createGroup(ACME, 'Colorists', 'art');
    expect(made).toMatchObject({ name: 'Colorists', source: 'frame', syncStatus: null, memberCount: 0 });
    expect(emu.state.group(ACME, made.id).name).toBe('Colorists');
    expect(emu.log.map((e) => [e.method, e.operation, e.status, e.body])).toEqual([
      ['POST', 'groups.create', 201, { data: { name: 'Colorists', emoji: 'art' } }],
    ]);
  });

  it.each([
    ['a 5xx', (emu: Emulator) => emu.faults.failNext(1, 503, { method: 'POST' }), 503],
    ['a dropped connection', (emu: Emulator) => emu.faults.dropNext(1, { method: 'POST' }), 0],
  ])('sends a create once: %s is an error, never a second group', async (_label, fault, status) => {
    const { emu, api } = await start();
    fault(emu);
    const error = await api.createGroup(ACME, 'Once', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(status);
    if (status === 0) expect(error).toBeInstanceOf(NoAnswerError);
    expect(emu.log.filter((e) => e.operation === 'groups.create')).toHaveLength(1);
    // An idempotent call meeting the same fault is sent again.
    emu.faults.failNext(1, 503, { method: 'POST' });
    await api.addGroupMembers(ACME, GROUP.post, [BOB]);
    expect(emu.log.filter((e) => e.operation === 'group_users.add').map((e) => e.status)).toEqual([503, 204]);
  });

  it('refuses a name or emoji the API would refuse, before sending anything', async () => {
    const { emu, api } = await start();
    for (const [name, emoji] of [
      ['', 'x'],
      ['A', ''],
      ['x'.repeat(256), 'x'],
    ]) {
      const error = await api.createGroup(ACME, name!, emoji!).catch((e: unknown) => e);
      expect((error as RolesyncError).code).toBe('USAGE');
    }
    expect(emu.log).toEqual([]);
  });

  it(`adds members in calls of at most ${MAX_GROUP_USER_IDS} ids, each id once`, async () => {
    const { emu, api } = await start();
    const empty = emu.state.createGroup(ACME, { name: 'Empty' });
    const ids = Object.entries(emu.state.accountUsers(ACME))
      .filter(([email, role]) => role === 'member' && emu.state.user(email)?.active === true)
      .slice(0, 250)
      .map(([email]) => emu.state.user(email)!.id!);
    expect(ids).toHaveLength(250);
    await api.addGroupMembers(ACME, empty, [...ids, ids[0]!, ids[1]!]);
    const sizes = emu.log.map((e) => (e.body as { data: { user_ids: string[] } }).data.user_ids.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(emu.log.every((e) => e.operation === 'group_users.add' && e.status === 204)).toBe(true);
    expect(emu.state.group(ACME, empty).members).toHaveLength(250);
    emu.clearLog();
    await api.addGroupMembers(ACME, empty, []);
    expect(emu.log).toEqual([]);
  });

  it('meets the all-or-nothing refusal as an ApiError 422 naming the id; earlier batches stay added', async () => {
    const { emu, api } = await start();
    const oldTimer = emu.state.user('old.timer@acme.test')!.id!;
    const refused = await api.addGroupMembers(ACME, GROUP.crowd, [BOB, oldTimer]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).not.toBeInstanceOf(ExperimentalUnavailableError);
    expect((refused as ApiError).message).toBe(
      `POST ${base}/groups/${GROUP.crowd}/users failed: HTTP 422: User ${oldTimer} is deactivated`,
    );
    expect(emu.state.group(ACME, GROUP.crowd).members).not.toContain('bob@acme.test');
    // 141 ids with a bad one in the second call: the first call's 100 are members, the rest not.
    const ids = loners(emu, 140);
    expect(ids).toHaveLength(140);
    const mixed = [...ids.slice(0, 120), oldTimer, ...ids.slice(120)];
    const split = await api.addGroupMembers(ACME, GROUP.post, mixed).catch((e: unknown) => e);
    expect((split as ApiError).status).toBe(422);
    const added = emu.state.group(ACME, GROUP.post).members.map((email) => emu.state.user(email)!.id);
    expect(added.filter((id) => ids.includes(id!))).toHaveLength(100);
    expect(emu.log.filter((e) => e.operation === 'group_users.add').map((e) => e.status)).toEqual([422, 204, 422]);
  });

  it('refuses a synced group’s members with the API’s 409', async () => {
    const { emu, api } = await start();
    const error = await api.addGroupMembers(ACME, GROUP.okta, [BOB]).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).message).toContain('is synced from the Adobe Admin Console');
    expect(emu.log).toHaveLength(1);
  });

  it('removes a member, then finds them already absent', async () => {
    const { emu, api } = await start();
    expect(await api.removeGroupMember(ACME, GROUP.post, DAVE)).toBe('removed');
    expect(await api.removeGroupMember(ACME, GROUP.post, DAVE)).toBe('already_absent');
    expect(emu.state.group(ACME, GROUP.post).members).not.toContain('dave@acme.test');
  });

  it('sets, changes and removes group grants; refuses workspace_admin before sending', async () => {
    const { emu, api } = await start();
    expect(await api.setWorkspaceGroupRole(ACME, EDITORIAL, GROUP.okta, 'commenter')).toBe('commenter');
    expect(await api.setWorkspaceGroupRole(ACME, EDITORIAL, GROUP.okta, 'editor')).toBe('editor');
    expect(emu.state.workspaceGroups(ACME, EDITORIAL)).toEqual([
      { id: GROUP.okta, name: 'Okta Editors', role: 'editor' },
    ]);
    expect(await api.removeWorkspaceGroup(ACME, EDITORIAL, GROUP.okta)).toBe('removed');
    expect(await api.removeWorkspaceGroup(ACME, EDITORIAL, GROUP.okta)).toBe('already_absent');
    expect(await api.setProjectGroupRole(ACME, PROJECT.vault, GROUP.post, 'viewer')).toBe('viewer');
    expect(await api.removeProjectGroup(ACME, PROJECT.vault, GROUP.post)).toBe('removed');
    expect(await api.removeProjectGroup(ACME, PROJECT.vault, GROUP.post)).toBe('already_absent');
    emu.clearLog();
    const usage = await api
      .setWorkspaceGroupRole(ACME, EDITORIAL, GROUP.okta, 'workspace_admin' as never)
      .catch((e: unknown) => e);
    expect((usage as RolesyncError).code).toBe('USAGE');
    expect((usage as RolesyncError).message).toBe(
      'cannot give a group the role "workspace_admin": only full_access, editor, edit_only, commenter, viewer',
    );
    expect(emu.log).toEqual([]);
  });
});

/** Every client method once, in an order where each succeeds against the group seed. */
type ApiMethod = Exclude<keyof FrameioClient, 'baseUrl' | 'stats' | 'pages' | 'listAll'>;
function everyMethod(api: FrameioClient, emu: Emulator): Record<ApiMethod, () => Promise<unknown>> {
  const id = (email: string) => emu.state.user(email)!.id!;
  return {
    me: () => api.me(),
    listAccounts: () => api.listAccounts(),
    listAccountUsers: () => api.listAccountUsers(ACME),
    listWorkspaces: () => api.listWorkspaces(ACME),
    listWorkspaceUsers: () => api.listWorkspaceUsers(ACME, MARKETING),
    setAccountRole: () => api.setAccountRole(ACME, BOB, 'member'),
    setWorkspaceRole: () => api.setWorkspaceRole(ACME, EDITORIAL, DAVE, 'viewer'),
    removeWorkspaceUser: () => api.removeWorkspaceUser(ACME, EDITORIAL, DAVE),
    listProjects: () => api.listProjects(ACME, MARKETING),
    showProject: () => api.showProject(ACME, PROJECT.spring),
    listProjectUsers: () => api.listProjectUsers(ACME, PROJECT.spring),
    setProjectRole: () => api.setProjectRole(ACME, PROJECT.vault, DAVE, 'viewer'),
    removeProjectUser: () => api.removeProjectUser(ACME, PROJECT.vault, DAVE),
    setProjectRestricted: () => api.setProjectRestricted(ACME, PROJECT.spring, false),
    listGroups: () => api.listGroups(ACME),
    showGroup: () => api.showGroup(ACME, GROUP.post),
    createGroup: () => api.createGroup(ACME, 'Everyone', 'wave'),
    listGroupMembers: () => api.listGroupMembers(ACME, GROUP.crowd),
    addGroupMembers: () => api.addGroupMembers(ACME, GROUP.post, [id('bob@acme.test')]),
    removeGroupMember: () => api.removeGroupMember(ACME, GROUP.post, id('bob@acme.test')),
    listWorkspaceGroups: () => api.listWorkspaceGroups(ACME, MARKETING),
    setWorkspaceGroupRole: () => api.setWorkspaceGroupRole(ACME, EDITORIAL, GROUP.post, 'viewer'),
    removeWorkspaceGroup: () => api.removeWorkspaceGroup(ACME, EDITORIAL, GROUP.post),
    listProjectGroups: () => api.listProjectGroups(ACME, PROJECT.spring),
    setProjectGroupRole: () => api.setProjectGroupRole(ACME, PROJECT.vault, GROUP.crowd, 'viewer'),
    removeProjectGroup: () => api.removeProjectGroup(ACME, PROJECT.vault, GROUP.crowd),
    auditLog: () => api.auditLog(ACME, {}, 1),
  };
}

describe('the api-version header in the emulator’s request log', () => {
  it('is on every experimental call (4.0 on the audit log) and on no other, across every client method', async () => {
    const { emu, api } = await start();
    for (const call of Object.values(everyMethod(api, emu))) await call();
    const operations = new Set(emu.log.map((e) => e.operation));
    expect([...operations].sort()).toEqual([...CLIENT_OPERATIONS].sort());
    expect(emu.log.every((e) => e.status < 300)).toBe(true);
    const wrong = emu.log.filter((e) => e.apiVersion !== (apiVersionOf(e.operation!) ?? null));
    expect(wrong).toEqual([]);
    expect(emu.log.filter((e) => e.apiVersion === 'experimental').length).toBeGreaterThanOrEqual(10);
  });
});

describe('an account without the experimental API', () => {
  const feature = (method: string, path: string) =>
    `Frame.io groups are an experimental API this account does not offer: ${method} ${path} answered HTTP 404 ` +
    `(No route for ${method} ${path})`;

  it.each([
    ['listGroupMembers', 'GET', `${base}/groups/${GROUP.post}/users`],
    ['addGroupMembers', 'POST', `${base}/groups/${GROUP.post}/users`],
    ['listWorkspaceGroups', 'GET', `${base}/workspaces/${MARKETING}/groups`],
    ['setWorkspaceGroupRole', 'PATCH', `${base}/workspaces/${MARKETING}/groups/${GROUP.post}`],
    ['listProjectGroups', 'GET', `${base}/projects/${PROJECT.spring}/groups`],
    ['setProjectGroupRole', 'PATCH', `${base}/projects/${PROJECT.spring}/groups/${GROUP.post}`],
  ] as const)(
    '%s fails with an error naming the feature, the call and the status, sent once',
    async (name, method, path) => {
      const { emu, api } = await start(groupSeed(undefined, { experimental: false }));
      const before = emu.state.toInput();
      const calls: Record<typeof name, () => Promise<unknown>> = {
        listGroupMembers: () => api.listGroupMembers(ACME, GROUP.post),
        addGroupMembers: () => api.addGroupMembers(ACME, GROUP.post, [BOB]),
        listWorkspaceGroups: () => api.listWorkspaceGroups(ACME, MARKETING),
        setWorkspaceGroupRole: () => api.setWorkspaceGroupRole(ACME, MARKETING, GROUP.post, 'viewer'),
        listProjectGroups: () => api.listProjectGroups(ACME, PROJECT.spring),
        setProjectGroupRole: () => api.setProjectGroupRole(ACME, PROJECT.spring, GROUP.post, 'viewer'),
      };
      const error = await calls[name]().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExperimentalUnavailableError);
      const unavailable = error as ExperimentalUnavailableError;
      expect(unavailable.message).toBe(feature(method, path));
      expect([unavailable.code, unavailable.method, unavailable.path, unavailable.status]).toEqual([
        'API_ERROR',
        method,
        path,
        404,
      ]);
      expect(unavailable.feature).toBe('Frame.io groups');
      expect(unavailable.hint).toContain('api-version: experimental');
      expect(emu.log).toHaveLength(1);
      expect(emu.state.toInput()).toEqual(before);
      // The stable group calls still work.
      expect(await api.listGroups(ACME)).toHaveLength(4);
    },
  );
});

describe('group answers of other shapes', () => {
  interface Seen {
    path: string;
    apiVersion: string | undefined;
  }
  async function serve(handler: Handler): Promise<{ api: FrameioClient; seen: Seen[] }> {
    const seen: Seen[] = [];
    const server = await startLocalServer((req, res, body) => {
      const version = req.headers['api-version'];
      seen.push({ path: new URL(req.url ?? '/', 'http://x').pathname, apiVersion: version as string | undefined });
      handler(req, res, body);
    });
    closeServer = server.close;
    const api = new FrameioClient({ token: 'sEcReT-t0ken', baseUrl: server.url, retry: { baseMs: 5, maxRetries: 2 } });
    return { api, seen };
  }
  const page = (data: unknown[], next: string | null = null) => ({ data, links: { next } });
  const group = { id: GROUP.post, name: 'Post Team', source: 'frame', member_count: 2, emoji: 'x' };
  const wsGroups = `${base}/workspaces/${MARKETING}/groups`;

  it('reads a grant from a `group` object, a `group_id` alone, or `group_id` with `group_name`', async () => {
    const { api } = await serve((_req, res) =>
      json(
        res,
        200,
        page([
          { group: { id: 'g1', name: 'One' }, role: 'editor' },
          { group_id: 'g2', role: 'viewer' },
          { group_id: 'g3', group_name: 'Three', role: 'commenter' },
          { group: { id: 'g4', name: 'Four' }, group_id: 'g4', role: 'workspace_admin' },
        ]),
      ),
    );
    expect(await api.listWorkspaceGroups(ACME, MARKETING)).toEqual([
      { groupId: 'g1', groupName: 'One', role: 'editor' },
      { groupId: 'g2', groupName: null, role: 'viewer' },
      { groupId: 'g3', groupName: 'Three', role: 'commenter' },
      { groupId: 'g4', groupName: 'Four', role: 'workspace_admin' },
    ]);
  });

  it.each([
    [
      'a grant naming no group',
      (c: FrameioClient) => c.listWorkspaceGroups(ACME, MARKETING),
      page([{ role: 'editor' }]),
      `GET ${wsGroups}: a group grant names no group (neither "group" nor "group_id")`,
    ],
    [
      'a grant naming two groups',
      (c: FrameioClient) => c.listWorkspaceGroups(ACME, MARKETING),
      page([{ group: { id: 'g1' }, group_id: 'g2', role: 'editor' }]),
      `GET ${wsGroups}: a group grant names group g1 and group_id g2`,
    ],
    [
      'an unknown group role',
      (c: FrameioClient) => c.listProjectGroups(ACME, PROJECT.spring),
      page([{ group_id: 'g1', role: 'owner' }]),
      `GET ${base}/projects/${PROJECT.spring}/groups: unknown group role "owner" for group g1`,
    ],
    [
      'a group listed twice',
      (c: FrameioClient) => c.listWorkspaceGroups(ACME, MARKETING),
      page([
        { group_id: 'g1', role: 'editor' },
        { group_id: 'g1', role: 'viewer' },
      ]),
      `GET ${wsGroups}: group g1 is listed twice on page 1`,
    ],
    [
      'a group without member_count',
      (c: FrameioClient) => c.listGroups(ACME),
      page([{ ...group, member_count: undefined }]),
      `GET ${base}/groups: group ${GROUP.post}: member_count is undefined, not a count`,
    ],
    [
      'a group without source',
      (c: FrameioClient) => c.showGroup(ACME, GROUP.post),
      { data: { ...group, source: null } },
      `GET ${base}/groups/${GROUP.post}: group ${GROUP.post} has no source`,
    ],
    [
      'a sync_status that is not a string',
      (c: FrameioClient) => c.listGroups(ACME),
      page([{ ...group, source: 'adobe', sync_status: 3 }]),
      `GET ${base}/groups: group ${GROUP.post}'s sync_status is not a string`,
    ],
    [
      'a created group without an id',
      (c: FrameioClient) => c.createGroup(ACME, 'A', 'x'),
      { data: { name: 'A' } },
      `POST ${base}/groups: a group has no id`,
    ],
    [
      'a group role answer of another role',
      (c: FrameioClient) => c.setProjectGroupRole(ACME, PROJECT.spring, 'g1', 'viewer'),
      { data: { role: 'admin' } },
      `PATCH ${base}/projects/${PROJECT.spring}/groups/g1: the answer's role is "admin"`,
    ],
    [
      'members linked to another listing',
      (c: FrameioClient) => c.listGroupMembers(ACME, 'g1'),
      page([], `${base}/groups/g1/everyone?after=x`),
      `GET ${base}/groups/g1/users: page 1 of the listing has a "links.next" that leaves the listing ` +
        `(${base}/groups/g1/everyone)`,
    ],
  ])('refuses %s as API_PROTOCOL naming the call', async (_label, run, body, message) => {
    const { api } = await serve((_req, res) => json(res, 200, body));
    const error = await run(api).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RolesyncError);
    expect((error as RolesyncError).code).toBe('API_PROTOCOL');
    expect((error as RolesyncError).message).toContain(message);
  });

  it('follows a members link at …/members verbatim, with the header on every page', async () => {
    const user = (n: number) => ({ id: `u${n}`, email: `u${n}@x.test`, name: null, active: true });
    const { api, seen } = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.endsWith('/users')) json(res, 200, page([user(1)], `${base}/groups/g1/members?after=c2`));
      else json(res, 200, page([user(2)]));
    });
    expect((await api.listGroupMembers(ACME, 'g1')).map((u) => u.email)).toEqual(['u1@x.test', 'u2@x.test']);
    expect(seen).toEqual([
      { path: `${base}/groups/g1/users`, apiVersion: 'experimental' },
      { path: `${base}/groups/g1/members`, apiVersion: 'experimental' },
    ]);
  });

  it('takes a 400 from an experimental endpoint for the missing feature, sent once; a stable 400 stays plain', async () => {
    const { api, seen } = await serve((_req, res) =>
      json(res, 400, { errors: [{ detail: 'Unsupported api-version experimental' }] }),
    );
    const error = await api.listProjectGroups(ACME, PROJECT.spring).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentalUnavailableError);
    expect((error as Error).message).toBe(
      'Frame.io groups are an experimental API this account does not offer: ' +
        `GET ${base}/projects/${PROJECT.spring}/groups answered HTTP 400 (Unsupported api-version experimental)`,
    );
    const stable = await api.listGroups(ACME).catch((e: unknown) => e);
    expect(stable).not.toBeInstanceOf(ExperimentalUnavailableError);
    expect((stable as Error).message).toBe(`GET ${base}/groups failed: HTTP 400: Unsupported api-version experimental`);
    expect(seen.map((s) => [s.path, s.apiVersion])).toEqual([
      [`${base}/projects/${PROJECT.spring}/groups`, 'experimental'],
      [`${base}/groups`, undefined],
    ]);
  });

  it('never sends the token in a feature error', async () => {
    const { api } = await serve((_req, res) => json(res, 404, { errors: [{ detail: 'no sEcReT-t0ken here' }] }));
    const error = (await api.listGroupMembers(ACME, 'g1').catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ExperimentalUnavailableError);
    expect(error.message).not.toContain('sEcReT-t0ken');
    expect(error.message).toContain('[redacted]');
  });
});
