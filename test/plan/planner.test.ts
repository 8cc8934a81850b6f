import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import type { PlanNote } from '../../src/plan/types.js';
import { type AccountSpec, type LiveSpec, fmt, liveState, manifest } from './builders.js';

// The standard live account: the owner, two admins (svc is the token's own user), members, one
// invited user without an id, one deactivated user, a reviewer; Marketing has the owner and alice
// listed as account rows. Erin's address is in mixed case on the Frame.io side.
const LIVE: LiveSpec = {
  users: {
    owner: 'owner',
    alice: 'admin',
    svc: 'admin',
    grace: 'admin',
    bob: 'member',
    carol: 'member',
    dave: 'member',
    erin: { role: 'member', email: 'Erin@Acme.Test' },
    inv: { role: 'member', id: null, active: null },
    gone: { role: 'member', active: false },
    rev: 'reviewer',
    nobody: null,
  },
  workspaces: [
    {
      name: 'Marketing',
      members: { owner: 'owner', alice: 'admin', bob: 'viewer', carol: 'editor', erin: 'commenter' },
    },
    { name: 'Design', members: { bob: 'full_access', inv: 'viewer', gone: 'editor', svc: 'viewer' } },
  ],
};

const noteKey = (n: PlanNote) =>
  `${n.kind} ${n.email?.split('@')[0] ?? ''}${n.workspace_name ? ` @${n.workspace_name}` : ''}`;

function run(spec: AccountSpec, live: LiveSpec = LIVE) {
  return buildPlan(manifest(spec), liveState([live]));
}

