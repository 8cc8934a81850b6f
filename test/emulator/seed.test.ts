import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RolesyncError } from '../../src/errors.js';
import {
  BENCH_ADMIN_TOKEN,
  emulatorBanner,
  generateState,
  loadStateFile,
  parseState,
  startEmulator,
  validateSeed,
} from '../../src/emulator/index.js';
import { at, list } from '../support/json.js';
import { tempDir } from '../support/tmp.js';
import { ACME, SEED_PATH, call, seed } from './helpers.js';

const dir = tempDir('rolesync-emu-');

describe('seed files', () => {
  it('loads the demo seed: 303 users, 2 accounts, emails lower-cased', () => {
    const state = loadStateFile(SEED_PATH);
    expect(state.users).toHaveLength(303);
    expect(state.accounts.map((a) => a.display_name)).toEqual(['Acme Post', 'Acme Studio (Adobe)']);
    expect(state.accounts[0]!.workspaces!.find((w) => w.name === 'Client Reviews')!.users).toSatisfy(
      (u: object) => Object.keys(u).length === 251,
    );
    expect(state.tokens).toEqual({
      'fio-demo-admin-token': 'alice@acme.test',
      'fio-demo-member-token': 'bob@acme.test',
    });
  });

  it.each([
    [
      'a bad role',
      'accounts:\n  - id: 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10\n    display_name: A\n    users:\n' +
        '      a@x.test: boss\n',
      'seed.yaml:9:17: account role must be one of',
    ],
    [
      'an unknown user',
      'accounts:\n  - id: 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10\n    display_name: A\n    users:\n' +
        '      nobody@x.test: member\n',
      'seed.yaml:9:22: nobody@x.test is not in users',
    ],
    ['a duplicate key', 'accounts: []\naccounts: []\n', 'seed.yaml:6:1:'],
    [
      'a workspace user outside the account',
      'accounts:\n  - id: 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10\n    display_name: A\n    workspaces:\n' +
        '      - id: 8897b795-ace2-4f12-b4b4-4a899aefa2d5\n        name: W\n        users:\n' +
        '          a@x.test: editor\n',
      'seed.yaml:12:21: a@x.test has no role in the account',
    ],
  ])('names file:line:col for %s', (_label, accountsYaml, expected) => {
    const head =
      'tokens:\n  t: a@x.test\nusers:\n' +
      '  - {id: afb91efe-db4d-424a-aeee-00adcd6059e8, email: a@x.test, name: A, active: true}\n';
    const file = join(dir, 'seed.yaml');
    writeFileSync(file, head + accountsYaml);
    let error: unknown;
    try {
      loadStateFile(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RolesyncError);
    const message = (error as Error).message.replaceAll(file, 'seed.yaml');
    expect(message).toContain(expected);
    expect(message).not.toMatch(/\n\s+at /); // no stack
  });

  it('reports a missing file clearly', () => {
    expect(() => loadStateFile(join(dir, 'missing.yaml'))).toThrow(
      /cannot read the emulator state file .*missing\.yaml: no such file or directory$/,
    );
  });

  it('validates object input too, naming the path', () => {
    expect(() => validateSeed({ tokens: { t: 'ghost@x.test' }, users: [], accounts: [] })).toThrow(
      /at tokens\.t: token user ghost@x.test is not in users/,
    );
    expect(() => parseState('users: [{id: 1, email: a@x.test}]\ntokens: {}\naccounts: []\n', 'x.yaml')).toThrow(
      /x\.yaml:1:14: id must be a UUID/,
    );
  });
});

describe('a seed with several bad entries', () => {
  it('names every one, still reading the entries after each bad one', () => {
    const uuid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    const good = { id: uuid(9), email: 'g@x.test', name: 'G', active: true };
    const ws = (id: string, name: string) => ({ id, name, users: { 'g@x.test': 'viewer' } });
    const input = {
      tokens: { t: 'g@x.test' },
      users: [
        42,
        { id: uuid(1), email: 'nope' },
        { id: 'not-a-uuid', email: 'a@x.test' },
        { id: uuid(2), email: 'b@x.test' },
        { id: uuid(2), email: 'c@x.test' },
        { id: uuid(3), email: 'b@x.test' },
        { id: uuid(4), email: 'd@x.test', name: 5 },
        { id: uuid(5), email: 'e@x.test', active: 'yes' },
        good,
      ],
      accounts: [
        {
          id: ACME,
          display_name: 'A',
          users: { 'g@x.test': 'owner' },
          workspaces: [ws(uuid(6), 'W'), ws(uuid(6), 'W again'), ws(uuid(7), 'V'), 7],
        },
        { id: ACME, display_name: 'A again', users: {}, workspaces: [] },
        { id: uuid(8), display_name: 'B', users: { 'b@x.test': 'member' }, workspaces: [] },
      ],
    };
    let message = '';
    try {
      validateSeed(input);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'the emulator state is invalid (10 errors):',
      'emulator state at users.0: a user must be a mapping {id, email, name, active}',
      'emulator state at users.1.email: email must be an email address',
      'emulator state at users.2.id: id must be a UUID, or null for an invited user',
      'emulator state at users.4.id: duplicate user id 00000000-0000-4000-8000-000000000002',
      'emulator state at users.5.email: duplicate user b@x.test',
      'emulator state at users.6.name: name must be a string or null',
      'emulator state at users.7.active: active must be true, false or null',
      'emulator state at accounts.0.workspaces.1.id: duplicate workspace id 00000000-0000-4000-8000-000000000006',
      'emulator state at accounts.0.workspaces.3: a workspace must be a mapping {id, name, users}',
      `emulator state at accounts.1.id: duplicate account id ${ACME}`,
    ]);
  });
});

