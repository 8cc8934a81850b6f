// Whether the token's user may change roles in an account (an account admin or the owner), judged
// from the account's user list and `GET /v4/me` before anything long is read or written.
import { RolesyncError } from '../errors.js';
import type { LiveAccountUser, LiveState } from '../live/types.js';
import { normalizeEmail } from '../compare.js';
import { scopeLabel } from '../names.js';

/**
 * What a command needs of its token: `write` (plan, apply) stops when the token cannot change roles,
 * `read` (drift, export) warns and goes on.
 */
export type TokenAccess = 'write' | 'read';

/** One account in which the token's user holds a role that cannot change roles. */
export interface TokenRoleShortfall {
  account: string;
  email: string;
  role: 'member' | 'reviewer';
}

/**
 * The token user's shortfall in one account, if any. A user the list does not show (or shows
 * with no role) is left to the API to judge: rolesync cannot tell, so it does not stop.
 */
export function tokenRoleShortfall(
  self: LiveState['self'],
  account: { id: string; displayName: string | null },
  users: LiveAccountUser[],
): TokenRoleShortfall | undefined {
  const email = normalizeEmail(self.email);
  const row = users.find((u) => u.user.id === self.id) ?? users.find((u) => normalizeEmail(u.user.email) === email);
  if (row?.role !== 'member' && row?.role !== 'reviewer') return undefined;
  return { account: scopeLabel(account.id, account.displayName), email: self.email, role: row.role };
}

function actsAs(s: TokenRoleShortfall): string {
  return `the token acts as ${s.email}, a ${s.role} of account ${s.account}`;
}

/** The error of a command that would write: names every account, and what token to use. */
export function tokenRoleError(shortfalls: TokenRoleShortfall[]): RolesyncError {
  const lines = shortfalls.map((s) => `${actsAs(s)}: changing roles needs an account admin (or the owner).`);
  return new RolesyncError('CONFIG', `${lines.join('\n')}\nUse an admin's token.`);
}

/** The warning of a read-only command: what it read is right, but apply would be refused. */
export function tokenRoleWarning(s: TokenRoleShortfall): string {
  return `${actsAs(s)}: it can read roles but not change them; apply needs an account admin's (or the owner's) token`;
}

/** Stops (`write`) or warns (`read`) for the accounts where the token cannot change roles. */
export function checkTokenRole(
  self: LiveState['self'],
  accounts: { id: string; displayName: string | null; users: LiveAccountUser[] }[],
  access: TokenAccess,
  warn: (message: string) => void = () => undefined,
): void {
  const shortfalls = accounts.flatMap((a) => tokenRoleShortfall(self, a, a.users) ?? []);
  if (shortfalls.length === 0) return;
  if (access === 'write') throw tokenRoleError(shortfalls);
  for (const s of shortfalls) warn(tokenRoleWarning(s));
}
