// Frame.io groups in projects (GROUPS-SPEC decision 5): group grants on a project, and the rows a
// group explains, which are not direct grants. Every case runs against both project listings Frame.io
// may give (direct grants only; every one with access, at their effective role) and must plan the same.
import { describe, expect, it } from 'vitest';
import type { LiveState } from '../../src/live/types.js';
import type { Plan, PlanNote } from '../../src/plan/types.js';
import {
  type AccountSpec,
  type LiveSpec,
  buildGroupPlan,
  em,
  fmt,
  liveState,
  manifest,
  withInheritedRows,
} from './builders.js';

// Marketing: bob a viewer, carol an editor. post has ext (a project-only collaborator) and bob; crew
// has ext2 and carol. Spring (not restricted): ext a viewer, ext2 a commenter, ext3 a viewer, crew
// granted commenter. Vault is restricted: ext a viewer.
const LIVE: LiveSpec = {
  users: {
    owner: 'owner',
    svc: 'admin',
    bob: 'member',
    carol: 'member',
    ext: 'member',
    ext2: 'member',
    ext3: 'member',
  },
  groups: [
    { name: 'post', members: ['ext', 'bob'] },
    { name: 'crew', members: ['ext2', 'carol'] },
  ],
  workspaces: [
    {
      name: 'Marketing',
      members: { owner: 'owner', bob: 'viewer', carol: 'editor' },
      groupGrants: {},
      projects: [
        {
          name: 'Spring',
          members: { ext: 'viewer', ext2: 'commenter', ext3: 'viewer' },
          groupGrants: { crew: 'commenter' },
        },
        { name: 'Vault', restricted: true, members: { ext: 'viewer' }, groupGrants: {} },
      ],
    },
  ],
};

const VARIANTS = [
  ['direct grants only', (spec: LiveSpec) => liveState([spec])],
  ['group access listed too', (spec: LiveSpec) => withInheritedRows(liveState([spec]))],
] as const;

const GROUPS = { post: {}, crew: {} };
const noteKey = (n: PlanNote) => `${n.kind} ${n.email?.split('@')[0] ?? ''} @${n.project_name ?? n.workspace_name}`;
const userNotes = (plan: Plan) =>
  plan.notes.filter((n) => n.kind !== 'account_admin_in_workspace' && n.kind !== 'project_restriction_hides');

describe.each(VARIANTS)('Frame.io groups in projects, %s', (_variant, read: (spec: LiveSpec) => LiveState) => {
  const run = (spec: AccountSpec, live: LiveSpec = LIVE) => buildGroupPlan(manifest(spec), read(live));

  it.each<[string, AccountSpec, string[], string[]]>([
    [
      'a project-only row at or below the role a group granted on the project gives is kept, with a note',
      {
        frameioGroups: GROUPS,
        workspaces: {
          Marketing: {
            projects: { Spring: { mode: 'authoritative', frameioGroups: { crew: 'commenter', post: 'editor' } } },
          },
        },
      },
      ['pg Marketing/Spring post null>editor', 'rmp Marketing/Spring ext3 viewer'],
      ['access_through_group ext2 @Spring', 'access_through_group ext @Spring'],
    ],
    [
      'a group granted on the workspace reaches an unrestricted project, not a restricted one',
      {
        frameioGroups: GROUPS,
        workspaces: {
          Marketing: {
            frameioGroups: { post: 'editor' },
            projects: {
              Spring: { mode: 'authoritative', frameioGroups: { crew: 'commenter' } },
              Vault: { mode: 'authoritative' },
            },
          },
        },
      },
      ['wsg Marketing post null>editor', 'rmp Marketing/Spring ext3 viewer', 'rmp Marketing/Vault ext viewer'],
      ['access_through_group ext2 @Spring', 'access_through_group ext @Spring'],
    ],
    [
      'a project group grant: set, and (authoritative) the unlisted ones removed, of undeclared groups too',
      {
        frameioGroups: GROUPS,
        workspaces: {
          Marketing: { projects: { Spring: { mode: 'authoritative', frameioGroups: { post: 'full_access' } } } },
        },
      },
      [
        'pg Marketing/Spring post null>full_access',
        'rmpg Marketing/Spring crew commenter',
        'rmp Marketing/Spring ext2 commenter',
        'rmp Marketing/Spring ext3 viewer',
      ],
      ['access_through_group ext @Spring'],
    ],
    [
      'no frameio_groups key: the project’s grants are not managed, but what they give is access all the same',
      { frameioGroups: GROUPS, workspaces: { Marketing: { projects: { Spring: { mode: 'authoritative' } } } } },
      ['rmp Marketing/Spring ext3 viewer', 'rmp Marketing/Spring ext viewer'],
      ['access_through_group ext2 @Spring'],
    ],
    [
      'a listed grant at or below the group role has no effect and is not written',
      {
        frameioGroups: GROUPS,
        workspaces: {
          Marketing: { projects: { Spring: { users: { ext2: 'viewer' }, frameioGroups: { crew: 'commenter' } } } },
        },
      },
      [],
      ['grant_no_effect ext2 @Spring'],
    ],
    [
      'a listed grant above the group role is written',
      {
        frameioGroups: GROUPS,
        workspaces: {
          Marketing: { projects: { Spring: { users: { ext2: 'editor' }, frameioGroups: { crew: 'commenter' } } } },
        },
      },
      ['proj Marketing/Spring ext2 commenter>editor'],
      [],
    ],
  ])('%s', (_name, spec, changes, notes) => {
    const plan = run(spec);
    expect(plan.changes.map(fmt)).toEqual(changes);
    expect(userNotes(plan).map(noteKey)).toEqual(notes);
  });

  it('the no-effect note names the groups the role comes through', () => {
    const plan = run({
      frameioGroups: GROUPS,
      workspaces: {
        Marketing: { projects: { Spring: { users: { ext2: 'viewer' }, frameioGroups: { crew: 'commenter' } } } },
      },
    });
    expect(userNotes(plan)).toEqual([
      {
        kind: 'grant_no_effect',
        account_id: 'acc-1',
        workspace_id: 'ws-marketing',
        workspace_name: 'Marketing',
        project_id: 'p-spring',
        project_name: 'Spring',
        email: em('ext2'),
        user_id: 'u-ext2',
        role: 'commenter',
        desired: 'viewer',
        inherited_role: 'commenter',
        message:
          `${em('ext2')} gets commenter in project "Spring" (Marketing) through Frame.io group "crew" after this ` +
          "plan, so the manifest's viewer at roles/acme.yaml:7:11 has no effect and is not written (a project " +
          "grant counts only above what the user's groups give)",
      },
    ]);
  });

  it('restricting a project does not name the workspace members its own group grants still reach', () => {
    const plan = run({
      frameioGroups: GROUPS,
      workspaces: { Marketing: { projects: { Spring: { restricted: true, frameioGroups: { crew: 'commenter' } } } } },
    });
    expect(plan.changes.map(fmt)).toEqual(['restrict Marketing/Spring false>true']);
    const hides = plan.notes.find((n) => n.kind === 'project_restriction_hides');
    // carol (crew, granted on Spring) keeps access; bob (post, granted nowhere) loses it.
    expect(hides).toMatchObject({ loses_access: [em('bob')], loses_access_count: 1 });
  });
});

