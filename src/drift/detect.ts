// Reads a plan as drift: one entry per change, and one per difference a guard holds back (the
// plan's held notes: owner, reviewer, self, protected), named from the point of view of live state
// (what moved away from the manifest), sorted by scope as the plan lists them, then email. Pure.
import type { Manifest } from '../manifest/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { compareScopes } from '../plan/index.js';
import type { Change, HeldNote, Plan, RemoveProjectUser, SetProjectRestricted, SetProjectRole } from '../plan/types.js';
import { projectTitle } from '../names.js';
import { assertNever } from '../never.js';
import { isHeldNote } from './held.js';
import type { DriftEntry, DriftReport } from './types.js';

function entryOf(change: Change, listedInAccount: (accountId: string, email: string) => boolean): DriftEntry {
  if (change.action === 'set_project_restricted') {
    const project = projectTitle(change.workspace_name, change.project_name);
    return {
      kind: 'setting_differs',
      account_id: change.account_id,
      ...projectAt(change),
      setting: 'restricted',
      action: change.action,
      live: change.from,
      desired: change.to,
      to: change.to,
      message:
        `project ${project} is ${change.from ? 'restricted' : 'not restricted'} in Frame.io, the manifest says ` +
        `restricted: ${change.to}; apply would ${change.to ? 'restrict' : 'unrestrict'} it`,
    };
  }
  const who = { account_id: change.account_id, email: change.email, user_id: change.user_id, action: change.action };
  switch (change.action) {
    case 'set_account_role':
      if (!listedInAccount(change.account_id, change.email)) {
        return {
          kind: 'unlisted_admin',
          ...who,
          live: change.from,
          desired: null,
          to: change.to,
          message:
            `${change.email} is an account ${change.from ?? 'user'} in Frame.io but not listed under account.users ` +
            `(mode: authoritative); apply would demote them to ${change.to}`,
        };
      }
      return {
        kind: 'account_role_differs',
        ...who,
        live: change.from,
        desired: change.to,
        to: change.to,
        message:
          `${change.email} has account role ${change.from ?? '(none)'} in Frame.io, the manifest says ` +
          `${change.to}; apply would set ${change.to}`,
      };
    case 'set_workspace_role': {
      const where = { workspace_id: change.workspace_id, workspace_name: change.workspace_name };
      if (change.from === null) {
        return {
          kind: 'missing_member',
          ...who,
          ...where,
          live: null,
          desired: change.to,
          to: change.to,
          message:
            `${change.email} is not in ${change.workspace_name}, the manifest gives them ${change.to}; apply would ` +
            `add them as ${change.to}`,
        };
      }
      return {
        kind: 'role_differs',
        ...who,
        ...where,
        live: change.from,
        desired: change.to,
        to: change.to,
        message:
          `${change.email} is ${change.from} in ${change.workspace_name}, the manifest says ${change.to}; apply ` +
          `would set ${change.to}`,
      };
    }
    case 'remove_workspace_user':
      return {
        kind: 'unmanaged_member',
        ...who,
        workspace_id: change.workspace_id,
        workspace_name: change.workspace_name,
        live: change.from,
        desired: null,
        to: null,
        message:
          `${change.email} is in ${change.workspace_name} as ${change.from} but not in the manifest (mode: ` +
          'authoritative); apply would remove them',
      };
    case 'set_project_role': {
      const project = projectTitle(change.workspace_name, change.project_name);
      if (change.from === null) {
        return {
          kind: 'missing_member',
          ...who,
          ...projectAt(change),
          live: null,
          desired: change.to,
          to: change.to,
          message:
            `${change.email} has no direct grant in project ${project}, the manifest gives them ${change.to}; apply ` +
            `would add them as ${change.to}`,
        };
      }
      return {
        kind: 'role_differs',
        ...who,
        ...projectAt(change),
        live: change.from,
        desired: change.to,
        to: change.to,
        message:
          `${change.email} has ${change.from} in project ${project} (a direct grant), the manifest says ${change.to}; ` +
          `apply would set ${change.to}`,
      };
    }
    case 'remove_project_user':
      return {
        kind: 'unmanaged_member',
        ...who,
        ...projectAt(change),
        live: change.from,
        desired: null,
        to: null,
        message:
          `${change.email} is in project ${projectTitle(change.workspace_name, change.project_name)} as ` +
          `${change.from} but neither in the manifest nor in its workspace (mode: authoritative); apply would ` +
          'remove them',
      };
    default:
      return assertNever(change, 'change action');
  }
}

type ProjectChange = SetProjectRole | RemoveProjectUser | SetProjectRestricted;

/** The scope fields of a project change, in the order a drift entry lists them. */
function projectAt(
  change: ProjectChange,
): Pick<DriftEntry, 'workspace_id' | 'workspace_name' | 'project_id' | 'project_name'> {
  const { workspace_id, workspace_name, project_id, project_name } = change;
  return { workspace_id, workspace_name, project_id, project_name };
}

/**
 * Accounts in the order the entries first name them (the plan's: changes, then held notes), each
 * account's scopes by `compareScopes` as the plan lists them, then by email within a scope.
 */
function sortEntries(entries: DriftEntry[]): void {
  const account = new Map<string, number>();
  for (const entry of entries) if (!account.has(entry.account_id)) account.set(entry.account_id, account.size);
  const rank = (entry: DriftEntry) => account.get(entry.account_id) ?? 0;
  entries.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareScopes(a, b) ||
      compareStrings(normalizeEmail(a.email ?? ''), normalizeEmail(b.email ?? '')) ||
      compareStrings(a.user_id ?? '', b.user_id ?? '') ||
      compareStrings(a.kind, b.kind),
  );
}

/** A held note as drift: the note names the user, both roles and the scope. */
function heldEntry(note: HeldNote): DriftEntry {
  const where =
    note.workspace_id === undefined
      ? {}
      : { workspace_id: note.workspace_id, workspace_name: note.workspace_name ?? '' };
  const project =
    note.project_id === undefined ? {} : { project_id: note.project_id, project_name: note.project_name ?? '' };
  return {
    kind: 'held',
    account_id: note.account_id,
    ...where,
    ...project,
    email: note.email,
    user_id: note.user_id,
    live: note.role,
    desired: note.desired,
    action: null,
    to: null,
    held_by: note.kind,
    message: note.message,
  };
}

/**
 * `plan` as `buildPlan` made it from `manifest` (a saved plan's notes lack the user ids and desired
 * roles held entries name); `manifest` says which account users are listed.
 */
export function detectDrift(plan: Plan, manifest: Manifest): DriftReport {
  const listed = new Map(manifest.accounts.map((a) => [a.id, new Set(a.users.map((u) => normalizeEmail(u.email)))]));
  const listedInAccount = (accountId: string, email: string): boolean =>
    listed.get(accountId)?.has(normalizeEmail(email)) ?? false;
  const drift = plan.changes.map((c) => entryOf(c, listedInAccount));
  for (const note of plan.notes) if (isHeldNote(note)) drift.push(heldEntry(note));
  sortEntries(drift);
  return { in_sync: drift.length === 0, drift, plan };
}

/** `drift`'s exit code per the contract: 0 in sync, 2 drift; policy never changes it (drift writes nothing). */
export function driftExitCode(report: Pick<DriftReport, 'in_sync'>): 0 | 2 {
  return report.in_sync ? 0 : 2;
}
