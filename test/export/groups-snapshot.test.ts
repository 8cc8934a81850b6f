// `export --groups` as a pure function of what was read: the edge cases that decide a group's or a
// scope's mode (a member or a grant rolesync cannot write), keys of groups that share a name, and
// the same bytes whatever order the listings came in.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderExportYaml, snapshotAccount, type ExportInput } from '../../src/export/index.js';
import type { LiveAccountUser, LiveGroup, LiveUser } from '../../src/live/types.js';

const A = '11111111-2222-4333-8444-555555555555';
const wid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const gid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const user = (email: string, extra: Partial<LiveUser> = {}): LiveUser => ({
  id: `id-${email}`,
  email,
  name: null,
  active: true,
  ...extra,
});
const member = (email: string): LiveAccountUser => ({ user: user(email), role: 'member' });

const USERS: LiveAccountUser[] = [
  { user: user('admin@x.test'), role: 'admin' },
  member('carol@x.test'),
  member('dave@x.test'),
  member('erin@x.test'),
  { user: user('gone@x.test', { active: false }), role: 'member' },
  { user: user('twin@x.test', { id: 'id-twin-1' }), role: 'member' },
  { user: user('twin@x.test', { id: 'id-twin-2' }), role: 'member' },
];

const group = (n: number, name: string, source: string, members?: LiveUser[]): LiveGroup => ({
  id: gid(n),
  name,
  source,
  sync_status: source === 'adobe' ? 'completed' : null,
  ...(members ? { members } : {}),
});

const GROUPS: LiveGroup[] = [
  group(1, 'Editors', 'frame', [user('dave@x.test'), user('carol@x.test'), user('gone@x.test', { active: false })]),
  group(2, 'Mixed', 'frame', [user('carol@x.test'), user('outsider@other.test')]),
  group(3, 'Empty', 'frame', []),
  group(4, 'Strangers', 'frame', [user('outsider@other.test')]),
  group(5, 'Twins', 'frame', [user('carol@x.test')]),
  group(6, 'Twins', 'adobe'),
  group(7, 'Okta', 'adobe'),
  group(8, 'Shared', 'frame', [user('twin@x.test', { id: 'id-twin-1' }), user('dave@x.test')]),
];

const INPUT: ExportInput = {
  accountId: A,
  accountName: 'Test',
  users: USERS,
  groups: GROUPS,
  workspaces: [
    {
      id: wid(1),
      name: 'Color',
      members: [{ user: user('carol@x.test'), role: 'editor' }],
      groupGrants: [
        { group_id: gid(1), role: 'editor' },
        { group_id: gid(7), role: 'workspace_admin' },
        { group_id: gid(99), role: 'viewer' },
      ],
    },
    {
      id: wid(2),
      name: 'Sound',
      members: [{ user: user('dave@x.test'), role: 'viewer' }],
      groupGrants: [],
    },
    { id: wid(3), name: 'Empty Room', members: [], groupGrants: [] },
    {
      id: wid(4),
      name: 'Marketing',
      members: [{ user: user('dave@x.test'), role: 'viewer' }],
      groupGrants: [
        { group_id: gid(6), role: 'commenter' },
        { group_id: gid(5), role: 'viewer' },
      ],
      projects: [
        {
          id: 'p-1',
          name: 'Spring',
          restricted: false,
          groupGrants: [{ group_id: gid(1), role: 'full_access' }],
          // An inherited listing: carol's full_access comes through Editors; erin's editor is direct.
          members: [
            { user: user('carol@x.test'), role: 'full_access' },
            { user: user('erin@x.test'), role: 'editor' },
          ],
        },
      ],
    },
  ],
};

const yamlOf = (input: ExportInput) => renderExportYaml(snapshotAccount(input), 'schema.json');

