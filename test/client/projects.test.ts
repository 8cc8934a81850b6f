// The client's project calls: through real HTTP against the emulator (listings in both variants,
// paging with the sort re-sent, upsert, delete, restrict, 404), and against a server of our own for
// answers of the wrong shape, each an API_PROTOCOL error that names the method and path.
import { afterEach, describe, expect, it } from 'vitest';
import { FrameioClient } from '../../src/client/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ApiError, RolesyncError } from '../../src/errors.js';
import type { ProjectListing } from '../../src/emulator/index.js';
import { ARCHIVE_PROJECTS, PROJECT, projectSeed } from '../emulator/project-seed.js';
import { json, startLocalServer, type Handler } from './local-server.js';

const TOKEN = 'fio-demo-admin-token';
const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const MARKETING = '8897b795-ace2-4f12-b4b4-4a899aefa2d5';
const ARCHIVE = '5ef7a87f-4d20-44d7-a9cd-2754982046c1';
const CLIENT_REVIEWS = 'a22cfd5b-c5c5-46b1-acd2-94f385f721f1';
const DAVE = '69d6a176-169e-4ea0-a5ba-d67a8593ecaf';

let emulator: Emulator | undefined;
let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await emulator?.close();
  await closeServer?.();
  emulator = undefined;
  closeServer = undefined;
});

async function start(listing?: ProjectListing) {
  emulator = await startEmulator({ state: projectSeed(listing), port: 0, timeScale: 60 });
  const api = new FrameioClient({ token: TOKEN, baseUrl: emulator.url, retry: { baseMs: 5 } });
  return { emu: emulator, api };
}

describe('project reads against the emulator', () => {
  it('lists every project of a workspace by name, asking for the sort on every page', async () => {
    const { emu, api } = await start();
    expect(await api.listProjects(ACME, MARKETING)).toEqual([
      { id: PROJECT.quiet, name: 'Quiet', restricted: null },
      { id: PROJECT.spring, name: 'Spring Campaign', restricted: false },
      { id: PROJECT.vault, name: 'Vault', restricted: true },
    ]);
    emu.clearLog();
    const archive = await api.listProjects(ACME, ARCHIVE);
    expect(archive).toHaveLength(ARCHIVE_PROJECTS);
    expect(archive.map((p) => p.name)).toEqual([...archive.map((p) => p.name)].sort());
    expect(emu.log.map((e) => [e.operation, e.status, e.query.sort, e.query.page_size])).toEqual([
      ['projects.index', 200, 'name_asc', '100'],
      ['projects.index', 200, 'name_asc', '100'],
    ]);
  });

  it('shows a project with its workspace; a deleted one is an ApiError 404 naming the call', async () => {
    const { emu, api } = await start();
    expect(await api.showProject(ACME, PROJECT.vault)).toEqual({
      id: PROJECT.vault,
      name: 'Vault',
      restricted: true,
      workspaceId: MARKETING,
    });
    expect((await api.showProject(ACME, PROJECT.quiet)).restricted).toBeNull();
    emu.state.deleteProject(ACME, PROJECT.vault);
    const error = await api.showProject(ACME, PROJECT.vault).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toBe(
      `GET /v4/accounts/${ACME}/projects/${PROJECT.vault} failed: HTTP 404: Project not found`,
    );
  });

  it.each([
    ['direct', { bob: 'full_access', carol: 'viewer', dave: 'editor', frank: undefined, alice: undefined }],
    ['inherited', { bob: 'full_access', carol: 'editor', dave: 'editor', frank: 'commenter', alice: 'admin' }],
  ] as const)('lists a project’s users as the %s listing shows them', async (listing, expected) => {
    const { api } = await start(listing);
    const members = await api.listProjectUsers(ACME, PROJECT.spring, { includeDeactivated: true });
    const role = (name: string) => members.find((m) => m.user.email === `${name}@acme.test`)?.role;
    expect(Object.fromEntries(Object.keys(expected).map((name) => [name, role(name)]))).toEqual(expected);
    expect(role('old.timer')).toBe('commenter');
    expect(members.find((m) => m.user.email === 'old.timer@acme.test')?.user.active).toBe(false);
    const active = await api.listProjectUsers(ACME, PROJECT.spring);
    expect(active.map((m) => m.user.email)).not.toContain('old.timer@acme.test');
  });

  it('reads a long listing page by page with include_deactivated and the sort re-sent', async () => {
    const { emu, api } = await start('inherited');
    emu.clearLog();
    const members = await api.listProjectUsers(ACME, PROJECT.hub, { includeDeactivated: true });
    expect(members.length).toBe(Object.keys(emu.state.workspaceUsers(ACME, CLIENT_REVIEWS)).length + 3);
    expect(emu.log.map((e) => [e.query.sort, e.query.include_deactivated, e.query.page_size])).toEqual(
      Array(3).fill(['email_asc', 'true', '100']),
    );
  });
});

