// Export's edge cases with a fake reader: each must still validate and plan to zero changes
// (exportManifest proves both before it returns, and throws otherwise).
import { describe, expect, it } from 'vitest';
import type { LiveAccountUser, LiveWorkspaceMember } from '../../src/live/types.js';
import { scalar, schemaRef, FALLBACK_SCHEMA_REF } from '../../src/export/index.js';
import { exportManifest, type ExportReader } from '../../src/usecase/export.js';
import { parse } from 'yaml';
import { checkManifestSources } from '../../src/manifest/load.js';

const A = '11111111-2222-4333-8444-555555555555';
const user = (email: string, extra: Partial<LiveAccountUser['user']> = {}) => ({
  id: `id-${email}`,
  email,
  name: null,
  active: true,
  ...extra,
});

function reader(
  users: LiveAccountUser[],
  workspaces: { id: string; name: string; members: LiveWorkspaceMember[] }[],
): ExportReader {
  return {
    me: async () => ({ id: 'id-me', email: 'me@x.test', name: null }),
    listAccounts: async () => [{ id: A, displayName: 'Test "Co" #1' }],
    listAccountUsers: async () => users,
    listWorkspaces: async () => workspaces.map(({ id, name }) => ({ id, name })),
    listWorkspaceUsers: async (_a, id) => workspaces.find((w) => w.id === id)!.members,
    listProjects: async () => [],
    listProjectUsers: async () => [],
  };
}

const wid = (n: string) => `00000000-0000-4000-8000-00000000000${n}`;
const run = (r: ExportReader, inferGroups = false) =>
  exportManifest(r, { accountId: A, workspaces: [], inferGroups, cwd: '/nowhere' });

