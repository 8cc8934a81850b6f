// The client through real HTTP against the emulator: paging counts, faults survived without a lost
// or doubled write, rate budgets that draw no 429, and a 401 that names the call but not the token.
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameioClient, type ClientEvent, type ClientOptions } from '../../src/client/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { ApiError } from '../../src/errors.js';
import type { WorkspaceRole } from '../../src/api/index.js';
import { virtualTime } from '../support/virtual-time.js';

const SEED = fileURLToPath(new URL('../../examples/emulator-seed.yaml', import.meta.url));
const ADMIN_TOKEN = 'fio-demo-admin-token';
const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const ADOBE_ACCOUNT = 'adobe:2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: Partial<EmulatorOptions> = {}, client: Partial<ClientOptions> = {}) {
  emulator = await startEmulator({ state: SEED, port: 0, timeScale: 60, ...options });
  const api = new FrameioClient({ token: ADMIN_TOKEN, baseUrl: emulator.url, retry: { baseMs: 5 }, ...client });
  return { emu: emulator, api };
}

function workspaceId(emu: Emulator, name: string): string {
  const ws = emu.state.workspaces(ACME).find((w) => w.name === name);
  if (!ws) throw new Error(`no workspace ${name} in the seed`);
  return ws.id;
}

/** Plain members of the account who are active and have an id: the users writes may target. */
function writableUsers(emu: Emulator): { email: string; id: string }[] {
  return Object.entries(emu.state.accountUsers(ACME))
    .filter(([, role]) => role === 'member')
    .map(([email]) => emu.state.user(email))
    .filter((u) => u !== undefined && u.id !== null && u.active === true)
    .map((u) => ({ email: u!.email, id: u!.id! }));
}

describe('reads', () => {
  it('reads the 251-member "Client Reviews" workspace in exactly 3 list calls of page_size=100', async () => {
    const { emu, api } = await start();
    const ws = workspaceId(emu, 'Client Reviews');
    emu.clearLog();
    const members = await api.listWorkspaceUsers(ACME, ws, { includeDeactivated: true });
    const expected = emu.state.workspaceUsers(ACME, ws);
    expect(Object.keys(expected)).toHaveLength(251);
    expect(members).toHaveLength(251);
    expect(Object.fromEntries(members.map((m) => [m.user.email.toLowerCase(), m.role]))).toEqual(expected);
    const calls = emu.log.filter((e) => e.operation === 'workspace_user_roles.index');
    expect(calls).toHaveLength(3);
    expect(emu.log).toHaveLength(3);
    expect(calls.map((e) => e.query.page_size)).toEqual(['100', '100', '100']);
    expect(calls.map((e) => e.query.include_deactivated)).toEqual(['true', 'true', 'true']);
    expect(api.stats.calls).toEqual({ 'workspace_user_roles.index': 3 });
  });

  it('asks for an explicit order on every page: users by email, workspaces by name', async () => {
    const { emu, api } = await start();
    emu.clearLog();
    const users = await api.listAccountUsers(ACME, { includeDeactivated: true });
    const workspaces = await api.listWorkspaces(ACME);
    const userCalls = emu.log.filter((e) => e.operation === 'account_user_roles.index');
    expect(userCalls.length).toBeGreaterThan(1);
    expect(userCalls.map((e) => [e.status, e.query.sort])).toEqual(userCalls.map(() => [200, 'email_asc']));
    const wsCalls = emu.log.filter((e) => e.operation === 'workspaces.index');
    expect(wsCalls.map((e) => [e.status, e.query.sort])).toEqual(wsCalls.map(() => [200, 'name_asc']));
    const emails = users.map((u) => u.user.email);
    expect(emails).toEqual([...emails].sort());
    const names = workspaces.map((w) => w.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('reads me, accounts, account users and workspaces as the emulator holds them', async () => {
    const { emu, api } = await start();
    expect(await api.me()).toMatchObject({ email: 'alice@acme.test', name: 'Alice Admin' });
    const accounts = await api.listAccounts();
    expect(accounts.find((a) => a.id === ACME)).toMatchObject({
      displayName: 'Acme Post',
      adobeId: null,
      roles: ['admin'],
    });
    // The Adobe-managed account is listed under a Frame.io UUID; a manifest names it adobe:<adobeId>.
    expect(accounts.find((a) => a.adobeId === '2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg')).toMatchObject({
      displayName: 'Acme Studio (Adobe)',
      roles: ['owner'],
    });
    const users = await api.listAccountUsers(ACME, { includeDeactivated: true });
    expect(Object.fromEntries(users.map((u) => [u.user.email.toLowerCase(), u.role]))).toEqual(
      emu.state.accountUsers(ACME),
    );
    expect(users.length).toBeGreaterThan(200);
    const workspaces = await api.listWorkspaces(ACME);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...workspaces].sort(byId)).toEqual(emu.state.workspaces(ACME).sort(byId));
  });

  it('reaches an adobe: account with the id encoded in the path', async () => {
    const { emu, api } = await start();
    emu.clearLog();
    const users = await api.listAccountUsers(ADOBE_ACCOUNT, { includeDeactivated: true });
    expect(Object.fromEntries(users.map((u) => [u.user.email.toLowerCase(), u.role]))).toEqual(
      emu.state.accountUsers(ADOBE_ACCOUNT),
    );
    expect(emu.log[0]).toMatchObject({ status: 200, path: `/v4/accounts/${ADOBE_ACCOUNT}/users` });
  });

  it('reports a 401 as an ApiError naming method, path and status, with no trace of the token', async () => {
    const token = 'fio-wrong-token-7731';
    const { emu } = await start();
    const api = new FrameioClient({ token, baseUrl: emu.url });
    const error = await api.listWorkspaces(ACME).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      method: 'GET',
      path: `/v4/accounts/${ACME}/workspaces`,
      status: 401,
      detail: 'Unauthorized',
    });
    for (const text of [
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      inspect(api, { depth: 10 }),
    ]) {
      expect(text).not.toContain(token);
    }
    expect(emu.log.map((e) => e.status)).toEqual([401]);
  });
});

