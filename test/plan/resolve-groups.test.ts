// Resolving Frame.io groups (issue 13, decision 4): each declared group bound to a live group by its
// pin, its name or to none (created by the plan), the errors with their exact words and places, the
// members expanded through the account users, and the grants of workspaces and projects bound.
import { describe, expect, it } from 'vitest';
import { ManifestError, RolesyncError, formatPos } from '../../src/errors.js';
import type { LiveAccount, LiveGroup, LiveGroupGrant } from '../../src/live/types.js';
import type { DesiredAccount, DesiredFrameioGroupGrant, Mode } from '../../src/manifest/types.js';
import { resolve } from '../../src/plan/resolve.js';
import type { ResolvedAccount } from '../../src/plan/resolved.js';
import {
  FILE,
  type AccountSpec,
  type LiveSpec,
  desiredAccount,
  em,
  liveAccount,
  liveUser,
  manifest,
} from './builders.js';

const LIVE: LiveSpec = {
  users: {
    alice: 'admin',
    bob: 'member',
    carol: 'member',
    dave: 'member',
    erin: 'member',
    ivy: { role: 'member', id: null },
    otto: { role: 'member', active: false },
  },
  workspaces: [{ name: 'Marketing', id: 'ws-m', members: {}, projects: [{ name: 'Spring', id: 'p-s', members: {} }] }],
};

const GROUPS: LiveGroup[] = [
  { id: 'g-post', name: 'Post Team', source: 'frame', sync_status: null, members: [liveUser('carol')] },
  { id: 'g-okta', name: 'Okta Editors', source: 'adobe', sync_status: 'completed', members: [liveUser('erin')] },
  { id: 'g-wf', name: 'Workfront Crew', source: 'workfront', sync_status: null, members: [liveUser('bob')] },
  { id: 'g-lab', name: 'Lab', source: 'frame', sync_status: null },
  { id: 'g-twin-2', name: 'Twin', source: 'frame', sync_status: null },
  { id: 'g-twin-1', name: 'Twin', source: 'frame', sync_status: null },
];

interface GroupSpec {
  id?: string;
  mode?: Mode;
  members?: string[];
  groups?: string[];
}

type Grants = Record<string, DesiredFrameioGroupGrant['role']>;

/**
 * The desired account of `spec` plus Frame.io groups: declared on lines 101.. in order (members on
 * the lines after), workspace grants on lines 201.., project grants on lines 301...
 */
function desired(
  spec: AccountSpec,
  frameio: Record<string, GroupSpec>,
  grants: { workspace?: Grants | null; project?: Grants | null } = {},
): DesiredAccount {
  const account = desiredAccount(spec);
  let line = 100;
  const at = (col: number) => ({ file: FILE, line: ++line, col });
  account.experimental = ['frameio_groups'];
  account.frameioGroups = Object.entries(frameio).map(([name, g]) => ({
    name,
    ...(g.id !== undefined ? { id: g.id } : {}),
    mode: g.mode ?? 'additive',
    managed: g.members !== undefined || g.groups !== undefined,
    pos: at(3),
    members: (g.members ?? []).map((m) => ({ email: em(m), pos: at(7) })),
    groups: (g.groups ?? []).map((name) => ({ name, pos: at(7) })),
  }));
  const bind = (g: Grants | null | undefined, first: number): DesiredFrameioGroupGrant[] | null =>
    g === null || g === undefined
      ? null
      : Object.entries(g).map(([group, role], i) => ({ group, role, pos: { file: FILE, line: first + i, col: 9 } }));
  const ws = account.workspaces[0];
  if (ws) {
    ws.frameioGroups = bind(grants.workspace, 201);
    const project = ws.projects[0];
    if (project) project.frameioGroups = bind(grants.project, 301);
  }
  return account;
}