describe('export edge cases', () => {
  it('a workspace member who is not an account user makes that workspace additive (authoritative would remove them)', async () => {
    const result = await run(
      reader(
        [{ user: user('a@x.test'), role: 'member' }],
        [
          {
            id: wid('1'),
            name: 'Guests',
            members: [
              { user: user('a@x.test'), role: 'editor' },
              { user: user('guest@y.test'), role: 'viewer' },
            ],
          },
        ],
      ),
    );
    const [ws] = result.model.workspaces;
    expect(ws?.mode).toBe('additive');
    expect(result.text).toContain('# guest@y.test: viewer  (not a user of the account');
    expect(result.text).toContain('# additive: 1 member is not among the account');
  });

  it('a workspace with nobody to list (only account admins and the owner, or no members) is additive, so later runs do not warn', async () => {
    const users: LiveAccountUser[] = [
      { user: user('boss@x.test'), role: 'owner' },
      { user: user('adm@x.test'), role: 'admin' },
      { user: user('a@x.test'), role: 'member' },
    ];
    const result = await run(
      reader(users, [
        {
          id: wid('1'),
          name: 'Admins only',
          members: [
            { user: user('boss@x.test'), role: 'owner' },
            { user: user('adm@x.test'), role: 'admin' },
          ],
        },
        { id: wid('2'), name: 'Empty', members: [] },
        { id: wid('3'), name: 'Team', members: [{ user: user('a@x.test'), role: 'editor' }] },
      ]),
    );
    expect(result.model.workspaces.map((w) => [w.name, w.mode])).toEqual([
      ['Admins only', 'additive'],
      ['Empty', 'additive'],
      ['Team', 'authoritative'],
    ]);
    expect(result.text).toContain(
      '  # additive: nothing to list (only account admins and the owner, whose access comes from the account role); ' +
        'an authoritative empty list would remove anyone added later\n' +
        '  Admins only:\n',
    );
    expect(result.text).toContain(
      '  # additive: nothing to list (no members); an authoritative empty list would remove anyone added later\n' +
        '  Empty:\n',
    );
    const checked = checkManifestSources([{ path: 'e.yaml', rel: 'e.yaml', content: result.text }]);
    expect(checked.ok).toBe(true);
    expect(checked.diagnostics).toEqual([]);
  });

  it('two workspaces with one name get unique keys and pinned ids; names needing quotes are quoted', async () => {
    const members = [{ user: user('a@x.test'), role: 'viewer' as const }];
    const result = await run(
      reader(
        [{ user: user('a@x.test'), role: 'member' }],
        [
          { id: wid('2'), name: 'Dup: #1', members },
          { id: wid('1'), name: 'Dup: #1', members },
          { id: wid('3'), name: 'true', members },
        ],
      ),
    );
    const doc = parse(result.text) as { account: { name: string }; workspaces: Record<string, { id: string }> };
    expect(doc.account.name).toBe('Test "Co" #1');
    expect(Object.entries(doc.workspaces).map(([k, v]) => [k, v.id])).toEqual([
      [`Dup: #1 (${wid('1')})`, wid('1')],
      [`Dup: #1 (${wid('2')})`, wid('2')],
      ['true', wid('3')],
    ]);
  });

  it('invited and deactivated members stay listed in workspaces with a remark, and out of groups', async () => {
    const invited = { id: null, email: 'new@x.test', name: null, active: null };
    const users: LiveAccountUser[] = [
      { user: invited, role: 'member' },
      { user: user('a@x.test'), role: 'member' },
      { user: user('b@x.test'), role: 'member' },
      { user: user('boss@x.test'), role: 'owner' },
    ];
    const ws = (id: string) => ({
      id: wid(id),
      name: `W${id}`,
      members: [
        { user: invited, role: 'viewer' as const },
        { user: user('a@x.test'), role: 'editor' as const },
        { user: user('b@x.test'), role: 'editor' as const },
        { user: user('boss@x.test'), role: 'owner' as const },
      ],
    });
    const result = await run(reader(users, [ws('1'), ws('2')]), true);
    expect(result.text).toContain('      new@x.test: viewer  # invited, no Frame.io account yet');
    expect(result.model.groups).toEqual([
      {
        name: 'w1-editor.w2-editor',
        members: ['a@x.test', 'b@x.test'],
        shares: [
          { workspace: 'W1', role: 'editor' },
          { workspace: 'W2', role: 'editor' },
        ],
      },
    ]);
    expect(result.text).toContain('    # new@x.test: member  (invited');
    expect(result.text).toContain(
      '      # boss@x.test: owner  (the account owner: access comes from the account role)',
    );
  });
});

describe('scalar', () => {
  it.each([
    ['alice@acme.test', 'alice@acme.test'],
    ['Client Reviews', 'Client Reviews'],
    ['true', '"true"'],
    ['123', '"123"'],
    ['a: b', '"a: b"'],
    ['x #y', '"x #y"'],
    ['- lead', '"- lead"'],
    ['tab\there', '"tab\\there"'],
    ['', '""'],
    // YAML 1.2 strings that YAML 1.1 (PyYAML, ...) reads as booleans, dates or numbers.
    ['yes', '"yes"'],
    ['Yes', '"Yes"'],
    ['on', '"on"'],
    ['OFF', '"OFF"'],
    ['y', '"y"'],
    ['2024-01-01', '"2024-01-01"'],
    ['1_000', '"1_000"'],
    ['1:20', '"1:20"'],
    ['0x1F', '"0x1F"'],
    ['Yes Men', 'Yes Men'],
  ])('%j -> %s', (input, expected) => {
    expect(scalar(input)).toBe(expected);
    expect(parse(`k: ${scalar(input)}`)).toEqual({ k: input });
    expect(parse(`k: ${scalar(input)}`, { version: '1.1' })).toEqual({ k: input });
  });
});

