// Reads a plan as drift: one entry per change, and one per difference a guard holds back (the
// plan's owner/self/protected notes), named from the point of view of live state (what moved away
// from the manifest), sorted by scope then email. Pure.
import type { LiveState } from '../live/types.js';
import type { Manifest } from '../manifest/types.js';
import { resolve } from '../plan/resolve.js';
import type { Resolution } from '../plan/resolved.js';
import { compareStrings } from '../plan/labels.js';
import type { Change, Plan, PlanNote } from '../plan/types.js';
import { assertNever } from '../never.js';
import { normalizeEmail } from '../roles.js';
import { isGuardKind } from './held.js';
import type { DriftEntry, DriftReport, GuardNoteKind } from './types.js';

function entryOf(change: Change, listedInAccount: (accountId: string, email: string) => boolean): DriftEntry {
  const who = { account_id: change.account_id, email: change.email, user_id: change.user_id, action: change.action };
  switch (change.action) {
    case 'set_account_role':
      if (!listedInAccount(change.account_id, change.email)) {
        return {
          kind: 'unlisted_admin', ...who, live: change.from, desired: null, to: change.to,
          message: `${change.email} is an account ${change.from ?? 'user'} in Frame.io but not listed under account.users (mode: authoritative); apply would demote them to ${change.to}`,
        };
      }
      return {
        kind: 'account_role_differs', ...who, live: change.from, desired: change.to, to: change.to,
        message: `${change.email} has account role ${change.from ?? '(none)'} in Frame.io, the manifest says ${change.to}; apply would set ${change.to}`,
      };
    case 'set_workspace_role': {
      const where = { workspace_id: change.workspace_id, workspace_name: change.workspace_name };
      if (change.from === null) {
        return {
          kind: 'missing_member', ...who, ...where, live: null, desired: change.to, to: change.to,
          message: `${change.email} is not in ${change.workspace_name}, the manifest gives them ${change.to}; apply would add them as ${change.to}`,
        };
      }
      return {
        kind: 'role_differs', ...who, ...where, live: change.from, desired: change.to, to: change.to,
        message: `${change.email} is ${change.from} in ${change.workspace_name}, the manifest says ${change.to}; apply would set ${change.to}`,
      };
    }
    case 'remove_workspace_user':
      return {
        kind: 'unmanaged_member', ...who, workspace_id: change.workspace_id, workspace_name: change.workspace_name, live: change.from, desired: null, to: null,
        message: `${change.email} is in ${change.workspace_name} as ${change.from} but not in the manifest (mode: authoritative); apply would remove them`,
      };
    default:
      return assertNever(change, 'change action');
  }
}

/** Account first, then workspaces by name and id; within a scope by email. */
export function compareDrift(a: DriftEntry, b: DriftEntry): number {
  return (
    compareStrings(a.account_id, b.account_id) ||
    Number(a.workspace_id !== undefined) - Number(b.workspace_id !== undefined) ||
    compareStrings(a.workspace_name ?? '', b.workspace_name ?? '') ||
    compareStrings(a.workspace_id ?? '', b.workspace_id ?? '') ||
    compareStrings(normalizeEmail(a.email), normalizeEmail(b.email)) ||
    compareStrings(a.user_id ?? '', b.user_id ?? '') ||
    compareStrings(a.kind, b.kind)
  );
}

function isGuardNote(note: PlanNote): note is PlanNote & { kind: GuardNoteKind; email: string } {
  return isGuardKind(note.kind) && note.email !== undefined;
}

/**
 * A guard note as drift: the planner leaves out the desired role and the user id, so both are
 * looked up in the resolution the plan was built from (same manifest, same live state).
 */
function heldEntry(note: PlanNote & { kind: GuardNoteKind; email: string }, resolution: Resolution): DriftEntry {
  const email = normalizeEmail(note.email);
  const account = resolution.accounts.find((a) => a.live.id === note.account_id);
  const liveUser = account?.live.users.find((u) => normalizeEmail(u.user.email) === email)?.user;
  let desired: DriftEntry['desired'] = null;
  let userId = liveUser?.id ?? null;
  if (note.workspace_id === undefined) {
    desired = account?.users.find((u) => u.email === email)?.role ?? null;
  } else {
    const ws = account?.workspaces.find((w) => w.live.id === note.workspace_id);
    desired = ws?.users.find((u) => u.email === email)?.role ?? null;
    userId ??= ws?.live.members.find((m) => normalizeEmail(m.user.email) === email)?.user.id ?? null;
  }
  const where = note.workspace_id === undefined ? {} : { workspace_id: note.workspace_id, workspace_name: note.workspace_name ?? '' };
  return {
    kind: 'held', account_id: note.account_id, ...where, email: note.email, user_id: userId,
    live: note.role ?? null, desired, action: null, to: null, held_by: note.kind, message: note.message,
  };
}

/** `live` must be the state the plan was built from (it names the user ids guard notes leave out). */
export function detectDrift(plan: Plan, manifest: Manifest, live: LiveState): DriftReport {
  const listed = new Map(manifest.accounts.map((a) => [a.id, new Set(a.users.map((u) => normalizeEmail(u.email)))]));
  const listedInAccount = (accountId: string, email: string): boolean => listed.get(accountId)?.has(normalizeEmail(email)) ?? false;
  const drift = plan.changes.map((c) => entryOf(c, listedInAccount));
  const guarded = plan.notes.filter(isGuardNote);
  if (guarded.length > 0) {
    // Resolved only when needed: it already succeeded once, for the plan.
    const resolution = resolve(manifest, live);
    for (const note of guarded) drift.push(heldEntry(note, resolution));
  }
  drift.sort(compareDrift);
  return { in_sync: drift.length === 0, drift, plan };
}

/** `drift`'s exit code per the contract: 0 in sync, 2 drift; policy never changes it (drift writes nothing). */
export function driftExitCode(report: Pick<DriftReport, 'in_sync'>): 0 | 2 {
  return report.in_sync ? 0 : 2;
}
