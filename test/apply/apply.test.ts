import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges, type RoleWriter, type ScopeReader } from '../../src/apply/apply.js';
import { Journal } from '../../src/apply/journal.js';
import { ImsError } from '../../src/auth/ims.js';
import { ApiError, RolesyncError } from '../../src/errors.js';
import type { Change } from '../../src/plan/types.js';
import { writeCounts } from '../../src/plan/estimate.js';
import type { AccountRole, WorkspaceListRole } from '../../src/api/index.js';
import { tempDir } from '../support/tmp.js';
import { NO_GROUP_READS, NO_GROUP_WRITES } from './no-groups.js';

const A = 'acct-1';
const W = 'ws-1';

// These plans touch no project (test/apply/projects.test.ts does): a project call is a bug here.
const noProjects = async (): Promise<never> => {
  throw new Error('no project call expected');
};
const NO_PROJECT_READS = {
  listProjectUsers: noProjects,
  showProject: noProjects,
  ...NO_GROUP_READS,
};
const NO_PROJECT_WRITES = {
  setProjectRole: noProjects,
  removeProjectUser: noProjects,
  setProjectRestricted: noProjects,
  ...NO_GROUP_WRITES,
};

/** A fake Frame.io: account roles and one workspace's members, by user id; records every write. */
function fakeApi(
  account: Record<string, AccountRole>,
  workspace: Record<string, WorkspaceListRole>,
  fail: (call: string) => Error | undefined = () => undefined,
  deactivated: string[] = [],
) {
  const writes: string[] = [];
  const reads: string[] = [];
  const user = (id: string) => ({ id, email: `${id}@x.test`, name: null, active: !deactivated.includes(id) });
  const reader: ScopeReader = {
    async listAccountUsers() {
      reads.push('account');
      return Object.entries(account).map(([id, role]) => ({ user: user(id), role }));
    },
    async listWorkspaceUsers() {
      reads.push('workspace');
      return Object.entries(workspace).map(([id, role]) => ({ user: user(id), role }));
    },
    ...NO_PROJECT_READS,
  };
  const writer: RoleWriter = {
    async setAccountRole(_a, id, role) {
      const call = `account ${id} ${role}`;
      const error = fail(call);
      if (error) throw error;
      writes.push(call);
      account[id] = role;
    },
    async setWorkspaceRole(_a, _w, id, role) {
      const call = `workspace ${id} ${role}`;
      const error = fail(call);
      if (error) throw error;
      writes.push(call);
      workspace[id] = role;
    },
    async removeWorkspaceUser(_a, _w, id) {
      const call = `remove ${id}`;
      const error = fail(call);
      if (error) throw error;
      writes.push(call);
      const had = id in workspace;
      delete workspace[id];
      return had ? 'removed' : 'already_absent';
    },
    ...NO_PROJECT_WRITES,
  };
  return { reader, writer, writes, reads, account, workspace };
}

/** Account members, one per id: who may hold workspace roles. */
const members = (...ids: string[]): Record<string, AccountRole> => Object.fromEntries(ids.map((id) => [id, 'member']));
const acct = (id: string, from: AccountRole | null, to: 'admin' | 'member'): Change => ({
  action: 'set_account_role',
  account_id: A,
  user_id: id,
  email: `${id}@x.test`,
  from,
  to,
});
const ws = (id: string, from: Change['from'] & (string | null), to: 'editor' | 'viewer' | 'full_access'): Change =>
  ({
    action: 'set_workspace_role',
    account_id: A,
    workspace_id: W,
    workspace_name: 'Marketing',
    user_id: id,
    email: `${id}@x.test`,
    from,
    to,
  }) as Change;
const rm = (id: string, from: 'viewer' | 'editor'): Change => ({
  action: 'remove_workspace_user',
  account_id: A,
  workspace_id: W,
  workspace_name: 'Marketing',
  user_id: id,
  email: `${id}@x.test`,
  from,
  to: null,
});

