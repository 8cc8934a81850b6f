// The project operations: the projects of a workspace, one project, its settings, and its users as
// direct grants (with access from the account, the workspace and groups too, under
// `project_listing: inherited`).
import { PROJECT_ROLES, type ProjectListRole, type ProjectRole } from '../api/index.js';
import { HttpError } from './http-util.js';
import {
  dataFromBody,
  grantableUser,
  projectOf,
  readableAccount,
  roleFromBody,
  targetUser,
  workspaceOf,
  writableAccount,
  type Ctx,
  type Result,
} from './access.js';
import { effectiveProjectRole, groupMembersOf } from './effective.js';
import { listUsers } from './handlers-read.js';
import { pageOf, parseListQuery, sortRows } from './paging.js';
import { projectJson } from './present.js';
import type { AccountRecord, ProjectRecord, UserRecord } from './state.js';

const PROJECT_SORTS = ['name_asc', 'created_at_asc', 'name_desc', 'created_at_desc'] as const;

/** `include=owner`: the account owner stands in (the emulator keeps no project owners). */
function ownerOf(ctx: Ctx, account: AccountRecord): { owner: UserRecord | undefined } {
  const include = ctx.query.get('include');
  if (include === null) return { owner: undefined };
  if (include !== 'owner') throw new HttpError(422, `include must be owner, not ${JSON.stringify(include)}`);
  for (const [email, role] of account.roles) if (role === 'owner') return { owner: ctx.state.users.get(email) };
  return { owner: undefined };
}

export function projectsIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const ws = workspaceOf(ctx, account);
  const q = parseListQuery(ctx.query, ctx.path, { sorts: PROJECT_SORTS, defaultSort: 'name_asc' });
  const includes = ownerOf(ctx, account);
  // A workspace holds few projects: sorted per call, no snapshot to keep in step with renames.
  const rows = [...ws.projects.values()].map((p) => ({
    key: q.sort.startsWith('created_at') ? [p.createdAt, p.id] : [p.name.toLowerCase(), p.id],
    item: projectJson(p, includes),
  }));
  return { status: 200, body: pageOf(sortRows(rows, q.sort), q, ctx.path, ctx.rawPath) };
}

export function projectsShow(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const project = projectOf(ctx, account);
  return { status: 200, body: { data: projectJson(project, ownerOf(ctx, account)) } };
}

const UPDATE_SHAPE = '{"data":{"name"?, "restricted"?, "status"?}}';

/** `ProjectUpdateParams`: every field optional, additionalProperties false at both levels. */
export function updateProject(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const project = projectOf(ctx, account);
  const data = dataFromBody(ctx, UPDATE_SHAPE, ['name', 'restricted', 'status']);
  const { name, restricted, status } = data;
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 255))
    throw new HttpError(422, 'Invalid value: name must be a string of 1 to 255 characters', '/data/name');
  if (restricted !== undefined && typeof restricted !== 'boolean')
    throw new HttpError(
      422,
      `Invalid value ${JSON.stringify(restricted)}: restricted must be true or false`,
      '/data/restricted',
    );
  if (status !== undefined && status !== 'active' && status !== 'inactive')
    throw new HttpError(
      422,
      `Invalid value ${JSON.stringify(status)}: status must be active or inactive`,
      '/data/status',
    );
  ctx.state.updateProject(project, {
    ...(name !== undefined ? { name } : {}),
    ...(restricted !== undefined ? { restricted } : {}),
    ...(status !== undefined ? { status } : {}),
  });
  return { status: 200, body: { data: projectJson(project) } };
}

/**
 * What the project's user listing shows: direct grants, or (inherited) all who can open the project,
 * each at their effective role: account admins and the owner, and the workspace's members and
 * everyone a group grant reaches (the workspace's only on an unrestricted project).
 */
function listedRoles(ctx: Ctx, account: AccountRecord, project: ProjectRecord): Map<string, ProjectListRole> {
  if (ctx.state.projectListing === 'direct') return project.grants;
  const reach = new Set<string>();
  for (const [email, role] of account.roles) if (role === 'owner' || role === 'admin') reach.add(email);
  const ws = account.workspaces.get(project.workspaceId);
  if (ws && !project.restricted) {
    for (const email of ws.members.keys()) reach.add(email);
    for (const email of groupMembersOf(account, ws.groupGrants)) reach.add(email);
  }
  for (const email of project.grants.keys()) reach.add(email);
  for (const email of groupMembersOf(account, project.groupGrants)) reach.add(email);
  const rows = new Map<string, ProjectListRole>();
  for (const email of reach) {
    const role = effectiveProjectRole(account, project, email);
    if (role !== null) rows.set(email, role);
  }
  return rows;
}

export function projectUsersIndex(ctx: Ctx): Result {
  const { account } = readableAccount(ctx);
  const project = projectOf(ctx, account);
  return listUsers(ctx, project, () => listedRoles(ctx, account, project));
}

/** PATCH a project grant: an upsert, like the workspace one; the user must be an active account member. */
export function updateProjectRole(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const project = projectOf(ctx, account);
  const role = roleFromBody(ctx, PROJECT_ROLES) as ProjectRole;
  const user = grantableUser(ctx, account, 'project');
  if (project.grants.get(user.email) !== role) ctx.state.setProjectRole(project, user.email, role);
  return { status: 200, body: { data: { role } } };
}

/** DELETE a direct grant: 204, or 404 when the user holds none (access from the workspace is not one). */
export function deleteProjectUser(ctx: Ctx): Result {
  const account = writableAccount(ctx);
  const project = projectOf(ctx, account);
  const user = targetUser(ctx);
  if (!ctx.state.setProjectRole(project, user.email, null))
    throw new HttpError(404, 'The user has no direct role on this project');
  return { status: 204 };
}
