// The report and export benchmark: the built CLI's `rolesync export` and `rolesync report` against the
// emulator (documented limits, a time scale) over real HTTP, on a seed whose lists take several pages;
// calls per endpoint from the emulator's request log against the fewest the lists need, and cost lines.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RATE_WINDOW_MS, type Operation } from '../api/index.js';
import {
  BENCH_ADMIN_TOKEN,
  generateState,
  type Emulator,
  type EmulatorStateInput,
  type SeedGroup,
} from '../emulator/index.js';
import { ACTIVITY_MAX_PAGES } from '../report/activity.js';
import type { Report } from '../report/types.js';
import { tally, type Counts, type Tally } from './calls.js';
import { runNodeArgv } from './child.js';
import { floorOf, type Floor } from './floor.js';
import { minimumPlanCalls, pagesFor, projectListing } from './minimum.js';
import { benchEmulator } from './emulator.js';

export interface ReportScenarioOptions {
  users: number;
  workspaces: number;
  membersPerWorkspace: number;
  projectsPerWorkspace: number;
  /** Direct grants of most projects (one page of users). */
  grantsPerProject: number;
  /** Every this-many-th project (in seed order) keeps `largeProjectGrants` instead: more than a page. */
  largeProjectEvery: number;
  largeProjectGrants: number;
  /** `frame` groups, each with `groupMembers` members, granted on workspaces and projects. */
  frameGroups: number;
  groupMembers: number;
  /** `user_login` events in the audit log, all within the last 30 days. */
  logins: number;
  seed?: number;
}

/** The seed, with one synced group granted on a workspace (read) and one granted nowhere (never read). */
export function buildReportState(o: ReportScenarioOptions): EmulatorStateInput {
  const state = generateState({
    users: o.users,
    workspaces: o.workspaces,
    membersPerWorkspace: o.membersPerWorkspace,
    projectsPerWorkspace: o.projectsPerWorkspace,
    grantsPerProject: o.largeProjectGrants,
    seed: o.seed ?? 13,
  });
  const account = state.accounts[0]!;
  const workspaces = account.workspaces ?? [];
  let k = 0;
  for (const ws of workspaces)
    for (const p of ws.projects ?? []) {
      if (k++ % o.largeProjectEvery === 0) continue;
      p.users = Object.fromEntries(Object.entries(p.users ?? {}).slice(0, o.grantsPerProject));
    }
  const members = Object.keys(account.users ?? {})
    .filter((e) => account.users![e] === 'member')
    .sort();
  const id = (n: number) => `00000000-0000-4000-8000-${String(900_000_000_000 + n).padStart(12, '0')}`;
  const groups: SeedGroup[] = [];
  for (let g = 0; g < o.frameGroups; g++) {
    const from = (g * o.groupMembers) % Math.max(1, members.length);
    const chosen = [...members.slice(from), ...members.slice(0, from)].slice(0, o.groupMembers);
    groups.push({ id: id(g + 1), name: `Team ${String(g + 1).padStart(2, '0')}`, members: chosen });
  }
  groups.push({ id: id(901), name: 'Synced Granted', source: 'adobe', members: members.slice(0, 30) });
  groups.push({ id: id(902), name: 'Synced Idle', source: 'adobe', members: members.slice(30, 60) });
  account.groups = groups;
  // Frame groups take turns over the workspaces and each workspace's first project; the synced one
  // is granted on the first workspace only.
  workspaces.forEach((ws, w) => {
    if (o.frameGroups > 0) ws.groups = { [groups[w % o.frameGroups]!.name]: 'editor' };
    const first = ws.projects?.[0];
    if (first && o.frameGroups > 0 && w % 2 === 0) first.groups = { [groups[(w + 1) % o.frameGroups]!.name]: 'viewer' };
  });
  if (workspaces[0]) workspaces[0].groups = { ...workspaces[0].groups, 'Synced Granted': 'commenter' };
  return state;
}

/** The first pages of the listings a read makes (each listing's further pages come on top). */
export interface ListReads {
  /** Pages per operation: the fewest calls. */
  pages: Counts;
  /** Listings per operation (one first page each). */
  listings: Counts;
}

/**
 * What `export --account` reads, at the fewest calls: /v4/me, the accounts, the account's users, its
 * workspaces and the members of each; with `projects` each workspace's projects and every project's
 * users; with `groups` the account's groups, the members of each `frame` group and of each synced
 * group granted on a read scope, and the group grants of every read workspace (and project).
 */
