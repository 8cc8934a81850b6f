// The workspace scope: each user's role in each listed workspace (a table entry of SCOPES, scopes.ts).
import { WORKSPACE_ROLES, workspaceRoleRank } from '../api/index.js';
import type { WorkspaceListRole, WorkspaceRole } from '../api/index.js';
import type { GroupAccess } from './group-access.js';
import { endedGroupIds, liveGroupIds } from './scope-group-grants.js';
import type { ResolvedAccount } from './resolved.js';
import { userIndex } from './scope.js';
import type { ScopeSpec, UnlistedFact } from './scope.js';
import type { RemoveWorkspaceUser, SetWorkspaceRole } from './types.js';
import { endedByEmail, expiredRow, grant, heldDowngrade, inheritedReason, notRemoved, source } from './scope-words.js';

type WorkspaceRoles = { live: WorkspaceListRole; written: WorkspaceRole; desired: WorkspaceRole };
type WorkspaceAt = { account_id: string; workspace_id: string; workspace_name: string };

/** `admin` and `owner` rows in a workspace listing stand for account admins and the owner. */
export function isAccountRow(role: WorkspaceListRole): role is 'admin' | 'owner' {
  return role === 'admin' || role === 'owner';
}

function unlistedMember(f: UnlistedFact<WorkspaceRoles>): string {
  if (f.ended) return expiredRow(f, `is ${f.live}`);
  return `${f.email} is in ${f.scope} as ${f.live} but not in the manifest (mode: authoritative)`;
}

type WorkspaceChange = SetWorkspaceRole | RemoveWorkspaceUser;

/** The account's workspaces as their diff reads them: with what Frame.io groups give after this plan. */
export interface Workspaces {
  account: ResolvedAccount;
  groups: GroupAccess;
}

export const WORKSPACE_SCOPE: ScopeSpec<WorkspaceRoles, WorkspaceAt, Workspaces, WorkspaceChange> = {
  roles: WORKSPACE_ROLES,
  rank: workspaceRoleRank,
  writable: (role): role is WorkspaceRole => !isAccountRow(role),
  inputs: ({ account, groups }) =>
    account.workspaces.map((ws) => {
      // The row of the very user resolve chose for the entry's email (by id; see userIndex).
      const rowOf = userIndex(ws.live.members);
      const desired = ws.users.map((u) => grant<WorkspaceRoles>(u, u.via, rowOf(u.live.user)));
      const at = { account_id: account.live.id, workspace_id: ws.live.id, workspace_name: ws.live.name };
      const ended = endedByEmail(ws.desired.ended);
      const input = {
        at,
        name: ws.live.name,
        mode: ws.desired.mode,
        desired,
        rows: ws.live.members,
        ...(ended ? { ended } : {}),
      };
      const endedGrants = endedGroupIds(ws.desired.endedGroupGrants, liveGroupIds(account));
      const grantsAfter = groups.grantsAfter(ws.groupGrants, ws.live.groupGrants, endedGrants);
      return grantsAfter.length === 0 ? input : { ...input, throughGroup: (user) => groups.through(grantsAfter, user) };
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
        `${f.email} ${inheritedReason(from, 'workspace roles')}: ` +
        `their access to ${f.scope} comes from the account role, ` +
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
    heldDowngrade(),
  ],
  unlisted: {
    takes: () => true,
    checks: [
      {
        check: 'account_row',
        says: (f) => `${unlistedMember(f)}; account admins and the owner are never removed from workspaces`,
      },
      ...notRemoved(unlistedMember, 'workspace roles'),
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
