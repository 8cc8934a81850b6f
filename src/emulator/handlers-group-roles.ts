// The group grants on workspaces and projects (experimental): list, assign or update (an upsert),
// remove. A grant gives every member of the group that role; members' direct roles stay as they are.
import { GROUP_ROLES, type GroupRole } from '../api/index.js';
import { HttpError } from './http-util.js';
import {
  dataFromBody,
  groupOf,
  projectOf,
  readableAccount,
  roleFromBody,
  workspaceOf,
  writableAccount,
  type Ctx,
  type Result,
} from './access.js';
import { pageOf, parseListQuery, sortRows } from './paging.js';
import { groupJson } from './present.js';
import type { AccountRecord, ProjectRecord, WorkspaceRecord } from './state.js';

const GRANT_SORTS = ['name_asc', 'name_desc', 'created_at_asc', 'created_at_desc', 'role_asc', 'role_desc'];

/**
 * "The access groups assigned to a workspace, along with each group's role" [C]; the item's fields
 * are not documented [U]. The emulator's assumption: `{"group": <the group as groups.show gives it>,
 * "role": "editor"}`, like the users' `{user, role}` rows. `created_at` sorts by the group's own date
 * (the emulator keeps no date of assignment).
 */
function listGrants(ctx: Ctx, account: AccountRecord, scope: WorkspaceRecord | ProjectRecord): Result {
  const q = parseListQuery(ctx.query, ctx.path, { sorts: GRANT_SORTS, defaultSort: 'name_asc' });
  const rows = [...scope.groupGrants].flatMap(([groupId, role]) => {
    const group = account.groups.get(groupId);
    if (!group) return [];
    let key: string[];
    if (q.sort.startsWith('created_at')) key = [group.createdAt, group.id];
    else if (q.sort.startsWith('role')) key = [role, group.name.toLowerCase(), group.id];
    else key = [group.name.toLowerCase(), group.id];
    return [{ key, item: { group: groupJson(group, { creator: undefined }), role } }];
  });
  return { status: 200, body: pageOf(sortRows(rows, q.sort), q, ctx.path, ctx.rawPath) };
}

/**
 * `{"data":{"role":...}}` with a group's role. The enum is not documented [U]: the project roles [I];
 * `workspace_admin` is refused with its own message, since it is a workspace role a user may hold.
 */
function groupRole(ctx: Ctx): GroupRole {
  const { role } = dataFromBody(ctx, '{"data":{"role":...}}', ['role']);
  if (role === 'workspace_admin')
    throw new HttpError(
      422,
      `Invalid value "workspace_admin": a group cannot be made workspace admin; role must be one of ${GROUP_ROLES.join(', ')}`,
      '/data/role',
    );
  return roleFromBody(ctx, GROUP_ROLES) as GroupRole;
}

/** PATCH: "assigns ... or, if the group is already assigned, updates the group's role" [C]; 200 `{"data":{"role"}}`. */
function updateGrant(ctx: Ctx, account: AccountRecord, scope: WorkspaceRecord | ProjectRecord): Result {
  const group = groupOf(ctx, account);
  const role = groupRole(ctx);
  if (scope.groupGrants.get(group.id) !== role) ctx.state.setGroupGrant(account, scope, group.id, role);
  return { status: 200, body: { data: { role } } };
}

/** DELETE: 204; 404 when the group holds no grant there [I]. */
function deleteGrant(ctx: Ctx, account: AccountRecord, scope: WorkspaceRecord | ProjectRecord, what: string): Result {
  const group = groupOf(ctx, account);
  if (!ctx.state.setGroupGrant(account, scope, group.id, null))
    throw new HttpError(404, `The group is not assigned to this ${what}`);
  return { status: 204 };
}

export function workspaceGroupsIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  return listGrants(ctx, account, workspaceOf(ctx, account));
}

export function updateWorkspaceGroup(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  return updateGrant(ctx, account, workspaceOf(ctx, account));
}

export function deleteWorkspaceGroup(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  return deleteGrant(ctx, account, workspaceOf(ctx, account), 'workspace');
}

export function projectGroupsIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  return listGrants(ctx, account, projectOf(ctx, account));
}

export function updateProjectGroup(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  return updateGrant(ctx, account, projectOf(ctx, account));
}

export function deleteProjectGroup(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  return deleteGrant(ctx, account, projectOf(ctx, account), 'project');
}
