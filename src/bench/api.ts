// The API benchmark: rolesync's plan and apply against the emulator on 127.0.0.1 with the documented
// limits on a time scale, then the naive script on a fresh emulator with the same seed. Every
// phase starts with full rate-limit buckets (a pause between commands), so floors are comparable.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FrameioClient, type ClientStats } from '../client/index.js';
import { RATE_WINDOW_MS } from '../api/index.js';
import { BENCH_ADMIN_TOKEN, DEFAULT_LIMITS, type Emulator, type EmulatorStateInput } from '../emulator/index.js';
import { renderJson } from '../render/index.js';
import { toSavedPlan, writeSavedPlan } from '../apply/saved.js';
import { loadManifest } from '../manifest/index.js';
import { fetchLive } from '../live/fetch.js';
import { buildPlan } from '../plan/index.js';
import { runApply } from '../usecase/apply.js';
import type { Outcome } from '../apply/types.js';
import { tally, type Counts, type Tally } from './calls.js';
import { floorOf, sequentialFloor, type Floor } from './floor.js';
import { minimumPlanCalls, minimumScopeReads, minimumWrites } from './minimum.js';
import { naiveSync, type NaiveResult } from './naive.js';
import { buildScenario, type ExpectedChanges, type ScenarioOptions } from './scenario.js';
import { benchEmulator } from './emulator.js';
import type { PlanRun } from '../usecase/plan.js';
import type { Change } from '../plan/types.js';

export interface ApiBenchOptions {
  scenario: ScenarioOptions;
  /** 40 = an emulated minute passes in 1.5 real seconds. */
  timeScale: number;
  /** The naive script's sleep after a 429 at time scale 1. Default 5 000 ms. */
  naiveSleepMs?: number;
  progress?: (line: string) => void;
  /** Also run the plan alone at this (slower) time scale. */
  slowPlanScale?: number;
}

export interface PhaseFigures {
  wallMs: number;
  tally: Tally;
  floor: Floor;
  /** The fewest calls this phase could have made, per operation (absent where it has no meaning). */
  minimum?: Counts;
}

/** `plan`: load the manifest, read live state, build the plan (each timed). */
export type PlanFigures = PhaseFigures & {
  changes: number;
  clientStats: ClientStats;
  loadMs: number;
  readMs: number;
  buildMs: number;
};

export interface ApiBenchResult {
  timeScale: number;
  /** Real ms of one rate-limit window. */
  windowMs: number;
  limits: Readonly<Record<string, number>>;
  scenario: ScenarioOptions;
  expected: ExpectedChanges;
  /** Managed workspaces' members and account users at the start. */
  sizes: { accountUsers: number; workspaces: number; memberships: number };
  rolesync: ApplyFigures & { plan: PlanFigures };
  naive: {
    dryRun: PhaseFigures & { found: NaiveResult };
    sync: PhaseFigures & { made: NaiveResult };
    sleepMs: number;
  };
  /** The rolesync plan once more on a slower time scale (closer to the real API). */
  slowPlan?: PlanFigures & { timeScale: number; windowMs: number };
  /** rolesync's and the naive script's end states are the same roles. */
  sameEndState: boolean;
}

/** A moment of a run: real time, and how long the emulator's request log was then. */
export interface Mark {
  at: number;
  log: number;
}

const mark = (emu: Emulator): Mark => ({ at: performance.now(), log: emu.log.length });

function figures(emu: Emulator, from: Mark, to: Mark, minimum?: Counts): PhaseFigures {
  const t = tally(emu.log.slice(from.log, to.log));
  const out: PhaseFigures = { wallMs: to.at - from.at, tally: t, floor: floorOf(t.charged, emu.windowMs) };
  if (minimum) out.minimum = minimum;
  return out;
}

function roles(state: EmulatorStateInput): string {
  return JSON.stringify(
    state.accounts.map((a) => ({ users: a.users, workspaces: (a.workspaces ?? []).map((w) => [w.id, w.users]) })),
  );
}

function countOutcomes(outcomes: Outcome[]): Partial<Record<Outcome, number>> {
  const out: Partial<Record<Outcome, number>> = {};
  for (const o of outcomes) out[o] = (out[o] ?? 0) + 1;
  return out;
}

/** What a plan must hold, action by action: the bench stops when a scenario does not give it. */
export type ExpectedActions = Partial<Record<Change['action'], number>>;

export function actionsOf(expected: ExpectedChanges): ExpectedActions {
  return {
    set_account_role: expected.account_role_patch,
    set_workspace_role: expected.workspace_role_patch,
    remove_workspace_user: expected.workspace_user_delete,
  };
}

