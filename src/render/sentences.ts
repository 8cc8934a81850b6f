// The sentences every human-facing format shares: the change counts and the API-call estimate.
import { describeEstimate } from '../plan/index.js';
import type { PlanEstimate, PlanSummary } from '../plan/types.js';

export const NO_CHANGES_HEAD = 'No changes.';
export const NO_CHANGES_DETAIL = 'Live state matches the manifest.';

/** `Plan: 3 to add, 2 to change, 1 to remove.` (Terraform's wording, which reviewers know). */
export function summarySentence(summary: PlanSummary): string {
  if (summary.total === 0) return `${NO_CHANGES_HEAD} ${NO_CHANGES_DETAIL}`;
  return `Plan: ${summary.add} to add, ${summary.change} to change, ${summary.remove} to remove.`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const CALLS = [
  { key: 'account_role_patch', one: 'account role update', many: 'account role updates' },
  { key: 'workspace_role_patch', one: 'workspace role update', many: 'workspace role updates' },
  { key: 'workspace_user_delete', one: 'removal', many: 'removals' },
] as const;

/**
 * `apply will make 5 workspace role updates, 1 removal; ≈ 30 s at 10 role updates/min`, or null
 * when apply would make no call. Time and rate are the planner's (`describeEstimate`).
 */
export function estimateSentence(estimate: PlanEstimate): string | null {
  const used = CALLS.filter((c) => estimate.calls[c.key] > 0);
  if (used.length === 0) return null;
  const calls = used.map((c) => count(estimate.calls[c.key], c.one, c.many)).join(', ');
  return `apply will make ${calls}; ${describeEstimate(estimate)}`;
}
