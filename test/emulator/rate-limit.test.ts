import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { RateLimiter } from '../../src/emulator/rate-limit.js';
import { DEFAULT_LIMITS } from '../../src/emulator/types.js';
import { text } from '../support/json.js';
import { ACME, MEMBER_TOKEN, USER, WS, acct, call, seed } from './helpers.js';

describe('RateLimiter (leaky bucket)', () => {
  it('allows a burst of `limit`, then refills continuously at limit per window', () => {
    let now = 0;
    const limiter = new RateLimiter({ ...DEFAULT_LIMITS, 'workspace_user_roles.update': 10 }, 60_000, () => now);
    const remaining = Array.from({ length: 11 }, () => limiter.take('a', 'x', 'workspace_user_roles.update'));
    expect(remaining.map((r) => r.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]);
    expect(remaining.map((r) => r.allowed)).toEqual([...Array(10).fill(true), false]);
    now += 5_999;
    expect(limiter.take('a', 'x', 'workspace_user_roles.update').allowed).toBe(false);
    now += 1; // 6 s = one call at 10/min
    expect(limiter.take('a', 'x', 'workspace_user_roles.update')).toMatchObject({ allowed: true, remaining: 0 });
    now += 600_000;
    expect(limiter.peek('a', 'x', 'workspace_user_roles.update').remaining).toBe(10);
  });

  it('keeps one bucket per user, account and operation', () => {
    const limiter = new RateLimiter(
      { ...DEFAULT_LIMITS, 'workspace_user_roles.update': 1, 'account_user_roles.update': 1 },
      60_000,
      () => 0,
    );
    expect(limiter.take('a', 'x', 'workspace_user_roles.update').allowed).toBe(true);
    expect(limiter.take('a', 'x', 'workspace_user_roles.update').allowed).toBe(false);
    expect(limiter.take('a', 'x', 'account_user_roles.update').allowed).toBe(true);
    expect(limiter.take('a', 'y', 'workspace_user_roles.update').allowed).toBe(true);
    expect(limiter.take('b', 'x', 'workspace_user_roles.update').allowed).toBe(true);
  });
});

describe('rate limits over HTTP', () => {
  let emu: Emulator;
  afterEach(() => emu.close());

  it('answers 429 past the limit, counts down in headers, and refills as the (scaled) clock moves', async () => {
    let now = 1_000_000;
    emu = await startEmulator({
      state: seed(),
      timeScale: 60,
      limits: { 'workspace_user_roles.index': 3 },
      now: () => now,
    });
    const path = `${acct(ACME)}/workspaces/${WS.marketing}/users`;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(emu, path));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers.every((a) => a.headers.get('x-ratelimit-limit') === '3')).toBe(true);
    // At time scale 60 the window is one real second, and the header says so.
    expect(answers.every((a) => a.headers.get('x-ratelimit-window') === '1000')).toBe(true);
    expect(text(answers[3]!.json, 'errors', 0, 'detail')).toMatch(/Too many requests/);
    expect(emu.log.map((e) => e.status)).toEqual([200, 200, 200, 429]);

    now += 1000 / 3; // one call's worth at 3 per 1000 ms
    expect((await call(emu, path)).status).toBe(200);
    expect((await call(emu, path)).status).toBe(429);
    now += 1000;
    const refilled = await call(emu, path);
    expect(refilled.status).toBe(200);
    expect(refilled.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('keeps separate buckets per token user and per operation', async () => {
    emu = await startEmulator({ state: seed(), limits: { 'workspace_user_roles.index': 1 }, now: () => 0 });
    const path = `${acct(ACME)}/workspaces/${WS.marketing}/users`;
    expect((await call(emu, path)).status).toBe(200);
    expect((await call(emu, path)).status).toBe(429);
    expect((await call(emu, path, { token: MEMBER_TOKEN })).status).toBe(200);
    const other = await call(emu, `${acct(ACME)}/users`);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-limit')).toBe('100');
    expect(other.headers.get('x-ratelimit-window')).toBe('60000');
  });

  it('charges the documented 10/min to workspace PATCH', async () => {
    emu = await startEmulator({ state: seed(), now: () => 0 });
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const res = await call(emu, `${acct(ACME)}/workspaces/${WS.marketing}/users/${USER.bob}`, {
        method: 'PATCH',
        body: { data: { role: i % 2 ? 'viewer' : 'editor' } },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'bob@acme.test')).toBe('viewer');
    emu.resetRateLimits();
    expect(
      (
        await call(emu, `${acct(ACME)}/workspaces/${WS.marketing}/users/${USER.bob}`, {
          method: 'PATCH',
          body: { data: { role: 'editor' } },
        })
      ).status,
    ).toBe(200);
  });
});
