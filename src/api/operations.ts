// The Frame.io V4 operations rolesync knows: method, path, operationId and documented rate limit of
// each, and the write class a plan counts each write under. The client paces by these numbers, the
// emulator enforces them, the plan's estimate divides by them.
//
// Facts, copied from the official V4 OpenAPI document (test/fixtures/openapi/frameio-v4-openapi.json,
// July 2026) unless said otherwise: every operation's description ends "Rate Limits: N calls per
// 1.00 minute(s) per account_user"; reads allow 100, updates 10, deletes 60. The API answers with
// `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-window` (milliseconds) and a 429
// past the limit. Capacity refills gradually over the window (a leaky bucket, Frame.io's guide
// says), and each resource and operation has its own bucket per account user.

/** Every documented limit of these operations is per window of this length. */
export const RATE_WINDOW_MS = 60_000;

export interface RateLimit {
  /** Calls allowed per window (the leaky bucket's capacity). */
  limit: number;
  /** Window in milliseconds, as `x-ratelimit-window` gives it. */
  windowMs: number;
}

export interface OperationFacts {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path template as the document writes it; `{name}` is one path segment. */
  path: string;
  /** Calls per `RATE_WINDOW_MS` per account user. */
  limit: number;
  /**
   * Filed under Frame.io's experimental reference: every call sends `api-version: experimental`
   * (a required header there), and no other call does.
   */
  experimental?: true;
  /**
   * A stable operation that requires an `api-version` header of its own (the audit log: enum
   * `["4.0"]`, required). Every call sends it; a call without it is refused (400).
   */
  apiVersion?: '4.0';
  /**
   * Other path templates the same operation answers at: the reference's example `links.next` of a
   * listing that points elsewhere than its own path. A client follows such a link verbatim.
   */
  aliases?: readonly string[];
}

