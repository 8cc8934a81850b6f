// The one entry `rolesync plan` (and apply, drift) calls: split at `now`, resolve, diff, sort, check, estimate.
import type { LiveState } from '../live/types.js';
import type { Manifest } from '../manifest/types.js';
import { estimate } from './estimate.js';
import { expiryWarnings, splitAtNow, usesExpiry } from './expiry.js';
import { plan } from './planner.js';
import { checkPolicy } from './policy.js';
import { resolve } from './resolve.js';
import { summarize } from './summary.js';
import type { Plan } from './types.js';

export interface BuildPlanOptions {
  /** `--force`: the verdict lets max_removals violations through. */
  force?: boolean;
  /**
   * The instant to judge every `expires` against, in epoch milliseconds: the command's one clock
   * reading, or `--now`. Needed when the manifest gives any grant an end, and then the plan records
   * it; unused otherwise.
   */
  now?: number;
}

/** Throws `ManifestError` when the manifest names what live state does not have. */
export function buildPlan(manifest: Manifest, live: LiveState, options: BuildPlanOptions = {}): Plan {
  const timed = usesExpiry(manifest);
  // Only a manifest with ends depends on the time: any other plans the same whenever it runs, and
  // its document carries no instant (same state, same JSON).
  const now = timed ? options.now : undefined;
  if (timed && now === undefined) {
    // A programming error, not a user's: every command takes the time once and passes it.
    throw new Error('buildPlan: the manifest gives grants an end, so the plan needs `now`');
  }
  const split = now === undefined ? { manifest, notices: [] } : splitAtNow(manifest, live, now);
  const resolution = resolve(split.manifest, live);
  const { changes, notes } = plan(resolution, live);
  const notices = [...split.notices, ...expiryWarnings(resolution)];
  return {
    format_version: 1,
    ...(now === undefined ? {} : { now: new Date(now).toISOString() }),
    changes,
    summary: summarize(changes),
    notes,
    ...(notices.length > 0 ? { notices } : {}),
    policy: checkPolicy({ changes }, manifest, live, { force: options.force === true }),
    estimate: estimate(changes),
  };
}
