// The operations the client calls, how a request maps to one, and each one's rate-limit seed.
// The numbers come from src/plan/limits.ts (one place for the documented limits, frameio-api.md §7.1).
import { RATE_WINDOW_MS, READ_LIMIT, WRITE_LIMITS } from '../plan/limits.js';

/** Frame.io's own operationIds (the account-role PATCH is named as in the newer S2 document). */
export type Operation =
  | 'users.show'
  | 'accounts.index'
  | 'account_user_roles.index'
  | 'account_user_roles.update'
  | 'workspaces.index'
  | 'workspace_user_roles.index'
  | 'workspace_user_roles.update'
  | 'workspace_user_roles.delete';

export interface RateLimit {
  /** Calls allowed per window (the leaky bucket's capacity). */
  limit: number;
  /** Window in milliseconds, as `x-ratelimit-window` gives it. */
  windowMs: number;
}

const read: RateLimit = { limit: READ_LIMIT, windowMs: RATE_WINDOW_MS };

/** Seeds of the client's rate budget; each operation has its own bucket per account_user. */
export const DOCUMENTED_LIMITS: Readonly<Record<Operation, RateLimit>> = {
  'users.show': read,
  'accounts.index': read,
  'account_user_roles.index': read,
  'account_user_roles.update': { limit: WRITE_LIMITS.account_role_patch.limit, windowMs: RATE_WINDOW_MS },
  'workspaces.index': read,
  'workspace_user_roles.index': read,
  'workspace_user_roles.update': { limit: WRITE_LIMITS.workspace_role_patch.limit, windowMs: RATE_WINDOW_MS },
  'workspace_user_roles.delete': { limit: WRITE_LIMITS.workspace_user_delete.limit, windowMs: RATE_WINDOW_MS },
};

const SEGMENT = '[^/]+';
const ROUTES: ReadonlyArray<[method: string, pattern: RegExp, op: Operation]> = [
  ['GET', /^\/v4\/me$/, 'users.show'],
  ['GET', /^\/v4\/accounts$/, 'accounts.index'],
  ['GET', new RegExp(`^/v4/accounts/${SEGMENT}/users$`), 'account_user_roles.index'],
  ['PATCH', new RegExp(`^/v4/accounts/${SEGMENT}/users/${SEGMENT}$`), 'account_user_roles.update'],
  ['GET', new RegExp(`^/v4/accounts/${SEGMENT}/workspaces$`), 'workspaces.index'],
  ['GET', new RegExp(`^/v4/accounts/${SEGMENT}/workspaces/${SEGMENT}/users$`), 'workspace_user_roles.index'],
  ['PATCH', new RegExp(`^/v4/accounts/${SEGMENT}/workspaces/${SEGMENT}/users/${SEGMENT}$`), 'workspace_user_roles.update'],
  ['DELETE', new RegExp(`^/v4/accounts/${SEGMENT}/workspaces/${SEGMENT}/users/${SEGMENT}$`), 'workspace_user_roles.delete'],
];

/** The operation a request belongs to, or undefined for a call the client does not know. */
export function operationOf(method: string, pathname: string): Operation | undefined {
  for (const [m, pattern, op] of ROUTES) if (m === method && pattern.test(pathname)) return op;
  return undefined;
}