/** Exactly the expected changes of each action, and none of another. */
function sameActions(changes: readonly Change[], expected: ExpectedActions): boolean {
  const found: ExpectedActions = {};
  for (const c of changes) found[c.action] = (found[c.action] ?? 0) + 1;
  const actions = new Set([...Object.keys(found), ...Object.keys(expected)]) as Set<Change['action']>;
  return [...actions].every((a) => (found[a] ?? 0) === (expected[a] ?? 0));
}

/** planManifest's three steps, timed one by one (the reads are what the floor bounds), on fresh buckets. */
export async function timedPlan(
  emu: Emulator,
  manifestDir: string,
  expected: ExpectedActions,
  minimum: Counts,
): Promise<{ run: PlanRun; plan: PlanFigures }> {
  emu.resetRateLimits();
  const client = new FrameioClient({ token: BENCH_ADMIN_TOKEN, baseUrl: emu.url });
  const p0 = mark(emu);
  const manifest = await loadManifest(manifestDir);
  const r0 = mark(emu);
  const live = await fetchLive(client, manifest);
  const r1 = mark(emu);
  const run: PlanRun = { manifest, live, plan: buildPlan(manifest, live) };
  const p1 = mark(emu);
  if (!sameActions(run.plan.changes, expected)) {
    throw new Error(
      `bench: the plan has ${run.plan.changes.length} changes, not the ${JSON.stringify(expected)} the ` +
        'scenario was built with',
    );
  }
  const plan: PlanFigures = {
    ...figures(emu, p0, p1, minimum),
    changes: run.plan.changes.length,
    clientStats: structuredClone(client.stats),
    loadMs: r0.at - p0.at,
    readMs: r1.at - r0.at,
    buildMs: p1.at - r1.at,
  };
  return { run, plan };
}

/** `apply --plan`'s figures: the whole command, its checks and writes, and its verifying plan. */
export interface ApplyFigures {
  /** Whole `apply --plan`: manifest load, precondition reads, writes, verifying plan. */
  apply: PhaseFigures & {
    clientStats: ClientStats;
    outcomes: Partial<Record<Outcome, number>>;
    verifyChanges: number;
  };
  /** From the plan being read to the last write's answer: precondition reads and writes. */
  writes: PhaseFigures & { minimumReads: Counts };
  /** The verifying plan after the last write. */
  verify: PhaseFigures;
}

/** Where an apply's phases begin and end: start, plan read (checks and writes begin), last write, end. */
export interface ApplyMarks {
  start: Mark;
  planRead: Mark;
  lastWrite: Mark;
  end: Mark;
}

/**
 * `rolesync apply --plan FILE --yes` as the CLI runs it (the saved plan written from `run` into
 * `dir`), on fresh buckets and a fresh client; `verifyMinimum` gives the verifying plan's minimum
 * from the state the writes left. Also returns that state.
 */
export async function timedApply(
  emu: Emulator,
  dir: string,
  manifestDir: string,
  run: PlanRun,
  verifyMinimum: (end: EmulatorStateInput) => Counts,
): Promise<ApplyFigures & { end: EmulatorStateInput; marks: ApplyMarks }> {
  const planFile = join(dir, 'plan.json');
  await writeSavedPlan(planFile, toSavedPlan(run.plan, run.manifest, 'bench'), renderJson);
  const before = emu.state.toInput();
  emu.resetRateLimits();
  const applyClient = new FrameioClient({ token: BENCH_ADMIN_TOKEN, baseUrl: emu.url });
  let planRead: Mark | undefined;
  let lastWrite: Mark | undefined;
  const a0 = mark(emu);
  const outcome = await runApply(
    { path: manifestDir, planFile, yes: true, force: false, resume: false, journalFile: join(dir, 'journal.jsonl') },
    {
      client: applyClient,
      onPlan: () => (planRead = mark(emu)),
      onResult: (_r, done, total) => {
        if (done === total) lastWrite = mark(emu);
      },
    },
  );
  const a1 = mark(emu);
  if (outcome.kind !== 'done' || !planRead || !lastWrite || !outcome.verify)
    throw new Error(`bench: apply ended as ${outcome.kind}, not done with a verifying plan`);
  const end = emu.state.toInput();
  const writes = figures(emu, planRead, lastWrite, minimumWrites(run.plan.changes));
  const verify = figures(emu, lastWrite, a1, verifyMinimum(end));
  const apply = figures(emu, a0, a1);
  // The verifying plan cannot start before the last write: the apply's floor is the sum.
  apply.floor = sequentialFloor(writes.floor, verify.floor);
  return {
    apply: {
      ...apply,
      clientStats: structuredClone(applyClient.stats),
      outcomes: countOutcomes(outcome.report.results.map((r) => r.outcome)),
      verifyChanges: outcome.verify.changes.length,
    },
    writes: { ...writes, minimumReads: minimumScopeReads(run.plan.changes, before) },
    verify,
    end,
    marks: { start: a0, planRead, lastWrite, end: a1 },
  };
}

