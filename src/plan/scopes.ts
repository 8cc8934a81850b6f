// The scopes rolesync manages, one table entry each: roles and rank, the checks each grant goes
// through and in which order, the sentence of each note, the changes written and what they cost.
// A new scope (a project, a Frame.io group's members or grants) is a new entry; `diffScope` is
// not edited for it.
import { formatPos } from '../errors.js';
import type { SourcePos } from '../errors.js';
import type { LiveAccountUser } from '../live/types.js';
import { accountRoleRank, SETTABLE_ACCOUNT_ROLES, WORKSPACE_ROLES, workspaceRoleRank } from '../api/index.js';
import type { AccountRole, SettableAccountRole, WorkspaceListRole, WorkspaceRole, WriteClass } from '../api/index.js';
import type { ResolvedAccount } from './resolved.js';
import { userIndex } from './scope.js';
import type {
  DesiredGrant,
  Guard,
  Inherited,
  ListedFact,
  LiveRow,
  ScopeRoles,
  ScopeSpec,
  UnlistedFact,
} from './scope.js';
import type { Action, RemoveWorkspaceUser, SetAccountRole, SetWorkspaceRole } from './types.js';

/** Why a guard holds a lowering back, as a sentence goes on after the email. */
const GUARD_REASON: Record<Guard, string> = {
  owner_untouchable: 'is the account owner',
  self_untouchable: "is the token's own user",
  protected: 'is protected by policy.protected',
};

/** Why a user's access to a workspace comes from the account role. */
const INHERITED_REASON: Record<Inherited, string> = {
  owner: 'is the account owner',
  admin_until_demoted:
    'is an account admin until this plan demotes them; plan again after the apply to set their workspace roles',
  admin: 'is an account admin',
  becomes_admin: 'becomes an account admin in this plan',
};

/** A resolved manifest entry as the diff reads it: its role, where it was written, and the live row. */
function grant<R extends ScopeRoles>(
  u: { email: string; role: R['desired']; pos: SourcePos; live: LiveAccountUser },
  via: string | null,
  row: LiveRow<R> | undefined,
): DesiredGrant<R> {
  return { email: u.email, role: u.role, pos: u.pos, via, user: u.live, row };
}

const DEACTIVATED = 'not removed, as the user is deactivated (rolesync leaves deactivated users as they are)';

// ---- the account: each user's account role ----

type AccountRoles = { live: AccountRole; written: AccountRole; desired: SettableAccountRole };
type AccountAt = { account_id: string };

const UNLISTED_ADMIN = 'is an admin not listed under account.users (mode: authoritative)';

