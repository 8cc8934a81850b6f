// Frame.io group changes in every rendering: a group's own scope (its creation and members), group
// grants in their workspace or project, "(created by this plan)" for a group without an id yet, the
// words of their writes, and what apply reports (the goldens test/golden/groups.* show whole documents).
import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../src/apply/types.js';
import { writeCounts } from '../../src/plan/estimate.js';
import type { Change } from '../../src/plan/types.js';
import { estimateSentence, renderApplyReport, renderJson, renderMarkdown, renderText } from '../../src/render/index.js';
import {
  ACCOUNT_NAMES,
  ACME,
  COLORISTS,
  createGroup,
  groupAdd,
  groupPlan,
  groupRemoval,
  MARKETING,
  OKTA,
  OLD_CREW,
  planOf,
  POST_TEAM,
  projectGroupRemoval,
  projectGroupRole,
  SPRING,
  STUDIO,
  workspaceGroupRemoval,
  workspaceGroupRole,
} from './fixtures.js';

const context = { accountNames: ACCOUNT_NAMES };

describe('Frame.io group changes', () => {
  it("list a group's creation and members under the group, its grants in their workspace or project", () => {
    const text = renderText(groupPlan, { color: false, ...context });
    const headings = text.split('\n').filter((line) => /^(Account|Frame\.io group|Workspace|Project) /.test(line));
    expect(headings).toEqual([
      // Groups by name after the account's own changes, before the workspaces.
      'Frame.io group Colorists (1b67ac33-b557-4122-bd3a-f071b5458e55)',
      'Frame.io group Post Team (created by this plan)',
      'Workspace Color (3c1d0e57-5a0b-4f43-9d3e-1b7f6f2f8a41)',
      'Workspace Marketing (8897b795-ace2-4f12-b4b4-4a899aefa2d5)',
      'Project Marketing / Spring Campaign (18d9023a-6b06-4417-b3f4-bf87865c183f)',
      'Workspace Sound (b2f7a0c4-6e1d-4b8a-a2c9-7d5e3f1a9b60)',
    ]);
    // Group grants before the users of the scope; a group this plan creates says so.
    expect(text).toContain(
      'Workspace Marketing (8897b795-ace2-4f12-b4b4-4a899aefa2d5)\n' +
        '  + group Post Team (created by this plan)  editor\n' +
        '  - group Old Crew                          viewer\n' +
        '  + frank@acme.test                         commenter\n',
    );
  });

  it('say whose a group is when the plan spans accounts', () => {
    const plan = planOf([groupAdd(COLORISTS, 'a@x.test'), groupAdd({ id: 'g-s', name: 'Crew' }, 'b@x.test', STUDIO)]);
    const text = renderText(plan, { color: false, ...context });
    expect(text).toContain('Frame.io group Colorists (1b67ac33-b557-4122-bd3a-f071b5458e55) in Acme Post\n');
    expect(text).toContain('Frame.io group Crew (g-s) in Acme Studio (Adobe)\n');
    expect(renderMarkdown(plan, context)).toContain('#### Frame.io group Crew (`g-s`) in Acme Studio (Adobe)\n');
  });

  it('fold a created group with many members in Markdown, named as created', () => {
    const plan = planOf([
      createGroup(POST_TEAM),
      ...Array.from({ length: 21 }, (_, i) => groupAdd(POST_TEAM, `u${i}@x.test`) as Change),
    ]);
    expect(renderMarkdown(plan, context)).toContain(
      '<summary>Frame.io group <b>Post Team</b> (created by this plan): 22 to add</summary>',
    );
  });

  it('count a creation, member adds and assigned grants as adds, removals as removals', () => {
    expect(groupPlan.summary).toEqual({ add: 7, change: 2, remove: 3, total: 12 });
    const md = renderMarkdown(planOf([groupAdd(COLORISTS, 'a@x.test'), groupRemoval(COLORISTS, 'b@x.test')]));
    expect(md).toContain('| `+` | a@x.test | — | member |\n| `-` | b@x.test | member | — |');
  });

  it('name the writes of each group class, member adds by the batches they go in', () => {
    const adds = Array.from({ length: 150 }, (_, i) => groupAdd(COLORISTS, `u${i}@x.test`) as Change);
    const plan = planOf([
      createGroup(POST_TEAM),
      ...adds,
      groupRemoval(COLORISTS, 'b@x.test'),
      workspaceGroupRole(MARKETING, OKTA, null, 'viewer'),
      workspaceGroupRemoval(MARKETING, OLD_CREW, 'viewer'),
      projectGroupRole(SPRING, OKTA, null, 'viewer'),
      projectGroupRemoval(SPRING, OLD_CREW, 'viewer'),
    ]);
    expect(estimateSentence(plan.estimate)).toBe(
      'apply will make 1 group creation, 2 group member batches, 1 group member removal, 1 workspace group role ' +
        'update, 1 workspace group removal, 1 project group role update, 1 project group removal; a few seconds ' +
        '(estimate: the rate limits let these calls through at once)',
    );
  });

  it('write each change in JSON with its group and scope, in a fixed key order', () => {
    const document = JSON.parse(renderJson(groupPlan)) as { changes: Record<string, unknown>[] };
    const keys = new Map(document.changes.map((c) => [c['action'], Object.keys(c)]));
    expect(Object.fromEntries(keys)).toEqual({
      create_frameio_group: ['action', 'account_id', 'group_id', 'group_name', 'emoji', 'from', 'to'],
      add_frameio_group_member: ['action', 'account_id', 'group_id', 'group_name', 'user_id', 'email', 'from', 'to'],
      remove_frameio_group_member: ['action', 'account_id', 'group_id', 'group_name', 'user_id', 'email', 'from', 'to'],
      set_workspace_group_role: [
        'action',
        'account_id',
        'workspace_id',
        'workspace_name',
        'group_id',
        'group_name',
        'from',
        'to',
      ],
      remove_workspace_group: [
        'action',
        'account_id',
        'workspace_id',
        'workspace_name',
        'group_id',
        'group_name',
        'from',
        'to',
      ],
      set_project_group_role: [
        'action',
        'account_id',
        'workspace_id',
        'workspace_name',
        'project_id',
        'project_name',
        'group_id',
        'group_name',
        'from',
        'to',
      ],
      set_workspace_role: ['action', 'account_id', 'workspace_id', 'workspace_name', 'user_id', 'email', 'from', 'to'],
      remove_project_group: [
        'action',
        'account_id',
        'workspace_id',
        'workspace_name',
        'project_id',
        'project_name',
        'group_id',
        'group_name',
        'from',
        'to',
      ],
    });
  });

  it("keep each note kind's own fields and a violation's group in JSON", () => {
    const hides = {
      kind: 'project_restriction_hides' as const,
      account_id: ACME,
      workspace_id: MARKETING.id,
      workspace_name: MARKETING.name,
      project_id: SPRING.id,
      project_name: SPRING.name,
      loses_access: ['a@x.test'],
      loses_access_count: 1,
      message: 'm',
    };
    const document = JSON.parse(renderJson({ ...groupPlan, notes: [...groupPlan.notes, hides] })) as {
      notes: Record<string, unknown>[];
      policy: { violations: Record<string, unknown>[] };
    };
    expect(document.notes.map((n) => Object.keys(n))).toEqual([
      ['kind', 'account_id', 'group_id', 'group_name', 'message'],
      ['kind', 'account_id', 'workspace_id', 'workspace_name', 'email', 'role', 'via', 'group_role', 'message'],
      [
        'kind',
        'account_id',
        'workspace_id',
        'workspace_name',
        'project_id',
        'project_name',
        'loses_access',
        'loses_access_count',
        'message',
      ],
    ]);
    expect(document.policy.violations[0]).toMatchObject({ group_id: COLORISTS.id, group_name: COLORISTS.name });
  });

  it('tell in the apply report what was done to which group, with the id of a group made', () => {
    const changes: Change[] = [
      createGroup(POST_TEAM),
      groupAdd(POST_TEAM, 'carol@acme.test'),
      groupAdd(COLORISTS, 'gone@acme.test'),
      workspaceGroupRole(MARKETING, POST_TEAM, null, 'editor'),
      projectGroupRole(SPRING, OKTA, 'viewer', 'editor'),
      groupRemoval(COLORISTS, 'ben.berg@acme.test'),
      workspaceGroupRemoval(MARKETING, OLD_CREW, 'viewer'),
      projectGroupRemoval(SPRING, OKTA, 'commenter'),
    ];
    const report: ApplyReport = {
      results: [
        { change: changes[0]!, outcome: 'applied', group_id: 'new-id' },
        { change: changes[1]!, outcome: 'applied' },
        {
          change: changes[2]!,
          outcome: 'stale',
          detail: 'gone@acme.test is no longer a user of the account (removed since the plan); not added',
        },
        { change: changes[3]!, outcome: 'applied' },
        { change: changes[4]!, outcome: 'already' },
        ...changes.slice(5).map((change) => ({ change, outcome: 'applied' as const })),
      ],
      interrupted: false,
      calls: {
        ...writeCounts([]),
        group_create: 1,
        group_member_add: 1,
        group_member_remove: 1,
        workspace_group_patch: 1,
        workspace_group_delete: 1,
        project_group_delete: 1,
      },
    };
    expect(renderApplyReport(report, { changes: [] }, 'j.jsonl')).toBe(
      [
        'Apply: 6 applied, 1 already so, 1 stale.',
        '  applied     create Frame.io group Post Team (id new-id)',
        '  applied     add carol@acme.test to Frame.io group Post Team (created by this plan)',
        '  STALE       add gone@acme.test to Frame.io group Colorists — gone@acme.test is no longer a user of the ' +
          'account (removed since the plan); not added',
        '  applied     give Frame.io group Post Team (created by this plan) editor on Marketing',
        '  already so  Frame.io group Okta Editors on Marketing / Spring Campaign: viewer → editor',
        '  applied     remove ben.berg@acme.test from Frame.io group Colorists',
        '  applied     remove Frame.io group Old Crew (viewer) from Marketing',
        '  applied     remove Frame.io group Okta Editors (commenter) from Marketing / Spring Campaign',
        'API writes: 0 account role updates, 0 workspace role updates, 0 removals, 1 group creation, 1 group ' +
          'member batch, 1 group member removal, 1 workspace group role update, 1 workspace group removal, 1 ' +
          'project group removal.',
        'Verified: live state now matches the manifest.',
        '',
      ].join('\n'),
    );
  });
});
