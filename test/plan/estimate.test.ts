import { describe, expect, it } from 'vitest';
import { describeEstimate, estimate, formatDuration } from '../../src/plan/estimate.js';
import { canonicalJson, planChecksum } from '../../src/plan/checksum.js';
import { RATE_WINDOW_MS, WRITE_LIMITS } from '../../src/plan/limits.js';
import { summarize } from '../../src/plan/summary.js';
import type { Change } from '../../src/plan/types.js';

function changes(accountPatches: number, workspacePatches: number, deletes: number): Change[] {
  const out: Change[] = [];
  for (let i = 0; i < accountPatches; i++) out.push({ action: 'set_account_role', account_id: 'a', user_id: `u${i}`, email: `u${i}@x`, from: 'member', to: 'admin' });
  for (let i = 0; i < workspacePatches; i++) out.push({ action: 'set_workspace_role', account_id: 'a', workspace_id: 'w', workspace_name: 'W', user_id: `u${i}`, email: `u${i}@x`, from: i % 2 === 0 ? null : 'viewer', to: 'editor' });
  for (let i = 0; i < deletes; i++) out.push({ action: 'remove_workspace_user', account_id: 'a', workspace_id: 'w', workspace_name: 'W', user_id: `d${i}`, email: `d${i}@x`, from: 'viewer', to: null });
  return out;
}

describe('rate limits', () => {
  it('are the documented ones: 10/min for both PATCHes, 60/min for DELETE', () => {
    expect(RATE_WINDOW_MS).toBe(60_000);
    expect([WRITE_LIMITS.account_role_patch.limit, WRITE_LIMITS.workspace_role_patch.limit, WRITE_LIMITS.workspace_user_delete.limit]).toEqual([10, 10, 60]);
  });
});

describe('estimate', () => {
  it.each<[number, number, number, number, string]>([
    [0, 0, 0, 0, 'no API writes'],
    [0, 70, 0, 420, '≈ 7 min at 10 role updates/min'],
    [0, 0, 120, 120, '≈ 2 min at 60 removals/min'],
    [3, 0, 0, 18, '≈ 18 s at 10 account role updates/min'],
    // classes run side by side: the slowest one decides
    [5, 20, 60, 120, '≈ 2 min at 10 role updates/min'],
    [2, 1, 59, 59, '≈ 59 s at 60 removals/min'],
    [0, 800, 0, 4800, '≈ 1 h 20 min at 10 role updates/min'],
  ])('%i account PATCH, %i workspace PATCH, %i DELETE -> %i s', (a, w, d, seconds, sentence) => {
    const est = estimate(changes(a, w, d));
    expect(est.calls).toEqual({ account_role_patch: a, workspace_role_patch: w, workspace_user_delete: d });
    expect(est.min_seconds).toBe(seconds);
    expect(describeEstimate(est)).toBe(sentence);
  });

  it.each<[number, string]>([
    [0, '≈ 0 s'],
    [0.4, '≈ 1 s'],
    [59, '≈ 59 s'],
    [60, '≈ 1 min'],
    [89, '≈ 1 min'],
    [90, '≈ 2 min'],
    [420, '≈ 7 min'],
    [3600, '≈ 1 h'],
    [3600 + 5 * 60, '≈ 1 h 5 min'],
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
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'x' }], c: undefined } })).toBe('{"a":{"d":[3,{"y":"x","z":null}]},"b":1}');
  });

  it('covers format_version and changes only, whatever the key order', () => {
    const list = changes(1, 2, 1);
    const base = { format_version: 1 as const, changes: list };
    const reordered = { changes: list.map((c) => Object.fromEntries(Object.entries(c).reverse()) as unknown as Change), format_version: 1 as const };
    const sum = planChecksum(base);
    expect(sum).toMatch(/^[0-9a-f]{64}$/);
    expect(planChecksum(reordered)).toBe(sum);
    expect(planChecksum({ ...base, notes: [{ kind: 'deactivated', account_id: 'a', message: 'x' }] } as typeof base)).toBe(sum);
  });

  it('changes when any change changes', () => {
    const list = changes(1, 2, 1);
    const sum = planChecksum({ format_version: 1, changes: list });
    const edited = list.map((c, i) => (i === 1 && c.action === 'set_workspace_role' ? { ...c, to: 'viewer' as const } : c));
    expect(planChecksum({ format_version: 1, changes: edited })).not.toBe(sum);
    expect(planChecksum({ format_version: 1, changes: [...list].reverse() })).not.toBe(sum);
    expect(planChecksum({ format_version: 1, changes: [] })).not.toBe(sum);
  });
});
