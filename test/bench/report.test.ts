// The report and export section of the benchmark at a tiny size: the fewest reads follow the lists'
// pages, the cost lines are read back from the CLI's own wording, and one short run of the built CLI
// against the emulator makes exactly those calls and renders its section. No timings.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  auditVerdict,
  buildReportState,
  checkCostLines,
  describeMachine,
  listMisses,
  minimumAuditCalls,
  minimumExportReads,
  renderReport,
  floorOf,
  runReportBench,
  stepFloor,
  type ReportBenchRun,
  type ReportScenarioOptions,
  type Tally,
} from '../../src/bench/index.js';
import { groupsCost, groupsCostLine, projectsCost, projectsCostLine } from '../../src/export/index.js';

const ROLESYNC = fileURLToPath(new URL('../../dist/cmd/rolesync.js', import.meta.url));

/**
 * 122 account users (2 pages), 3 workspaces of 110 members (2 pages each), 6 projects of which the
 * 1st and 4th have 105 grants (2 pages), 2 frame groups of 105 members (2 pages), 250 logins (3 pages).
 * No list reaches 100 calls: every read fits in its burst, so no 429 can happen.
 */
const TINY: ReportScenarioOptions = {
  users: 120,
  workspaces: 3,
  membersPerWorkspace: 110,
  projectsPerWorkspace: 2,
  grantsPerProject: 10,
  largeProjectEvery: 3,
  largeProjectGrants: 105,
  frameGroups: 2,
  groupMembers: 105,
  logins: 250,
};

const BASE = {
  'users.show': 1,
  'accounts.index': 1,
  'account_user_roles.index': 2,
  'workspaces.index': 1,
  'workspace_user_roles.index': 6,
};
const FULL = {
  ...BASE,
  'projects.index': 3,
  'project_user_roles.index': 8,
  'groups.index': 1,
  // 2 frame groups of 2 pages, and the synced group granted on the first workspace (1 page).
  'group_users.index': 5,
  'workspace_group_roles.index': 3,
  'project_group_roles.index': 6,
};

/** A tally of these answered calls and `limited` 429s (sent again, so in `calls` too). */
const tallyOf = (charged: Tally['charged'], limited: Tally['limited'] = {}): Tally => {
  const calls: Tally['calls'] = { ...charged };
  for (const [op, n] of Object.entries(limited) as [keyof Tally['calls'], number][]) calls[op] = (calls[op] ?? 0) + n;
  const total429 = Object.values(limited).reduce((n, c) => n + (c ?? 0), 0);
  return {
    calls,
    charged,
    limited,
    total: Object.values(charged).reduce((n, c) => n + (c ?? 0), 0) + total429,
    total429,
    errors: 0,
  };
};

describe('bench report and export: counts', () => {
  it('builds the seed it describes', () => {
    const account = buildReportState(TINY).accounts[0]!;
    expect(Object.keys(account.users ?? {})).toHaveLength(122);
    const projects = (account.workspaces ?? []).flatMap((w) => w.projects ?? []);
    expect(projects.map((p) => Object.keys(p.users ?? {}).length)).toEqual([105, 10, 10, 105, 10, 10]);
    expect((account.groups ?? []).map((g) => [g.source ?? 'frame', (g.members ?? []).length])).toEqual([
      ['frame', 105],
      ['frame', 105],
      ['adobe', 30],
      ['adobe', 30],
    ]);
  });

  it('counts every page of every listing export reads, and the listings apart', () => {
    const state = buildReportState(TINY);
    const id = state.accounts[0]!.id;
    expect(minimumExportReads(state, id, { projects: false, groups: false }).pages).toEqual(BASE);
    const full = minimumExportReads(state, id, { projects: true, groups: true });
    expect(full.pages).toEqual(FULL);
    expect(full.listings).toMatchObject({
      'workspace_user_roles.index': 3,
      'project_user_roles.index': 6,
      'group_users.index': 3,
      'project_group_roles.index': 6,
    });
  });

  it('takes every page of the logins up to the cap, one call at least', () => {
    expect(minimumAuditCalls(0)).toBe(1);
    expect(minimumAuditCalls(250)).toBe(3);
    expect(minimumAuditCalls(1_500)).toBe(10);
  });

  it("reads the CLI's own cost lines back and holds them against the calls answered", () => {
    const state = buildReportState(TINY);
    const id = state.accounts[0]!.id;
    const reads = minimumExportReads(state, id, { projects: true, groups: true });
    const stderr = [
      projectsCostLine(projectsCost([2, 2, 2])),
      groupsCostLine(groupsCost({ groups: 4, frameGroups: 2, workspaces: 3, projects: 6 })),
      'users of 6 of 6 projects read',
    ].join('\n');
    const checks = checkCostLines(stderr, FULL, reads, state, id);
    expect(checks.map(({ line: _line, ...c }) => c)).toEqual([
      { kind: 'projects', printed: 6, listings: 6, made: 8, minimum: 8 },
      { kind: 'groups', printed: 11, listings: 11, made: 14, minimum: 14 },
    ]);
    // One listing short: the made count says so.
    const short = checkCostLines(stderr, { ...FULL, 'project_user_roles.index': 7 }, reads, state, id);
    expect(short[0]).toMatchObject({ made: 7, minimum: 8 });
  });

  it('names each list endpoint off the fewest, and judges the audit calls apart', () => {
    const run = {
      // Two 429s on the groups' grants, sent again: not list calls of their own.
      tally: tallyOf({ ...FULL, 'projects.index': 4, 'auditlog.index': 3 }, { 'project_group_roles.index': 2 }),
      minimum: FULL,
      auditMinimum: 3,
      reportedAuditCalls: 3,
    } as unknown as ReportBenchRun;
    expect(listMisses(run)).toEqual([{ op: 'projects.index', calls: 4, minimum: 3 }]);
    expect(auditVerdict(run)).toEqual({ made: 3, atMinimum: true, bounded: true, counted: true });
    expect(listMisses({ ...run, tally: tallyOf({ ...FULL, 'auditlog.index': 11 }) })).toEqual([]);
    expect(auditVerdict({ ...run, tally: tallyOf({ 'auditlog.index': 11 }), auditMinimum: 10 })).toMatchObject({
      atMinimum: false,
      bounded: false,
      counted: false,
    });
  });
});

