// The emulator's project operations over real HTTP: listings (both variants of the user listing),
// show, the settings PATCH, grants (upsert, delete), errors, rate limits and hand edits.
import { afterEach, describe, expect, it } from 'vitest';
import { OPERATION_FACTS, type Operation } from '../../src/api/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { at, list, mapping, text } from '../support/json.js';
import { ACME, ADOBE, MEMBER_TOKEN, USER, WS, acct, call, nextLink, type Answer } from './helpers.js';
import { ARCHIVE_PROJECTS, PROJECT, projectSeed } from './project-seed.js';

let emu: Emulator;
afterEach(() => emu.close());

async function start(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  emu = await startEmulator({ state: projectSeed(), ...options });
  return emu;
}

const ARCHIVE = '5ef7a87f-4d20-44d7-a9cd-2754982046c1';
const DAVE = '69d6a176-169e-4ea0-a5ba-d67a8593ecaf';
const GRACE = '90ffb4c6-f77c-4966-b2da-de97b9c5d8ed';
const projects = (ws: string, account = ACME) => `${acct(account)}/workspaces/${ws}/projects`;
const project = (id: string, account = ACME) => `${acct(account)}/projects/${id}`;
const projectUsers = (id: string, account = ACME) => `${project(id, account)}/users`;
const projectUser = (id: string, user: string, account = ACME) => `${projectUsers(id, account)}/${user}`;

/** email -> role of every row of a user listing, following links.next. */
async function roles(path: string, token?: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let next: string | null = path;
  while (next !== null) {
    const page: Answer = await call(emu, next, token === undefined ? {} : { token });
    expect(page.status, next).toBe(200);
    for (const row of list(page.json, 'data')) out[text(row, 'user', 'email')] = text(row, 'role');
    next = nextLink(page);
  }
  return out;
}

