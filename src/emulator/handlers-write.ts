// The write operations rolesync sends: account-role PATCH, workspace-role PATCH (upsert), DELETE.
// Frame.io lists 409 and 422 on these calls without saying when; the emulator's best guesses: 409 for
// what the API cannot change (the owner, account admins in a workspace), 422 for an ineligible target.
import { SETTABLE_ACCOUNT_ROLES, WORKSPACE_ROLES, type AccountRole, type WorkspaceRole } from '../api/index.js';
import { HttpError } from './http-util.js';
import {
  grantableUser,
  roleFromBody,
  targetUser,
  workspaceOf,
  writableAccount,
  type Ctx,
  type Result,
} from './access.js';

export function updateAccountRole(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const role = roleFromBody(ctx, SETTABLE_ACCOUNT_ROLES) as AccountRole;
  const user = targetUser(ctx);
  if (!account.roles.has(user.email)) throw new HttpError(404, 'User not found in this account');
  const current = ctx.state.accountRole(account, user.email);
  if (current === 'owner') throw new HttpError(409, "The account owner's role cannot be changed");
  if (current === 'reviewer') {
    throw new HttpError(
      422,
      'The user is a reviewer (access through share links only); reviewers cannot be given an account role ' +
        'through the API',
      '/data/role',
    );
  }
  if (current !== role) ctx.state.setAccountRole(account, user.email, role);
  return { status: 200, body: { data: { role } } };
}

export function updateWorkspaceRole(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const ws = workspaceOf(ctx, account);
  const role = roleFromBody(ctx, WORKSPACE_ROLES) as WorkspaceRole;
  const user = grantableUser(ctx, account, 'workspace');
  if (ws.members.get(user.email) !== role) ctx.state.setWorkspaceRole(ws, user.email, role);
  return { status: 200, body: { data: { role } } };
}

export function deleteWorkspaceUser(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const ws = workspaceOf(ctx, account);
  const user = targetUser(ctx);
  const row = ws.members.get(user.email);
  if (row === undefined) throw new HttpError(404, 'The user is not a member of this workspace');
  if (row === 'admin' || row === 'owner') {
    throw new HttpError(
      409,
      `The user is listed as account ${row}: their workspace access comes from the account role and cannot be ` +
        'removed per workspace',
    );
  }
  ctx.state.setWorkspaceRole(ws, user.email, null);
  return { status: 204 };
}
