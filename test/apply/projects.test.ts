// Applying project changes against a fake Frame.io: the precondition of each (the direct grant as
// the plan read it, the user still a member, the project's `restricted`, the project still there),
// the journal, and the lanes of the three project write classes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges, type RoleWriter, type ScopeReader } from '../../src/apply/apply.js';
import { changeKey, Journal } from '../../src/apply/journal.js';
import { ApiError } from '../../src/errors.js';
import type { AccountRole, ProjectListRole, ProjectRole, WorkspaceListRole } from '../../src/api/index.js';
import type { LiveState } from '../../src/live/types.js';
import { writeCounts } from '../../src/plan/estimate.js';
import type { Change, SetProjectRestricted } from '../../src/plan/types.js';
import { tempDir } from '../support/tmp.js';
import { NO_GROUP_READS, NO_GROUP_WRITES } from './no-groups.js';

const A = 'acct-1';

interface FakeProject {
  workspace: string;
  name: string;
  restricted: boolean | null;
  /** The listing's rows by user id: direct grants, and inherited access where a test lists it. */
  rows: Record<string, ProjectListRole>;
  deleted?: boolean;
}

interface FakeState {
  account: Record<string, AccountRole>;
  workspaces: Record<string, Record<string, WorkspaceListRole>>;
  projects: Record<string, FakeProject>;
  deactivated?: string[];
}

/**
 * A fake Frame.io with projects; records reads and writes. `call` wraps every write (a test may
 * make writes take turns of the event loop, or fail).
 */
function fakeApi(state: FakeState, call: (name: string) => Promise<void> = async () => {}) {
  const reads: string[] = [];
  const writes: string[] = [];
  const user = (id: string) => ({ id, email: `${id}@x.test`, name: null, active: !state.deactivated?.includes(id) });
  const project = (method: string, id: string, suffix = ''): FakeProject => {
    const found = state.projects[id];
    if (!found || found.deleted)
      throw new ApiError(method, `/v4/accounts/${A}/projects/${id}${suffix}`, 404, 'Not Found');
    return found;
  };
  const reader: ScopeReader = {
    async listAccountUsers() {
      reads.push('account');
      return Object.entries(state.account).map(([id, role]) => ({ user: user(id), role }));
    },
    async listWorkspaceUsers(_a, w) {
      reads.push(`workspace ${w}`);
      return Object.entries(state.workspaces[w] ?? {}).map(([id, role]) => ({ user: user(id), role }));
    },
    async listProjectUsers(_a, p, options) {
      reads.push(`project ${p}${options?.includeDeactivated ? '' : ' (active only)'}`);
      return Object.entries(project('GET', p, '/users').rows).map(([id, role]) => ({ user: user(id), role }));
    },
    async showProject(_a, p) {
      reads.push(`show ${p}`);
      const { name, restricted, workspace } = project('GET', p);
      return { id: p, name, restricted, workspaceId: workspace };
    },
    ...NO_GROUP_READS,
  };
  const writer: RoleWriter = {
    async setAccountRole(_a, id, role) {
      await call(`account ${id} ${role}`);
      writes.push(`account ${id} ${role}`);
      state.account[id] = role;
    },
    async setWorkspaceRole(_a, w, id, role) {
      await call(`${w} ${id} ${role}`);
      writes.push(`${w} ${id} ${role}`);
      state.workspaces[w] = { ...state.workspaces[w], [id]: role };
    },
    async removeWorkspaceUser(_a, w, id) {
      await call(`remove ${w} ${id}`);
      writes.push(`remove ${w} ${id}`);
      delete state.workspaces[w]?.[id];
      return 'removed';
    },
    async setProjectRole(_a, p, id, role) {
      await call(`${p} ${id} ${role}`);
      project('PATCH', p, `/users/${id}`).rows[id] = role;
      writes.push(`${p} ${id} ${role}`);
      return role;
    },
    async removeProjectUser(_a, p, id) {
      await call(`remove ${p} ${id}`);
      const rows = project('DELETE', p, `/users/${id}`).rows;
      const had = id in rows;
      delete rows[id];
      writes.push(`remove ${p} ${id}`);
      return had ? 'removed' : 'already_absent';
    },
    async setProjectRestricted(_a, p, restricted) {
      await call(`restricted ${p} ${restricted}`);
      project('PATCH', p).restricted = restricted;
      writes.push(`restricted ${p} ${restricted}`);
      return restricted;
    },
    ...NO_GROUP_WRITES,
  };
  return { reader, writer, reads, writes, state };
}

