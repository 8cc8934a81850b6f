// The renewing token source alone: when it renews (before the end, after a 401), and that
// concurrent callers share one renewal.
import { describe, expect, it } from 'vitest';
import { ImsError } from '../../src/auth/ims.js';
import { RenewingTokenSource, StaticTokenSource, renewalMargin } from '../../src/auth/source.js';
import type { Clock } from '../../src/client/index.js';

function setup(lifetimeMs = 60_000) {
  let t = 1_000;
  const clock: Clock = { now: () => t, sleep: async () => undefined };
  let n = 0;
  const gates: (() => void)[] = [];
  let hold = false;
  const source = new RenewingTokenSource(
    'client_credentials',
    async () => {
      n += 1;
      const token = `t${n}`;
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      return { accessToken: token, expiresInMs: lifetimeMs };
    },
    clock,
  );
  return {
    source,
    advance: (ms: number) => {
      t += ms;
    },
    calls: () => n,
    hold: (on: boolean) => {
      hold = on;
    },
    release: () => {
      for (const g of gates.splice(0)) g();
    },
  };
}

describe('RenewingTokenSource', () => {
  it('fetches once, reuses the token, and renews a tenth of the lifetime before the end', async () => {
    const s = setup(60_000);
    expect(await s.source.token()).toBe('t1');
    s.advance(60_000 - renewalMargin(60_000) - 1);
    expect(await s.source.token()).toBe('t1');
    s.advance(1);
    expect(await s.source.token()).toBe('t2');
    expect(s.calls()).toBe(2);
    expect(s.source.fetched).toBe(2);
    // Fetched at 1000 + 60000 - 6000: it ends a lifetime later.
    expect(s.source.expiresAt()).toBe(1_000 + 54_000 + 60_000);
  });

  it('the margin is at most five minutes', () => {
    expect(renewalMargin(86_399_000)).toBe(300_000);
    expect(renewalMargin(1_000)).toBe(100);
  });

  it('renew after a 401: a new token, once; a caller with an older token gets the current one', async () => {
    const s = setup();
    const first = await s.source.token();
    expect(await s.source.renew(first)).toBe('t2');
    expect(await s.source.renew(first)).toBe('t2');
    expect(s.calls()).toBe(2);
  });

  it('concurrent callers wait for one renewal (single flight)', async () => {
    const s = setup();
    const first = await s.source.token();
    s.hold(true);
    const waiting = [s.source.renew(first), s.source.renew(first), s.source.token(), s.source.renew(first)];
    s.advance(120_000); // expired meanwhile: token() joins the same renewal
    const more = [s.source.token(), s.source.token()];
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.calls()).toBe(2);
    s.release();
    expect(await Promise.all([...waiting, ...more])).toEqual(['t2', 't2', 't2', 't2', 't2', 't2']);
    expect(s.calls()).toBe(2);
  });

  it('a failed renewal is told to every waiter, and the next call tries again', async () => {
    let fail = true;
    let n = 0;
    const source = new RenewingTokenSource('login', async () => {
      n += 1;
      if (fail) throw new Error('IMS said no');
      return { accessToken: `ok${n}`, expiresInMs: 60_000 };
    });
    const results = await Promise.allSettled([source.token(), source.token()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(n).toBe(1);
    fail = false;
    expect(await source.token()).toBe('ok2');
  });
});

describe('an early renewal that IMS does not answer', () => {
  /** A source whose fetches after the first fail with `failure` while `failing` is on. */
  function flaky(failure: () => Error) {
    let t = 0;
    let n = 0;
    let failing = false;
    const clock: Clock = { now: () => t, sleep: async () => undefined };
    const source = new RenewingTokenSource(
      'client_credentials',
      async () => {
        n += 1;
        if (failing) throw failure();
        return { accessToken: `t${n}`, expiresInMs: 600_000 };
      },
      clock,
    );
    return {
      source,
      at: (ms: number) => {
        t = ms;
      },
      fail: (on: boolean) => {
        failing = on;
      },
      calls: () => n,
    };
  }
  const unreachable = () => new ImsError('could not reach Adobe IMS at https://ims.test: connection refused', 0, null);

  it('keeps the token that still works and tries again a little later, not on every call', async () => {
    const s = flaky(unreachable);
    expect(await s.source.token()).toBe('t1');
    s.fail(true);
    s.at(600_000 - 60_000); // the margin of a 10-minute token: 1 minute before it ends
    expect(await s.source.token()).toBe('t1');
    expect(await s.source.token()).toBe('t1');
    expect(s.calls()).toBe(2);
    s.at(600_000 - 60_000 + 14_999); // the next try comes 15 s later
    expect(await s.source.token()).toBe('t1');
    expect(s.calls()).toBe(2);
    s.at(600_000 - 60_000 + 15_000);
    expect(await s.source.token()).toBe('t1');
    expect(s.calls()).toBe(3);
    s.fail(false);
    s.at(600_000 - 30_000);
    expect(await s.source.token()).toBe('t4');
  });

  it('a 5xx or 429 after its retries counts as unanswered too', async () => {
    for (const status of [429, 503]) {
      const s = flaky(() => new ImsError(`Adobe IMS refused a token (HTTP ${status})`, status, null));
      await s.source.token();
      s.fail(true);
      s.at(590_000);
      expect(await s.source.token()).toBe('t1');
    }
  });

  it('stops on a refusal, once the token has ended, and after a 401', async () => {
    const refused = flaky(
      () => new ImsError('Adobe IMS refused a token (HTTP 401): invalid_client', 401, 'invalid_client'),
    );
    await refused.source.token();
    refused.fail(true);
    refused.at(590_000);
    await expect(refused.source.token()).rejects.toThrow(/invalid_client/);

    const ended = flaky(unreachable);
    await ended.source.token();
    ended.fail(true);
    ended.at(590_000);
    expect(await ended.source.token()).toBe('t1');
    ended.at(600_000); // ended: there is no token left to use
    await expect(ended.source.token()).rejects.toThrow(/could not reach Adobe IMS/);

    // The API refused the token: it is no use, whatever IMS does.
    const refusedByApi = flaky(unreachable);
    const used = await refusedByApi.source.token();
    refusedByApi.fail(true);
    await expect(refusedByApi.source.renew(used)).rejects.toThrow(/could not reach Adobe IMS/);
  });
});

describe('a refusal', () => {
  it('holds for the rest of the run: another lane renewing after its 401 gets it without asking IMS again', async () => {
    let n = 0;
    let refuse = false;
    const refusal = new ImsError('Adobe IMS refused a token (HTTP 401): invalid_client', 401, 'invalid_client');
    const source = new RenewingTokenSource('client_credentials', async () => {
      n += 1;
      if (refuse) throw refusal;
      return { accessToken: `t${n}`, expiresInMs: 600_000 };
    });
    const used = await source.token();
    refuse = true;
    await expect(source.renew(used)).rejects.toBe(refusal);
    expect(n).toBe(2);
    // Another lane whose call was refused too: the same answer, IMS not asked again.
    await expect(source.renew(used)).rejects.toBe(refusal);
    expect(n).toBe(2);
  });
});

describe('StaticTokenSource', () => {
  it('gives its token and cannot renew', async () => {
    const source = new StaticTokenSource('fixed');
    expect(await source.token()).toBe('fixed');
    expect(await source.renew('fixed')).toBeUndefined();
    expect(source.expiresAt()).toBeNull();
    expect(JSON.stringify(source)).not.toContain('fixed');
  });
});
