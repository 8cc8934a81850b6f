import { describe, expect, it } from 'vitest';
import { ManifestError, RolesyncError, formatDiagnostic, formatPos } from '../../src/errors.js';
import { resolve } from '../../src/plan/resolve.js';
import { buildPlan } from '../../src/plan/build.js';
import { FILE, type AccountSpec, type LiveSpec, desiredAccount, fmt, liveState, manifest } from './builders.js';
import type { LiveAccount, LiveAccountUser } from '../../src/live/types.js';
import type { Change, PlanNote } from '../../src/plan/types.js';
import type { WorkspaceListRole } from '../../src/api/index.js';

const LIVE: LiveSpec = {
  users: { alice: 'admin', bob: 'member', carol: 'member', dave: 'member' },
  workspaces: [
    { name: 'Marketing', id: 'ws-m', members: { bob: 'viewer' } },
    { name: 'Dailies', id: 'ws-d1', members: {} },
    { name: 'Dailies', id: 'ws-d2', members: {} },
    { name: 'Sound', id: 'ws-s' },
  ],
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('resolve', () => {
  it('collects every miss into one ManifestError, each with its position and what to do', () => {
    const desired = desiredAccount({
      users: { alice: 'admin', carl: 'member' },
      groups: { colorists: ['carol', 'dvae'] },
      workspaces: {
        Marketing: {
          users: { bob: 'viewer', 'eve@acme.test': 'editor' },
          groups: { colorists: 'editor', colourists: 'viewer' },
        },
        marketing: {},
        Ghost: { id: 'ws-gone' },
      },
    });
    const err = thrown(() => resolve(manifest(desired), liveState([LIVE])));
    expect(err).toBeInstanceOf(ManifestError);
    const e = err as ManifestError;
    const at = (p: { pos: { file: string; line: number; col: number } } | undefined) => formatPos(p!.pos);
    const acct = 'Acme Post (acc-1)';
    expect(e.diagnostics.map((d) => `${formatPos(d.pos)} ${d.message}`)).toEqual([
      `${at(desired.users[1])} carl@acme.test is not a user of account ${acct} (did you mean carol@acme.test?); ` +
        'check the spelling or invite them in Frame.io first',
      `${at(desired.groups[0]?.members[1])} dvae@acme.test is not a user of account ${acct} (did you mean ` +
        'dave@acme.test?); check the spelling or invite them in Frame.io first',
      `${at(desired.workspaces[0]?.users[1])} eve@acme.test is not a user of account ${acct}; check the spelling ` +
        'or invite them in Frame.io first',
      `${at(desired.workspaces[0]?.groups[1])} group "colourists" is not defined under groups:; define it or fix ` +
        'the name',
      `${at(desired.workspaces[1])} workspace "marketing" does not exist in account ${acct} (did you mean ` +
        '"Marketing"? names are case-sensitive); check the name as Frame.io shows it, or pin it with id:',
      `${at(desired.workspaces[2])} workspace id ws-gone ("Ghost") is not a workspace of account ${acct}; check ` +
        'the id, or remove it to match by name',
    ]);
    expect(e.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(e.message.split('\n')[0]).toBe('the manifest does not match what Frame.io holds (6 errors):');
    expect(e.message).toContain(formatDiagnostic(e.diagnostics[0]!));
  });

  it('binds emails of any case and spacing; of one email listed twice in a scope the later mention wins', () => {
    // Built by hand: extract.ts normalises emails and refuses a second spelling, resolve must not rely on it.
    const desired = desiredAccount({
      users: { ' Carol@ACME.test': 'member' },
      groups: { leads: ['DAVE@acme.test'] },
      workspaces: { Marketing: { users: { 'Bob@Acme.Test': 'editor', alice: 'viewer' }, groups: { leads: 'viewer' } } },
    });
    const marketing = desired.workspaces[0]!;
    const later = { ...marketing.users[0]!, email: 'bob@acme.test', role: 'commenter' as const };
    marketing.users = [...marketing.users, later];
    const dailies = { ...marketing, name: 'Dailies', id: 'ws-d1', groups: [], users: marketing.users.slice() };
    desired.workspaces.push(dailies);
    const { accounts } = resolve(manifest(desired), liveState([LIVE]));
    const account = accounts[0]!;
    expect(account.users.map((u) => [u.email, u.live.user.email])).toEqual([['carol@acme.test', 'carol@acme.test']]);
    for (const w of account.workspaces) {
      expect(w.users.map((u) => [u.email, u.role, u.via, u.pos])).toEqual([
        ['alice@acme.test', 'viewer', null, marketing.users[1]!.pos],
        ['bob@acme.test', 'commenter', null, later.pos],
        ...(w.desired.name === 'Marketing' ? [['dave@acme.test', 'viewer', 'leads', marketing.groups[0]!.pos]] : []),
      ]);
    }
  });

  it('reports an account the token cannot see, with the accounts it can', () => {
    const e = thrown(() => resolve(manifest({ id: 'acc-404' }), liveState([LIVE]))) as ManifestError;
    expect(e.diagnostics.map((d) => d.message)).toEqual([
      'account acc-404 is not an account this token can see; the token can see Acme Post (acc-1); check account.id',
    ]);
  });

  it('refuses an ambiguous name, listing the candidate ids', () => {
    const desired = desiredAccount({ workspaces: { Dailies: { users: { bob: 'viewer' } } } });
    const e = thrown(() => resolve(manifest(desired), liveState([LIVE]))) as ManifestError;
    expect(e.diagnostics).toEqual([
      {
        severity: 'error',
        pos: desired.workspaces[0]!.pos,
        message:
          'workspace name "Dailies" is ambiguous in account Acme Post (acc-1): 2 workspaces have it (ws-d1, ' +
          'ws-d2); pin it with id: ws-d1 or ws-d2',
      },
    ]);
  });

  it('a pinned id resolves an ambiguous name', () => {
    const plan = buildPlan(
      manifest({ workspaces: { Dailies: { id: 'ws-d2', users: { bob: 'viewer' } } } }),
      liveState([LIVE]),
    );
    expect(plan.changes.map((c) => ('workspace_id' in c ? `${c.workspace_id} ${fmt(c)}` : ''))).toEqual([
      'ws-d2 ws Dailies bob null>viewer',
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('a pinned id wins over the name and a rename is noted; changes use the live name', () => {
    const desired = desiredAccount({ workspaces: { 'Old Marketing': { id: 'ws-m', users: { bob: 'editor' } } } });
    const plan = buildPlan(manifest(desired), liveState([LIVE]));
    expect(plan.changes.map(fmt)).toEqual(['ws Marketing bob viewer>editor']);
    expect(plan.notes).toEqual([
      {
        kind: 'workspace_renamed',
        account_id: 'acc-1',
        workspace_id: 'ws-m',
        workspace_name: 'Marketing',
        message:
          'workspace ws-m is named "Marketing" in Frame.io but "Old Marketing" in the manifest ' +
          `(${formatPos(desired.workspaces[0]!.pos)}); matched by its pinned id, rename the key to "Marketing"`,
      },
    ]);
  });

  it("export's `Name (id)` key for workspaces sharing a name is not a rename", () => {
    const plan = buildPlan(
      manifest({ workspaces: { 'Dailies (ws-d2)': { id: 'ws-d2', users: { bob: 'viewer' } } } }),
      liveState([LIVE]),
    );
    expect(plan.changes.map(fmt)).toEqual(['ws Dailies bob null>viewer']);
    expect(plan.notes).toEqual([]);
  });

  it('the same live workspace listed by name and by id is an error naming both places', () => {
    const desired = desiredAccount({ workspaces: { Marketing: {}, Mkt: { id: 'ws-m' } } });
    const e = thrown(() => resolve(manifest(desired), liveState([LIVE]))) as ManifestError;
    expect(e.diagnostics.map((d) => d.message)).toEqual([
      'workspace "Marketing" (ws-m) is already listed as "Marketing" at ' +
        `${formatPos(desired.workspaces[0]!.pos)}; list it once`,
    ]);
  });

  it('a managed workspace whose members were not read is refused, never planned as empty', () => {
    const e = thrown(() =>
      resolve(manifest({ workspaces: { Sound: { users: { bob: 'viewer' } } } }), liveState([LIVE])),
    );
    expect(e).toBeInstanceOf(RolesyncError);
    expect((e as RolesyncError).code).toBe('RESOLVE_FAILED');
  });

  it('notes an account name that differs from Frame.io', () => {
    const plan = buildPlan(manifest({ name: 'Acme Pictures' }), liveState([LIVE]));
    expect(plan.notes.map((n) => n.kind)).toEqual(['account_name_mismatch']);
    expect(plan.notes[0]?.message).toContain('named "Acme Post" in Frame.io but "Acme Pictures"');
    expect(buildPlan(manifest({ name: 'Acme Post' }), liveState([LIVE])).notes).toEqual([]);
  });

  it('expands groups: direct entries win, then the higher group role, whatever the order', () => {
    const res = resolve(
      manifest({
        groups: { a: ['carol', 'dave'], b: ['dave', 'bob'] },
        workspaces: { Marketing: { users: { bob: 'commenter' }, groups: { b: 'editor', a: 'viewer' } } },
      }),
      liveState([LIVE]),
    );
    const users = res.accounts[0]!.workspaces[0]!.users.map((u) => `${u.email} ${u.role} ${u.via ?? 'direct'}`);
    expect(users).toEqual(['bob@acme.test commenter direct', 'carol@acme.test viewer a', 'dave@acme.test editor b']);
  });

  it('matches emails case-insensitively on both sides', () => {
    const live: LiveSpec = {
      users: { bob: { role: 'member', email: 'Bob@ACME.test' } },
      workspaces: [{ name: 'Marketing', members: {} }],
    };
    const res = resolve(manifest({ users: { 'BOB@acme.TEST': 'admin' } }), liveState([live]));
    expect(res.accounts[0]!.users.map((u) => [u.email, u.live.user.id])).toEqual([['bob@acme.test', 'u-bob']]);
  });
});

// Frame.io can list two users for one email, differing in case (an old deactivated account beside a
// new one). A manifest entry means the active one, whatever order the listing gives them in.
describe('one email, several live users', () => {
  type Row = LiveAccountUser;
  const row = (id: string | null, email: string, role: Row['role'], active: boolean | null = true): Row => ({
    user: { id, email, name: null, active },
    role,
  });
  const ALICE = row('u-alice', 'alice@acme.test', 'member');
  const OLD_ALICE = row('u-alice-old', 'Alice@ACME.test', 'member', false);
  const OTHER_ALICE = row('u-alice-2', 'ALICE@acme.test', 'member');
  const INVITED_ALICE = row(null, 'alice@acme.test', 'member');
  const ADMIN = row('u-root', 'root@acme.test', 'admin');

  function live(users: Row[], members: { row: Row; role: WorkspaceListRole }[] = []): LiveAccount {
    return {
      id: 'acc-1',
      displayName: 'Acme Post',
      users: [ADMIN, ...users],
      workspaces: [
        { id: 'ws-m', name: 'Marketing', members: members.map((m) => ({ user: m.row.user, role: m.role })) },
      ],
    };
  }
  const short = (c: Change) => `${fmt(c)} ${'user_id' in c ? c.user_id : ''}`;
  const note = (n: PlanNote) => `${n.kind} ${n.message}`;
  const at = (line: number) => `${FILE}:${line}`;

  interface Case {
    name: string;
    users: Row[];
    members?: { row: Row; role: WorkspaceListRole }[];
    desired: AccountSpec;
    changes: string[];
    notes: string[];
    violations?: string[];
  }

  const cases: Case[] = [
    {
      name: 'the active user gets the account role, the deactivated one is noted',
      users: [ALICE, OLD_ALICE],
      desired: { users: { alice: 'admin' } },
      changes: ['acct alice member>admin u-alice'],
      notes: [
        `deactivated alice@acme.test (${at(3)}:5) also matches the deactivated user u-alice-old ` +
          '(Alice@ACME.test); the manifest applies to u-alice (alice@acme.test), and the other is left as it is',
      ],
    },
    {
      // The reported bug: the deactivated twin's row stood in for the active user, and drift said in sync.
      name: 'the active user is added to a workspace where only the deactivated twin is a member',
      users: [ALICE, OLD_ALICE],
      members: [{ row: OLD_ALICE, role: 'viewer' }],
      desired: { workspaces: { Marketing: { users: { alice: 'viewer' } } } },
      changes: ['ws Marketing alice null>viewer u-alice'],
      notes: [
        `deactivated alice@acme.test (${at(4)}:7) also matches the deactivated user u-alice-old ` +
          '(Alice@ACME.test); the manifest applies to u-alice (alice@acme.test), and the other is left as it is',
      ],
    },
    {
      name: 'an authoritative workspace sets the active user and leaves the deactivated twin in place',
      users: [ALICE, OLD_ALICE],
      members: [
        { row: OLD_ALICE, role: 'editor' },
        { row: ALICE, role: 'viewer' },
      ],
      desired: { workspaces: { Marketing: { mode: 'authoritative', users: { alice: 'editor' } } } },
      changes: ['ws Marketing alice viewer>editor u-alice'],
      notes: [
        `deactivated alice@acme.test (${at(4)}:7) also matches the deactivated user u-alice-old ` +
          '(Alice@ACME.test); the manifest applies to u-alice (alice@acme.test), and the other is left as it is',
      ],
    },
    {
      name: 'the deactivated twin does not count against min_admins when the active user is the admin',
      users: [row('u-alice', 'alice@acme.test', 'admin'), OLD_ALICE],
      desired: { users: { alice: 'admin', root: 'member' }, policy: { minAdmins: 1 } },
      changes: ['acct root admin>member u-root'],
      notes: [
        `deactivated alice@acme.test (${at(3)}:5) also matches the deactivated user u-alice-old ` +
          '(Alice@ACME.test); the manifest applies to u-alice (alice@acme.test), and the other is left as it is',
      ],
      violations: [],
    },
    {
      name: 'only deactivated users: reported, never written',
      users: [OLD_ALICE, row('u-alice-older', 'alice@acme.test', 'member', false)],
      desired: { users: { alice: 'admin' }, workspaces: { Marketing: { users: { alice: 'viewer' } } } },
      changes: [],
      notes: [
        `deactivated alice@acme.test (${at(3)}:5) also matches the deactivated user u-alice-older ` +
          '(alice@acme.test); the manifest applies to u-alice-old (Alice@ACME.test), and the other is left as it is',
        `deactivated alice@acme.test (${at(3)}:5) is deactivated in Frame.io; rolesync leaves the roles of ` +
          'deactivated users as they are',
      ],
    },
    {
      name: 'an invitation and a deactivated user: the invitation is meant (and cannot be written yet)',
      users: [OLD_ALICE, INVITED_ALICE],
      desired: { users: { alice: 'admin' } },
      changes: [],
      notes: [
        `deactivated alice@acme.test (${at(3)}:5) also matches the deactivated user u-alice-old ` +
          '(Alice@ACME.test); the manifest applies to the invitation alice@acme.test, ' +
          'and the other is left as it is',
        `invited_no_id alice@acme.test (${at(3)}:5) is invited but has no Frame.io account yet; their roles ` +
          'cannot be set until they accept the invite',
      ],
    },
    {
      name: 'unlisted under an authoritative account: the active admin is demoted, the deactivated admin noted',
      users: [row('u-eve', 'eve@acme.test', 'admin'), row('u-eve-old', 'Eve@acme.test', 'admin', false), ALICE],
      desired: { mode: 'authoritative', users: { root: 'admin', alice: 'member' } },
      changes: ['acct eve admin>member u-eve'],
      notes: [
        'deactivated eve@acme.test is an admin not listed under account.users (mode: authoritative); not ' +
          'removed, as the user is deactivated (rolesync leaves deactivated users as they are)',
      ],
    },
    {
      name: 'unlisted under an authoritative workspace: each user of the email on its own',
      users: [ALICE, OLD_ALICE],
      members: [
        { row: ALICE, role: 'viewer' },
        { row: OLD_ALICE, role: 'editor' },
      ],
      desired: { workspaces: { Marketing: { mode: 'authoritative', users: {} } } },
      changes: ['rm Marketing alice viewer u-alice'],
      notes: [
        'deactivated alice@acme.test is in Marketing as editor but not in the manifest (mode: authoritative); ' +
          'not removed, as the user is deactivated (rolesync leaves deactivated users as they are)',
      ],
    },
    {
      // A promotion is the promoted user's: the twin's row does not become access from the account role.
      name: "an account promotion holds back the promoted user's workspace row only, not the deactivated twin's",
      users: [ALICE, OLD_ALICE],
      members: [
        { row: ALICE, role: 'viewer' },
        { row: OLD_ALICE, role: 'editor' },
      ],
      desired: { users: { alice: 'admin' }, workspaces: { Marketing: { mode: 'authoritative', users: {} } } },
      changes: ['acct alice member>admin u-alice'],
      notes: [
        `deactivated alice@acme.test (${at(3)}:5) also matches the deactivated user u-alice-old ` +
          '(Alice@ACME.test); the manifest applies to u-alice (alice@acme.test), and the other is left as it is',
        'account_admin_in_workspace alice@acme.test is in Marketing as viewer but not in the manifest (mode: ' +
          'authoritative); not removed, as the user becomes an account admin in this plan',
        'deactivated alice@acme.test is in Marketing as editor but not in the manifest (mode: authoritative); ' +
          'not removed, as the user is deactivated (rolesync leaves deactivated users as they are)',
      ],
    },
    {
      // Noted where a workspace takes the group: the members' own lines only define it.
      name: 'a twin named only through a group is noted at the workspace that takes the group',
      users: [ALICE, OLD_ALICE],
      desired: { groups: { team: ['alice'] }, workspaces: { Marketing: { groups: { team: 'viewer' } } } },
      changes: ['ws Marketing alice null>viewer u-alice'],
      notes: [
        `deactivated alice@acme.test (${at(6)}:7) also matches the deactivated user u-alice-old (Alice@ACME.test); the manifest applies to u-alice (alice@acme.test), and the other is left as it is`,
      ],
    },
    {
      name: 'an invitation named only in a group no workspace takes is not noted',
      users: [INVITED_ALICE],
      desired: { groups: { team: ['alice'] }, workspaces: { Marketing: {} } },
      changes: [],
      notes: [],
    },
  ];

  for (const c of cases) {
    it.each([
      ['as listed', false],
      ['in reverse', true],
    ])(`${c.name} (rows ${'%s'})`, (_order, reverse) => {
      const order = <T>(list: T[]): T[] => (reverse ? [...list].reverse() : list);
      const account = live(order(c.users), order(c.members ?? []));
      const plan = buildPlan(manifest(c.desired), liveState([account]));
      expect(plan.changes.map(short)).toEqual(c.changes);
      expect(plan.notes.map(note)).toEqual(c.notes);
      if (c.violations) expect(plan.policy.violations.map((v) => v.message)).toEqual(c.violations);
    });
  }

  it.each([
    ['as listed', false],
    ['in reverse', true],
  ])(
    'two active users for one email are an error naming both ids, the email and what to do, once (rows %s)',
    (_order, reverse) => {
      const users = reverse ? [OTHER_ALICE, ALICE, OLD_ALICE] : [ALICE, OLD_ALICE, OTHER_ALICE];
      const desired = desiredAccount({
        users: { alice: 'admin' },
        workspaces: { Marketing: { users: { alice: 'viewer' } } },
      });
      const error = thrown(() => resolve(manifest(desired), liveState([live(users)]))) as ManifestError;
      expect(error).toBeInstanceOf(ManifestError);
      expect(error.diagnostics.map((d) => `${formatPos(d.pos)} ${d.message}`)).toEqual([
        `${formatPos(desired.users[0]!.pos)} alice@acme.test matches 2 active users of account Acme Post ` +
          '(acc-1): u-alice (alice@acme.test) and u-alice-2 (ALICE@acme.test); ' +
          'rolesync cannot tell which one the manifest means. Deactivate or remove the extra user in Frame.io ' +
          '(an email should belong to one active user), then plan again',
      ]);
    },
  );
});

// Projects resolve within their workspace: a pinned id wins, else the exact name.
describe('resolve: projects', () => {
  const PROJECTS: LiveSpec = {
    users: { alice: 'admin', bob: 'member', carol: 'member', inv: { role: 'member', id: null, active: null } },
    workspaces: [
      {
        name: 'Marketing',
        id: 'ws-m',
        members: { bob: 'viewer' },
        projects: [
          { name: 'Spring', id: 'p-spring', members: { carol: 'editor' } },
          { name: 'Dailies', id: 'p-d1', members: {} },
          { name: 'Dailies', id: 'p-d2', members: {} },
          { name: 'Unread', id: 'p-unread' },
        ],
      },
      { name: 'Design', id: 'ws-d', members: {}, projects: [{ name: 'Autumn', id: 'p-autumn', members: {} }] },
      { name: 'Sound', id: 'ws-s', members: {}, projects: [{ name: 'Autumn', id: 'p-autumn-2', members: {} }] },
      // Its projects were not listed: no project of it is managed.
      { name: 'Archive', id: 'ws-a', members: {} },
    ],
  };
  const acct = 'Acme Post (acc-1)';
  const mkt = `workspace "Marketing" of account ${acct}`;

  it('collects every miss with its position: names, ids, the wrong workspace, users and groups', () => {
    const desired = desiredAccount({
      workspaces: {
        Marketing: {
          projects: {
            Sprnig: {},
            spring: {},
            Dailies: {},
            Autumn: {},
            Ghost: { id: 'p-gone' },
            Moved: { id: 'p-autumn' },
            Spring: { users: { carl: 'viewer' }, groups: { nobody: 'viewer' } },
          },
        },
      },
    });
    const e = thrown(() => resolve(manifest(desired), liveState([PROJECTS]))) as ManifestError;
    expect(e).toBeInstanceOf(ManifestError);
    const p = desired.workspaces[0]!.projects;
    const at = (x: { pos: { file: string; line: number; col: number } } | undefined) => formatPos(x!.pos);
    expect(e.diagnostics.map((d) => `${formatPos(d.pos)} ${d.message}`)).toEqual([
      `${at(p[0])} project "Sprnig" does not exist in ${mkt} (did you mean "Spring"?); check the name as Frame.io ` +
        'shows it, or pin it with id:',
      `${at(p[1])} project "spring" does not exist in ${mkt} (did you mean "Spring"? names are case-sensitive); ` +
        'check the name as Frame.io shows it, or pin it with id:',
      `${at(p[2])} project name "Dailies" is ambiguous in ${mkt}: 2 projects have it (p-d1, p-d2); pin it with id: ` +
        'p-d1 or p-d2',
      `${at(p[3])} project "Autumn" is not in ${mkt} but in workspaces "Design" (ws-d) and "Sound" (ws-s); list ` +
        'it under the one you mean, or check the name',
      `${at(p[4])} project id p-gone ("Ghost") is not a project of ${mkt}; check the id, or remove it to match by ` +
        'name',
      `${at(p[5])} project id p-autumn ("Moved") is not a project of ${mkt} but of workspace "Design" (ws-d); list ` +
        'it under that workspace, or fix the id',
      `${at(p[6]!.users[0])} carl@acme.test is not a user of account ${acct} (did you mean carol@acme.test?); check ` +
        'the spelling or invite them in Frame.io first',
      `${at(p[6]!.groups[0])} group "nobody" is not defined under groups:; define it or fix the name`,
    ]);
  });

  it('a pinned id resolves an ambiguous name', () => {
    const plan = buildPlan(
      manifest({ workspaces: { Marketing: { projects: { Dailies: { id: 'p-d2', users: { carol: 'viewer' } } } } } }),
      liveState([PROJECTS]),
    );
    expect(plan.changes.map((c) => ('project_id' in c ? `${c.project_id} ${fmt(c)}` : fmt(c)))).toEqual([
      'p-d2 proj Marketing/Dailies carol null>viewer',
    ]);
    expect(plan.notes).toEqual([]);
  });

  it('a pinned id wins over the name, and a rename is noted; `Name (id)` is not a rename', () => {
    const desired = desiredAccount({
      workspaces: { Marketing: { projects: { 'Old Spring': { id: 'p-spring' }, 'Dailies (p-d1)': { id: 'p-d1' } } } },
    });
    const plan = buildPlan(manifest(desired), liveState([PROJECTS]));
    expect(plan.notes).toEqual([
      {
        kind: 'project_renamed',
        account_id: 'acc-1',
        workspace_id: 'ws-m',
        workspace_name: 'Marketing',
        project_id: 'p-spring',
        project_name: 'Spring',
        message:
          'project p-spring in workspace "Marketing" is named "Spring" in Frame.io but "Old Spring" in the manifest ' +
          `(${formatPos(desired.workspaces[0]!.projects[0]!.pos)}); ` +
          'matched by its pinned id, rename the key to "Spring"',
      },
    ]);
  });

  it('the same live project listed twice is an error naming both places', () => {
    const desired = desiredAccount({
      workspaces: { Marketing: { projects: { Spring: {}, Spring2: { id: 'p-spring' } } } },
    });
    const e = thrown(() => resolve(manifest(desired), liveState([PROJECTS]))) as ManifestError;
    expect(e.diagnostics.map((d) => `${formatPos(d.pos)} ${d.message}`)).toEqual([
      `${formatPos(desired.workspaces[0]!.projects[1]!.pos)} project "Spring" (p-spring) of workspace "Marketing" is ` +
        `already listed as "Spring" at ${formatPos(desired.workspaces[0]!.projects[0]!.pos)}; list it once`,
    ]);
  });

  it('a listed project whose users were not read is refused, never planned as empty', () => {
    const e = thrown(() =>
      resolve(manifest({ workspaces: { Marketing: { projects: { Unread: {} } } } }), liveState([PROJECTS])),
    );
    expect(e).toBeInstanceOf(RolesyncError);
    expect((e as RolesyncError).code).toBe('RESOLVE_FAILED');
    expect((e as Error).message).toBe(
      `the users of project "Unread" (p-unread) in workspace "Marketing" of account ${acct} were not read; ` +
        'cannot plan it',
    );
  });

  it('a workspace whose projects were not listed is refused when the manifest lists one', () => {
    const e = thrown(() =>
      resolve(manifest({ workspaces: { Archive: { projects: { Old: {} } } } }), liveState([PROJECTS])),
    );
    expect(e).toBeInstanceOf(RolesyncError);
    expect((e as RolesyncError).code).toBe('RESOLVE_FAILED');
    expect((e as Error).message).toBe(
      `the projects of workspace "Archive" (ws-a) in account ${acct} were not read; cannot plan them`,
    );
  });

  it('expands project groups as a workspace does and notes an invited user where first named', () => {
    const desired = desiredAccount({
      groups: { a: ['carol', 'bob'], b: ['bob', 'inv'] },
      workspaces: {
        Marketing: { projects: { Spring: { users: { carol: 'viewer' }, groups: { a: 'commenter', b: 'editor' } } } },
      },
    });
    const res = resolve(manifest(desired), liveState([PROJECTS]));
    const project = res.accounts[0]!.workspaces[0]!.projects[0]!;
    expect(project.live.id).toBe('p-spring');
    expect(project.users.map((u) => `${u.email} ${u.role} ${u.via ?? 'direct'}`)).toEqual([
      'bob@acme.test editor b',
      'carol@acme.test viewer direct',
      'inv@acme.test editor b',
    ]);
    expect(res.notes.map((n) => `${n.kind} ${n.message}`)).toEqual([
      `invited_no_id inv@acme.test (${formatPos(desired.workspaces[0]!.projects[0]!.groups[1]!.pos)}) is invited but ` +
        'has no Frame.io account yet; their roles cannot be set until they accept the invite',
    ]);
  });
});