export const ACCOUNT_SCOPE: ScopeSpec<AccountRoles, AccountAt, ResolvedAccount, SetAccountRole> = {
  roles: SETTABLE_ACCOUNT_ROLES,
  rank: accountRoleRank,
  // Any account role may be a change's `from`; the owner and reviewers are held by checks.
  writable: (_role): _role is AccountRole => true,
  inputs: (account) => {
    // A listed user's row is the account user resolve bound them to.
    const desired = account.users.map((u) => grant<AccountRoles>(u, null, u.live));
    const rows = account.live.users;
    return [{ at: { account_id: account.live.id }, name: '', mode: account.desired.mode, desired, rows }];
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
        says: (f, guard) => `${f.email} ${UNLISTED_ADMIN} but ${GUARD_REASON[guard]}; not demoted to member`,
      },
      {
        check: 'invited',
        says: (f) =>
          `${f.email} ${UNLISTED_ADMIN} but is invited without a Frame.io account yet; cannot be demoted until ` +
          'they accept',
      },
      { check: 'deactivated', says: (f) => `${f.email} ${UNLISTED_ADMIN}; ${DEACTIVATED}` },
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

// ---- a workspace: each member's role in it ----

type WorkspaceRoles = { live: WorkspaceListRole; written: WorkspaceRole; desired: WorkspaceRole };
type WorkspaceAt = { account_id: string; workspace_id: string; workspace_name: string };

/** `admin` and `owner` rows in a workspace listing stand for account admins and the owner. */
export function isAccountRow(role: WorkspaceListRole): role is 'admin' | 'owner' {
  return role === 'admin' || role === 'owner';
}

/** `viewer at roles/acme.yaml:12:7 via group colorists`: where the manifest gives the role. */
function source(f: ListedFact<WorkspaceRoles>): string {
  return `${f.desired} at ${formatPos(f.pos)}${f.via ? ` via group ${f.via}` : ''}`;
}

function unlistedMember(f: UnlistedFact<WorkspaceRoles>): string {
  return `${f.email} is in ${f.scope} as ${f.live} but not in the manifest (mode: authoritative)`;
}

type WorkspaceChange = SetWorkspaceRole | RemoveWorkspaceUser;

export const WORKSPACE_SCOPE: ScopeSpec<WorkspaceRoles, WorkspaceAt, ResolvedAccount, WorkspaceChange> = {
  roles: WORKSPACE_ROLES,
  rank: workspaceRoleRank,
  writable: (role): role is WorkspaceRole => !isAccountRow(role),
  inputs: (account) =>
    account.workspaces.map((ws) => {
      // The row of the very user resolve chose for the entry's email (by id; see userIndex).
      const rowOf = userIndex(ws.live.members);
      const desired = ws.users.map((u) => grant<WorkspaceRoles>(u, u.via, rowOf(u.live.user)));
      const at = { account_id: account.live.id, workspace_id: ws.live.id, workspace_name: ws.live.name };
      return { at, name: ws.live.name, mode: ws.desired.mode, desired, rows: ws.live.members };
    }),
  listed: [
    {
      check: 'account_row',
      says: (f) =>
        `${f.email} is listed in ${f.scope} as ${f.live}: their access comes from the account role, ` +
        `so the manifest's ${source(f)} is not set`,
    },
    {
      check: 'inherited',
      says: (f, from) =>
        `${f.email} ${INHERITED_REASON[from]}: their access to ${f.scope} comes from the account role, ` +
        `so the manifest's ${source(f)} is not set`,
    },
    { check: 'not_writable' },
    { check: 'unchanged' },
    {
      check: 'reviewer',
      says: (f) =>
        `${f.email} is a reviewer of the account (access through share links only); workspace roles need a member, ` +
        `so the manifest's ${source(f)} is not set: make them a member in Frame.io first`,
    },
    {
      check: 'protect',
      says: (f, guard) =>
        `${f.email} ${GUARD_REASON[guard]}; not downgraded in ${f.scope} from ${f.live} to ${source(f)}`,
    },
  ],
  unlisted: {
    takes: () => true,
    checks: [
      {
        check: 'account_row',
        says: (f) => `${unlistedMember(f)}; account admins and the owner are never removed from workspaces`,
      },
      {
        check: 'inherited',
        says: (f, from) => `${unlistedMember(f)}; not removed, as the user ${INHERITED_REASON[from]}`,
      },
      { check: 'protect', says: (f, guard) => `${unlistedMember(f)}; not removed, as the user ${GUARD_REASON[guard]}` },
      {
        check: 'invited',
        says: (f) =>
          `${unlistedMember(f)}; not removed, as the user is invited without a Frame.io account yet ` +
          '(possible once they accept)',
      },
      { check: 'deactivated', says: (f) => `${unlistedMember(f)}; ${DEACTIVATED}` },
    ],
  },
  set: (at, who, from, to) => ({
    action: 'set_workspace_role',
    ...at,
    user_id: who.user_id,
    email: who.email,
    from,
    to,
  }),
  unset: (at, who, from) => ({
    action: 'remove_workspace_user',
    ...at,
    user_id: who.user_id,
    email: who.email,
    from,
    to: null,
  }),
  writes: { set_workspace_role: 'workspace_role_patch', remove_workspace_user: 'workspace_user_delete' },
};

/** Every scope kind, parents before the scopes below them. */
export const SCOPES = { account: ACCOUNT_SCOPE, workspace: WORKSPACE_SCOPE } as const;
export type ScopeKind = keyof typeof SCOPES;

/**
 * The endpoint class each change action writes through, gathered from the table: the one change ->
 * write mapping (the estimate, progress and apply read it). A scope that leaves an action out fails
 * to compile here.
 */
export const WRITE_CLASS_OF: Readonly<Record<Action, WriteClass>> = {
  ...ACCOUNT_SCOPE.writes,
  ...WORKSPACE_SCOPE.writes,
  // The project writes, until the project scope's entry gives them (the planner's part of issue 12).
  set_project_role: 'project_role_patch',
  remove_project_user: 'project_user_delete',
  set_project_restricted: 'project_update',
};
