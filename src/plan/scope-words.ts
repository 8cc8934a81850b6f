// The words and helpers every scope entry shares: why a guard holds, why access is inherited, and
// how a resolved manifest entry becomes a grant for the diff.
import { formatPos } from '../errors.js';
import type { SourcePos } from '../errors.js';
import type { LiveAccountUser } from '../live/types.js';
import type { DesiredGrant, Guard, Inherited, ListedFact, LiveRow, ScopeRoles } from './scope.js';
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

export const DEACTIVATED = 'not removed, as the user is deactivated (rolesync leaves deactivated users as they are)';

/** `viewer at roles/acme.yaml:12:7 via group colorists`: where the manifest gives the role. */
export function source(f: ListedFact<ScopeRoles>): string {
  return `${f.desired} at ${formatPos(f.pos)}${f.via ? ` via group ${f.via}` : ''}`;
}