export function minimumExportReads(
  state: EmulatorStateInput,
  accountId: string,
  options: { projects: boolean; groups: boolean },
): ListReads {
  const account = state.accounts.find((a) => a.id === accountId);
  if (!account) throw new Error(`bench: no account ${accountId} in the state`);
  const workspaces = account.workspaces ?? [];
  const pages: Counts = minimumPlanCalls(state, accountId, { namesAccount: true });
  const listings: Counts = {
    'users.show': 1,
    'accounts.index': 1,
    'account_user_roles.index': 1,
    'workspaces.index': 1,
    'workspace_user_roles.index': workspaces.length,
  };
  const add = (op: Operation, rows: number) => {
    pages[op] = (pages[op] ?? 0) + pagesFor(rows);
    listings[op] = (listings[op] ?? 0) + 1;
  };
  const projects = options.projects ? workspaces.flatMap((w) => (w.projects ?? []).map((p) => ({ w, p }))) : [];
  if (options.projects) {
    for (const w of workspaces) add('projects.index', (w.projects ?? []).length);
    for (const { w, p } of projects) add('project_user_roles.index', projectListing(state, account, w, p).size);
  }
  if (options.groups) {
    const groups = account.groups ?? [];
    add('groups.index', groups.length);
    const granted = new Set<string>();
    for (const w of workspaces) {
      add('workspace_group_roles.index', Object.keys(w.groups ?? {}).length);
      for (const name of Object.keys(w.groups ?? {})) granted.add(name);
    }
    for (const { p } of projects) {
      add('project_group_roles.index', Object.keys(p.groups ?? {}).length);
      for (const name of Object.keys(p.groups ?? {})) granted.add(name);
    }
    for (const g of groups)
      if ((g.source ?? 'frame') === 'frame' || granted.has(g.name) || granted.has(g.id))
        add('group_users.index', (g.members ?? []).length);
  }
  return { pages, listings };
}

/** Audit-log calls a report makes at the fewest: every page of the logins, up to the cap. */
export function minimumAuditCalls(logins: number, cap = ACTIVITY_MAX_PAGES): number {
  return Math.min(pagesFor(logins), cap);
}

/** A cost line export and report print before reading, and what followed it. */
export interface CostLineCheck {
  kind: 'projects' | 'groups';
  line: string;
  /** "N more list calls" as printed. */
  printed: number;
  /** The listings the line counts, from the seed (the projects' users; frame groups' members and grants). */
  listings: number;
  /** The covered operations' calls the emulator answered (429s apart). */
  made: number;
  /** Their fewest calls: the line's listings, their further pages, and the synced groups' members. */
  minimum: number;
}

const PROJECT_OPS: Operation[] = ['project_user_roles.index'];
const GROUP_OPS: Operation[] = ['group_users.index', 'workspace_group_roles.index', 'project_group_roles.index'];

const countOf = (c: Counts, ops: Operation[]) => ops.reduce((n, op) => n + (c[op] ?? 0), 0);

/** The cost lines found in a command's stderr, each held against the calls made and the seed. */
export function checkCostLines(
  stderr: string,
  calls: Counts,
  reads: ListReads,
  state: EmulatorStateInput,
  accountId: string,
): CostLineCheck[] {
  const out: CostLineCheck[] = [];
  const account = state.accounts.find((a) => a.id === accountId)!;
  const frame = (account.groups ?? []).filter((g) => (g.source ?? 'frame') === 'frame').length;
  for (const line of stderr.split('\n')) {
    const count = /: ([\d,]+) more list calls?\b/.exec(line);
    if (!count) continue;
    const printed = Number(count[1]!.replaceAll(',', ''));
    if (line.startsWith('Reading the users of ')) {
      out.push({
        kind: 'projects',
        line,
        printed,
        listings: countOf(reads.listings, PROJECT_OPS),
        made: countOf(calls, PROJECT_OPS),
        minimum: countOf(reads.pages, PROJECT_OPS),
      });
    } else if (line.startsWith('Reading Frame.io groups ')) {
      const grants =
        (reads.listings['workspace_group_roles.index'] ?? 0) + (reads.listings['project_group_roles.index'] ?? 0);
      out.push({
        kind: 'groups',
        line,
        printed,
        listings: frame + grants,
        made: countOf(calls, GROUP_OPS),
        minimum: countOf(reads.pages, GROUP_OPS),
      });
    }
  }
  return out;
}

/** One CLI command against a fresh-bucketed emulator. */
export interface ReportBenchRun {
  /** As a user types it (ID and files by name). */
  label: string;
  command: 'export' | 'report';
  /** Spawn to exit of the built CLI, real ms. */
  wallMs: number;
  /** First answer to last answer, real ms. */
  readsMs: number;
  tally: Tally;
  floor: Floor;
  /** The list reads' fewest calls, the audit log's apart. */
  minimum: Counts;
  auditMinimum: number;
  costLines: CostLineCheck[];
  /** The report's own count of its audit-log calls (JSON `activity.calls`), report only. */
  reportedAuditCalls?: number;
  /** The report's activity note (a page cap reached), report only. */
  activityNote?: string | null;
}

export interface ReportBenchOptions {
  scenario: ReportScenarioOptions;
  /** 40 = an emulated minute passes in 1.5 real seconds. */
  timeScale: number;
  /** dist/cmd/rolesync.js */
  rolesync: string;
  progress?: (line: string) => void;
}

export interface ReportBenchResult {
  scenario: ReportScenarioOptions;
  timeScale: number;
  /** Real ms of one rate-limit window. */
  windowMs: number;
  sizes: {
    accountUsers: number;
    workspaces: number;
    memberships: number;
    projects: number;
    projectGrants: number;
    groups: number;
    logins: number;
  };
  runs: ReportBenchRun[];
}