describe('writes', () => {
  it('survives a 429 burst, 5xx answers and dropped connections with each write done exactly once', async () => {
    const events: ClientEvent[] = [];
    const { emu, api } = await start({}, { onEvent: (e) => events.push(e) });
    const ws = workspaceId(emu, 'Client Reviews');
    const current = emu.state.workspaceUsers(ACME, ws);
    const users = writableUsers(emu);
    const outsiders = users.filter((u) => current[u.email] === undefined).slice(0, 6);
    const insiders = users.filter((u) => current[u.email] !== undefined && current[u.email] !== 'editor').slice(0, 8);
    expect(outsiders).toHaveLength(6);
    expect(insiders).toHaveLength(8);
    const grants = [...outsiders, ...insiders.slice(0, 4)].map((u) => ({ ...u, role: 'editor' as WorkspaceRole }));
    const removals = insiders.slice(4);
    const promotion = users.find((u) => current[u.email] === undefined && !outsiders.includes(u));
    expect(promotion).toBeDefined();

    emu.clearLog();
    emu.faults.rateLimitNext(3, { method: 'PATCH' });
    emu.faults.failNext(2, 503, { method: 'PATCH' });
    emu.faults.failNext(1, 500, { method: 'DELETE' });
    emu.faults.dropNext(2, { method: 'PATCH' });
    emu.faults.dropNext(1, { method: 'DELETE' });

    const results = await Promise.all([
      ...grants.map((g) => api.setWorkspaceRole(ACME, ws, g.id, g.role)),
      ...removals.map((r) => api.removeWorkspaceUser(ACME, ws, r.id)),
      api.setAccountRole(ACME, promotion!.id, 'admin'),
    ]);
    expect(results).toEqual([...grants.map(() => 'editor'), ...removals.map(() => 'removed'), 'admin']);
    expect(emu.faults.pending()).toEqual([]);

    // Each asked-for write succeeded exactly once; nothing else was written.
    const successes = emu.log
      .filter((e) => e.method !== 'GET' && e.status >= 200 && e.status < 300)
      .map((e) => `${e.method} ${e.path}`);
    const asked = [
      ...grants.map((g) => `PATCH /v4/accounts/${ACME}/workspaces/${ws}/users/${g.id}`),
      ...removals.map((r) => `DELETE /v4/accounts/${ACME}/workspaces/${ws}/users/${r.id}`),
      `PATCH /v4/accounts/${ACME}/users/${promotion!.id}`,
    ];
    expect([...successes].sort()).toEqual([...asked].sort());
    const faulted = emu.log.filter((e) => e.fault);
    expect(faulted.map((e) => e.fault?.kind).sort()).toEqual([
      'drop',
      'drop',
      'drop',
      'rate_limit',
      'rate_limit',
      'rate_limit',
      'status',
      'status',
      'status',
    ]);
    expect(emu.log).toHaveLength(asked.length + faulted.length);

    for (const g of grants) expect(emu.state.getWorkspaceRole(ACME, ws, g.email)).toBe('editor');
    for (const r of removals) expect(emu.state.getWorkspaceRole(ACME, ws, r.email)).toBeNull();
    expect(emu.state.getAccountRole(ACME, promotion!.email)).toBe('admin');

    expect(api.stats.rateLimited).toBe(3);
    expect(api.stats.retries).toBe(9);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(6);
    expect(events.filter((e) => e.type === 'rate_limited')).toHaveLength(3);
    expect(JSON.stringify(events)).not.toContain(ADMIN_TOKEN);
  });

  it('treats removing a user who is not in the workspace as already done', async () => {
    const { emu, api } = await start();
    const ws = workspaceId(emu, 'Client Reviews');
    const outsider = writableUsers(emu).find((u) => emu.state.getWorkspaceRole(ACME, ws, u.email) === null)!;
    expect(await api.removeWorkspaceUser(ACME, ws, outsider.id)).toBe('already_absent');
  });

  it('surfaces 409 and 422 refusals unretried', async () => {
    const { emu, api } = await start();
    const ws = workspaceId(emu, 'Client Reviews');
    const owner = emu.state.user('owner@acme.test')!;
    emu.clearLog();
    await expect(api.setAccountRole(ACME, owner.id!, 'member')).rejects.toMatchObject({ status: 409, method: 'PATCH' });
    const stranger = emu.state.users().find((u) => u.id !== null && emu.state.getAccountRole(ACME, u.email) === null)!;
    await expect(api.setWorkspaceRole(ACME, ws, stranger.id!, 'viewer')).rejects.toMatchObject({ status: 422 });
    expect(emu.log).toHaveLength(2);
  });
});

