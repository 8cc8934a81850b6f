import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { text } from '../support/json.js';
import { ACME, USER, WS, acct, call, seed } from './helpers.js';

let emu: Emulator;
afterEach(() => emu.close());

describe('fault injection', () => {
  it('fails the next N matching requests with the given status, visible in the log', async () => {
    emu = await startEmulator({ state: seed() });
    emu.faults.failNext(2, 502, { method: 'GET', path: /\/workspaces$/ });
    const me = await call(emu, '/v4/me');
    const a = await call(emu, `${acct(ACME)}/workspaces`);
    const b = await call(emu, `${acct(ACME)}/workspaces`);
    const c = await call(emu, `${acct(ACME)}/workspaces`);
    expect([me.status, a.status, b.status, c.status]).toEqual([200, 502, 502, 200]);
    expect(text(a.json, 'errors', 0, 'detail')).toMatch(/502/);
    expect(emu.log.map((e) => e.fault?.status ?? null)).toEqual([null, 502, 502, null]);
    expect(emu.log[1]!.fault).toEqual({ kind: 'status', status: 502, source: 'rule' });
    expect(emu.faults.pending()).toEqual([]);
  });

  it('drops the connection without an answer and logs status 0', async () => {
    emu = await startEmulator({ state: seed() });
    emu.faults.dropNext(1, { method: 'DELETE' });
    const path = `${acct(ACME)}/workspaces/${WS.marketing}/users/${USER.frank}`;
    await expect(call(emu, path, { method: 'DELETE' })).rejects.toThrow();
    expect(emu.log.at(-1)).toMatchObject({
      status: 0,
      operation: 'workspace_user_roles.delete',
      fault: { kind: 'drop', status: 0 },
    });
    // A dropped request changes nothing; the retry goes through.
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'frank@acme.test')).toBe('commenter');
    expect((await call(emu, path, { method: 'DELETE' })).status).toBe(204);
  });

  it('answers a 429 burst regardless of the bucket, with Retry-After when asked', async () => {
    emu = await startEmulator({ state: seed() });
    emu.faults.rateLimitNext(2, { retryAfterSeconds: 2 });
    const first = await call(emu, '/v4/me');
    const second = await call(emu, '/v4/me');
    const third = await call(emu, '/v4/me');
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(text(first.json, 'errors', 0, 'detail')).toBe('Too many requests');
    // The injected 429s were not charged to the bucket.
    expect(third.headers.get('x-ratelimit-remaining')).toBe('99');
    expect(emu.log.map((e) => e.fault?.kind ?? '-')).toEqual(['rate_limit', 'rate_limit', '-']);
  });

  it('repeats share-based faults for the same seed', async () => {
    const run = async (seedValue: number) => {
      const e = await startEmulator({ state: seed(), seed: seedValue, faults: { errorRate: 0.3 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await call(e, '/v4/me')).status);
      await e.close();
      return statuses;
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    emu = await startEmulator({ state: seed() }); // for afterEach
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const failed = a.filter((s) => s !== 200);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((s) => [500, 502, 503].includes(s))).toBe(true);
  });

  it('can be changed at runtime and reset', async () => {
    emu = await startEmulator({ state: seed(), faults: { errorRate: 1, errorStatuses: [503] } });
    expect((await call(emu, '/v4/me')).status).toBe(503);
    emu.faults.set({ latencyMs: 0 });
    expect((await call(emu, '/v4/me')).status).toBe(200);
    emu.faults.set({ dropRate: 1 });
    await expect(call(emu, '/v4/me')).rejects.toThrow();
    emu.faults.reset();
    expect((await call(emu, '/v4/me')).status).toBe(200);
    expect(emu.faults.current()).toMatchObject({ errorRate: 0, dropRate: 0, latencyMs: 0, rules: [] });
  });

  it('keeps latency as configured and still answers', async () => {
    // Only the setting is checked: tests do not time requests.
    emu = await startEmulator({ state: seed(), faults: { latencyMs: 5 } });
    expect(emu.faults.current().latencyMs).toBe(5);
    expect((await call(emu, '/v4/me')).status).toBe(200);
  });
});