const at = (project: string, workspace = 'ws-1') => ({
  account_id: A,
  workspace_id: workspace,
  workspace_name: workspace === 'ws-1' ? 'Marketing' : 'Color',
  project_id: project,
  project_name: project === 'p-spring' ? 'Spring Campaign' : project,
});
const grant = (project: string, id: string, from: ProjectRole | null, to: ProjectRole, workspace?: string): Change => ({
  action: 'set_project_role',
  ...at(project, workspace),
  user_id: id,
  email: `${id}@x.test`,
  from,
  to,
});
const removal = (project: string, id: string, from: ProjectRole): Change => ({
  action: 'remove_project_user',
  ...at(project),
  user_id: id,
  email: `${id}@x.test`,
  from,
  to: null,
});
const restricted = (project: string, from: boolean, to: boolean): SetProjectRestricted => ({
  action: 'set_project_restricted',
  ...at(project),
  from,
  to,
});
const members = (...ids: string[]): Record<string, AccountRole> =>
  Object.fromEntries([['o', 'owner'], ...ids.map((id) => [id, 'member'])]);
const spring = (rows: Record<string, ProjectListRole>, restricted: boolean | null = false): FakeProject => ({
  workspace: 'ws-1',
  name: 'Spring Campaign',
  restricted,
  rows,
});

const outcomes = (report: { results: { outcome: string; detail?: string }[] }) =>
  report.results.map((r) => (r.detail ? `${r.outcome}: ${r.detail}` : r.outcome));

