// What an apply reports: one result per change of the plan.
import type { WriteClass } from '../api/index.js';
import type { Change } from '../plan/types.js';

/**
 * applied: the write was made. already: live already had the target (no call). stale: live was
 * neither the plan's `from` nor its `to`, the user of a grant (or of a group member add) is no longer
 * an active member of the account, or the change's project or Frame.io group was deleted since the
 * plan (skipped, never forced). failed: the API refused or could not be reached, or the Frame.io
 * group the change waits for could not be created. blocked: a guard stopped it at apply time
 * (min_admins after a failed promotion).
 * resumed: finished by an earlier run (from the journal). not_started: interrupted before it ran.
 */
export type Outcome = 'applied' | 'already' | 'stale' | 'failed' | 'blocked' | 'resumed' | 'not_started';

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  /** Why a change was stale, failed or blocked, in words (the API's own message for failures). */
  detail?: string;
  /** `create_frameio_group` applied or resumed: the id of the group made (or found again by its name). */
  group_id?: string;
}

export interface ApplyReport {
  results: ChangeResult[];
  interrupted: boolean;
  /**
   * Why the run stopped before its end when its credentials stopped working (the API refused the
   * token, or no token could be had): the changes left are not_started, and --resume goes on.
   */
  stopped?: string;
  /** Write calls the API accepted, per endpoint class (a refused call is a failed change, not a write). */
  calls: Record<WriteClass, number>;
}

/**
 * What a change's precondition says from the value live shows now: `already` when it is the change's
 * `to`, stale (naming both in `said`'s words, the plan's followed by `where`) when it is not the
 * plan's `from`, undefined: write it.
 */
export function againstLive<V>(
  change: Change & { from: V | null; to: V | null },
  live: V | null,
  said: (value: V | null) => string,
  where = '',
): ChangeResult | undefined {
  if (live === change.to) return { change, outcome: 'already' };
  if (live === change.from) return undefined;
  return {
    change,
    outcome: 'stale',
    detail: `the plan expected ${said(change.from)}${where}, live has ${said(live)} now (changed since the plan)`,
  };
}
