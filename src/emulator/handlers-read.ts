// The read operations: me, accounts, workspaces, and the account/workspace user-role listings (the
// project ones are in handlers-projects.ts).
import { HttpError } from './http-util.js';
import { readableAccount, workspaceOf, type Ctx, type Result } from './access.js';
import { pageOf, parseListQuery, sortRows, type Keyed } from './paging.js';
import { accountJson, profileJson, userJson, workspaceJson, type UserJson } from './present.js';
import type { AccountRecord, UserRecord } from './state.js';

const USER_SORTS = ['role_asc', 'role_desc', 'name_asc', 'name_desc', 'email_asc', 'email_desc'] as const;
const WORKSPACE_SORTS = ['name_asc', 'created_at_asc', 'name_desc', 'created_at_desc'] as const;
const ACCOUNT_SORTS = ['display_name_asc', 'created_at_asc', 'display_name_desc', 'created_at_desc'] as const;

export function me(ctx: Ctx): Result {
  return { status: 200, body: { data: profileJson(ctx.caller) } };
}

export function accountsIndex(ctx: Ctx): Result {
  // Sorting a handful of accounts per call is cheap; no snapshot needed.
  const q = parseListQuery(ctx.query, ctx.path, { sorts: ACCOUNT_SORTS, defaultSort: 'display_name_asc' });
  const rows: Keyed<Record<string, unknown>>[] = [];
  for (const a of ctx.state.accounts.values()) {
    const role = ctx.state.accountRole(a, ctx.caller.email);
    if (role !== 'owner' && role !== 'admin' && role !== 'member') continue;
    const key = q.sort.startsWith('created_at') ? [a.createdAt, a.id] : [a.displayName.toLowerCase(), a.id];
    rows.push({ key, item: accountJson(a, role) });
  }
  return { status: 200, body: pageOf(sortRows(rows, q.sort), q, ctx.path, ctx.rawPath) };
}

function creatorOf(ctx: Ctx, account: AccountRecord): UserRecord | undefined {
  const include = ctx.query.get('include');
  if (include === null) return undefined;
  if (include !== 'creator') throw new HttpError(422, `include must be creator, not ${JSON.stringify(include)}`);
  // The emulator has no creators on record: the owner stands in.
  for (const [email, role] of account.roles) if (role === 'owner') return ctx.state.users.get(email);
  return undefined;
}

export function workspacesIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const q = parseListQuery(ctx.query, ctx.path, { sorts: WORKSPACE_SORTS, defaultSort: 'name_asc' });
  const creator = creatorOf(ctx, account);
  const rows = [...account.workspaces.values()].map((w) => ({
    key: q.sort.startsWith('created_at') ? [w.createdAt, w.id] : [w.name.toLowerCase(), w.id],
    item: workspaceJson(w, creator),
  }));
  return { status: 200, body: pageOf(sortRows(rows, q.sort), q, ctx.path, ctx.rawPath) };
}

export function workspacesShow(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const ws = workspaceOf(ctx, account);
  return { status: 200, body: { data: workspaceJson(ws, creatorOf(ctx, account)) } };
}

interface RoleRow {
  role: string | null;
  user: UserJson;
}

function userKey(sort: string, user: UserRecord, role: string | null): string[] {
  if (sort.startsWith('name')) return [(user.name ?? '').toLowerCase(), user.email];
  if (sort.startsWith('role')) return [role ?? '', user.email];
  return [user.email];
}

/**
 * One page of a user-role listing. `members` runs only when the owner's snapshot is stale; it gives
 * email -> the role the listing shows.
 */
export function listUsers(
  ctx: Ctx,
  owner: Parameters<Ctx['state']['snapshot']>[0],
  members: () => Iterable<[string, string | null]>,
): Result {
  const q = parseListQuery(ctx.query, ctx.path, { sorts: USER_SORTS, defaultSort: 'email_asc' });
  const rows = ctx.state.snapshot<Keyed<RoleRow>>(owner, `${q.sort}|${q.includeDeactivated}`, () => {
    const out: Keyed<RoleRow>[] = [];
    for (const [email, role] of members()) {
      const user = ctx.state.users.get(email);
      if (!user || (user.active === false && !q.includeDeactivated)) continue;
      out.push({ key: userKey(q.sort, user, role), item: { role, user: userJson(user) } });
    }
    return sortRows(out, q.sort);
  });
  return { status: 200, body: pageOf(rows, q, ctx.path, ctx.rawPath) };
}

export function accountUsersIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  return listUsers(ctx, account, () => account.roles);
}

export function workspaceUsersIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const ws = workspaceOf(ctx, account);
  return listUsers(ctx, ws, () => ws.members);
}
