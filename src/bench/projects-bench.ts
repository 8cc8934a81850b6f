// The projects benchmark: rolesync's plan of a manifest with projects, its list calls against the
// minimum, and `apply --plan` of project grants and removals against the burst-aware floor, on the
// emulator with the documented limits on a time scale (as the API benchmark), over real HTTP.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RATE_WINDOW_MS, type Operation } from '../api/index.js';
import { DEFAULT_LIMITS, type RequestLogEntry } from '../emulator/index.js';
import { timedApply, timedPlan, type ApplyFigures, type ApplyMarks, type PlanFigures } from './api.js';
import { minimumPlanCalls, projectListing } from './minimum.js';
import { buildProjectScenario, type ExpectedProjectChanges, type ProjectScenarioOptions } from './project-scenario.js';
import { benchEmulator } from './emulator.js';

export interface ProjectsBenchOptions {
  scenario: ProjectScenarioOptions;
  /** 40 = an emulated minute passes in 1.5 real seconds. */
  timeScale: number;
  /** Also run plan and apply once more at this (slower) time scale, to tell fixed costs from pace. */
  slowScale?: number;
  progress?: (line: string) => void;
}

/**
 * Where the apply's time went, for its slowest write operation (the floor's bottleneck): real ms,
 * from the emulator's answer times. The parts from `startMs` to `verifyMs` add up to the whole command.
 */
export interface Pacing {
  operation: Operation;
  calls: number;
  limit: number;
  /** windowMs / limit: the pause between calls once the burst is spent. */
  intervalMs: number;
  /** Manifest load, saved plan, /v4/me and the account's users (the token check), before any check. */
  startMs: number;
  /** From the checks' start to this operation's first answer: its first change's precondition reads, then the call. */
  firstMs: number;
  /** From this operation's first answer to its last: where the floor's pacing happens. */
  spanMs: number;
  /** Mean time between answers after the burst (from answer `limit + 1` on). */
  pacedGapMs: number;
  /** From this operation's last answer to the last write's result (another lane finishing later). */
  tailMs: number;
  /** The verifying plan. */
  verifyMs: number;
}

/** One plan and one `apply --plan` of the scenario on a fresh emulator. */
export interface ProjectsRun {
  timeScale: number;
  /** Real ms of one rate-limit window. */
  windowMs: number;
  plan: PlanFigures;
  /** The writes' rate-limit time as the plan estimates it (`src/plan/estimate.ts`), real ms at this scale. */
  estimateMs: number;
  applied: ApplyFigures;
  /** Absent when every write fits in its bucket (no pacing to measure). */
  pacing?: Pacing;
}

export interface ProjectsBenchResult {
  scenario: ProjectScenarioOptions;
  expected: ExpectedProjectChanges;
  limits: Readonly<Record<string, number>>;
  sizes: {
    accountUsers: number;
    workspaces: number;
    memberships: number;
    projectsInSeed: number;
    listedProjects: number;
    /** Rows of the listed projects' user listings. */
    listedProjectRows: number;
  };
  run: ProjectsRun;
  slow?: ProjectsRun;
}

function pacingOf(
  applied: ApplyFigures,
  marks: ApplyMarks,
  log: readonly RequestLogEntry[],
  answeredAt: readonly number[],
  windowMs: number,
): Pacing | undefined {
  const op = applied.writes.floor.bottleneck;
  if (op === null || applied.writes.floor.trueMs <= 0) return undefined;
  const at: number[] = [];
  for (let i = marks.planRead.log; i < marks.lastWrite.log; i++) {
    const entry = log[i]!;
    if (entry.operation === op && entry.status !== 429) at.push(answeredAt[i]!);
  }
  const limit = DEFAULT_LIMITS[op];
  const first = at[0]!;
  const last = at[at.length - 1]!;
  // The floor is positive, so there are more calls than the burst; with one paced call there is no gap.
  const paced = at.length - limit - 1;
  return {
    operation: op,
    calls: at.length,
    limit,
    intervalMs: windowMs / limit,
    startMs: marks.planRead.at - marks.start.at,
    firstMs: first - marks.planRead.at,
    spanMs: last - first,
    pacedGapMs: paced > 0 ? (last - at[limit]!) / paced : Number.NaN,
    tailMs: marks.lastWrite.at - last,
    verifyMs: marks.end.at - marks.lastWrite.at,
  };
}

export async function runProjectsBench(options: ProjectsBenchOptions): Promise<ProjectsBenchResult> {
  const say = options.progress ?? (() => undefined);
  const scenario = buildProjectScenario(options.scenario);
  const account = scenario.state.accounts[0]!;
  const workspaces = account.workspaces ?? [];
  const listedWorkspaces = workspaces.filter((w) => (scenario.listed.get(w.name)?.size ?? 0) > 0);
  const listedRows = listedWorkspaces.flatMap((w) =>
    (w.projects ?? [])
      .filter((p) => scenario.listed.get(w.name)!.has(p.id))
      .map((p) => projectListing(scenario.state, account, w, p).size),
  );
  const sizes: ProjectsBenchResult['sizes'] = {
    accountUsers: Object.keys(account.users ?? {}).length,
    workspaces: workspaces.length,
    memberships: workspaces.reduce((n, w) => n + Object.keys(w.users ?? {}).length, 0),
    projectsInSeed: workspaces.reduce((n, w) => n + (w.projects ?? []).length, 0),
    listedProjects: listedRows.length,
    listedProjectRows: listedRows.reduce((n, rows) => n + rows, 0),
  };
  const expected = scenario.projectChanges;
  const minimum = (state: typeof scenario.state) =>
    minimumPlanCalls(state, scenario.account.id, { namesAccount: true, projects: scenario.listed });

  const dir = await mkdtemp(join(tmpdir(), 'rolesync-bench-projects-'));
  try {
    const manifestDir = join(dir, 'manifest');
    await mkdir(manifestDir);
    for (const s of scenario.sources) await writeFile(join(manifestDir, s.rel), s.content);

    const once = async (timeScale: number): Promise<ProjectsRun> => {
      const runDir = join(dir, `scale-${timeScale}`);
      await mkdir(runDir);
      const emu = await benchEmulator(scenario.state, timeScale);
      // The answer time of every request, by its place in the log (the listener runs as it is logged).
      const answeredAt: number[] = [];
      emu.onRequest(() => answeredAt.push(performance.now()));
      try {
        say(`projects: rolesync plan at time scale ${timeScale} (${sizes.listedProjects} listed projects)`);
        const { run, plan } = await timedPlan(emu, manifestDir, expected, minimum(scenario.state));
        say(`projects: rolesync apply (${run.plan.changes.length} changes)`);
        const { end: _end, marks, ...applied } = await timedApply(emu, runDir, manifestDir, run, minimum);
        const estimateMs = (run.plan.estimate.min_seconds * 1000) / timeScale;
        const windowMs = RATE_WINDOW_MS / timeScale;
        const pacing = pacingOf(applied, marks, emu.log, answeredAt, windowMs);
        return { timeScale, windowMs, plan, estimateMs, applied, ...(pacing ? { pacing } : {}) };
      } finally {
        await emu.close();
      }
    };

    const run = await once(options.timeScale);
    const slow = options.slowScale !== undefined ? await once(options.slowScale) : undefined;
    return {
      scenario: options.scenario,
      expected,
      limits: DEFAULT_LIMITS,
      sizes,
      run,
      ...(slow ? { slow } : {}),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
