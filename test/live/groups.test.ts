// The live read of Frame.io groups through the real client and the emulator, its calls counted from
// the emulator's request log: one groups listing per opted-in account, members only of the groups the
// plan needs, grants only of listed scopes that manage them or where the plan removes or restricts
// (and of no other), nothing of groups without the opt-in,
// `api-version: experimental` on exactly the experimental calls, and an account without the
// experimental API failing the whole read with an error naming the feature.
import { afterEach, describe, expect, it } from 'vitest';
import { isExperimental } from '../../src/api/index.js';
import { FrameioClient } from '../../src/client/index.js';
import { startEmulator, type Emulator, type EmulatorStateInput } from '../../src/emulator/index.js';
import { ApiError } from '../../src/errors.js';
import { fetchLive } from '../../src/live/fetch.js';
import type {
  DesiredAccount,
  DesiredFrameioGroup,
  DesiredFrameioGroupGrant,
  DesiredProject,
  DesiredWorkspace,
  Manifest,
  Mode,
} from '../../src/manifest/types.js';
import { DEFAULT_POLICY } from '../../src/manifest/types.js';
import { CROWD_SIZE, GROUP, groupSeed } from '../emulator/group-seed.js';
import { ACME, ADMIN_TOKEN, ADOBE, WS } from '../emulator/helpers.js';
import { PROJECT } from '../emulator/project-seed.js';

const ARCHIVE = '5ef7a87f-4d20-44d7-a9cd-2754982046c1';
const pos = { file: 'acme.yaml', line: 1, col: 1 };

type Grants = Record<string, 'viewer' | 'commenter' | 'editor' | 'full_access'> | null;
const grants = (g: Grants): DesiredFrameioGroupGrant[] | null =>
  g === null ? null : Object.entries(g).map(([group, role]) => ({ group, role, pos }));
const project = (name: string, mode: Mode, g: Grants): DesiredProject => ({
  name,
  mode,
  users: [],
  groups: [],
  frameioGroups: grants(g),
  pos,
});
const workspace = (name: string, mode: Mode, g: Grants, projects: DesiredProject[] = []): DesiredWorkspace => ({
  name,
  mode,
  users: [],
  groups: [],
  frameioGroups: grants(g),
  projects,
  pos,
});
const group = (name: string, spec: { id?: string; members?: string[] } = {}): DesiredFrameioGroup => ({
  name,
  ...(spec.id ? { id: spec.id } : {}),
  mode: 'additive',
  managed: spec.members !== undefined,
  members: (spec.members ?? []).map((email) => ({ email, pos })),
  groups: [],
  pos,
});
const manifest = (account: Partial<DesiredAccount>): Manifest => ({
  accounts: [
    {
      id: ACME,
      mode: 'additive',
      users: [],
      groups: [],
      policy: DEFAULT_POLICY,
      experimental: ['frameio_groups'],
      frameioGroups: [],
      workspaces: [],
      files: ['acme.yaml'],
      pos,
      ...account,
    },
  ],
  warnings: [],
  digest: 'd',
});

/**
 * Post Team and Crowd manage their members; Okta Editors is granted on Marketing, the workspace of
 * the authoritative Spring Campaign; Workfront Crew only on Editorial (additive); Ghost pins an id no
 * group has. Vault and Archive have no `frameio_groups:` key.
 */