describe('applyChanges', () => {
  it("applies changes whose live role is the plan's from, and skips the rest without writing", async () => {
    const api = fakeApi(
      { o: 'owner', a: 'admin', b: 'member', c: 'member' },
      { b: 'viewer', c: 'editor', d: 'viewer', e: 'commenter' },
    );
    const changes = [
      acct('b', 'member', 'admin'),
      ws('b', 'viewer', 'editor'),
      ws('c', 'viewer', 'full_access'),
      ws('f', null, 'viewer'),
      rm('d', 'viewer'),
      rm('e', 'viewer'),
      rm('g', 'viewer'),
    ];
    api.workspace['f'] = 'viewer'; // someone already did this one by hand
    const report = await applyChanges(changes, { ...api, minAdmins: new Map() });
    expect(report.results.map((r) => r.outcome)).toEqual([
      'applied',
      'applied',
      'stale',
      'already',
      'applied',
      'stale',
      'already',
    ]);
    expect(report.results[2]!.detail).toBe('the plan expected viewer, live has editor now (changed since the plan)');
    expect(api.writes.sort()).toEqual(['account b admin', 'remove d', 'workspace b editor']);
    expect(report.calls).toEqual({
      ...writeCounts([]),
      account_role_patch: 1,
      workspace_role_patch: 1,
      workspace_user_delete: 1,
    });
    expect(api.workspace).toEqual({ b: 'editor', c: 'editor', e: 'commenter', f: 'viewer' });
  });

  it('never demotes below min_admins, even when a promotion before it failed', async () => {
    const api = fakeApi({ o: 'member', a: 'admin', b: 'member' }, {}, (call) =>
      call === 'account b admin'
        ? new ApiError('PATCH', '/v4/accounts/acct-1/users/b', 422, 'not eligible')
        : undefined,
    );
    const report = await applyChanges([acct('b', 'member', 'admin'), acct('a', 'admin', 'member')], {
      ...api,
      minAdmins: new Map([[A, 1]]),
    });
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'blocked']);
    expect(report.results[0]!.detail).toBe('PATCH /v4/accounts/acct-1/users/b failed: HTTP 422: not eligible');
    expect(report.results[1]!.detail).toBe('demoting would leave 0 admins, fewer than min_admins 1');
    expect(api.account['a']).toBe('admin');
    // The refused promotion is not an API write.
    expect(report.calls).toEqual({
      ...writeCounts([]),
      account_role_patch: 0,
      workspace_role_patch: 0,
      workspace_user_delete: 0,
    });
  });

  it('stops writing after a 401: the token no longer works for any call', async () => {
    const unauthorized = (call: string) =>
      call.startsWith('workspace') ? new ApiError('PATCH', '/x', 401, 'Unauthorized') : undefined;
    const api = fakeApi(members('a', 'b', 'c'), { a: 'viewer', b: 'viewer', c: 'viewer' }, unauthorized);
    const report = await applyChanges(
      [ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')],
      { ...api, minAdmins: new Map() },
    );
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'not_started', 'not_started']);
    expect(report.stopped).toBe('the API refused the token (PATCH /x: HTTP 401)');
  });

  it('stops the same way when no token can be had (IMS refused, the saved login lost), and says why once', async () => {
    const changes = () => [ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')];
    const lost = new RolesyncError('AUTH', 'the credentials file /x could not be written: file too large');
    const refused = new ImsError(
      'Adobe IMS refused a token for the client credentials (HTTP 401): invalid_client',
      401,
      null,
    );
    for (const error of [lost, refused]) {
      const api = fakeApi(members('a', 'b', 'c'), { a: 'viewer', b: 'viewer', c: 'viewer' }, (call) =>
        call.startsWith('workspace b') ? error : undefined,
      );
      const report = await applyChanges(changes(), { ...api, minAdmins: new Map() });
      expect(report.results.map((r) => r.outcome)).toEqual(['applied', 'failed', 'not_started']);
      expect(report.results[1]!.detail).toBe('no token to go on with (why: at the end)');
      expect(report.stopped).toBe(`rolesync could not get a token: ${error.message}`);
    }
  });

  it('goes on after an error of another kind than credentials', async () => {
    const odd = new RolesyncError('API_PROTOCOL', 'PATCH /x: the API answered with a body that is not JSON');
    const api = fakeApi(members('a', 'b', 'c'), { a: 'viewer', b: 'viewer', c: 'viewer' }, (call) =>
      call.startsWith('workspace a') ? odd : undefined,
    );
    const report = await applyChanges(
      [ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')],
      { ...api, minAdmins: new Map() },
    );
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'applied', 'applied']);
    expect(report.results[0]!.detail).toBe(odd.message);
    expect(report.stopped).toBeUndefined();
  });

  it('starts nothing new once interrupted, and reports the rest as not started', async () => {
    const controller = new AbortController();
    const api = fakeApi(members('a', 'b', 'c'), { a: 'viewer', b: 'viewer', c: 'viewer' });
    const told: string[] = [];
    const report = await applyChanges(
      [ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')],
      {
        ...api,
        minAdmins: new Map(),
        signal: controller.signal,
        onResult: (r, done, total) => {
          told.push(`${r.outcome} ${done}/${total}`);
          if (done === 1) controller.abort();
        },
      },
    );
    expect(report.interrupted).toBe(true);
    expect(report.results.map((r) => r.outcome)).toEqual(['applied', 'not_started', 'not_started']);
    // A progress display must not show 3/3 for one change done.
    expect(told).toEqual(['applied 1/3', 'not_started 1/3', 'not_started 1/3']);
    expect(api.writes).toEqual(['workspace a editor']);
  });

  it('journals every finished change and, on resume, makes no call for those again', async () => {
    const dir = tempDir('rolesync-journal-');
    const file = join(dir, 'plan.json.journal');
    const changes = [ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), rm('c', 'viewer')];
    const api = fakeApi(members('a', 'b', 'c'), { a: 'viewer', b: 'viewer', c: 'viewer' });
    const controller = new AbortController();
    await applyChanges(changes, {
      ...api,
      minAdmins: new Map(),
      journal: Journal.create(file, 'sum-1'),
      signal: controller.signal,
      onResult: () => controller.abort(),
    });
    // header + 'a' + the removal that ran beside it
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);

    const resumed = await applyChanges(changes, {
      ...api,
      minAdmins: new Map(),
      journal: Journal.resume(file, 'sum-1'),
    });
    expect(resumed.results.map((r) => r.outcome)).toEqual(['resumed', 'applied', 'resumed']);
    expect(api.writes.sort()).toEqual(['remove c', 'workspace a editor', 'workspace b editor']);
    expect(() => Journal.resume(file, 'another-plan')).toThrow(/belongs to another plan/);
  });

  it('re-reads a scope in bulk only when its snapshot is older than the limit', async () => {
    let clock = 0;
    const api = fakeApi(members('a', 'b', 'c'), { a: 'viewer', b: 'viewer', c: 'viewer' });
    await applyChanges([ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')], {
      ...api,
      minAdmins: new Map(),
      now: () => clock,
      maxSnapshotAgeMs: 1000,
      onResult: () => (clock += 600),
    });
    // The account's users (is each still a member?) may be ten times as old as a scope's roles.
    expect(api.reads).toEqual(['workspace', 'account', 'workspace']);
  });

  it('does not count deactivated admins towards min_admins', async () => {
    const api = fakeApi({ o: 'owner', a: 'admin', d: 'admin' }, {}, undefined, ['d']);
    const report = await applyChanges([acct('a', 'admin', 'member')], { ...api, minAdmins: new Map([[A, 2]]) });
    expect(report.results.map((r) => r.outcome)).toEqual(['blocked']);
    expect(report.results[0]!.detail).toBe('demoting would leave 1 admin, fewer than min_admins 2');
    expect(api.writes).toEqual([]);
  });

  it("never demotes or removes the applying token's own user, whatever the plan says", async () => {
    const api = fakeApi({ o: 'owner', me: 'admin', b: 'admin' }, { me: 'editor' });
    const changes = [
      acct('me', 'admin', 'member'),
      ws('me', 'editor', 'viewer'),
      rm('me', 'editor'),
      acct('b', 'admin', 'member'),
    ];
    const report = await applyChanges(changes, { ...api, minAdmins: new Map(), selfId: 'me' });
    expect(report.results.map((r) => r.outcome)).toEqual(['blocked', 'blocked', 'blocked', 'applied']);
    expect(report.results[0]!.detail).toBe("this is the token's own user, which rolesync never demotes or removes");
    expect(api.writes).toEqual(['account b member']);
  });

  it('tries blocked, stale and failed changes again on resume, and skips only what was done', async () => {
    const dir = tempDir('rolesync-journal-');
    const file = join(dir, 'plan.json.journal');
    const changes = [acct('b', 'member', 'admin'), acct('a', 'admin', 'member'), ws('c', 'viewer', 'editor')];
    let failing = true;
    const api = fakeApi({ o: 'member', a: 'admin', b: 'member', c: 'member' }, { c: 'commenter' }, (call) =>
      failing && call === 'account b admin' ? new ApiError('PATCH', '/x', 503, 'unavailable') : undefined,
    );
    const first = await applyChanges(changes, {
      ...api,
      minAdmins: new Map([[A, 1]]),
      journal: Journal.create(file, 'sum'),
    });
    expect(first.results.map((r) => r.outcome)).toEqual(['failed', 'blocked', 'stale']);
    failing = false;
    api.workspace['c'] = 'viewer'; // someone put it back as the plan expected
    const second = await applyChanges(changes, {
      ...api,
      minAdmins: new Map([[A, 1]]),
      journal: Journal.resume(file, 'sum'),
    });
    expect(second.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    const third = await applyChanges(changes, {
      ...api,
      minAdmins: new Map([[A, 1]]),
      journal: Journal.resume(file, 'sum'),
    });
    expect(third.results.map((r) => r.outcome)).toEqual(['resumed', 'resumed', 'resumed']);
    expect(api.writes.sort()).toEqual(['account a member', 'account b admin', 'workspace c editor']);
  });

  it('does not add a user who left the account, was deactivated or became an admin since the plan: stale, no write', async () => {
    const api = fakeApi({ o: 'owner', stays: 'member', off: 'member', boss: 'admin' }, { stays: 'viewer' }, undefined, [
      'off',
    ]);
    const changes = [ws('gone', null, 'viewer'), ws('off', null, 'viewer'), ws('boss', null, 'editor')];
    changes.push(ws('stays', 'viewer', 'editor'));
    const report = await applyChanges(changes, { ...api, minAdmins: new Map() });
    expect(report.results.map((r) => [r.outcome, r.detail])).toEqual([
      ['stale', 'gone@x.test is no longer a user of the account (removed since the plan); not written'],
      ['stale', 'off@x.test has been deactivated since the plan; not written'],
      [
        'stale',
        'boss@x.test is the account admin now: their workspace access comes from the account role; not written',
      ],
      ['applied', undefined],
    ]);
    expect(api.writes).toEqual(['workspace stays editor']);
  });

  it('does not promote a user deactivated since the plan', async () => {
    const api = fakeApi({ o: 'owner', off: 'member' }, {}, undefined, ['off']);
    const report = await applyChanges([acct('off', 'member', 'admin')], { ...api, minAdmins: new Map() });
    expect(report.results.map((r) => [r.outcome, r.detail])).toEqual([
      ['stale', 'off@x.test has been deactivated since the plan; not promoted'],
    ]);
    expect(api.writes).toEqual([]);
  });

  it('takes access from a user only once what gives that user access has finished, across the lanes', async () => {
    // The order in which calls start and end; every write takes a few turns of the event loop,
    // so lanes that do not wait for each other interleave.
    const events: string[] = [];
    const turns = (n: number) =>
      new Promise<void>((resolve) => {
        const next = (left: number): void => void (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
        next(n);
      });
    const call = async (name: string) => {
      events.push(`start ${name}`);
      await turns(3);
      events.push(`end ${name}`);
    };
    const user = (id: string) => ({ id, email: `${id}@x.test`, name: null, active: true });
    const account: Record<string, AccountRole> = { o: 'owner', u: 'member', p: 'member', d: 'admin' };
    const rows: Record<string, Record<string, WorkspaceListRole>> = { 'ws-1': { u: 'viewer' }, 'ws-2': {} };
    const reader: ScopeReader = {
      listAccountUsers: async () => Object.entries(account).map(([id, role]) => ({ user: user(id), role })),
      listWorkspaceUsers: async (_a, w) =>
        Object.entries(rows[w] ?? {}).map(([id, role]) => ({ user: user(id), role })),
      ...NO_PROJECT_READS,
    };
    const writer: RoleWriter = {
      setAccountRole: (_a, id, role) => call(`account ${id} ${role}`),
      setWorkspaceRole: (_a, w, id, role) => call(`${w} ${id} ${role}`),
      removeWorkspaceUser: async (_a, w, id) => {
        await call(`remove ${w} ${id}`);
        return 'removed';
      },
      ...NO_PROJECT_WRITES,
    };
    const u = { user_id: 'u', email: 'u@x.test' };
    const move: Change[] = [
      // u moves from ws-1 to ws-2: the removal (its own lane) must wait for the add.
      {
        action: 'set_workspace_role',
        account_id: A,
        workspace_id: 'ws-2',
        workspace_name: 'New',
        ...u,
        from: null,
        to: 'editor',
      },
      {
        action: 'remove_workspace_user',
        account_id: A,
        workspace_id: 'ws-1',
        workspace_name: 'Old',
        ...u,
        from: 'viewer',
        to: null,
      },
      // Given demotion first: promotions still run first, so the account never has fewer admins.
      acct('d', 'admin', 'member'),
      acct('p', 'member', 'admin'),
    ];
    const report = await applyChanges(move, { reader, writer, minAdmins: new Map([[A, 1]]) });
    expect(report.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const at = (event: string) => events.indexOf(event);
    expect(at('end ws-2 u editor')).toBeGreaterThanOrEqual(0);
    expect(at('end ws-2 u editor')).toBeLessThan(at('start remove ws-1 u'));
    expect(at('end account p admin')).toBeLessThan(at('start account d member'));
  });
});