function live(
  /** null: the account's groups were not listed. */
  groups: LiveGroup[] | null = GROUPS,
  grants: { workspace?: LiveGroupGrant[]; project?: LiveGroupGrant[] } = {},
) {
  const account: LiveAccount = liveAccount(LIVE);
  if (groups) account.groups = groups;
  const ws = account.workspaces[0]!;
  if (grants.workspace) ws.groupGrants = grants.workspace;
  if (grants.project) ws.projects![0]!.groupGrants = grants.project;
  return { self: { id: 'u-svc', email: 'svc@acme.test', name: null }, accounts: [account] };
}

const MARKETING: AccountSpec = { workspaces: { Marketing: { projects: { Spring: {} } } } };

function resolved(d: DesiredAccount, l = live()): ResolvedAccount {
  return resolve(manifest(d), l).accounts[0]!;
}

function problems(d: DesiredAccount, l = live()): string[] {
  try {
    resolve(manifest(d), l);
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    const error = e as ManifestError;
    const count = error.diagnostics.length;
    expect(error.message.split('\n')[0]).toBe(
      `the manifest does not match what Frame.io holds (${count} error${count === 1 ? '' : 's'}):`,
    );
    return error.diagnostics.map((d) => `${d.pos.line}:${d.pos.col} ${d.message}`);
  }
  throw new Error('expected a ManifestError');
}

const ACCT = 'Acme Post (acc-1)';

describe('binding declared Frame.io groups to live groups', () => {
  const cases: {
    name: string;
    group: [string, GroupSpec];
    /** live id (null: created by the plan), members (null: unmanaged) */
    bound: [string | null, string[] | null];
    note?: string;
  }[] = [
    { name: 'by its unique name', group: ['Post Team', {}], bound: ['g-post', null] },
    { name: 'a synced group by name, unmanaged', group: ['Okta Editors', {}], bound: ['g-okta', null] },
    { name: 'by its pin, same name', group: ['Post Team', { id: 'g-post' }], bound: ['g-post', null] },
    {
      name: 'by its pin under another name, noted as a rename',
      group: ['Post', { id: 'g-post', members: ['dave'] }],
      bound: ['g-post', ['dave@acme.test']],
      note:
        'frameio_group_renamed g-post Post Team: frameio group g-post is named "Post Team" in Frame.io but "Post" ' +
        `in the manifest (${FILE}:101:3); matched by its pinned id, rename the key to "Post Team"`,
    },
    {
      name: 'a pinned twin keyed `Name (id)`: no rename',
      group: ['Twin (g-twin-1)', { id: 'g-twin-1' }],
      bound: ['g-twin-1', null],
    },
    { name: 'a twin by its pin', group: ['Twin', { id: 'g-twin-2' }], bound: ['g-twin-2', null] },
    {
      name: 'a managed group no live group has: created by the plan',
      group: ['New Crew', { members: ['bob', 'carol'] }],
      bound: [null, ['bob@acme.test', 'carol@acme.test']],
    },
    { name: 'a managed group with an empty list', group: ['Post Team', { members: [] }], bound: ['g-post', []] },
  ];
  it.each(cases)('$name', ({ group, bound, note }) => {
    const account = resolved(desired(MARKETING, Object.fromEntries([group])));
    expect(account.frameioGroups.map((g) => [g.live?.id ?? null, g.members?.map((m) => m.email) ?? null])).toEqual([
      bound,
    ]);
    expect(account.frameioGroups[0]!.desired.name).toBe(group[0]);
    const notes = resolve(manifest(desired(MARKETING, Object.fromEntries([group]))), live()).notes;
    expect(notes.map((n) => `${n.kind} ${n.group_id} ${n.group_name}: ${n.message}`)).toEqual(note ? [note] : []);
  });

  it('keeps the live group as listed, and the manifest order', () => {
    const account = resolved(desired(MARKETING, { Lab: {}, 'Okta Editors': {}, 'Post Team': { members: [] } }));
    expect(account.frameioGroups.map((g) => g.desired.name)).toEqual(['Lab', 'Okta Editors', 'Post Team']);
    expect(account.frameioGroups[1]!.live).toBe(GROUPS[1]);
  });
});

