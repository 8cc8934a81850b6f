// Counting what a run sent, from the emulator's request log: calls per operation, the calls the
// rate limiter charged (everything but 429s), and the 429s themselves.
import type { Operation } from '../api/index.js';
import type { RequestLogEntry } from '../emulator/index.js';

export type Counts = Partial<Record<Operation, number>>;

export interface Tally {
  /** Every request answered, per operation. */
  calls: Counts;
  /** Requests the leaky bucket counted (all answers but 429). */
  charged: Counts;
  /** 429 answers, per operation. */
  limited: Counts;
  total: number;
  total429: number;
  /** Answers other than 2xx, 404 on DELETE, and 429: a run that has these did something wrong. */
  errors: number;
}

function bump(counts: Counts, op: Operation): void {
  counts[op] = (counts[op] ?? 0) + 1;
}

export function tally(entries: readonly RequestLogEntry[]): Tally {
  const t: Tally = { calls: {}, charged: {}, limited: {}, total: 0, total429: 0, errors: 0 };
  for (const e of entries) {
    if (e.operation === null) {
      t.errors += 1;
      continue;
    }
    t.total += 1;
    bump(t.calls, e.operation);
    if (e.status === 429) {
      t.total429 += 1;
      bump(t.limited, e.operation);
      continue;
    }
    bump(t.charged, e.operation);
    if (e.status >= 300 && !(e.status === 404 && e.method === 'DELETE')) t.errors += 1;
  }
  return t;
}

export function sum(counts: Counts): number {
  return Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
}

/** Adds counts of the same operations (for "plan + apply" totals). */
export function addCounts(...all: Counts[]): Counts {
  const out: Counts = {};
  for (const c of all) for (const [op, n] of Object.entries(c) as [Operation, number][]) out[op] = (out[op] ?? 0) + n;
  return out;
}
