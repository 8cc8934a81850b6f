// Reads a plan as drift: one entry per change, and one per difference a guard holds back (the
// plan's held notes: owner, reviewer, self, protected), named from the point of view of live state
// (what moved away from the manifest), sorted by scope as the plan lists them, then Frame.io group,
// then email. Pure.
import type { Manifest } from '../manifest/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { compareScopes } from '../plan/index.js';
import type {
  Change,
  GroupChange,
  GroupGrantChange,
  HeldNote,
  Plan,
  RemoveProjectUser,
  SetProjectRestricted,
  SetProjectRole,
} from '../plan/types.js';
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
  if (isGroupChange(change)) return groupEntry(change);
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

function isGroupChange(change: Change): change is GroupChange | GroupGrantChange {
  switch (change.action) {
    case 'create_frameio_group':
    case 'add_frameio_group_member':
    case 'remove_frameio_group_member':
    case 'set_workspace_group_role':
    case 'remove_workspace_group':
    case 'set_project_group_role':
    case 'remove_project_group':
      return true;
    default:
      return false;
  }
}

/** `group "Post Team"`: group names are free text, so they are quoted in sentences. */
function groupWords(change: { group_name: string }): string {
  return `group "${change.group_name}"`;
}

/** A Frame.io group change as drift: the group, its member, or its grant on a workspace or project. */
function groupEntry(change: GroupChange | GroupGrantChange): DriftEntry {
  const group = { account_id: change.account_id, group_id: change.group_id, group_name: change.group_name };
  const named = groupWords(change);
  switch (change.action) {
    case 'create_frameio_group':
      return {
        kind: 'group_missing',
        ...group,
        live: null,
        desired: change.to,
        action: change.action,
        to: change.to,
        message: `${named} is not in Frame.io, the manifest declares it with members; apply would create it`,
      };
    case 'add_frameio_group_member': {
      // A group the plan creates has no members yet: the entry says so rather than "lacks".
      const lacks =
        change.group_id === null
          ? `is not a member of ${named}, which is not in Frame.io yet`
          : `is not a member of ${named}`;
      return {
        kind: 'group_member_missing',
        ...group,
        email: change.email,
        user_id: change.user_id,
        live: null,
        desired: change.to,
        action: change.action,
        to: change.to,
        message: `${change.email} ${lacks}, the manifest lists them; apply would add them`,
      };
    }
    case 'remove_frameio_group_member':
      return {
        kind: 'unmanaged_group_member',
        ...group,
        email: change.email,
        user_id: change.user_id,
        live: change.from,
        desired: null,
        action: change.action,
        to: null,
        message:
          `${change.email} is a member of ${named} in Frame.io but not in the manifest (mode: authoritative); ` +
          'apply would take them out of the group',
      };
    case 'set_workspace_group_role':
    case 'set_project_group_role': {
      const where = change.action === 'set_project_group_role' ? projectAt(change) : workspaceAt(change);
      const scope = scopeWords(change);
      if (change.from === null) {
        return {
          kind: 'group_grant_missing',
          ...group,
          ...where,
          live: null,
          desired: change.to,
          action: change.action,
          to: change.to,
          message: `${named} has no role in ${scope}, the manifest gives it ${change.to}; apply would grant it`,
        };
      }
      return {
        kind: 'group_role_differs',
        ...group,
        ...where,
        live: change.from,
        desired: change.to,
        action: change.action,
        to: change.to,
        message: `${named} is ${change.from} in ${scope}, the manifest says ${change.to}; apply would set ${change.to}`,
      };
    }
    case 'remove_workspace_group':
    case 'remove_project_group': {
      const where = change.action === 'remove_project_group' ? projectAt(change) : workspaceAt(change);
      return {
        kind: 'unmanaged_group_grant',
        ...group,
        ...where,
        live: change.from,
        desired: null,
        action: change.action,
        to: null,
        message:
          `${named} is ${change.from} in ${scopeWords(change)} but not in the manifest (mode: authoritative); ` +
          'apply would take the grant away (the group stays)',
      };
    }
    default:
      return assertNever(change, 'group change action');
  }
}

/** `Marketing`, or `project Marketing / Spring Campaign`. */
function scopeWords(change: GroupGrantChange): string {
  return 'project_id' in change
    ? `project ${projectTitle(change.workspace_name, change.project_name)}`
    : change.workspace_name;
}

