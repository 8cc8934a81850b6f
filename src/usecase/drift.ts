// The drift use case: plan the manifest against live state, read-only, and report the plan as drift.
import { detectDrift, type DriftReport } from '../drift/index.js';
import type { LiveReader } from '../live/fetch.js';
import type { LiveState } from '../live/types.js';
import type { Manifest } from '../manifest/types.js';
import { assertNever } from '../never.js';
import { accountNamesFrom, renderDriftJson, renderDriftMarkdown, renderDriftText } from '../render/index.js';
import { planManifest } from './plan.js';

export interface DriftRun {
  manifest: Manifest;
  live: LiveState;
  report: DriftReport;
}

/**
 * Reads only: the reader is never asked to write, so a token that cannot change roles may run it
 * (`onWarning` is told so).
 */
export async function runDrift(
  path: string,
  reader: LiveReader,
  options: { onWarning?: (message: string) => void; now?: number } = {},
): Promise<DriftRun> {
  const { manifest, live, plan } = await planManifest(path, reader, { access: 'read', ...options });
  return { manifest, live, report: detectDrift(plan, manifest) };
}

export function renderDriftReport(
  run: Pick<DriftRun, 'live' | 'report'>,
  format: 'text' | 'json' | 'markdown',
  color = false,
): string {
  const accountNames = accountNamesFrom(run.live);
  switch (format) {
    case 'json':
      return renderDriftJson(run.report);
    case 'markdown':
      return renderDriftMarkdown(run.report, { accountNames });
    case 'text':
      return renderDriftText(run.report, { color, accountNames });
    default:
      return assertNever(format, 'drift format');
  }
}

export { driftExitCode } from '../drift/index.js';
