// The one entry `rolesync plan` (and apply, drift) calls: resolve, diff, sort, check, estimate.
import type { LiveState } from '../live/types.js';
import type { Manifest } from '../manifest/types.js';
import { estimate } from './estimate.js';
import { plan } from './planner.js';
import { checkPolicy } from './policy.js';
import { resolve } from './resolve.js';
import { summarize } from './summary.js';
import type { Plan } from './types.js';

export interface BuildPlanOptions {
  /** `--force`: the verdict lets max_removals violations through. */
  force?: boolean;
}

/** Throws `ManifestError` when the manifest names what live state does not have. */
export function buildPlan(manifest: Manifest, live: LiveState, options: BuildPlanOptions = {}): Plan {
  const { changes, notes } = plan(resolve(manifest, live), live);
  return {
    format_version: 1,
    changes,
    summary: summarize(changes),
    notes,
    policy: checkPolicy({ changes }, manifest, live, { force: options.force === true }),
    estimate: estimate(changes),
  };
}
