// Applying Frame.io group changes through the real client against the emulator: a group created and
// filled in batches of 100, each user checked before a batch, group grants against their scope's
// listing, the journal and resume (the created group found again, never made twice), and an account
// without the experimental API (a clear error, nothing written). Calls are counted, never timed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isExperimental, type GroupRole, type WorkspaceRole } from '../../src/api/index.js';
import { applyChanges } from '../../src/apply/apply.js';
import { check } from '../../src/apply/schemas.js';
import { Journal } from '../../src/apply/journal.js';
import type { ApplyReport, ChangeResult } from '../../src/apply/types.js';
import { ExperimentalUnavailableError, FrameioClient } from '../../src/client/index.js';
import { startEmulator, type Emulator, type EmulatorStateInput } from '../../src/emulator/index.js';
import { writeCounts } from '../../src/plan/estimate.js';
import type {
  AddFrameioGroupMember,
  Change,
  CreateFrameioGroup,
  RemoveFrameioGroupMember,
  RemoveProjectGroup,
  RemoveWorkspaceGroup,
  SetProjectGroupRole,
  SetWorkspaceGroupRole,
  SetWorkspaceRole,
} from '../../src/plan/types.js';
import { renderApplyReport } from '../../src/render/index.js';
import { applyExitCode, runApply } from '../../src/usecase/apply.js';
import { seededEmulator, TOKEN as EXAMPLE_TOKEN } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';
import { virtualTime } from '../support/virtual-time.js';

const TOKEN = 'tok-admin';
const A = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
/** Acme of examples/emulator-seed.yaml (the same id as the seed's account here). */
const ACME_EXAMPLE = A;
const WS = { id: '8897b795-ace2-4f12-b4b4-4a899aefa2d5', name: 'Marketing' };
const PROJECT = { id: '18d9023a-6b06-4417-b3f4-bf87865c183f', name: 'Spring Campaign' };
/** A frame group with user1 and user2, commenter on the project. */
const CREW = { id: '1b67ac33-b557-4122-bd3a-f071b5458e55', name: 'Crew' };
/** A frame group with no members, viewer on the workspace. */
const OLD_CREW = { id: '3d89ce55-d779-4344-bf57-b293d767aa77', name: 'Old Crew' };
const NEW = { id: null, name: 'Post Team' };

const uid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const email = (n: number) => `user${n}@acme.test`;
/** The users 1..n of the seed. */
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** An account with `count` members (user1…), two frame groups, a workspace and a project with group grants. */
function seed(count: number, extra: Partial<EmulatorStateInput> = {}): EmulatorStateInput {
  const members = range(1, count);
  return {
    tokens: { [TOKEN]: 'admin@acme.test' },
    users: [
      { id: uid(0), email: 'admin@acme.test', name: 'Admin', active: true },
      ...members.map((n) => ({ id: uid(n), email: email(n), name: `User ${n}`, active: true })),
    ],
    accounts: [
      {
        id: A,
        display_name: 'Acme Post',
        users: { 'admin@acme.test': 'owner', ...Object.fromEntries(members.map((n) => [email(n), 'member'])) },
        groups: [
          { ...CREW, members: [email(1), email(2)] },
          { ...OLD_CREW, members: [] },
        ],
        workspaces: [
          {
            ...WS,
            users: { [email(1)]: 'viewer' },
            groups: { [OLD_CREW.name]: 'viewer' },
            projects: [{ ...PROJECT, groups: { [CREW.name]: 'commenter' } }],
          },
        ],
      },
    ],
    ...extra,
  };
}

