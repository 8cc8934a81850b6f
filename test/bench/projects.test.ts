// The projects section of the benchmark at a tiny size: the scenario has exactly the changes it
// claims, the minimum counts follow the live read's and the checks' rules, and one short run's
// counts agree with them. No timings.
import { describe, expect, it } from 'vitest';
import {
  buildProjectScenario,
  describeMachine,
  liveFromSeed,
  minimumPlanCalls,
  minimumScopeReads,
  projectListing,
  renderReport,
  runProjectsBench,
  type ProjectScenarioOptions,
} from '../../src/bench/index.js';
import { generateState, type EmulatorStateInput } from '../../src/emulator/index.js';
import { loadManifestSources } from '../../src/manifest/index.js';
import { buildPlan } from '../../src/plan/index.js';
import type { Change } from '../../src/plan/types.js';

/** 12 grants: two more than the PATCH's burst, so the run has pacing to measure. */
const TINY: ProjectScenarioOptions = {
  users: 40,
  workspaces: 3,
  membersPerWorkspace: 8,
  projectsPerWorkspace: 3,
  grantsPerProject: 8,
  listingWorkspaces: 2,
  listedPerWorkspace: 2,
  grants: 12,
  removals: 4,
};

const ACCOUNT = '00000000-0000-4000-8000-000000000001';
const WS = '00000000-0000-4000-8000-000000000002';
const OPEN = '00000000-0000-4000-8000-000000000003';
const CLOSED = '00000000-0000-4000-8000-000000000004';

/** An owner, an admin and three members; a workspace of two with an open and a restricted project. */
function handState(listing: 'direct' | 'inherited' = 'direct'): EmulatorStateInput {
  const user = (n: number, email: string) => ({
    id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
    email,
    name: email,
    active: true,
  });
  return {
    project_listing: listing,
    tokens: {},
    users: [
      user(1, 'owner@x.test'),
      user(2, 'admin@x.test'),
      user(3, 'a@x.test'),
      user(4, 'b@x.test'),
      user(5, 'c@x.test'),
    ],
    accounts: [
      {
        id: ACCOUNT,
        display_name: 'X',
        users: {
          'owner@x.test': 'owner',
          'admin@x.test': 'admin',
          'a@x.test': 'member',
          'b@x.test': 'member',
          'c@x.test': 'member',
        },
        workspaces: [
          {
            id: WS,
            name: 'W',
            users: { 'a@x.test': 'editor', 'b@x.test': 'viewer' },
            projects: [
              { id: OPEN, name: 'Open', users: { 'b@x.test': 'full_access', 'c@x.test': 'viewer' } },
              { id: CLOSED, name: 'Closed', restricted: true, users: { 'c@x.test': 'editor' } },
            ],
          },
        ],
      },
    ],
  };
}

const at = { account_id: ACCOUNT, workspace_id: WS, workspace_name: 'W' };
const grant = (project: string, email: string, id: string): Change => ({
  ...at,
  project_id: project,
  project_name: project === OPEN ? 'Open' : 'Closed',
  action: 'set_project_role',
  user_id: id,
  email,
  from: null,
  to: 'editor',
});
const removal = (project: string, email: string, id: string): Change => ({
  ...at,
  project_id: project,
  project_name: project === OPEN ? 'Open' : 'Closed',
  action: 'remove_project_user',
  user_id: id,
  email,
  from: 'viewer',
  to: null,
});

describe('bench projects scenario', () => {
  it('differs from its seed in exactly the project grants and removals it announces', () => {
    const scenario = buildProjectScenario(TINY);
    expect(scenario.projectChanges).toEqual({ set_project_role: 12, remove_project_user: 4 });
    expect([...scenario.listed.keys()]).toEqual(['Workspace 001', 'Workspace 002']);
    const plan = buildPlan(loadManifestSources(scenario.sources), liveFromSeed(scenario.state, scenario.listed));
    const of = (action: string) => plan.changes.filter((c) => c.action === action);
    expect(plan.changes).toHaveLength(16);
    expect([of('set_project_role').length, of('remove_project_user').length]).toEqual([12, 4]);
    // Grants go to users with no access yet; no removed user is granted anywhere.
    expect(of('set_project_role').every((c) => c.action === 'set_project_role' && c.from === null)).toBe(true);
    const removed = new Set(
      of('remove_project_user').map((c) => (c.action === 'remove_project_user' ? c.user_id : '')),
    );
    expect(of('set_project_role').filter((c) => c.action === 'set_project_role' && removed.has(c.user_id))).toEqual([]);
    expect(plan.policy.ok).toBe(true);
  });

  it('refuses more removals than max_removals allows', () => {
    expect(() => buildProjectScenario({ ...TINY, removals: 40 })).toThrow(/max_removals/);
  });
});

