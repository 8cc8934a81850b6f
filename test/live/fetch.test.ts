import { describe, expect, it } from 'vitest';
import { fetchLive, managedWorkspaceIds, type LiveReader } from '../../src/live/fetch.js';
import { ApiError, ManifestError } from '../../src/errors.js';
import type { DesiredAccount, Manifest } from '../../src/manifest/types.js';
import { DEFAULT_POLICY } from '../../src/manifest/types.js';

const pos = (line: number) => ({ file: 'm.yaml', line, col: 3 });
type Named = { name: string; id?: string };
const account = (
  id: string,
  line: number,
  workspaces: (Named & { projects?: Named[] })[] = [],
  name?: string,
): DesiredAccount => ({
  id,
  ...(name ? { name } : {}),
  mode: 'additive',
  users: [],
  groups: [],
  policy: DEFAULT_POLICY,
  experimental: [],
  frameioGroups: [],
  workspaces: workspaces.map((w) => ({
    ...w,
    mode: 'additive',
    users: [],
    groups: [],
    frameioGroups: null,
    projects: (w.projects ?? []).map((p) => ({
      ...p,
      mode: 'additive',
      users: [],
      groups: [],
      frameioGroups: null,
      pos: pos(line),
    })),
    pos: pos(line),
  })),
  files: ['m.yaml'],
  pos: pos(line),
});
const manifest = (...accounts: DesiredAccount[]): Manifest => ({ accounts, warnings: [], digest: 'd' });

/** A fake API that records which reads were made. */
function reader(overrides: Partial<LiveReader> = {}): LiveReader & { calls: string[] } {
  const calls: string[] = [];
  const read = <T>(call: string, answer: T): T => {
    calls.push(call);
    return answer;
  };
  return {
    calls,
    me: async () => read('me', { id: 'u-me', email: 'me@x.test', name: null }),
    listAccounts: async () => read('accounts', [{ id: 'acc-uuid', displayName: 'Acme', adobeId: 'ORG@AdobeOrg' }]),
    listAccountUsers: async (a) => read(`users ${a}`, []),
    listWorkspaces: async (a) =>
      read(`workspaces ${a}`, [
        { id: 'w1', name: 'Marketing' },
        { id: 'w2', name: 'Dailies' },
        { id: 'w3', name: 'Dailies' },
        { id: 'w4', name: 'Archive' },
      ]),
    listWorkspaceUsers: async (_a, w) => read(`members ${w}`, []),
    listProjects: async (_a, w) =>
      read(`projects ${w}`, [
        { id: `${w}-p1`, name: 'Spring', restricted: false },
        { id: `${w}-p2`, name: 'Twin', restricted: null },
        { id: `${w}-p3`, name: 'Twin', restricted: true },
        { id: `${w}-p4`, name: 'Quiet', restricted: false },
      ]),
    listProjectUsers: async (_a, p, o) => read(`project users ${p}${o?.includeDeactivated ? ' +deactivated' : ''}`, []),
    listGroups: async (a) => read(`groups ${a}`, []),
    listGroupMembers: async (_a, g) => read(`group members ${g}`, []),
    listWorkspaceGroups: async (_a, w) => read(`workspace groups ${w}`, []),
    listProjectGroups: async (_a, p) => read(`project groups ${p}`, []),
    ...overrides,
  };
}

