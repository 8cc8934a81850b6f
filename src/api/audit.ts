// What rolesync knows of Frame.io's audit log (frameio-api-next.md §4): its header, its filter keys,
// the event types of role, membership, group and session changes, and the retention it assumes.

/** The one value of the required `api-version` header of `auditlog.index` [C]. */
export const AUDIT_API_VERSION = '4.0';

/**
 * The keys of the `filters` query object (sent `filters[key]=value`; additionalProperties false) [C].
 * One value per key [I]: the schema is scalar.
 */
export const AUDIT_FILTER_KEYS = [
  'event_type',
  'resource_type',
  'resource_id',
  'user_id',
  'workspace_id',
  'project_id',
  'from_date',
  'to_date',
  'ip_address',
] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

/**
 * How far back the log reaches, in days. V4 does not say [U]; the V2 API kept a rolling 30 days [C]
 * and rolesync assumes the same [I]. Attribution never looks further back; the emulator serves no older
 * event.
 */
export const AUDIT_RETENTION_DAYS = 30;

/**
 * The event types the emulator logs for the changes rolesync manages, spelled as the document's enum
 * [C]. Which one Frame.io logs for which change is not documented [I]: attribution therefore matches
 * events by scope and resource id, never by type.
 */
export const AUDIT_EVENT = {
  accountRoleSet: 'account_permissions_granted_to_user',
  accountMemberDeleted: 'account_member_deleted',
  workspaceRoleSet: 'workspace_permissions_granted_to_user',
  projectRoleSet: 'project_permissions_granted_to_user',
  roleRemoved: 'role_removed',
  projectUpdated: 'project_updated',
  groupCreated: 'account_user_group_created',
  groupMembersAdded: 'account_user_group_members_added',
  groupMembersRemoved: 'account_user_group_members_removed',
  workspaceGroupRoleSet: 'workspace_permissions_granted_to_account_user_group',
  projectGroupRoleSet: 'project_permissions_granted_to_account_user_group',
  userLogin: 'user_login',
} as const;
export type AuditEventType = (typeof AUDIT_EVENT)[keyof typeof AUDIT_EVENT];

/**
 * Session events of the reference's enum [C]: they change no access, so they never explain a drift
 * entry, even though they are about the user (a login names the user as actor and as resource [I]).
 */
export const AUDIT_SESSION_EVENTS: readonly string[] = [
  'user_login',
  'user_login_attempt',
  'user_logout',
  'new_device_login',
  'session_refreshed',
  'session_revoked',
];
