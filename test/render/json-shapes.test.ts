// renderJson stays linear in a process that holds many records keyed by data. V8 shares one hidden
// class between objects grown key by key from `{}` only while the empty object's transition table
// has room (1,536 entries); thousands of live records keyed by email or workspace name fill it, and
// from then on every object grown key by key gets a chain of hidden classes of its own. The JSON
// document used to be built that way, one object per change: 7x the time for 2.5x the data at
// 2,500 workspaces. This file runs in a process of its own (vitest forks), so the filled table
// cannot leak into other tests, and nothing before it has grown `{}` objects with the plan's keys.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { jsonDocument } from '../../src/render/json.js';
import { fullPlan, largePlan } from './fixtures.js';

setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** Records keyed by data, as a manifest or seed state of 2,000 workspaces holds: one first key each. */
function fillEmptyObjectTransitions(): Record<string, number>[] {
  return Array.from({ length: 2_000 }, (_, i) => {
    const record: Record<string, number> = {};
    record[`first.user.${i}@acme.test`] = i;
    return record;
  });
}

function grown(keys: string[]): object {
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = 1;
  return out;
}

describe('renderJson in a process whose empty-object transitions are full', () => {
  // Filled in each test, just before it looks: a full GC may trim the transitions of the empty
  // object's map (then objects grown from {} share hidden classes again), and one can run between
  // tests, on a busy machine more often.
  it('the premise holds: two objects grown from {} with the same new keys no longer share a hidden class', () => {
    const keyed = fillEmptyObjectTransitions();
    expect(sameMap(grown(['never.seen.key', 'other']), grown(['never.seen.key', 'other']))).toBe(false);
    expect(keyed).toHaveLength(2_000);
  });

  it('builds every change, note and violation of one kind with one hidden class', () => {
    const keyed = fillEmptyObjectTransitions();
    const violations = [...fullPlan.policy.violations, ...fullPlan.policy.violations];
    const plan = {
      ...fullPlan,
      changes: [...fullPlan.changes, ...largePlan.changes],
      policy: { ok: false, violations },
    };
    const document = jsonDocument(plan) as { changes: object[]; notes: object[]; policy: { violations: object[] } };
    const byAction = new Map<unknown, object>();
    for (const change of document.changes) {
      const action = (change as { action: string }).action;
      const first = byAction.get(action) ?? change;
      byAction.set(action, first);
      expect(sameMap(first, change), `${action} changes share a hidden class`).toBe(true);
    }
    expect(byAction.size).toBe(3);
    for (const note of document.notes) expect(sameMap(document.notes[0]!, note)).toBe(true);
    const [v0, v1] = document.policy.violations;
    expect(sameMap(v0!, v1!)).toBe(true);
    expect(keyed).toHaveLength(2_000);
  });
});
