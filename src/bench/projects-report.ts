// Section 6 of BENCHMARKS.md: a plan with projects against the minimum list calls, and an apply of
// project grants and removals against its burst-aware floor. Verdicts are computed, never typed in.
import type { Operation } from '../api/index.js';
import { sum } from './calls.js';
import { int, ratio, seconds, table } from './format.js';
import type { PhaseFigures } from './api.js';
import type { Pacing, ProjectsBenchResult, ProjectsRun } from './projects-bench.js';
import { ENDPOINT, FLOOR_HEADER, LIST_OPS, n, phaseRow, sameCounts, usedOps, yes } from './report-parts.js';

/** Within this factor of the burst-aware floor counts as "at the floor" for the projects apply. */
export const PROJECTS_FLOOR_TARGET = 1.05;

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const gap = (p: Pacing): string => `${p.pacedGapMs.toFixed(1)} ms`;
const ratioOf = (f: PhaseFigures): number => f.wallMs / f.floor.trueMs;

function floorRows(run: ProjectsRun, withPlan: boolean): string[][] {
  const { plan, applied, windowMs } = run;
  const at = `, time scale ${run.timeScale}`;
  return [
    ...(withPlan
      ? [
          phaseRow(`plan, whole command${at}`, plan, windowMs),
          phaseRow(
            `plan, reads only (without ${seconds(plan.loadMs)} manifest load, ${seconds(plan.buildMs)} planning)${at}`,
            { ...plan, wallMs: plan.readMs },
            windowMs,
          ),
        ]
      : []),
    phaseRow(`apply: checks + writes${at}`, applied.writes, windowMs),
    phaseRow(`apply: verifying plan${at}`, applied.verify, windowMs),
    phaseRow(`apply, whole command (floor: checks + writes, then verify)${at}`, applied.apply, windowMs),
  ];
}

/** The fixed costs of a run: its parts that do not depend on the rate limits' pace. */
function fixedMs(p: Pacing): number {
  return p.startMs + p.firstMs + p.tailMs + p.verifyMs;
}

/** What the apply's wall time is made of, beside its floor (the paced calls at the documented rate). */
function pacingRows(p: Pacing, wholeMs: number): string[][] {
  const paced = p.calls - p.limit;
  const floorMs = paced * p.intervalMs;
  const row = (what: string, x: number, note: string) => [what, seconds(x), ratio(x, floorMs), note];
  const op = ENDPOINT[p.operation];
  return [
    row('before the checks: manifest load, saved plan, `/v4/me`, account users (token check)', p.startMs, 'fixed'),
    row(`the first change's checks, to its ${op} answered`, p.firstMs, 'fixed: reads in turn'),
    row(
      `first ${op} answer to the last: ${int(p.calls)} calls, a burst of ${int(p.limit)} then ${int(paced)} paced ` +
        `(floor ${int(paced)} × ${ms(p.intervalMs)} = ${seconds(floorMs)})`,
      p.spanMs,
      'the paced part',
    ),
    [
      `… after the burst, one answer every ${gap(p)} (the rate: ${ms(p.intervalMs)})`,
      '',
      '',
      `${(p.pacedGapMs / p.intervalMs).toFixed(3)}× the rate`,
    ],
    row('after its last answer, until the last write of any lane', p.tailMs, ''),
    row('the verifying plan', p.verifyMs, 'fixed'),
    row('**whole command**', wholeMs, ''),
  ];
}

