// Projects (CONTRACT.md §1.1, PROJECTS-SPEC "Plan rules"): direct grants on top of what the workspace
// and the account give. Every case runs against both project listings Frame.io may give (direct
// grants only; inherited access listed too) and must plan the same.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import type { LiveProject } from '../../src/live/types.js';
import type { Plan, PlanNote } from '../../src/plan/types.js';
import { type AccountSpec, type LiveSpec, fmt, liveState, manifest, withInheritedRows } from './builders.js';

// Marketing: bob a viewer, carol an editor, dave full_access, gone (deactivated) a viewer, inv (invited)
// a commenter; the owner and alice as account rows. Spring (not restricted): bob's editor is a real
// direct grant (above his viewer), carol's commenter is hidden under her editor, ext and ext2 are
// project-only collaborators, alice (an account admin) has a grant too. Vault is restricted; Fog's
// listing does not say.
const LIVE: LiveSpec = {
  users: {
    owner: 'owner',
    alice: 'admin',
    svc: 'admin',
    grace: 'admin',
    bob: 'member',
    carol: 'member',
    dave: 'member',
    erin: 'member',
    frank: 'member',
    ext: 'member',
    ext2: 'member',
    gone: { role: 'member', active: false },
    inv: { role: 'member', id: null, active: null },
    rev: 'reviewer',
  },
  workspaces: [
    {
      name: 'Marketing',
      members: {
        owner: 'owner',
        alice: 'admin',
        bob: 'viewer',
        carol: 'editor',
        dave: 'full_access',
        gone: 'viewer',
        inv: 'commenter',
      },
      projects: [
        {
          name: 'Spring',
          members: { bob: 'editor', carol: 'commenter', ext: 'commenter', ext2: 'viewer', alice: 'editor' },
        },
        { name: 'Vault', restricted: true, members: { carol: 'viewer', ext: 'editor' } },
        { name: 'Fog', restricted: null, members: { bob: 'full_access' } },
      ],
    },
    { name: 'Design', members: { erin: 'editor' }, projects: [{ name: 'Autumn', members: {} }] },
  ],
};

const VARIANTS = [
  ['direct grants only', (spec: LiveSpec) => liveState([spec])],
  ['inherited access listed too', (spec: LiveSpec) => withInheritedRows(liveState([spec]))],
] as const;

function both(spec: AccountSpec, live: LiveSpec = LIVE, self = 'svc'): Plan {
  const [direct, inherited] = VARIANTS.map(([, read]) => {
    const state = read(live);
    return buildPlan(manifest(spec), {
      ...state,
      self: { ...state.self, id: `u-${self}`, email: `${self}@acme.test` },
    });
  });
  // The whole plan: changes (with their `from`), notes, the policy verdict and the estimate.
  expect(inherited).toEqual(direct);
  return direct!;
}

const spring = (p: NonNullable<AccountSpec['workspaces']>[string]['projects']): AccountSpec => ({
  workspaces: { Marketing: { projects: p } },
});
const noteKey = (n: PlanNote) =>
  `${n.kind} ${n.email?.split('@')[0] ?? ''}${n.project_name ? ` @${n.project_name}` : ''}`;

describe('the inherited listing really differs from the direct one', () => {
  it('lists admins, the owner and workspace members in unrestricted projects only', () => {
    const [direct, inherited] = VARIANTS.map(([, read]) => read(LIVE).accounts[0]!.workspaces[0]!.projects!);
    const rows = (p: LiveProject) => p.members!.map((m) => `${m.user.email.split('@')[0]}:${m.role}`).sort();
    expect(rows(inherited![0]!)).toEqual([
      'alice:admin',
      'bob:editor',
      'carol:editor',
      'dave:full_access',
      'ext2:viewer',
      'ext:commenter',
      'gone:viewer',
      'grace:admin',
      'inv:commenter',
      'owner:owner',
      'svc:admin',
    ]);
    expect(rows(direct![0]!)).not.toEqual(rows(inherited![0]!));
    expect(rows(inherited![1]!)).toEqual([
      'alice:admin',
      'carol:viewer',
      'ext:editor',
      'grace:admin',
      'owner:owner',
      'svc:admin',
    ]);
  });
});