describe('project writes against the emulator', () => {
  it('upserts a grant, removes it, then finds it already absent', async () => {
    const { emu, api } = await start();
    expect(await api.setProjectRole(ACME, PROJECT.vault, DAVE, 'viewer')).toBe('viewer');
    expect(await api.setProjectRole(ACME, PROJECT.vault, DAVE, 'editor')).toBe('editor');
    expect(emu.state.getProjectRole(ACME, PROJECT.vault, 'dave@acme.test')).toBe('editor');
    expect(await api.removeProjectUser(ACME, PROJECT.vault, DAVE)).toBe('removed');
    expect(await api.removeProjectUser(ACME, PROJECT.vault, DAVE)).toBe('already_absent');
    expect(emu.state.getProjectRole(ACME, PROJECT.vault, 'dave@acme.test')).toBeNull();
    expect(emu.log.map((e) => [e.operation, e.status])).toEqual([
      ['project_user_roles.update', 200],
      ['project_user_roles.update', 200],
      ['project_permissions.delete', 204],
      ['project_permissions.delete', 404],
    ]);
  });

  it('sets restricted, also where the answer leaves the key out', async () => {
    const { emu, api } = await start();
    expect(await api.setProjectRestricted(ACME, PROJECT.spring, true)).toBe(true);
    expect(await api.setProjectRestricted(ACME, PROJECT.quiet, false)).toBe(false);
    const restricted = Object.fromEntries(emu.state.projects(ACME, MARKETING).map((p) => [p.id, p.restricted]));
    expect([restricted[PROJECT.spring], restricted[PROJECT.quiet]]).toEqual([true, false]);
    expect(emu.log.map((e) => e.body)).toEqual([{ data: { restricted: true } }, { data: { restricted: false } }]);
  });

  it('refuses a role no project takes before sending anything; a 422 names the call', async () => {
    const { emu, api } = await start();
    const usage = await api.setProjectRole(ACME, PROJECT.vault, DAVE, 'workspace_admin' as never).catch((e) => e);
    expect((usage as RolesyncError).code).toBe('USAGE');
    expect(emu.log).toEqual([]);
    const oldTimer = emu.state.user('old.timer@acme.test')!.id!;
    const refused = await api.setProjectRole(ACME, PROJECT.vault, oldTimer, 'viewer').catch((e: unknown) => e);
    expect((refused as ApiError).status).toBe(422);
    expect((refused as ApiError).message).toBe(
      `PATCH /v4/accounts/${ACME}/projects/${PROJECT.vault}/users/${oldTimer} failed: HTTP 422: ` +
        'The user is deactivated',
    );
  });
});

describe('project answers of the wrong shape', () => {
  async function serve(handler: Handler): Promise<FrameioClient> {
    const server = await startLocalServer(handler);
    closeServer = server.close;
    return new FrameioClient({ token: 'sEcReT-t0ken', baseUrl: server.url, retry: { baseMs: 5, maxRetries: 0 } });
  }
  const project = { id: PROJECT.spring, name: 'Spring', workspace_id: MARKETING, restricted: false };
  const page = (data: unknown[]) => ({ data, links: { next: null } });
  const user = { id: DAVE, email: 'dave@acme.test', name: null, active: true, avatar_url: null };
  const base = `/v4/accounts/${ACME}`;

  it.each([
    [
      'a project without a name',
      (c: FrameioClient) => c.listProjects(ACME, MARKETING),
      page([{ id: PROJECT.spring }]),
      `GET ${base}/workspaces/${MARKETING}/projects: project ${PROJECT.spring} has no name`,
    ],
    [
      'restricted that is not a boolean',
      (c: FrameioClient) => c.listProjects(ACME, MARKETING),
      page([{ ...project, restricted: 'yes' }]),
      `GET ${base}/workspaces/${MARKETING}/projects: project ${PROJECT.spring}: restricted is "yes", not a boolean`,
    ],
    [
      'a project listed twice',
      (c: FrameioClient) => c.listProjects(ACME, MARKETING),
      page([project, project]),
      `GET ${base}/workspaces/${MARKETING}/projects: project ${PROJECT.spring} is listed twice on page 1`,
    ],
    [
      'a shown project without its workspace',
      (c: FrameioClient) => c.showProject(ACME, PROJECT.spring),
      { data: { id: PROJECT.spring, name: 'Spring' } },
      `GET ${base}/projects/${PROJECT.spring}: data.workspace_id is missing`,
    ],
    [
      'an unknown role in a project listing',
      (c: FrameioClient) => c.listProjectUsers(ACME, PROJECT.spring),
      page([{ role: 'boss', user }]),
      `GET ${base}/projects/${PROJECT.spring}/users: unknown project role "boss" for dave@acme.test`,
    ],
    [
      'a grant answered with an account role',
      (c: FrameioClient) => c.setProjectRole(ACME, PROJECT.spring, DAVE, 'viewer'),
      { data: { role: 'owner' } },
      `PATCH ${base}/projects/${PROJECT.spring}/users/${DAVE}: the answer's role is "owner"`,
    ],
    [
      'a restriction answered with the opposite',
      (c: FrameioClient) => c.setProjectRestricted(ACME, PROJECT.spring, true),
      { data: project },
      `PATCH ${base}/projects/${PROJECT.spring}: the answer says restricted is false after setting it to true`,
    ],
    [
      'a restriction answered without data',
      (c: FrameioClient) => c.setProjectRestricted(ACME, PROJECT.spring, true),
      { project },
      `PATCH ${base}/projects/${PROJECT.spring}: "data" is not an object`,
    ],
  ])('refuses %s as API_PROTOCOL, naming method and path', async (_label, run, body, message) => {
    const client = await serve((_req, res) => json(res, 200, body));
    const error = await run(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RolesyncError);
    expect((error as RolesyncError).code).toBe('API_PROTOCOL');
    expect((error as Error).message).toContain(message);
  });

  it('takes restricted: null as unknown, like an absent key', async () => {
    const client = await serve((_req, res) => json(res, 200, page([{ ...project, restricted: null }])));
    expect(await client.listProjects(ACME, MARKETING)).toEqual([
      { id: PROJECT.spring, name: 'Spring', restricted: null },
    ]);
  });
});
