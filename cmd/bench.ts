// `npm run bench`: the API benchmark against the emulator (rolesync and the naive script), the
// planner at scale in child processes, the validate figure, start-up, the block-YAML reader with
// and without, plan and apply with projects, onboarding through a group, and export and report;
// writes BENCHMARKS.md.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import {
  describeMachine,
  measureReader,
  measureScale,
  measureStartup,
  measureValidate,
  medianOfProcesses,
  readerManifest,
  renderReport,
  runApiBench,
  runChild,
  runGroupsBench,
  runProjectsBench,
  runReportBench,
  runNode,
  validateManifestText,
  READER_SIZES,
  type BenchReport,
  type ReaderFigures,
  type ReaderSize,
  type ReaderVariant,
  type ProjectScenarioOptions,
  type ReportScenarioOptions,
  type ScaleFigures,
  type ScenarioOptions,
  type ValidateFigures,
} from '../src/bench/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const self = join(here, 'bench.js');
const rolesync = join(here, 'rolesync.js');
const exampleDir = join(here, '..', '..', 'examples', 'acme');

/** The API scenario of the issue: 2,000 users, 100 workspaces, 500 changes of all three classes. */
const API_SCENARIO: ScenarioOptions = {
  users: 2_000,
  workspaces: 100,
  membersPerWorkspace: 150,
  accountPatches: 10,
  workspacePatches: 150,
  deletes: 340,
};
/**
 * The projects scenario of the issue: 30 project grants and 30 removals of project-only
 * collaborators over 30 listed projects in 5 of 10 workspaces (2 more projects in each are never
 * read); every listed project's users take 2 pages (110 direct grants).
 */
const PROJECTS_SCENARIO: ProjectScenarioOptions = {
  users: 2_000,
  workspaces: 10,
  membersPerWorkspace: 150,
  projectsPerWorkspace: 8,
  grantsPerProject: 110,
  listingWorkspaces: 5,
  listedPerWorkspace: 6,
  grants: 30,
  removals: 30,
};
/** The projects apply once more at this scale: what of its gap to the floor is fixed cost. */
const SLOW_PROJECTS_SCALE = 10;
/**
 * The groups scenario of the issue: 500 users onboarded to 10 workspaces through one group, against
 * the same access as 5,000 per-user PATCHes.
 */
const GROUPS_SCENARIO = { users: 500, workspaces: 10, role: 'editor' } as const;
/**
 * The groups section's own time scale: the per-user path's floor is 8.3 emulated hours, 30 s here.
 * `--only groups --time-scale N` overrides it.
 */
const GROUPS_TIME_SCALE = 1000;
/**
 * The report and export seed: every list takes more than one page (2,002 account users, 120
 * workspaces of 150 members, 240 projects of which every fourth has 2 pages of users, 6 frame groups
 * of 150 members), and 1,500 logins: more audit-log pages than report reads (its cap is 10).
 */
const REPORT_SCENARIO: ReportScenarioOptions = {
  users: 2_000,
  workspaces: 120,
  membersPerWorkspace: 150,
  projectsPerWorkspace: 2,
  grantsPerProject: 40,
  largeProjectEvery: 4,
  largeProjectGrants: 130,
  frameGroups: 6,
  groupMembers: 150,
  logins: 1_500,
};
/** An emulated minute in 1.5 s: the API part takes about a minute on 2 cores. */
const DEFAULT_TIME_SCALE = 40;
/** The plan once more at this scale, to show which part of its gap to the floor is fixed cost. */
const SLOW_PLAN_SCALE = 10;
/** 50× is 100,000 users and 2,500 workspaces; its child needs about 1 GiB and half a minute on 2 cores. */
const SCALE_FACTORS = [1, 5, 10, 20, 50];
/**
 * Child processes per size; each figure is their median. One process per size made the growth
 * exponents move by up to 0.3 between runs on a quiet machine (resolve 1.21 in one, 1.54 in the next).
 */
const SCALE_PROCESSES = 3;
const MAX_FACTOR = 50;
/**
 * The scale child's Node flags: `gc()` before each stage, and sweeping done inside that GC rather
 * than handed to the stage after it (on 2 busy cores the concurrent sweeper lags, and the next
 * stage's allocations would sweep a heap of up to 1 GiB: a cost of the GC, not of the stage).
 */
const SCALE_NODE_FLAGS = ['--expose-gc', '--no-concurrent-sweeping'];
const STARTUP_RUNS = 15;
/** Whole `rolesync validate` processes per figure of section 3. */
const CLI_RUNS = 3;
const READER_CLI_RUNS = 5;
const SECTIONS = ['api', 'scale', 'validate', 'startup', 'yaml', 'projects', 'groups', 'report'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'time-scale': { type: 'string' },
    out: { type: 'string' },
    child: { type: 'string' },
    factor: { type: 'string' },
    file: { type: 'string' },
    variant: { type: 'string' },
  },
  strict: true,
});

const started = performance.now();
const say = (line: string) =>
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

