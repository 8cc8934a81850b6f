// Project changes in every rendering: under their workspace, labelled, counted (the goldens
// test/golden/projects.* show whole documents; these check the rules behind them).
import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../src/apply/types.js';
import { sortChanges } from '../../src/plan/order.js';
import { summarize } from '../../src/plan/summary.js';
import { writeCounts } from '../../src/plan/estimate.js';
import type { Change } from '../../src/plan/types.js';
import type { LiveState } from '../../src/live/types.js';
import {
  estimateSentence,
  renderApplyReport,
  renderJson,
  renderMarkdown,
  renderRoleDiff,
  renderText,
} from '../../src/render/index.js';
import {
  ACCOUNT_NAMES,
  ACME,
  accountRole,
  AUTUMN,
  MARKETING,
  planOf,
  projectPlan,
  projectRemoval,
  projectRestricted,
  projectRole,
  SPRING,
  STUDIO,
  userId,
  workspaceRole,
} from './fixtures.js';

describe('project changes', () => {
  it('are in the planner order in the fixture (the goldens show what a plan looks like)', () => {
    expect(sortChanges(projectPlan.changes)).toEqual(projectPlan.changes);
  });

  it('count as adds (a grant from null), removals, and changes (an upgrade, a downgrade, restricted)', () => {
    expect(summarize(projectPlan.changes)).toEqual({ add: 3, change: 4, remove: 1, total: 8 });
    expect(summarize([projectRestricted(SPRING, false, true)])).toEqual({ add: 0, change: 1, remove: 0, total: 1 });
    expect(summarize([projectRemoval(SPRING, 'a@x.test', 'viewer')]).remove).toBe(1);
    expect(summarize([projectRole(SPRING, 'a@x.test', null, 'viewer')]).add).toBe(1);
  });

  it('show under their workspace, after its own changes, with the setting in words first', () => {
    const text = renderText(projectPlan, { color: false, accountNames: ACCOUNT_NAMES });
    const headings = text.split('\n').filter((line) => /^(Account|Workspace|Project) /.test(line));
    expect(headings).toEqual([
      'Project Color / Showreel (7c3e5a1b-2d4f-4e6a-9b8c-0d2f4a6c8e1b)',
      'Workspace Marketing (8897b795-ace2-4f12-b4b4-4a899aefa2d5)',
      // By name regardless of case, as workspaces are (the plan's own order puts Spring first).
      'Project Marketing / autumn teaser (5a1c7e3b-9d2f-4b6a-8e0c-3f5d7b9a1c2e)',
      'Project Marketing / Spring Campaign (18d9023a-6b06-4417-b3f4-bf87865c183f)',
    ]);
    expect(text).toContain(
      'Project Marketing / Spring Campaign (18d9023a-6b06-4417-b3f4-bf87865c183f)\n' +
        '  ~ restricted: false → true\n' +
        '  + client@brand.test      commenter\n',
    );
  });

  it('name their estimate in the project classes', () => {
    const plan = planOf(
      Array.from({ length: 12 }, (_, i) => projectRole(SPRING, `u${i}@x.test`, null, 'viewer') as Change),
    );
    expect(estimateSentence(plan.estimate)).toBe(
      'apply will make 12 project role updates; about 12 s (estimate: 10 project role updates at once, then 10 ' +
        'a minute)',
    );
  });

  it('say whose a project is when the plan spans accounts', () => {
    const studioProject = { workspace_id: 'ws-s', workspace_name: 'Studio', id: 'p-s', name: 'Pilot' };
    const plan = planOf([
      accountRole('bob@acme.test', 'member', 'admin'),
      projectRole(studioProject, 'erin@acme.test', null, 'editor', STUDIO),
    ]);
    const text = renderText(plan, { color: false, accountNames: ACCOUNT_NAMES });
    expect(text).toContain('Project Studio / Pilot (p-s) in Acme Studio (Adobe)\n  + erin@acme.test  editor\n');
    expect(renderMarkdown(plan, { accountNames: ACCOUNT_NAMES })).toContain(
      '#### Project Studio / Pilot (`p-s`) in Acme Studio (Adobe)\n',
    );
  });

  it('fold a long project table in Markdown, as a long workspace table', () => {
    const plan = planOf([
      workspaceRole(MARKETING, 'frank@acme.test', null, 'viewer'),
      ...Array.from({ length: 21 }, (_, i) => projectRole(AUTUMN, `u${i}@x.test`, null, 'viewer')),
    ]);
    const md = renderMarkdown(plan, { accountNames: ACCOUNT_NAMES });
    expect(md).toContain('#### Workspace Marketing');
    expect(md).toContain(
      '<summary>Project <b>Marketing / autumn teaser</b> (<code>5a1c7e3b-9d2f-4b6a-8e0c-3f5d7b9a1c2e</code>): ' +
        '21 to add</summary>',
    );
  });

  it('write a restriction in JSON with its project and no user', () => {
    const document = JSON.parse(renderJson(planOf([projectRestricted(SPRING, false, true)]))) as {
      changes: Record<string, unknown>[];
    };
    expect(Object.keys(document.changes[0]!)).toEqual([
      'action',
      'account_id',
      'workspace_id',
      'workspace_name',
      'project_id',
      'project_name',
      'from',
      'to',
    ]);
  });

  it('tell two projects of the same name in one workspace apart by id in the role diff', () => {
    const twin = { ...SPRING, id: '99999999-2222-4333-8444-555555555555' };
    const text = renderRoleDiff(
      planOf([projectRole(SPRING, 'a@x.test', null, 'viewer'), projectRole(twin, 'a@x.test', null, 'viewer')]),
      undefined,
      { accountNames: ACCOUNT_NAMES },
    );
    expect(text).toContain(`+++ b/Acme Post/workspaces/Marketing/projects/Spring Campaign (${SPRING.id})\n`);
    expect(text).toContain(`+++ b/Acme Post/workspaces/Marketing/projects/Spring Campaign (${twin.id})\n`);
  });

  it('show in the role diff the direct grants only, the same whether the listing shows inherited access or not', () => {
    const user = (email: string) => ({ id: userId(email), email, name: null, active: true });
    const members = { 'ana@acme.test': 'full_access', 'bob@acme.test': 'viewer' } as const;
    // Direct grants: ana below her workspace role (no effect), a freelancer above nothing.
    const direct = [
      { user: user('ana@acme.test'), role: 'editor' as const },
      { user: user('free@acme.test'), role: 'commenter' as const },
    ];
    // The same project as a listing with inherited access shows it: each member at the higher role, admins.
    const inherited = [
      { user: user('admin@acme.test'), role: 'admin' as const },
      { user: user('ana@acme.test'), role: 'full_access' as const },
      { user: user('bob@acme.test'), role: 'viewer' as const },
      { user: user('free@acme.test'), role: 'commenter' as const },
    ];
    const live = (projectMembers: typeof direct | typeof inherited): LiveState => ({
      self: { id: userId('admin@acme.test'), email: 'admin@acme.test', name: null },
      accounts: [
        {
          id: ACME,
          displayName: 'Acme Post',
          users: [
            { user: user('admin@acme.test'), role: 'admin' },
            ...Object.keys(members).map((email) => ({ user: user(email), role: 'member' as const })),
            { user: user('free@acme.test'), role: 'member' },
          ],
          workspaces: [
            {
              ...MARKETING,
              members: [
                { user: user('admin@acme.test'), role: 'admin' },
                ...Object.entries(members).map(([email, role]) => ({ user: user(email), role })),
              ],
              projects: [{ id: SPRING.id, name: SPRING.name, restricted: false, members: projectMembers }],
            },
          ],
        },
      ],
    });
    const plan = planOf([projectRole(SPRING, 'bob@acme.test', null, 'editor')]);
    const text = renderRoleDiff(plan, live(direct), { accountNames: ACCOUNT_NAMES });
    expect(renderRoleDiff(plan, live(inherited), { accountNames: ACCOUNT_NAMES })).toBe(text);
    expect(text).toContain(' restricted: false\n+bob@acme.test: editor\n free@acme.test: commenter\n');
    expect(text).not.toContain('ana@acme.test');
    expect(text).not.toContain('admin@acme.test');
  });

  it('read in the apply report by project, and count their writes', () => {
    const changes: Change[] = [
      projectRole(SPRING, 'client@brand.test', null, 'commenter'),
      projectRole(SPRING, 'ana.berg@acme.test', 'editor', 'full_access'),
      projectRestricted(SPRING, false, true),
      projectRemoval(AUTUMN, 'old.agency@other.test', 'editor'),
    ];
    const report: ApplyReport = {
      results: [
        { change: changes[0]!, outcome: 'applied' },
        { change: changes[1]!, outcome: 'already' },
        { change: changes[2]!, outcome: 'applied' },
        {
          change: changes[3]!,
          outcome: 'stale',
          detail: 'the project Marketing / autumn teaser no longer exists (deleted since the plan); not written',
        },
      ],
      interrupted: false,
      calls: { ...writeCounts([]), project_role_patch: 1, project_update: 1 },
    };
    expect(renderApplyReport(report, { changes: [] }, 'j.jsonl')).toBe(
      [
        'Apply: 2 applied, 1 already so, 1 stale.',
        '  applied     add client@brand.test to Marketing / Spring Campaign as commenter',
        '  already so  ana.berg@acme.test in Marketing / Spring Campaign: editor → full_access',
        '  applied     restricted of Marketing / Spring Campaign: false → true',
        '  STALE       remove old.agency@other.test (editor) from Marketing / autumn teaser — the project ' +
          'Marketing / autumn teaser no longer exists (deleted since the plan); not written',
        'API writes: 0 account role updates, 0 workspace role updates, 0 removals, 1 project role update, ' +
          '1 project setting update.',
        'Verified: live state now matches the manifest.',
        '',
      ].join('\n'),
    );
  });
});