describe('a synced Frame.io group whose sync failed', () => {
  const failing: LiveGroup[] = GROUPS.map((g) => ({ ...g, sync_status: 'error' }));

  it('is noted when the manifest names it (source and status in words), never when it does not', () => {
    const plan = resolve(manifest(desired(MARKETING, { 'Okta Editors': {}, 'Workfront Crew': {} })), live(failing));
    expect(plan.notes).toEqual([
      {
        kind: 'frameio_group_sync_error',
        account_id: 'acc-1',
        group_id: 'g-okta',
        group_name: 'Okta Editors',
        group_source: 'adobe',
        message:
          'frameio group "Okta Editors" (g-okta) is synced from adobe and its sync status is error: its members in ' +
          'Frame.io may be stale; check the sync in the Adobe Admin Console',
      },
      {
        kind: 'frameio_group_sync_error',
        account_id: 'acc-1',
        group_id: 'g-wf',
        group_name: 'Workfront Crew',
        group_source: 'workfront',
        message:
          'frameio group "Workfront Crew" (g-wf) is synced from workfront and its sync status is error: its members ' +
          'in Frame.io may be stale; check the sync in Workfront',
      },
    ]);
  });

  it('a group made in Frame.io has no sync to fail; a completed sync is no note', () => {
    // The API gives only synced groups a status; a `frame` one with `error` would be no sync of theirs.
    expect(resolve(manifest(desired(MARKETING, { 'Post Team': {}, Lab: {} })), live(failing)).notes).toEqual([]);
    expect(resolve(manifest(desired(MARKETING, { 'Okta Editors': {} })), live()).notes).toEqual([]);
  });
});

