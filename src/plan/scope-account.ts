// The account scope: each user's account role (a table entry of SCOPES, scopes.ts).
import { formatPos } from '../errors.js';
import { accountRoleRank, SETTABLE_ACCOUNT_ROLES } from '../api/index.js';
import type { AccountRole, SettableAccountRole } from '../api/index.js';
import type { ResolvedAccount } from './resolved.js';
import type { ScopeSpec } from './scope.js';
import type { SetAccountRole } from './types.js';
import type { UnlistedFact } from './scope.js';
import { DEACTIVATED, endedByEmail, GUARD_REASON, grant } from './scope-words.js';

type AccountRoles = { live: AccountRole; written: AccountRole; desired: SettableAccountRole };
type AccountAt = { account_id: string };

/** `tom@… is an admin not listed …`, or whose admin grant ended. */
function unlistedAdmin(f: UnlistedFact<AccountRoles>): string {
  return f.ended
    ? `${f.email} is an admin whose admin grant expired on ${f.ended}`
    : `${f.email} is an admin not listed under account.users (mode: authoritative)`;
}

export const ACCOUNT_SCOPE: ScopeSpec<AccountRoles, AccountAt, ResolvedAccount, SetAccountRole> = {
  roles: SETTABLE_ACCOUNT_ROLES,
  rank: accountRoleRank,
  // Any account role may be a change's `from`; the owner and reviewers are held by checks.
  writable: (_role): _role is AccountRole => true,
  inputs: (account) => {
    // A listed user's row is the account user resolve bound them to.
    const desired = account.users.map((u) => grant<AccountRoles>(u, null, u.live));
    const rows = account.live.users;
    const ended = endedByEmail(account.desired.ended);
    const input = { at: { account_id: account.live.id }, name: '', mode: account.desired.mode, desired, rows };
    return [ended ? { ...input, ended } : input];
  },
  listed: [
    { check: 'unchanged' },
    {
      check: 'owner',
      says: (f) =>
        `${f.email} is the account owner; the owner's role is never changed ` +
        `(the manifest says ${f.desired} at ${formatPos(f.pos)})`,
    },
    {
      check: 'reviewer',
      says: (f) =>
        `${f.email} is a reviewer of the account (access through share links only); the API cannot change a ` +
        `reviewer's role, so the manifest's ${f.desired} at ${formatPos(f.pos)} is not set: ` +
        'make them a member in Frame.io first',
    },
    // Invited and deactivated users were noted by resolve; they cannot or should not be written.
    { check: 'not_writable' },
    {
      check: 'protect',
      says: (f, guard) =>
        `${f.email} ${GUARD_REASON[guard]}; not demoted from ${f.live} to ${f.desired} (${formatPos(f.pos)})`,
    },
  ],
  unlisted: {
    // Unlisted admins become members; members and the owner stay as they are.
    takes: (role) => role === 'admin',
    checks: [
      {
        check: 'protect',
        says: (f, guard) => `${unlistedAdmin(f)} but ${GUARD_REASON[guard]}; not demoted to member`,
      },
      {
        check: 'invited',
        says: (f) =>
          `${unlistedAdmin(f)} but is invited without a Frame.io account yet; cannot be demoted until they accept`,
      },
      { check: 'deactivated', says: (f) => `${unlistedAdmin(f)}; ${DEACTIVATED}` },
    ],
  },
  set: (at, who, from, to) => ({
    action: 'set_account_role',
    account_id: at.account_id,
    user_id: who.user_id,
    email: who.email,
    from,
    to,
  }),
  unset: (at, who, from) => ({
    action: 'set_account_role',
    account_id: at.account_id,
    user_id: who.user_id,
    email: who.email,
    from,
    to: 'member',
  }),
  writes: { set_account_role: 'account_role_patch' },
};
