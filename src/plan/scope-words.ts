// The words and helpers every scope entry shares: why a guard holds, why access is inherited, and
// how a resolved manifest entry becomes a grant for the diff.
import { formatPos } from '../errors.js';
import type { SourcePos } from '../errors.js';
import type { LiveAccountUser } from '../live/types.js';
import type { EndedGrant } from '../manifest/types.js';
import type { Check, DesiredGrant, Guard, Inherited, ListedFact, LiveRow, ScopeRoles, UnlistedFact } from './scope.js';

/** Why a guard holds a lowering back, as a sentence goes on after the email. */
export const GUARD_REASON: Record<Guard, string> = {
  owner_untouchable: 'is the account owner',
  self_untouchable: "is the token's own user",
  protected: 'is protected by policy.protected',
};

/** Why a user's access to a workspace (`roles`: 'workspace roles') or a project comes from the account role. */
export function inheritedReason(from: Inherited, roles: string): string {
  switch (from) {
    case 'owner':
      return 'is the account owner';
    case 'admin_until_demoted':
      return `is an account admin until this plan demotes them; plan again after the apply to set their ${roles}`;
    case 'admin':
      return 'is an account admin';
    case 'becomes_admin':
      return 'becomes an account admin in this plan';
  }
}

/** A resolved manifest entry as the diff reads it: its role, where it was written, and the live row. */
export function grant<R extends ScopeRoles>(
  u: { email: string; role: R['desired']; pos: SourcePos; live: LiveAccountUser },
  via: string | null,
  row: LiveRow<R> | undefined,
): DesiredGrant<R> {
  return { email: u.email, role: u.role, pos: u.pos, via, user: u.live, row };
}

/** A scope's ended grants by email, for its `ScopeInput.ended`; undefined when there are none. */
export function endedByEmail(list: readonly EndedGrant[] | undefined): ReadonlyMap<string, EndedGrant> | undefined {
  if (list === undefined || list.length === 0) return undefined;
  return new Map(list.map((e) => [e.email, e]));
}

/** `tom@… has editor in Marketing, a grant that expired on 2027-01-31`: an ended row, for sentences. */
export function expiredRow(f: UnlistedFact<ScopeRoles>, has: string): string {
  return `${f.email} ${has} in ${f.scope}, a grant that expired on ${f.ended}`;
}

export const DEACTIVATED = 'not removed, as the user is deactivated (rolesync leaves deactivated users as they are)';

/** `viewer at roles/acme.yaml:12:7 via group colorists`: where the manifest gives the role. */
export function source(f: ListedFact<ScopeRoles>): string {
  return `${f.desired} at ${formatPos(f.pos)}${f.via ? ` via group ${f.via}` : ''}`;
}

/** The `protect` check of a scope below the account: a downgrade the owner, self or protected guard holds. */
export function heldDowngrade<R extends ScopeRoles>(): Check<ListedFact<R>> {
  return {
    check: 'protect',
    says: (f, guard) =>
      `${f.email} ${GUARD_REASON[guard]}; not downgraded in ${f.scope} from ${f.live} to ${source(f)}`,
  };
}

/** `Frame.io group "Post Team"`, `Frame.io groups "Post Team", "Okta"`: the groups a role comes through. */
export function groupsNamed(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`).join(', ');
  return `Frame.io ${names.length === 1 ? 'group' : 'groups'} ${quoted}`;
}

/**
 * The checks that keep an unlisted row of an authoritative workspace or project (`what` says what the
 * row is; `roles`: 'workspace roles' or 'project roles'): access from the account role, access through
 * a Frame.io group grant, a guard, an invited or a deactivated user.
 */
export function notRemoved<R extends ScopeRoles>(
  what: (f: UnlistedFact<R>) => string,
  roles: string,
): Check<UnlistedFact<R>>[] {
  return [
    { check: 'inherited', says: (f, from) => `${what(f)}; not removed, as the user ${inheritedReason(from, roles)}` },
    {
      check: 'through_group',
      says: (f, through) =>
        `${what(f)}; not removed, as the user gets ${through.role} through ${groupsNamed(through.via)} ` +
        'after this plan (access through a group is not a direct grant to remove)',
    },
    { check: 'protect', says: (f, guard) => `${what(f)}; not removed, as the user ${GUARD_REASON[guard]}` },
    {
      check: 'invited',
      says: (f) =>
        `${what(f)}; not removed, as the user is invited without a Frame.io account yet (possible once they accept)`,
    },
    { check: 'deactivated', says: (f) => `${what(f)}; ${DEACTIVATED}` },
  ];
}