describe('applying project changes', () => {
  it('applies, finds already so, and skips stale, gone and failed changes, each with its reason', async () => {
    const api = fakeApi(
      {
        account: { ...members('add', 'same', 'moved', 'collab', 'boss', 'bad', 'off'), boss: 'admin' },
        workspaces: { 'ws-1': {} },
        projects: {
          'p-spring': spring({ same: 'editor', moved: 'full_access', collab: 'editor' }),
          'p-old': { ...spring({ x: 'viewer' }), name: 'p-old', deleted: true },
        },
        deactivated: ['off'],
      },
      async (name) => {
        if (name === 'p-spring bad viewer') throw new ApiError('PATCH', '/v4/x', 422, 'role not allowed');
      },
    );
    const changes = [
      grant('p-spring', 'add', null, 'commenter'),
      grant('p-spring', 'same', 'viewer', 'editor'),
      grant('p-spring', 'moved', 'viewer', 'editor'),
      grant('p-spring', 'gone', null, 'viewer'),
      grant('p-spring', 'boss', null, 'viewer'),
      grant('p-spring', 'off', null, 'viewer'),
      grant('p-spring', 'bad', null, 'viewer'),
      removal('p-spring', 'collab', 'editor'),
      grant('p-old', 'x', 'viewer', 'editor'),
      removal('p-old', 'x', 'viewer'),
      restricted('p-spring', false, true),
    ];
    const report = await applyChanges(changes, { ...api, minAdmins: new Map() });
    expect(outcomes(report)).toEqual([
      'applied',
      'already',
      'stale: the plan expected viewer, live has full_access now (changed since the plan)',
      'stale: gone@x.test is no longer a user of the account (removed since the plan); not written',
      'stale: boss@x.test is the account admin now: their project access comes from the account role; not written',
      'stale: off@x.test has been deactivated since the plan; not written',
      'failed: PATCH /v4/x failed: HTTP 422: role not allowed',
      'applied',
      'stale: the project Marketing / p-old no longer exists (deleted since the plan); not written',
      'stale: the project Marketing / p-old no longer exists (deleted since the plan); not written',
      'applied',
    ]);
    expect(api.writes.sort()).toEqual(['p-spring add commenter', 'remove p-spring collab', 'restricted p-spring true']);
    expect(report.calls).toEqual({
      ...writeCounts([]),
      project_role_patch: 1,
      project_user_delete: 1,
      project_update: 1,
    });
    // A deleted project is read once, not once per change; listings include deactivated users.
    expect(api.reads.filter((r) => r.includes('p-old'))).toEqual(['show p-old']);
    expect(api.reads).toContain('project p-spring');
  });

  it('reads an inherited listing as the plan did: rows at or below the workspace role are no direct grant', async () => {
    // What a listing with inherited access shows: the owner and an admin from the account, each
    // workspace member at the higher of their workspace role and their direct grant.
    const api = fakeApi({
      account: { ...members('ws', 'up', 'direct', 'stays', 'collab'), adm: 'admin' },
      workspaces: { 'ws-1': { ws: 'editor', up: 'viewer', direct: 'commenter', stays: 'full_access', adm: 'admin' } },
      projects: {
        'p-spring': spring({
          o: 'owner',
          adm: 'admin',
          ws: 'editor',
          up: 'commenter',
          direct: 'full_access',
          stays: 'full_access',
          collab: 'viewer',
        }),
      },
    });
    const changes = [
      // Inherited editor: no direct grant, so the plan's `from: null` holds.
      grant('p-spring', 'ws', null, 'full_access'),
      // A direct commenter grant, but the plan makes them workspace editor: the planner read the row
      // against the workspace role after the plan, so `from: null` holds here too.
      grant('p-spring', 'up', null, 'full_access'),
      // full_access is above their commenter workspace role: a direct grant the plan lowers.
      grant('p-spring', 'direct', 'full_access', 'editor'),
      // Their full_access comes from the workspace: no direct grant to remove, already so.
      removal('p-spring', 'stays', 'viewer'),
      // A project-only collaborator's direct grant.
      removal('p-spring', 'collab', 'viewer'),
    ];
    changes.push({
      action: 'set_workspace_role',
      account_id: A,
      workspace_id: 'ws-1',
      workspace_name: 'Marketing',
      user_id: 'up',
      email: 'up@x.test',
      from: 'viewer',
      to: 'editor',
    });
    const report = await applyChanges(changes, { ...api, minAdmins: new Map() });
    expect(outcomes(report)).toEqual(['applied', 'applied', 'applied', 'already', 'applied', 'applied']);
    expect(api.writes.sort()).toEqual([
      'p-spring direct editor',
      'p-spring up full_access',
      'p-spring ws full_access',
      'remove p-spring collab',
      'ws-1 up editor',
    ]);
  });

  it('inherits nothing in a restricted project, or one this plan restricts', async () => {
    const state = (projectRestricted: boolean): FakeState => ({
      account: members('w'),
      workspaces: { 'ws-1': { w: 'editor' } },
      projects: { 'p-spring': spring({ w: 'viewer' }, projectRestricted) },
    });
    // The viewer row is below the workspace role: read as inherited in an open project...
    const open = await applyChanges([grant('p-spring', 'w', 'viewer', 'full_access')], {
      ...fakeApi(state(false)),
      minAdmins: new Map(),
    });
    expect(outcomes(open)).toEqual([
      'stale: the plan expected viewer, live has no direct grant now (changed since the plan)',
    ]);
    // ...but a direct grant in a restricted one.
    const closed = await applyChanges([grant('p-spring', 'w', 'viewer', 'full_access')], {
      ...fakeApi(state(true)),
      minAdmins: new Map(),
    });
    expect(outcomes(closed)).toEqual(['applied']);
    // A project this plan restricts is still open when its grants run, and the planner read it open
    // (the restriction's `from`): the viewer row is no direct grant, as the plan's `from: null` says.
    const restricting = fakeApi(state(false));
    const report = await applyChanges(
      [grant('p-spring', 'w', null, 'full_access'), restricted('p-spring', false, true)],
      { ...restricting, minAdmins: new Map() },
    );
    expect(outcomes(report)).toEqual(['applied', 'applied']);
    expect(restricting.writes).toEqual(['p-spring w full_access', 'restricted p-spring true']);
  });

  it("checks a project's restricted against the plan's from: already so, or stale when Frame.io does not say", async () => {
    const api = fakeApi({
      account: members(),
      workspaces: {},
      projects: {
        'p-open': { ...spring({}), name: 'p-open' },
        'p-done': { ...spring({}, true), name: 'p-done' },
        'p-unknown': { ...spring({}, null), name: 'p-unknown' },
        'p-gone': { ...spring({}), name: 'p-gone', deleted: true },
      },
    });
    const report = await applyChanges(
      [
        restricted('p-open', false, true),
        restricted('p-done', false, true),
        restricted('p-unknown', true, false),
        restricted('p-gone', false, true),
      ],
      { ...api, minAdmins: new Map() },
    );
    expect(outcomes(report)).toEqual([
      'applied',
      'already',
      'stale: the plan expected restricted: true, Frame.io does not say now (changed since the plan)',
      'stale: the project Marketing / p-gone no longer exists (deleted since the plan); not written',
    ]);
    expect(api.writes).toEqual(['restricted p-open true']);
  });

  it('journals a restriction by its project, and on resume makes no call for what was done', async () => {
    const file = join(tempDir('rolesync-journal-'), 'plan.json.journal');
    const changes = [
      grant('p-spring', 'a', null, 'viewer'),
      grant('p-spring', 'b', null, 'viewer'),
      restricted('p-spring', false, true),
    ];
    expect(changeKey(changes[2]!)).toBe('set_project_restricted|acct-1|p-spring||false|true');
    expect(changeKey(changes[0]!)).toBe('set_project_role|acct-1|p-spring|a||viewer');
    const api = fakeApi({
      account: members('a', 'b'),
      workspaces: { 'ws-1': {} },
      projects: { 'p-spring': spring({}) },
    });
    const controller = new AbortController();
    const first = await applyChanges(changes, {
      ...api,
      minAdmins: new Map(),
      journal: Journal.create(file, 'sum'),
      signal: controller.signal,
      onResult: () => controller.abort(),
    });
    expect(outcomes(first)).toEqual(['applied', 'not_started', 'not_started']);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.slice(1)).toEqual(['{"key":"set_project_role|acct-1|p-spring|a||viewer","outcome":"applied"}']);

    const second = await applyChanges(changes, { ...api, minAdmins: new Map(), journal: Journal.resume(file, 'sum') });
    expect(outcomes(second)).toEqual(['resumed: applied by the interrupted run', 'applied', 'applied']);
    const third = await applyChanges(changes, { ...api, minAdmins: new Map(), journal: Journal.resume(file, 'sum') });
    expect(third.results.map((r) => r.outcome)).toEqual(['resumed', 'resumed', 'resumed']);
    expect(api.writes).toEqual(['p-spring a viewer', 'p-spring b viewer', 'restricted p-spring true']);
  });

  it('starts from a live state just read: no project is read again', async () => {
    const api = fakeApi({ account: members('a'), workspaces: { 'ws-1': {} }, projects: { 'p-spring': spring({}) } });
    const user = { id: 'a', email: 'a@x.test', name: null, active: true };
    const live: LiveState = {
      self: { id: 'svc', email: 'svc@x.test', name: null },
      accounts: [
        {
          id: A,
          displayName: null,
          users: [{ user, role: 'member' }],
          workspaces: [
            {
              id: 'ws-1',
              name: 'Marketing',
              members: [],
              projects: [{ id: 'p-spring', name: 'Spring Campaign', restricted: false, members: [] }],
            },
          ],
        },
      ],
    };
    const report = await applyChanges([grant('p-spring', 'a', null, 'viewer'), restricted('p-spring', false, true)], {
      ...api,
      minAdmins: new Map(),
      live,
    });
    expect(outcomes(report)).toEqual(['applied', 'applied']);
    expect(api.reads).toEqual([]);
  });

  it('runs the three project classes in lanes side by side; what takes access waits for what gives it', async () => {
    const events: string[] = [];
    const turns = (n: number) =>
      new Promise<void>((resolve) => {
        const next = (left: number): void => void (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
        next(n);
      });
    const api = fakeApi(
      {
        account: { ...members('a', 'b', 'c', 'p', 'q', 'r'), o: 'owner' },
        workspaces: { 'ws-1': { q: 'viewer' } },
        projects: {
          'p-spring': spring({}),
          'p-open': { ...spring({ q: 'editor' }, true), name: 'p-open' },
          'p-other': { ...spring({ r: 'viewer' }), name: 'p-other' },
        },
      },
      async (name) => {
        events.push(`start ${name}`);
        // Lifting p-open's restriction takes longest: q's removal must still wait for it.
        await turns(name === 'restricted p-open false' ? 12 : 3);
        events.push(`end ${name}`);
      },
    );
    const changes: Change[] = [
      // Given the restriction first: it still waits for both grants to its project and the promotion.
      restricted('p-spring', false, true),
      grant('p-spring', 'a', null, 'viewer'),
      grant('p-spring', 'b', null, 'editor'),
      { action: 'set_account_role', account_id: A, user_id: 'p', email: 'p@x.test', from: 'member', to: 'admin' },
      // Nothing to wait for: runs beside the grants.
      removal('p-other', 'r', 'viewer'),
      // Lifting p-open's restriction gives q access from the workspace: q's direct grant goes after.
      removal('p-open', 'q', 'editor'),
      restricted('p-open', true, false),
    ];
    const report = await applyChanges(changes, { ...api, minAdmins: new Map([[A, 1]]) });
    expect(report.results.map((r) => r.outcome)).toEqual(Array(changes.length).fill('applied'));
    const index = (event: string) => {
      const i = events.indexOf(event);
      expect(i, event).toBeGreaterThanOrEqual(0);
      return i;
    };
    const restriction = index('start restricted p-spring true');
    expect(index('end p-spring a viewer')).toBeLessThan(restriction);
    expect(index('end p-spring b editor')).toBeLessThan(restriction);
    expect(index('end account p admin')).toBeLessThan(restriction);
    expect(index('end restricted p-open false')).toBeLessThan(index('start remove p-open q'));
    // Lanes side by side: the removal in p-other starts while the role lane is still busy.
    expect(index('start remove p-other r')).toBeLessThan(index('end p-spring b editor'));
    expect(report.calls).toEqual({
      ...writeCounts([]),
      account_role_patch: 1,
      project_role_patch: 2,
      project_user_delete: 2,
      project_update: 2,
    });
  });

  it("never takes project access from the applying token's own user", async () => {
    const api = fakeApi({ account: members('me'), workspaces: {}, projects: { 'p-spring': spring({ me: 'editor' }) } });
    const report = await applyChanges(
      [removal('p-spring', 'me', 'editor'), grant('p-spring', 'me', 'editor', 'viewer')],
      {
        ...api,
        minAdmins: new Map(),
        selfId: 'me',
      },
    );
    expect(report.results.map((r) => r.outcome)).toEqual(['blocked', 'blocked']);
    expect(api.writes).toEqual([]);
  });
});
