// How many API writes a plan costs and how long the documented rate limits hold them back, with the
// same leaky-bucket model the API uses: a full bucket lets `limit` calls through at once, then one
// more each window/limit. The write classes have buckets of their own and run side by side. A
// group's member adds share calls, MAX_GROUP_USER_IDS users to one; every other change is a call.
import { MAX_GROUP_USER_IDS, WRITE_CLASSES, WRITE_LIMITS, type WriteClass } from '../api/index.js';
import { groupKey } from './group-access.js';
import { WRITE_CLASS_OF } from './scopes.js';
import type { Change, PlanEstimate } from './types.js';

export type WriteCounts = Record<WriteClass, number>;

/** The endpoint class a change's write belongs to, as the scope table gives it. */
export function writeClassOf(change: Pick<Change, 'action'>): WriteClass {
  return WRITE_CLASS_OF[change.action];
}

/** The batch a change's write shares a call with (one group's member adds); null: a call of its own. */
function batchOf(change: Change): string | null {
  if (change.action !== 'add_frameio_group_member') return null;
  return `${change.account_id}|${groupKey(change.group_id, change.group_name)}`;
}

/** Calls per class for `size` changes of one batch. */
function batchCalls(size: number): number {
  return Math.ceil(size / MAX_GROUP_USER_IDS);
}

/**
 * The calls still to make while changes finish one by one (apply's progress): a batch's calls count
 * down as its changes finish, MAX_GROUP_USER_IDS of them to a call.
 */
export class CallsLeft {
  private readonly calls: WriteCounts;
  private readonly batches = new Map<string, number>();

  constructor(changes: readonly Change[]) {
    this.calls = noCalls();
    for (const c of changes) {
      const batch = batchOf(c);
      if (batch === null) this.calls[writeClassOf(c)] += 1;
      else this.batches.set(batch, (this.batches.get(batch) ?? 0) + 1);
    }
    for (const size of this.batches.values()) this.calls.group_member_add += batchCalls(size);
  }

  /** One change finished: the calls of its class that finished with it (0 while its batch's call is not full). */
  done(change: Change): number {
    const cls = writeClassOf(change);
    const batch = batchOf(change);
    let finished = 1;
    if (batch !== null) {
      const size = this.batches.get(batch) ?? 0;
      if (size > 0) this.batches.set(batch, size - 1);
      finished = batchCalls(size) - batchCalls(Math.max(0, size - 1));
    }
    this.calls[cls] = Math.max(0, this.calls[cls] - finished);
    return finished;
  }

  /** What is left, per class. */
  get counts(): Readonly<WriteCounts> {
    return this.calls;
  }
}

/** No call of any class. */
export function noCalls(): WriteCounts {
  return Object.fromEntries(WRITE_CLASSES.map((cls) => [cls, 0])) as WriteCounts;
}

/** The calls `changes` cost per class: one a change, a group's member adds MAX_GROUP_USER_IDS to a call. */
export function writeCounts(changes: readonly Change[]): WriteCounts {
  return { ...new CallsLeft(changes).counts };
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
  group_create: 'group creations',
  group_member_add: `group member adds of up to ${MAX_GROUP_USER_IDS} users`,
  group_member_remove: 'group member removals',
  workspace_group_patch: 'workspace group role updates',
  workspace_group_delete: 'workspace group removals',
  project_group_patch: 'project group role updates',
  project_group_delete: 'project group removals',
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
