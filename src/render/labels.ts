// How roles, drift's kinds and what apply would do are named in human output, and where account
// names come from (an account or a workspace as name and id: src/names.ts).
import type { DriftEntry, DriftKind, GuardNoteKind } from '../drift/index.js';
import type { LiveState } from '../live/types.js';
import { assertNever } from '../never.js';

/** The `accountNames` of a `RenderContext`, from the live state's display names. */
export function accountNamesFrom(live: LiveState): Record<string, string> {
  const names: Record<string, string> = {};
  for (const account of live.accounts) if (account.displayName) names[account.id] = account.displayName;
  return names;
}

/** A null account role is shown as `(none)`: the API may list a user without one. */
export function roleLabel(role: string | null): string {
  return role ?? '(none)';
}

/** How a drift kind reads in a table or a line. */
export const KIND_LABEL: Record<DriftKind, string> = {
  account_role_differs: 'account role differs',
  unlisted_admin: 'admin not in manifest',
  missing_member: 'missing member',
  role_differs: 'role differs',
  unmanaged_member: 'unmanaged member',
  setting_differs: 'setting differs',
  held: 'held by a guard',
};

/** Whom (or, for a project setting, what) a drift entry is about: its email, else its setting's name. */
export function driftSubject(entry: DriftEntry): string {
  return entry.email ?? entry.setting ?? '';
}

/** Why apply leaves a `held` entry alone, in a few words. */
const HELD_REASON: Record<GuardNoteKind, string> = {
  owner_untouchable: "the account owner's role is never changed",
  reviewer_untouchable: "the API cannot change a reviewer's role",
  self_untouchable: "the token's own user is never demoted or removed",
  protected: 'protected by policy.protected',
};

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
      return 'add to the group';
    case 'remove_frameio_group_member':
      return 'take out of the group';
    case 'set_workspace_group_role':
    case 'set_project_group_role':
      return entry.live === null ? `grant ${entry.to}` : `set ${entry.to}`;
    case 'remove_workspace_group':
    case 'remove_project_group':
      return 'remove the grant';
    default:
      return assertNever(entry.action, 'change action');
  }
}
