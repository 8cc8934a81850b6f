// The rate budget against a fake clock: probe first, burst up to the limit, then limit/window,
// corrections from headers, one bucket per operation, and never faster than the server's bucket.
import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../src/client/budget.js';
import type { Clock } from '../../src/client/clock.js';

function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms) => {
      t += ms;
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The emulator's leaky bucket (src/emulator/rate-limit.ts), to check our grants against. */
function serverBucket(limit: number, windowMs: number, start: number) {
  let level = limit;
  let at = start;
  return (now: number): { allowed: boolean; remaining: number } => {
    level = Math.min(limit, level + ((now - at) * limit) / windowMs);
    at = now;
    const allowed = level >= 1 - 1e-9;
    if (allowed) level = Math.max(0, level - 1);
    return { allowed, remaining: Math.floor(level + 1e-9) };
  };
}

describe('RateBudget', () => {
  it('lets only one request probe an operation until its first answer arrives', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ clock, seeds: { op: { limit: 10, windowMs: 60_000 } } });
    const granted: number[] = [];
    for (let i = 0; i < 3; i++) void budget.reserve('op').then(() => granted.push(i));
    await tick();
    expect(granted).toEqual([0]);
    budget.observe('op', { limit: 10, remaining: 9, windowMs: 60_000 });
    await tick();
    expect(granted).toEqual([0, 1, 2]);
    expect(budget.snapshot('op')).toMatchObject({ confirmed: true, inflight: 2 });
  });

  it('learns a lower limit and a shorter window from the headers and paces to them', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({
      clock,
      seeds: { op: { limit: 10, windowMs: 60_000 } },
      safetyMs: 0,
      safetyFactor: 1.05,
    });
    await budget.reserve('op');
    budget.observe('op', { limit: 5, remaining: 4, windowMs: 1_000 });
    for (let i = 0; i < 4; i++) await budget.reserve('op');
    expect(clock.sleeps).toEqual([]);
    await budget.reserve('op');
    expect(clock.sleeps).toHaveLength(1);
    // One slot of 5 per 1000 ms refills in 200 ms; the safety factor slows us by 5%.
    expect(clock.sleeps[0]).toBe(210);
    expect(budget.interval('op')).toBe(200);
  });

  it('waits when the server says fewer calls remain than we thought', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({
      clock,
      seeds: { op: { limit: 100, windowMs: 60_000 } },
      safetyMs: 0,
      safetyFactor: 1.05,
    });
    await budget.reserve('op');
    budget.observe('op', { limit: 100, remaining: 0, windowMs: 60_000 });
    expect(budget.snapshot('op').tokens).toBe(0);
    await budget.reserve('op');
    expect(clock.sleeps).toEqual([630]);
  });

  it('never raises its estimate above what it has counted itself', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ clock, seeds: { op: { limit: 10, windowMs: 60_000 } } });
    await budget.reserve('op');
    budget.observe('op', { limit: 10, remaining: 9, windowMs: 60_000 });
    await budget.reserve('op');
    await budget.reserve('op');
    budget.observe('op', { remaining: 9 });
    // Two taken of ten, one still in flight: the stale "9" must not give the slot back.
    expect(budget.snapshot('op').tokens).toBeLessThanOrEqual(7 + 1e-6);
  });

  it('keeps one bucket per operation', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({
      clock,
      seeds: { a: { limit: 2, windowMs: 60_000 }, b: { limit: 2, windowMs: 60_000 } },
      safetyMs: 0,
      safetyFactor: 1.05,
    });
    await budget.reserve('a');
    budget.observe('a', { limit: 2, remaining: 0, windowMs: 60_000 });
    await budget.reserve('b');
    budget.observe('b', { limit: 2, remaining: 1, windowMs: 60_000 });
    await budget.reserve('b');
    expect(clock.sleeps).toEqual([]);
    await budget.reserve('a');
    expect(clock.sleeps).toEqual([31_500]);
  });

  it('hands the probe on when a request got no answer', async () => {
    const clock = fakeClock();
    const budget = new RateBudget({ clock, seeds: { op: { limit: 10, windowMs: 60_000 } } });
    await budget.reserve('op');
    let second = false;
    void budget.reserve('op').then(() => (second = true));
    await tick();
    expect(second).toBe(false);
    budget.release('op');
    await tick();
    expect(second).toBe(true);
    expect(budget.snapshot('op').confirmed).toBe(false);
  });

  it.each([
    { limit: 5, windowMs: 1_000, calls: 40 },
    { limit: 10, windowMs: 60_000, calls: 35 },
    { limit: 60, windowMs: 60_000, calls: 150 },
  ])(
    'grants $calls calls at $limit per $windowMs ms that the server bucket all accepts',
    async ({ limit, windowMs, calls }) => {
      const clock = fakeClock();
      const budget = new RateBudget({ clock, seeds: { op: { limit: 100, windowMs: 60_000 } } });
      const server = serverBucket(limit, windowMs, clock.now());
      let refused = 0;
      let sent = 0;
      const granted = Array.from({ length: calls }, () =>
        budget.reserve('op').then(() => {
          sent += 1;
          const answer = server(clock.now());
          if (!answer.allowed) refused += 1;
          // The answer comes back at once with the server's true state.
          budget.observe('op', { limit, windowMs, remaining: answer.remaining });
        }),
      );
      await Promise.all(granted);
      expect(sent).toBe(calls);
      expect(refused).toBe(0);
      // And it is not needlessly slow: after the burst of `limit`, within 10% of the server's pace.
      const elapsed = clock.now() - 1_000_000;
      expect(elapsed).toBeLessThanOrEqual(((calls - limit) * windowMs * 1.1) / limit + 5 * calls);
    },
  );
});

describe('RateBudget, a burst that waits before it is sent', () => {
  /** A fake clock whose sleeps yield to other work first, as a real wait does. */
  function yieldingClock(): Clock & { advance(ms: number): void } {
    let t = 1_000_000;
    return {
      now: () => t,
      advance: (ms) => {
        t += ms;
      },
      sleep: (ms) =>
        new Promise((resolve) =>
          setImmediate(() => {
            t += ms;
            resolve();
          }),
        ),
    };
  }

  it("earns no refill while its granted burst has not reached the server (the server's bucket is full)", async () => {
    const clock = yieldingClock();
    const limit = 10;
    const windowMs = 60_000;
    const budget = new RateBudget({ clock, seeds: { op: { limit, windowMs } } });
    const server = serverBucket(limit, windowMs, clock.now());
    let refused = 0;
    const send = (n: number) => {
      for (let i = 0; i < n; i++) {
        const answer = server(clock.now());
        if (!answer.allowed) refused += 1;
        budget.observe('op', { limit, windowMs, remaining: answer.remaining });
      }
    };
    await budget.reserve('op');
    send(1);
    // The rest of the burst is granted at once, then waits 30 s (five slots' refill) behind other
    // calls (the client's bounded concurrency) before it is sent; calls granted meanwhile go after it.
    await Promise.all(Array.from({ length: limit - 1 }, () => budget.reserve('op')));
    clock.advance(30_000);
    let burstSent = false;
    let waiting = 0;
    const extras = Array.from({ length: 3 }, () =>
      budget.reserve('op').then(() => {
        if (burstSent) send(1);
        else waiting += 1;
      }),
    );
    await tick();
    await tick();
    send(limit - 1);
    burstSent = true;
    send(waiting);
    await Promise.all(extras);
    // The server refilled nothing while full: the calls granted during the wait could not all pass.
    expect(refused).toBe(0);
  });
});
