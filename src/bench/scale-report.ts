// Section 2 of BENCHMARKS.md: every stage of a plan at each size, the growth exponents between
// sizes against the linear target, and memory. Verdicts are computed from the figures.
import { exponent, int, mib, table } from './format.js';
import { STAGES, type ScaleFigures, type Stage, type StageTimes } from './scale.js';
import type { WorkCounts } from './work.js';

/** A stage whose time grows with an exponent at most this (between two sizes) counts as linear. */
export const LINEAR_TARGET = 1.1;

export const STAGE_NAME: Record<Stage, string> = {
  load: 'load + validate',
  resolve: 'resolve',
  diff: 'plan (diff, sort, summary, estimate)',
  policy: 'policy',
  text: 'render text',
  json: 'render JSON',
  markdown: 'render Markdown',
  checksum: 'checksum',
  saved: 'saved plan (checksum, render, write)',
};

/** Milliseconds with a useful precision from 0.1 ms to minutes. */
function ms(value: number): string {
  if (value < 10) return `${value.toFixed(1)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
}

const total = (t: StageTimes): number => STAGES.reduce((n, s) => n + t[s], 0);
const fmt = (e: number): string => (Number.isFinite(e) ? e.toFixed(2) : '—');
const pairName = ([a, b]: readonly [number, number]): string => `${a}×→${b}×`;

/** The size pairs the exponents are taken between: 10× (or the smallest) to the largest first. */
export function growthPairs(factors: readonly number[]): [number, number][] {
  const sorted = [...new Set(factors)].sort((a, b) => a - b);
  const last = sorted.at(-1);
  if (last === undefined || sorted.length < 2) return [];
  const pairs: [number, number][] = [];
  const add = (a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined || a >= b) return;
    if (!pairs.some(([x, y]) => x === a && y === b)) pairs.push([a, b]);
  };
  add(sorted.includes(10) ? 10 : sorted[0], last);
  add(sorted.at(-2), last);
  add(sorted[0], sorted.includes(10) && last !== 10 ? 10 : sorted.at(-2));
  return pairs;
}

export interface Growth {
  stage: Stage | 'total';
  /** Exponents of the fastest warm passes' wall-clock times, one per pair. */
  wall: number[];
  /** Exponents of the fastest warm passes' CPU times, one per pair. */
  cpu: number[];
  /** Exponents of the cold pass (one sample a process), one per pair. */
  cold: number[];
}

export function growthOf(sizes: readonly ScaleFigures[], pairs: readonly [number, number][]): Growth[] {
  const at = (f: number) => sizes.find((s) => s.factor === f)!;
  const pick = (t: StageTimes, stage: Stage | 'total') => (stage === 'total' ? total(t) : t[stage]);
  const of = (stage: Stage | 'total', times: (s: ScaleFigures) => StageTimes) =>
    pairs.map(([a, b]) => exponent(pick(times(at(a)), stage), pick(times(at(b)), stage), a, b));
  return [...STAGES, 'total' as const].map((stage) => ({
    stage,
    wall: of(stage, (s) => s.warm.wall),
    cpu: of(stage, (s) => s.warm.cpu),
    cold: of(stage, (s) => s.cold.wall),
  }));
}

function method(passes: number, processes: number): string {
  const each =
    processes > 1
      ? `Each size runs in ${processes} child processes of its own (\`--child scale --factor N\`; every size once, ` +
        'then again, so a stretch of load on the machine falls on all sizes alike), so no two runs share a heap; ' +
        `every figure below is the median of the ${processes} processes' (each stage on its own).`
      : 'Each size runs in a child process of its own (`--child scale --factor N`), so no two sizes share a heap.';
  return [
    each,
    'The child builds a seed, the matching live state in memory and the manifest files (not timed), then runs',
    'every stage of `rolesync plan --out FILE` after the live reads: load + validate (read, parse, schema, semantic',
    'checks, merge: what `rolesync validate` does), resolve, the diff (with sort, summary and estimate), policy,',
    'the text, JSON and Markdown renderings, the plan checksum, and the saved plan (its checksum, rendering and',
    'write to a file). First one cold pass with the stages back to back, as one CLI run pays them. Then',
    `${passes} warm passes: every stage once per pass in the same order, each after a full GC, so it pays for its`,
    "own garbage only and finds the caches as the stage before left them; a process's figure for a stage is its",
    'fastest pass, since other work on a shared machine only ever adds time. The child runs with',
    '`--expose-gc --no-concurrent-sweeping`, so a GC finishes its sweeping itself instead of handing it to the',
    'stage after it. Workspaces have 100 members; 1× is 2,000 users, 50 workspaces and 250 changes, and every',
    'count grows with the factor. The child keeps the seed state in memory, as the emulator would: thousands of',
    "records keyed by email, which is what made the JSON rendering's old objects lose their shared hidden classes.",
  ].join(' ');
}

function sizesTable(sizes: readonly ScaleFigures[]): string {
  return table(
    ['size', 'users', 'workspaces', 'memberships', 'changes', 'manifest', 'heap after setup', 'heap peak', 'max RSS'],
    sizes.map((s) => [
      `${s.factor}×`,
      int(s.users),
      int(s.workspaces),
      int(s.memberships),
      int(s.changes),
      `${(s.manifestBytes / 1024 / 1024).toFixed(1)} MiB, ${int(s.manifestLines)} lines, ${s.files} files`,
      mib(s.heapSetupMiB),
      mib(s.heapPeakMiB),
      mib(s.maxRssMiB),
    ]),
  );
}

const perLookup = (s: ScaleFigures): string => `${((s.reference.wall * 1e6) / s.reference.lookups).toFixed(0)} ns`;

function timesTable(sizes: readonly ScaleFigures[]): string {
  const row = (name: string, cell: (s: ScaleFigures) => string) => [name, ...sizes.map(cell)];
  return table(
    ['stage', ...sizes.map((s) => `${s.factor}×`)],
    [
      ...STAGES.map((stage) => row(STAGE_NAME[stage], (s) => ms(s.warm.wall[stage]))),
      row('**total**', (s) => `**${ms(total(s.warm.wall))}**`),
      row('total, cold pass (one CLI run)', (s) => ms(total(s.cold.wall))),
      row('render JSON, cold pass', (s) => ms(s.cold.wall.json)),
      row('total, CPU time (fastest passes)', (s) => ms(total(s.warm.cpu))),
      row('*reference: Map of the users, one lookup per membership*', (s) => ms(s.reference.wall)),
      row('*reference, per lookup*', perLookup),
    ],
  );
}

function growthSection(sizes: readonly ScaleFigures[], pairs: [number, number][]): string[] {
  const growth = growthOf(sizes, pairs);
  const main = pairs[0]!;
  const stages = growth.filter((g) => g.stage !== 'total');
  const label = (g: Growth) => (g.stage === 'total' ? '**total**' : STAGE_NAME[g.stage]);
  const over = stages.filter((g) => !(g.wall[0]! <= LINEAR_TARGET));
  const overCpu = stages.filter((g) => !(g.cpu[0]! <= LINEAR_TARGET));
  const first = sizes.find((s) => s.factor === main[0])!;
  const last = sizes.find((s) => s.factor === main[1])!;
  const grow = (a: number, b: number) => fmt(exponent(a, b, first.factor, last.factor));
  return [
    '### Growth exponents',
    '',
    [
      'The exponent between sizes n1 and n2 is log(t2 ÷ t1) ÷ log(n2 ÷ n1): 1 is linear, 2 quadratic; below 1',
      `means fixed costs still weigh on the smaller size. Target: at most ${LINEAR_TARGET} from ${pairName(main)}.`,
      'The CPU column (user + system time of the process, GC threads included) moves less with other load on the',
      `machine; the cold-pass column is ${coldSamples(first.processes)} per size, with whatever GC the stages`,
      'before left behind.',
    ].join(' '),
    '',
    table(
      [
        'stage',
        ...pairs.map((p) => `${pairName(p)} wall`),
        `${pairName(main)} CPU`,
        `${pairName(main)} cold pass`,
        `≤ ${LINEAR_TARGET} (${pairName(main)}, wall)`,
      ],
      growth.map((g) => {
        const verdict = g.wall[0]! <= LINEAR_TARGET ? 'yes' : '**no**';
        return [label(g), ...g.wall.map(fmt), fmt(g.cpu[0]!), fmt(g.cold[0]!), verdict];
      }),
    ),
    '',
    '### Findings',
    '',
    over.length === 0
      ? `- Every stage is within ${LINEAR_TARGET} from ${pairName(main)}: the largest wall-clock exponent is ` +
        `${fmt(Math.max(...stages.map((g) => g.wall[0]!)))}.`
      : `- Above ${LINEAR_TARGET} from ${pairName(main)} (wall clock): ` +
        `${over.map((g) => `${label(g)} (${fmt(g.wall[0]!)}, CPU ${fmt(g.cpu[0]!)})`).join(', ')}.`,
    overCpu.length === 0
      ? `- By CPU time every stage is within ${LINEAR_TARGET} too.`
      : `- Above ${LINEAR_TARGET} by CPU time: ${overCpu.map((g) => `${label(g)} (${fmt(g.cpu[0]!)})`).join(', ')}.`,
    [
      "- Reference (no rolesync code): building a Map of the account's users and looking up every workspace",
      `membership in it, the core of resolve, grows with exponent ${grow(first.reference.wall, last.reference.wall)}`,
      `(CPU ${grow(first.reference.cpu, last.reference.cpu)}) from ${pairName(main)}; one lookup costs`,
      `${perLookup(first)} at ${first.factor}× and ${perLookup(last)} at ${last.factor}×. The number of lookups is`,
      'linear; each gets dearer as the Map and the strings it points to outgrow the CPU caches, and stages made of',
      'such lookups (resolve, the diff, policy) follow this line rather than a straight one.',
    ].join(' '),
    `- Memory from ${pairName(main)}: heap peak exponent ${grow(first.heapPeakMiB, last.heapPeakMiB)}, ` +
      `max RSS ${grow(first.maxRssMiB, last.maxRssMiB)}.`,
  ];
}

const ops = (w: WorkCounts): number => w.hashOps + w.comparisons;
/** Nanoseconds of a stage's fastest warm pass per counted operation; '—' for a stage that counts none. */
const perOp = (s: ScaleFigures, stage: Stage): string =>
  ops(s.work[stage]) > 0 ? `${((s.warm.wall[stage] * 1e6) / ops(s.work[stage])).toFixed(0)} ns` : '—';

/** The counted work of each stage between the main pair of sizes, and its time per operation. */
function workSection(sizes: readonly ScaleFigures[], main: readonly [number, number]): string[] {
  const first = sizes.find((s) => s.factor === main[0])!;
  const last = sizes.find((s) => s.factor === main[1])!;
  const grows = (stage: Stage) => exponent(ops(first.work[stage]), ops(last.work[stage]), first.factor, last.factor);
  const counted = STAGES.filter((stage) => ops(first.work[stage]) > 0 && ops(last.work[stage]) > 0);
  const over = counted.filter((stage) => !(grows(stage) <= LINEAR_TARGET));
  const a = `${first.factor}×`;
  const b = `${last.factor}×`;
  const widest = Math.max(...counted.map(grows));
  return [
    '### Work per stage (counted, not timed)',
    '',
    [
      'After the timed passes each child runs every stage once more with its calls of Map and Set methods',
      '(`get`, `set`, `has`, `add`, `delete`: the hash lookups) and of sort comparators counted (`src/bench/work.ts`).',
      "Counts do not depend on the machine's caches or load, so their growth shows whether a stage's algorithm is",
      'linear; the time per operation (the fastest warm pass ÷ the count) shows what the machine charges for each.',
      'Stages without either (the JSON rendering: string building) show —.',
    ].join(' '),
    '',
    table(
      [
        'stage',
        `hash operations ${a}`,
        `hash operations ${b}`,
        `comparisons ${a}`,
        `comparisons ${b}`,
        `exponent ${pairName(main)}`,
        `time per operation ${a}`,
        `time per operation ${b}`,
      ],
      STAGES.map((stage) => [
        STAGE_NAME[stage],
        int(first.work[stage].hashOps),
        int(last.work[stage].hashOps),
        int(first.work[stage].comparisons),
        int(last.work[stage].comparisons),
        counted.includes(stage) ? fmt(grows(stage)) : '—',
        perOp(first, stage),
        perOp(last, stage),
      ]),
    ),
    '',
    over.length === 0
      ? `- Counted work grows with an exponent of at most ${fmt(widest)} from ${pairName(main)} in every stage ` +
        `that counts any (target ${LINEAR_TARGET}): the algorithms are linear (sorting n log n).`
      : `- Counted work above ${LINEAR_TARGET} from ${pairName(main)}: ` +
        `${over.map((stage) => `${STAGE_NAME[stage]} (${fmt(grows(stage))})`).join(', ')}.`,
    `- Time per operation from ${a} to ${b}: ` +
      `${counted.map((stage) => `${STAGE_NAME[stage]} ${perOp(first, stage)} → ${perOp(last, stage)}`).join('; ')}; ` +
      `the reference's lookup ${perLookup(first)} → ${perLookup(last)}.`,
  ];
}

const coldSamples = (processes: number): string =>
  processes > 1 ? `the median of ${processes} samples (one a process)` : 'one sample';

export function scaleSection(input: readonly ScaleFigures[]): string {
  const sizes = [...input].sort((a, b) => a.factor - b.factor);
  const passes = sizes[0]?.warmPasses ?? 0;
  const processes = sizes[0]?.processes ?? 1;
  const fastest = `fastest of ${passes} warm passes`;
  const parts = [
    '## 2. Loader and planner at scale, without the network',
    '',
    method(passes, processes),
    '',
    sizesTable(sizes),
    '',
    [
      'Heap figures are `process.memoryUsage().heapUsed` after the fixtures were built and the largest after any',
      'stage of the cold pass; max RSS is `process.resourceUsage().maxRSS` of the child, fixtures (seed, live',
      'state, manifest text) included.',
    ].join(' '),
    '',
    `### Time per stage (${processes > 1 ? `median over ${processes} processes of each one's ${fastest}` : fastest}, wall clock)`,
    '',
    timesTable(sizes),
  ];
  const pairs = growthPairs(sizes.map((s) => s.factor));
  if (pairs.length > 0) parts.push('', ...growthSection(sizes, pairs), '', ...workSection(sizes, pairs[0]!));
  return parts.join('\n');
}
