import { describe, expect, it } from 'vitest';
import { classSeconds, describeEstimate, estimate, formatDuration, writeSeconds } from '../../src/plan/estimate.js';
import { canonicalJson, planChecksum } from '../../src/plan/checksum.js';
import { RATE_WINDOW_MS, WRITE_LIMITS, type WriteClass } from '../../src/api/index.js';
import { summarize } from '../../src/plan/summary.js';
import { writeCounts } from '../../src/plan/estimate.js';

/** No write of any class. */
const NONE = writeCounts([]);
import type { Change } from '../../src/plan/types.js';

function changes(accountPatches: number, workspacePatches: number, deletes: number): Change[] {
  const out: Change[] = [];
  for (let i = 0; i < accountPatches; i++)
    out.push({
      action: 'set_account_role',
      account_id: 'a',
      user_id: `u${i}`,
      email: `u${i}@x`,
      from: 'member',
      to: 'admin',
    });
  for (let i = 0; i < workspacePatches; i++)
    out.push({
      action: 'set_workspace_role',
      account_id: 'a',
      workspace_id: 'w',
      workspace_name: 'W',
      user_id: `u${i}`,
      email: `u${i}@x`,
      from: i % 2 === 0 ? null : 'viewer',
      to: 'editor',
    });
  for (let i = 0; i < deletes; i++)
    out.push({
      action: 'remove_workspace_user',
      account_id: 'a',
      workspace_id: 'w',
      workspace_name: 'W',
      user_id: `d${i}`,
      email: `d${i}@x`,
      from: 'viewer',
      to: null,
    });
  return out;
}

describe('rate limits', () => {
  it('are the documented ones: 10/min for both PATCHes, 60/min for DELETE', () => {
    expect(RATE_WINDOW_MS).toBe(60_000);
    expect([
      WRITE_LIMITS.account_role_patch.limit,
      WRITE_LIMITS.workspace_role_patch.limit,
      WRITE_LIMITS.workspace_user_delete.limit,
    ]).toEqual([10, 10, 60]);
  });
});

