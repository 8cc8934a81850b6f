// Frame.io groups in the plan (GROUPS-SPEC decision 5): a managed group's creation and members, group
// grants on workspaces, and users whose access to an authoritative workspace comes through a group.
// Plans through resolve, as the CLI does (resolve binds each declared group; its own tests are resolve-groups).
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/planner.js';
import { resolve } from '../../src/plan/resolve.js';
import type { PlanNote } from '../../src/plan/types.js';
import { type AccountSpec, type LiveSpec, buildGroupPlan, em, fmt, liveState, manifest } from './builders.js';

// post: a Frame.io group made in Frame.io with dave and erin; okta: synced from the Adobe Admin Console
// with frank and gina; stray: a group the manifests below never declare (its members not read).
// Marketing has okta (editor) and stray (viewer) granted; Design has no group grant.
const LIVE: LiveSpec = {
  users: {
    owner: 'owner',
    svc: 'admin',
    alice: 'admin',
    bob: 'member',
    carol: 'member',
    dave: 'member',
    erin: 'member',
    frank: 'member',
    gina: 'member',
    hal: 'member',
    prot: 'member',
    inv: { role: 'member', id: null, active: null },
    gone: { role: 'member', active: false },
    rev: 'reviewer',
  },
  groups: [
    { name: 'post', members: ['dave', 'erin'] },
    { name: 'okta', source: 'adobe', members: ['frank', 'gina'] },
    { name: 'stray' },
  ],
  workspaces: [
    {
      name: 'Marketing',
      members: { owner: 'owner', bob: 'viewer', frank: 'viewer', gina: 'editor', hal: 'viewer', dave: 'viewer' },
      groupGrants: { okta: 'editor', stray: 'viewer' },
    },
    { name: 'Design', members: { carol: 'editor' }, groupGrants: {} },
  ],
};

function run(spec: AccountSpec, live: LiveSpec = LIVE) {
  return buildGroupPlan(manifest(spec), liveState([live]));
}

const noteKey = (n: PlanNote) =>
  `${n.kind} ${n.email?.split('@')[0] ?? ''}${n.workspace_name ? ` @${n.workspace_name}` : ''}` +
  `${n.group_name ? ` #${n.group_name}` : ''}`;