/** Frame.io's own operationIds, in a fixed order for reports. */
export const OPERATIONS = [
  'users.show',
  'accounts.index',
  'workspaces.index',
  'workspaces.show',
  'account_user_roles.index',
  'account_user_roles.update',
  'workspace_user_roles.index',
  'workspace_user_roles.update',
  'workspace_user_roles.delete',
  'projects.index',
  'projects.show',
  'projects.update',
  'project_user_roles.index',
  'project_user_roles.update',
  'project_permissions.delete',
  'groups.index',
  'groups.show',
  'groups.create',
  'group_users.index',
  'group_users.add',
  'group_users.remove',
  'workspace_group_roles.index',
  'workspace_group_roles.update',
  'workspace_group_roles.delete',
  'project_group_roles.index',
  'project_group_roles.update',
  'project_group_roles.delete',
  'auditlog.index',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const OPERATION_FACTS: Readonly<Record<Operation, OperationFacts>> = {
  // "Inspect details of the user associated with the bearer token."
  'users.show': { method: 'GET', path: '/v4/me', limit: 100 },
  // "List accounts for the current user."
  'accounts.index': { method: 'GET', path: '/v4/accounts', limit: 100 },
  // "List workspaces for a given account."
  'workspaces.index': { method: 'GET', path: '/v4/accounts/{account_id}/workspaces', limit: 100 },
  // "Show workspace details."
  'workspaces.show': { method: 'GET', path: '/v4/accounts/{account_id}/workspaces/{workspace_id}', limit: 100 },
  // "List user roles for a given account." Deactivated users only with include_deactivated=true.
  'account_user_roles.index': { method: 'GET', path: '/v4/accounts/{account_id}/users', limit: 100 },
  // "Update user role for the account": not in the July 2026 document, it reached the stable API
  // later. Frame.io documents the body {"data":{"role":"admin"|"member"}} (no other keys), the answer
  // 200 {"data":{"role":...}} and 10 calls per 1 minute per account_user; the operationId is that of
  // its newer official document. test/conformance/definition.ts adds it to the bundled copy.
  'account_user_roles.update': { method: 'PATCH', path: '/v4/accounts/{account_id}/users/{user_id}', limit: 10 },
  // "List user roles for a given workspace."
  'workspace_user_roles.index': {
    method: 'GET',
    path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/users',
    limit: 100,
  },
  // "Update user roles for the given workspace": an upsert, "If the user is not added to the
  // workspace, the user will be added with the given role."
  'workspace_user_roles.update': {
    method: 'PATCH',
    path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}',
    limit: 10,
  },
  // "Remove a user from a given workspace." 204 with no body; their direct project roles stay.
  'workspace_user_roles.delete': {
    method: 'DELETE',
    path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}',
    limit: 60,
  },
  // "List projects in a given workspace." `restricted` is optional in its items (not in `required`).
  'projects.index': {
    method: 'GET',
    path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/projects',
    limit: 100,
  },
  // "Show project details." A project deleted since the plan answers 404.
  'projects.show': { method: 'GET', path: '/v4/accounts/{account_id}/projects/{project_id}', limit: 100 },
  // "Update project details": `name`, `restricted`, `status`, every field optional.
  'projects.update': { method: 'PATCH', path: '/v4/accounts/{account_id}/projects/{project_id}', limit: 10 },
  // "List user roles for a given project." Whether inherited workspace members are listed too is not
  // documented (frameio-api-next.md §2.5): rolesync's rules hold either way.
  'project_user_roles.index': {
    method: 'GET',
    path: '/v4/accounts/{account_id}/projects/{project_id}/users',
    limit: 100,
  },
  // "Update user roles for the given project": an upsert, like the workspace one.
  'project_user_roles.update': {
    method: 'PATCH',
    path: '/v4/accounts/{account_id}/projects/{project_id}/users/{user_id}',
    limit: 10,
  },
  // "Remove a user from a given project." 204 with no body.
  'project_permissions.delete': {
    method: 'DELETE',
    path: '/v4/accounts/{account_id}/projects/{project_id}/users/{user_id}',
    limit: 60,
  },
  // Groups (frameio-api-next.md §3). The account's groups: stable since 2026-04-26, in the official
  // document. "List groups", "Show group", "Create group" (name and emoji required; 201).
  'groups.index': { method: 'GET', path: '/v4/accounts/{account_id}/groups', limit: 100 },
  'groups.show': { method: 'GET', path: '/v4/accounts/{account_id}/groups/{group_id}', limit: 100 },
  'groups.create': { method: 'POST', path: '/v4/accounts/{account_id}/groups', limit: 10 },
  // Members and group grants: experimental (not in the official document; operation ids named after
  // the reference's pages). "List group users": User objects, not role rows; 200 a minute. The
  // reference's example answer links the next page at .../members [C]: the same listing [I].
  'group_users.index': {
    method: 'GET',
    path: '/v4/accounts/{account_id}/groups/{group_id}/users',
    limit: 200,
    experimental: true,
    aliases: ['/v4/accounts/{account_id}/groups/{group_id}/members'],
  },
  // "Add users to group": {"data":{"user_ids":[...]}}, idempotent per user, rejected whole if any
  // user is invalid; 204. Frame-managed groups only.
  'group_users.add': {
    method: 'POST',
    path: '/v4/accounts/{account_id}/groups/{group_id}/users',
    limit: 10,
    experimental: true,
  },
  // "Remove a user from a group"; 204.
  'group_users.remove': {
    method: 'DELETE',
    path: '/v4/accounts/{account_id}/groups/{group_id}/users/{user_id}',
    limit: 200,
    experimental: true,
  },
  // "List workspace group roles": the groups assigned to a workspace with each one's role.
  'workspace_group_roles.index': {
    method: 'GET',
    path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/groups',
    limit: 100,
    experimental: true,
  },
  // "Assign or update group role for a workspace": an upsert, {"data":{"role":...}}.
  'workspace_group_roles.update': {
    method: 'PATCH',
    path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/groups/{group_id}',
    limit: 10,
    experimental: true,
  },
  // "Remove a group from a workspace": members with direct workspace roles keep them; 204.
  'workspace_group_roles.delete': {
    method: 'DELETE',
    path: '/v4/accounts/{account_id}/workspaces/{workspace_id}/groups/{group_id}',
    limit: 60,
    experimental: true,
  },
  // The same three on a project.
  'project_group_roles.index': {
    method: 'GET',
    path: '/v4/accounts/{account_id}/projects/{project_id}/groups',
    limit: 100,
    experimental: true,
  },
  'project_group_roles.update': {
    method: 'PATCH',
    path: '/v4/accounts/{account_id}/projects/{project_id}/groups/{group_id}',
    limit: 10,
    experimental: true,
  },
  'project_group_roles.delete': {
    method: 'DELETE',
    path: '/v4/accounts/{account_id}/projects/{project_id}/groups/{group_id}',
    limit: 60,
    experimental: true,
  },
  // The account's audit log (frameio-api-next.md §4): stable, in the official document, 100 a minute,
  // "api-version: 4.0" required. Filters (`filters[workspace_id]=…`), paging; no sort, order unknown.
  'auditlog.index': {
    method: 'GET',
    path: '/v4/accounts/{account_id}/audit_logs',
    limit: 100,
    apiVersion: '4.0',
  },
};

