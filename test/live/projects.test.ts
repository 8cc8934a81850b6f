// The live read of projects through the real client and the emulator, its calls counted from the
// emulator's request log: one projects listing per managed workspace that lists projects, one users
// listing per listed project, nothing else; a failed page fails the whole read.
import { afterEach, describe, expect, it } from 'vitest';
import { FrameioClient } from '../../src/client/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ApiError } from '../../src/errors.js';
import { fetchLive } from '../../src/live/fetch.js';
import type { DesiredAccount, DesiredProject, Manifest } from '../../src/manifest/types.js';
import { DEFAULT_POLICY } from '../../src/manifest/types.js';
import { ReadProgress } from '../../src/progress/index.js';
import { PROJECT, projectSeed } from '../emulator/project-seed.js';

const TOKEN = 'fio-demo-admin-token';
const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const WS = {
  marketing: '8897b795-ace2-4f12-b4b4-4a899aefa2d5',
  editorial: 'b39d2d7d-71e8-4bac-af70-423a40be9822',
  clientReviews: 'a22cfd5b-c5c5-46b1-acd2-94f385f721f1',
  archive: '5ef7a87f-4d20-44d7-a9cd-2754982046c1',
};
const BATCH_007 = '5f7b9d13-4e6a-4c8d-9fab-000000000007';

const pos = { file: 'm.yaml', line: 1, col: 1 };
const project = (name: string, id?: string): DesiredProject => ({
  name,
  ...(id ? { id } : {}),
  mode: 'additive',
  users: [],
  groups: [],
  frameioGroups: null,
  pos,
});
const workspace = (name: string, projects: DesiredProject[] = []) => ({
  name,
  mode: 'additive' as const,
  users: [],
  groups: [],
  frameioGroups: null,
  projects,
  pos,
});

/**
 * Marketing lists a project by name and one by a pinned id (under another name), not Quiet;
 * Editorial lists none; Archive lists one of its 130; Client Reviews lists a name no project has.
 * Color, Sound and the Adobe account are not in the manifest.
 */