describe('bench projects arithmetic', () => {
  it("counts a plan's project listings only for workspaces that list projects, and pages of each listed one", () => {
    const state = generateState({
      users: 250,
      workspaces: 2,
      membersPerWorkspace: 10,
      projectsPerWorkspace: 101,
      grantsPerProject: 101,
    });
    const account = state.accounts[0]!;
    const [first] = account.workspaces!;
    const projects = first!.projects!;
    const listed = new Map([[first!.name, new Set([projects[0]!.id, projects[5]!.id])]]);
    const min = minimumPlanCalls(state, account.id, { namesAccount: false, projects: listed });
    // 101 projects: two pages of the listing; 101 direct grants: two pages of each listed project's users.
    expect(min['projects.index']).toBe(2);
    expect(min['project_user_roles.index']).toBe(4);
    const none = minimumPlanCalls(state, account.id, { namesAccount: false });
    expect([none['projects.index'], none['project_user_roles.index']]).toEqual([undefined, undefined]);
  });

  it('lists inherited access as the emulator does under project_listing: inherited', () => {
    const rows = (listing: 'direct' | 'inherited', project: number) => {
      const state = handState(listing);
      const account = state.accounts[0]!;
      const ws = account.workspaces![0]!;
      return Object.fromEntries(projectListing(state, account, ws, ws.projects![project]!));
    };
    expect(rows('direct', 0)).toEqual({ 'b@x.test': 'full_access', 'c@x.test': 'viewer' });
    expect(rows('inherited', 0)).toEqual({
      'owner@x.test': 'owner',
      'admin@x.test': 'admin',
      'a@x.test': 'editor',
      'b@x.test': 'full_access',
      'c@x.test': 'viewer',
    });
    // Restricted: nothing from the workspace.
    expect(rows('inherited', 1)).toEqual({ 'owner@x.test': 'owner', 'admin@x.test': 'admin', 'c@x.test': 'editor' });
  });

  it("counts each scope a project change's check needs once, the workspace only where a row must be judged", () => {
    const state = handState();
    const a = grant(OPEN, 'a@x.test', 'id-a');
    const c = removal(OPEN, 'c@x.test', 'id-c');
    const cClosed = removal(CLOSED, 'c@x.test', 'id-c');
    // a has no row in Open: nothing to judge against the workspace.
    expect(minimumScopeReads([a], state)).toEqual({ 'projects.show': 1, 'project_user_roles.index': 1 });
    // c's row in Open is judged against the workspace (once, however many changes there).
    expect(minimumScopeReads([a, c, c], state)).toEqual({
      'projects.show': 1,
      'project_user_roles.index': 1,
      'workspace_user_roles.index': 1,
    });
    // A restricted project (live, or by this plan) inherits nothing: no workspace read.
    expect(minimumScopeReads([cClosed], state)).toEqual({ 'projects.show': 1, 'project_user_roles.index': 1 });
    const restrict: Change = {
      ...at,
      project_id: OPEN,
      project_name: 'Open',
      action: 'set_project_restricted',
      from: false,
      to: true,
    };
    expect(minimumScopeReads([c, restrict], state)).toEqual({ 'projects.show': 1, 'project_user_roles.index': 1 });
  });
});

describe('bench projects run', () => {
  it('plans and applies at the minimum calls, every change applied, and renders its section', async () => {
    const result = await runProjectsBench({ scenario: TINY, timeScale: 600, slowScale: 300 });
    expect(result.sizes.listedProjects).toBe(4);
    for (const run of [result.run, result.slow!]) {
      const { plan, applied } = run;
      expect(plan.changes).toBe(16);
      // Reads within their bursts: no 429 can happen, so every call counts.
      expect(plan.tally.calls).toEqual(plan.minimum);
      expect(plan.tally.calls['projects.index']).toBe(2);
      expect(plan.tally.calls['project_user_roles.index']).toBe(4);
      expect(applied.verify.tally.calls).toEqual(applied.verify.minimum);
      // The writes are paced: compare what the emulator charged, whatever 429s a busy machine caused.
      expect(applied.writes.tally.charged).toEqual({ ...applied.writes.minimumReads, ...applied.writes.minimum });
      expect(applied.writes.tally.charged['project_user_roles.update']).toBe(12);
      expect(applied.writes.tally.charged['project_permissions.delete']).toBe(4);
      expect(applied.apply.clientStats.rateLimited).toBe(applied.apply.tally.total429);
      expect(applied.apply.outcomes).toEqual({ applied: 16 });
      expect(applied.apply.verifyChanges).toBe(0);
      expect(run.pacing).toMatchObject({ operation: 'project_user_roles.update', calls: 12, limit: 10 });
    }
    const markdown = renderReport({ machine: describeMachine(), projects: result, totalMs: 1 });
    expect(markdown).toContain('## 6. Projects: plan and apply against the emulator');
    expect(markdown).toContain('Plan list calls equal the minimum for every endpoint: yes');
    expect(markdown).toContain('The verifying plan too: yes.');
  }, 60_000);
});