function groupsManifest(): Manifest {
  return manifest({
    frameioGroups: [
      group('Post Team', { members: ['carol@acme.test'] }),
      group('Okta Editors'),
      group('Workfront Crew'),
      group('Crowd', { members: [] }),
      group('Ghost', { id: '9f9f9f9f-0000-4000-8000-000000000000', members: [] }),
    ],
    workspaces: [
      workspace('Marketing', 'additive', { 'Post Team': 'editor', 'Okta Editors': 'viewer' }, [
        project('Spring Campaign', 'authoritative', { 'Post Team': 'full_access' }),
        project('Vault', 'authoritative', null),
      ]),
      workspace('Editorial', 'additive', { 'Workfront Crew': 'viewer' }),
      workspace('Archive', 'authoritative', null),
    ],
  });
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(state: EmulatorStateInput = groupSeed()) {
  emulator = await startEmulator({ state, port: 0, timeScale: 60 });
  const api = new FrameioClient({ token: ADMIN_TOKEN, baseUrl: emulator.url, retry: { baseMs: 5 } });
  return { emu: emulator, api };
}

/** `operation path` of each logged request, pages marked, sorted. */
function calls(emu: Emulator): string[] {
  const account = `/v4/accounts/${ACME}`;
  return emu.log
    .map((e) => `${e.operation} ${e.path.replace(account, '~')}${e.query.after ? ' (next page)' : ''}`)
    .sort();
}

describe('the live read of Frame.io groups', () => {
  it('lists groups once, reads members of needed groups only and grants of managed scopes only', async () => {
    const { emu, api } = await start();
    const live = await fetchLive(api, groupsManifest());

    const spring = PROJECT.spring;
    expect(calls(emu)).toEqual(
      [
        'users.show /v4/me',
        'account_user_roles.index ~/users',
        ...Array(3).fill('account_user_roles.index ~/users (next page)'),
        'workspaces.index ~/workspaces',
        'groups.index ~/groups',
        `workspace_user_roles.index ~/workspaces/${WS.marketing}/users`,
        `workspace_user_roles.index ~/workspaces/${WS.editorial}/users`,
        `workspace_user_roles.index ~/workspaces/${WS.editorial}/users (next page)`,
        `workspace_user_roles.index ~/workspaces/${ARCHIVE}/users`,
        `projects.index ~/workspaces/${WS.marketing}/projects`,
        `project_user_roles.index ~/projects/${spring}/users`,
        `project_user_roles.index ~/projects/${PROJECT.vault}/users`,
        // Managed: Post Team, Crowd (two pages). Granted on the workspace of an authoritative project: Okta.
        `group_users.index ~/groups/${GROUP.post}/users`,
        `group_users.index ~/groups/${GROUP.crowd}/users`,
        `group_users.index ~/groups/${GROUP.crowd}/members (next page)`,
        `group_users.index ~/groups/${GROUP.okta}/users`,
        `workspace_group_roles.index ~/workspaces/${WS.marketing}/groups`,
        `workspace_group_roles.index ~/workspaces/${WS.editorial}/groups`,
        `project_group_roles.index ~/projects/${spring}/groups`,
        // No key, but authoritative: what their grants give is access the plan must not remove.
        `workspace_group_roles.index ~/workspaces/${ARCHIVE}/groups`,
        `project_group_roles.index ~/projects/${PROJECT.vault}/groups`,
      ].sort(),
    );
    expect(emu.log.every((e) => e.status === 200 && e.method === 'GET')).toBe(true);
    // The experimental header on exactly the experimental calls.
    const experimental = emu.log.filter((e) => e.operation !== null && isExperimental(e.operation));
    expect(experimental).toHaveLength(9);
    expect(experimental.every((e) => e.apiVersion === 'experimental')).toBe(true);
    expect(emu.log.filter((e) => e.apiVersion !== null)).toHaveLength(9);

    const account = live.accounts[0]!;
    const byId = new Map(account.groups!.map((g) => [g.id, g]));
    expect(account.groups!.map((g) => [g.name, g.source, g.sync_status, g.members?.length])).toEqual([
      ['Crowd', 'frame', null, CROWD_SIZE],
      ['Okta Editors', 'adobe', 'completed', 2],
      ['Post Team', 'frame', null, 3],
      ['Workfront Crew', 'workfront', null, undefined],
    ]);
    expect(byId.get(GROUP.post)!.members!.map((u) => [u.email, u.active])).toEqual([
      ['carol@acme.test', true],
      ['dave@acme.test', true],
      ['old.timer@acme.test', false],
    ]);
    const workspaces = new Map(account.workspaces.map((w) => [w.id, w]));
    expect(workspaces.get(WS.marketing)!.groupGrants).toEqual([
      { group_id: GROUP.okta, role: 'viewer' },
      { group_id: GROUP.post, role: 'editor' },
    ]);
    expect(workspaces.get(WS.editorial)!.groupGrants).toEqual([]);
    expect(workspaces.get(ARCHIVE)!.groupGrants).toEqual([]);
    const projects = new Map(workspaces.get(WS.marketing)!.projects!.map((p) => [p.id, p]));
    expect(projects.get(spring)!.groupGrants).toEqual([{ group_id: GROUP.post, role: 'full_access' }]);
    // Vault has no `frameio_groups:` key: its grants are read (it is authoritative), not managed.
    expect(projects.get(PROJECT.vault)!.groupGrants).toEqual([{ group_id: GROUP.okta, role: 'commenter' }]);
    expect(projects.get(PROJECT.vault)!.members).toBeDefined();
  });

  it('reads members of a group granted on an authoritative scope only; an additive one needs none', async () => {
    const { emu, api } = await start();
    const m = manifest({
      frameioGroups: [group('Okta Editors'), group('Workfront Crew'), group('Post Team')],
      workspaces: [
        workspace('Marketing', 'additive', { 'Okta Editors': 'viewer' }, [
          project('Spring Campaign', 'additive', { 'Post Team': 'full_access' }),
        ]),
        workspace('Editorial', 'authoritative', { 'Workfront Crew': 'viewer' }),
      ],
    });
    await fetchLive(api, m);
    expect(calls(emu).filter((c) => c.includes('group'))).toEqual(
      [
        'groups.index ~/groups',
        `group_users.index ~/groups/${GROUP.workfront}/users`,
        `workspace_group_roles.index ~/workspaces/${WS.marketing}/groups`,
        `workspace_group_roles.index ~/workspaces/${WS.editorial}/groups`,
        `project_group_roles.index ~/projects/${PROJECT.spring}/groups`,
      ].sort(),
    );
  });

  it('where the plan removes or restricts, reads grants whatever the keys say and members of the groups named', async () => {
    const { emu, api } = await start();
    // Nothing declared, no key: Marketing's Spring Campaign is authoritative, Editorial's restricted
    // by this plan. Vault is restricted already and Quiet's listing does not say (no change): nothing
    // of theirs is needed, nor Editorial's grants (a restricted project takes nothing from it).
    const restricting = (name: string) => ({ ...project(name, 'additive', null), restricted: true });
    const account = (experimental: DesiredAccount['experimental']) =>
      manifest({
        experimental,
        workspaces: [
          workspace('Marketing', 'additive', null, [
            project('Spring Campaign', 'authoritative', null),
            restricting('Quiet'),
            restricting('Vault'),
          ]),
          workspace('Editorial', 'additive', null, [restricting('Spring Campaign')]),
        ],
      });
    await fetchLive(api, account([]));
    const without = calls(emu);
    emu.clearLog();
    const live = await fetchLive(api, account(['frameio_groups']));
    const opted = calls(emu);
    expect(opted.filter((c) => !without.includes(c))).toEqual(
      [
        'groups.index ~/groups',
        // The workspace of an authoritative project, the project, and the one this plan restricts.
        `workspace_group_roles.index ~/workspaces/${WS.marketing}/groups`,
        `project_group_roles.index ~/projects/${PROJECT.spring}/groups`,
        `project_group_roles.index ~/projects/${PROJECT.springTwin}/groups`,
        // Granted on Marketing (both) and Spring (Post Team): read by id, though the manifest declares neither.
        `group_users.index ~/groups/${GROUP.post}/users`,
        `group_users.index ~/groups/${GROUP.okta}/users`,
      ].sort(),
    );
    expect(opted.length - without.length).toBe(6);
    const groups = live.accounts[0]!.groups!;
    expect(groups.filter((g) => g.members !== undefined).map((g) => g.name)).toEqual(['Okta Editors', 'Post Team']);
  });

  it('reads the members of a declared group granted on a project this plan restricts, before any grant exists', async () => {
    const { emu, api } = await start();
    const m = manifest({
      frameioGroups: [group('Workfront Crew')],
      workspaces: [
        workspace('Editorial', 'additive', null, [
          { ...project('Spring Campaign', 'additive', { 'Workfront Crew': 'viewer' }), restricted: true },
        ]),
      ],
    });
    await fetchLive(api, m);
    expect(calls(emu).filter((c) => c.includes('group'))).toEqual(
      [
        'groups.index ~/groups',
        `project_group_roles.index ~/projects/${PROJECT.springTwin}/groups`,
        `group_users.index ~/groups/${GROUP.workfront}/users`,
      ].sort(),
    );
  });

  it('reads no member list of a group whose name two live groups share', async () => {
    const state = groupSeed();
    const acme = state.accounts.find((a) => a.id === ACME)!;
    acme.groups = [...acme.groups!, { id: '5fabe077-f99f-4566-9179-d4f5f989cc99', name: 'Crowd', members: [] }];
    const { emu, api } = await start(state);
    const live = await fetchLive(api, manifest({ frameioGroups: [group('Crowd', { members: [] })] }));
    expect(calls(emu).filter((c) => c.includes('group'))).toEqual(['groups.index ~/groups']);
    expect(live.accounts[0]!.groups!.filter((g) => g.name === 'Crowd')).toHaveLength(2);
  });

  it('calls nothing of groups for an account without the opt-in, beside one that opts in', async () => {
    const { emu, api } = await start();
    const m = manifest({
      frameioGroups: [group('Post Team')],
      workspaces: [workspace('Marketing', 'additive', { 'Post Team': 'editor' })],
    });
    const studio = workspace('Studio', 'authoritative', null, [project('Reel', 'authoritative', null)]);
    m.accounts.push({ ...m.accounts[0]!, id: ADOBE, experimental: [], frameioGroups: [], workspaces: [studio] });
    const live = await fetchLive(api, m);
    const grouped = emu.log.filter((e) => e.path.includes('/groups'));
    expect(grouped.map((e) => `${e.operation} ${e.path}`).sort()).toEqual([
      `groups.index /v4/accounts/${ACME}/groups`,
      `workspace_group_roles.index /v4/accounts/${ACME}/workspaces/${WS.marketing}/groups`,
    ]);
    expect(emu.log.filter((e) => e.path.includes(ADOBE)).every((e) => e.apiVersion === null)).toBe(true);
    expect(emu.log.filter((e) => e.path.includes(ADOBE)).map((e) => e.operation)).toContain('project_user_roles.index');
    const adobe = live.accounts[1]!;
    expect(adobe.groups).toBeUndefined();
    expect(adobe.workspaces.find((w) => w.id === WS.studio)!.members).toBeDefined();
    expect(adobe.workspaces.every((w) => w.groupGrants === undefined)).toBe(true);
    expect(adobe.workspaces.flatMap((w) => w.projects ?? []).every((p) => p.groupGrants === undefined)).toBe(true);
  });

  it('fails the whole read, naming frameio_groups, on an account without the experimental API', async () => {
    const { emu, api } = await start(groupSeed(undefined, { experimental: false }));
    const error = await fetchLive(api, groupsManifest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.code).toBe('API_ERROR');
    expect(e.status).toBe(404);
    expect(e.path).toMatch(new RegExp(`^/v4/accounts/${ACME}/(groups|workspaces|projects)/[-0-9a-f]+/(users|groups)$`));
    expect(e.message).toBe(
      `frameio_groups is an experimental Frame.io API that account ${ACME} does not offer: GET ${e.path} ` +
        `answered HTTP 404 (${e.detail}); nothing was planned or changed`,
    );
    expect(e.detail).not.toBe('');
    expect(e.hint).toBe(
      'Remove frameio_groups from experimental: and the frameio_groups: keys (acme.yaml), or ask Frame.io to ' +
        'offer its experimental API to this account.',
    );
    // Each experimental call is answered 404 once, never retried; nothing is written.
    const refused = emu.log.filter((e) => e.status === 404);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.operation !== null && isExperimental(e.operation))).toBe(true);
    expect(new Set(refused.map((e) => e.path)).size).toBe(refused.length);
    expect(emu.log.every((e) => e.method === 'GET')).toBe(true);
  });
});
