// What rolesync knows of the Frame.io V4 API, in one place: re-exports only.
export {
  OPERATIONS,
  OPERATION_FACTS,
  RATE_WINDOW_MS,
  STRICTEST_LIMIT,
  WRITE_CLASSES,
  WRITE_LIMITS,
  WRITE_OPERATION,
  apiVersionOf,
  isExperimental,
  operationOf,
  rateLimitOf,
} from './operations.js';
export type { Operation, OperationFacts, RateLimit, WriteClass } from './operations.js';
export {
  ACCOUNT_ROLES,
  PROJECT_LIST_ROLES,
  PROJECT_ROLES,
  SETTABLE_ACCOUNT_ROLES,
  WORKSPACE_LIST_ROLES,
  WORKSPACE_ROLES,
  accountRoleRank,
  isAccountRole,
  isProjectListRole,
  isProjectRole,
  isSettableAccountRole,
  isWorkspaceListRole,
  isWorkspaceRole,
  workspaceRoleRank,
} from './roles.js';
export type {
  AccountRole,
  ProjectListRole,
  ProjectRole,
  SettableAccountRole,
  WorkspaceListRole,
  WorkspaceRole,
} from './roles.js';
export {
  GROUP_ROLES,
  GROUP_SOURCES,
  MAX_GROUP_USER_IDS,
  SYNC_STATUSES,
  isGroupRole,
  isGroupSource,
  isSyncStatus,
} from './groups.js';
export type { GroupRole, GroupSource, SyncStatus } from './groups.js';
export {
  AUDIT_API_VERSION,
  AUDIT_FILTER_KEYS,
  AUDIT_RETENTION_DAYS,
  AUDIT_EVENT,
  AUDIT_SESSION_EVENTS,
} from './audit.js';
export type { AuditEventType, AuditFilterKey } from './audit.js';