const create = (group = NEW): CreateFrameioGroup => ({
  action: 'create_frameio_group',
  account_id: A,
  group_id: null,
  group_name: group.name,
  emoji: '👥',
  from: null,
  to: 'frame',
});
const add = (group: { id: string | null; name: string }, n: number): AddFrameioGroupMember => ({
  action: 'add_frameio_group_member',
  account_id: A,
  group_id: group.id,
  group_name: group.name,
  user_id: uid(n),
  email: email(n),
  from: null,
  to: 'member',
});
const removeMember = (group: { id: string; name: string }, n: number): RemoveFrameioGroupMember => ({
  action: 'remove_frameio_group_member',
  account_id: A,
  group_id: group.id,
  group_name: group.name,
  user_id: uid(n),
  email: email(n),
  from: 'member',
  to: null,
});
const wsGrant = (
  group: { id: string | null; name: string },
  from: WorkspaceRole | null,
  to: GroupRole,
): SetWorkspaceGroupRole => ({
  action: 'set_workspace_group_role',
  account_id: A,
  workspace_id: WS.id,
  workspace_name: WS.name,
  group_id: group.id,
  group_name: group.name,
  from,
  to,
});
const wsUngrant = (group: { id: string; name: string }, from: WorkspaceRole): RemoveWorkspaceGroup => ({
  action: 'remove_workspace_group',
  account_id: A,
  workspace_id: WS.id,
  workspace_name: WS.name,
  group_id: group.id,
  group_name: group.name,
  from,
  to: null,
});
const projectAt = {
  account_id: A,
  workspace_id: WS.id,
  workspace_name: WS.name,
  project_id: PROJECT.id,
  project_name: PROJECT.name,
};
const projectGrant = (
  group: { id: string | null; name: string },
  from: WorkspaceRole | null,
  to: GroupRole,
): SetProjectGroupRole => ({
  action: 'set_project_group_role',
  ...projectAt,
  group_id: group.id,
  group_name: group.name,
  from,
  to,
});
const projectUngrant = (group: { id: string; name: string }, from: WorkspaceRole): RemoveProjectGroup => ({
  action: 'remove_project_group',
  ...projectAt,
  group_id: group.id,
  group_name: group.name,
  from,
  to: null,
});
const userGrant = (n: number, to: WorkspaceRole): SetWorkspaceRole => ({
  action: 'set_workspace_role',
  account_id: A,
  workspace_id: WS.id,
  workspace_name: WS.name,
  user_id: uid(n),
  email: email(n),
  from: null,
  to,
});

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The emulator and a client on one virtual clock: rate limits follow the calls, not the machine. */
async function start(state: EmulatorStateInput) {
  const time = virtualTime();
  emu = await startEmulator({ state, port: 0, now: time.now });
  const api = new FrameioClient({ token: TOKEN, baseUrl: emu.url, retry: { baseMs: 5 }, clock: time.clock });
  return { emu, api, time };
}

function apply(api: FrameioClient, changes: Change[], more: Partial<Parameters<typeof applyChanges>[1]> = {}) {
  return applyChanges(changes, { writer: api, reader: api, minAdmins: new Map(), ...more });
}

/** Calls per operation in the log, with their statuses. */
function tally(log: Emulator['log']): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const entry of log) {
    const op = entry.operation ?? 'unknown';
    out[op] = [...(out[op] ?? []), String(entry.status)];
  }
  return Object.fromEntries(Object.entries(out).map(([op, statuses]) => [op, statuses.join(' ')]));
}

const writesIn = (log: Emulator['log']) => log.filter((e) => e.method !== 'GET');
const outcomes = (report: ApplyReport) => report.results.map((r) => `${r.outcome} ${r.change.action}`);
const members = (e: Emulator, groupId: string) => [...e.state.group(A, groupId).members].sort();