// The review's reproductions (finding 2): post granted editor on Marketing by hand, where the manifest
// manages no group grant, and ext (in post, not a Marketing member) then sees Spring through it.
const HAND_GRANTED: LiveSpec = {
  ...LIVE,
  workspaces: LIVE.workspaces!.map((w) => ({ ...w, groupGrants: { post: 'editor' } })),
};

describe.each(VARIANTS)('access through groups whose grants no key manages, %s', (_variant, read) => {
  const run = (spec: AccountSpec) => buildGroupPlan(manifest(spec), read(HAND_GRANTED));
  const spring = (extra: Record<string, unknown> = {}) => ({
    Spring: { mode: 'authoritative' as const, users: { ext3: 'viewer' as const }, ...extra },
  });

  it.each<[string, AccountSpec, string[], string[]]>([
    [
      'no key anywhere, the group not even declared: the rows the grants explain are kept',
      { frameioGroups: {}, workspaces: { Marketing: { projects: spring() } } },
      [],
      ['access_through_group ext2 @Spring', 'access_through_group ext @Spring'],
    ],
    [
      'a key on the project only: its own grants go, the workspace’s still reach it',
      { frameioGroups: GROUPS, workspaces: { Marketing: { projects: spring({ frameioGroups: {} }) } } },
      ['rmpg Marketing/Spring crew commenter', 'rmp Marketing/Spring ext2 commenter'],
      ['access_through_group ext @Spring'],
    ],
    [
      'an additive workspace key that does not list the group keeps its grant, and what it gives',
      { frameioGroups: GROUPS, workspaces: { Marketing: { frameioGroups: {}, projects: spring() } } },
      [],
      ['access_through_group ext2 @Spring', 'access_through_group ext @Spring'],
    ],
  ])('%s', (_name, spec, changes, notes) => {
    const plan = run(spec);
    expect(plan.changes.map(fmt)).toEqual(changes);
    expect(userNotes(plan).map(noteKey)).toEqual(notes);
  });

  it('restricting a project without a key: its live group grants still reach their members', () => {
    const spec: AccountSpec = {
      frameioGroups: {},
      workspaces: { Marketing: { projects: { Spring: { restricted: true } } } },
    };
    const plan = buildGroupPlan(manifest(spec), read(LIVE));
    expect(plan.changes.map(fmt)).toEqual(['restrict Marketing/Spring false>true']);
    // carol (crew, granted on Spring by hand) keeps access; bob (post, granted nowhere) loses it.
    expect(plan.notes.find((n) => n.kind === 'project_restriction_hides')).toMatchObject({
      loses_access: [em('bob')],
      loses_access_count: 1,
    });
  });
});
