// Section 8 of BENCHMARKS.md: `rolesync export` and `rolesync report` against the emulator, their list
// calls against the fewest, audit-log calls against the cap, wall time against the read floor, and the
// cost lines against the calls that followed. Verdicts are computed, never typed in.
import type { Operation } from '../api/index.js';
import { ACTIVITY_MAX_PAGES } from '../report/activity.js';
import type { Counts } from './calls.js';
import { floorOf, sequentialFloor, type Floor } from './floor.js';
import { int, ratio, seconds, table } from './format.js';
import { pagesFor } from './minimum.js';
import type { ReportBenchResult, ReportBenchRun } from './report-bench.js';
import { ENDPOINT, FLOOR_HEADER, phaseRow, usedOps, yes } from './report-parts.js';

const AUDIT: Operation = 'auditlog.index';

/**
 * The list operations (all but the audit log) where a run's answered calls differ from the fewest
 * (a 429 is sent again: it is counted apart, not as a list call).
 */
export function listMisses(
  run: Pick<ReportBenchRun, 'tally' | 'minimum'>,
): { op: Operation; calls: number; minimum: number }[] {
  const calls: Counts = { ...run.tally.charged, [AUDIT]: 0 };
  return usedOps(calls, run.minimum)
    .filter((op) => op !== AUDIT && (calls[op] ?? 0) !== (run.minimum[op] ?? 0))
    .map((op) => ({ op, calls: calls[op] ?? 0, minimum: run.minimum[op] ?? 0 }));
}

/** A report's audit-log calls: the fewest for its logins, within the cap, and as the report counts them. */
export function auditVerdict(run: ReportBenchRun): {
  made: number;
  atMinimum: boolean;
  bounded: boolean;
  counted: boolean;
} {
  const made = run.tally.charged[AUDIT] ?? 0;
  return {
    made,
    atMinimum: made === run.auditMinimum,
    bounded: made <= ACTIVITY_MAX_PAGES,
    counted: run.reportedAuditCalls === made,
  };
}

const missText = (m: { run: ReportBenchRun; op: Operation; calls: number; minimum: number }): string =>
  `\`${short(m.run.label)}\` ${ENDPOINT[m.op]}: ${int(m.calls)} for ${int(m.minimum)}`;

/**
 * The reads in the order export makes them, each endpoint with its own bucket, full at its first call:
 * first the account's lists; then, side by side, the workspaces' members on one side, and on the
 * other every projects listing followed (the cost lines said) by the projects' users, the groups'
 * members and the group grants; the audit log last.
 */
export const READ_STEPS = {
  first: ['users.show', 'accounts.index', 'account_user_roles.index', 'workspaces.index', 'groups.index'],
  members: ['workspace_user_roles.index'],
  listings: ['projects.index'],
  afterListings: [
    'project_user_roles.index',
    'group_users.index',
    'workspace_group_roles.index',
    'project_group_roles.index',
  ],
  last: [AUDIT],
} as const satisfies Record<string, readonly Operation[]>;

/** Two tracks of reads side by side: the slower one's floor. */
function beside(a: Floor, b: Floor): Floor {
  const slower = b.trueMs > a.trueMs ? b : a;
  return { ...slower, simpleMs: Math.max(a.simpleMs, b.simpleMs) };
}

/** The floor of a run's reads in export's order (`READ_STEPS`): steps add up, tracks side by side do not. */
export function stepFloor(charged: Counts, windowMs: number): Floor {
  const step = (ops: readonly Operation[]) =>
    floorOf(Object.fromEntries(ops.filter((op) => charged[op]).map((op) => [op, charged[op]])) as Counts, windowMs);
  const projects = sequentialFloor(step(READ_STEPS.listings), step(READ_STEPS.afterListings));
  return sequentialFloor(step(READ_STEPS.first), beside(step(READ_STEPS.members), projects), step(READ_STEPS.last));
}

