// Smoke test of the benchmark at tiny sizes: the scenario has exactly the changes it claims, the
// floor and minimum arithmetic, and one short run of both sides against the emulator. No timings.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildScenario,
  checkReaderPremise,
  countWork,
  describeMachine,
  exponent,
  floorOf,
  growthOf,
  growthPairs,
  liveFromSeed,
  median,
  medianOfProcesses,
  minimumPlanCalls,
  planInStages,
  readerManifest,
  renderReport,
  runApiBench,
  scaleSection,
  sequentialFloor,
  startupSummary,
  STAGES,
  tally,
  type ScaleFigures,
  type StageTimes,
} from '../../src/bench/index.js';
import { canonicalJson } from '../../src/plan/index.js';
import { loadManifestSources } from '../../src/manifest/index.js';
import { buildPlan } from '../../src/plan/index.js';
import type { RequestLogEntry } from '../../src/emulator/index.js';

const TINY = { users: 40, workspaces: 3, membersPerWorkspace: 12, accountPatches: 2, workspacePatches: 5, deletes: 3 };

describe('bench scenario', () => {
  it('differs from its seed in exactly the changes it announces', () => {
    const scenario = buildScenario(TINY);
    expect(scenario.expected).toEqual({ account_role_patch: 2, workspace_role_patch: 5, workspace_user_delete: 3 });
    const plan = buildPlan(loadManifestSources(scenario.sources), liveFromSeed(scenario.state));
    const count = (action: string) => plan.changes.filter((c) => c.action === action).length;
    expect([count('set_account_role'), count('set_workspace_role'), count('remove_workspace_user')]).toEqual([2, 5, 3]);
    expect(plan.changes.filter((c) => c.action === 'set_workspace_role' && c.from === null)).toHaveLength(1);
    expect(plan.policy.ok).toBe(true);
  });

  it('times the plan in stages that add up to exactly what buildPlan returns', () => {
    const scenario = buildScenario(TINY);
    const manifest = loadManifestSources(scenario.sources);
    const live = liveFromSeed(scenario.state);
    const seen: string[] = [];
    const staged = planInStages(manifest, live, (stage, run) => {
      seen.push(stage);
      return run();
    });
    expect(seen).toEqual(['resolve', 'diff', 'policy']);
    expect(canonicalJson(staged)).toBe(canonicalJson(buildPlan(manifest, live)));
  });

  it('refuses more removals than max_removals allows', () => {
    expect(() => buildScenario({ ...TINY, deletes: 30 })).toThrow(/max_removals/);
  });
});

describe('bench arithmetic', () => {
  it('counts the minimum list calls of a plan, one page at least per listing', () => {
    const scenario = buildScenario({ ...TINY, users: 250, membersPerWorkspace: 101 });
    const min = minimumPlanCalls(scenario.state, scenario.account.id, { namesAccount: true });
    // 252 account users -> 3 pages; each workspace lost the promoted users, some keep 101 members.
    expect(min['users.show']).toBe(1);
    expect(min['accounts.index']).toBe(1);
    expect(min['account_user_roles.index']).toBe(3);
    const members = scenario.state.accounts[0]!.workspaces!.map((w) => Object.keys(w.users ?? {}).length);
    expect(min['workspace_user_roles.index']).toBe(members.reduce((n, m) => n + Math.max(1, Math.ceil(m / 100)), 0));
  });

  it('takes the slowest bucket as the floor, with and without the burst', () => {
    const floor = floorOf(
      { 'workspace_user_roles.update': 30, 'workspace_user_roles.delete': 120, 'users.show': 1 },
      1000,
    );
    expect(floor.bottleneck).toBe('workspace_user_roles.update');
    expect(floor.simpleMs).toBe(3000);
    expect(floor.trueMs).toBe(2000);
    const both = sequentialFloor(floor, floorOf({ 'workspace_user_roles.index': 250 }, 1000));
    expect(both.trueMs).toBe(3500);
  });

  it('tallies charged calls apart from 429s', () => {
    const entry = (status: number, method = 'GET'): RequestLogEntry => ({
      seq: 0,
      method,
      path: '/',
      query: {},
      status,
      userEmail: null,
      body: undefined,
      operation: method === 'GET' ? 'users.show' : 'workspace_user_roles.delete',
      apiVersion: null,
    });
    const t = tally([entry(200), entry(429), entry(404, 'DELETE'), entry(500)]);
    expect(t.calls['users.show']).toBe(3);
    expect(t.charged['users.show']).toBe(2);
    expect(t.total429).toBe(1);
    expect(t.errors).toBe(1);
  });
});