function workspaceAt(change: { workspace_id: string; workspace_name: string }) {
  return { workspace_id: change.workspace_id, workspace_name: change.workspace_name };
}

type ProjectChange = SetProjectRole | RemoveProjectUser | SetProjectRestricted | GroupGrantChange;

/** The scope fields of a project change, in the order a drift entry lists them. */
function projectAt(
  change: Extract<ProjectChange, { project_id: string }>,
): Pick<DriftEntry, 'workspace_id' | 'workspace_name' | 'project_id' | 'project_name'> {
  const { workspace_id, workspace_name, project_id, project_name } = change;
  return { workspace_id, workspace_name, project_id, project_name };
}

/**
 * Accounts in the order the entries first name them (the plan's: changes, then held notes), each
 * account's scopes by `compareScopes` as the plan lists them; within a scope the users' own entries
 * first, then each Frame.io group's by name (the group itself before its members), then by email.
 */
function sortEntries(entries: DriftEntry[]): void {
  const account = new Map<string, number>();
  for (const entry of entries) if (!account.has(entry.account_id)) account.set(entry.account_id, account.size);
  const rank = (entry: DriftEntry) => account.get(entry.account_id) ?? 0;
  entries.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareScopes(a, b) ||
      compareStrings(a.group_name ?? '', b.group_name ?? '') ||
      compareStrings(a.group_id ?? '', b.group_id ?? '') ||
      compareStrings(normalizeEmail(a.email ?? ''), normalizeEmail(b.email ?? '')) ||
      compareStrings(a.user_id ?? '', b.user_id ?? '') ||
      compareStrings(a.kind, b.kind),
  );
}

/**
 * A change made because its grant ended is drift of kind `expired`: the entry of its action, with
 * the manifest's side empty (the grant has ended) and the end named.
 */
function expiredOr(entry: DriftEntry, change: Change): DriftEntry {
  if (!('reason' in change) || change.reason !== 'expired') return entry;
  const expires = change.expires ?? '?';
  const what =
    change.action === 'set_account_role'
      ? `${change.email}'s admin grant`
      : 'email' in change
        ? `${change.email}'s grant (${change.from})`
        : `${groupWords(change)}'s grant (${change.from})`;
  const where = 'workspace_name' in change ? ` in ${change.workspace_name}` : '';
  const inProject = 'project_name' in change ? ` / ${change.project_name}` : '';
  const inGroup = change.action === 'remove_frameio_group_member' ? ` in ${groupWords(change)}` : '';
  // A lowering to what a running grant still gives (e.g. a group's role) keeps that role on the manifest side.
  const lowered = change.action === 'set_account_role' ? null : (entry.desired ?? null);
  const apply =
    lowered !== null
      ? `set ${lowered}`
      : change.action === 'set_account_role'
        ? `demote them to ${change.to}`
        : change.action === 'remove_frameio_group_member'
          ? 'take them out of the group'
          : change.action === 'remove_workspace_group' || change.action === 'remove_project_group'
            ? 'take the grant away'
            : 'remove them';
  return {
    ...entry,
    kind: 'expired',
    desired: lowered,
    reason: 'expired',
    expires,
    message: `${what}${where}${inProject}${inGroup} expired on ${expires} but is still live; apply would ${apply}`,
  };
}

/** A held note as drift: the note names the user, both roles and the scope. */
function heldEntry(note: HeldNote): DriftEntry {
  const where =
    note.workspace_id === undefined
      ? {}
      : { workspace_id: note.workspace_id, workspace_name: note.workspace_name ?? '' };
  const project =
    note.project_id === undefined ? {} : { project_id: note.project_id, project_name: note.project_name ?? '' };
  // A member removal a guard holds back names its group.
  const group = note.group_name === undefined ? {} : { group_id: note.group_id ?? null, group_name: note.group_name };
  return {
    kind: 'held',
    account_id: note.account_id,
    ...where,
    ...project,
    ...group,
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
  const drift = plan.changes.map((c) => expiredOr(entryOf(c, listedInAccount), c));
  for (const note of plan.notes) if (isHeldNote(note)) drift.push(heldEntry(note));
  sortEntries(drift);
  return { in_sync: drift.length === 0, drift, plan };
}

/** `drift`'s exit code per the contract: 0 in sync, 2 drift; policy never changes it (drift writes nothing). */
export function driftExitCode(report: Pick<DriftReport, 'in_sync'>): 0 | 2 {
  return report.in_sync ? 0 : 2;
}
