// The operations the client calls, how a request maps to one, and each one's rate-limit seed:
// the documented limits of src/api (the client keeps no numbers of its own).
import {
  isExperimental,
  operationOf as matchOperation,
  rateLimitOf,
  type Operation,
  type RateLimit,
} from '../api/index.js';

/** What the client calls (FrameioClient's methods); `workspaces.show` is the emulator's alone. */
export const CLIENT_OPERATIONS = [
  'users.show',
  'accounts.index',
  'account_user_roles.index',
  'account_user_roles.update',
  'workspaces.index',
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
] as const satisfies readonly Operation[];
export type ClientOperation = (typeof CLIENT_OPERATIONS)[number];

/** Seeds of the client's rate budget; each operation has its own bucket per account_user. */
export const DOCUMENTED_LIMITS = Object.fromEntries(CLIENT_OPERATIONS.map((op) => [op, rateLimitOf(op)])) as Readonly<
  Record<ClientOperation, RateLimit>
>;

/** The operation a request belongs to, or undefined for a call the client does not know. */
export function operationOf(method: string, pathname: string): ClientOperation | undefined {
  return matchOperation(method, pathname, CLIENT_OPERATIONS) as ClientOperation | undefined;
}

/**
 * The feature an experimental operation belongs to, as an error names it when an account lacks it;
 * undefined for a stable operation. Every experimental operation the client calls is a group one.
 */
export function experimentalFeature(op: ClientOperation): string | undefined {
  return isExperimental(op) ? 'Frame.io groups' : undefined;
}