// Client and emulator share a virtual clock here: whether a paced call meets a refilled bucket must
// follow from the client's waits, not from how long a busy machine takes to deliver the call.
describe('rate budget', () => {
  it('sends a burst of 20 writes at a lowered limit of 5/min without drawing a single 429', async () => {
    const time = virtualTime();
    const limits = { 'workspace_user_roles.update': 5 };
    const { emu, api } = await start({ limits, now: time.now }, { clock: time.clock });
    const ws = workspaceId(emu, 'Client Reviews');
    const targets = writableUsers(emu).slice(0, 20);
    expect(targets).toHaveLength(20);
    emu.clearLog();
    const roles = await Promise.all(targets.map((t) => api.setWorkspaceRole(ACME, ws, t.id, 'viewer')));
    expect(roles).toEqual(targets.map(() => 'viewer'));
    const patches = emu.log.filter((e) => e.operation === 'workspace_user_roles.update');
    expect(patches).toHaveLength(20);
    expect(patches.filter((e) => e.status === 429)).toHaveLength(0);
    expect(patches.every((e) => e.status === 200)).toBe(true);
    expect(api.stats.rateLimited).toBe(0);
    // It did have to hold requests back: 20 calls do not fit a bucket of 5.
    expect(api.stats.rateWaits).toBeGreaterThan(0);
    for (const t of targets) expect(emu.state.getWorkspaceRole(ACME, ws, t.email)).toBe('viewer');
  });

  it('paces reads too: a lowered list limit of 2/min still reads 3 pages with no 429', async () => {
    const time = virtualTime();
    const limits = { 'workspace_user_roles.index': 2 };
    const { emu, api } = await start({ limits, timeScale: 240, now: time.now }, { clock: time.clock });
    const ws = workspaceId(emu, 'Client Reviews');
    emu.clearLog();
    await Promise.all([api.listWorkspaceUsers(ACME, ws), api.listWorkspaceUsers(ACME, ws)]);
    expect(emu.log.map((e) => e.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(api.stats.rateLimited).toBe(0);
  });
});
