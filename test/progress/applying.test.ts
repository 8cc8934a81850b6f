import { describe, expect, it } from 'vitest';
import type { ChangeResult, Outcome } from '../../src/apply/types.js';
import type { ClientEvent } from '../../src/client/index.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { ApplyProgress, applyProgress, readingProgress } from '../../src/progress/index.js';

function workspaceChanges(n: number): Change[] {
  return Array.from({ length: n }, (_, i) => ({
    action: 'set_workspace_role' as const,
    account_id: 'a',
    workspace_id: 'w',
    workspace_name: 'W',
    user_id: `u${i}`,
    email: `u${i}@x.test`,
    from: null,
    to: 'viewer' as const,
  }));
}

function removals(n: number): Change[] {
  return Array.from({ length: n }, (_, i) => ({
    action: 'remove_workspace_user' as const,
    account_id: 'a',
    workspace_id: 'w',
    workspace_name: 'W',
    user_id: `d${i}`,
    email: `d${i}@x.test`,
    from: 'viewer' as const,
    to: null,
  }));
}

const planOf = (changes: Change[]) => ({ changes }) as Plan;
const result = (change: Change, outcome: Outcome): ChangeResult => ({ change, outcome });
const response: ClientEvent = { type: 'response', operation: 'workspace_user_roles.index', method: 'GET', status: 200 };

/** apply's progress handlers on a fake stderr with a fake clock (milliseconds from 0). */
function harness(isTTY: boolean, env: Record<string, string> = {}) {
  let t = 0;
  let out = '';
  const write = (s: string) => {
    out += s;
  };
  const shown = applyProgress({ stream: { isTTY, write }, env, now: () => t });
  return {
    ...shown,
    at: (seconds: number) => {
      t = seconds * 1000;
    },
    output: () => out,
    /** The live line as the terminal shows it now: what follows the last redraw. */
    screen: () => out.slice(out.lastIndexOf('\r\u001b[K') + 4),
  };
}

describe('apply progress on a terminal', () => {
  it('after the first burst shows the time the rate limit still needs, not done/elapsed', () => {
    const h = harness(true);
    const changes = workspaceChanges(48);
    h.onPlan(planOf(changes));
    // The bucket lets ten updates through in the first second; 38 follow at one per 6 s.
    changes.slice(0, 10).forEach((c, i) => {
      h.at(0.1 * (i + 1));
      h.onResult(result(c, 'applied'));
    });
    expect(h.screen()).toBe('Applying: 10/48 changes, 10/min, about 3.8 min left');
    expect(h.output()).not.toMatch(/\d{3,}\/min/);
    // One more once the bucket has refilled by one: the estimate keeps its pace.
    h.at(7);
    h.onResult(result(changes[10]!, 'applied'));
    expect(h.screen()).toBe('Applying: 11/48 changes, 11/min, about 3.7 min left');
  });

  it('does not count changes an earlier run finished toward the rate', () => {
    const h = harness(true);
    const changes = workspaceChanges(20);
    h.onPlan(planOf(changes));
    for (const c of changes.slice(0, 15)) h.onResult(result(c, 'resumed'));
    expect(h.screen()).toBe('Applying: 15/20 changes (15 done by an earlier run), a few seconds left');
    h.at(2);
    h.onResult(result(changes[15]!, 'applied'));
    expect(h.screen()).toBe('Applying: 16/20 changes (15 done by an earlier run), 1/min, a few seconds left');
  });

  it('after Ctrl-C shows what was really done, on a line of its own', () => {
    const h = harness(true);
    const changes = workspaceChanges(48);
    h.onPlan(planOf(changes));
    changes.slice(0, 12).forEach((c, i) => {
      h.at(i);
      h.onResult(result(c, 'applied'));
    });
    // The interrupted apply reports the rest as not started, all at once.
    for (const c of changes.slice(12)) h.onResult(result(c, 'not_started'));
    h.end(true);
    expect(h.output()).not.toContain('48/48');
    expect(h.output().endsWith('\r\u001b[KStopped: 12/48 changes done\n')).toBe(true);
  });

  it('clears the line when done, leaving nothing behind', () => {
    const h = harness(true);
    const changes = workspaceChanges(3);
    h.onEvent(response); // the plan's reads
    h.onPlan(planOf(changes));
    for (const c of changes) h.onResult(result(c, 'applied'));
    h.onEvent(response); // the verifying plan's first read
    expect(h.screen()).toBe('Checking live state after the writes: 1 call');
    h.end(false);
    expect(h.output().endsWith('\r\u001b[K')).toBe(true);
    expect(h.output()).not.toContain('\n');
  });

  it('wipes the reading line when the plan is known, before the plan and the question are shown', () => {
    const h = harness(true);
    h.onEvent(response);
    h.onEvent(response);
    expect(h.screen()).toBe('Reading live state from Frame.io: 2 calls');
    h.onPlan(planOf(workspaceChanges(2)));
    expect(h.output().endsWith('Reading live state from Frame.io: 2 calls\r\u001b[K')).toBe(true);
  });

  it('shows a retry on the line until the next answer', () => {
    const h = harness(true);
    const changes = workspaceChanges(2);
    h.onPlan(planOf(changes));
    h.onEvent({
      type: 'retry',
      operation: 'workspace_user_roles.update',
      method: 'PATCH',
      path: '/p',
      attempt: 1,
      status: 503,
      reason: 'HTTP 503',
      delayMs: 1000,
    });
    expect(h.screen()).toBe('Applying: 0/2 changes, a few seconds left; no good answer (HTTP 503), trying again');
    h.onEvent(response);
    h.onResult(result(changes[0]!, 'applied'));
    expect(h.screen()).toBe('Applying: 1/2 changes, 1/min, a few seconds left');
  });
});

