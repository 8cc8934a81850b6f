// The planner and loader at scale, without the network: one size per call, meant to run in a child
// process of its own (so sizes share no heap). Times every stage of `rolesync plan --out FILE` after
// its reads: once cold, back to back, then in warm passes.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { toSavedPlan, writeSavedPlan } from '../apply/saved.js';
import type { LiveState } from '../live/types.js';
import { loadManifest, validateManifest, generateManifestYaml, type Manifest } from '../manifest/index.js';
import { checkPolicy, estimate, plan as diff, planChecksum, resolve, summarize } from '../plan/index.js';
import type { Plan, PlannedChanges, Resolution } from '../plan/index.js';
import { accountNamesFrom, renderJson, renderMarkdown, renderText } from '../render/index.js';
import { median } from './format.js';
import { liveFromSeed } from './live.js';
import { buildScenario, type ScenarioOptions } from './scenario.js';
import { countWork, type WorkCounts } from './work.js';

/** 1× is 2,000 users and 50 workspaces of 100 members with 250 changes; every count grows with the factor. */
export function scaleScenario(factor: number): ScenarioOptions {
  return {
    users: 2_000 * factor,
    workspaces: 50 * factor,
    membersPerWorkspace: 100,
    accountPatches: 5 * factor,
    workspacePatches: 75 * factor,
    deletes: 170 * factor,
  };
}

/** The stages of `rolesync plan --out FILE` after the live state is read, in the order it runs them. */
export const STAGES = ['load', 'resolve', 'diff', 'policy', 'text', 'json', 'markdown', 'checksum', 'saved'] as const;
export type Stage = (typeof STAGES)[number];
export type StageTimes = Record<Stage, number>;

export interface PassFigures {
  /** Wall-clock ms per stage. */
  wall: StageTimes;
  /** CPU ms of the process per stage (user + system, GC threads included): less moved by other load. */
  cpu: StageTimes;
}

export interface ScaleFigures {
  factor: number;
  users: number;
  workspaces: number;
  memberships: number;
  changes: number;
  manifestBytes: number;
  manifestLines: number;
  files: number;
  /** One pass in a fresh process, stages back to back (what one CLI run pays). */
  cold: PassFigures;
  /** Per stage, the fastest of the warm passes (see `WARM_PASSES`). */
  warm: PassFigures;
  warmPasses: number;
  /**
   * Not a stage: a Map of the account's users by email, then one lookup per workspace membership
   * (the core of resolve), timed like a stage. How the machine's own hash lookups grow with the data.
   */
  reference: { wall: number; cpu: number; lookups: number };
  /** The work of each stage, counted in a pass of its own after the timed ones (work.ts). */
  work: Record<Stage, WorkCounts>;
  /** MiB of heap in use after the fixtures were built (seed, live state, manifest text). */
  heapSetupMiB: number;
  /** MiB of heap in use after each stage of the cold pass, the largest of them. */
  heapPeakMiB: number;
  /** The process's peak resident set, fixtures included. */
  maxRssMiB: number;
  /** Child processes whose figures these are the median of (`medianOfProcesses`); 1 for one child's own. */
  processes: number;
}

/**
 * Warm passes after the cold one: every stage once per pass, in the CLI's order (so each finds the
 * caches as the stage before left them), each after a full GC. A stage's figure is its fastest
 * pass: on a shared machine other work only ever adds time. Two, since the bench runs every size in
 * three processes and takes the median (cmd/bench.ts): 3 × (1 + 2) passes, against 1 + 5 with one
 * process, keep section 2 under twice its old time (each process also builds its fixtures).
 */
export const WARM_PASSES = 2;

const MiB = 1024 * 1024;
const heap = () => process.memoryUsage().heapUsed / MiB;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function diffStage(resolution: Resolution, live: LiveState): PlannedChanges & Pick<Plan, 'summary' | 'estimate'> {
  const planned = diff(resolution, live);
  return { ...planned, summary: summarize(planned.changes), estimate: estimate(planned.changes) };
}

/**
 * What `buildPlan` does, one step at a time with `step` around each (the bench test checks the
 * result equals `buildPlan`'s): resolve, then the diff with its summary and estimate, then policy.
 */
type Step = <T>(stage: Stage, run: () => T) => T;