describe('errors in Frame.io groups', () => {
  it('collects every miss at once, each at its place, with what to do', () => {
    const d = desired(
      { ...MARKETING, groups: { colorists: ['carol', 'dave'] } },
      {
        Ghost: { id: 'g-gone' },
        Twin: {},
        'Okta Editor': {},
        'post team': {},
        'Okta Editors': { members: ['erin'] },
        'Workfront Crew': { groups: ['colorists'] },
        Crew: { members: ['carl', 'dave'], groups: ['colourists'] },
        'Post Team': {},
        'Post again': { id: 'g-post' },
        Nowhere: {},
      },
      { workspace: { 'Post Tem': 'editor', Ghost: 'viewer' }, project: { 'Lab Crew': 'viewer' } },
    );
    expect(problems(d, live(GROUPS, { workspace: [], project: [] }))).toEqual([
      `101:3 frameio group id g-gone ("Ghost") is not a group of account ${ACCT}; check the id, or remove it to ` +
        'match by name',
      `102:3 frameio group name "Twin" is ambiguous in account ${ACCT}: 2 groups have it (g-twin-1, g-twin-2); ` +
        'pin it with id: g-twin-1 or g-twin-2',
      `103:3 frameio group "Okta Editor" is not in Frame.io account ${ACCT} (did you mean "Okta Editors"?); ` +
        'rolesync creates only groups whose members the manifest lists: check the name as Frame.io shows it ' +
        '(a group synced from the Adobe Admin Console appears once the sync has run)',
      `104:3 frameio group "post team" is not in Frame.io account ${ACCT} (did you mean "Post Team"? names are ` +
        'case-sensitive); rolesync creates only groups whose members the manifest lists: check the name as ' +
        'Frame.io shows it (a group synced from the Adobe Admin Console appears once the sync has run)',
      '105:3 frameio group "Okta Editors" (g-okta) is synced from adobe: its members are managed in the Adobe ' +
        'Admin Console; remove members: and groups: here (its grants stay managed)',
      '107:3 frameio group "Workfront Crew" (g-wf) is synced from workfront: its members are managed in ' +
        'Workfront; remove members: and groups: here (its grants stay managed)',
      `110:7 carl@acme.test is not a user of account ${ACCT} (did you mean carol@acme.test?); check the spelling ` +
        'or invite them in Frame.io first',
      '112:7 group "colourists" is not defined under groups:; define it or fix the name',
      `114:3 frameio group "Post Team" (g-post) is already declared as "Post Team" at ${FILE}:113:3; declare it ` +
        'once',
      `115:3 frameio group "Nowhere" is not in Frame.io account ${ACCT}; rolesync creates only groups whose ` +
        'members the manifest lists: check the name as Frame.io shows it (a group synced from the Adobe Admin ' +
        'Console appears once the sync has run)',
      // Ghost failed to bind: its grant is not reported again.
      '201:9 frameio group "Post Tem" is not declared under frameio_groups: (did you mean "Post Team"?); declare ' +
        'it or fix the name',
      '301:9 frameio group "Lab Crew" is not declared under frameio_groups:; declare it or fix the name',
    ]);
  });

  it('an unknown member is reported once, at its definition, even if a grant uses the group', () => {
    const d = desired(MARKETING, { Crew: { members: ['zed'] } }, { workspace: { Crew: 'viewer' } });
    expect(problems(d, live(GROUPS, { workspace: [] }))).toEqual([
      `102:7 zed@acme.test is not a user of account ${ACCT}; check the spelling or invite them in Frame.io first`,
    ]);
  });

  const guards: { name: string; build: () => [DesiredAccount, ReturnType<typeof live>]; message: string }[] = [
    {
      name: 'groups not listed',
      build: () => [desired(MARKETING, { Lab: {} }), live(null)],
      message: `the Frame.io groups of account ${ACCT} were not read; cannot plan them`,
    },
    {
      name: 'a grant with no groups listed',
      build: () => [desired(MARKETING, {}, { workspace: {} }), live(null)],
      message: `the Frame.io groups of account ${ACCT} were not read; cannot plan them`,
    },
    {
      name: "a managed group's members not read",
      build: () => [desired(MARKETING, { Lab: { members: ['bob'] } }), live()],
      message: `the members of frameio group "Lab" (g-lab) in account ${ACCT} were not read; cannot plan it`,
    },
    {
      name: "a workspace's grants not read",
      build: () => [desired(MARKETING, { Lab: {} }, { workspace: { Lab: 'viewer' } }), live()],
      message: `the group grants of workspace "Marketing" (ws-m) in account ${ACCT} were not read; cannot plan them`,
    },
    {
      name: "a project's grants not read",
      build: () => [desired(MARKETING, { Lab: {} }, { project: {} }), live()],
      message:
        `the group grants of project "Spring" (p-s) in workspace "Marketing" in account ${ACCT} were not read; ` +
        'cannot plan them',
    },
  ];
  it.each(guards)('refuses to plan on what was not read: $name', ({ build, message }) => {
    const [d, l] = build();
    let thrown: unknown;
    try {
      resolve(manifest(d), l);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RolesyncError);
    expect(thrown).not.toBeInstanceOf(ManifestError);
    expect((thrown as RolesyncError).code).toBe('RESOLVE_FAILED');
    expect((thrown as RolesyncError).message).toBe(message);
  });
});

