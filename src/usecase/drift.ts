// The drift use case: plan the manifest against live state, read-only, and report the plan as drift.
import { attributeDrift, detectDrift, type AuditLogReader, type DriftReport } from '../drift/index.js';
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
export interface DriftOptions {
  onWarning?: (message: string) => void;
  /**
   * Reads the audit log to name who made each change (attribution.ts); absent: no audit-log call is
   * made and entries carry no `attribution` (`--no-attribution`).
   */
  audit?: AuditLogReader;
  /** The run's one time (ms since the epoch): expiry is judged and attribution's window ends there. */
  now?: number;
}

export async function runDrift(path: string, reader: LiveReader, options: DriftOptions = {}): Promise<DriftRun> {
  const { audit, ...planOptions } = options;
  // One clock for the whole run: the plan's expiry and the audit-log window see the same instant.
  const now = options.now ?? Date.now();
  const { manifest, live, plan } = await planManifest(path, reader, { access: 'read', ...planOptions, now });
  const report = detectDrift(plan, manifest);
  if (audit === undefined || report.drift.length === 0) return { manifest, live, report };
  const attributed = await attributeDrift(report, audit, {
    now,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  return { manifest, live, report: attributed.report };
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
