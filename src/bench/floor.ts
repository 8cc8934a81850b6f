// The rate-limit floor: the least wall time the emulator's leaky buckets allow for a set of calls.
// Each operation has its own bucket, so the floor is the slowest operation's. A full bucket lets
// `limit` calls through at once, so the true floor is (calls - limit) / rate, the simple one calls / rate.
import type { Operation } from '../api/index.js';
import { DEFAULT_LIMITS } from '../emulator/index.js';
import type { Counts } from './calls.js';

export interface Floor {
  /** The operation with the largest true floor (null when no call was made). */
  bottleneck: Operation | null;
  /** calls / rate of the slowest operation, real ms. */
  simpleMs: number;
  /** (calls - limit) / rate of the slowest operation, real ms. */
  trueMs: number;
}

/** `windowMs` is the real length of a rate-limit window (60 000 ms / time scale). */
export function floorOf(
  charged: Counts,
  windowMs: number,
  limits: Readonly<Record<Operation, number>> = DEFAULT_LIMITS,
): Floor {
  let floor: Floor = { bottleneck: null, simpleMs: 0, trueMs: 0 };
  for (const [op, calls] of Object.entries(charged) as [Operation, number][]) {
    if (!calls) continue;
    const limit = limits[op];
    const simpleMs = (calls / limit) * windowMs;
    const trueMs = (Math.max(0, calls - limit) / limit) * windowMs;
    if (floor.bottleneck === null || trueMs > floor.trueMs || (trueMs === floor.trueMs && simpleMs > floor.simpleMs)) {
      floor = { bottleneck: op, simpleMs: Math.max(simpleMs, floor.simpleMs), trueMs };
    } else floor.simpleMs = Math.max(floor.simpleMs, simpleMs);
  }
  return floor;
}

/** Phases that cannot overlap (the verifying plan starts after the last write): floors add up. */
export function sequentialFloor(...phases: Floor[]): Floor {
  const slowest = phases.reduce<Floor | undefined>(
    (a, b) => (a === undefined || b.trueMs > a.trueMs ? b : a),
    undefined,
  );
  return {
    bottleneck: slowest?.bottleneck ?? null,
    simpleMs: phases.reduce((n, f) => n + f.simpleMs, 0),
    trueMs: phases.reduce((n, f) => n + f.trueMs, 0),
  };
}
