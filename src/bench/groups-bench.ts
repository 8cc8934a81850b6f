// The groups benchmark: onboarding N users to W workspaces through one Frame.io group (create, batched
// member adds, one group grant per workspace) against the same access as N × W per-user role PATCHes,
// each as `rolesync plan` then `apply --plan` on a fresh emulator with the documented limits, over real HTTP.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_GROUP_USER_IDS, RATE_WINDOW_MS, type GroupRole } from '../api/index.js';
import { generateState, type Emulator, type EmulatorStateInput } from '../emulator/index.js';
import { timedApply, timedPlan, type ApplyFigures, type ExpectedActions, type PlanFigures } from './api.js';
import { addCounts, type Counts } from './calls.js';
import { minimumPlanCalls, pagesFor } from './minimum.js';
import { benchEmulator } from './emulator.js';

export interface GroupsBenchOptions {
  /** Users onboarded (all new to every workspace). */
  users: number;
  workspaces: number;
  role: GroupRole;
  /** 1000 = an emulated minute passes in 60 real ms: the per-user path's floor is hours at time scale 1. */
  timeScale: number;
  progress?: (line: string) => void;
}

/** One path: its plan and its `apply --plan`, on a fresh emulator. */
export interface GroupsPathRun {
  plan: PlanFigures;
  applied: ApplyFigures;
  /** The plan's estimate of the writes' rate-limit time (`src/plan/estimate.ts`), real ms at this scale. */
  estimateMs: number;
  /** Changes in the plan (one per member add: apply batches them). */
  changes: number;
  /** Write calls the emulator answered (every call but a GET and a 429), from its request log. */
  writeCalls: number;
}

export interface GroupsBenchResult {
  options: Omit<GroupsBenchOptions, 'progress'>;
  /** Real ms of one rate-limit window. */
  windowMs: number;
  group: string;
  viaGroup: GroupsPathRun;
  perUser: GroupsPathRun;
  /** The users' effective roles on every workspace are the same after both paths. */
  sameAccess: boolean;
}

export const ONBOARDING_GROUP = 'New Hires';

function yamlList(items: readonly string[], indent: string): string {
  return items.map((i) => `${indent}- ${i}`).join('\n');
}

/** The manifest of each path: the same access, through one group or user by user. */
export function groupsManifests(
  state: EmulatorStateInput,
  options: Pick<GroupsBenchOptions, 'role'>,
): { viaGroup: string; perUser: string; emails: string[] } {
  const account = state.accounts[0]!;
  const emails = Object.entries(account.users ?? {})
    .filter(([, role]) => role === 'member')
    .map(([email]) => email)
    .sort();
  const workspaces = account.workspaces ?? [];
  const viaGroup = [
    'version: 1',
    'experimental: [frameio_groups]',
    `account: { id: ${account.id} }`,
    'frameio_groups:',
    `  ${ONBOARDING_GROUP}:`,
    '    members:',
    yamlList(emails, '      '),
    'workspaces:',
    ...workspaces.flatMap((w) => [
      `  ${w.name}:`,
      `    id: ${w.id}`,
      `    frameio_groups: { ${ONBOARDING_GROUP}: ${options.role} }`,
    ]),
    '',
  ].join('\n');
  const perUser = [
    'version: 1',
    `account: { id: ${account.id} }`,
    'workspaces:',
    ...workspaces.flatMap((w) => [
      `  ${w.name}:`,
      `    id: ${w.id}`,
      '    users:',
      ...emails.map((e) => `      ${e}: ${options.role}`),
    ]),
    '',
  ].join('\n');
  return { viaGroup, perUser, emails };
}

/** Who reaches which workspace at which role, through any source (the emulator's effective access). */
function access(emu: Emulator, state: EmulatorStateInput, emails: readonly string[]): string {
  const account = state.accounts[0]!;
  const rows: string[] = [];
  for (const w of account.workspaces ?? [])
    for (const e of emails) rows.push(`${w.id}|${e}|${emu.state.effectiveWorkspaceRole(account.id, w.id, e)}`);
  return rows.join('\n');
}

export async function runGroupsBench(options: GroupsBenchOptions): Promise<GroupsBenchResult> {
  const say = options.progress ?? (() => undefined);
  const state = generateState({
    users: options.users,
    workspaces: options.workspaces,
    membersPerWorkspace: 0,
    seed: 11,
  });
  const account = state.accounts[0]!;
  const { viaGroup, perUser, emails } = groupsManifests(state, options);
  const W = (account.workspaces ?? []).length;
  const base = minimumPlanCalls(state, account.id, { namesAccount: true });
  // The group path reads the account's groups and each listed workspace's group grants besides.
  const groupReads: Counts = { 'groups.index': 1, 'workspace_group_roles.index': W };
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-bench-groups-'));
  try {
    const path = async (
      name: 'via-group' | 'per-user',
      manifest: string,
      expected: ExpectedActions,
      planMinimum: Counts,
      verifyMinimum: (end: EmulatorStateInput) => Counts,
    ): Promise<{ run: GroupsPathRun; access: string }> => {
      const runDir = join(dir, name);
      const manifestDir = join(runDir, 'manifest');
      await mkdir(manifestDir, { recursive: true });
      await writeFile(join(manifestDir, 'onboarding.yaml'), manifest);
      const emu = await benchEmulator(state, options.timeScale);
      try {
        say(`groups: ${name}: rolesync plan`);
        const { run, plan } = await timedPlan(emu, manifestDir, expected, planMinimum);
        say(`groups: ${name}: rolesync apply (${run.plan.changes.length} changes)`);
        const { end: _end, marks: _marks, ...applied } = await timedApply(emu, runDir, manifestDir, run, verifyMinimum);
        const estimateMs = (run.plan.estimate.min_seconds * 1000) / options.timeScale;
        // The plan makes no write: every call but a GET (and a 429) is the apply's.
        const writeCalls = emu.log.filter((e) => e.method !== 'GET' && e.status !== 429).length;
        const changes = run.plan.changes.length;
        return { run: { plan, applied, estimateMs, changes, writeCalls }, access: access(emu, state, emails) };
      } finally {
        await emu.close();
      }
    };
    const members = emails.length;
    const group = await path(
      'via-group',
      viaGroup,
      { create_frameio_group: 1, add_frameio_group_member: members, set_workspace_group_role: W },
      addCounts(base, groupReads),
      (end) =>
        addCounts(minimumPlanCalls(end, account.id, { namesAccount: true }), groupReads, {
          // Once the group exists its members are read, to compare with the manifest's.
          'group_users.index': pagesFor(members),
        }),
    );
    const user = await path('per-user', perUser, { set_workspace_role: members * W }, base, (end) =>
      minimumPlanCalls(end, account.id, { namesAccount: true }),
    );
    return {
      options: {
        users: options.users,
        workspaces: options.workspaces,
        role: options.role,
        timeScale: options.timeScale,
      },
      windowMs: RATE_WINDOW_MS / options.timeScale,
      group: ONBOARDING_GROUP,
      viaGroup: group.run,
      perUser: user.run,
      sameAccess: group.access === user.access,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fewest calls a batched member add needs for `members` new members. */
export function batchedAdds(members: number): number {
  return Math.ceil(members / MAX_GROUP_USER_IDS);
}
