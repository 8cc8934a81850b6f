// The emulator's group operations over real HTTP: the account's groups (list, show, create), members
// (list, all-or-nothing add, remove), group grants on workspaces and projects, synced groups refused,
// the experimental header, an account without the experimental API, effective access, rate limits,
// the request log and hand edits.
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATIONS, OPERATION_FACTS, isExperimental, type Operation } from '../../src/api/index.js';
import {
  parseState,
  requestLogLine,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/index.js';
import { at, list, mapping, text } from '../support/json.js';
import { GROUP, CROWD_SIZE, groupSeed } from './group-seed.js';
import { ACME, ADMIN_TOKEN, MEMBER_TOKEN, USER, WS, acct, call, nextLink, type Answer } from './helpers.js';
import { PROJECT } from './project-seed.js';

let emu: Emulator;
const running: Emulator[] = [];
afterEach(async () => {
  for (const e of running.splice(0)) await e.close();
});

async function launch(options: EmulatorOptions): Promise<Emulator> {
  const started = await startEmulator(options);
  running.push(started);
  return started;
}

async function start(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  emu = await launch({ state: groupSeed(), ...options });
  return emu;
}

const DAVE = '69d6a176-169e-4ea0-a5ba-d67a8593ecaf';
const OLD_TIMER = '7426bd22-69a5-478f-9745-4bf88ce27205';
const STRANGER = '00000000-0000-4000-8000-0000000000aa';
const groups = (account = ACME) => `${acct(account)}/groups`;
const group = (id: string) => `${groups()}/${id}`;
const members = (id: string) => `${group(id)}/users`;
const member = (id: string, user: string) => `${members(id)}/${user}`;
const wsGroups = (ws: string) => `${acct(ACME)}/workspaces/${ws}/groups`;
const projectGroups = (p: string) => `${acct(ACME)}/projects/${p}/groups`;

/** A request to an experimental endpoint: with the header it requires, unless told otherwise. */
async function x(
  path: string,
  init: { method?: string; body?: unknown; token?: string; version?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? ADMIN_TOKEN}` };
  const version = init.version === undefined ? 'experimental' : init.version;
  if (version !== null) headers['api-version'] = version;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const body = await res.text();
  return { status: res.status, headers: res.headers, text: body, json: body ? JSON.parse(body) : undefined };
}

const detail = (a: Answer, i = 0) => text(a.json, 'errors', i, 'detail');

/** Every page of a listing from `path`, following links.next as given. */
async function pagesOf(path: string, experimental: boolean): Promise<Answer[]> {
  const out: Answer[] = [];
  let next: string | null = path;
  while (next !== null) {
    const page: Answer = experimental ? await x(next) : await call(emu, next);
    expect(page.status, next).toBe(200);
    out.push(page);
    next = nextLink(page);
  }
  return out;
}

describe('groups.index and groups.show (stable)', () => {
  it('lists the account’s groups by name as GroupWithIncludes: sync_status on the adobe one only', async () => {
    await start();
    const res = await call(emu, groups());
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(list(res.json, 'data').map((g) => at(g, 'name'))).toEqual([
      'Crowd',
      'Okta Editors',
      'Post Team',
      'Workfront Crew',
    ]);
    const post = mapping(res.json, 'data', 2);
    expect(Object.keys(post).sort()).toEqual(
      ['created_at', 'creator_id', 'emoji', 'id', 'member_count', 'name', 'source', 'updated_at'].sort(),
    );
    expect(post).toMatchObject({ id: GROUP.post, emoji: 'movie_camera', member_count: 3, source: 'frame' });
    // Frame groups: the owner stands in as creator; synced groups have none.
    expect(post.creator_id).toBe(USER.owner);
    const okta = mapping(res.json, 'data', 1);
    expect(okta).toMatchObject({ source: 'adobe', sync_status: 'completed', creator_id: null, member_count: 2 });
    expect(okta.emoji).toBe('busts_in_silhouette');
    expect(Object.hasOwn(mapping(res.json, 'data', 3), 'sync_status')).toBe(false);
    // A member may read groups too; stable endpoints ignore an api-version header.
    expect((await call(emu, groups(), { token: MEMBER_TOKEN })).status).toBe(200);
    expect((await x(groups())).status).toBe(200);
  });

  it('sorts by the documented enum, pages with total_count, includes the creator on request', async () => {
    await start();
    const names = async (query: string) =>
      list((await call(emu, `${groups()}?${query}`)).json, 'data').map((g) => at(g, 'name'));
    expect(await names('sort=name_desc')).toEqual(['Workfront Crew', 'Post Team', 'Okta Editors', 'Crowd']);
    expect(await names('sort=created_at_asc')).toEqual(['Post Team', 'Okta Editors', 'Workfront Crew', 'Crowd']);
    // By the creator's name (the owner for Frame groups, none for synced ones), then by id.
    expect(await names('sort=creator_desc')).toEqual(['Crowd', 'Post Team', 'Workfront Crew', 'Okta Editors']);
    const bad = await call(emu, `${groups()}?sort=members_desc`);
    expect(bad.status).toBe(422);
    expect(detail(bad)).toMatch(/^sort must be one of creator_asc, creator_desc, name_asc/);

    const pages = await pagesOf(`${groups()}?page_size=3&include_total_count=true`, false);
    expect(pages.map((p) => list(p.json, 'data').length)).toEqual([3, 1]);
    expect(at(pages[0]!.json, 'total_count')).toBe(4);

    const withCreator = await call(emu, `${group(GROUP.post)}?include=creator`);
    expect(at(withCreator.json, 'data', 'creator', 'email')).toBe('owner@acme.test');
    expect(Object.hasOwn(mapping(withCreator.json, 'data'), 'creator')).toBe(true);
    expect((await call(emu, `${groups()}?include=owner`)).status).toBe(422);
  });

  it('shows one group; an unknown one answers 404', async () => {
    await start();
    const res = await call(emu, group(GROUP.okta.toUpperCase()));
    expect(res.status).toBe(200);
    expect(at(res.json, 'data', 'sync_status')).toBe('completed');
    const missing = await call(emu, group(STRANGER));
    expect(missing.status).toBe(404);
    expect(detail(missing)).toBe('Group not found');
  });
});

describe('groups.create (stable)', () => {
  it('makes a Frame group of the caller: 201 GroupCommon, listed from then on', async () => {
    await start();
    const res = await call(emu, groups(), { method: 'POST', body: { data: { name: 'Colorists', emoji: 'art' } } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-ratelimit-limit')).toBe('10');
    const data = mapping(res.json, 'data');
    expect(data).toMatchObject({
      name: 'Colorists',
      emoji: 'art',
      source: 'frame',
      member_count: 0,
      creator_id: USER.alice,
    });
    expect(Object.keys(data).sort()).toEqual(
      ['created_at', 'creator_id', 'emoji', 'id', 'member_count', 'name', 'source', 'updated_at'].sort(),
    );
    expect(emu.state.group(ACME, text(data, 'id')).name).toBe('Colorists');
    const names = list((await call(emu, groups())).json, 'data').map((g) => at(g, 'name'));
    expect(names).toContain('Colorists');
    // The reference does not say names are unique: a second group of the same name is made.
    const twin = await call(emu, groups(), { method: 'POST', body: { data: { name: 'Colorists', emoji: 'art' } } });
    expect(twin.status).toBe(201);
    expect(at(twin.json, 'data', 'id')).not.toBe(data.id);
  });

  it.each([
    ['no emoji', { data: { name: 'A' } }, 422, 'Missing field: emoji'],
    ['an empty name', { data: { name: '', emoji: 'x' } }, 422, 'Invalid value: name must be a string of 1 to 255'],
    ['a long emoji', { data: { name: 'A', emoji: 'x'.repeat(256) } }, 422, 'Invalid value: emoji must be'],
    ['an unknown field', { data: { name: 'A', emoji: 'x', source: 'adobe' } }, 422, 'Unexpected field: source'],
    ['a top-level field', { data: { name: 'A', emoji: 'x' }, name: 'A' }, 422, 'Unexpected field: name'],
    ['no body', undefined, 400, 'Missing request body'],
  ])('refuses %s', async (_label, body, status, message) => {
    await start();
    const res = await call(emu, groups(), { method: 'POST', ...(body === undefined ? {} : { body }) });
    expect(res.status).toBe(status);
    expect(detail(res)).toContain(message);
    expect(emu.state.groups(ACME)).toHaveLength(4);
  });

  it('refuses a member (403) and an unknown account (404)', async () => {
    await start();
    const body = { data: { name: 'A', emoji: 'x' } };
    expect((await call(emu, groups(), { method: 'POST', body, token: MEMBER_TOKEN })).status).toBe(403);
    expect((await call(emu, groups(STRANGER), { method: 'POST', body })).status).toBe(404);
  });
});

describe('group_users.index (experimental)', () => {
  it('lists members as User objects, deactivated ones too, by email; sorts by name', async () => {
    await start();
    const res = await x(members(GROUP.post));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('200');
    expect(list(res.json, 'data').map((u) => at(u, 'email'))).toEqual([
      'carol@acme.test',
      'dave@acme.test',
      'old.timer@acme.test',
    ]);
    expect(Object.keys(mapping(res.json, 'data', 0)).sort()).toEqual(['active', 'avatar_url', 'email', 'id', 'name']);
    expect(at(res.json, 'data', 2, 'active')).toBe(false);
    const byName = await x(`${members(GROUP.post)}?sort=name_desc`);
    expect(list(byName.json, 'data').map((u) => at(u, 'name'))).toEqual([
      'Old Timer',
      'Dave Colorist',
      'Carol Colorist',
    ]);
    // A synced group's members are listed like any other's.
    expect(list((await x(members(GROUP.okta))).json, 'data').map((u) => at(u, 'email'))).toEqual([
      'erin@acme.test',
      'frank@acme.test',
    ]);
    expect((await x(`${members(GROUP.post)}?sort=role_asc`)).status).toBe(422);
    expect((await x(members(STRANGER))).status).toBe(404);
  });

  it('pages with links.next at …/members, as the reference’s example; that path lists the same users', async () => {
    await start();
    const pages = await pagesOf(`${members(GROUP.crowd)}?page_size=60&include_total_count=true`, true);
    // links.next carries only the cursor: later pages have the default size, 50.
    expect(pages.map((p) => list(p.json, 'data').length)).toEqual([60, 50, CROWD_SIZE - 110]);
    expect(at(pages[0]!.json, 'total_count')).toBe(CROWD_SIZE);
    const links = pages.slice(0, -1).map((p) => nextLink(p)!);
    for (const link of links)
      expect(link).toMatch(new RegExp(`^${members(GROUP.crowd).replace(/users$/, 'members')}\\?after=`));
    const emails = pages.flatMap((p) => list(p.json, 'data').map((u) => text(u, 'email')));
    expect(new Set(emails).size).toBe(CROWD_SIZE);
    expect(emails).toEqual([...emails].sort());
    // The cursor is the listing's: it reads the same at …/users.
    const viaUsers = await x(links[0]!.replace(/\/members\?/, '/users?'));
    expect(list(viaUsers.json, 'data').map((u) => at(u, 'email'))).toEqual(emails.slice(60, 110));
    expect(emu.log.filter((e) => e.path.endsWith('/members')).map((e) => e.operation)).toEqual(
      Array(2).fill('group_users.index'),
    );
  });
});

describe('group_users.add (experimental)', () => {
  it('adds account users (204), idempotently for members', async () => {
    await start();
    const res = await x(members(GROUP.post), {
      method: 'POST',
      body: { data: { user_ids: [USER.bob, DAVE, USER.alice] } },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('x-ratelimit-limit')).toBe('10');
    expect(emu.state.group(ACME, GROUP.post).members).toEqual([
      'alice@acme.test',
      'bob@acme.test',
      'carol@acme.test',
      'dave@acme.test',
      'old.timer@acme.test',
    ]);
    expect(at((await call(emu, group(GROUP.post))).json, 'data', 'member_count')).toBe(5);
    expect((await x(members(GROUP.post), { method: 'POST', body: { data: { user_ids: [USER.bob] } } })).status).toBe(
      204,
    );
    expect(emu.state.group(ACME, GROUP.post).members).toHaveLength(5);
  });

  it('rejects the whole batch when any id is not an active user of the account, naming each, adding none', async () => {
    await start();
    emu.state.setAccountRole(ACME, 'reviewer.only@client.test', 'reviewer');
    // A Frame.io user who is in no role of this account.
    const outsider = '0e0e0e0e-0000-4000-8000-00000000000e';
    emu.state.addUser({ id: outsider, email: 'outsider@elsewhere.test', name: 'Out Sider', active: true });
    const ids = [USER.bob, outsider, USER.frank, OLD_TIMER, USER.reviewer, 'not-an-id', 7];
    const res = await x(members(GROUP.post), { method: 'POST', body: { data: { user_ids: ids } } });
    expect(res.status).toBe(422);
    expect(list(res.json, 'errors').map((e) => [at(e, 'source', 'pointer'), at(e, 'detail')])).toEqual([
      ['/data/user_ids/1', `User ${outsider} is not a user of this account`],
      ['/data/user_ids/3', `User ${OLD_TIMER} is deactivated`],
      ['/data/user_ids/4', `User ${USER.reviewer} is a reviewer of the account; make them a member first`],
      ['/data/user_ids/5', 'User not-an-id is not a user of this account'],
      ['/data/user_ids/6', '7 is not a user id'],
    ]);
    expect(emu.state.group(ACME, GROUP.post).members).toEqual([
      'carol@acme.test',
      'dave@acme.test',
      'old.timer@acme.test',
    ]);
  });

  it.each([
    ['an empty list', { data: { user_ids: [] } }, 'user_ids must be a non-empty list'],
    ['no user_ids', { data: {} }, 'Missing field: user_ids'],
    ['an unknown field', { data: { user_ids: [USER.bob], role: 'x' } }, 'Unexpected field: role'],
    ['more than 100 ids', { data: { user_ids: Array(101).fill(USER.bob) } }, 'holds 101 ids; at most 100 per call'],
  ])('refuses %s with 422', async (_label, body, message) => {
    await start();
    const res = await x(members(GROUP.post), { method: 'POST', body });
    expect(res.status).toBe(422);
    expect(detail(res)).toContain(message);
    expect(emu.state.group(ACME, GROUP.post).members).toHaveLength(3);
  });

  it.each([
    ['adobe', GROUP.okta, 'the Adobe Admin Console'],
    ['workfront', GROUP.workfront, 'Workfront'],
  ])('refuses member changes to an %s group with 409, before reading the body', async (source, id, from) => {
    await start();
    const before = emu.state.group(ACME, id).members;
    const add = await x(members(id), { method: 'POST', body: { data: { user_ids: [USER.alice] } } });
    expect(add.status).toBe(409);
    expect(detail(add)).toMatch(
      new RegExp(`is synced from ${from} \\(source ${source}\\): its members are managed there`),
    );
    expect((await x(members(id), { method: 'POST' })).status).toBe(409);
    const memberId = emu.state.user(before[0]!)!.id!;
    expect((await x(member(id, memberId), { method: 'DELETE' })).status).toBe(409);
    expect(emu.state.group(ACME, id).members).toEqual(before);
  });

  it('needs an admin, a known group and a JSON body', async () => {
    await start();
    const body = { data: { user_ids: [USER.bob] } };
    expect((await x(members(GROUP.post), { method: 'POST', body, token: MEMBER_TOKEN })).status).toBe(403);
    expect((await x(members(STRANGER), { method: 'POST', body })).status).toBe(404);
    expect((await x(members(GROUP.post), { method: 'POST' })).status).toBe(400);
  });
});

describe('group_users.remove (experimental)', () => {
  it('removes a member (204); 404 for a non-member and an unknown user', async () => {
    await start();
    const res = await x(member(GROUP.post, DAVE), { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(res.headers.get('x-ratelimit-limit')).toBe('200');
    expect(emu.state.group(ACME, GROUP.post).members).not.toContain('dave@acme.test');
    const again = await x(member(GROUP.post, DAVE), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(detail(again)).toBe('The user is not a member of this group');
    expect(detail(await x(member(GROUP.post, STRANGER), { method: 'DELETE' }))).toBe('User not found');
  });
});

describe('workspace and project group grants (experimental)', () => {
  it.each([
    ['workspace', wsGroups(WS.marketing), 'Okta Editors', 'viewer'],
    ['project', projectGroups(PROJECT.vault), 'Okta Editors', 'commenter'],
  ])('lists a %s’s grants as {group, role} rows', async (_scope, path, name, role) => {
    await start();
    const res = await x(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    const row = list(res.json, 'data').find((r) => at(r, 'group', 'name') === name)!;
    expect(Object.keys(mapping(row)).sort()).toEqual(['group', 'role']);
    expect(at(row, 'role')).toBe(role);
    expect(at(row, 'group', 'sync_status')).toBe('completed');
    expect(at(row, 'group', 'id')).toBe(GROUP.okta);
  });

  it('sorts grants by name, role or date, and pages', async () => {
    await start();
    const rows = async (query: string) =>
      list((await x(`${wsGroups(WS.marketing)}?${query}`)).json, 'data').map((r) => [
        at(r, 'group', 'name'),
        at(r, 'role'),
      ]);
    expect(await rows('')).toEqual([
      ['Okta Editors', 'viewer'],
      ['Post Team', 'editor'],
    ]);
    expect(await rows('sort=role_desc')).toEqual([
      ['Okta Editors', 'viewer'],
      ['Post Team', 'editor'],
    ]);
    expect(await rows('sort=created_at_asc')).toEqual([
      ['Post Team', 'editor'],
      ['Okta Editors', 'viewer'],
    ]);
    const pages = await pagesOf(`${wsGroups(WS.marketing)}?page_size=1`, true);
    expect(pages).toHaveLength(2);
    expect(list((await x(wsGroups(WS.editorial))).json, 'data')).toEqual([]);
  });

  it.each([
    ['workspace', (g: string) => `${wsGroups(WS.marketing)}/${g}`, 'workspace'],
    ['project', (g: string) => `${projectGroups(PROJECT.spring)}/${g}`, 'project'],
  ] as const)('assigns (upsert), changes and removes a %s grant', async (scope, path, what) => {
    await start();
    const read = () =>
      scope === 'workspace'
        ? emu.state.workspaceGroups(ACME, WS.marketing)
        : emu.state.projectGroups(ACME, PROJECT.spring);
    const added = await x(path(GROUP.crowd), { method: 'PATCH', body: { data: { role: 'commenter' } } });
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ data: { role: 'commenter' } });
    expect(added.headers.get('x-ratelimit-limit')).toBe('10');
    expect(read().find((g) => g.id === GROUP.crowd)?.role).toBe('commenter');
    expect((await x(path(GROUP.crowd), { method: 'PATCH', body: { data: { role: 'full_access' } } })).status).toBe(200);
    expect(read().find((g) => g.id === GROUP.crowd)?.role).toBe('full_access');
    // A synced group may hold grants like any other.
    expect((await x(path(GROUP.workfront), { method: 'PATCH', body: { data: { role: 'viewer' } } })).status).toBe(200);

    const removed = await x(path(GROUP.crowd), { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(removed.headers.get('x-ratelimit-limit')).toBe('60');
    expect(read().some((g) => g.id === GROUP.crowd)).toBe(false);
    const again = await x(path(GROUP.crowd), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(detail(again)).toBe(`The group is not assigned to this ${what}`);
    expect((await x(path(STRANGER), { method: 'DELETE' })).status).toBe(404);
  });

  it.each([
    ['workspace_admin', 'a group cannot be made workspace admin; role must be one of full_access, editor'],
    ['admin', 'Invalid value "admin": role must be one of full_access, editor, edit_only, commenter, viewer'],
  ])('refuses the role %s for a group with 422', async (role, message) => {
    await start();
    for (const path of [
      `${wsGroups(WS.marketing)}/${GROUP.crowd}`,
      `${projectGroups(PROJECT.spring)}/${GROUP.crowd}`,
    ]) {
      const res = await x(path, { method: 'PATCH', body: { data: { role } } });
      expect(res.status).toBe(422);
      expect(detail(res)).toContain(message);
      expect(at(res.json, 'errors', 0, 'source', 'pointer')).toBe('/data/role');
    }
    expect(emu.state.workspaceGroups(ACME, WS.marketing).map((g) => g.name)).toEqual(['Okta Editors', 'Post Team']);
  });

  it('answers 404 for an unknown workspace, project or group, and 403 to a member', async () => {
    await start();
    const body = { data: { role: 'viewer' } };
    expect((await x(`${wsGroups(STRANGER)}/${GROUP.post}`, { method: 'PATCH', body })).status).toBe(404);
    expect((await x(`${projectGroups(STRANGER)}/${GROUP.post}`, { method: 'PATCH', body })).status).toBe(404);
    expect(detail(await x(`${wsGroups(WS.marketing)}/${STRANGER}`, { method: 'PATCH', body }))).toBe('Group not found');
    expect((await x(wsGroups(STRANGER))).status).toBe(404);
    const asMember = await x(`${wsGroups(WS.marketing)}/${GROUP.post}`, { method: 'PATCH', body, token: MEMBER_TOKEN });
    expect(asMember.status).toBe(403);
    expect((await x(wsGroups(WS.marketing), { token: MEMBER_TOKEN })).status).toBe(200);
  });
});

/** One request of each experimental operation, as the reference's pages have them. */
function experimentalCalls(): Record<string, { path: string; method?: string; body?: unknown }> {
  return {
    'group_users.index': { path: members(GROUP.post) },
    'group_users.add': { path: members(GROUP.post), method: 'POST', body: { data: { user_ids: [USER.bob] } } },
    'group_users.remove': { path: member(GROUP.post, DAVE), method: 'DELETE' },
    'workspace_group_roles.index': { path: wsGroups(WS.marketing) },
    'workspace_group_roles.update': {
      path: `${wsGroups(WS.marketing)}/${GROUP.crowd}`,
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    },
    'workspace_group_roles.delete': { path: `${wsGroups(WS.marketing)}/${GROUP.post}`, method: 'DELETE' },
    'project_group_roles.index': { path: projectGroups(PROJECT.spring) },
    'project_group_roles.update': {
      path: `${projectGroups(PROJECT.spring)}/${GROUP.crowd}`,
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    },
    'project_group_roles.delete': { path: `${projectGroups(PROJECT.spring)}/${GROUP.post}`, method: 'DELETE' },
  };
}

describe('the experimental header', () => {
  const experimental = OPERATIONS.filter((op) => isExperimental(op));

  it('is what src/api flags: members and grants, not the account’s groups', () => {
    expect(Object.keys(experimentalCalls()).sort()).toEqual([...experimental].sort());
    expect(experimental).not.toContain('groups.index');
  });

  it.each(Object.entries(experimentalCalls()))(
    '%s without it: 400 naming the header, nothing changed; with it: answered',
    async (op, request) => {
      await start();
      const before = emu.state.toInput();
      const bare = await x(request.path, { method: request.method, body: request.body, version: null });
      expect(bare.status).toBe(400);
      expect(detail(bare)).toBe(
        `${op} is an experimental endpoint: it requires the header "api-version: experimental" (sent without the header)`,
      );
      const wrong = await x(request.path, { method: request.method, body: request.body, version: '4.0' });
      expect(wrong.status).toBe(400);
      expect(detail(wrong)).toContain('(sent with api-version: 4.0)');
      expect(emu.state.toInput()).toEqual(before);
      const sent = await x(request.path, { method: request.method, body: request.body });
      expect(sent.status).toBeLessThan(300);
      expect(emu.log.map((e) => [e.operation, e.apiVersion, e.status])).toEqual([
        [op, null, 400],
        [op, '4.0', 400],
        [op, 'experimental', sent.status],
      ]);
    },
  );

  it('is recorded in the request log and in --log lines (null when absent)', async () => {
    await start();
    await call(emu, groups());
    await x(members(GROUP.post));
    expect(emu.log.map((e) => e.apiVersion)).toEqual([null, 'experimental']);
    const lines = emu.log.map((e) => JSON.parse(requestLogLine(e, 0)) as Record<string, unknown>);
    expect(lines.map((l) => l.api_version)).toEqual([null, 'experimental']);
    expect(lines[1]).toMatchObject({ operation: 'group_users.index', status: 200 });
  });
});

describe('an account without the experimental API (experimental: false)', () => {
  it.each(Object.entries(experimentalCalls()))(
    '%s answers 404 as an unknown route, header or not',
    async (op, request) => {
      emu = await launch({ state: groupSeed(undefined, { experimental: false }) });
      const before = emu.state.toInput();
      for (const version of ['experimental', null]) {
        const res = await x(request.path, { method: request.method, body: request.body, version });
        expect(res.status).toBe(404);
        expect(detail(res)).toBe(`No route for ${request.method ?? 'GET'} ${request.path}`);
      }
      expect(emu.state.toInput()).toEqual(before);
      expect(emu.log.map((e) => e.operation)).toEqual([op, op]);
    },
  );

  it('still serves the stable group endpoints', async () => {
    emu = await launch({ state: groupSeed(undefined, { experimental: false }) });
    expect((await call(emu, groups())).status).toBe(200);
    expect((await call(emu, group(GROUP.post))).status).toBe(200);
    expect((await call(emu, groups(), { method: 'POST', body: { data: { name: 'N', emoji: 'x' } } })).status).toBe(201);
    expect(emu.state.toInput().experimental).toBe(false);
  });
});

describe('effective access', () => {
  it('leaves the workspace and the direct project listings as they were: direct members only', async () => {
    await start();
    const wsRows = list((await call(emu, `${acct(ACME)}/workspaces/${WS.marketing}/users?page_size=100`)).json, 'data');
    expect(wsRows.map((r) => at(r, 'user', 'email'))).not.toContain('dave@acme.test');
    const projectRows = list((await call(emu, `${acct(ACME)}/projects/${PROJECT.vault}/users`)).json, 'data');
    expect(projectRows.map((r) => at(r, 'user', 'email'))).toEqual(['bob@acme.test']);
  });

  it('adds access through group grants to an inherited project listing, at the highest role', async () => {
    emu = await launch({ state: groupSeed('inherited') });
    const roles = async (project: string) => {
      const rows = list((await call(emu, `${acct(ACME)}/projects/${project}/users?page_size=100`)).json, 'data');
      return Object.fromEntries(rows.map((r) => [text(r, 'user', 'email'), text(r, 'role')]));
    };
    const spring = await roles(PROJECT.spring);
    // Dave: a direct editor grant, and full_access through Post Team on the project.
    expect(spring['dave@acme.test']).toBe('full_access');
    // Carol: Marketing editor, and full_access through Post Team.
    expect(spring['carol@acme.test']).toBe('full_access');
    // Erin: viewer on Marketing through Okta Editors (inherited by the unrestricted project).
    expect(spring['erin@acme.test']).toBe('viewer');
    // Frank: a Marketing commenter, above his viewer through Okta Editors.
    expect(spring['frank@acme.test']).toBe('commenter');
    // Vault is restricted: nothing from Marketing, but its own Okta Editors grant.
    const vault = await roles(PROJECT.vault);
    expect(vault['erin@acme.test']).toBe('commenter');
    expect(vault['carol@acme.test']).toBeUndefined();
    emu.state.removeGroupMember(ACME, 'Okta Editors', 'erin@acme.test');
    expect((await roles(PROJECT.vault))['erin@acme.test']).toBeUndefined();
  });

  it('tells each user’s effective role from every source through the state handle', async () => {
    await start();
    const s = emu.state;
    expect(s.effectiveWorkspaceRole(ACME, WS.marketing, 'dave@acme.test')).toBe('editor');
    expect(s.effectiveWorkspaceRole(ACME, WS.marketing, 'erin@acme.test')).toBe('viewer');
    expect(s.effectiveWorkspaceRole(ACME, WS.marketing, 'carol@acme.test')).toBe('editor');
    expect(s.effectiveWorkspaceRole(ACME, WS.marketing, 'alice@acme.test')).toBe('admin');
    expect(s.effectiveWorkspaceRole(ACME, WS.editorial, 'dave@acme.test')).toBeNull();
    expect(s.effectiveProjectRole(ACME, PROJECT.spring, 'carol@acme.test')).toBe('full_access');
    expect(s.effectiveProjectRole(ACME, PROJECT.vault, 'carol@acme.test')).toBeNull();
    expect(s.effectiveProjectRole(ACME, PROJECT.vault, 'frank@acme.test')).toBe('commenter');
    s.setProjectRestricted(ACME, PROJECT.vault, false);
    expect(s.effectiveProjectRole(ACME, PROJECT.vault, 'carol@acme.test')).toBe('editor');
  });
});

describe('rate limits of the group operations', () => {
  const stable: Partial<Record<Operation, { path: string; method?: string; body?: unknown }>> = {
    'groups.index': { path: groups() },
    'groups.show': { path: group(GROUP.post) },
    'groups.create': { path: groups(), method: 'POST', body: { data: { name: 'N', emoji: 'x' } } },
  };
  const table = { ...stable, ...experimentalCalls() } as Record<
    string,
    { path: string; method?: string; body?: unknown }
  >;

  it('covers every group operation', () => {
    const groupOps = OPERATIONS.filter((op) => /group/.test(op));
    expect(Object.keys(table).sort()).toEqual([...groupOps].sort());
  });

  it.each(Object.entries(table))('%s allows its documented limit per window, then 429', async (op, request) => {
    const { limit } = OPERATION_FACTS[op as Operation];
    // The clock stands still: the bucket never refills during the test.
    await start({ now: () => 0 });
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i <= limit; i++) {
      last = await x(request.path, { method: request.method, body: request.body });
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.at(-1)).toBe(429);
    expect(last!.headers.get('x-ratelimit-limit')).toBe(String(limit));
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(detail(last!)).toBe(`Too many requests: ${op} allows ${limit} calls per 60000 ms`);
    expect(emu.log.every((e) => e.operation === op)).toBe(true);
  });
});

describe('hand edits of groups', () => {
  it('create, rename, fill, grant and delete, without a logged call; toInput round-trips', async () => {
    await start();
    const s = emu.state;
    const id = s.createGroup(ACME, { name: 'Sound', members: ['bob@acme.test'] });
    expect(s.group(ACME, 'Sound')).toMatchObject({ id, source: 'frame', members: ['bob@acme.test'], syncStatus: null });
    s.addGroupMember(ACME, id, 'erin@acme.test');
    s.removeGroupMember(ACME, 'Sound', 'bob@acme.test');
    s.renameGroup(ACME, id, 'Sound Team');
    s.setWorkspaceGroupRole(ACME, WS.editorial, 'Sound Team', 'edit_only');
    s.setProjectGroupRole(ACME, PROJECT.spring, id, 'viewer');
    s.setProjectGroupRole(ACME, PROJECT.spring, 'Post Team', null);
    s.setGroupSyncStatus(ACME, 'Okta Editors', 'error');
    const synced = s.createGroup(ACME, { name: 'Okta Sound', source: 'adobe', syncStatus: 'in_progress' });
    expect(s.group(ACME, synced).syncStatus).toBe('in_progress');
    expect(s.group(ACME, 'Sound Team').members).toEqual(['erin@acme.test']);
    expect(s.workspaceGroups(ACME, WS.editorial)).toEqual([{ id, name: 'Sound Team', role: 'edit_only' }]);
    expect(s.projectGroups(ACME, PROJECT.spring)).toEqual([{ id, name: 'Sound Team', role: 'viewer' }]);
    expect(emu.log).toEqual([]);

    // What the API shows follows the hand edits.
    const listed = await x(wsGroups(WS.editorial));
    expect(list(listed.json, 'data').map((r) => [at(r, 'group', 'name'), at(r, 'role')])).toEqual([
      ['Sound Team', 'edit_only'],
    ]);
    expect(at((await call(emu, group(GROUP.okta))).json, 'data', 'sync_status')).toBe('error');

    // Two groups of one name: grants are written by id in the seed, and the state loads again.
    s.createGroup(ACME, { name: 'Sound Team' });
    const input = s.toInput();
    const again = await launch({ state: input });
    expect(again.state.toInput()).toEqual(input);
    expect(again.state.workspaceGroups(ACME, WS.editorial)).toEqual([{ id, name: 'Sound Team', role: 'edit_only' }]);
    expect(() => s.group(ACME, 'Sound Team')).toThrow('2 groups are named Sound Team');

    s.deleteGroup(ACME, id);
    expect(s.workspaceGroups(ACME, WS.editorial)).toEqual([]);
    expect((await call(emu, group(id))).status).toBe(404);
  });

  it('refuses a member outside the account', async () => {
    await start();
    expect(() => emu.state.addGroupMember(ACME, 'Post Team', 'reviewer.only@client.test')).toThrow(
      /has no role in account/,
    );
  });

  it('drops a user who leaves the account from its groups', async () => {
    await start();
    emu.state.setAccountRole(ACME, 'dave@acme.test', null);
    expect(emu.state.group(ACME, GROUP.post).members).not.toContain('dave@acme.test');
  });
});

describe('groups in a seed', () => {
  const yaml = (groupsYaml: string, grants = '', top = '') =>
    `${top}tokens:\n  t: a@x.test\nusers:\n` +
    '  - {id: afb91efe-db4d-424a-aeee-00adcd6059e8, email: a@x.test, name: A, active: true}\n' +
    '  - {id: d7b69506-b1ed-4f3a-808d-0e5f9c36ecd7, email: b@x.test, name: B, active: true}\n' +
    `accounts:\n  - id: ${ACME}\n    display_name: A\n    users: {a@x.test: owner}\n` +
    `    groups:\n${groupsYaml}` +
    `    workspaces:\n      - id: ${WS.marketing}\n        name: W\n${grants}`;
  const G1 = `      - {id: ${GROUP.post}, name: Post, members: [a@x.test]}\n`;
  const G2 = `      - {id: ${GROUP.okta}, name: Okta, source: adobe, sync_status: in_progress}\n`;

  it('reads groups, their members and grants by name or id, and experimental: false', () => {
    const state = parseState(
      yaml(G1 + G2, `        groups: {Post: editor, ${GROUP.okta.toUpperCase()}: viewer}\n`, 'experimental: false\n'),
      'seed.yaml',
    );
    expect(state.experimental).toBe(false);
    expect(state.accounts[0]!.groups).toEqual([
      { id: GROUP.post, name: 'Post', source: 'frame', members: ['a@x.test'] },
      { id: GROUP.okta, name: 'Okta', source: 'adobe', sync_status: 'in_progress', members: [] },
    ]);
    expect(state.accounts[0]!.workspaces![0]!.groups).toEqual({ [GROUP.post]: 'editor', [GROUP.okta]: 'viewer' });
  });

  it.each([
    [
      'a member outside the account',
      `      - {id: ${GROUP.post}, name: P, members: [b@x.test]}\n`,
      '',
      '11:71',
      'b@x.test is not a user of the account; give them an account role first',
    ],
    [
      'an unknown member',
      `      - {id: ${GROUP.post}, name: P, members: [z@x.test]}\n`,
      '',
      '11:71',
      'z@x.test is not in users',
    ],
    [
      'sync_status on a Frame group',
      `      - {id: ${GROUP.post}, name: P, sync_status: completed}\n`,
      '',
      '11:74',
      "sync_status is for adobe groups only; this group's source is frame",
    ],
    [
      'an unknown source',
      `      - {id: ${GROUP.post}, name: P, source: okta}\n`,
      '',
      '11:69',
      'source must be one of frame, adobe, workfront, not "okta"',
    ],
    ['a duplicate id', G1 + G1, '', '12:14', `duplicate group id ${GROUP.post}`],
    [
      'a grant to an unknown group',
      G1,
      '        groups: {Nobody: viewer}\n',
      '15:26',
      'Nobody is not a group of the account (its groups: Post)',
    ],
    [
      'workspace_admin for a group',
      G1,
      '        groups: {Post: workspace_admin}\n',
      '15:24',
      "a group's workspace role must be one of full_access, editor, edit_only, commenter, viewer",
    ],
    [
      'a name two groups have',
      G1 + G1.replace(GROUP.post, GROUP.crowd),
      '        groups: {Post: viewer}\n',
      '16:24',
      `2 groups are named Post (${GROUP.post}, ${GROUP.crowd}); use an id`,
    ],
  ])('names file:line:col for %s', (_label, groupsYaml, grants, where, message) => {
    expect(() => parseState(yaml(groupsYaml, grants), 'seed.yaml')).toThrow(`seed.yaml:${where}: ${message}`);
  });

  it('refuses a non-boolean experimental', () => {
    expect(() => parseState(yaml(G1, '', 'experimental: maybe\n'), 'seed.yaml')).toThrow(
      'seed.yaml:1:15: experimental must be true (the experimental endpoints answer) or false',
    );
  });
});