/**
 * Figures where every stage takes `10 * factor ** power(stage)` ms and counts `100 * factor ** work(stage)`
 * hash operations and as many comparisons.
 */
function figures(factor: number, power: (stage: string) => number, work = (_stage: string) => 1): ScaleFigures {
  const times = Object.fromEntries(STAGES.map((s) => [s, 10 * factor ** power(s)])) as StageTimes;
  const counts = Object.fromEntries(
    STAGES.map((s) => [s, { hashOps: 100 * factor ** work(s), comparisons: 100 * factor ** work(s) }]),
  ) as ScaleFigures['work'];
  return {
    factor,
    users: 2_000 * factor,
    workspaces: 50 * factor,
    memberships: 5_000 * factor,
    changes: 250 * factor,
    manifestBytes: 1e5 * factor,
    manifestLines: 7_000 * factor,
    files: 2,
    cold: { wall: times, cpu: times },
    warm: { wall: times, cpu: times },
    warmPasses: 5,
    reference: { wall: factor, cpu: factor, lookups: 1_000 * factor },
    work: counts,
    heapSetupMiB: 10 * factor,
    heapPeakMiB: 30 * factor,
    maxRssMiB: 100 + 10 * factor,
    processes: 1,
  };
}

describe('bench report arithmetic', () => {
  it('takes exponents between the sizes, widest span to the largest first', () => {
    expect(growthPairs([1, 5, 10, 20, 50])).toEqual([
      [10, 50],
      [20, 50],
      [1, 10],
    ]);
    expect(growthPairs([1, 2])).toEqual([[1, 2]]);
    expect(exponent(10, 250, 10, 50)).toBeCloseTo(2);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('flags a stage that grows faster than linear and passes the linear ones', () => {
    const power = (stage: string) => (stage === 'json' ? 2 : 1);
    const sizes = [1, 10, 50].map((f) => figures(f, power));
    const json = growthOf(sizes, [[10, 50]]).find((g) => g.stage === 'json')!;
    expect(json.wall[0]).toBeCloseTo(2);
    const section = scaleSection(sizes);
    expect(section).toContain('Above 1.1 from 10×→50× (wall clock): render JSON (2.00, CPU 2.00).');
    expect(section).toMatch(/\| resolve \| 1\.00 \| 1\.00 \| 1\.00 \| 1\.00 \| yes \|/);
    const linear = scaleSection([1, 10, 50].map((f) => figures(f, () => 1)));
    expect(linear).toContain('Every stage is within 1.1 from 10×→50×');
  });

  it('counts the work of a stage apart from its time, and flags work that grows faster than linear', () => {
    // Time grows quadratically in resolve everywhere; its counted work only in the second case.
    const time = (stage: string) => (stage === 'resolve' ? 2 : 1);
    const linearWork = scaleSection([1, 10, 50].map((f) => figures(f, time)));
    expect(linearWork).toContain('Above 1.1 from 10×→50× (wall clock): resolve (2.00, CPU 2.00).');
    expect(linearWork).toContain('Counted work grows with an exponent of at most 1.00 from 10×→50× in every stage');
    // 10 ms × 10² for 100 × 10 + 100 × 10 operations at 10×: 500 µs each; × 50² ms for 10,000 at 50×.
    expect(linearWork).toMatch(/\| resolve \| 1,000 \| 5,000 \| 1,000 \| 5,000 \| 1\.00 \| 500000 ns \| 2500000 ns \|/);
    const quadratic = scaleSection([1, 10, 50].map((f) => figures(f, time, time)));
    expect(quadratic).toContain('Counted work above 1.1 from 10×→50×: resolve (2.00).');
  });

  it('counts Map, Set and sort-comparator calls, and puts the built-ins back even when the run throws', async () => {
    const builtins = [Map.prototype.get, Map.prototype.set, Set.prototype.add, Array.prototype.sort];
    let called = 0;
    const counts = await countWork(() => {
      const m = new Map([['a', 1]]); // one set through the constructor
      m.get('a');
      m.has('b');
      const s = new Set<number>();
      s.add(1);
      s.has(1);
      [3, 1, 2, 5, 4].sort((x, y) => {
        called += 1;
        return x - y;
      });
      ['b', 'a'].sort(); // no comparator: not counted
    });
    expect(counts.hashOps).toBe(5);
    expect(called).toBeGreaterThan(0);
    expect(counts.comparisons).toBe(called);
    await expect(
      countWork(() => {
        throw new Error('stage failed');
      }),
    ).rejects.toThrow('stage failed');
    expect([Map.prototype.get, Map.prototype.set, Set.prototype.add, Array.prototype.sort]).toEqual(builtins);
    expect(await countWork(() => new Map().get('x'))).toEqual({ hashOps: 1, comparisons: 0 });
  });

  it("takes each size's figures as the median of its processes, stage by stage", () => {
    // Three processes of one size: the second slow in JSON, the third slow in resolve.
    const slow = (f: ScaleFigures, stage: 'json' | 'resolve', ms: number): ScaleFigures => ({
      ...f,
      warm: { wall: { ...f.warm.wall, [stage]: ms }, cpu: f.warm.cpu },
      maxRssMiB: f.maxRssMiB + ms,
    });
    const base = figures(50, () => 1);
    const combined = medianOfProcesses([base, slow(base, 'json', 9_000), slow(base, 'resolve', 7_000)]);
    expect(combined.warm.wall).toEqual(base.warm.wall);
    expect(combined.maxRssMiB).toBe(base.maxRssMiB + 7_000);
    expect(combined.processes).toBe(3);
    expect(() => medianOfProcesses([base, figures(10, () => 1)])).toThrow(/different scenarios/);
    const sizes = [1, 10, 50].map((f) => {
      const one = figures(f, () => 1);
      return medianOfProcesses([one, one, one]);
    });
    const section = scaleSection(sizes);
    expect(section).toContain('Each size runs in 3 child processes');
    expect(section).toContain("median over 3 processes of each one's fastest of 5 warm passes");
  });

  it('compares each start-up command with bare node', () => {
    const commands = [
      { label: 'node -e 0', ms: [40, 50, 60] },
      { label: 'rolesync --help', ms: [100, 110, 500] },
    ];
    const rows = startupSummary({ runs: 3, commands });
    expect(rows[1]).toMatchObject({ median: 110, min: 100, ratio: 2.2, overNode: 60 });
  });
});

describe('block-YAML reader comparison', () => {
  it('gives the fast reader one file and the general parser the other, with the same manifest', () => {
    const fast = readerManifest(1_000, 'fast');
    const general = readerManifest(1_000, 'general');
    checkReaderPremise(fast, 'fast');
    checkReaderPremise(general, 'general');
    expect(() => checkReaderPremise(fast, 'general')).toThrow(/was read by the fast reader/);
    expect(fast.split('\n').length).toBeGreaterThan(900);
    const load = (content: string) => loadManifestSources([{ path: 'm.yaml', rel: 'm.yaml', content }]).accounts;
    expect(load(general)).toEqual(load(fast));
  });
});

describe('bench run', () => {
  it('runs rolesync and the naive script to the same end state', async () => {
    const result = await runApiBench({ scenario: TINY, timeScale: 600 });
    expect(result.rolesync.plan.changes).toBe(10);
    expect(result.rolesync.plan.tally.calls).toEqual(result.rolesync.plan.minimum);
    expect(result.rolesync.plan.tally.total429 + result.rolesync.apply.tally.total429).toBe(0);
    expect(result.rolesync.apply.outcomes).toEqual({ applied: 10 });
    expect(result.rolesync.apply.verifyChanges).toBe(0);
    expect(result.rolesync.writes.tally.calls['workspace_user_roles.update']).toBe(5);
    expect(result.rolesync.writes.tally.calls['workspace_user_roles.delete']).toBe(3);
    expect(result.naive.sync.made).toEqual({ accountPatches: 2, workspacePatches: 5, deletes: 3 });
    expect(result.naive.dryRun.tally.calls['account_user_roles.index']).toBe(1);
    expect(result.sameEndState).toBe(true);
    const markdown = renderReport({ machine: describeMachine(), api: result, totalMs: 1 });
    expect(markdown).toContain('## 1. API: plan and apply against the emulator');
    expect(markdown).toContain('Plan list calls equal the minimum for every endpoint: yes');
  });
});

describe('bench packaging', () => {
  it('keeps the bench and its scenario generator out of the npm package', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    // The CLI is in the package (dist/ is built before the tests), the bench is not.
    expect(files).toContain('dist/cmd/rolesync.js');
    expect(files.filter((f) => f.startsWith('dist/src/bench/') || f.startsWith('dist/cmd/bench.'))).toEqual([]);
  }, 60_000);
});