function manifest(): Manifest {
  const account: DesiredAccount = {
    id: ACME,
    mode: 'additive',
    users: [],
    groups: [],
    policy: DEFAULT_POLICY,
    experimental: [],
    frameioGroups: [],
    workspaces: [
      workspace('Marketing', [project('Spring Campaign'), project('Old Vault Name', PROJECT.vault)]),
      workspace('Editorial'),
      workspace('Archive', [project('Batch 007')]),
      workspace('Client Reviews', [project('Nope')]),
    ],
    files: ['m.yaml'],
    pos,
  };
  return { accounts: [account], warnings: [], digest: 'd' };
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(client: Partial<ConstructorParameters<typeof FrameioClient>[0]> = {}) {
  emulator = await startEmulator({ state: projectSeed(), port: 0, timeScale: 60 });
  const api = new FrameioClient({ token: TOKEN, baseUrl: emulator.url, retry: { baseMs: 5 }, ...client });
  return { emu: emulator, api };
}

/** `operation path` of each logged request of the given operations, sorted. */
function calls(emu: Emulator, ...operations: string[]): string[] {
  return emu.log
    .filter((e) => e.operation !== null && operations.includes(e.operation))
    .map((e) => `${e.operation} ${e.path}${e.query.after ? ' (next page)' : ''}`)
    .sort();
}

describe('the live read of projects', () => {
  it('lists projects once per workspace that lists some, and reads the users of listed projects only', async () => {
    const progress = new ReadProgress();
    const { emu, api } = await start({ onEvent: (event) => progress.observe(event) });
    const live = await fetchLive(api, manifest());

    const account = `/v4/accounts/${ACME}`;
    expect(calls(emu, 'projects.index')).toEqual(
      [
        `projects.index ${account}/workspaces/${WS.archive}/projects`,
        `projects.index ${account}/workspaces/${WS.archive}/projects (next page)`,
        `projects.index ${account}/workspaces/${WS.clientReviews}/projects`,
        `projects.index ${account}/workspaces/${WS.marketing}/projects`,
      ].sort(),
    );
    expect(calls(emu, 'project_user_roles.index')).toEqual(
      [
        `project_user_roles.index ${account}/projects/${BATCH_007}/users`,
        `project_user_roles.index ${account}/projects/${PROJECT.spring}/users`,
        `project_user_roles.index ${account}/projects/${PROJECT.vault}/users`,
      ].sort(),
    );
    expect(calls(emu, 'projects.show', 'projects.update', 'project_user_roles.update')).toEqual([]);
    expect(emu.log.filter((e) => e.operation === 'project_user_roles.index').map((e) => e.query)).toEqual(
      Array(3).fill({ sort: 'email_asc', include_deactivated: 'true', page_size: '100' }),
    );
    // Every project call counts toward the status line, like the workspace listings.
    expect(progress.text()).toBe(`Reading live state from Frame.io: ${emu.log.length} calls`);

    const byId = new Map(live.accounts[0]!.workspaces.map((w) => [w.id, w]));
    expect(byId.get(WS.marketing)!.projects).toEqual([
      { id: PROJECT.quiet, name: 'Quiet', restricted: null },
      {
        id: PROJECT.spring,
        name: 'Spring Campaign',
        restricted: false,
        members: expect.arrayContaining([
          { user: expect.objectContaining({ email: 'dave@acme.test' }), role: 'editor' },
          { user: expect.objectContaining({ email: 'old.timer@acme.test', active: false }), role: 'commenter' },
        ]),
      },
      {
        id: PROJECT.vault,
        name: 'Vault',
        restricted: true,
        members: [{ user: expect.objectContaining({ email: 'bob@acme.test' }), role: 'commenter' }],
      },
    ]);
    expect(byId.get(WS.marketing)!.projects![1]!.members).toHaveLength(4);
    const archive = byId.get(WS.archive)!.projects!;
    expect(archive).toHaveLength(130);
    expect(archive.filter((p) => p.members !== undefined).map((p) => p.id)).toEqual([BATCH_007]);
    expect(byId.get(WS.clientReviews)!.projects!.map((p) => [p.name, p.members])).toEqual([['Review Hub', undefined]]);
    expect(byId.get(WS.editorial)!.projects).toBeUndefined();
    expect(byId.get(WS.editorial)!.members).toBeDefined();
    expect(live.accounts[0]!.workspaces.filter((w) => w.projects !== undefined)).toHaveLength(3);
  });

  it('reads no project of a workspace whose project name is ambiguous there', async () => {
    const state = projectSeed();
    const acme = state.accounts[0]!;
    const marketing = acme.workspaces!.find((w) => w.id === WS.marketing)!;
    marketing.projects = [...marketing.projects!, { id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', name: 'Vault' }];
    emulator = await startEmulator({ state, port: 0, timeScale: 60 });
    const api = new FrameioClient({ token: TOKEN, baseUrl: emulator.url, retry: { baseMs: 5 } });
    const m = manifest();
    m.accounts[0]!.workspaces = [workspace('Marketing', [project('Vault')])];
    const live = await fetchLive(api, m);
    expect(calls(emulator, 'projects.index')).toHaveLength(1);
    expect(calls(emulator, 'project_user_roles.index')).toEqual([]);
    expect(live.accounts[0]!.workspaces.find((w) => w.id === WS.marketing)!.projects).toHaveLength(4);
  });

  it('fails as a whole when a page of a projects listing fails', async () => {
    const { emu, api } = await start({ retry: { baseMs: 5, maxRetries: 0 } });
    const archive = `/v4/accounts/${ACME}/workspaces/${WS.archive}/projects`;
    // Once the first page of Archive's projects is answered, its second page fails.
    emu.onRequest((entry) => {
      if (entry.path === archive && entry.query.after === undefined) emu.faults.failNext(1, 500, { path: archive });
    });
    const error = await fetchLive(api, manifest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(`GET ${archive} failed: HTTP 500: Injected fault: HTTP 500`);
    expect(emu.log.filter((e) => e.path === archive).map((e) => [e.status, e.query.after !== undefined])).toEqual([
      [200, false],
      [500, true],
    ]);
  });
});