describe('estimate', () => {
  const within = 'a few seconds (estimate: the rate limits let these calls through at once)';
  // Full buckets: a class's first `limit` calls go at once, then one per window/limit.
  it.each<[number, number, number, number, string]>([
    [0, 0, 0, 0, 'no API writes'],
    // the 9-change plan, said to take 54 s, took 3 s: all nine fit in the burst
    [0, 9, 0, 0, within],
    [0, 10, 0, 0, within],
    [2, 7, 3, 0, within],
    [0, 11, 0, 6, 'about 6 s (estimate: 10 role updates at once, then 10 a minute)'],
    // the plan said to take 4 min, which took 2.6 min
    [0, 36, 2, 156, 'about 2.6 min (estimate: 10 role updates at once, then 10 a minute)'],
    [0, 70, 0, 360, 'about 6 min (estimate: 10 role updates at once, then 10 a minute)'],
    [0, 0, 120, 60, 'about 1 min (estimate: 60 removals at once, then 60 a minute)'],
    [12, 0, 0, 12, 'about 12 s (estimate: 10 account role updates at once, then 10 a minute)'],
    // under 5 s the round trips decide, which the model does not know
    [2, 1, 61, 1, 'a few seconds (estimate: 60 removals at once, then 60 a minute)'],
    // classes run side by side: the slowest one decides
    [5, 20, 60, 60, 'about 1 min (estimate: 10 role updates at once, then 10 a minute)'],
    [0, 12, 150, 90, 'about 1.5 min (estimate: 60 removals at once, then 60 a minute)'],
    [0, 800, 0, 4740, 'about 1 h 19 min (estimate: 10 role updates at once, then 10 a minute)'],
  ])('%i account PATCH, %i workspace PATCH, %i DELETE -> %i s', (a, w, d, seconds, sentence) => {
    const est = estimate(changes(a, w, d));
    expect(est.calls).toEqual({ ...NONE, account_role_patch: a, workspace_role_patch: w, workspace_user_delete: d });
    expect(est.min_seconds).toBe(seconds);
    expect(describeEstimate(est)).toBe(sentence);
  });

  // The progress line's time left: what is left of a class, given what its bucket holds now.
  it.each<[WriteClass, number, number | undefined, number]>([
    ['workspace_role_patch', 0, 0, 0],
    ['workspace_role_patch', 5, undefined, 0],
    ['workspace_role_patch', 5, 10, 0],
    ['workspace_role_patch', 5, 0, 30],
    ['workspace_role_patch', 5, 2.5, 15],
    ['workspace_role_patch', 38, 0.2, 226.8],
    ['workspace_role_patch', 3, -1, 18],
    ['account_role_patch', 12, undefined, 12],
    ['workspace_user_delete', 70, 0, 70],
    ['workspace_user_delete', 70, 30, 40],
  ])('%s: %i calls with %s in the bucket -> %d s', (cls, calls, tokens, seconds) => {
    expect(classSeconds(cls, calls, tokens)).toBeCloseTo(seconds, 9);
  });

  it('writeSeconds takes the slowest class, each with its own bucket', () => {
    const calls = { ...NONE, account_role_patch: 3, workspace_role_patch: 12, workspace_user_delete: 100 };
    expect(writeSeconds(calls)).toBe(40);
    expect(writeSeconds(calls, { workspace_role_patch: 0 })).toBe(72);
    expect(writeSeconds(calls, { workspace_role_patch: 0, account_role_patch: 0, workspace_user_delete: 0 })).toBe(100);
    expect(writeSeconds(NONE, { workspace_role_patch: 0 })).toBe(0);
  });

  it.each<[number, string]>([
    [0, '0 s'],
    [0.4, '1 s'],
    [59, '59 s'],
    [59.5, '1 min'],
    [60, '1 min'],
    [89, '1.5 min'],
    [156, '2.6 min'],
    [599, '10 min'],
    [600, '10 min'],
    [420 * 2, '14 min'],
    [3600, '1 h'],
    [3600 + 5 * 60, '1 h 5 min'],
  ])('formatDuration(%d) = %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('summary', () => {
  it('counts adds (from null), changes (account and workspace role changes) and removals', () => {
    expect(summarize(changes(2, 5, 3))).toEqual({ add: 3, change: 4, remove: 3, total: 10 });
    expect(summarize([])).toEqual({ add: 0, change: 0, remove: 0, total: 0 });
  });
});

describe('checksum', () => {
  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":"x","z":null}]},"b":1}',
    );
  });

  it('covers format_version and changes only, whatever the key order', () => {
    const list = changes(1, 2, 1);
    const base = { format_version: 1 as const, changes: list };
    const reordered = {
      changes: list.map((c) => Object.fromEntries(Object.entries(c).reverse()) as unknown as Change),
      format_version: 1 as const,
    };
    const sum = planChecksum(base);
    expect(sum).toMatch(/^[0-9a-f]{64}$/);
    expect(planChecksum(reordered)).toBe(sum);
    expect(
      planChecksum({ ...base, notes: [{ kind: 'deactivated', account_id: 'a', message: 'x' }] } as typeof base),
    ).toBe(sum);
  });

  it('changes when any change changes', () => {
    const list = changes(1, 2, 1);
    const sum = planChecksum({ format_version: 1, changes: list });
    const edited = list.map((c, i) =>
      i === 1 && c.action === 'set_workspace_role' ? { ...c, to: 'viewer' as const } : c,
    );
    expect(planChecksum({ format_version: 1, changes: edited })).not.toBe(sum);
    expect(planChecksum({ format_version: 1, changes: [...list].reverse() })).not.toBe(sum);
    expect(planChecksum({ format_version: 1, changes: [] })).not.toBe(sum);
  });
});