export function planInStages(manifest: Manifest, live: LiveState, step: Step = (_stage, run) => run()): Plan {
  const resolution = step('resolve', () => resolve(manifest, live));
  const { changes, notes, summary, estimate: est } = step('diff', () => diffStage(resolution, live));
  const policy = step('policy', () => checkPolicy({ changes }, manifest, live, { force: false }));
  return { format_version: 1, changes, summary, notes, policy, estimate: est };
}

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('bench: run the scale child with node --expose-gc');
  collect();
};

type Timing = { wall: number; cpu: number };

function timedSync<T>(run: () => T): [T, Timing] {
  const c0 = cpuMs();
  const t0 = performance.now();
  const out = run();
  return [out, { wall: performance.now() - t0, cpu: cpuMs() - c0 }];
}

async function timed(run: () => unknown): Promise<Timing> {
  const c0 = cpuMs();
  const t0 = performance.now();
  await run();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

const emptyPass = (fill = 0): PassFigures => ({
  wall: Object.fromEntries(STAGES.map((s) => [s, fill])) as StageTimes,
  cpu: Object.fromEntries(STAGES.map((s) => [s, fill])) as StageTimes,
});

/** The reference loop: a Map of the account's users by email, one lookup per membership. */
function referenceLookups(live: LiveState): { run: () => number; lookups: number } {
  const account = live.accounts[0]!;
  const users = account.users.map((u) => u.user.email);
  const members = account.workspaces.flatMap((w) => (w.members ?? []).map((m) => m.user.email));
  const run = (): number => {
    const byEmail = new Map(users.map((e, i) => [e, i]));
    let found = 0;
    for (const e of members) if (byEmail.get(e) !== undefined) found += 1;
    return found;
  };
  return { run, lookups: users.length + members.length };
}

export async function measureScale(factor: number, warmPasses = WARM_PASSES): Promise<ScaleFigures> {
  const scenario = buildScenario(scaleScenario(factor));
  const live = liveFromSeed(scenario.state);
  const accountNames = accountNamesFrom(live);
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-scale-'));
  try {
    const manifestDir = join(dir, 'manifest');
    await mkdir(manifestDir);
    for (const s of scenario.sources) await writeFile(join(manifestDir, s.rel), s.content);
    const savedFile = join(dir, 'plan.json');
    gc();
    const heapSetupMiB = heap();
    let heapPeakMiB = heapSetupMiB;

    // The cold pass: once, back to back, as `rolesync plan --out` runs after its reads.
    const cold = emptyPass();
    const record = (stage: Stage, t: Timing) => {
      cold.wall[stage] = t.wall;
      cold.cpu[stage] = t.cpu;
      heapPeakMiB = Math.max(heapPeakMiB, heap());
    };
    let manifest: Manifest | undefined;
    record('load', await timed(async () => (manifest = await loadManifest(manifestDir))));
    const m = manifest!;
    const plan = planInStages(m, live, (stage, run) => {
      const [out, t] = timedSync(run);
      record(stage, t);
      return out;
    });
    const renders = {
      text: () => renderText(plan, { color: false, accountNames }),
      json: () => renderJson(plan),
      markdown: () => renderMarkdown(plan, { accountNames }),
      checksum: () => planChecksum(plan),
      saved: () => writeSavedPlan(savedFile, toSavedPlan(plan, m, 'bench', accountNames), renderJson),
    };
    for (const [stage, run] of Object.entries(renders)) record(stage as Stage, await timed(run));

    // Warm passes, on the cold pass's inputs.
    const resolution = resolve(m, live);
    const runs: Record<Stage, () => unknown> = {
      load: () => loadManifest(manifestDir),
      resolve: () => resolve(m, live),
      diff: () => diffStage(resolution, live),
      policy: () => checkPolicy({ changes: plan.changes }, m, live, { force: false }),
      ...renders,
    };
    const warm = emptyPass(Infinity);
    const lookups = referenceLookups(live);
    const reference = { wall: Infinity, cpu: Infinity, lookups: lookups.lookups };
    const keep = (into: Timing, t: Timing) => {
      into.wall = Math.min(into.wall, t.wall);
      into.cpu = Math.min(into.cpu, t.cpu);
    };
    for (let pass = 0; pass < warmPasses; pass++) {
      for (const stage of STAGES) {
        gc();
        const t = await timed(runs[stage]);
        warm.wall[stage] = Math.min(warm.wall[stage], t.wall);
        warm.cpu[stage] = Math.min(warm.cpu[stage], t.cpu);
      }
      gc();
      keep(reference, await timed(lookups.run));
    }
    // Last, untimed: counting slows every Map, Set and sort call.
    const work = {} as Record<Stage, WorkCounts>;
    for (const stage of STAGES) work[stage] = await countWork(runs[stage]);

    const seed = scenario.state.accounts[0]!;
    return {
      factor,
      users: Object.keys(seed.users ?? {}).length,
      workspaces: (seed.workspaces ?? []).length,
      memberships: (seed.workspaces ?? []).reduce((n, w) => n + Object.keys(w.users ?? {}).length, 0),
      changes: plan.changes.length,
      manifestBytes: scenario.sources.reduce((n, s) => n + Buffer.byteLength(s.content), 0),
      manifestLines: scenario.sources.reduce((n, s) => n + s.content.split('\n').length - 1, 0),
      files: scenario.sources.length,
      cold,
      warm,
      warmPasses,
      reference,
      work,
      heapSetupMiB,
      heapPeakMiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      processes: 1,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * One size's figures from several child processes: each time, memory figure and stage the median
 * of the processes' (the stages each on their own), so one process slowed by other work on the
 * machine moves no figure and no growth exponent. The counts must agree: the same scenario.
 */
export function medianOfProcesses(runs: readonly ScaleFigures[]): ScaleFigures {
  const first = runs[0];
  if (!first) throw new Error('bench: no scale figures to take the median of');
  const counts = (r: ScaleFigures) =>
    [r.factor, r.users, r.workspaces, r.memberships, r.changes, r.manifestBytes, r.warmPasses].join(' ');
  const odd = runs.find((r) => counts(r) !== counts(first));
  if (odd) throw new Error(`bench: scale runs of different scenarios (${counts(first)} and ${counts(odd)})`);
  const mid = (value: (r: ScaleFigures) => number) => median(runs.map(value));
  const times = (pick: (r: ScaleFigures) => StageTimes): StageTimes =>
    Object.fromEntries(STAGES.map((stage) => [stage, mid((r) => pick(r)[stage])])) as StageTimes;
  const pass = (pick: (r: ScaleFigures) => PassFigures): PassFigures => ({
    wall: times((r) => pick(r).wall),
    cpu: times((r) => pick(r).cpu),
  });
  return {
    ...first,
    cold: pass((r) => r.cold),
    warm: pass((r) => r.warm),
    reference: {
      wall: mid((r) => r.reference.wall),
      cpu: mid((r) => r.reference.cpu),
      lookups: first.reference.lookups,
    },
    work: Object.fromEntries(
      STAGES.map((stage) => [
        stage,
        { hashOps: mid((r) => r.work[stage].hashOps), comparisons: mid((r) => r.work[stage].comparisons) },
      ]),
    ) as Record<Stage, WorkCounts>,
    heapSetupMiB: mid((r) => r.heapSetupMiB),
    heapPeakMiB: mid((r) => r.heapPeakMiB),
    maxRssMiB: mid((r) => r.maxRssMiB),
    processes: runs.reduce((n, r) => n + r.processes, 0),
  };
}

export interface ValidateFigures {
  users: number;
  workspaces: number;
  manifestBytes: number;
  /** First `validateManifest` in a fresh process. */
  coldMs: number;
  /** Median of the next runs. */
  warmMs: number;
  runs: number;
}

export const VALIDATE_SIZE = { users: 5_000, workspaces: 200 } as const;
export const VALIDATE_ACCOUNT = '0b9c3c0e-5f7a-4c55-9a51-00000000be9c';

/** The manifest of the "validating 5,000 users and 200 workspaces" figure (the project's own generator). */
export function validateManifestText(): string {
  return generateManifestYaml({ ...VALIDATE_SIZE, accountId: VALIDATE_ACCOUNT, pinIds: true });
}

export async function measureValidate(file: string, runs = 5): Promise<ValidateFigures> {
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const result = await validateManifest(file);
    const ms = performance.now() - t0;
    if (!result.ok)
      throw new Error(`bench: the generated manifest is invalid: ${result.diagnostics[0]?.message ?? ''}`);
    return ms;
  };
  const coldMs = await once();
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push(await once());
  warm.sort((a, b) => a - b);
  return {
    ...VALIDATE_SIZE,
    manifestBytes: Buffer.byteLength(await readFile(file, 'utf8')),
    coldMs,
    warmMs: warm[Math.floor(warm.length / 2)]!,
    runs,
  };
}