describe('projects.index', () => {
  it('lists a workspace’s projects by name, as the Project schema has them', async () => {
    await start();
    const res = await call(emu, projects(WS.marketing));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(list(res.json, 'data').map((p) => at(p, 'name'))).toEqual(['Quiet', 'Spring Campaign', 'Vault']);
    expect(at(res.json, 'links')).toEqual({ next: null });
    const spring = mapping(res.json, 'data', 1);
    expect(Object.keys(spring).sort()).toEqual(
      [
        'adobe_id',
        'created_at',
        'description',
        'id',
        'name',
        'restricted',
        'root_folder_id',
        'status',
        'storage',
        'updated_at',
        'view_url',
        'workspace_id',
      ].sort(),
    );
    expect(spring).toMatchObject({
      id: PROJECT.spring,
      workspace_id: WS.marketing,
      restricted: false,
      status: 'active',
      description: null,
    });
    expect(at(res.json, 'data', 2, 'restricted')).toBe(true);
    // Seeded with restricted_in_listing: false, the key is left out (it is optional in the schema).
    expect(Object.hasOwn(mapping(res.json, 'data', 0), 'restricted')).toBe(false);
  });

  it('pages with keyset cursors, counts on request, and sorts by the documented enum', async () => {
    await start();
    const first = await call(emu, `${projects(ARCHIVE)}?page_size=50&include_total_count=true`);
    expect(at(first.json, 'total_count')).toBe(ARCHIVE_PROJECTS);
    const names: unknown[] = list(first.json, 'data').map((p) => at(p, 'name'));
    let next = nextLink(first);
    let pages = 1;
    while (next !== null) {
      const page = await call(emu, `${next}&page_size=50`);
      names.push(...list(page.json, 'data').map((p) => at(p, 'name')));
      next = nextLink(page);
      pages++;
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(ARCHIVE_PROJECTS);
    expect(names[0]).toBe('Batch 001');
    expect(new Set(names).size).toBe(ARCHIVE_PROJECTS);

    const desc = await call(emu, `${projects(ARCHIVE)}?sort=name_desc&page_size=2`);
    expect(list(desc.json, 'data').map((p) => at(p, 'name'))).toEqual(['Batch 130', 'Batch 129']);
    const newest = await call(emu, `${projects(WS.marketing)}?sort=created_at_desc`);
    expect(list(newest.json, 'data').map((p) => at(p, 'name'))).toEqual(['Quiet', 'Vault', 'Spring Campaign']);
    for (const query of ['sort=email_asc', 'page_size=0', 'page_size=101', 'include=creator']) {
      const bad = await call(emu, `${projects(WS.marketing)}?${query}`);
      expect(bad.status, query).toBe(422);
      expect(text(bad.json, 'errors', 0, 'detail')).toBeTruthy();
    }
  });

  it('adds the owner on include=owner; answers members (200) and unknown workspaces (404)', async () => {
    await start();
    const res = await call(emu, `${projects(WS.marketing)}?include=owner`);
    expect(at(res.json, 'data', 0, 'owner', 'email')).toBe('owner@acme.test');
    expect((await call(emu, projects(WS.marketing), { token: MEMBER_TOKEN })).status).toBe(200);
    const unknown = await call(emu, projects('00000000-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ errors: [{ detail: 'Workspace not found', title: 'Not found' }] });
  });
});

describe('projects.show', () => {
  it('answers one project with its workspace; 404 for an unknown one, or one of another account', async () => {
    await start();
    const res = await call(emu, project(PROJECT.vault));
    expect(res.status).toBe(200);
    expect(mapping(res.json, 'data')).toMatchObject({
      id: PROJECT.vault,
      workspace_id: WS.marketing,
      restricted: true,
    });
    expect((await call(emu, project(PROJECT.spring.toUpperCase()))).status).toBe(200);
    expect((await call(emu, project('00000000-0000-4000-8000-000000000000'))).status).toBe(404);
    const elsewhere = await call(emu, project(PROJECT.reel));
    expect(elsewhere.status).toBe(404);
    expect(text(elsewhere.json, 'errors', 0, 'detail')).toBe('Project not found');
    expect((await call(emu, project(PROJECT.reel, ADOBE))).status).toBe(200);
  });

  it('answers 404 on every operation once a project is deleted by hand', async () => {
    await start();
    emu.state.deleteProject(ACME, PROJECT.spring);
    const answers = await Promise.all([
      call(emu, project(PROJECT.spring)),
      call(emu, projectUsers(PROJECT.spring)),
      call(emu, project(PROJECT.spring), { method: 'PATCH', body: { data: { restricted: true } } }),
      call(emu, projectUser(PROJECT.spring, USER.bob), { method: 'PATCH', body: { data: { role: 'viewer' } } }),
      call(emu, projectUser(PROJECT.spring, USER.bob), { method: 'DELETE' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404]);
    expect(answers.map((a) => text(a.json, 'errors', 0, 'detail'))).toEqual(Array(5).fill('Project not found'));
    const listed = await call(emu, projects(WS.marketing));
    expect(list(listed.json, 'data').map((p) => at(p, 'name'))).toEqual(['Quiet', 'Vault']);
  });
});

describe('projects.update', () => {
  it('changes restricted, name and status, answering the Project (without description)', async () => {
    await start({ now: () => Date.UTC(2026, 11, 1) });
    const res = await call(emu, project(PROJECT.spring), { method: 'PATCH', body: { data: { restricted: true } } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('10');
    expect(mapping(res.json, 'data')).toMatchObject({ id: PROJECT.spring, restricted: true, name: 'Spring Campaign' });
    expect(Object.hasOwn(mapping(res.json, 'data'), 'description')).toBe(false);
    expect(at(res.json, 'data', 'updated_at')).toBe('2026-12-01T00:00:00.000Z');
    expect(emu.state.projects(ACME, WS.marketing).find((p) => p.id === PROJECT.spring)?.restricted).toBe(true);

    const renamed = await call(emu, project(PROJECT.spring), {
      method: 'PATCH',
      body: { data: { name: 'Summer Campaign', status: 'inactive', restricted: false } },
    });
    expect(mapping(renamed.json, 'data')).toMatchObject({
      name: 'Summer Campaign',
      status: 'inactive',
      restricted: false,
    });
    expect((await call(emu, project(PROJECT.spring), { method: 'PATCH', body: { data: {} } })).status).toBe(200);
    expect(emu.log.map((e) => e.operation)).toEqual(Array(3).fill('projects.update'));
  });

  it.each([
    [{ data: { restricted: true, owner: 'x' } }, 422, '/data/owner'],
    [{ data: { restricted: true }, extra: 1 }, 422, '/extra'],
    [{ data: { restricted: 'yes' } }, 422, '/data/restricted'],
    [{ data: { name: '' } }, 422, '/data/name'],
    [{ data: { name: 'x'.repeat(256) } }, 422, '/data/name'],
    [{ data: { status: 'archived' } }, 422, '/data/status'],
    [{ restricted: true }, 422, '/restricted'],
  ])('refuses the body %j with %i at %s and changes nothing', async (body, status, pointer) => {
    await start();
    const res = await call(emu, project(PROJECT.spring), { method: 'PATCH', body });
    expect(res.status).toBe(status);
    expect(at(res.json, 'errors', 0, 'source')).toEqual({ pointer });
    expect(at(res.json, 'errors', 0, 'title')).toBe('Invalid value');
    expect(emu.state.projects(ACME, WS.marketing).find((p) => p.id === PROJECT.spring)).toEqual({
      id: PROJECT.spring,
      name: 'Spring Campaign',
      restricted: false,
    });
  });

  it('answers 400 without a body and 403 to a member', async () => {
    await start();
    expect((await call(emu, project(PROJECT.spring), { method: 'PATCH' })).status).toBe(400);
    const member = await call(emu, project(PROJECT.spring), {
      method: 'PATCH',
      body: { data: { restricted: true } },
      token: MEMBER_TOKEN,
    });
    expect(member.status).toBe(403);
  });
});

describe('project_user_roles.index', () => {
  it('lists only direct grants by default: a project-only collaborator, grants below the workspace role', async () => {
    await start();
    expect(await roles(projectUsers(PROJECT.spring))).toEqual({
      'bob@acme.test': 'full_access',
      'carol@acme.test': 'viewer',
      'dave@acme.test': 'editor',
    });
    expect(await roles(`${projectUsers(PROJECT.spring)}?include_deactivated=true`)).toEqual({
      'bob@acme.test': 'full_access',
      'carol@acme.test': 'viewer',
      'dave@acme.test': 'editor',
      'old.timer@acme.test': 'commenter',
    });
    expect(await roles(projectUsers(PROJECT.vault))).toEqual({ 'bob@acme.test': 'commenter' });
    expect(await roles(projectUsers(PROJECT.hub))).toEqual({});
  });

  it('lists inherited access too under project_listing: inherited', async () => {
    emu = await startEmulator({ state: projectSeed('inherited') });
    const marketing = emu.state.workspaceUsers(ACME, WS.marketing);
    const listed = await roles(projectUsers(PROJECT.spring));
    // Account admins and the owner, as their account role.
    expect([listed['owner@acme.test'], listed['alice@acme.test'], listed['grace@acme.test']]).toEqual([
      'owner',
      'admin',
      'admin',
    ]);
    // Each workspace member at the higher of the workspace role and the direct grant.
    expect(listed['bob@acme.test']).toBe('full_access');
    expect(listed['carol@acme.test']).toBe(marketing['carol@acme.test']);
    expect(listed['dave@acme.test']).toBe('editor');
    const members = Object.keys(marketing).filter((e) => !['alice@acme.test'].includes(e));
    for (const email of members) expect(listed[email], email).toBeDefined();
    expect(Object.keys(listed)).toHaveLength(members.length + 4); // + owner, alice, grace, dave

    // A restricted project inherits nothing from its workspace.
    expect(await roles(projectUsers(PROJECT.vault))).toEqual({
      'alice@acme.test': 'admin',
      'bob@acme.test': 'commenter',
      'grace@acme.test': 'admin',
      'owner@acme.test': 'owner',
    });
  });

  it('pages a long inherited listing (page_size 1-100), every sort of the enum, no row twice', async () => {
    emu = await startEmulator({ state: projectSeed('inherited') });
    const first = await call(emu, `${projectUsers(PROJECT.hub)}?page_size=100&include_total_count=true`);
    const total = at(first.json, 'total_count') as number;
    expect(total).toBe(Object.keys(emu.state.workspaceUsers(ACME, WS.clientReviews)).length + 3);
    expect(total).toBeGreaterThan(200);
    const all = await roles(`${projectUsers(PROJECT.hub)}?page_size=100`);
    expect(Object.keys(all)).toHaveLength(total);
    for (const sort of ['role_asc', 'role_desc', 'name_asc', 'name_desc', 'email_asc', 'email_desc']) {
      const res = await call(emu, `${projectUsers(PROJECT.hub)}?sort=${sort}&page_size=3`);
      expect(res.status, sort).toBe(200);
      expect(list(res.json, 'data'), sort).toHaveLength(3);
    }
    const emails = list((await call(emu, `${projectUsers(PROJECT.hub)}?sort=email_desc&page_size=5`)).json, 'data');
    const seen = emails.map((r) => text(r, 'user', 'email'));
    expect(seen).toEqual([...seen].sort().reverse());
    for (const query of ['page_size=0', 'page_size=101', 'sort=created_at_asc', 'include_deactivated=maybe'])
      expect((await call(emu, `${projectUsers(PROJECT.hub)}?${query}`)).status, query).toBe(422);
  });
});

describe('project_user_roles.update (upsert) and project_permissions.delete', () => {
  const patch = (projectId: string, user: string, role: unknown, token?: string) =>
    call(emu, projectUser(projectId, user), {
      method: 'PATCH',
      body: { data: { role } },
      ...(token ? { token } : {}),
    });

  it('adds a grant, changes it, and is idempotent', async () => {
    await start();
    const added = await patch(PROJECT.vault, DAVE, 'viewer');
    expect(added.status).toBe(200);
    expect(added.json).toEqual({ data: { role: 'viewer' } });
    expect(added.headers.get('x-ratelimit-limit')).toBe('10');
    expect(emu.state.getProjectRole(ACME, PROJECT.vault, 'dave@acme.test')).toBe('viewer');
    expect((await patch(PROJECT.vault, DAVE, 'editor')).json).toEqual({ data: { role: 'editor' } });
    expect((await patch(PROJECT.vault, DAVE, 'editor')).status).toBe(200);
    expect(emu.state.projectUsers(ACME, 'Vault')).toEqual({ 'bob@acme.test': 'commenter', 'dave@acme.test': 'editor' });
    expect(emu.log.at(-1)).toMatchObject({
      method: 'PATCH',
      path: `/v4/accounts/${ACME}/projects/${PROJECT.vault}/users/${DAVE}`,
      operation: 'project_user_roles.update',
      body: { data: { role: 'editor' } },
    });
  });

  it.each([
    ['workspace_admin', 'a workspace role no project takes'],
    ['admin', 'an account role'],
    ['boss', 'no role at all'],
  ])('refuses role %s (%s) with 422 at /data/role', async (role) => {
    await start();
    const res = await patch(PROJECT.vault, DAVE, role);
    expect(res.status).toBe(422);
    expect(at(res.json, 'errors', 0, 'source')).toEqual({ pointer: '/data/role' });
    expect(emu.state.getProjectRole(ACME, PROJECT.vault, 'dave@acme.test')).toBeNull();
  });

  it('refuses whom the API cannot give a project role: 409 admins, 422 others, 404 unknown ids', async () => {
    await start();
    const cases: [string, string, number, RegExp][] = [
      [PROJECT.spring, GRACE, 409, /account admin/],
      [PROJECT.spring, USER.owner, 409, /account owner/],
      [PROJECT.spring, USER.reviewer, 422, /not a user of this account/],
      [PROJECT.spring, USER.oldTimer, 422, /deactivated/],
      [PROJECT.reel, USER.reviewer, 422, /reviewer/],
      [PROJECT.spring, '00000000-0000-4000-8000-000000000000', 404, /User not found/],
    ];
    for (const [projectId, user, status, detail] of cases) {
      const account = projectId === PROJECT.reel ? ADOBE : ACME;
      const res = await call(emu, projectUser(projectId, user, account), {
        method: 'PATCH',
        body: { data: { role: 'viewer' } },
      });
      expect([user, res.status]).toEqual([user, status]);
      expect(text(res.json, 'errors', 0, 'detail')).toMatch(detail);
    }
    expect(emu.state.projectUsers(ACME, PROJECT.spring)).toEqual({
      'bob@acme.test': 'full_access',
      'carol@acme.test': 'viewer',
      'dave@acme.test': 'editor',
      'old.timer@acme.test': 'commenter',
    });
  });

  it('DELETE answers 204 for a direct grant, 404 for none (a workspace member included)', async () => {
    emu = await startEmulator({ state: projectSeed('inherited') });
    const first = await call(emu, projectUser(PROJECT.spring, DAVE), { method: 'DELETE' });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    expect(emu.state.getProjectRole(ACME, PROJECT.spring, 'dave@acme.test')).toBeNull();
    const again = await call(emu, projectUser(PROJECT.spring, DAVE), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(text(again.json, 'errors', 0, 'detail')).toMatch(/no direct role/);
    // Frank is listed (a Marketing commenter) but holds no grant: nothing to delete.
    expect((await roles(projectUsers(PROJECT.spring)))['frank@acme.test']).toBe('commenter');
    expect((await call(emu, projectUser(PROJECT.spring, USER.frank), { method: 'DELETE' })).status).toBe(404);
    // Bob's grant goes; his workspace role still shows.
    expect((await call(emu, projectUser(PROJECT.spring, USER.bob), { method: 'DELETE' })).status).toBe(204);
    expect((await roles(projectUsers(PROJECT.spring)))['bob@acme.test']).toBe('viewer');
    expect(
      (await call(emu, projectUser(PROJECT.spring, USER.bob), { method: 'DELETE', token: MEMBER_TOKEN })).status,
    ).toBe(403);
    expect(emu.log.map((e) => e.operation).filter((op) => op !== 'project_user_roles.index')).toEqual(
      Array(5).fill('project_permissions.delete'),
    );
  });
});

describe('rate limits of the project operations', () => {
  type Request = { path: string; method?: string; body?: unknown };
  const requests: Record<Operation, Request | undefined> = {
    'users.show': undefined,
    'accounts.index': undefined,
    'workspaces.index': undefined,
    'workspaces.show': undefined,
    'account_user_roles.index': undefined,
    'account_user_roles.update': undefined,
    'workspace_user_roles.index': undefined,
    'workspace_user_roles.update': undefined,
    'workspace_user_roles.delete': undefined,
    'projects.index': { path: projects(WS.marketing) },
    'projects.show': { path: project(PROJECT.spring) },
    'projects.update': { path: project(PROJECT.spring), method: 'PATCH', body: { data: { restricted: false } } },
    'project_user_roles.index': { path: projectUsers(PROJECT.spring) },
    'project_user_roles.update': {
      path: projectUser(PROJECT.spring, DAVE),
      method: 'PATCH',
      body: { data: { role: 'editor' } },
    },
    // Every answer counts against the bucket: the first 204, then 404s.
    'project_permissions.delete': { path: projectUser(PROJECT.spring, DAVE), method: 'DELETE' },
    // The group operations' limits are tested in groups.test.ts.
    'groups.index': undefined,
    'groups.show': undefined,
    'groups.create': undefined,
    'group_users.index': undefined,
    'group_users.add': undefined,
    'group_users.remove': undefined,
    'workspace_group_roles.index': undefined,
    'workspace_group_roles.update': undefined,
    'workspace_group_roles.delete': undefined,
    'project_group_roles.index': undefined,
    'project_group_roles.update': undefined,
    'project_group_roles.delete': undefined,
    // Tested in audit.test.ts.
    'auditlog.index': undefined,
  };

  it.each(Object.entries(requests).filter(([, r]) => r !== undefined) as [Operation, Request][])(
    '%s allows its documented limit per window, then 429 with the headers and the error body',
    async (op, request) => {
      const { limit } = OPERATION_FACTS[op];
      // The clock stands still: the bucket never refills during the test.
      await start({ now: () => 0 });
      const statuses: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i <= limit; i++) {
        last = await call(emu, request.path, { method: request.method, body: request.body });
        statuses.push(last.status);
      }
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
      expect(statuses.at(-1)).toBe(429);
      expect(last!.headers.get('x-ratelimit-limit')).toBe(String(limit));
      expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(last!.headers.get('x-ratelimit-window')).toBe('60000');
      expect(text(last!.json, 'errors', 0, 'detail')).toBe(
        `Too many requests: ${op} allows ${limit} calls per 60000 ms`,
      );
      expect(at(last!.json, 'errors', 0, 'title')).toBe('Too many requests');
      expect(emu.log.every((e) => e.operation === op)).toBe(true);
      // Another operation's bucket is untouched.
      const other = op === 'projects.show' ? projects(WS.marketing) : project(PROJECT.spring);
      expect((await call(emu, other)).status).toBe(200);
    },
  );
});

describe('hand edits of projects', () => {
  it('set and remove grants, restrict, and read grants, without a logged call', async () => {
    await start();
    emu.state.setProjectRole(ACME, 'Vault', 'Dave@Acme.test', 'full_access');
    emu.state.setProjectRole(ACME, PROJECT.vault, 'bob@acme.test', null);
    emu.state.setProjectRestricted(ACME, PROJECT.spring, true);
    expect(emu.log).toEqual([]);
    expect(emu.state.projectUsers(ACME, PROJECT.vault)).toEqual({ 'dave@acme.test': 'full_access' });
    expect(emu.state.getProjectRole(ACME, PROJECT.vault, 'bob@acme.test')).toBeNull();
    expect(await roles(projectUsers(PROJECT.vault))).toEqual({ 'dave@acme.test': 'full_access' });
    expect(at((await call(emu, project(PROJECT.spring))).json, 'data', 'restricted')).toBe(true);
    expect(emu.state.projects(ACME, 'Marketing').map((p) => [p.name, p.restricted])).toEqual([
      ['Spring Campaign', true],
      ['Vault', true],
      ['Quiet', true],
    ]);
  });

  it('name what they cannot find, and refuse a grant to someone outside the account', async () => {
    await start();
    expect(() => emu.state.projectUsers(ACME, 'Nope')).toThrow('emulator: no project Nope in account Acme Post');
    expect(() => emu.state.projectUsers(ACME, 'Spring Campaign')).toThrow(
      'emulator: 2 projects are named Spring Campaign in account Acme Post; use an id',
    );
    expect(() => emu.state.setProjectRole(ACME, PROJECT.vault, 'reviewer.only@client.test', 'viewer')).toThrow(
      /has no role in account Acme Post/,
    );
  });

  it('a user who leaves the account leaves its projects; the inherited listing follows workspace edits', async () => {
    emu = await startEmulator({ state: projectSeed('inherited') });
    emu.state.setAccountRole(ACME, 'dave@acme.test', null);
    expect(emu.state.getProjectRole(ACME, PROJECT.spring, 'dave@acme.test')).toBeNull();
    expect((await roles(projectUsers(PROJECT.spring)))['frank@acme.test']).toBe('commenter');
    emu.state.setWorkspaceRole(ACME, WS.marketing, 'frank@acme.test', 'editor');
    expect((await roles(projectUsers(PROJECT.spring)))['frank@acme.test']).toBe('editor');
    emu.state.setAccountRole(ACME, 'erin@acme.test', 'admin');
    expect((await roles(projectUsers(PROJECT.vault)))['erin@acme.test']).toBe('admin');
  });

  it('round-trip through toInput, projects and project_listing included', async () => {
    emu = await startEmulator({ state: projectSeed('inherited') });
    emu.state.setProjectRole(ACME, PROJECT.vault, 'dave@acme.test', 'viewer');
    const again = emu.state.toInput();
    expect(again.project_listing).toBe('inherited');
    const marketing = again.accounts[0]!.workspaces!.find((w) => w.id === WS.marketing)!;
    expect(marketing.projects!.map((p) => [p.name, p.restricted, p.restricted_in_listing, p.users])).toEqual([
      [
        'Spring Campaign',
        false,
        undefined,
        {
          'bob@acme.test': 'full_access',
          'carol@acme.test': 'viewer',
          'dave@acme.test': 'editor',
          'old.timer@acme.test': 'commenter',
        },
      ],
      ['Vault', true, undefined, { 'bob@acme.test': 'commenter', 'dave@acme.test': 'viewer' }],
      ['Quiet', true, false, {}],
    ]);
    const copy = await startEmulator({ state: again });
    try {
      expect(copy.state.projectUsers(ACME, PROJECT.vault)).toEqual(emu.state.projectUsers(ACME, PROJECT.vault));
    } finally {
      await copy.close();
    }
  });
});
