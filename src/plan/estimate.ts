// How many API writes a plan costs and the least time the documented rate limits allow for them.
import { RATE_WINDOW_MS, WRITE_CLASSES, WRITE_LIMITS } from './limits.js';
import type { WriteClass } from './limits.js';
import type { Change, PlanEstimate } from './types.js';

const CLASS_OF: Record<Change['action'], WriteClass> = {
  set_account_role: 'account_role_patch',
  set_workspace_role: 'workspace_role_patch',
  remove_workspace_user: 'workspace_user_delete',
};

export function estimate(changes: readonly Change[]): PlanEstimate {
  const calls: Record<WriteClass, number> = { account_role_patch: 0, workspace_role_patch: 0, workspace_user_delete: 0 };
  for (const c of changes) calls[CLASS_OF[c.action]] += 1;
  // Sustained rate, not the bucket's initial burst: a bound the user can rely on, not a best case.
  const min_seconds = Math.max(0, ...WRITE_CLASSES.map((k) => secondsFor(k, calls[k])));
  return { calls, min_seconds };
}

function secondsFor(cls: WriteClass, calls: number): number {
  return (calls * RATE_WINDOW_MS) / WRITE_LIMITS[cls].limit / 1000;
}

/** "≈ 40 s", "≈ 7 min", "≈ 2 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) return `≈ ${Math.ceil(s)} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `≈ ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `≈ ${h} h` : `≈ ${h} h ${m} min`;
}

/** "≈ 7 min at 10 role updates/min", naming the slowest class; "no API writes" for an empty plan. */
export function describeEstimate(est: PlanEstimate): string {
  let slowest: WriteClass | null = null;
  for (const k of WRITE_CLASSES) {
    if (est.calls[k] === 0) continue;
    if (slowest === null || secondsFor(k, est.calls[k]) > secondsFor(slowest, est.calls[slowest])) slowest = k;
  }
  if (slowest === null) return 'no API writes';
  const perMinute = (WRITE_LIMITS[slowest].limit * 60_000) / RATE_WINDOW_MS;
  return `${formatDuration(est.min_seconds)} at ${perMinute} ${WRITE_LIMITS[slowest].unit}/min`;
}
