import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges, type RoleWriter, type ScopeReader } from '../../src/apply/apply.js';
import { Journal } from '../../src/apply/journal.js';
import { ApiError } from '../../src/errors.js';
import type { Change } from '../../src/plan/types.js';
import type { AccountRole, WorkspaceListRole } from '../../src/roles.js';
import { tempDir } from '../support/tmp.js';

const A = 'acct-1';
const W = 'ws-1';

/** A fake Frame.io: account roles and one workspace's members, by user id; records every write. */
function fakeApi(
  account: Record<string, AccountRole>,
  workspace: Record<string, WorkspaceListRole>,
  fail: (call: string) => ApiError | undefined = () => undefined,
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
  };
  return { reader, writer, writes, reads, account, workspace };
}

const acct = (id: string, from: AccountRole | null, to: 'admin' | 'member'): Change => ({ action: 'set_account_role', account_id: A, user_id: id, email: `${id}@x.test`, from, to });
const ws = (id: string, from: Change['from'] & (string | null), to: 'editor' | 'viewer' | 'full_access'): Change =>
  ({ action: 'set_workspace_role', account_id: A, workspace_id: W, workspace_name: 'Marketing', user_id: id, email: `${id}@x.test`, from, to }) as Change;
const rm = (id: string, from: 'viewer' | 'editor'): Change => ({ action: 'remove_workspace_user', account_id: A, workspace_id: W, workspace_name: 'Marketing', user_id: id, email: `${id}@x.test`, from, to: null });

describe('applyChanges', () => {
  it('applies changes whose live role is the plan\'s from, and skips the rest without writing', async () => {
    const api = fakeApi({ o: 'owner', a: 'admin', b: 'member', c: 'member' }, { b: 'viewer', c: 'editor', d: 'viewer', e: 'commenter' });
    const changes = [acct('b', 'member', 'admin'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'full_access'), ws('f', null, 'viewer'), rm('d', 'viewer'), rm('e', 'viewer'), rm('g', 'viewer')];
    api.workspace['f'] = 'viewer'; // someone already did this one by hand
    const report = await applyChanges(changes, { ...api, minAdmins: new Map() });
    expect(report.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'stale', 'already', 'applied', 'stale', 'already']);
    expect(report.results[2]!.detail).toBe('the plan expected viewer, live has editor now (changed since the plan)');
    expect(api.writes.sort()).toEqual(['account b admin', 'remove d', 'workspace b editor']);
    expect(report.calls).toEqual({ account_role_patch: 1, workspace_role_patch: 1, workspace_user_delete: 1 });
    expect(api.workspace).toEqual({ b: 'editor', c: 'editor', e: 'commenter', f: 'viewer' });
  });

  it('never demotes below min_admins, even when a promotion before it failed', async () => {
    const api = fakeApi({ o: 'member', a: 'admin', b: 'member' }, {}, (call) => (call === 'account b admin' ? new ApiError('PATCH', '/v4/accounts/acct-1/users/b', 422, 'not eligible') : undefined));
    const report = await applyChanges([acct('b', 'member', 'admin'), acct('a', 'admin', 'member')], { ...api, minAdmins: new Map([[A, 1]]) });
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'blocked']);
    expect(report.results[0]!.detail).toBe('PATCH /v4/accounts/acct-1/users/b failed: HTTP 422: not eligible');
    expect(report.results[1]!.detail).toBe('demoting would leave 0 admins, fewer than min_admins 1');
    expect(api.account['a']).toBe('admin');
  });

  it('stops writing after a 401: the token no longer works for any call', async () => {
    const api = fakeApi({}, { a: 'viewer', b: 'viewer', c: 'viewer' }, (call) => (call.startsWith('workspace') ? new ApiError('PATCH', '/x', 401, 'Unauthorized') : undefined));
    const report = await applyChanges([ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')], { ...api, minAdmins: new Map() });
    expect(report.results.map((r) => r.outcome)).toEqual(['failed', 'not_started', 'not_started']);
  });

  it('starts nothing new once interrupted, and reports the rest as not started', async () => {
    const controller = new AbortController();
    const api = fakeApi({}, { a: 'viewer', b: 'viewer', c: 'viewer' });
    const report = await applyChanges([ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')], {
      ...api,
      minAdmins: new Map(),
      signal: controller.signal,
      onResult: (_r, done) => done === 1 && controller.abort(),
    });
    expect(report.interrupted).toBe(true);
    expect(report.results.map((r) => r.outcome)).toEqual(['applied', 'not_started', 'not_started']);
    expect(api.writes).toEqual(['workspace a editor']);
  });

  it('journals every finished change and, on resume, makes no call for those again', async () => {
    const dir = tempDir('rolesync-journal-');
    const file = join(dir, 'plan.json.journal');
    const changes = [ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), rm('c', 'viewer')];
    const api = fakeApi({}, { a: 'viewer', b: 'viewer', c: 'viewer' });
    const controller = new AbortController();
    await applyChanges(changes, { ...api, minAdmins: new Map(), journal: Journal.create(file, 'sum-1'), signal: controller.signal, onResult: () => controller.abort() });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3); // header + 'a' + the removal that ran beside it

    const resumed = await applyChanges(changes, { ...api, minAdmins: new Map(), journal: Journal.resume(file, 'sum-1') });
    expect(resumed.results.map((r) => r.outcome)).toEqual(['resumed', 'applied', 'resumed']);
    expect(api.writes.sort()).toEqual(['remove c', 'workspace a editor', 'workspace b editor']);
    expect(() => Journal.resume(file, 'another-plan')).toThrow(/belongs to another plan/);
  });

  it('re-reads a scope in bulk only when its snapshot is older than the limit', async () => {
    let clock = 0;
    const api = fakeApi({}, { a: 'viewer', b: 'viewer', c: 'viewer' });
    await applyChanges([ws('a', 'viewer', 'editor'), ws('b', 'viewer', 'editor'), ws('c', 'viewer', 'editor')], {
      ...api,
      minAdmins: new Map(),
      now: () => clock,
      maxSnapshotAgeMs: 1000,
      onResult: () => (clock += 600),
    });
    expect(api.reads).toEqual(['workspace', 'workspace']);
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
    const changes = [acct('me', 'admin', 'member'), ws('me', 'editor', 'viewer'), rm('me', 'editor'), acct('b', 'admin', 'member')];
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
    const api = fakeApi({ o: 'member', a: 'admin', b: 'member' }, { c: 'commenter' }, (call) =>
      failing && call === 'account b admin' ? new ApiError('PATCH', '/x', 503, 'unavailable') : undefined,
    );
    const first = await applyChanges(changes, { ...api, minAdmins: new Map([[A, 1]]), journal: Journal.create(file, 'sum') });
    expect(first.results.map((r) => r.outcome)).toEqual(['failed', 'blocked', 'stale']);
    failing = false;
    api.workspace['c'] = 'viewer'; // someone put it back as the plan expected
    const second = await applyChanges(changes, { ...api, minAdmins: new Map([[A, 1]]), journal: Journal.resume(file, 'sum') });
    expect(second.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    const third = await applyChanges(changes, { ...api, minAdmins: new Map([[A, 1]]), journal: Journal.resume(file, 'sum') });
    expect(third.results.map((r) => r.outcome)).toEqual(['resumed', 'resumed', 'resumed']);
    expect(api.writes.sort()).toEqual(['account a member', 'account b admin', 'workspace c editor']);
  });
});
