// How drift's kinds, its subjects and what apply would do read in human output (text and Markdown).
import type { DriftEntry, DriftKind, GuardNoteKind } from '../drift/index.js';
import { assertNever } from '../never.js';

/** How a drift kind reads in a table or a line. */
export const KIND_LABEL: Record<DriftKind, string> = {
  account_role_differs: 'account role differs',
  unlisted_admin: 'admin not in manifest',
  missing_member: 'missing member',
  role_differs: 'role differs',
  unmanaged_member: 'unmanaged member',
  setting_differs: 'setting differs',
  group_missing: 'group missing',
  group_member_missing: 'group member missing',
  unmanaged_group_member: 'unmanaged group member',
  group_grant_missing: 'group grant missing',
  group_role_differs: 'group role differs',
  unmanaged_group_grant: 'unmanaged group grant',
  expired: 'expired grant',
  held: 'held by a guard',
};

/** The words after the name of a Frame.io group drift lists that apply would create (no id yet). */
export const NOT_IN_FRAMEIO_YET = 'not in Frame.io yet';

/**
 * Whom (or what) a drift entry is about: its email (a group's member is listed under its group),
 * `group Post Team` for a group or its grant, else its setting's name.
 */
export function driftSubject(entry: DriftEntry): string {
  if (entry.email !== undefined) return entry.email;
  return entry.group_name !== undefined ? `group ${entry.group_name}` : (entry.setting ?? '');
}

/** Why apply leaves a `held` entry alone, in a few words. */
const HELD_REASON: Record<GuardNoteKind, string> = {
  owner_untouchable: "the account owner's role is never changed",
  reviewer_untouchable: "the API cannot change a reviewer's role",
  self_untouchable: "the token's own user is never demoted or removed",
  protected: 'protected by policy.protected',
};

/** ` (expired on 2027-01-31)` after what apply would do about an `expired` entry; '' for others. */
export function expiredSuffix(entry: DriftEntry): string {
  return entry.kind === 'expired' ? ` (expired on ${entry.expires ?? '?'})` : '';
}

/** What apply would do about a drift entry, in a few words. */
export function applyWould(entry: DriftEntry): string {
  if (entry.kind === 'held' || entry.action === null) {
    return `nothing — ${entry.held_by ? HELD_REASON[entry.held_by] : 'held back'}`;
  }
  switch (entry.action) {
    case 'set_account_role':
      return `set account role ${entry.to}`;
    case 'set_workspace_role':
    case 'set_project_role':
      return entry.live === null ? `add as ${entry.to}` : `set ${entry.to}`;
    case 'remove_workspace_user':
    case 'remove_project_user':
      return 'remove';
    case 'set_project_restricted':
      return `set restricted: ${entry.to}`;
    case 'create_frameio_group':
      return 'create the group';
    case 'add_frameio_group_member':
      return entry.group_id === null ? 'add to the group once created' : 'add to the group';
    case 'remove_frameio_group_member':
      return 'remove from the group';
    case 'set_workspace_group_role':
    case 'set_project_group_role':
      return entry.live === null ? `assign the group as ${entry.to}` : `set the group's role ${entry.to}`;
    case 'remove_workspace_group':
    case 'remove_project_group':
      return "remove the group's grant";
    default:
      return assertNever(entry.action, 'change action');
  }
}

/** `2026-11-28 14:05:00 UTC`: an attribution's time as people read it. */
function when(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Who made a drift entry's change, from the audit log: `changed by grace@acme.test at 2026-11-28
 * 14:05:00 UTC (workspace_permissions_granted_to_user)`, or `changed by: unknown (why)`; undefined when
 * attribution was not looked up (`--no-attribution`).
 */
export function attributionWords(entry: DriftEntry): string | undefined {
  const a = entry.attribution;
  if (a === undefined) return undefined;
  if (a === null) return `changed by: unknown (${entry.attribution_reason ?? 'not found'})`;
  const who = a.email ?? (a.user_id === null ? 'an unnamed user' : `user ${a.user_id}`);
  return `changed by ${who} at ${when(a.at)} (${a.event})`;
}