async function child(kind: string): Promise<void> {
  if (kind === 'scale') {
    const factor = Number(values.factor ?? 1);
    if (!Number.isInteger(factor) || factor < 1 || factor > MAX_FACTOR) {
      throw new Error(`--factor must be an integer from 1 to ${MAX_FACTOR}`);
    }
    process.stdout.write(`${JSON.stringify(await measureScale(factor))}\n`);
  } else if (kind === 'validate') {
    if (!values.file) throw new Error('--child validate needs --file');
    process.stdout.write(`${JSON.stringify(await measureValidate(values.file))}\n`);
  } else if (kind === 'yaml') {
    const variant = values.variant as ReaderVariant;
    if (!values.file || (variant !== 'fast' && variant !== 'general')) {
      throw new Error('--child yaml needs --file and --variant fast|general');
    }
    const figures = await measureReader(values.file, await readFile(values.file, 'utf8'), variant);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else throw new Error(`unknown --child ${kind} (scale, validate or yaml)`);
}

async function validateFigures(): Promise<ValidateFigures & { cliMs: number[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-bench-validate-'));
  try {
    const file = join(dir, 'manifest.yaml');
    await writeFile(file, validateManifestText());
    const inProcess = await runChild<ValidateFigures>(self, ['--child', 'validate', '--file', file]);
    const cliMs: number[] = [];
    for (let i = 0; i < CLI_RUNS; i++) cliMs.push((await runNode(rolesync, ['validate', file])).wallMs);
    return { ...inProcess, cliMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each size and variant of the reader comparison in a process of its own, then whole CLI runs in turns. */
async function readerFigures(): Promise<ReaderSize[]> {
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-bench-yaml-'));
  try {
    const sizes: ReaderSize[] = [];
    for (const target of READER_SIZES) {
      say(`block-YAML reader, ${target.toLocaleString('en-US')} lines`);
      const file = (variant: ReaderVariant) => join(dir, `manifest-${target}-${variant}.yaml`);
      const inProcess = async (variant: ReaderVariant): Promise<ReaderFigures> => {
        await writeFile(file(variant), readerManifest(target, variant));
        return runChild<ReaderFigures>(self, ['--child', 'yaml', '--file', file(variant), '--variant', variant]);
      };
      const fast = { ...(await inProcess('fast')), cliMs: [] as number[] };
      const general = { ...(await inProcess('general')), cliMs: [] as number[] };
      for (let i = 0; i < READER_CLI_RUNS; i++) {
        fast.cliMs.push((await runNode(rolesync, ['validate', file('fast')])).wallMs);
        general.cliMs.push((await runNode(rolesync, ['validate', file('general')])).wallMs);
      }
      sizes.push({ target, fast, general });
    }
    return sizes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  if (values.child) {
    await child(values.child);
    return 0;
  }
  const only = values.only as Section | undefined;
  if (only !== undefined && !SECTIONS.includes(only)) throw new Error(`--only must be one of ${SECTIONS.join(', ')}`);
  const timeScale = Number(values['time-scale'] ?? DEFAULT_TIME_SCALE);
  if (!(timeScale > 0 && timeScale <= 1000)) throw new Error('--time-scale must be a number from 1 to 1000');
  const run = (s: Section) => only === undefined || only === s;

  const report: BenchReport = { machine: describeMachine(), totalMs: 0 };
  if (run('api')) {
    say(`API benchmark at time scale ${timeScale} (one emulated minute = ${(60 / timeScale).toFixed(2)} s)`);
    report.api = await runApiBench({
      scenario: API_SCENARIO,
      timeScale,
      progress: say,
      slowPlanScale: SLOW_PLAN_SCALE,
    });
  }
  if (run('scale')) {
    // Every size once per round, so a stretch of load on the machine falls on all sizes alike.
    const runs = new Map<number, ScaleFigures[]>(SCALE_FACTORS.map((f) => [f, []]));
    for (let round = 1; round <= SCALE_PROCESSES; round++) {
      for (const factor of SCALE_FACTORS) {
        say(`planner at ${factor}× in a child process (${round} of ${SCALE_PROCESSES})`);
        const args = ['--child', 'scale', '--factor', String(factor)];
        runs.get(factor)!.push(await runChild<ScaleFigures>(self, args, SCALE_NODE_FLAGS));
      }
    }
    report.scale = SCALE_FACTORS.map((f) => medianOfProcesses(runs.get(f)!));
  }
  if (run('validate')) {
    say('validate 5,000 users × 200 workspaces');
    report.validate = await validateFigures();
  }
  if (run('startup')) {
    say(`start-up, ${STARTUP_RUNS} runs of each command`);
    report.startup = await measureStartup(rolesync, exampleDir, STARTUP_RUNS);
  }
  if (run('yaml')) report.reader = await readerFigures();
  if (run('projects')) {
    say(`projects: plan and apply at time scale ${timeScale}, then the apply at ${SLOW_PROJECTS_SCALE}`);
    report.projects = await runProjectsBench({
      scenario: PROJECTS_SCENARIO,
      timeScale,
      slowScale: SLOW_PROJECTS_SCALE,
      progress: say,
    });
  }
  if (run('groups')) {
    const scale = only === 'groups' && values['time-scale'] !== undefined ? timeScale : GROUPS_TIME_SCALE;
    say(`groups: onboarding through one group, then per-user PATCHes, at time scale ${scale}`);
    report.groups = await runGroupsBench({ ...GROUPS_SCENARIO, timeScale: scale, progress: say });
  }
  if (run('report')) {
    say(`report and export: the built CLI at time scale ${timeScale}`);
    report.report = await runReportBench({ scenario: REPORT_SCENARIO, timeScale, rolesync, progress: say });
  }
  report.totalMs = performance.now() - started;
  const markdown = renderReport(report);
  const out = values.out ?? (only === undefined ? 'BENCHMARKS.md' : undefined);
  if (out) {
    await writeFile(out, markdown);
    say(`wrote ${out}`);
  } else process.stdout.write(markdown);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