describe('projects in a seed', () => {
  const head =
    'tokens:\n  t: a@x.test\nusers:\n' +
    '  - {id: afb91efe-db4d-424a-aeee-00adcd6059e8, email: a@x.test, name: A, active: true}\n' +
    '  - {id: d7b69506-b1ed-4f3a-808d-0e5f9c36ecd7, email: b@x.test, name: B, active: true}\n';
  const account = (projects: string, top = '') =>
    `${top}${head}accounts:\n  - id: ${ACME}\n    display_name: A\n    users: {a@x.test: owner}\n` +
    '    workspaces:\n      - id: 8897b795-ace2-4f12-b4b4-4a899aefa2d5\n        name: W\n        projects:\n' +
    projects;
  const P1 = '18d9023a-6b06-4417-b3f4-bf87865c183f';

  it('reads projects and project_listing from YAML', () => {
    const state = parseState(
      account(
        `          - {id: ${P1}, name: P, restricted: true, restricted_in_listing: false, users: {A@x.test: editor}}\n`,
        'project_listing: inherited\n',
      ),
      'seed.yaml',
    );
    expect(state.project_listing).toBe('inherited');
    expect(state.accounts[0]!.workspaces![0]!.projects).toEqual([
      { id: P1, name: 'P', restricted: true, restricted_in_listing: false, users: { 'a@x.test': 'editor' } },
    ]);
  });

  it.each([
    ['an unknown key', `          - {id: ${P1}, name: P, owner: a@x.test}\n`, '14:72: unknown project key "owner"'],
    ['a bad id', '          - {id: 42, name: P}\n', '14:18: project id must be a UUID'],
    [
      'a role no project takes',
      `          - {id: ${P1}, name: P, users: {a@x.test: workspace_admin}}\n`,
      '14:83: project role must be one of full_access, editor, edit_only, commenter, viewer (a direct grant), ' +
        'not "workspace_admin"',
    ],
    [
      'an email not a user of the account',
      `          - {id: ${P1}, name: P, users: {b@x.test: viewer}}\n`,
      '14:83: b@x.test is not a user of the account; give them an account role first',
    ],
    [
      'an email of no user',
      `          - {id: ${P1}, name: P, users: {c@x.test: viewer}}\n`,
      '14:83: c@x.test is not in users',
    ],
    [
      'a duplicate project id',
      `          - {id: ${P1}, name: P}\n          - {id: ${P1.toUpperCase()}, name: Q}\n`,
      `15:18: duplicate project id ${P1.toUpperCase()} (first at accounts.0.workspaces.0.projects.0); project ids ` +
        'are unique in an account',
    ],
    [
      'a bad restricted',
      `          - {id: ${P1}, name: P, restricted: sometimes}\n`,
      '14:77: restricted must be true or false',
    ],
  ])('names file:line:col for %s', (_label, projects, expected) => {
    expect(() => parseState(account(projects), 'seed.yaml')).toThrow(`seed.yaml:${expected}`);
  });

  it('refuses an unknown project_listing, saying what each value means', () => {
    expect(() => parseState(account('          []\n', 'project_listing: all\n'), 'seed.yaml')).toThrow(
      'seed.yaml:1:18: project_listing must be direct (project listings show direct grants only) or inherited ' +
        '(they also show access from the account and the workspace), not "all"',
    );
  });
});

