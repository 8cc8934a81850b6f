// Renders a drift report as the contract's plan document (§4) plus `drift` and `in_sync`, with a
// fixed key order so a cron job's artifacts diff cleanly.
import type { DriftEntry, DriftReport } from '../drift/index.js';
import type { Plan } from '../plan/types.js';
import { renderJson } from './json.js';

const ENTRY_KEYS = [
  'kind',
  'account_id',
  'workspace_id',
  'workspace_name',
  'project_id',
  'project_name',
  'group_id',
  'group_name',
  'email',
  'user_id',
  'setting',
  'live',
  'desired',
  'action',
  'to',
  'held_by',
  'reason',
  'expires',
  'message',
  'attribution',
  'attribution_reason',
] as const;

/** One entry with its keys in the fixed order. */
export function driftEntryJson(entry: DriftEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ENTRY_KEYS) if (entry[key] !== undefined) out[key] = entry[key];
  return out;
}

export function renderDriftJson(report: DriftReport): string {
  // renderJson keeps the plan's keys in contract order and appends extra keys sorted: drift, in_sync.
  const document: Plan & { drift: unknown[]; in_sync: boolean } = {
    ...report.plan,
    drift: report.drift.map(driftEntryJson),
    in_sync: report.in_sync,
  };
  return renderJson(document);
}
