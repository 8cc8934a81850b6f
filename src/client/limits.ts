// The operations the client calls, how a request maps to one, and each one's rate-limit seed:
// the documented limits of src/api (the client keeps no numbers of its own).
import {
  OPERATIONS,
  isExperimental,
  operationOf as matchOperation,
  rateLimitOf,
  type Operation,
  type RateLimit,
} from '../api/index.js';

/**
 * What the client calls (FrameioClient's methods): every operation of src/api but `workspaces.show`,
 * the emulator's alone.
 */
export const CLIENT_OPERATIONS = OPERATIONS.filter(
  (op): op is Exclude<Operation, 'workspaces.show'> => op !== 'workspaces.show',
);
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