describe('YAML 1.1 readers', () => {
  it('see the exported workspace keys as the distinct strings they are', async () => {
    const members = [{ user: user('a@x.test'), role: 'viewer' as const }];
    const names = ['yes', 'Yes', 'on', '2024-01-01', 'Editorial'];
    const result = await run(
      reader(
        [{ user: user('a@x.test'), role: 'member' }],
        names.map((name, i) => ({ id: wid(String(i)), name, members })),
      ),
    );
    const doc = parse(result.text, { version: '1.1' }) as { workspaces: Record<string, { id: string }> };
    expect(Object.keys(doc.workspaces).sort()).toEqual([...names].sort());
    expect(result.text).toContain('  "yes":\n');
    expect(result.text).toContain('  Editorial:\n');
  });
});

describe('export of an email Frame.io lists for two users (differing in case)', () => {
  const alice = { user: user('alice@x.test', { id: 'id-alice' }), role: 'member' as const };
  const oldAlice = { user: user('Alice@x.test', { id: 'id-old', active: false }), role: 'member' as const };

  it.each([
    ['as listed', false],
    ['in reverse', true],
  ])(
    'lists the active user and comments the deactivated one, and plans to zero changes (rows %s)',
    async (_order, reverse) => {
      const users = reverse ? [oldAlice, alice] : [alice, oldAlice];
      const members = [
        { user: oldAlice.user, role: 'editor' as const },
        { user: alice.user, role: 'viewer' as const },
      ];
      const result = await run(
        reader(users, [{ id: wid('1'), name: 'Team', members: reverse ? [...members].reverse() : members }]),
      );
      const twin =
        '(another user with this email (id-old, deactivated, spelled Alice@x.test): left as it is; in the ' +
        'manifest the email means id-alice)';
      expect(result.text).toContain(`    alice@x.test: member\n    # alice@x.test: member  ${twin}\n`);
      expect(result.text).toContain(
        `    mode: authoritative\n    users:\n      alice@x.test: viewer\n      # alice@x.test: editor  ${twin}\n`,
      );
    },
  );

  it('two active users: both are comments, and a workspace with either is additive', async () => {
    const other = { user: user('ALICE@x.test', { id: 'id-other' }), role: 'member' as const };
    const result = await run(
      reader(
        [alice, other, { user: user('b@x.test'), role: 'member' }],
        [
          {
            id: wid('1'),
            name: 'Team',
            members: [
              { user: other.user, role: 'editor' },
              { user: user('b@x.test'), role: 'viewer' },
            ],
          },
        ],
      ),
    );
    const both = 'one of 2 active users with this email (id-alice, id-other';
    expect(result.text).toContain(
      `    # alice@x.test: member  (${both}): rolesync cannot tell them apart; deactivate the extra one in Frame.io)\n`,
    );
    expect(result.text).toContain(
      `    # alice@x.test: member  (${both}, spelled ALICE@x.test): rolesync cannot tell them apart; deactivate ` +
        `the extra one in Frame.io)\n`,
    );
    expect(result.text).toContain(
      '  # additive: 1 member shares an email with another active user, which rolesync cannot tell apart, ' +
        'and authoritative mode would remove them\n' +
        '  Team:\n',
    );
    expect(result.model.workspaces[0]!.users.map((l) => [l.email, l.listed])).toEqual([
      ['alice@x.test', false],
      ['b@x.test', true],
    ]);
  });
});

describe('schemaRef', () => {
  it('is relative to the out file when the schema lies inside the project, else the plain fallback', () => {
    expect(
      schemaRef(
        'access/acme/account.yaml',
        '/repo',
        '/repo/node_modules/frameio-rolesync/schemas/manifest.schema.json',
      ),
    ).toBe('../../node_modules/frameio-rolesync/schemas/manifest.schema.json');
    expect(schemaRef(undefined, '/repo', '/repo/schemas/manifest.schema.json')).toBe('schemas/manifest.schema.json');
    expect(
      schemaRef('acme.yaml', '/repo', '/home/u/.npm/_npx/x/node_modules/frameio-rolesync/schemas/manifest.schema.json'),
    ).toBe(FALLBACK_SCHEMA_REF);
    expect(schemaRef('acme.yaml', '/repo', null)).toBe(FALLBACK_SCHEMA_REF);
  });
});