describe('project grants', () => {
  it.each<[string, AccountSpec, string[]]>([
    ['nothing listed, nothing written', spring({ Spring: {} }), []],
    [
      'a project-only collaborator is added',
      spring({ Spring: { users: { frank: 'viewer' } } }),
      ['proj Marketing/Spring frank null>viewer'],
    ],
    [
      'a grant above the workspace role is written; a hidden lower grant reads as none',
      spring({ Spring: { users: { carol: 'full_access' } } }),
      ['proj Marketing/Spring carol null>full_access'],
    ],
    ['a grant at the workspace role is not written', spring({ Spring: { users: { carol: 'editor' } } }), []],
    ['a grant below the workspace role is not written', spring({ Spring: { users: { carol: 'viewer' } } }), []],
    ['an unchanged direct grant', spring({ Spring: { users: { bob: 'editor', ext: 'commenter' } } }), []],
    [
      'a direct grant above the workspace role is lowered, also to the workspace role itself',
      spring({ Spring: { users: { bob: 'viewer', ext: 'viewer' } } }),
      ['proj Marketing/Spring bob editor>viewer', 'proj Marketing/Spring ext commenter>viewer'],
    ],
    [
      'a restricted project inherits nothing: a grant below the workspace role counts',
      spring({ Vault: { users: { carol: 'commenter', dave: 'viewer' } } }),
      ['proj Marketing/Vault carol viewer>commenter', 'proj Marketing/Vault dave null>viewer'],
    ],
    [
      'account admins and the owner are never written',
      spring({ Spring: { users: { alice: 'viewer', owner: 'viewer', grace: 'editor' } } }),
      [],
    ],
    [
      'a user promoted to admin in this plan is not written',
      { users: { frank: 'admin' }, ...spring({ Spring: { users: { frank: 'viewer' } } }) },
      ['acct frank member>admin'],
    ],
    [
      'an admin demoted in this plan is not written yet',
      { users: { grace: 'member' }, ...spring({ Spring: { users: { grace: 'viewer' } } }) },
      ['acct grace admin>member'],
    ],
    [
      'invited, deactivated and reviewers are not written',
      spring({ Spring: { users: { inv: 'viewer', gone: 'full_access', rev: 'viewer' } } }),
      [],
    ],
    [
      'groups: a direct entry beats the group, between groups the higher role',
      {
        groups: { a: ['frank', 'erin'], b: ['erin'] },
        ...spring({ Spring: { users: { frank: 'editor' }, groups: { a: 'viewer', b: 'commenter' } } }),
      },
      ['proj Marketing/Spring erin null>commenter', 'proj Marketing/Spring frank null>editor'],
    ],
    [
      'the inherited role is the workspace role after this plan: raised',
      {
        workspaces: {
          Marketing: { users: { bob: 'full_access' }, projects: { Spring: { users: { bob: 'editor' } } } },
        },
      },
      ['ws Marketing bob viewer>full_access'],
    ],
    [
      'the inherited role is the workspace role after this plan: lowered',
      { workspaces: { Marketing: { users: { dave: 'viewer' }, projects: { Spring: { users: { dave: 'editor' } } } } } },
      ['ws Marketing dave full_access>viewer', 'proj Marketing/Spring dave null>editor'],
    ],
    [
      'the inherited role is the workspace role after this plan: removed',
      {
        workspaces: {
          Marketing: {
            mode: 'authoritative',
            users: { bob: 'viewer', carol: 'editor' },
            projects: { Spring: { users: { dave: 'viewer' } } },
          },
        },
      },
      ['rm Marketing dave full_access', 'proj Marketing/Spring dave null>viewer'],
    ],
    [
      'a guarded downgrade is not written, an upgrade is',
      { policy: { protected: ['bob', 'ext'] }, ...spring({ Spring: { users: { bob: 'commenter', ext: 'editor' } } }) },
      ['proj Marketing/Spring ext commenter>editor'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(both(spec).changes.map(fmt).sort()).toEqual([...expected].sort());
  });
});

describe('mode: authoritative on a project', () => {
  it.each<[string, AccountSpec, string[]]>([
    [
      'removes the direct grants of project-only collaborators, never workspace members or admins',
      spring({ Spring: { mode: 'authoritative', users: { bob: 'editor' } } }),
      ['rmp Marketing/Spring ext commenter', 'rmp Marketing/Spring ext2 viewer'],
    ],
    [
      'a restricted project: the same, its workspace members keep their grants',
      spring({ Vault: { mode: 'authoritative' } }),
      ['rmp Marketing/Vault ext editor'],
    ],
    [
      'a user this plan adds to the workspace is kept',
      { workspaces: { Marketing: { users: { ext: 'viewer' }, projects: { Spring: { mode: 'authoritative' } } } } },
      ['ws Marketing ext null>viewer', 'rmp Marketing/Spring ext2 viewer'],
    ],
    [
      'a user this plan removes from the workspace is a project-only collaborator',
      {
        workspaces: {
          Marketing: {
            mode: 'authoritative',
            users: { carol: 'editor', dave: 'full_access' },
            projects: { Spring: { mode: 'authoritative', users: { ext: 'commenter', ext2: 'viewer' } } },
          },
        },
      },
      // gone (deactivated) stays in the workspace, as always.
      ['rm Marketing bob viewer', 'rmp Marketing/Spring bob editor'],
    ],
    [
      'listed through a group counts as listed',
      {
        groups: { outside: ['ext', 'ext2'] },
        ...spring({ Spring: { mode: 'authoritative', groups: { outside: 'viewer' } } }),
      },
      ['proj Marketing/Spring ext commenter>viewer'],
    ],
    [
      'protected users are not removed',
      { policy: { protected: ['ext'] }, ...spring({ Spring: { mode: 'authoritative' } }) },
      ['rmp Marketing/Spring ext2 viewer'],
    ],
    [
      'a user promoted to admin in this plan is not removed',
      { users: { ext: 'admin' }, ...spring({ Spring: { mode: 'authoritative' } }) },
      ['acct ext member>admin', 'rmp Marketing/Spring ext2 viewer'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(both(spec).changes.map(fmt).sort()).toEqual([...expected].sort());
  });

  it("the token's own user is not removed", () => {
    const plan = both(spring({ Spring: { mode: 'authoritative' } }), LIVE, 'ext');
    expect(plan.changes.map(fmt)).toEqual(['rmp Marketing/Spring ext2 viewer']);
    expect(plan.notes.map(noteKey)).toEqual(['self_untouchable ext @Spring']);
    expect(plan.notes[0]?.message).toBe(
      'ext@acme.test has commenter in project "Spring" (Marketing) but is neither listed for it nor a member of its ' +
        "workspace (mode: authoritative); not removed, as the user is the token's own user",
    );
  });
});

describe('project notes', () => {
  it.each<[string, AccountSpec, string[]]>([
    [
      'grants with no effect, admins, the owner, a reviewer',
      spring({
        Spring: { users: { carol: 'viewer', dave: 'full_access', alice: 'viewer', owner: 'editor', rev: 'viewer' } },
      }),
      [
        'account_admin_in_workspace alice @Spring',
        'grant_no_effect carol @Spring',
        'grant_no_effect dave @Spring',
        'account_admin_in_workspace owner @Spring',
        'reviewer_untouchable rev @Spring',
      ],
    ],
    [
      'a protected downgrade',
      { policy: { protected: ['bob'] }, ...spring({ Spring: { users: { bob: 'commenter' } } }) },
      ['protected bob @Spring'],
    ],
    [
      'a project whose listing does not say whether it is restricted',
      spring({ Fog: {} }),
      ['project_restricted_unknown  @Fog'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(both(spec).notes.map(noteKey)).toEqual(expected);
  });

  it('a reviewer who already holds the listed grant is in sync, as in a workspace (no note, so no drift)', () => {
    const live: LiveSpec = {
      ...LIVE,
      workspaces: [{ name: 'Marketing', members: {}, projects: [{ name: 'Reel', members: { rev: 'editor' } }] }],
    };
    const plan = both(spring({ Reel: { users: { rev: 'editor' } } }), live);
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([]);
    // A different role is held back, with the reason.
    expect(both(spring({ Reel: { users: { rev: 'viewer' } } }), live).notes.map(noteKey)).toEqual([
      'reviewer_untouchable rev @Reel',
    ]);
  });

  it('a grant with no effect names both roles and where the manifest said it', () => {
    const spec = spring({ Spring: { users: { carol: 'viewer' } } });
    const plan = both(spec);
    const pos = manifest(spec).accounts[0]!.workspaces[0]!.projects[0]!.users[0]!.pos;
    expect(plan.notes).toEqual([
      {
        kind: 'grant_no_effect',
        account_id: 'acc-1',
        workspace_id: 'ws-marketing',
        workspace_name: 'Marketing',
        project_id: 'p-spring',
        project_name: 'Spring',
        email: 'carol@acme.test',
        user_id: 'u-carol',
        role: null,
        desired: 'viewer',
        inherited_role: 'editor',
        message:
          'carol@acme.test gets editor in project "Spring" (Marketing) from the workspace, ' +
          `so the manifest's viewer at ` +
          `roles/acme.yaml:${pos.line}:${pos.col} has no effect and is not written (a project grant counts only ` +
          'above the workspace role, or in a restricted project)',
      },
    ]);
  });

  it('a grant with no effect after this plan raises the workspace role, with the live grant named', () => {
    const plan = both({
      workspaces: { Marketing: { users: { bob: 'full_access' }, projects: { Spring: { users: { bob: 'editor' } } } } },
    });
    expect(plan.notes.map((n) => [n.kind, n.role, 'inherited_role' in n ? n.inherited_role : null])).toEqual([
      ['grant_no_effect', 'editor', 'full_access'],
    ]);
  });

  it('an account admin listed in a project is told why nothing is written', () => {
    const spec: AccountSpec = { users: { grace: 'member' }, ...spring({ Spring: { users: { grace: 'viewer' } } }) };
    const plan = both(spec);
    const pos = manifest(spec).accounts[0]!.workspaces[0]!.projects[0]!.users[0]!.pos;
    expect(plan.notes.map((n) => n.message)).toEqual([
      'grace@acme.test is an account admin until this plan demotes them; plan again after the apply to set their ' +
        `project roles: they see project "Spring" (Marketing) through the account role, so the manifest's viewer at ` +
        `roles/acme.yaml:${pos.line}:${pos.col} is not set`,
    ]);
  });
});

describe('restricted', () => {
  it.each<[string, AccountSpec, string[]]>([
    ['restricting', spring({ Spring: { restricted: true } }), ['restrict Marketing/Spring false>true']],
    ['lifting a restriction', spring({ Vault: { restricted: false } }), ['restrict Marketing/Vault true>false']],
    ['already as live says', spring({ Spring: { restricted: false }, Vault: { restricted: true } }), []],
    ['not managed', spring({ Vault: {} }), []],
    ['live does not say: never a change', spring({ Fog: { restricted: true } }), []],
    [
      'restricting: grants at or below the workspace role are written, since nothing is inherited then',
      spring({ Spring: { restricted: true, users: { carol: 'viewer', dave: 'full_access' } } }),
      [
        'proj Marketing/Spring carol null>viewer',
        'proj Marketing/Spring dave null>full_access',
        'restrict Marketing/Spring false>true',
      ],
    ],
    [
      'lifting a restriction: a grant at or below the workspace role has no effect, a live one is kept',
      spring({ Vault: { restricted: false, users: { carol: 'viewer', dave: 'viewer' } } }),
      ['restrict Marketing/Vault true>false'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(both(spec).changes.map(fmt).sort()).toEqual([...expected].sort());
  });

  it('restricting names who loses access: workspace-only members, not admins, grantees or the deactivated', () => {
    const spec = spring({ Spring: { restricted: true } });
    const plan = both(spec);
    const pos = manifest(spec).accounts[0]!.workspaces[0]!.projects[0]!.restrictedPos!;
    expect(pos).toBeDefined();
    expect(plan.notes).toEqual([
      {
        kind: 'project_restriction_hides',
        account_id: 'acc-1',
        workspace_id: 'ws-marketing',
        workspace_name: 'Marketing',
        project_id: 'p-spring',
        project_name: 'Spring',
        loses_access: ['carol@acme.test', 'dave@acme.test'],
        loses_access_count: 2,
        message:
          'restricting project "Spring" (Marketing) takes it away from 2 workspace members whose access comes from ' +
          "the workspace alone: carol@acme.test, dave@acme.test; give them a role under the project's users: to " +
          'keep it',
      },
    ]);
  });

  it('restricting counts this plan: its project grants, workspace adds and removals, promotions and demotions', () => {
    const plan = both({
      users: { dave: 'admin', grace: 'member' },
      workspaces: {
        Marketing: {
          mode: 'authoritative',
          users: { bob: 'viewer', carol: 'editor', erin: 'viewer', grace: 'viewer' },
          projects: { Spring: { restricted: true, mode: 'authoritative', users: { carol: 'viewer' } } },
        },
      },
    });
    const hides = plan.notes.find((n) => n.kind === 'project_restriction_hides');
    // bob has a direct grant, carol gets one, dave becomes an admin, gone is deactivated, erin is added,
    // grace is demoted in this plan (an admin until then, so her workspace role is not written yet).
    expect(hides && 'loses_access' in hides ? hides.loses_access : null).toEqual(['erin@acme.test']);
  });

  it('restricting a huge workspace names the first ten and counts them all', () => {
    const users: LiveSpec['users'] = { svc: 'admin' };
    const members: Record<string, 'viewer'> = {};
    for (let i = 0; i < 25; i++) {
      users[`m${String(i).padStart(2, '0')}`] = 'member';
      members[`m${String(i).padStart(2, '0')}`] = 'viewer';
    }
    const live: LiveSpec = { users, workspaces: [{ name: 'Big', members, projects: [{ name: 'P', members: {} }] }] };
    const plan = both({ workspaces: { Big: { projects: { P: { restricted: true } } } } }, live);
    const note = plan.notes[0]!;
    expect(note.kind === 'project_restriction_hides' && [note.loses_access.length, note.loses_access_count]).toEqual([
      10, 25,
    ]);
    expect(note.message).toContain('m00@acme.test, m01@acme.test');
    expect(note.message).toContain('m09@acme.test and 15 more;');
  });

  it('a listing that does not say is a note, with or without the manifest setting it', () => {
    const plan = both(spring({ Fog: { restricted: true, users: { bob: 'viewer' } } }));
    // Read as restricted, as the manifest says: bob's full_access is a direct grant, lowered to viewer.
    expect(plan.changes.map(fmt)).toEqual(['proj Marketing/Fog bob full_access>viewer']);
    expect(plan.notes.map((n) => n.message)).toEqual([
      'Frame.io does not say whether project "Fog" (Marketing) is restricted; rolesync does not write the ' +
        "manifest's restricted: true (roles/acme.yaml:5:9) and plans it as restricted, as the manifest says",
    ]);
    expect(both(spring({ Fog: {} })).notes.map((n) => n.message)).toEqual([
      'Frame.io does not say whether project "Fog" (Marketing) is restricted; rolesync plans it as not restricted, ' +
        'as Frame.io creates projects',
    ]);
  });
});

describe('project changes', () => {
  it('carry the account, workspace and project ids and names, the user and both roles', () => {
    const plan = both(
      spring({
        Spring: {
          mode: 'authoritative',
          restricted: true,
          users: { bob: 'viewer', ext: 'commenter', frank: 'editor' },
        },
      }),
    );
    const at = {
      account_id: 'acc-1',
      workspace_id: 'ws-marketing',
      workspace_name: 'Marketing',
      project_id: 'p-spring',
      project_name: 'Spring',
    };
    const byAction = (a: string) => plan.changes.filter((c) => c.action === a);
    // In plan order: an add (a grant) runs before a downgrade (src/plan/order.ts).
    expect(byAction('set_project_role')).toEqual([
      { action: 'set_project_role', ...at, user_id: 'u-frank', email: 'frank@acme.test', from: null, to: 'editor' },
      { action: 'set_project_role', ...at, user_id: 'u-bob', email: 'bob@acme.test', from: 'editor', to: 'viewer' },
    ]);
    expect(byAction('remove_project_user')).toEqual([
      { action: 'remove_project_user', ...at, user_id: 'u-ext2', email: 'ext2@acme.test', from: 'viewer', to: null },
    ]);
    expect(byAction('set_project_restricted')).toEqual([
      { action: 'set_project_restricted', ...at, from: false, to: true },
    ]);
    expect(plan.estimate.calls).toMatchObject({ project_role_patch: 2, project_user_delete: 1, project_update: 1 });
  });

  it('a pinned project renamed in Frame.io is planned under its live name', () => {
    const plan = both(spring({ 'Old Spring': { id: 'p-spring', users: { frank: 'viewer' } } }));
    expect(plan.changes.map(fmt)).toEqual(['proj Marketing/Spring frank null>viewer']);
    expect(plan.notes.map(noteKey)).toEqual(['project_renamed  @Spring']);
  });
});