const short = (label: string) => label.replace(/^rolesync /, '').replace(' (the manifest above)', '');

function callsTable(r: ReportBenchResult): string {
  const ops = usedOps(
    ...r.runs.flatMap((run) => [run.tally.calls, run.minimum]),
    ...r.runs.map((run) => ({ [AUDIT]: run.auditMinimum })),
  );
  const rows = ops.map((op) => [
    ENDPOINT[op],
    ...r.runs.map((run) => {
      const minimum = op === AUDIT ? run.auditMinimum : (run.minimum[op] ?? 0);
      return `${int(run.tally.charged[op] ?? 0)} / ${int(minimum)}`;
    }),
  ]);
  rows.push(['429s (each retried)', ...r.runs.map((run) => int(run.tally.total429))]);
  rows.push([
    '**all list calls** (audit log apart)',
    ...r.runs.map((run) => {
      const made = run.tally.total - run.tally.total429 - (run.tally.charged[AUDIT] ?? 0);
      const minimum = Object.values(run.minimum).reduce((n, c) => n + (c ?? 0), 0);
      return `${int(made)} / ${int(minimum)}`;
    }),
  ]);
  return table(['endpoint (calls answered / fewest)', ...r.runs.map((run) => `\`${short(run.label)}\``)], rows);
}

function costTable(r: ReportBenchResult): string {
  const rows = r.runs.flatMap((run) =>
    run.costLines.map((c) => [
      `\`${short(run.label)}\``,
      c.kind,
      int(c.printed),
      int(c.listings),
      yes(c.printed === c.listings),
      int(c.made),
      int(c.minimum),
      yes(c.made === c.minimum),
    ]),
  );
  return table(
    [
      'command',
      'line',
      'calls it says',
      'listings it names',
      'says them',
      'calls answered',
      'fewest (with further pages)',
      'answered = fewest',
    ],
    rows,
  );
}