describe("bench report and export: the floor in export's order", () => {
  it("adds each step's slowest endpoint (members beside the projects' track), where the side-by-side floor takes the slowest of all", () => {
    const charged = {
      'account_user_roles.index': 21,
      'workspace_user_roles.index': 240,
      'projects.index': 120,
      'project_user_roles.index': 300,
      'project_group_roles.index': 240,
      'auditlog.index': 10,
    };
    // Members: 140 calls past the burst, 1.4 windows; beside them the listings, 20 past it (0.2 windows),
    // then projects' users, 200 past it (2 windows): 2.2 windows.
    expect(stepFloor(charged, 60_000)).toMatchObject({ bottleneck: 'project_user_roles.index', trueMs: 132_000 });
    // Members slower than the projects' track: theirs is the floor.
    const members = { ...charged, 'workspace_user_roles.index': 400, 'project_user_roles.index': 150 };
    expect(stepFloor(members, 60_000)).toMatchObject({ bottleneck: 'workspace_user_roles.index', trueMs: 180_000 });
    expect(floorOf(charged, 60_000)).toMatchObject({ bottleneck: 'project_user_roles.index', trueMs: 120_000 });
  });
});

describe('bench report and export run', () => {
  it('runs export and report through the built CLI at the fewest calls, and renders section 8', async () => {
    const result = await runReportBench({ scenario: TINY, timeScale: 600, rolesync: ROLESYNC });
    expect(result.runs.map((r) => r.label)).toEqual([
      'rolesync export --account ID',
      'rolesync export --account ID --projects --groups',
      'rolesync report --account ID',
      'rolesync report --account ID --projects --groups',
      'rolesync report EXPORTED.yaml (the manifest above)',
    ]);
    const [exportBase, exportFull, reportBase, reportFull, reportManifest] = result.runs;
    for (const run of result.runs) {
      // Within the bursts: every call is answered, none more than the fewest.
      expect(run.tally.total429).toBe(0);
      expect(run.tally.errors).toBe(0);
      expect(listMisses(run)).toEqual([]);
    }
    expect(exportBase!.tally.calls).toEqual(BASE);
    expect(exportFull!.tally.calls).toEqual(FULL);
    expect(reportBase!.tally.calls).toEqual({ ...BASE, 'auditlog.index': 3 });
    for (const run of [reportFull!, reportManifest!]) expect(run.tally.calls).toEqual({ ...FULL, 'auditlog.index': 3 });
    for (const run of [reportBase!, reportFull!, reportManifest!])
      expect(auditVerdict(run)).toEqual({ made: 3, atMinimum: true, bounded: true, counted: true });
    for (const run of [exportFull!, reportFull!, reportManifest!]) {
      expect(run.costLines.map(({ line: _line, ...c }) => c)).toEqual([
        { kind: 'projects', printed: 6, listings: 6, made: 8, minimum: 8 },
        { kind: 'groups', printed: 11, listings: 11, made: 14, minimum: 14 },
      ]);
    }
    expect(exportBase!.costLines).toEqual([]);
    const markdown = renderReport({ machine: describeMachine(), report: result, totalMs: 1 });
    expect(markdown).toContain('## 8. Report and export against the emulator');
    expect(markdown).toContain('node dist/cmd/bench.js --only report --time-scale 600');
    expect(markdown).toContain('- **List calls at the fewest:** yes (5 commands, every endpoint).');
    expect(markdown).toContain('the fewest within the cap of 10: yes');
    expect(markdown).toContain('each says exactly the listings it names: yes');
    expect(markdown).toContain('the further pages and synced groups it names: yes.');
  }, 120_000);
});