function pacingFindings(p: Pacing, timeScale: number, floorMs: number, slow?: ProjectsRun): string[] {
  const fixed = fixedMs(p);
  const lanes =
    p.tailMs < p.intervalMs
      ? 'so no other lane held the apply up'
      : 'so another lane, not this endpoint, decided when the writes ended';
  const elsewhere = slow?.pacing
    ? ` At time scale ${slow.timeScale}, with a floor ${(timeScale / slow.timeScale).toFixed(0)}× longer, they took ` +
      `${seconds(slow.pacing.startMs)}, ${seconds(slow.pacing.firstMs)} and ${seconds(slow.pacing.verifyMs)}: ` +
      'they do not grow with the floor.'
    : '';
  return [
    `- The pace: after the burst the client sends one ${ENDPOINT[p.operation]} every ${gap(p)} against the ` +
      `rate's ${ms(p.intervalMs)} (${(p.pacedGapMs / p.intervalMs).toFixed(3)}×): the rate budget ` +
      '(`src/client/budget.ts`) refills its buckets `safetyFactor` (by default 1.02) slower than the documented ' +
      'rate, to leave room for the jitter between sending and the server counting. That margin is the checks and ' +
      `writes' gap to the floor, bar the first change's reads (${seconds(p.firstMs)}); the last write of any lane ` +
      `came ${seconds(p.tailMs)} after this endpoint's last answer, ${lanes}.`,
    `- The whole command's further gap is fixed cost: the start of the command (${seconds(p.startMs)}: the ` +
      "manifest load, the saved plan and the token check), the first change's " +
      `checks (${seconds(p.firstMs)}) and the verifying plan (${seconds(p.verifyMs)}).${elsewhere} Against the ` +
      `real API's windows (time scale 1: a floor of ${seconds(floorMs * timeScale)}) these ${seconds(fixed)} ` +
      `would be ${((100 * fixed) / (floorMs * timeScale)).toFixed(2)}% of the floor.`,
  ];
}