describe('fetchLive', () => {
  it('reads the members of managed workspaces only: pinned ids and unambiguous names', async () => {
    const r = reader();
    const live = await fetchLive(
      r,
      manifest(account('acc-uuid', 2, [{ name: 'Marketing' }, { name: 'Dailies' }, { name: 'Old name', id: 'w3' }])),
    );
    expect(r.calls.filter((c) => c.startsWith('members')).sort()).toEqual(['members w1', 'members w3']);
    expect(r.calls).not.toContain('accounts'); // no name to compare, no adobe: id
    expect(live.accounts[0]!.workspaces.map((w) => [w.id, w.members !== undefined])).toEqual([
      ['w1', true],
      ['w2', false],
      ['w3', true],
      ['w4', false],
    ]);
    expect(live.self.id).toBe('u-me');
  });

  it('compares the account name only when the manifest gives one', async () => {
    const r = reader();
    const live = await fetchLive(r, manifest(account('adobe:ORG@AdobeOrg', 2, [], 'Acme')));
    expect(r.calls).toContain('accounts');
    expect(live.accounts[0]!.displayName).toBe('Acme');
  });

  it('refuses the same account named by its UUID and by its adobe: id, naming both places', async () => {
    const err = await fetchLive(reader(), manifest(account('acc-uuid', 2), account('adobe:ORG@AdobeOrg', 9))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as ManifestError).diagnostics.map((d) => `${d.pos.line}: ${d.message}`)).toEqual([
      '9: account adobe:ORG@AdobeOrg is the same Frame.io account as acc-uuid at m.yaml:2:3; manage it under one id',
    ]);
  });

  it('fails as a whole when any page fails: no partial live state', async () => {
    const r = reader({
      listWorkspaceUsers: async () =>
        Promise.reject(new ApiError('GET', '/v4/accounts/a/workspaces/w1/users', 503, 'down')),
    });
    await expect(fetchLive(r, manifest(account('acc-uuid', 2, [{ name: 'Marketing' }])))).rejects.toThrow(
      'GET /v4/accounts/a/workspaces/w1/users failed: HTTP 503: down',
    );
  });

  it('turns an account the token cannot see into a manifest error at account.id', async () => {
    const r = reader({
      listAccountUsers: async () =>
        Promise.reject(new ApiError('GET', '/v4/accounts/nope/users', 404, 'Account not found')),
    });
    const err = await fetchLive(r, manifest(account('nope', 3))).catch((e: unknown) => e);
    expect((err as ManifestError).diagnostics[0]!.pos).toEqual(pos(3));
    expect((err as ManifestError).diagnostics[0]!.message).toContain(
      'account nope is not one this token can manage (GET /v4/accounts/nope/users: HTTP 404, Account not found)',
    );
  });

  it("reads every account's users before any workspace's members, and a check there stops the read", async () => {
    const r = reader();
    const m = manifest(account('acc-uuid', 2, [{ name: 'Marketing' }]), account('acc-2', 9, [{ name: 'Marketing' }]));
    let seen: string[] = [];
    await fetchLive(r, m, {
      beforeMembers: (self, accounts) => {
        seen = [self.id, ...accounts.map((a) => a.id)];
      },
    });
    expect(seen).toEqual(['u-me', 'acc-uuid', 'acc-2']);
    const firstMembers = r.calls.findIndex((c) => c.startsWith('members'));
    expect(r.calls.slice(firstMembers).every((c) => c.startsWith('members'))).toBe(true);

    const stopped = reader();
    const refused = new Error('the token cannot change roles');
    await expect(
      fetchLive(stopped, m, {
        beforeMembers: () => {
          throw refused;
        },
      }),
    ).rejects.toBe(refused);
    expect(stopped.calls.filter((c) => c.startsWith('members'))).toEqual([]);
  });

  it('lists the projects of managed workspaces that list some, and the users of listed projects only', async () => {
    const r = reader();
    const live = await fetchLive(
      r,
      manifest(
        account('acc-uuid', 2, [
          { name: 'Marketing', projects: [{ name: 'Spring' }, { name: 'Twin' }, { name: 'Old', id: 'w1-p3' }] },
          { name: 'Archive' },
          // Not managed (an ambiguous name): its projects are not listed either.
          { name: 'Dailies', projects: [{ name: 'Spring' }] },
          { name: 'Gone', id: 'w9', projects: [{ name: 'Spring' }] },
        ]),
      ),
    );
    expect(r.calls.filter((c) => c.startsWith('projects'))).toEqual(['projects w1']);
    // Spring by its name, w1-p3 by its pin; Twin is ambiguous, Quiet not listed.
    expect(r.calls.filter((c) => c.startsWith('project users')).sort()).toEqual([
      'project users w1-p1 +deactivated',
      'project users w1-p3 +deactivated',
    ]);
    const [marketing, , , archive] = live.accounts[0]!.workspaces;
    expect(marketing!.projects).toEqual([
      { id: 'w1-p1', name: 'Spring', restricted: false, members: [] },
      { id: 'w1-p2', name: 'Twin', restricted: null },
      { id: 'w1-p3', name: 'Twin', restricted: true, members: [] },
      { id: 'w1-p4', name: 'Quiet', restricted: false },
    ]);
    expect(archive!.members).toEqual([]);
    expect(archive!.projects).toBeUndefined();
    expect(live.accounts[0]!.workspaces.map((w) => w.projects !== undefined)).toEqual([true, false, false, false]);
  });

  it('fails as a whole when a project read fails, and reads no project before the check', async () => {
    const failing = reader({
      listProjectUsers: async () => Promise.reject(new ApiError('GET', '/v4/accounts/a/projects/p/users', 500, 'x')),
    });
    const m = manifest(account('acc-uuid', 2, [{ name: 'Marketing', projects: [{ name: 'Spring' }] }]));
    await expect(fetchLive(failing, m)).rejects.toThrow('GET /v4/accounts/a/projects/p/users failed: HTTP 500: x');

    const stopped = reader();
    await expect(
      fetchLive(stopped, m, {
        beforeMembers: () => {
          throw new Error('stop');
        },
      }),
    ).rejects.toThrow('stop');
    expect(stopped.calls.filter((c) => c.startsWith('project'))).toEqual([]);
  });

  it("lists an opted-in account's groups with its users, and reads members and grants only after the check", async () => {
    const opted: DesiredAccount = {
      ...account('acc-uuid', 2, [{ name: 'Marketing' }]),
      experimental: ['frameio_groups'],
      frameioGroups: [{ name: 'Post', mode: 'additive', managed: true, members: [], groups: [], pos: pos(4) }],
    };
    opted.workspaces[0]!.frameioGroups = [{ group: 'Post', role: 'editor', pos: pos(6) }];
    const groups = async () => [{ id: 'g1', name: 'Post', source: 'frame', syncStatus: null }];
    const stopped = reader({ listGroups: groups });
    let heads: unknown[] = [];
    const stop = new Error('stop');
    const refused = await fetchLive(stopped, manifest(opted), {
      beforeMembers: (_self, accounts) => {
        heads = accounts.map((a) => a.groups);
        throw stop;
      },
    }).catch((e: unknown) => e);
    expect(refused).toBe(stop);
    expect(heads).toEqual([[{ id: 'g1', name: 'Post', source: 'frame', sync_status: null }]]);
    expect(stopped.calls.filter((c) => c.startsWith('group members') || c.includes(' groups '))).toEqual([]);

    // A failure other than a missing experimental API is the API error it is.
    const failing = reader({
      listGroups: groups,
      listGroupMembers: async () => Promise.reject(new ApiError('GET', '/v4/accounts/a/groups/g1/users', 500, 'x')),
    });
    await expect(fetchLive(failing, manifest(opted))).rejects.toThrow(
      'GET /v4/accounts/a/groups/g1/users failed: HTTP 500: x',
    );
  });

  it('managedWorkspaceIds ignores unknown pins and ambiguous names (the resolver reports them)', () => {
    const ids = managedWorkspaceIds(
      account('a', 1, [{ name: 'Dailies' }, { name: 'X', id: 'w9' }, { name: 'Archive' }]),
      [
        { id: 'w2', name: 'Dailies' },
        { id: 'w3', name: 'Dailies' },
        { id: 'w4', name: 'Archive' },
      ],
    );
    expect([...ids]).toEqual(['w4']);
  });
});
