// The Frame.io V4 client: re-exports only.
export { FrameioClient, clientAndCredentials, clientFromEnv } from './frameio.js';
export type {
  Me,
  AccountSummary,
  WorkspaceSummary,
  ProjectSummary,
  GroupSummary,
  GroupGrant,
  ListUsersOptions,
  RemoveResult,
} from './frameio.js';
export type { ClientOptions, ClientEvent, ClientStats, Query, QueryValue } from './http.js';
export { DEFAULT_API_URL, resolveBaseUrl } from './config.js';
export { ExperimentalUnavailableError, NoAnswerError } from './failure.js';
export type { NoAnswerKind } from './failure.js';
export { CLIENT_OPERATIONS, DOCUMENTED_LIMITS, experimentalFeature, operationOf } from './limits.js';
export type { ClientOperation } from './limits.js';
export { RateBudget } from './budget.js';
export type { RateHeaders, BucketSnapshot } from './budget.js';
export { DEFAULT_RETRY } from './retry.js';
export type { RetryPolicy } from './retry.js';
export type { Clock } from './clock.js';
export { PAGE_SIZE } from './paging.js';
export { parseAuditEvent } from './audit.js';
export type { AuditEvent, AuditFilters, AuditRead } from './audit.js';
