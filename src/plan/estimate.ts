// How many API writes a plan costs and how long the documented rate limits hold them back, with the
// same leaky-bucket model the API uses: a full bucket lets `limit` calls through at once, then one
// more each window/limit. The write classes have buckets of their own and run side by side.
import { WRITE_CLASSES, WRITE_LIMITS, type WriteClass } from '../api/index.js';
import { WRITE_CLASS_OF } from './scopes.js';
import type { Change, PlanEstimate } from './types.js';

export type WriteCounts = Record<WriteClass, number>;

/** The endpoint class a change's write belongs to, as the scope table gives it. */
export function writeClassOf(change: Pick<Change, 'action'>): WriteClass {
  return WRITE_CLASS_OF[change.action];
}

export function writeCounts(changes: readonly Pick<Change, 'action'>[]): WriteCounts {
  const calls = Object.fromEntries(WRITE_CLASSES.map((cls) => [cls, 0])) as WriteCounts;
  for (const c of changes) calls[writeClassOf(c)] += 1;
  return calls;
}

/** Seconds one call of a class waits for its bucket to refill once the bucket is empty. */
function secondsPerCall(cls: WriteClass): number {
  return WRITE_LIMITS[cls].windowMs / WRITE_LIMITS[cls].limit / 1000;
}

/**
 * Seconds until the last of `calls` calls of one class may be sent when its bucket holds `tokens`
 * calls now (a full bucket by default): the k-th call waits for max(0, k - tokens) refills.
 */
export function classSeconds(cls: WriteClass, calls: number, tokens: number = WRITE_LIMITS[cls].limit): number {
  if (calls <= 0) return 0;
  return Math.max(0, calls - Math.max(0, tokens)) * secondsPerCall(cls);
}

/** The rate-limit time of a set of writes: the slowest class's, since the classes run side by side. */
export function writeSeconds(calls: WriteCounts, tokens: Partial<WriteCounts> = {}): number {
  return Math.max(0, ...WRITE_CLASSES.map((k) => classSeconds(k, calls[k], tokens[k])));
}

export function estimate(changes: readonly Change[]): PlanEstimate {
  const calls = writeCounts(changes);
  // Full buckets: the usual start of a run that follows a plan by more than a minute.
  return { calls, min_seconds: writeSeconds(calls) };
}

/** "40 s", "2.6 min", "7 min", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (Math.ceil(s) < 60) return `${Math.ceil(s)} s`;
  // Tenths of a minute while they still matter (2.6 min, not 3), whole minutes from 10 min on.
  if (s < 600) return `${Number((s / 60).toFixed(1))} min`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Below this the rate limits hardly count: round trips decide, which the model does not know. */
const FEW_SECONDS = 5;

/** "about 40 s" or "a few seconds": rate-limit time in words, for the plan and the progress line. */
export function aboutDuration(seconds: number): string {
  return seconds < FEW_SECONDS ? 'a few seconds' : `about ${formatDuration(seconds)}`;
}

/** Plural noun for "10 role updates at once, then 10 a minute". */
const UNIT: Record<WriteClass, string> = {
  account_role_patch: 'account role updates',
  workspace_role_patch: 'role updates',
  workspace_user_delete: 'removals',
  project_role_patch: 'project role updates',
  project_user_delete: 'project removals',
  project_update: 'project setting updates',
};

/**
 * "about 2.6 min (estimate: 10 role updates at once, then 10 a minute)", naming the slowest class;
 * "a few seconds (...)" when every class fits in its bucket; "no API writes" for an empty plan.
 */
export function describeEstimate(est: PlanEstimate): string {
  let slowest: WriteClass | null = null;
  for (const k of WRITE_CLASSES) {
    if (est.calls[k] === 0) continue;
    if (slowest === null || classSeconds(k, est.calls[k]) > classSeconds(slowest, est.calls[slowest])) slowest = k;
  }
  if (slowest === null) return 'no API writes';
  if (est.min_seconds === 0) return 'a few seconds (estimate: the rate limits let these calls through at once)';
  const { limit, windowMs } = WRITE_LIMITS[slowest];
  const perMinute = (limit * 60_000) / windowMs;
  return `${aboutDuration(est.min_seconds)} (estimate: ${limit} ${UNIT[slowest]} at once, then ${perMinute} a minute)`;
}