describe('planner', () => {
  it.each<[string, AccountSpec, string[]]>([
    [
      'no-op: live already matches',
      {
        users: { alice: 'admin', bob: 'member' },
        workspaces: { Marketing: { users: { bob: 'viewer', carol: 'editor' } } },
      },
      [],
    ],
    ['an empty manifest changes nothing', {}, []],
    [
      'add to a workspace (from null)',
      { workspaces: { Marketing: { users: { dave: 'editor' } } } },
      ['ws Marketing dave null>editor'],
    ],
    [
      'workspace upgrade',
      { workspaces: { Marketing: { users: { bob: 'editor' } } } },
      ['ws Marketing bob viewer>editor'],
    ],
    [
      'workspace downgrade',
      { workspaces: { Marketing: { users: { carol: 'viewer' } } } },
      ['ws Marketing carol editor>viewer'],
    ],
    ['account promotion', { users: { bob: 'admin' } }, ['acct bob member>admin']],
    ['account demotion of a listed admin', { users: { grace: 'member' } }, ['acct grace admin>member']],
    ['a reviewer keeps their role: the API cannot change it', { users: { rev: 'member' } }, []],
    ['a reviewer gets no workspace role', { workspaces: { Marketing: { users: { rev: 'viewer' } } } }, []],
    ['a user with no account role gets one', { users: { nobody: 'member' } }, ['acct nobody null>member']],
    ['additive account: unlisted admins keep their role', { users: { bob: 'member' } }, []],
    [
      'authoritative account: unlisted admins are demoted, self is not',
      { mode: 'authoritative', users: { bob: 'member' } },
      ['acct alice admin>member', 'acct grace admin>member'],
    ],
    ['additive workspace: unlisted members stay', { workspaces: { Marketing: { users: { bob: 'viewer' } } } }, []],
    [
      'authoritative workspace: unlisted members are removed',
      { workspaces: { Marketing: { mode: 'authoritative', users: { bob: 'viewer' } } } },
      ['rm Marketing carol editor', 'rm Marketing erin commenter'],
    ],
    [
      'email case: manifest and live spellings match',
      {
        workspaces: {
          Marketing: { mode: 'authoritative', users: { 'ERIN@acme.TEST': 'viewer', bob: 'viewer', carol: 'editor' } },
        },
      },
      ['ws Marketing erin commenter>viewer'],
    ],
    [
      'group: direct users entry beats the group',
      {
        groups: { colorists: ['carol', 'dave'] },
        workspaces: { Marketing: { users: { carol: 'viewer' }, groups: { colorists: 'full_access' } } },
      },
      ['ws Marketing dave null>full_access', 'ws Marketing carol editor>viewer'],
    ],
    [
      'groups: the higher role wins (higher group listed second)',
      {
        groups: { a: ['dave'], b: ['dave'] },
        workspaces: { Marketing: { groups: { a: 'viewer', b: 'full_access' } } },
      },
      ['ws Marketing dave null>full_access'],
    ],
    [
      'groups: the higher role wins (higher group listed first)',
      {
        groups: { a: ['dave'], b: ['dave'] },
        workspaces: { Marketing: { groups: { b: 'full_access', a: 'viewer' } } },
      },
      ['ws Marketing dave null>full_access'],
    ],
    [
      'group members count as listed in authoritative mode',
      {
        groups: { team: ['bob', 'carol', 'erin'] },
        workspaces: { Marketing: { mode: 'authoritative', groups: { team: 'editor' } } },
      },
      ['ws Marketing bob viewer>editor', 'ws Marketing erin commenter>editor'],
    ],
    ['owner listed as member is never demoted', { users: { owner: 'member' } }, []],
    ['self listed as member is never demoted', { users: { svc: 'member' } }, []],
    ['protected admin is never demoted', { users: { alice: 'member' }, policy: { protected: ['alice'] } }, []],
    [
      'protected user is never downgraded in a workspace, but may be upgraded',
      {
        policy: { protected: ['carol', 'bob'] },
        workspaces: { Marketing: { users: { carol: 'viewer', bob: 'editor' } } },
      },
      ['ws Marketing bob viewer>editor'],
    ],
    [
      'protected and self are never removed',
      {
        policy: { protected: ['carol'] },
        workspaces: {
          Marketing: { mode: 'authoritative', users: { bob: 'viewer', erin: 'commenter' } },
          Design: { mode: 'authoritative', users: { bob: 'full_access' } },
        },
      },
      [],
    ],
    [
      'account admin rows are never written',
      { workspaces: { Marketing: { users: { alice: 'editor', owner: 'viewer' } } } },
      [],
    ],
    [
      'an account admin without a row is not given a workspace role',
      { workspaces: { Marketing: { users: { grace: 'viewer' } } } },
      [],
    ],
    [
      'a user promoted to admin in this plan is neither written nor removed in workspaces',
      {
        users: { bob: 'admin' },
        workspaces: {
          Marketing: { mode: 'authoritative', users: { carol: 'editor', erin: 'commenter' } },
          Design: { users: { bob: 'viewer' } },
        },
      },
      ['acct bob member>admin'],
    ],
    [
      'invited and deactivated users are not written',
      {
        users: { inv: 'admin', gone: 'admin' },
        workspaces: { Marketing: { users: { inv: 'viewer', gone: 'viewer' } } },
      },
      [],
    ],
    [
      'invited and deactivated members are not removed',
      { workspaces: { Design: { mode: 'authoritative', users: { bob: 'full_access', svc: 'viewer' } } } },
      [],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(run(spec).changes.map(fmt)).toEqual(expected);
  });

  it.each<[string, AccountSpec, string[]]>([
    ['owner listed as member', { users: { owner: 'member' } }, ['owner_untouchable owner']],
    ['owner listed as admin holds already: no note', { users: { owner: 'admin' } }, []],
    ['self listed as member', { users: { svc: 'member' } }, ['self_untouchable svc']],
    [
      'self unlisted under an authoritative account',
      { mode: 'authoritative', users: { alice: 'admin', grace: 'admin' } },
      ['self_untouchable svc'],
    ],
    ['protected demotion', { users: { alice: 'member' }, policy: { protected: ['alice'] } }, ['protected alice']],
    [
      'protected, self and account rows under authoritative workspaces',
      {
        policy: { protected: ['carol'] },
        workspaces: {
          Marketing: { mode: 'authoritative', users: { bob: 'viewer', erin: 'commenter' } },
          Design: { mode: 'authoritative', users: { bob: 'full_access' } },
        },
      },
      [
        'deactivated gone @Design',
        'invited_no_id inv @Design',
        'account_admin_in_workspace svc @Design',
        'account_admin_in_workspace alice @Marketing',
        'protected carol @Marketing',
        'account_admin_in_workspace owner @Marketing',
      ],
    ],
    [
      'account admins listed with a workspace role',
      { workspaces: { Marketing: { users: { alice: 'editor', grace: 'viewer' } } } },
      ['account_admin_in_workspace alice @Marketing', 'account_admin_in_workspace grace @Marketing'],
    ],
    [
      'promoted user kept in an authoritative workspace',
      {
        users: { bob: 'admin' },
        workspaces: {
          Marketing: { users: { bob: 'viewer', carol: 'editor', erin: 'commenter' }, mode: 'authoritative' },
        },
      },
      [
        'account_admin_in_workspace alice @Marketing',
        'account_admin_in_workspace bob @Marketing',
        'account_admin_in_workspace owner @Marketing',
      ],
    ],
    [
      'a reviewer given an account role or a workspace role',
      { users: { rev: 'member' }, workspaces: { Marketing: { users: { rev: 'viewer' } } } },
      ['reviewer_untouchable rev', 'reviewer_untouchable rev @Marketing'],
    ],
    [
      'invited and deactivated users named by the manifest: one note each',
      {
        users: { inv: 'admin', gone: 'admin' },
        workspaces: { Marketing: { users: { inv: 'viewer', gone: 'viewer' } } },
      },
      ['deactivated gone', 'invited_no_id inv'],
    ],
  ])('notes: %s', (_name, spec, expected) => {
    const plan = run(spec);
    expect(plan.notes.map(noteKey)).toEqual(expected);
  });

  it("the token's own user is never removed from a workspace", () => {
    const plan = buildPlan(
      manifest({ workspaces: { Marketing: { mode: 'authoritative', users: { bob: 'viewer', erin: 'commenter' } } } }),
      liveState([LIVE], 'carol'),
    );
    expect(plan.changes).toEqual([]);
    expect(plan.notes.map(noteKey)).toContain('self_untouchable carol @Marketing');
  });

  it('notes name where the manifest said it', () => {
    const plan = run({ users: { owner: 'member' } });
    expect(plan.notes[0]?.message).toBe(
      "owner@acme.test is the account owner; the owner's role is never changed (the manifest says member at " +
        'roles/acme.yaml:3:5)',
    );
    expect(plan.notes[0]?.role).toBe('owner');
  });

  it('changes carry ids, the live workspace name and both roles', () => {
    const plan = run({
      users: { bob: 'admin' },
      workspaces: { Marketing: { mode: 'authoritative', users: { dave: 'viewer', bob: 'viewer', carol: 'editor' } } },
    });
    expect(plan.changes).toEqual([
      {
        action: 'set_account_role',
        account_id: 'acc-1',
        user_id: 'u-bob',
        email: 'bob@acme.test',
        from: 'member',
        to: 'admin',
      },
      {
        action: 'set_workspace_role',
        account_id: 'acc-1',
        workspace_id: 'ws-marketing',
        workspace_name: 'Marketing',
        user_id: 'u-dave',
        email: 'dave@acme.test',
        from: null,
        to: 'viewer',
      },
      {
        action: 'remove_workspace_user',
        account_id: 'acc-1',
        workspace_id: 'ws-marketing',
        workspace_name: 'Marketing',
        user_id: 'u-erin',
        email: 'erin@acme.test',
        from: 'commenter',
        to: null,
      },
    ]);
    expect(plan.summary).toEqual({ add: 1, change: 1, remove: 1, total: 3 });
  });

  it('summary counts adds, role changes (account and workspace) and removals', () => {
    const plan = run({
      mode: 'authoritative',
      users: { alice: 'admin', bob: 'admin' },
      workspaces: { Marketing: { mode: 'authoritative', users: { carol: 'viewer', dave: 'editor' } } },
    });
    expect(plan.changes.map(fmt)).toEqual([
      'acct bob member>admin',
      'ws Marketing dave null>editor',
      'ws Marketing carol editor>viewer',
      'rm Marketing erin commenter',
      'acct grace admin>member',
    ]);
    expect(plan.summary).toEqual({ add: 1, change: 3, remove: 1, total: 5 });
  });

  it('plans several accounts in one run, each against its own live state', () => {
    const other: LiveSpec = {
      id: 'acc-2',
      displayName: 'Studio',
      users: { bob: 'member', svc: 'admin' },
      workspaces: [{ name: 'Studio', members: { bob: 'editor' } }],
    };
    const plan = buildPlan(
      manifest({ id: 'acc-2', workspaces: { Studio: { users: { bob: 'viewer' } } } }, { users: { bob: 'admin' } }),
      liveState([LIVE, other]),
    );
    expect(plan.changes.map((c) => `${c.account_id} ${fmt(c)}`)).toEqual([
      'acc-1 acct bob member>admin',
      'acc-2 ws Studio bob editor>viewer',
    ]);
  });
});
