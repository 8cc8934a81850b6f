// Section 7 of BENCHMARKS.md: onboarding through one Frame.io group against per-user role PATCHes,
// calls and floors of each path and the measured ratio. Verdicts are computed, never typed in.
import { addCounts } from './calls.js';
import { int, seconds, table } from './format.js';
import type { GroupsBenchResult, GroupsPathRun } from './groups-bench.js';
import { ENDPOINT, FLOOR_HEADER, phaseRow, usedOps, yes } from './report-parts.js';

/** The goal: the group path at least this many times faster than the per-user PATCHes. */
export const GROUPS_SPEEDUP_TARGET = 20;

const emulatedMin = (ms: number, windowMs: number): string => `${(ms / windowMs).toFixed(1)} min`;

const writesOf = (run: GroupsPathRun): number => run.writeCalls;

function callRows(r: GroupsBenchResult): string[][] {
  const rows: string[][] = [];
  for (const [name, run] of [
    ['one group', r.viaGroup],
    ['per-user PATCHes', r.perUser],
  ] as const) {
    const { calls } = run.applied.writes.tally;
    const minimum = addCounts(run.applied.writes.minimum ?? {}, run.applied.writes.minimumReads);
    for (const op of usedOps(calls, minimum)) {
      rows.push([name, ENDPOINT[op], int(calls[op] ?? 0), int(minimum[op] ?? 0)]);
    }
  }
  return rows;
}

export function groupsSection(r: GroupsBenchResult): string {
  const { viaGroup: g, perUser: u, windowMs, options } = r;
  const speedup = u.applied.apply.wallMs / g.applied.apply.wallMs;
  const floorRatio = u.applied.writes.floor.simpleMs / Math.max(g.applied.writes.floor.simpleMs, 1e-9);
  const total429 =
    g.plan.tally.total429 + g.applied.apply.tally.total429 + u.plan.tally.total429 + u.applied.apply.tally.total429;
  const memberships = options.users * options.workspaces;
  return [
    '## 7. Onboarding through one Frame.io group',
    '',
    `${int(options.users)} users given \`${options.role}\` on ${int(options.workspaces)} workspaces, two ways, each ` +
      '`rolesync plan` then `rolesync apply --plan` on a fresh emulator with the documented limits, at time scale ' +
      `${options.timeScale} (an emulated minute is ${seconds(windowMs)}):`,
    `- **one group**: the manifest declares the Frame.io group "${r.group}" with the ${int(options.users)} members and ` +
      `grants it the role on each workspace: ${int(g.changes)} changes in the plan (1 create, ` +
      `${int(options.users)} member adds, ${int(options.workspaces)} group grants), which apply sends as ` +
      `${int(writesOf(g))} write calls (member adds batched, 100 a call);`,
    `- **per-user PATCHes**: the same access as ${int(memberships)} workspace role grants, one PATCH each.`,
    '',
    "The apply's calls (its checks' reads and its writes) by endpoint, against the fewest the changes need:",
    '',
    table(['path', 'endpoint', 'calls', 'minimum'], callRows(r)),
    '',
    'Wall time against the rate-limit floor (real time; minutes are emulated):',
    '',
    table(FLOOR_HEADER, [
      phaseRow('one group: plan', g.plan, windowMs),
      phaseRow('one group: apply, checks + writes', g.applied.writes, windowMs),
      phaseRow('one group: apply, whole command', g.applied.apply, windowMs),
      phaseRow('per-user: plan', u.plan, windowMs),
      phaseRow('per-user: apply, checks + writes', u.applied.writes, windowMs),
      phaseRow('per-user: apply, whole command', u.applied.apply, windowMs),
    ]),
    '',
    `- **Speed-up, measured:** the per-user apply took ${seconds(u.applied.apply.wallMs)} ` +
      `(${emulatedMin(u.applied.apply.wallMs, windowMs)} emulated), the group apply ${seconds(g.applied.apply.wallMs)} ` +
      `(${emulatedMin(g.applied.apply.wallMs, windowMs)}): **${speedup.toFixed(1)}×** faster ` +
      `(goal ≥ ${GROUPS_SPEEDUP_TARGET}×: ${yes(speedup >= GROUPS_SPEEDUP_TARGET)}). By the floors (calls ÷ rate of ` +
      `the slowest endpoint) the ratio is ${floorRatio.toFixed(0)}×: ${int(memberships)} PATCHes at 10 a minute against ` +
      `${int(options.workspaces)} group grants at 10 a minute. The group path's time is mostly fixed costs (reads, ` +
      'the verifying plan), which weigh more at this time scale than they would against the real API.',
    `- **Estimate:** the plan said ${seconds(g.estimateMs)} and ${seconds(u.estimateMs)} of rate-limit time.`,
    `- **429s:** ${int(total429)} over both paths' plans and applies.`,
    `- **Same access:** every user's effective role on every workspace is the same after both paths: ${yes(r.sameAccess)}.`,
    `- The verifying plans found ${int(g.applied.apply.verifyChanges)} and ${int(u.applied.apply.verifyChanges)} changes left.`,
  ].join('\n');
}
