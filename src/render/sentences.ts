// The sentences human-facing formats share: the change counts, the API-call estimate, what a guard holds back.
import type { WriteClass } from '../api/index.js';
import { describeEstimate, heldBack } from '../plan/index.js';
import type { Change, PlanEstimate, PlanNote, PlanSummary } from '../plan/types.js';
import { counted } from '../plural.js';

export const NO_CHANGES_HEAD = 'No changes.';

/** `expired on 2027-01-31` for a change made because its grant ended; null for any other change. */
export function expiredOn(change: Change): string | null {
  return 'reason' in change && change.reason === 'expired' ? `expired on ${change.expires ?? '?'}` : null;
}

/** The heading of the expiry notices (plan and drift, text and Markdown). */
export const NOTICES_HEADING = 'Expiry notices';
export const NO_CHANGES_DETAIL = 'Live state matches the manifest.';

/** The no-change sentence's second half: it must not claim a match that a guard holds back. */
export function noChangesDetail(notes: readonly PlanNote[]): string {
  const held = heldBack(notes);
  if (held === 0) return NO_CHANGES_DETAIL;
  const subject = held === 1 ? 'One difference from the manifest is' : `${held} differences from the manifest are`;
  return `${subject} held back (see the notes).`;
}

/** `Plan: 3 to add, 2 to change, 1 to remove.` (Terraform's wording, which reviewers know). */
export function summarySentence(summary: PlanSummary, notes: readonly PlanNote[] = []): string {
  if (summary.total === 0) return `${NO_CHANGES_HEAD} ${noChangesDetail(notes)}`;
  return `Plan: ${summary.add} to add, ${summary.change} to change, ${summary.remove} to remove.`;
}

// `always`: listed by `writesList(…, true)` even at zero (the classes every manifest can use); the
// project and Frame.io group classes only when there are any, so an apply without them reads as before.
// A member batch is one call that adds up to 100 members of one group.
const CALLS: readonly { key: WriteClass; one: string; many?: string; always?: true }[] = [
  { key: 'account_role_patch', one: 'account role update', always: true },
  { key: 'workspace_role_patch', one: 'workspace role update', always: true },
  { key: 'workspace_user_delete', one: 'removal', always: true },
  { key: 'project_role_patch', one: 'project role update' },
  { key: 'project_user_delete', one: 'project removal' },
  { key: 'project_update', one: 'project setting update' },
  { key: 'group_create', one: 'group creation' },
  { key: 'group_member_add', one: 'group member batch', many: 'group member batches' },
  { key: 'group_member_remove', one: 'group member removal' },
  { key: 'workspace_group_patch', one: 'workspace group role update' },
  { key: 'workspace_group_delete', one: 'workspace group removal' },
  { key: 'project_group_patch', one: 'project group role update' },
  { key: 'project_group_delete', one: 'project group removal' },
];

/**
 * `2 account role updates, 1 removal`: the writes of each class, a class without any left out unless
 * `all` (then the account and workspace classes are listed at zero too).
 */
export function writesList(calls: Readonly<Record<WriteClass, number>>, all = false): string {
  return CALLS.filter((c) => (all && c.always) || calls[c.key] > 0)
    .map((c) => counted(calls[c.key], c.one, c.many))
    .join(', ');
}

/**
 * `apply will make 12 workspace role updates; about 12 s (estimate: 10 role updates at once, then 10 a minute)`,
 * or null when apply would make no call. Time and rate are the planner's (`describeEstimate`).
 */
export function estimateSentence(estimate: PlanEstimate): string | null {
  const calls = writesList(estimate.calls);
  if (calls === '') return null;
  return `apply will make ${calls}; ${describeEstimate(estimate)}`;
}

/** Appended to drift's "apply would restore the manifest": apply leaves held differences as they are. */
export function heldSuffix(held: number): string {
  if (held === 0) return '';
  return held === 1
    ? ' (except the one held back by a guard, which it leaves as it is)'
    : ` (except the ${held} held back by a guard, which it leaves as they are)`;
}
