// The group operations: the account's groups (stable: list, show, create) and their members
// (experimental). Where the reference is silent the emulator's choice is marked [I] and says why.
import { MAX_GROUP_USER_IDS } from '../api/index.js';
import { HttpError, errorBody } from './http-util.js';
import {
  dataFromBody,
  groupOf,
  readableAccount,
  targetUser,
  writableAccount,
  type Ctx,
  type Result,
} from './access.js';
import { pageOf, parseListQuery, sortRows, type Keyed } from './paging.js';
import { groupJson, userJson, type UserJson } from './present.js';
import type { AccountRecord, GroupRecord, UserRecord } from './state.js';

const GROUP_SORTS = ['creator_asc', 'creator_desc', 'name_asc', 'name_desc', 'created_at_asc', 'created_at_desc'];
const MEMBER_SORTS = ['name_asc', 'name_desc', 'email_asc', 'email_desc'];

/** `include=creator`: whether to add each group's creator (the only include the document lists). */
function includesCreator(ctx: Ctx): boolean {
  const include = ctx.query.get('include');
  if (include === null) return false;
  if (include !== 'creator') throw new HttpError(422, `include must be creator, not ${JSON.stringify(include)}`);
  return true;
}

function creatorOf(ctx: Ctx, group: GroupRecord): UserRecord | undefined {
  return group.creatorId === null ? undefined : ctx.state.userById(group.creatorId);
}

export function groupsIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  // The document gives no default order [U]: by name, as the other listings of the emulator.
  const q = parseListQuery(ctx.query, ctx.path, { sorts: GROUP_SORTS, defaultSort: 'name_asc' });
  const withCreator = includesCreator(ctx);
  // An account holds few groups: sorted per call, no snapshot to keep in step with renames and members.
  const rows = [...account.groups.values()].map((g) => {
    const creator = creatorOf(ctx, g);
    let key: string[];
    if (q.sort.startsWith('created_at')) key = [g.createdAt, g.id];
    else if (q.sort.startsWith('creator')) key = [(creator?.name ?? '').toLowerCase(), g.id];
    else key = [g.name.toLowerCase(), g.id];
    return { key, item: groupJson(g, { creator: withCreator ? creator : undefined }) };
  });
  return { status: 200, body: pageOf(sortRows(rows, q.sort), q, ctx.path, ctx.rawPath) };
}

export function groupsShow(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const group = groupOf(ctx, account);
  const withCreator = includesCreator(ctx);
  return {
    status: 200,
    body: { data: groupJson(group, { creator: withCreator ? creatorOf(ctx, group) : undefined }) },
  };
}

const CREATE_SHAPE = '{"data":{"name", "emoji"}}';

function text255(value: unknown, field: string): string {
  if (value === undefined) throw new HttpError(422, `Missing field: ${field}`, `/data/${field}`);
  if (typeof value !== 'string' || value.length < 1 || value.length > 255)
    throw new HttpError(422, `Invalid value: ${field} must be a string of 1 to 255 characters`, `/data/${field}`);
  return value;
}

/**
 * `CreateGroupParams`: name and emoji required, additionalProperties false at both levels; 201
 * `{"data": GroupCommon}`. A created group is a Frame group [I] (no call creates a synced one), made
 * by the caller. Names are not checked for uniqueness: the reference does not say they are unique [U].
 */
export function createGroup(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const data = dataFromBody(ctx, CREATE_SHAPE, ['name', 'emoji']);
  const name = text255(data.name, 'name');
  const emoji = text255(data.emoji, 'emoji');
  const group = ctx.state.createGroup(account, { name, emoji, source: 'frame', creatorId: ctx.caller.id });
  return { status: 201, body: { data: groupJson(group) } };
}

/**
 * A synced group's membership is kept where it comes from: the API changes members of Frame groups
 * only. Answered 409 [I] (the reference lists 409 and 422 without saying when; the emulator answers
 * 409 for what the API cannot change, as for the account owner).
 */
