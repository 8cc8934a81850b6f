// Who may see and change what: resolving path ids to records and the caller's permission checks.
import { accountRoleRank, type AccountRole } from '../api/index.js';
import { HttpError } from './http-util.js';
import type { RouteParams } from './routes.js';
import type { AccountRecord, EmulatorState, GroupRecord, ProjectRecord, UserRecord, WorkspaceRecord } from './state.js';

export interface Ctx {
  state: EmulatorState;
  caller: UserRecord;
  params: RouteParams;
  query: URLSearchParams;
  /** Decoded path, the key a cursor is bound to. */
  path: string;
  /** The path as sent, the base of `links.next`. */
  rawPath: string;
  body: unknown;
  /** Set when the body was present but not JSON. */
  bodyError?: HttpError;
}

export interface Result {
  status: number;
  body?: unknown;
}

/**
 * The account of the path, readable by the caller. An account the caller has no role in answers
 * 404 like an unknown one (its existence is not disclosed); a reviewer gets 403.
 */
export function readableAccount(ctx: Ctx): { account: AccountRecord; callerRole: AccountRole | null } {
  const account = ctx.state.account(ctx.params.accountId ?? '');
  const callerRole = account ? ctx.state.accountRole(account, ctx.caller.email) : null;
  if (!account?.roles.has(ctx.caller.email)) throw new HttpError(404, 'Account not found');
  // Members and above may read; a reviewer's access is through share links only.
  if (accountRoleRank(callerRole) < accountRoleRank('member')) {
    throw new HttpError(403, 'Reviewers cannot read this account through the API');
  }
  return { account, callerRole };
}

/** The account of the path, where the caller must be an admin or the owner to change roles. */
export function writableAccount(ctx: Ctx): AccountRecord {
  const { account, callerRole } = readableAccount(ctx);
  if (accountRoleRank(callerRole) < accountRoleRank('admin')) {
    throw new HttpError(403, 'Only account admins and the owner can change roles');
  }
  return account;
}

export function workspaceOf(ctx: Ctx, account: AccountRecord): WorkspaceRecord {
  const ws = account.workspaces.get((ctx.params.workspaceId ?? '').toLowerCase());
  if (!ws) throw new HttpError(404, 'Workspace not found');
  return ws;
}

/** The project of the path in this account; an unknown or deleted project answers 404. */
export function projectOf(ctx: Ctx, account: AccountRecord): ProjectRecord {
  const project = ctx.state.project(account, ctx.params.projectId ?? '');
  if (!project) throw new HttpError(404, 'Project not found');
  return project;
}

/**
 * The user of the path, who may be given a role in a workspace or project: an active member of the
 * account (admins and the owner have that access from the account role; reviewers need to be members).
 */
export function grantableUser(ctx: Ctx, account: AccountRecord, scope: 'workspace' | 'project'): UserRecord {
  const user = targetUser(ctx);
  if (!account.roles.has(user.email))
    throw new HttpError(422, 'The user is not a user of this account; add them to the account first');
  const accountRole = ctx.state.accountRole(account, user.email);
  if (accountRole === 'owner' || accountRole === 'admin') {
    throw new HttpError(
      409,
      `The user is the account ${accountRole}: their ${scope} access comes from the account role and cannot be ` +
        `set per ${scope}`,
    );
  }
  if (accountRole === 'reviewer')
    throw new HttpError(422, 'The user is a reviewer of the account; make them a member first');
  if (user.active === false) throw new HttpError(422, 'The user is deactivated');
  return user;
}

export function targetUser(ctx: Ctx): UserRecord {
  const user = ctx.state.userById(ctx.params.userId ?? '');
  if (!user) throw new HttpError(404, 'User not found');
  return user;
}

/**
 * The `data` object of a `{"data":{...}}` body, with additionalProperties false at both levels:
 * `shape` names the expected body in messages, `keys` the fields `data` may hold.
 */
export function dataFromBody(ctx: Ctx, shape: string, keys: readonly string[]): Record<string, unknown> {
  if (ctx.bodyError) throw ctx.bodyError;
  const body = ctx.body;
  if (body === undefined) throw new HttpError(400, `Missing request body: expected ${shape}`, '/data');
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(422, `The body must be an object ${shape}`, '');
  for (const key of Object.keys(body))
    if (key !== 'data') throw new HttpError(422, `Unexpected field: ${key}`, `/${key}`);
  const data = (body as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new HttpError(422, 'Missing field: data', '/data');
  for (const key of Object.keys(data))
    if (!keys.includes(key)) throw new HttpError(422, `Unexpected field: ${key}`, `/data/${key}`);
  return data as Record<string, unknown>;
}

/** Checks a `{"data":{"role":...}}` body (additionalProperties false at both levels). */
export function roleFromBody(ctx: Ctx, allowed: readonly string[]): string {
  const { role } = dataFromBody(ctx, '{"data":{"role":...}}', ['role']);
  if (role === undefined) throw new HttpError(422, 'Missing field: role', '/data/role');
  if (typeof role !== 'string' || !allowed.includes(role)) {
    throw new HttpError(
      422,
      `Invalid value ${JSON.stringify(role)}: role must be one of ${allowed.join(', ')}`,
      '/data/role',
    );
  }
  return role;
}

/** The group of the path in this account; an unknown or deleted group answers 404. */
export function groupOf(ctx: Ctx, account: AccountRecord): GroupRecord {
  const group = ctx.state.group(account, ctx.params.groupId ?? '');
  if (!group) throw new HttpError(404, 'Group not found');
  return group;
}