describe('export --groups (pure)', () => {
  const text = yamlOf(INPUT);
  const doc = parse(text) as {
    experimental: string[];
    frameio_groups: Record<string, { id: string; mode?: string; members?: string[] }>;
    workspaces: Record<
      string,
      {
        mode: string;
        frameio_groups?: Record<string, string>;
        projects?: Record<string, { users?: Record<string, string>; frameio_groups?: Record<string, string> }>;
      }
    >;
  };

  it('opts in and keys every group by name, pinned; groups that share a name add the id', () => {
    expect(text).toContain('\nversion: 1\nexperimental: [frameio_groups]\naccount:\n');
    expect(Object.entries(doc.frameio_groups).map(([key, g]) => [key, g.id])).toEqual([
      ['Editors', gid(1)],
      ['Empty', gid(3)],
      ['Mixed', gid(2)],
      ['Okta', gid(7)],
      ['Shared', gid(8)],
      ['Strangers', gid(4)],
      [`Twins (${gid(5)})`, gid(5)],
      [`Twins (${gid(6)})`, gid(6)],
    ]);
    expect(text).toContain(
      `  # named "Twins" in Frame.io, like 1 other group: the key adds the id to stay unique; the pinned id is what ` +
        `matches\n  Twins (${gid(5)}):\n`,
    );
  });

  it('a frame group: authoritative with every member listed (a deactivated one too), sorted', () => {
    expect(doc.frameio_groups.Editors).toEqual({
      id: gid(1),
      mode: 'authoritative',
      members: ['carol@x.test', 'dave@x.test', 'gone@x.test'],
    });
    expect(text).toContain('      - gone@x.test  # deactivated\n');
  });

  it('a member rolesync cannot name makes the group additive; with nobody to list, membership is not managed', () => {
    expect(doc.frameio_groups.Mixed).toEqual({ id: gid(2), mode: 'additive', members: ['carol@x.test'] });
    expect(text).toContain(
      '  # additive: 1 member cannot be listed (the comments below say why), and authoritative mode would remove ' +
        'them\n  Mixed:\n    id: 00000000-0000-4000-a000-000000000002\n    mode: additive\n    members:\n' +
        '      - carol@x.test\n      # - outsider@other.test  (not a user of the account as the API lists it; ' +
        'rolesync cannot manage them)\n',
    );
    // An email two active users share cannot be named either.
    expect(doc.frameio_groups.Shared).toEqual({ id: gid(8), mode: 'additive', members: ['dave@x.test'] });
    expect(doc.frameio_groups.Strangers).toEqual({ id: gid(4) });
    expect(text).toContain(
      '  # no member rolesync can list: its membership is not managed here; add members: to manage it\n' +
        '  Strangers:\n    id: 00000000-0000-4000-a000-000000000004\n    # members:\n' +
        '      # - outsider@other.test  (not a user of the account as the API lists it; rolesync cannot manage them)\n',
    );
    expect(doc.frameio_groups.Empty).toEqual({ id: gid(3) });
    expect(text).toContain('  # no members: its membership is not managed here; add members: to manage it\n  Empty:\n');
  });

  it('a synced group is written by its id alone', () => {
    expect(doc.frameio_groups.Okta).toEqual({ id: gid(7) });
    expect(doc.frameio_groups[`Twins (${gid(6)})`]).toEqual({ id: gid(6) });
    expect(text).toContain(
      '  # synced from adobe (sync completed): its members are managed in the Adobe Admin Console; only its grants ' +
        'are managed here\n  Okta:\n',
    );
  });

  it('a grant the manifest cannot write is a comment, and makes its scope additive', () => {
    expect(doc.workspaces.Color?.mode).toBe('additive');
    expect(doc.workspaces.Color?.frameio_groups).toEqual({ Editors: 'editor' });
    expect(text).toContain(
      '  # additive: 2 group grants cannot be listed (the comments below say why), and authoritative mode would ' +
        'remove them\n',
    );
    expect(text).toContain(
      '    frameio_groups:\n' +
        "      # 00000000-0000-4000-a000-000000000099: viewer  (a group the account's group listing does not show; " +
        'rolesync cannot name it)\n' +
        '      Editors: editor\n' +
        '      # Okta: workspace_admin  (workspace_admin: a role the manifest cannot give a group; left as it is)\n',
    );
  });

  it('an authoritative scope without grants says so ({}); an additive one writes no key', () => {
    expect(doc.workspaces.Sound?.mode).toBe('authoritative');
    expect(doc.workspaces.Sound?.frameio_groups).toEqual({});
    expect(text).toContain('      dave@x.test: viewer\n    frameio_groups: {}\n');
    expect(doc.workspaces['Empty Room']?.mode).toBe('additive');
    expect(doc.workspaces['Empty Room']).not.toHaveProperty('frameio_groups');
  });

  it('grants name groups by their keys; a project row at or below a listed group grant is no direct grant', () => {
    expect(doc.workspaces.Marketing?.frameio_groups).toEqual({
      [`Twins (${gid(5)})`]: 'viewer',
      [`Twins (${gid(6)})`]: 'commenter',
    });
    const spring = doc.workspaces.Marketing?.projects?.Spring;
    expect(spring?.frameio_groups).toEqual({ Editors: 'full_access' });
    expect(spring?.users).toEqual({ 'erin@x.test': 'editor' });
  });

  it('the same bytes whatever order the listings came in', () => {
    const reversed: ExportInput = {
      ...INPUT,
      users: [...INPUT.users].reverse(),
      groups: [...GROUPS].reverse().map((g) => (g.members ? { ...g, members: [...g.members].reverse() } : g)),
      workspaces: [...INPUT.workspaces]
        .reverse()
        .map((ws) => ({ ...ws, groupGrants: [...(ws.groupGrants ?? [])].reverse() })),
    };
    expect(yamlOf(reversed)).toBe(text);
  });
});
