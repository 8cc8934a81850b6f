// Which live user an email in the exported manifest means, shared by every list export writes
// (account users, workspace members, project grants, Frame.io group members): the user resolve
// picks, and the words for the other users with the same address.
import type { LiveAccountUser, LiveUser } from '../live/types.js';

// The manifest schema's email pattern: a live address it rejects cannot be a key.
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What a manifest key for an email would mean: the user resolve picks (plan/resolve.ts), or none when
 * two active users share it. The other users with the email become comments, never keys.
 */
export interface EmailOwners {
  chosen: Map<string, LiveAccountUser>;
  /** Lower-cased email -> the active users that share it (2 or more). */
  ambiguous: Map<string, LiveAccountUser[]>;
}

export function twinRemark(u: LiveAccountUser, email: string, owners: EmailOwners): string {
  const spelled = u.user.email === email ? '' : `, spelled ${u.user.email}`;
  const others = owners.ambiguous.get(email);
  if (others) {
    const ids = others.map((o) => o.user.id).join(', ');
    return (
      `one of ${others.length} active users with this email (${ids}${spelled}): ` +
      'rolesync cannot tell them apart; deactivate the extra one in Frame.io'
    );
  }
  const state = u.user.id === null ? 'invited' : u.user.active === false ? 'deactivated' : 'active';
  const chosen = owners.chosen.get(email)?.user.id ?? 'the invitation';
  return (
    `another user with this email (${u.user.id ?? 'no id'}, ${state}${spelled}): ` +
    `left as it is; in the manifest the email means ${chosen}`
  );
}

export function isTwin(u: LiveUser, email: string, owners: EmailOwners): boolean {
  if (owners.ambiguous.has(email)) return true;
  const chosen = owners.chosen.get(email);
  return chosen !== undefined && (chosen.user.id !== u.id || (u.id === null && chosen.user.email !== u.email));
}