export function projectsSection(r: ProjectsBenchResult): string {
  const { run, slow, sizes, scenario: o, expected: e } = r;
  const { plan, applied } = run;
  const planOps = usedOps(plan.tally.calls, plan.minimum ?? {}, applied.verify.tally.calls);
  const listExact = sameCounts(plan.tally.calls, plan.minimum ?? {}, planOps);
  const verifyExact = sameCounts(applied.verify.tally.calls, applied.verify.minimum ?? {}, planOps);
  const writesMinimum = { ...applied.writes.minimumReads, ...(applied.writes.minimum ?? {}) };
  const applyOps = usedOps(applied.writes.tally.calls, writesMinimum);
  const writesExact = sameCounts(applied.writes.tally.calls, writesMinimum, applyOps);
  const changes = e.set_project_role + e.remove_project_user;
  const total429 = plan.tally.total429 + applied.apply.tally.total429;
  const writesRatio = ratioOf(applied.writes);
  const wholeRatio = ratioOf(applied.apply);
  const verdict = (x: number) => `${yes(x <= PROJECTS_FLOOR_TARGET)} (${Number.isFinite(x) ? x.toFixed(3) : '—'}×)`;
  const windowS = seconds(run.windowMs);
  const limit = (op: Operation) => r.limits[op];

  const setup = [
    `The emulator as in section 1 (127.0.0.1, real HTTP, one leaky bucket per operation) on **time scale ` +
      `${run.timeScale}** (a window lasts ${windowS}), with the project operations' documented limits per minute: ` +
      `${limit('projects.index')} for a workspace's projects, ${limit('projects.show')} for one project, ` +
      `${limit('project_user_roles.index')} for a project's users, ${limit('project_user_roles.update')} for the ` +
      `project role PATCH, ${limit('project_permissions.delete')} for the project user DELETE.`,
    '',
    `Seed: ${int(sizes.accountUsers)} account users, ${int(sizes.workspaces)} workspaces of ` +
      `${int(o.membersPerWorkspace)} members (${int(sizes.memberships)} memberships), ${int(o.projectsPerWorkspace)} ` +
      `projects in each (${int(sizes.projectsInSeed)}) with ${int(o.grantsPerProject)} direct grants each, drawn ` +
      'from all account members, so most grantees are project-only collaborators (not members of the workspace); ' +
      'project listings show direct grants. The manifest keeps every workspace as it is (authoritative); the first ' +
      `${int(o.listingWorkspaces)} workspaces list ${int(o.listedPerWorkspace)} of their projects each ` +
      `(${int(sizes.listedProjects)} projects, \`mode: authoritative\`, every other one pinned by id; ` +
      `${int(sizes.listedProjectRows)} listing rows), the other projects and workspaces list none. It differs from ` +
      `the seed in exactly **${int(changes)} changes**: ${int(e.set_project_role)} project grants ` +
      `(\`set_project_role\` to users with no access to the project yet) and ${int(e.remove_project_user)} removals ` +
      '(`remove_project_user` of project-only collaborators the manifest leaves out), spread over the listed ' +
      'projects; no removed user is granted anywhere. The bench checks the plan has exactly these.',
    '',
    'rolesync runs as in section 1: `rolesync plan --out plan.json`, then `rolesync apply --plan plan.json --yes` ' +
      '(the token check, precondition reads, the write lanes side by side, a verifying plan), each with a fresh ' +
      'client on full rate-limit buckets.',
  ];

  const planCalls = table(
    ['endpoint', 'minimum', 'rolesync plan', 'rolesync verifying plan', 'minimum after apply'],
    planOps.map((op) => [
      ENDPOINT[op],
      n(plan.minimum, op),
      n(plan.tally.calls, op),
      n(applied.verify.tally.calls, op),
      n(applied.verify.minimum, op),
    ]),
  );

  const applyRows = applyOps.map((op) => [
    ENDPOINT[op],
    LIST_OPS.includes(op) ? n(applied.writes.minimumReads, op) : n(applied.writes.minimum, op),
    n(applied.writes.tally.calls, op),
    n(applied.writes.tally.limited, op),
  ]);
  applyRows.push([
    'total',
    int(sum(writesMinimum)),
    int(applied.writes.tally.total),
    int(applied.writes.tally.total429),
  ]);
  const applyCalls = table(
    [
      'endpoint',
      'minimum (writes: one per change; reads: each scope a check needs, once)',
      'rolesync: checks + writes',
      'of which 429',
    ],
    applyRows,
  );

  const floors = table(FLOOR_HEADER, [...floorRows(run, true), ...(slow ? floorRows(slow, false) : [])]);

  const estimate =
    `The plan's own estimate of its writes (\`src/plan/estimate.ts\`: each class a full bucket at once, then its ` +
    'rate; the classes side by side; the slowest decides) is ' +
    `${seconds(run.estimateMs)} at this scale; the true floor of the checks and writes, from the calls the ` +
    `emulator charged, is ${seconds(applied.writes.floor.trueMs)}` +
    (Math.abs(run.estimateMs - applied.writes.floor.trueMs) < 1 ? ' (the same).' : '.');

  const parts = run.pacing
    ? [
        '',
        `### Where the apply's time goes (time scale ${run.timeScale})`,
        '',
        "From the emulator's answer times of the slowest write endpoint, in the order a run meets them.",
        '',
        table(['part', 'time', '÷ floor', ''], pacingRows(run.pacing, applied.apply.wallMs)),
      ]
    : [];

  const outcomes = Object.entries(applied.apply.outcomes)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const findings = [
    `- Plan list calls equal the minimum for every endpoint: ${yes(listExact)} (one project listing per workspace ` +
      `that lists projects: ${n(plan.tally.calls, 'projects.index')}; the users of each listed project, pages of ` +
      `100: ${n(plan.tally.calls, 'project_user_roles.index')}; no call for an unlisted project or a workspace that ` +
      `lists none). The verifying plan too: ${yes(verifyExact)}.`,
    `- Checks and writes equal the minimum for every endpoint: ${yes(writesExact)} ` +
      `(${int(applied.writes.tally.total)} calls, minimum ${int(sum(writesMinimum))}).`,
    `- 429s over plan and apply: ${int(total429)} (client: ` +
      `${int(plan.clientStats.rateLimited + applied.apply.clientStats.rateLimited)} seen, ` +
      `${int(plan.clientStats.retries + applied.apply.clientStats.retries)} retries).`,
    `- Checks + writes within ${PROJECTS_FLOOR_TARGET.toFixed(2)}× of the burst-aware floor: ` +
      `${verdict(writesRatio)}. Whole \`apply\` command, verifying plan included: ${verdict(wholeRatio)}.` +
      (slow
        ? ` At time scale ${slow.timeScale}: ${verdict(ratioOf(slow.applied.writes))} and ` +
          `${verdict(ratioOf(slow.applied.apply))}.`
        : ''),
    `- Every change applied: ${yes((applied.apply.outcomes.applied ?? 0) === changes)} (${outcomes}); the ` +
      `verifying plan found ${int(applied.apply.verifyChanges)} changes left.`,
    ...(run.pacing ? pacingFindings(run.pacing, run.timeScale, applied.writes.floor.trueMs, slow) : []),
  ];

  return [
    '## 6. Projects: plan and apply against the emulator',
    '',
    ...setup,
    '',
    '### Calls per endpoint: plan',
    '',
    planCalls,
    '',
    '### Calls per endpoint: apply',
    '',
    applyCalls,
    '',
    '### Wall time against the rate-limit floor',
    '',
    `Real time; emulated minutes in brackets. ${estimate}`,
    '',
    floors,
    ...parts,
    '',
    '### Findings',
    '',
    ...findings,
  ].join('\n');
}