describe('apply progress outside a terminal', () => {
  it('prints a plain status line every 30 s of a long apply, none before, with no control characters', () => {
    const h = harness(false);
    const changes = workspaceChanges(30);
    h.onPlan(planOf(changes));
    // Ten at once, then one every 6 s: 2 min in all.
    changes.forEach((c, i) => {
      h.at(i < 10 ? 0.1 * i : (i - 9) * 6);
      h.onResult(result(c, 'applied'));
    });
    h.end(false);
    expect(h.output().split('\n')).toEqual([
      'Applying: 15/30 changes, 15/min, about 1.5 min left',
      // the first burst leaves the last minute's rate
      'Applying: 20/30 changes, 19/min, about 1 min left',
      'Applying: 25/30 changes, 10/min, about 30 s left',
      'Applying: 30/30 changes, 10/min',
      '',
    ]);
    expect(h.output()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('prints nothing for a short apply, and nothing with quiet', () => {
    const short = harness(false);
    const changes = workspaceChanges(9);
    short.onPlan(planOf(changes));
    for (const c of changes) short.onResult(result(c, 'applied'));
    short.end(false);
    expect(short.output()).toBe('');

    let out = '';
    let t = 0;
    const write = (s: string) => {
      out += s;
    };
    const quiet = applyProgress({ stream: { isTTY: false, write }, env: {}, quiet: true, now: () => t });
    quiet.onPlan(planOf(workspaceChanges(30)));
    for (const [i, c] of workspaceChanges(30).entries()) {
      t = i * 6000;
      quiet.onResult(result(c, 'applied'));
    }
    quiet.end(true);
    expect(out).toBe('');
  });

  it('reading commands print a status line of the calls every 30 s of a long read', () => {
    let out = '';
    let t = 0;
    const write = (s: string) => {
      out += s;
    };
    const shown = readingProgress({ stream: { isTTY: false, write }, env: {}, now: () => t });
    for (let i = 0; i < 200; i++) {
      t = i * 600; // 100 calls a minute
      shown.onEvent(response);
    }
    shown.done();
    expect(out).toBe(
      [
        'Reading live state from Frame.io: 51 calls',
        'Reading live state from Frame.io: 101 calls',
        'Reading live state from Frame.io: 151 calls',
        '',
      ].join('\n'),
    );
  });
});

describe('ApplyProgress: time left by the rate-limit model', () => {
  it('counts down as the bucket refills, per class, the slowest class deciding', () => {
    const changes = [...workspaceChanges(12), ...removals(70)];
    const p = new ApplyProgress(changes, 0);
    // Full buckets: 2 updates past the burst (12 s), 10 removals past it (10 s).
    expect(p.secondsLeft(0)).toBe(12);
    for (const c of changes.slice(0, 10)) p.result(result(c, 'applied'), 0);
    expect(p.secondsLeft(0)).toBe(12); // 2 left, empty bucket
    expect(p.secondsLeft(6)).toBeCloseTo(12 - 0.006, 9); // 6 ms of refill
    expect(p.secondsLeft(6000)).toBeCloseTo(10, 9); // the removals' 10 s now decide
    expect(p.secondsLeft(60_000)).toBe(10);
  });

  it('does not spend the bucket on changes that made no call', () => {
    const changes = workspaceChanges(14);
    const p = new ApplyProgress(changes, 0);
    p.result(result(changes[0]!, 'already'), 0);
    p.result(result(changes[1]!, 'stale'), 0);
    p.result(result(changes[2]!, 'blocked'), 0);
    p.result(result(changes[3]!, 'resumed'), 0);
    expect(p.secondsLeft(0)).toBe(0); // 10 left, 10 in the bucket
    p.result(result(changes[4]!, 'applied'), 0);
    p.result(result(changes[5]!, 'failed'), 0);
    expect(p.secondsLeft(0)).toBe(0); // 8 left, 8 in the bucket
    expect(p.text(0)).toBe('Applying: 6/14 changes (1 done by an earlier run), 5/min, a few seconds left');
  });
});
