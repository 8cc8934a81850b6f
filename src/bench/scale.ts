// The planner and loader at scale, without the network: one size per call, meant to run in a child
// process of its own (so sizes share no heap). Times load + validate, plan, and both renderers.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadManifest, validateManifest, generateManifestYaml } from '../manifest/index.js';
import { buildPlan } from '../plan/index.js';
import { accountNamesFrom, renderJson, renderText } from '../render/index.js';
import { liveFromSeed } from './live.js';
import { buildScenario, type ScenarioOptions } from './scenario.js';

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

export interface StageTimes {
  /** Read the files, parse, schema, semantic checks, merge (what `rolesync validate` does). */
  load: number;
  /** Resolve, diff, sort, policy, estimate (`buildPlan`). */
  plan: number;
  text: number;
  json: number;
  total: number;
}

export interface ScaleFigures {
  factor: number;
  users: number;
  workspaces: number;
  memberships: number;
  changes: number;
  manifestBytes: number;
  files: number;
  /** First pass in a fresh process (what one CLI run pays). */
  cold: StageTimes;
  /** Second pass, after a GC: the code is compiled, the cost left is the work itself. */
  warm: StageTimes;
  /** MiB of heap in use after the fixtures were built (seed, live state, manifest text). */
  heapSetupMiB: number;
  /** MiB of heap in use after each stage of the cold pass, the largest of them. */
  heapPeakMiB: number;
  /** The process's peak resident set, fixtures included. */
  maxRssMiB: number;
}

const MiB = 1024 * 1024;
const heap = () => process.memoryUsage().heapUsed / MiB;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

export async function measureScale(factor: number): Promise<ScaleFigures> {
  const scenario = buildScenario(scaleScenario(factor));
  const live = liveFromSeed(scenario.state);
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-scale-'));
  try {
    const manifestDir = join(dir, 'manifest');
    await mkdir(manifestDir);
    for (const s of scenario.sources) await writeFile(join(manifestDir, s.rel), s.content);
    gc();
    const heapSetupMiB = heap();
    let heapPeakMiB = heapSetupMiB;
    let changes = 0;

    const pass = async (): Promise<StageTimes> => {
      const t0 = performance.now();
      const manifest = await loadManifest(manifestDir);
      const t1 = performance.now();
      heapPeakMiB = Math.max(heapPeakMiB, heap());
      const plan = buildPlan(manifest, live);
      const t2 = performance.now();
      heapPeakMiB = Math.max(heapPeakMiB, heap());
      const text = renderText(plan, { color: false, accountNames: accountNamesFrom(live) });
      const t3 = performance.now();
      heapPeakMiB = Math.max(heapPeakMiB, heap());
      const json = renderJson(plan);
      const t4 = performance.now();
      heapPeakMiB = Math.max(heapPeakMiB, heap());
      changes = plan.changes.length;
      if (text.length === 0 || json.length === 0) throw new Error('bench: empty rendering');
      return { load: t1 - t0, plan: t2 - t1, text: t3 - t2, json: t4 - t3, total: t4 - t0 };
    };
    const cold = await pass();
    gc();
    const warm = await pass();
    const account = scenario.state.accounts[0]!;
    return {
      factor,
      users: Object.keys(account.users ?? {}).length,
      workspaces: (account.workspaces ?? []).length,
      memberships: (account.workspaces ?? []).reduce((n, w) => n + Object.keys(w.users ?? {}).length, 0),
      changes,
      manifestBytes: scenario.sources.reduce((n, s) => n + Buffer.byteLength(s.content), 0),
      files: scenario.sources.length,
      cold,
      warm,
      heapSetupMiB,
      heapPeakMiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
    if (!result.ok) throw new Error(`bench: the generated manifest is invalid: ${result.diagnostics[0]?.message ?? ''}`);
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