describe('users whose emails differ only in case', () => {
  // Frame.io keeps them apart (two users, two ids), e.g. an old deactivated account and a new one.
  const ALICE = { id: 'afb91efe-db4d-424a-aeee-00adcd6059e8', email: 'alice@x.test', name: 'Alice', active: true };
  const OLD_ALICE = {
    id: '0b6c1d2e-3f40-4152-8637-48495a6b7c8d',
    email: 'Alice@X.test',
    name: 'Alice (old)',
    active: false,
  };
  const input = (users: Record<string, 'member' | 'owner'>, token = 'alice@x.test') => ({
    tokens: { t: token },
    users: [
      ALICE,
      OLD_ALICE,
      { id: 'c5d6e7f8-0910-4a1b-9c2d-3e4f5a6b7c8d', email: 'Bob@X.test', name: 'Bob', active: true },
    ],
    accounts: [{ id: ACME, display_name: 'A', users, workspaces: [] }],
  });

  it('keeps each as written, resolves other users case-insensitively, and serves both rows', async () => {
    const state = validateSeed(input({ 'alice@x.test': 'owner', 'Alice@X.test': 'member', 'bob@x.test': 'member' }));
    expect(state.users.map((u) => u.email)).toEqual(['alice@x.test', 'Alice@X.test', 'bob@x.test']);
    expect(state.accounts[0]!.users).toEqual({
      'alice@x.test': 'owner',
      'Alice@X.test': 'member',
      'bob@x.test': 'member',
    });
    const emu = await startEmulator({ state });
    try {
      const res = await call(emu, `/v4/accounts/${ACME}/users?include_deactivated=true`, { token: 't' });
      const rows = list(res.json, 'data').map((r) => [at(r, 'user', 'email'), at(r, 'user', 'id'), at(r, 'role')]);
      expect(rows).toEqual(
        expect.arrayContaining([
          ['alice@x.test', ALICE.id, 'owner'],
          ['Alice@X.test', OLD_ALICE.id, 'member'],
        ]),
      );
      expect(emu.state.getAccountRole(ACME, 'Alice@X.test')).toBe('member');
      expect(emu.state.user('BOB@x.test')?.email).toBe('bob@x.test');
      expect(validateSeed(emu.state.toInput()).users.map((u) => u.email)).toEqual([
        'alice@x.test',
        'Alice@X.test',
        'bob@x.test',
      ]);
    } finally {
      await emu.close();
    }
  });

  it('refuses a reference that matches both only up to case, and an exact duplicate', () => {
    expect(() => validateSeed(input({ 'ALICE@x.test': 'member' }))).toThrow(
      'at accounts.0.users.ALICE@x.test: ALICE@x.test matches 2 users that differ only in case (alice@x.test, ' +
        'Alice@X.test); write it exactly as one of them',
    );
    expect(() => validateSeed(input({}, 'ALICE@X.TEST'))).toThrow('at tokens.t: ALICE@X.TEST matches 2 users');
    expect(() =>
      validateSeed({
        ...input({}),
        users: [ALICE, OLD_ALICE, { ...OLD_ALICE, id: 'd5d6e7f8-0910-4a1b-9c2d-3e4f5a6b7c8d' }],
      }),
    ).toThrow('at users.2.email: duplicate user Alice@X.test');
  });
});

describe('generateState', () => {
  it('builds a deterministic 2,000 users × 100 workspaces state the emulator serves', async () => {
    const make = () =>
      generateState({ users: 2000, workspaces: 100, membersPerWorkspace: (i) => 50 + i * 10, seed: 42 });
    const state = make();
    expect(state.users).toHaveLength(2002);
    expect(state.accounts[0]!.workspaces).toHaveLength(100);
    const sizes = state.accounts[0]!.workspaces!.map((w) => Object.keys(w.users!).length);
    expect(sizes[0]).toBe(50);
    expect(sizes[99]).toBe(1040);
    expect(make()).toEqual(state);
    expect(generateState({ users: 2000, workspaces: 100, membersPerWorkspace: 60, seed: 43 })).not.toEqual(state);

    const emu = await startEmulator({ state });
    try {
      const accountId = emu.state.accounts()[0]!.id;
      const ws = emu.state.workspaces(accountId)[99]!;
      const res = await call(
        emu,
        `/v4/accounts/${accountId}/workspaces/${ws.id}/users?include_total_count=true&page_size=100`,
        { token: BENCH_ADMIN_TOKEN },
      );
      expect(res.status).toBe(200);
      expect(at(res.json, 'total_count')).toBe(1040);
      expect(at(res.json, 'data')).toHaveLength(100);
    } finally {
      await emu.close();
    }
  });
});