describe('Frame.io group membership', () => {
  it.each<[string, AccountSpec, string[]]>([
    [
      'a managed group that does not exist is created, its members added to the group it creates',
      { frameioGroups: { fresh: { members: ['carol', 'bob'] } } },
      ['gcreate fresh 👥', 'gadd fresh* bob', 'gadd fresh* carol'],
    ],
    [
      'a declared group with an empty member list is created too',
      { frameioGroups: { fresh: { members: [] } } },
      ['gcreate fresh 👥'],
    ],
    ['an unmanaged group is never created or filled', { frameioGroups: { okta: {} } }, []],
    [
      'additive: a listed user not in the group is added, others stay',
      { frameioGroups: { post: { members: ['carol', 'dave'] } } },
      ['gadd post carol'],
    ],
    [
      'authoritative: a member not listed is removed',
      { frameioGroups: { post: { mode: 'authoritative', members: ['carol', 'dave'] } } },
      ['gadd post carol', 'grm post erin'],
    ],
    [
      "a manifest group's members are members of the Frame.io group",
      {
        groups: { colorists: ['bob', 'dave'] },
        frameioGroups: { post: { mode: 'authoritative', groups: ['colorists'] } },
      },
      ['gadd post bob', 'grm post erin'],
    ],
    [
      'in sync: nothing to write',
      { frameioGroups: { post: { mode: 'authoritative', members: ['dave', 'erin'] } } },
      [],
    ],
    [
      'invited, deactivated and reviewers are never added; an active member is',
      { frameioGroups: { post: { members: ['inv', 'gone', 'rev', 'dave', 'carol'] } } },
      ['gadd post carol'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(run(spec).changes.map(fmt)).toEqual(expected);
  });

  it('a group synced from elsewhere gets no member change from the planner either (resolve refuses it first)', () => {
    const m = manifest({ frameioGroups: { okta: {}, post: { members: ['bob'] } } });
    const live = liveState([LIVE]);
    const resolution = resolve(m, live);
    const [okta, post] = ['okta', 'post'].map((name) =>
      resolution.accounts[0]!.frameioGroups.find((g) => g.desired.name === name),
    );
    // As if resolve had let members through for the synced group: the scope entry still skips it.
    okta!.desired = { ...okta!.desired, managed: true, mode: 'authoritative' };
    okta!.members = post!.members;
    expect(plan(resolution, live).changes.map(fmt)).toEqual(['gadd post bob']);
  });

  it('the create names the group and its emoji; the adds name the group, with no id until it exists', () => {
    const plan = run({ frameioGroups: { fresh: { members: ['bob'] } } });
    expect(plan.changes).toEqual([
      {
        action: 'create_frameio_group',
        account_id: 'acc-1',
        group_id: null,
        group_name: 'fresh',
        emoji: '👥',
        from: null,
        to: 'frame',
      },
      {
        action: 'add_frameio_group_member',
        account_id: 'acc-1',
        group_id: null,
        group_name: 'fresh',
        user_id: 'u-bob',
        email: em('bob'),
        from: null,
        to: 'member',
      },
    ]);
  });

  it('a reviewer listed for a group is a held note naming the group', () => {
    const plan = run({ frameioGroups: { post: { members: ['rev'] }, fresh: { members: ['rev'] } } });
    expect(plan.changes.map(fmt)).toEqual(['gcreate fresh 👥']);
    expect(plan.notes).toEqual([
      {
        kind: 'reviewer_untouchable',
        account_id: 'acc-1',
        group_name: 'fresh',
        email: em('rev'),
        user_id: 'u-rev',
        role: null,
        desired: 'member',
        message:
          `${em('rev')} is a reviewer of the account (access through share links only); a group needs a member, ` +
          `so the manifest's entry at roles/acme.yaml:6:7 does not add them to group "fresh": make them a member ` +
          'in Frame.io first',
      },
      {
        kind: 'reviewer_untouchable',
        account_id: 'acc-1',
        group_name: 'post',
        group_id: 'g-post',
        email: em('rev'),
        user_id: 'u-rev',
        role: null,
        desired: 'member',
        message:
          `${em('rev')} is a reviewer of the account (access through share links only); a group needs a member, ` +
          `so the manifest's entry at roles/acme.yaml:4:7 does not add them to group "post": make them a member ` +
          'in Frame.io first',
      },
    ]);
  });

  it('authoritative group: the owner, the token’s own user and protected users held, deactivated noted', () => {
    const live: LiveSpec = {
      ...LIVE,
      groups: [{ name: 'post', members: ['dave', 'erin', 'owner', 'svc', 'prot', 'gone'] }],
    };
    const plan = run(
      { policy: { protected: ['prot'] }, frameioGroups: { post: { mode: 'authoritative', members: ['dave'] } } },
      live,
    );
    expect(plan.changes.map(fmt)).toEqual(['grm post erin']);
    expect(plan.notes.map(noteKey)).toEqual([
      'deactivated gone #post',
      'owner_untouchable owner #post',
      'protected prot #post',
      'self_untouchable svc #post',
    ]);
    expect(plan.notes.find((n) => n.kind === 'self_untouchable')).toEqual({
      kind: 'self_untouchable',
      account_id: 'acc-1',
      group_name: 'post',
      group_id: 'g-post',
      email: em('svc'),
      user_id: 'u-svc',
      role: 'member',
      desired: null,
      message:
        `${em('svc')} is a member of group "post" but not listed for it (mode: authoritative); not removed, ` +
        "as the user is the token's own user",
    });
  });
});

describe('Frame.io group grants on workspaces', () => {
  it.each<[string, AccountSpec, string[]]>([
    [
      'a listed grant the workspace lacks is set; additive keeps the rest',
      { frameioGroups: { post: {} }, workspaces: { Marketing: { frameioGroups: { post: 'editor' } } } },
      ['wsg Marketing post null>editor'],
    ],
    [
      'a role that differs is set (a downgrade too)',
      { frameioGroups: { okta: {} }, workspaces: { Marketing: { frameioGroups: { okta: 'viewer' } } } },
      ['wsg Marketing okta editor>viewer'],
    ],
    [
      'a grant live already has: nothing',
      { frameioGroups: { okta: {} }, workspaces: { Marketing: { frameioGroups: { okta: 'editor' } } } },
      [],
    ],
    [
      'authoritative: unlisted grants are removed, of groups the manifest does not declare too',
      {
        frameioGroups: { post: {} },
        workspaces: {
          Marketing: {
            mode: 'authoritative',
            users: { bob: 'viewer', frank: 'viewer', gina: 'editor', hal: 'viewer', dave: 'viewer' },
            frameioGroups: { post: 'editor' },
          },
        },
      },
      ['wsg Marketing post null>editor', 'rmwsg Marketing okta editor', 'rmwsg Marketing stray viewer'],
    ],
    [
      'no frameio_groups key: the workspace’s grants are not managed, even when authoritative',
      {
        frameioGroups: { post: {} },
        workspaces: {
          Marketing: {
            mode: 'authoritative',
            users: { bob: 'viewer', frank: 'viewer', gina: 'editor', hal: 'viewer', dave: 'viewer' },
          },
        },
      },
      [],
    ],
    [
      'a grant of a group this plan creates names it, with no id yet',
      {
        frameioGroups: { fresh: { members: ['carol'] } },
        workspaces: { Design: { frameioGroups: { fresh: 'commenter' } } },
      },
      ['gcreate fresh 👥', 'gadd fresh* carol', 'wsg Design fresh* null>commenter'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(run(spec).changes.map(fmt)).toEqual(expected);
  });

  it('a removed grant names its group by its live name, or by its id when Frame.io does not list the group', () => {
    const live: LiveSpec = {
      ...LIVE,
      workspaces: [
        { name: 'Design', members: { carol: 'editor' }, groupGrants: { stray: 'viewer', 'g-gone': 'editor' } },
      ],
    };
    const plan = run(
      {
        frameioGroups: { post: {} },
        workspaces: { Design: { mode: 'authoritative', users: { carol: 'editor' }, frameioGroups: {} } },
      },
      live,
    );
    expect(plan.changes).toEqual([
      {
        action: 'remove_workspace_group',
        account_id: 'acc-1',
        workspace_id: 'ws-design',
        workspace_name: 'Design',
        group_id: 'g-gone',
        group_name: 'g-gone',
        from: 'editor',
        to: null,
      },
      {
        action: 'remove_workspace_group',
        account_id: 'acc-1',
        workspace_id: 'ws-design',
        workspace_name: 'Design',
        group_id: 'g-stray',
        group_name: 'stray',
        from: 'viewer',
        to: null,
      },
    ]);
  });
});

describe('access through a group in an authoritative workspace', () => {
  // Marketing lists bob only, and the groups' grants (stray's goes). frank (viewer) and gina (editor) are
  // in okta; hal is in no group; dave is in post. The owner's row is an account row, noted as always.
  const base = (grants: Record<string, 'editor' | 'viewer' | 'full_access'>, extra: Partial<AccountSpec> = {}) => ({
    frameioGroups: { okta: {}, post: {} },
    workspaces: {
      Marketing: { mode: 'authoritative' as const, users: { bob: 'viewer' as const }, frameioGroups: grants },
    },
    ...extra,
  });

  it.each<[string, AccountSpec, string[], string[]]>([
    [
      'a row at or below the group role is kept, with a note; one the group does not explain is removed',
      base({ okta: 'editor' }),
      ['rmwsg Marketing stray viewer', 'rm Marketing dave viewer', 'rm Marketing hal viewer'],
      ['access_through_group frank @Marketing', 'access_through_group gina @Marketing'],
    ],
    [
      'a row above the group role is a direct grant: removed',
      base({ okta: 'viewer' }),
      [
        'wsg Marketing okta editor>viewer',
        'rmwsg Marketing stray viewer',
        'rm Marketing dave viewer',
        'rm Marketing gina editor',
        'rm Marketing hal viewer',
      ],
      ['access_through_group frank @Marketing'],
    ],
    [
      'a grant this plan gives counts',
      base({ okta: 'editor', post: 'viewer' }),
      ['wsg Marketing post null>viewer', 'rmwsg Marketing stray viewer', 'rm Marketing hal viewer'],
      [
        'access_through_group dave @Marketing',
        'access_through_group frank @Marketing',
        'access_through_group gina @Marketing',
      ],
    ],
    [
      'a grant this plan removes does not',
      base({}),
      [
        'rmwsg Marketing okta editor',
        'rmwsg Marketing stray viewer',
        'rm Marketing dave viewer',
        'rm Marketing frank viewer',
        'rm Marketing gina editor',
        'rm Marketing hal viewer',
      ],
      [],
    ],
    [
      'membership after this plan counts: a member it adds keeps the row, one it removes loses it',
      {
        ...base({ okta: 'editor', post: 'viewer' }),
        frameioGroups: { okta: {}, post: { mode: 'authoritative', members: ['erin', 'hal'] } },
      },
      [
        'gadd post hal',
        'wsg Marketing post null>viewer',
        'grm post dave',
        'rmwsg Marketing stray viewer',
        'rm Marketing dave viewer',
      ],
      [
        'access_through_group frank @Marketing',
        'access_through_group gina @Marketing',
        'access_through_group hal @Marketing',
      ],
    ],
    [
      'without a frameio_groups key the live grants are kept as they are, and what they give counts',
      { frameioGroups: {}, workspaces: { Marketing: { mode: 'authoritative', users: { bob: 'viewer' } } } },
      ['rm Marketing dave viewer', 'rm Marketing hal viewer'],
      ['access_through_group frank @Marketing', 'access_through_group gina @Marketing'],
    ],
    [
      'an additive workspace removes no one and notes no one',
      {
        frameioGroups: { okta: {} },
        workspaces: { Marketing: { users: { bob: 'viewer' }, frameioGroups: { okta: 'editor' } } },
      },
      [],
      [],
    ],
  ])('%s', (_name, spec, changes, notes) => {
    const plan = run(spec);
    expect(plan.changes.map(fmt)).toEqual(changes);
    expect(plan.notes.filter((n) => n.kind !== 'account_admin_in_workspace').map(noteKey)).toEqual(notes);
  });

  it('the note names the groups, highest role first, and the role they give', () => {
    const live: LiveSpec = {
      ...LIVE,
      groups: [
        { name: 'post', members: ['frank'] },
        { name: 'okta', source: 'adobe', members: ['frank'] },
        { name: 'crew', members: ['frank'] },
      ],
    };
    const plan = run(
      {
        frameioGroups: { okta: {}, post: {}, crew: {} },
        workspaces: {
          Marketing: {
            mode: 'authoritative',
            users: { bob: 'viewer', gina: 'editor', hal: 'viewer', dave: 'viewer' },
            frameioGroups: { post: 'viewer', okta: 'editor', crew: 'editor' },
          },
        },
      },
      live,
    );
    expect(plan.changes.map(fmt)).toEqual([
      'wsg Marketing crew null>editor',
      'wsg Marketing post null>viewer',
      'rmwsg Marketing stray viewer',
    ]);
    expect(plan.notes.filter((n) => n.kind === 'access_through_group')).toEqual([
      {
        kind: 'access_through_group',
        account_id: 'acc-1',
        workspace_id: 'ws-marketing',
        workspace_name: 'Marketing',
        email: em('frank'),
        role: 'viewer',
        via: ['crew', 'okta', 'post'],
        group_role: 'editor',
        message:
          `${em('frank')} is in Marketing as viewer but not in the manifest (mode: authoritative); not removed, ` +
          'as the user gets editor through Frame.io groups "crew", "okta", "post" after this plan (access through ' +
          'a group is not a direct grant to remove)',
      },
    ]);
  });
});