/** Whether a call to `op` must send `api-version: experimental`. */
export function isExperimental(op: Operation): boolean {
  return OPERATION_FACTS[op].experimental === true;
}

/** The `api-version` header a call to `op` must send; undefined for the operations that take none. */
export function apiVersionOf(op: Operation): 'experimental' | '4.0' | undefined {
  const facts = OPERATION_FACTS[op];
  return facts.experimental ? 'experimental' : facts.apiVersion;
}

/** An operation's documented rate limit. */
export function rateLimitOf(op: Operation): RateLimit {
  return { limit: OPERATION_FACTS[op].limit, windowMs: RATE_WINDOW_MS };
}

/** The strictest documented limit: what a call not listed here is paced by. */
export const STRICTEST_LIMIT: RateLimit = {
  limit: Math.min(...OPERATIONS.map((op) => OPERATION_FACTS[op].limit)),
  windowMs: RATE_WINDOW_MS,
};

/**
 * The write classes of a plan, as counted in `PlanEstimate.calls` and `ApplyReport.calls`: one per
 * write operation, so each class has a bucket of its own and the classes run side by side.
 */
export type WriteClass =
  | 'account_role_patch'
  | 'workspace_role_patch'
  | 'workspace_user_delete'
  | 'project_role_patch'
  | 'project_user_delete'
  | 'project_update'
  | 'group_create'
  | 'group_member_add'
  | 'group_member_remove'
  | 'workspace_group_patch'
  | 'workspace_group_delete'
  | 'project_group_patch'
  | 'project_group_delete';

/** The operation each write class calls. */
export const WRITE_OPERATION: Readonly<Record<WriteClass, Operation>> = {
  account_role_patch: 'account_user_roles.update',
  workspace_role_patch: 'workspace_user_roles.update',
  workspace_user_delete: 'workspace_user_roles.delete',
  project_role_patch: 'project_user_roles.update',
  project_user_delete: 'project_permissions.delete',
  project_update: 'projects.update',
  group_create: 'groups.create',
  // One call adds up to MAX_GROUP_USER_IDS members: the estimate counts calls, not members.
  group_member_add: 'group_users.add',
  group_member_remove: 'group_users.remove',
  workspace_group_patch: 'workspace_group_roles.update',
  workspace_group_delete: 'workspace_group_roles.delete',
  project_group_patch: 'project_group_roles.update',
  project_group_delete: 'project_group_roles.delete',
};

/** Fixed order for reports and tie-breaks. */
export const WRITE_CLASSES = Object.keys(WRITE_OPERATION) as readonly WriteClass[];

/** Each write class's rate limit: its operation's. */
export const WRITE_LIMITS = Object.fromEntries(
  WRITE_CLASSES.map((cls) => [cls, rateLimitOf(WRITE_OPERATION[cls])]),
) as Readonly<Record<WriteClass, RateLimit>>;

/** Whether a path (as sent, not decoded) fits an operation's template. */
function fits(template: string, pathname: string): boolean {
  const want = template.split('/');
  const got = pathname.split('/');
  return want.length === got.length && want.every((w, i) => (w.startsWith('{') ? got[i] !== '' : w === got[i]));
}

/** The operation among `among` that a request belongs to, or undefined. */
export function operationOf(
  method: string,
  pathname: string,
  among: readonly Operation[] = OPERATIONS,
): Operation | undefined {
  return among.find((op) => {
    const { method: opMethod, path, aliases = [] } = OPERATION_FACTS[op];
    return opMethod === method && [path, ...aliases].some((template) => fits(template, pathname));
  });
}