export function reportExportSection(r: ReportBenchResult): string {
  const { sizes: s, scenario: o } = r;
  const misses = r.runs.flatMap((run) => listMisses(run).map((m) => ({ run, ...m })));
  const reports = r.runs.filter((run) => run.command === 'report');
  const audits = reports.map((run) => ({ run, ...auditVerdict(run) }));
  const lines = r.runs.flatMap((run) => run.costLines);
  const fullRuns = r.runs.filter((run) => run.minimum['project_user_roles.index'] !== undefined);
  const linesPresent = fullRuns.every(
    (run) => run.costLines.some((c) => c.kind === 'projects') && run.costLines.some((c) => c.kind === 'groups'),
  );
  const total429 = r.runs.reduce((n, run) => n + run.tally.total429, 0);
  const errors = r.runs.reduce((n, run) => n + run.tally.errors, 0);
  const ratios = r.runs.map((run) => run.wallMs / Math.max(run.floor.trueMs, 1e-9));
  const steps = r.runs.map((run) => stepFloor(run.tally.charged, r.windowMs));
  const windowMs = r.windowMs;
  const pagesNeeded = pagesFor(s.logins);
  return [
    '## 8. Report and export against the emulator',
    '',
    `The built CLI (\`node dist/cmd/rolesync.js\`, one process per command, credentials \`FRAMEIO_TOKEN\` and ` +
      `\`FRAMEIO_API_URL\` only) against one emulator with the documented limits at time scale ${r.timeScale} ` +
      `(an emulated minute is ${seconds(windowMs)}); every command starts on full rate-limit buckets. The seed: ` +
      `${int(s.accountUsers)} account users, ${int(s.workspaces)} workspaces of ` +
      `${int(o.membersPerWorkspace)} members (${int(s.memberships)} memberships), ${int(s.projects)} projects ` +
      `(${int(s.projectGrants)} direct grants; one project in ${o.largeProjectEvery} has ` +
      `${int(o.largeProjectGrants)}: two pages), ${int(s.groups)} Frame.io groups (${int(o.frameGroups)} \`frame\` ` +
      `groups of ${int(o.groupMembers)} members granted on workspaces and projects, one synced group granted on a ` +
      `workspace, one granted nowhere) and ${int(s.logins)} \`user_login\` events in ` +
      'the last 30 days. The last command reports on the manifest the second one wrote.',
    '',
    'Calls per endpoint the emulator answered (its request log; a 429 is counted apart, and the client sends ' +
      'that call again), against the fewest the lists need (every page of 100, one page at least per listing; ' +
      `the audit log: every page of the logins, at most ${ACTIVITY_MAX_PAGES} per account):`,
    '',
    callsTable(r),
    '',
    "Wall time (spawn to exit, with Node's start and the export's round-trip proof) against the read " +
      'rate-limit floor (each endpoint its own bucket of 100 a minute):',
    '',
    table(
      [...FLOOR_HEADER, 'first to last answer', "true floor, in export's order", 'first to last ÷ it'],
      r.runs.map((run, i) => [
        ...phaseRow(`\`${short(run.label)}\``, { wallMs: run.wallMs, tally: run.tally, floor: run.floor }, windowMs),
        seconds(run.readsMs),
        seconds(steps[i]!.trueMs),
        ratio(run.readsMs, steps[i]!.trueMs),
      ]),
    ),
    '',
    "The cost lines export and report print before reading projects' users and Frame.io groups, against the " +
      'calls that followed (a line counts one call per listing and names the rest: "one more per further page of ' +
      '100", and for groups "per synced group granted there"):',
    '',
    costTable(r),
    '',
    '### Findings',
    '',
    `- **List calls at the fewest:** ${yes(misses.length === 0)}` +
      (misses.length === 0
        ? ` (${int(r.runs.length)} commands, every endpoint).`
        : `; ${misses.map(missText).join('; ')}.`),
    `- **Audit log:** ${int(s.logins)} logins need ${int(pagesNeeded)} pages; each report made ` +
      `${audits.map((a) => int(a.made)).join(', ')} audit-log calls: the fewest within the cap of ` +
      `${ACTIVITY_MAX_PAGES}: ` +
      `${yes(audits.every((a) => a.atMinimum && a.bounded))}; as the report's JSON counts them (\`activity.calls\`): ` +
      `${yes(audits.every((a) => a.counted))}.` +
      (reports[0]?.activityNote ? ` The report says: "${reports[0].activityNote}".` : ''),
    `- **Cost lines:** printed by every command that reads projects and groups: ${yes(linesPresent)}; each says ` +
      `exactly the listings it names: ${yes(lines.length > 0 && lines.every((c) => c.printed === c.listings))}; the ` +
      `calls answered are those plus the further pages and synced groups it names: ` +
      `${yes(lines.length > 0 && lines.every((c) => c.made === c.minimum))}.`,
    `- **429s:** ${int(total429)} over the ${int(r.runs.length)} commands ` +
      `(${r.runs.map((run) => int(run.tally.total429)).join(', ')}), ` +
      `each sent again: the calls sent were the fewest plus these; answers other than 2xx and 429: ${int(errors)}.`,
    `- **Wall ÷ true floor:** ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}. That floor counts the ` +
      'endpoints side by side; export reads in steps (members once the workspaces are listed, and beside them ' +
      "the projects listings, then the projects' users and group grants; the audit log last), and so the true " +
      'floor is ' +
      `${steps.map((f) => seconds(f.trueMs)).join(', ')}: the reads, first to last answer, took ` +
      `${r.runs.map((run, i) => ratio(run.readsMs, steps[i]!.trueMs)).join(', ')} that. The rest of the wall is ` +
      "Node's start, loading the manifest (the last command) and the work on what was read, which weigh more at " +
      'this time scale than against the real API.',
  ].join('\n');
}