describe('applying Frame.io group changes against the emulator', () => {
  it('creates a group, adds its 250 members in ceil(250/100) = 3 calls and grants it, in one apply', async () => {
    const { emu, api } = await start(seed(260));
    const changes: Change[] = [
      create(),
      ...range(1, 250).map((n) => add(NEW, n)),
      wsGrant(NEW, null, 'editor'),
      projectGrant(NEW, null, 'viewer'),
    ];
    const journal = Journal.create(join(tempDir(), 'journal.jsonl'), 'plan-1');
    const report = await apply(api, changes, { journal });

    expect(report.results.every((r) => r.outcome === 'applied')).toBe(true);
    const made = emu.state.groups(A).filter((g) => g.name === 'Post Team');
    expect(made).toHaveLength(1);
    const id = made[0]!.id;
    expect(report.results[0]).toMatchObject({ outcome: 'applied', group_id: id });
    expect(members(emu, id)).toEqual(range(1, 250).map(email).sort());
    expect(emu.state.workspaceGroups(A, WS.id)).toContainEqual({ id, name: 'Post Team', role: 'editor' });
    expect(emu.state.projectGroups(A, PROJECT.id)).toContainEqual({ id, name: 'Post Team', role: 'viewer' });

    // 1 create + 3 adds (100, 100, 50 ids) + the two grants; no 429; the reads the checks needed.
    const adds = emu.log.filter((e) => e.operation === 'group_users.add');
    expect(adds.map((e) => (e.body as { data: { user_ids: string[] } }).data.user_ids.length)).toEqual([100, 100, 50]);
    expect(tally(writesIn(emu.log))).toEqual({
      'groups.create': '201',
      'group_users.add': '204 204 204',
      'workspace_group_roles.update': '200',
      'project_group_roles.update': '200',
    });
    expect(emu.log.some((e) => e.status === 429)).toBe(false);
    // Just before the first add call, the group's members (none: 1 page) and the account's users (261:
    // 3 pages) are read again; the later calls use those reads (younger than the snapshot's age), not
    // a read of every account user per 100 adds.
    const users = Array(3).fill('account_user_roles.index');
    const beforeAdds = emu.log
      .filter((e) => ['group_users.index', 'account_user_roles.index', 'group_users.add'].includes(e.operation!))
      .map((e) => e.operation);
    expect(beforeAdds).toEqual([
      ...['group_users.index', ...users, 'group_users.add'],
      'group_users.add',
      'group_users.add',
    ]);
    expect(tally(emu.log.filter((e) => e.method === 'GET'))).toMatchObject({
      'groups.index': '200',
      'workspace_group_roles.index': '200',
      'projects.show': '200',
      'project_group_roles.index': '200',
    });
    expect(emu.log.every((e) => (e.apiVersion === 'experimental') === isExperimental(e.operation!))).toBe(true);
    expect(report.calls).toEqual({
      ...writeCounts([]),
      group_create: 1,
      group_member_add: 3,
      workspace_group_patch: 1,
      project_group_patch: 1,
    });

    // The journal: a line per change, the create's with the group's id, each line as the schema says.
    const lines = readFileSync(journal.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as object);
    expect(lines).toHaveLength(1 + changes.length);
    for (const [i, line] of lines.entries()) expect(check('journal', line, 'the line').ok, `line ${i + 1}`).toBe(true);
    expect(lines).toContainEqual({
      key: `create_frameio_group|${A}|new:Post Team|||frame`,
      outcome: 'applied',
      group_id: id,
    });
  });

  it('leaves out of a batch a user deactivated since the plan (stale), adds the rest in one call', async () => {
    const { emu, api } = await start(seed(10));
    const changes = [1, 3, 4, 5, 6, 7, 9].map((n) => add(CREW, n));
    // Since the plan: user5 deactivated, user7 made a reviewer, user9 gone from the account.
    emu.state.setUserActive(email(5), false);
    emu.state.setAccountRole(A, email(7), 'reviewer');
    emu.state.setAccountRole(A, email(9), null);
    emu.clearLog();
    const report = await apply(api, changes);

    expect(report.results.map((r) => [(r.change as AddFrameioGroupMember).email, r.outcome, r.detail])).toEqual([
      [email(1), 'already', undefined],
      [email(3), 'applied', undefined],
      [email(4), 'applied', undefined],
      [email(5), 'stale', `${email(5)} has been deactivated since the plan; not added`],
      [email(6), 'applied', undefined],
      [email(7), 'stale', `${email(7)} is a reviewer of the account now: a group takes members only; not added`],
      [email(9), 'stale', `${email(9)} is no longer a user of the account (removed since the plan); not added`],
    ]);
    const adds = emu.log.filter((e) => e.operation === 'group_users.add');
    expect(adds.map((e) => [e.status, (e.body as { data: { user_ids: string[] } }).data.user_ids])).toEqual([
      [204, [uid(3), uid(4), uid(6)]],
    ]);
    expect(members(emu, CREW.id)).toEqual([1, 2, 3, 4, 6].map(email).sort());
    expect(report.calls.group_member_add).toBe(1);
  });

  it('checks a refused batch again (a user left since the check) and sends the rest', async () => {
    const { emu, api } = await start(seed(10));
    const changes = [3, 4, 5].map((n) => add(CREW, n));
    // user4 is deactivated between the check and the call: the emulator refuses the whole call (422).
    const writer = Object.create(api) as FrameioClient;
    let first = true;
    writer.addGroupMembers = async (account, group, ids) => {
      if (first) emu.state.setUserActive(email(4), false);
      first = false;
      return api.addGroupMembers(account, group, ids);
    };
    emu.clearLog();
    const report = await applyChanges(changes, { writer, reader: api, minAdmins: new Map() });

    expect(outcomes(report)).toEqual([
      'applied add_frameio_group_member',
      'stale add_frameio_group_member',
      'applied add_frameio_group_member',
    ]);
    expect(emu.log.filter((e) => e.operation === 'group_users.add').map((e) => e.status)).toEqual([422, 204]);
    expect(members(emu, CREW.id)).toEqual([1, 2, 3, 5].map(email).sort());
    // Only the call the API accepted counts.
    expect(report.calls.group_member_add).toBe(1);
  });

  it("checks each grant against its scope's group listing: stale when it moved, already so", async () => {
    const { emu, api } = await start(seed(4));
    // Since the plan: Old Crew became commenter on Marketing, Crew was taken off the project.
    emu.state.setWorkspaceGroupRole(A, WS.id, OLD_CREW.id, 'commenter');
    emu.state.setProjectGroupRole(A, PROJECT.id, CREW.id, null);
    emu.state.setWorkspaceGroupRole(A, WS.id, CREW.id, 'editor');
    emu.clearLog();
    const report = await apply(api, [
      wsGrant(OLD_CREW, 'viewer', 'editor'),
      wsGrant(CREW, null, 'editor'),
      projectUngrant(CREW, 'commenter'),
      projectGrant(OLD_CREW, null, 'viewer'),
    ]);

    expect(report.results.map((r) => [r.outcome, r.detail])).toEqual([
      ['stale', 'the plan expected viewer for the group on Marketing, live has commenter now (changed since the plan)'],
      ['already', undefined],
      ['already', undefined],
      ['applied', undefined],
    ]);
    expect(tally(writesIn(emu.log))).toEqual({ 'project_group_roles.update': '200' });
    expect(emu.state.workspaceGroups(A, WS.id)).toContainEqual({ ...OLD_CREW, role: 'commenter' });
  });

  it('removes a member and a grant, taking a grant away only after the grant that replaces it', async () => {
    const { emu, api } = await start(seed(4));
    emu.clearLog();
    const report = await apply(api, [
      wsGrant(CREW, null, 'viewer'),
      removeMember(CREW, 2),
      wsUngrant(OLD_CREW, 'viewer'),
    ]);

    expect(outcomes(report)).toEqual([
      'applied set_workspace_group_role',
      'applied remove_frameio_group_member',
      'applied remove_workspace_group',
    ]);
    const writes = writesIn(emu.log).map((e) => e.operation);
    expect(writes.indexOf('workspace_group_roles.delete')).toBeGreaterThan(
      writes.indexOf('workspace_group_roles.update'),
    );
    expect(members(emu, CREW.id)).toEqual([email(1)]);
    expect(emu.state.workspaceGroups(A, WS.id)).toEqual([{ ...CREW, role: 'viewer' }]);
    expect(report.calls).toMatchObject({ workspace_group_patch: 1, workspace_group_delete: 1, group_member_remove: 1 });
  });

  it('fails the changes waiting for a group whose create the API refused, naming the group', async () => {
    const { emu, api } = await start(seed(4));
    emu.faults.failNext(1, 500, { method: 'POST', path: /\/groups$/ });
    emu.clearLog();
    const report = await apply(api, [
      create(),
      add(NEW, 1),
      wsGrant(NEW, null, 'editor'),
      wsGrant(CREW, null, 'viewer'),
    ]);

    expect(report.results.map((r) => [r.outcome, r.detail?.replace(/POST .*/, 'POST …')])).toEqual([
      ['failed', 'POST …'],
      ['failed', 'the Frame.io group Post Team was not created: POST …'],
      ['failed', 'the Frame.io group Post Team was not created: POST …'],
      ['applied', undefined],
    ]);
    // Sent once (a create is never retried after a 5xx), and nothing written for the group.
    expect(tally(writesIn(emu.log))).toEqual({ 'groups.create': '500', 'workspace_group_roles.update': '200' });
    expect(report.calls).toMatchObject({ group_create: 0, group_member_add: 0, workspace_group_patch: 1 });
  });

  it('does not create a group whose name Frame.io has now: stale, and so are the changes waiting', async () => {
    const { emu, api } = await start(seed(4));
    const other = emu.state.createGroup(A, { name: 'Post Team' });
    emu.clearLog();
    const report = await apply(api, [create(), add(NEW, 1), wsGrant(NEW, null, 'editor')]);

    const why =
      `a Frame.io group named Post Team exists now (${other}), made since the plan; not created again: ` +
      'plan again to use it';
    expect(report.results.map((r) => [r.outcome, r.detail])).toEqual([
      ['stale', why],
      ['stale', `the Frame.io group Post Team was not created: ${why}`],
      ['stale', `the Frame.io group Post Team was not created: ${why}`],
    ]);
    expect(writesIn(emu.log)).toEqual([]);
  });

  it('resumes an interrupted apply with the group it created, found again, never made twice', async () => {
    const { emu, api } = await start(seed(150));
    const changes: Change[] = [create(), ...range(1, 120).map((n) => add(NEW, n)), wsGrant(NEW, null, 'editor')];
    const file = join(tempDir(), 'journal.jsonl');
    const interrupt = new AbortController();
    const first = await apply(api, changes, {
      journal: Journal.create(file, 'plan-1'),
      signal: interrupt.signal,
      // Ctrl-C as the create finishes: nothing after it starts.
      onResult: (result: ChangeResult) => {
        if (result.change.action === 'create_frameio_group') interrupt.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.results.filter((r) => r.outcome !== 'not_started').map((r) => r.change.action)).toEqual([
      'create_frameio_group',
    ]);
    const made = emu.state.groups(A).filter((g) => g.name === 'Post Team');
    expect(made.map((g) => g.members)).toEqual([[]]);

    emu.clearLog();
    const second = await apply(api, changes, { journal: Journal.resume(file, 'plan-1') });
    expect(second.results[0]).toMatchObject({ outcome: 'resumed', group_id: made[0]!.id });
    expect(second.results.slice(1).every((r) => r.outcome === 'applied')).toBe(true);
    expect(emu.state.groups(A).filter((g) => g.name === 'Post Team')).toHaveLength(1);
    expect(members(emu, made[0]!.id)).toEqual(range(1, 120).map(email).sort());
    // Found again by the stable listing; its members read once, before the first of the two add calls.
    expect(tally(emu.log)).toMatchObject({
      'groups.index': '200',
      'group_users.index': '200',
      'group_users.add': '204 204',
      'workspace_group_roles.update': '200',
    });
    expect(emu.log.some((e) => e.operation === 'groups.create')).toBe(false);
    expect(second.calls).toMatchObject({ group_create: 0, group_member_add: 2, workspace_group_patch: 1 });
  });

  it('stops with a clear error naming the feature, writing nothing, without the experimental API', async () => {
    const { emu, api } = await start(seed(4, { experimental: false }));
    const file = join(tempDir(), 'journal.jsonl');
    emu.clearLog();
    const error = await apply(api, [userGrant(2, 'viewer'), add(CREW, 3), wsGrant(CREW, null, 'editor')], {
      journal: Journal.create(file, 'plan-1'),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExperimentalUnavailableError);
    expect((error as Error).message).toBe(
      `frameio_groups is an experimental Frame.io API that account ${A} does not offer: GET /v4/accounts/${A}/groups/` +
        `${CREW.id}/users answered HTTP 404 (No route for GET /v4/accounts/${A}/groups/${CREW.id}/users); ` +
        'apply stopped: nothing was written',
    );
    expect((error as ExperimentalUnavailableError).hint).toContain('Remove frameio_groups from experimental:');
    // The stable group listing and the one experimental read that answered 404: no write at all.
    expect(writesIn(emu.log)).toEqual([]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['a group of the account', 'group_users.index', true],
    ['a workspace of the account (it has no group)', 'workspace_group_roles.index', false],
  ])('stops a plan that only creates and fills a group before the create, probing %s', async (_, probe, groups) => {
    const state = seed(4, { experimental: false });
    if (!groups) {
      const account = state.accounts[0]!;
      account.groups = [];
      account.workspaces = (account.workspaces ?? []).map(({ groups: _g, projects, ...ws }) => ({
        ...ws,
        projects: (projects ?? []).map(({ groups: _p, ...project }) => project),
      }));
    }
    const { emu, api } = await start(state);
    const file = join(tempDir(), 'journal.jsonl');
    emu.clearLog();
    const error = await apply(api, [create(), add(NEW, 1), add(NEW, 2)], {
      journal: Journal.create(file, 'plan-1'),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ExperimentalUnavailableError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^frameio_groups is an experimental Frame\\.io API that account ${A} does not offer: GET .* ` +
          'answered HTTP 404 .*; apply stopped: nothing was written$',
      ),
    );
    // Read before any write: no group made, and one experimental call, the one that answered 404.
    expect(writesIn(emu.log)).toEqual([]);
    expect(emu.log.filter((e) => e.apiVersion === 'experimental').map((e) => [e.operation, e.status])).toEqual([
      [probe, 404],
    ]);
    expect(emu.state.groups(A).some((g) => g.name === NEW.name)).toBe(false);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  describe('a group deleted while apply runs', () => {
    const gone = (name: string) => `the Frame.io group ${name} no longer exists (deleted since the plan); not written`;

    it('marks its changes stale (the stable GET /groups/{g} says it is gone) and applies the others', async () => {
      const { emu, api } = await start(seed(4));
      // Deleted once the check before the first write has read a group listing (the account offers the API).
      let deleted = false;
      emu.onRequest((entry) => {
        if (!deleted && entry.apiVersion === 'experimental' && entry.status === 200) {
          deleted = true;
          emu.state.deleteGroup(A, CREW.id);
        }
      });
      emu.clearLog();
      const report = await apply(api, [
        wsGrant(OLD_CREW, 'viewer', 'editor'),
        wsGrant(CREW, null, 'viewer'),
        removeMember(CREW, 2),
        add(CREW, 3),
        userGrant(2, 'viewer'),
      ]);

      expect(report.results.map((r) => [r.outcome, r.change.action, r.detail])).toEqual([
        ['applied', 'set_workspace_group_role', undefined],
        ['stale', 'set_workspace_group_role', gone('Crew')],
        ['stale', 'remove_frameio_group_member', gone('Crew')],
        ['stale', 'add_frameio_group_member', gone('Crew')],
        ['applied', 'set_workspace_role', undefined],
      ]);
      expect(deleted).toBe(true);
      // The group was looked up with the stable call, which answered 404.
      const shows = emu.log.filter((e) => e.operation === 'groups.show');
      expect(shows.length).toBeGreaterThanOrEqual(1);
      expect(shows.every((e) => e.status === 404 && e.apiVersion === null)).toBe(true);
      expect(report.calls).toMatchObject({ workspace_group_patch: 1, workspace_role_patch: 1, group_member_remove: 0 });
    });

    it('through runApply on the example: the report names the stale changes and the exit code is 4', async () => {
      const started = await seededEmulator();
      emu = started.emu;
      const oktaEditors = '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
      // As the reviewer's repro: the group goes when the plan's group is created (its first write).
      let deleted = false;
      started.emu.onRequest((entry) => {
        if (!deleted && entry.method === 'POST' && entry.operation === 'groups.create') {
          deleted = true;
          started.emu.state.deleteGroup(ACME_EXAMPLE, oktaEditors);
        }
      });
      const client = new FrameioClient({ token: EXAMPLE_TOKEN, baseUrl: started.emu.url, retry: { baseMs: 5 } });
      const dir = tempDir('rolesync-deleted-');
      const outcome = await runApply(
        {
          path: 'examples/frameio-groups.yaml',
          yes: true,
          force: false,
          resume: false,
          journalFile: join(dir, 'journal.jsonl'),
          lockDir: dir,
        },
        { client },
      );

      expect(deleted).toBe(true);
      expect(outcome.kind).toBe('done');
      if (outcome.kind !== 'done') return;
      expect(applyExitCode(outcome)).toBe(4);
      const stale = outcome.report.results.filter((r) => r.outcome === 'stale');
      expect(stale.length).toBeGreaterThan(0);
      expect(stale.every((r) => r.detail === gone('Okta Editors'))).toBe(true);
      expect(outcome.report.results.filter((r) => r.outcome === 'failed')).toEqual([]);
      const text = renderApplyReport(outcome.report, outcome.verify, outcome.journal, outcome.verifyError);
      expect(text).toMatch(/^ {2}STALE {7}.*Okta Editors.* — the Frame\.io group Okta Editors no longer exists/m);
    });
  });

  describe('lock-out order of group changes', () => {
    /** The log's writes as `operation status`, in arrival order. */
    const writeOrder = (log: Emulator['log']) => writesIn(log).map((e) => `${e.operation} ${e.status}`);

    it("takes a member out of a group only after the plan's grants to other groups and its member adds", async () => {
      const { emu, api } = await start(seed(4));
      // The grant's first try fails (it is sent again): the removal must still wait for it to land.
      emu.faults.failNext(1, 500, { method: 'PATCH', path: /\/groups\// });
      emu.faults.failNext(1, 500, { method: 'POST', path: /\/users$/ });
      emu.clearLog();
      const report = await apply(api, [removeMember(CREW, 1), wsGrant(OLD_CREW, 'viewer', 'editor'), add(OLD_CREW, 3)]);

      expect(outcomes(report)).toEqual([
        'applied remove_frameio_group_member',
        'applied set_workspace_group_role',
        'applied add_frameio_group_member',
      ]);
      const order = writeOrder(emu.log);
      const removal = order.indexOf('group_users.remove 204');
      expect(removal).toBeGreaterThan(order.indexOf('workspace_group_roles.update 200'));
      expect(removal).toBeGreaterThan(order.indexOf('group_users.add 204'));
    });

    it("restricts a project only after the plan's member adds (a group granted there reaches them)", async () => {
      const { emu, api } = await start(seed(4));
      emu.faults.failNext(1, 500, { method: 'POST', path: /\/users$/ });
      emu.clearLog();
      const restrict: Change = { action: 'set_project_restricted', ...projectAt, from: false, to: true };
      const report = await apply(api, [add(CREW, 3), restrict]);

      expect(outcomes(report)).toEqual(['applied add_frameio_group_member', 'applied set_project_restricted']);
      const order = writeOrder(emu.log);
      expect(order.indexOf('projects.update 200')).toBeGreaterThan(order.indexOf('group_users.add 204'));
    });
  });

  it('names the account of each report line when the plan spans two accounts', async () => {
    const B = '2c9b4b0f-8e5d-4e1b-8b62-4a2d3c8e0f21';
    const base = seed(2);
    const acme = base.accounts[0]!;
    const other = { ...acme, id: B, display_name: 'Other Post', groups: [], workspaces: [] };
    const { emu, api } = await start({ ...base, accounts: [acme, other] });
    emu.clearLog();
    const report = await apply(api, [create(), { ...create(), account_id: B }]);

    const made = (account: string) => emu.state.groups(account).find((g) => g.name === NEW.name)!.id;
    const text = renderApplyReport(report, { changes: [] }, 'j.jsonl', undefined, undefined, {
      [A]: 'Acme Post',
    });
    expect(text.split('\n').filter((l) => l.includes('create Frame.io group'))).toEqual([
      `  applied     Acme Post (${A}): create Frame.io group Post Team (id ${made(A)})`,
      `  applied     ${B}: create Frame.io group Post Team (id ${made(B)})`,
    ]);
    // One account: the lines stay as they were.
    const one = renderApplyReport({ ...report, results: report.results.slice(0, 1) }, { changes: [] }, 'j.jsonl');
    expect(one).toContain(`\n  applied     create Frame.io group Post Team (id ${made(A)})\n`);
  });
});