export async function runApiBench(options: ApiBenchOptions): Promise<ApiBenchResult> {
  const say = options.progress ?? (() => undefined);
  const scenario = buildScenario(options.scenario);
  const account = scenario.state.accounts[0]!;
  const sizes = {
    accountUsers: Object.keys(account.users ?? {}).length,
    workspaces: (account.workspaces ?? []).length,
    memberships: (account.workspaces ?? []).reduce((n, w) => n + Object.keys(w.users ?? {}).length, 0),
  };
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-bench-'));
  const manifestDir = join(dir, 'manifest');
  try {
    await mkdir(manifestDir);
    for (const s of scenario.sources) await writeFile(join(manifestDir, s.rel), s.content);

    // ---- rolesync: plan --out, then apply --plan ----
    const planMinimum = minimumPlanCalls(scenario.state, scenario.account.id, { namesAccount: true });
    const expected = actionsOf(scenario.expected);
    const emu = await benchEmulator(scenario.state, options.timeScale);
    let rolesync: ApiBenchResult['rolesync'];
    let rolesyncEnd: EmulatorStateInput;
    try {
      say(
        `rolesync plan (${sizes.accountUsers} users, ${sizes.workspaces} workspaces, ${sizes.memberships} memberships)`,
      );
      const { run, plan } = await timedPlan(emu, manifestDir, expected, planMinimum);
      say(`rolesync apply (${run.plan.changes.length} changes)`);
      const {
        end,
        marks: _marks,
        ...applied
      } = await timedApply(emu, dir, manifestDir, run, (state) =>
        minimumPlanCalls(state, scenario.account.id, { namesAccount: true }),
      );
      rolesyncEnd = end;
      rolesync = { plan, ...applied };
    } finally {
      await emu.close();
    }

    // ---- the same plan nearer real time, where fixed costs weigh less against the floor ----
    let slowPlan: ApiBenchResult['slowPlan'];
    if (options.slowPlanScale !== undefined) {
      say(`rolesync plan again at time scale ${options.slowPlanScale}`);
      const emu3 = await benchEmulator(scenario.state, options.slowPlanScale);
      try {
        slowPlan = {
          timeScale: options.slowPlanScale,
          windowMs: emu3.windowMs,
          ...(await timedPlan(emu3, manifestDir, expected, planMinimum)).plan,
        };
      } finally {
        await emu3.close();
      }
    }

    // ---- the naive script, on a fresh emulator with the same seed ----
    const sleepMs = (options.naiveSleepMs ?? 5_000) / options.timeScale;
    const emu2 = await benchEmulator(scenario.state, options.timeScale);
    try {
      const minimumPlan = minimumPlanCalls(scenario.state, scenario.account.id, { namesAccount: false });
      say('naive script, dry run (reads and diff only)');
      emu2.resetRateLimits();
      const d0 = mark(emu2);
      const found = await naiveSync({
        baseUrl: emu2.url,
        token: BENCH_ADMIN_TOKEN,
        desired: scenario.desired,
        fixedSleepMs: sleepMs,
        dryRun: true,
      });
      const dryRun = { ...figures(emu2, d0, mark(emu2), minimumPlan), found };

      say('naive script, sync');
      emu2.resetRateLimits();
      const s0 = mark(emu2);
      const made = await naiveSync({
        baseUrl: emu2.url,
        token: BENCH_ADMIN_TOKEN,
        desired: scenario.desired,
        fixedSleepMs: sleepMs,
      });
      const sync = { ...figures(emu2, s0, mark(emu2)), made };
      const naiveEnd = emu2.state.toInput();
      return {
        timeScale: options.timeScale,
        windowMs: RATE_WINDOW_MS / options.timeScale,
        limits: DEFAULT_LIMITS,
        scenario: options.scenario,
        expected: scenario.expected,
        sizes,
        rolesync,
        naive: { dryRun, sync, sleepMs },
        sameEndState: roles(naiveEnd) === roles(rolesyncEnd),
        ...(slowPlan ? { slowPlan } : {}),
      };
    } finally {
      await emu2.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