/** `count` logins of the account's members through the emulator's control request, within the last days. */
async function seedLogins(emu: Emulator, state: EmulatorStateInput, count: number): Promise<void> {
  const account = state.accounts[0]!;
  const members = Object.keys(account.users ?? {}).filter((e) => account.users![e] === 'member');
  const now = Date.now();
  const post = async (i: number) => {
    const res = await fetch(`${emu.url}/_emulator/audit_events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        account: account.id,
        as_user: members[i % members.length],
        // One a minute going back: the newest an hour before now, all well within 30 days.
        at: new Date(now - 3_600_000 - i * 60_000).toISOString(),
        event_type: 'user_login',
      }),
    });
    if (res.status !== 200) throw new Error(`bench: seeding a login answered ${res.status}: ${await res.text()}`);
  };
  for (let start = 0; start < count; start += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - start) }, (_, k) => post(start + k)));
  }
}

export async function runReportBench(options: ReportBenchOptions): Promise<ReportBenchResult> {
  const say = options.progress ?? (() => undefined);
  const o = options.scenario;
  const state = buildReportState(o);
  const account = state.accounts[0]!;
  const workspaces = account.workspaces ?? [];
  const projects = workspaces.flatMap((w) => w.projects ?? []);
  const sizes: ReportBenchResult['sizes'] = {
    accountUsers: Object.keys(account.users ?? {}).length,
    workspaces: workspaces.length,
    memberships: workspaces.reduce((n, w) => n + Object.keys(w.users ?? {}).length, 0),
    projects: projects.length,
    projectGrants: projects.reduce((n, p) => n + Object.keys(p.users ?? {}).length, 0),
    groups: (account.groups ?? []).length,
    logins: o.logins,
  };
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-bench-report-'));
  const emu = await benchEmulator(state, options.timeScale);
  try {
    await seedLogins(emu, state, o.logins);
    // The answer time of every request from here on, by its place in the log less `base`.
    const base = emu.log.length;
    const answeredAt: number[] = [];
    emu.onRequest(() => answeredAt.push(performance.now()));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      FRAMEIO_API_URL: emu.url,
      FRAMEIO_TOKEN: BENCH_ADMIN_TOKEN,
      NO_COLOR: '1',
    };
    const manifest = join(dir, 'export-all.yaml');
    const reportJson = join(dir, 'report.json');
    const id = account.id;
    const json = ['--format', 'json', '--out', reportJson];
    /** Each command as a user types it (the label), its argv, and whether it reads projects and groups. */
    const plans: { label: string; command: 'export' | 'report'; argv: string[]; full: boolean }[] = [
      {
        label: 'export --account ID',
        command: 'export',
        argv: ['export', '--account', id, '--out', join(dir, 'export.yaml')],
        full: false,
      },
      {
        label: 'export --account ID --projects --groups',
        command: 'export',
        argv: ['export', '--account', id, '--projects', '--groups', '--out', manifest],
        full: true,
      },
      { label: 'report --account ID', command: 'report', argv: ['report', '--account', id, ...json], full: false },
      {
        label: 'report --account ID --projects --groups',
        command: 'report',
        argv: ['report', '--account', id, '--projects', '--groups', ...json],
        full: true,
      },
      // The manifest export wrote: every workspace, its projects, and `experimental: [frameio_groups]`.
      {
        label: 'report EXPORTED.yaml (the manifest above)',
        command: 'report',
        argv: ['report', manifest, ...json],
        full: true,
      },
    ];
    const runs: ReportBenchRun[] = [];
    for (const plan of plans) {
      say(`report: rolesync ${plan.label}`);
      emu.resetRateLimits();
      const from = emu.log.length;
      // Only the emulator's URL and token for credentials (`env` replaces the environment).
      const { stderr, wallMs } = await runNodeArgv([options.rolesync, ...plan.argv], 300_000, env);
      const entries = emu.log.slice(from);
      const t = tally(entries);
      const reads = minimumExportReads(state, id, { projects: plan.full, groups: plan.full });
      const run: ReportBenchRun = {
        label: `rolesync ${plan.label}`,
        command: plan.command,
        wallMs,
        readsMs: entries.length > 0 ? answeredAt[emu.log.length - 1 - base]! - answeredAt[from - base]! : 0,
        tally: t,
        floor: floorOf(t.charged, emu.windowMs),
        minimum: reads.pages,
        auditMinimum: plan.command === 'report' ? minimumAuditCalls(o.logins) : 0,
        costLines: checkCostLines(stderr, t.charged, reads, state, id),
      };
      if (plan.command === 'report') {
        const doc = JSON.parse(await readFile(reportJson, 'utf8')) as Report;
        run.reportedAuditCalls = doc.accounts.reduce((n, a) => n + a.activity.calls, 0);
        run.activityNote = doc.accounts[0]?.activity.note ?? null;
      }
      runs.push(run);
    }
    return { scenario: o, timeScale: options.timeScale, windowMs: RATE_WINDOW_MS / options.timeScale, sizes, runs };
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}