describe('generateState with projects', () => {
  const options = {
    accounts: 2,
    users: 300,
    workspaces: 12,
    membersPerWorkspace: (i: number) => 10 + i * 7,
    seed: 7,
  };
  const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

  it('generates the same state as before projects existed when none are asked for', () => {
    // The digest of this state as generated before the projects options were added.
    const before = '40b5fc454f9c9f00f3c6cdc63877da8c18488e4c448ca2400884ade5ee5dd7c7';
    expect(digest(generateState(options))).toBe(before);
    expect(digest(generateState({ ...options, projectsPerWorkspace: 0, grantsPerProject: 5 }))).toBe(before);
  });

  it('adds N projects per workspace with M grants each, leaving the rest of the state unchanged', async () => {
    const state = generateState({ ...options, projectsPerWorkspace: (w) => (w === 0 ? 3 : 1), grantsPerProject: 4 });
    const plain = generateState(options);
    const withoutProjects = {
      ...state,
      accounts: state.accounts.map((a) => ({
        ...a,
        workspaces: a.workspaces!.map(({ projects: _, ...w }) => w),
      })),
    };
    expect(withoutProjects).toEqual(plain);
    const workspaces = state.accounts[0]!.workspaces!;
    expect(workspaces[0]!.projects!.map((p) => p.name)).toEqual(['Project 001', 'Project 002', 'Project 003']);
    expect(workspaces.every((w) => w.projects!.every((p) => Object.keys(p.users!).length === 4))).toBe(true);
    const ids = state.accounts.flatMap((a) => a.workspaces!.flatMap((w) => w.projects!.map((p) => p.id)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(generateState({ ...options, projectsPerWorkspace: 1, grantsPerProject: 4 })).toEqual(
      generateState({ ...options, projectsPerWorkspace: 1, grantsPerProject: 4 }),
    );

    const emu = await startEmulator({ state: validateSeed(state) });
    try {
      const accountId = emu.state.accounts()[0]!.id;
      const project = workspaces[0]!.projects![2]!;
      const res = await call(emu, `/v4/accounts/${accountId}/projects/${project.id}/users?include_total_count=true`, {
        token: BENCH_ADMIN_TOKEN,
      });
      expect(res.status).toBe(200);
      expect(at(res.json, 'total_count')).toBe(4);
    } finally {
      await emu.close();
    }
  });
});

describe('emulatorBanner', () => {
  it('prints where it listens and shell lines to point rolesync at it', async () => {
    const emu = await startEmulator({ state: SEED_PATH, timeScale: 60 });
    try {
      const lines = emulatorBanner(emu).replaceAll(emu.url, 'URL').replaceAll(SEED_PATH, 'SEED').split('\n');
      expect(lines).toEqual([
        '# Frame.io V4 emulator listening on URL (state: SEED, 2 accounts, 303 users)',
        'export FRAMEIO_API_URL=URL',
        'export FRAMEIO_TOKEN=fio-demo-admin-token   # alice@acme.test, admin of Acme Post',
        '# other token: fio-demo-member-token   # bob@acme.test, member of Acme Post',
        '# or server-to-server (grace@acme.test), without FRAMEIO_TOKEN:',
        '#   export FRAMEIO_IMS_URL=URL FRAMEIO_CLIENT_ID=rolesync-demo-s2s FRAMEIO_CLIENT_SECRET=demo-s2s-secret',
        '# or a user login (alice@acme.test): FRAMEIO_IMS_URL=URL rolesync login --client-id rolesync-demo-login',
        '# time scale 60: rate-limit windows last 1000 ms',
      ]);
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emu.close();
    }
  });

  it('round-trips the state through toInput', async () => {
    const emu = await startEmulator({ state: seed() });
    try {
      const again = validateSeed(emu.state.toInput());
      expect(again.accounts[0]!.id).toBe(ACME);
      expect(again.accounts[1]!.id).toBe('adobe:2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg');
      expect(again.users).toHaveLength(303);
    } finally {
      await emu.close();
    }
  });
});

describe('startEmulator options', () => {
  it('refuses a taken port and a bad time scale with clear messages', async () => {
    const emu = await startEmulator({ state: seed() });
    try {
      await expect(startEmulator({ state: seed(), port: emu.port })).rejects.toThrow(
        `the emulator cannot listen on 127.0.0.1:${emu.port}: the port is in use`,
      );
      await expect(startEmulator({ state: seed(), timeScale: 0 })).rejects.toThrow(
        /time scale must be a positive number/,
      );
      await expect(startEmulator({ state: seed(), limits: { 'nope.index': 1 } as never })).rejects.toThrow(
        /no operation nope.index/,
      );
    } finally {
      await emu.close();
    }
  });
});