describe('members of a managed Frame.io group', () => {
  it('takes `members`, then the manifest groups in written order; a `members` entry wins, then the first group', () => {
    const d = desired(
      { ...MARKETING, groups: { colorists: ['carol', 'dave'], editors: ['Dave', 'erin', 'bob'] } },
      { Crew: { members: ['BOB', 'alice'], groups: ['editors', 'colorists'] } },
    );
    const crew = resolved(d).frameioGroups[0]!;
    expect(crew.members!.map((m) => [m.email, m.via, formatPos(m.pos), m.live.user.id])).toEqual([
      ['alice@acme.test', null, `${FILE}:103:7`, 'u-alice'],
      ['bob@acme.test', null, `${FILE}:102:7`, 'u-bob'],
      ['carol@acme.test', 'colorists', `${FILE}:105:7`, 'u-carol'],
      ['dave@acme.test', 'editors', `${FILE}:104:7`, 'u-dave'],
      ['erin@acme.test', 'editors', `${FILE}:104:7`, 'u-erin'],
    ]);
  });

  it('notes invited and deactivated members as for workspace users, and keeps them', () => {
    const d = desired(MARKETING, { Crew: { members: ['ivy', 'otto', 'bob'] } });
    const res = resolve(manifest(d), live());
    expect(res.accounts[0]!.frameioGroups[0]!.members!.map((m) => m.email)).toEqual([
      'bob@acme.test',
      'ivy@acme.test',
      'otto@acme.test',
    ]);
    expect(res.notes.map((n) => `${n.kind} ${n.email}: ${n.message}`)).toEqual([
      `invited_no_id ivy@acme.test: ivy@acme.test (${FILE}:102:7) is invited but has no Frame.io account yet; ` +
        'their roles cannot be set until they accept the invite',
      `deactivated otto@acme.test: otto@acme.test (${FILE}:103:7) is deactivated in Frame.io; rolesync leaves ` +
        'the roles of deactivated users as they are',
    ]);
  });
});

describe('Frame.io group grants of workspaces and projects', () => {
  it('binds each grant to its group, sorted by group name, with the live grants and the scope mode', () => {
    const d = desired(
      { workspaces: { Marketing: { mode: 'authoritative', projects: { Spring: {} } } } },
      { 'Post Team': { members: [] }, 'Okta Editors': {}, 'New Crew': { members: ['bob'] } },
      { workspace: { 'Post Team': 'editor', 'Okta Editors': 'viewer', 'New Crew': 'commenter' }, project: {} },
    );
    const wsLive: LiveGroupGrant[] = [
      { group_id: 'g-post', role: 'viewer' },
      { group_id: 'g-other', role: 'editor' },
    ];
    const account = resolved(d, live(GROUPS, { workspace: wsLive, project: [{ group_id: 'g-lab', role: 'viewer' }] }));
    const ws = account.workspaces[0]!;
    const byName = new Map(account.frameioGroups.map((g) => [g.desired.name, g]));
    expect(ws.groupGrants!.desired.map((g) => [g.group.desired.name, g.role, g.pos.line])).toEqual([
      ['New Crew', 'commenter', 203],
      ['Okta Editors', 'viewer', 202],
      ['Post Team', 'editor', 201],
    ]);
    expect(ws.groupGrants!.desired.every((g) => g.group === byName.get(g.group.desired.name))).toBe(true);
    expect(ws.groupGrants!.live).toEqual(wsLive);
    expect(ws.groupGrants!.mode).toBe('authoritative');
    const spring = ws.projects[0]!;
    expect(spring.groupGrants).toEqual({
      desired: [],
      live: [{ group_id: 'g-lab', role: 'viewer' }],
      mode: 'additive',
    });

    // Without a frameio_groups: key the scope's grants are not managed, whatever Frame.io lists there.
    const unmanaged = desired(MARKETING, { 'Post Team': {} }, { workspace: null, project: null });
    const plain = resolved(unmanaged, live(GROUPS, { workspace: [{ group_id: 'g-post', role: 'editor' }] }));
    expect(plain.workspaces[0]!.groupGrants).toBeNull();
    expect(plain.workspaces[0]!.projects[0]!.groupGrants).toBeNull();
    expect(plain.frameioGroups.map((g) => g.live?.id)).toEqual(['g-post']);
    // An account without Frame.io groups resolves none and needs none read.
    const none = resolved(desiredAccount(MARKETING), live(null));
    expect(none.frameioGroups).toEqual([]);
    expect(none.workspaces[0]!.groupGrants).toBeNull();
  });
});