function refuseSynced(group: GroupRecord): void {
  if (group.source === 'frame') return;
  const from = group.source === 'adobe' ? 'the Adobe Admin Console' : 'Workfront';
  throw new HttpError(
    409,
    `The group ${group.name} is synced from ${from} (source ${group.source}): its members are managed there and ` +
      'cannot be changed through the API',
  );
}

/**
 * "List group users": User objects (not role rows), sorts by name or email [C]. Deactivated members
 * are listed too, with `active: false` [I] (no include_deactivated is documented). `links.next`
 * ends in `/members` as in the reference's example answer [C], and that path lists the same users.
 */
export function groupUsersIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const group = groupOf(ctx, account);
  // Cursors belong to the listing, whichever of its two paths a page was asked at.
  const listPath = ctx.path.replace(/\/members$/, '/users');
  const linkPath = ctx.rawPath.replace(/\/+$/, '').replace(/\/(users|members)$/, '/members');
  const q = parseListQuery(ctx.query, listPath, { sorts: MEMBER_SORTS, defaultSort: 'email_asc' });
  const rows: Keyed<UserJson>[] = [];
  for (const email of group.members) {
    const user = ctx.state.users.get(email);
    if (!user) continue;
    const key = q.sort.startsWith('name') ? [(user.name ?? '').toLowerCase(), user.email] : [user.email];
    rows.push({ key, item: userJson(user) });
  }
  return { status: 200, body: pageOf(sortRows(rows, q.sort), q, listPath, linkPath) };
}

/** Why `id` cannot join a group of `account`, or undefined when it can. */
function refusal(ctx: Ctx, account: AccountRecord, id: unknown): string | undefined {
  if (typeof id !== 'string') return `${JSON.stringify(id)} is not a user id`;
  const user = ctx.state.userById(id);
  if (!user || !account.roles.has(user.email)) return `User ${id} is not a user of this account`;
  const role = ctx.state.accountRole(account, user.email);
  // As for workspace grants: a reviewer's access is through share links only.
  if (role === 'reviewer') return `User ${id} is a reviewer of the account; make them a member first`;
  if (user.active === false) return `User ${id} is deactivated`;
  return undefined;
}

/**
 * "Add users to group": `{"data":{"user_ids":[...]}}`, idempotent for members, and "if any user is
 * invalid, the request is rejected" [C]: one 422 [I] naming every refused id (an error each, pointed
 * at its place in the list), and nobody added. At most MAX_GROUP_USER_IDS ids [I]. 204.
 */
export function addGroupUsers(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const group = groupOf(ctx, account);
  refuseSynced(group);
  const ids = dataFromBody(ctx, '{"data":{"user_ids":[...]}}', ['user_ids']).user_ids;
  if (ids === undefined) throw new HttpError(422, 'Missing field: user_ids', '/data/user_ids');
  if (!Array.isArray(ids) || ids.length === 0)
    throw new HttpError(422, 'Invalid value: user_ids must be a non-empty list of user ids', '/data/user_ids');
  if (ids.length > MAX_GROUP_USER_IDS)
    throw new HttpError(
      422,
      `Invalid value: user_ids holds ${ids.length} ids; at most ${MAX_GROUP_USER_IDS} per call`,
      '/data/user_ids',
    );
  const errors = ids.flatMap((id, i) => {
    const why = refusal(ctx, account, id);
    return why === undefined ? [] : errorBody(422, why, `/data/user_ids/${i}`).errors;
  });
  if (errors.length > 0) return { status: 422, body: { errors } };
  for (const id of ids as string[]) ctx.state.setGroupMember(account, group, ctx.state.userById(id)!.email, true);
  return { status: 204 };
}

/** "Remove a user from a group": 204; 404 when the user is not a member [I]; refused on a synced group. */
export function removeGroupUser(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const group = groupOf(ctx, account);
  refuseSynced(group);
  const user = targetUser(ctx);
  if (!ctx.state.setGroupMember(account, group, user.email, false))
    throw new HttpError(404, 'The user is not a member of this group');
  return { status: 204 };
}
