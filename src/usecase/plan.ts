// The plan use case: load the manifest, read the live state it manages, compute the plan.
import { loadManifest } from '../manifest/index.js';
import type { Manifest } from '../manifest/types.js';
import { fetchLive, type LiveReader } from '../live/fetch.js';
import type { LiveState } from '../live/types.js';
import { buildPlan } from '../plan/index.js';
import type { Plan } from '../plan/types.js';
import { checkTokenRole, type TokenAccess } from './token-role.js';

export interface PlanRun {
  manifest: Manifest;
  live: LiveState;
  plan: Plan;
}

export interface PlanOptions {
  force?: boolean;
  /** `write` (default, plan): stop when the token cannot change roles; `read` (drift): warn. */
  access?: TokenAccess;
  /** Told each warning about the token (`read` access), to print on stderr. */
  onWarning?: (message: string) => void;
  /** The command's one clock reading (epoch ms): every `expires` is judged against it. */
  now?: number;
}

export async function planManifest(path: string, reader: LiveReader, options: PlanOptions = {}): Promise<PlanRun> {
  const manifest = await loadManifest(path);
  const access = options.access ?? 'write';
  const live = await fetchLive(reader, manifest, {
    beforeMembers: (self, accounts) => checkTokenRole(self, accounts, access, options.onWarning),
  });
  const plan = buildPlan(manifest, live, {
    force: options.force ?? false,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  return { manifest, live, plan };
}

/** The exit code of `plan` per the contract: 3 blocked by policy wins; 2 changes only when asked. */
export function planExitCode(plan: Plan, detailed: boolean): number {
  if (!plan.policy.ok) return 3;
  if (detailed && plan.changes.length > 0) return 2;
  return 0;
}
