// The emulator's audit log: one event per role, membership, group or project-setting change, made
// through the API (the caller is the actor) or by a hand edit (a control request names the actor and
// the time), plus seeded session events (user_login). Which event Frame.io logs for which change is
// not documented [I]: the names come from the reference's enum (src/api/audit.ts).
import { AUDIT_EVENT } from '../api/index.js';

/** One event as the emulator keeps it; `auditEventJson` (audit-handlers.ts) gives the API's shape. */
export interface AuditEventRecord {
  /** Arrival order: breaks ties between events of one instant. */
  seq: number;
  /** The account's canonical id. */
  accountId: string;
  eventType: string;
  resourceType: string;
  /** Lower-cased id of the user, group or project the event is about. */
  resourceId: string;
  /** The actor's user id; null when the actor has no Frame.io id. */
  userId: string | null;
  workspaceId: string | null;
  projectId: string | null;
  ipAddress: string;
  /** When, in milliseconds since the epoch, on the emulator's clock (or as a hand edit gave it). */
  at: number;
}

/**
 * A change as the log sees it: ids only. `role: null` is a removal. `session` is an event that changes
 * no state (a login), seeded by a control request.
 */
export type AuditedChange =
  | { kind: 'account_role'; userId: string; role: string | null }
  | { kind: 'workspace_role'; workspaceId: string; userId: string; role: string | null }
  | { kind: 'project_role'; workspaceId: string; projectId: string; userId: string; role: string | null }
  | { kind: 'project_updated'; workspaceId: string; projectId: string }
  | { kind: 'group_created'; groupId: string }
  | { kind: 'group_members'; groupId: string; added: boolean }
  | { kind: 'workspace_group_role'; workspaceId: string; groupId: string; role: string | null }
  | { kind: 'project_group_role'; workspaceId: string; projectId: string; groupId: string; role: string | null }
  | { kind: 'session'; eventType: string; userId: string };

type EventFields = Pick<AuditEventRecord, 'eventType' | 'resourceType' | 'resourceId' | 'workspaceId' | 'projectId'>;

/** The event a change is logged as: the affected user or group is the resource [I]. */
export function eventOf(change: AuditedChange): EventFields {
  const at = (workspaceId: string | null, projectId: string | null) => ({
    workspaceId: workspaceId?.toLowerCase() ?? null,
    projectId: projectId?.toLowerCase() ?? null,
  });
  const member = (id: string) => ({ resourceType: 'account_member', resourceId: id.toLowerCase() });
  const group = (id: string) => ({ resourceType: 'account_user_group', resourceId: id.toLowerCase() });
  switch (change.kind) {
    case 'account_role':
      return {
        eventType: change.role === null ? AUDIT_EVENT.accountMemberDeleted : AUDIT_EVENT.accountRoleSet,
        ...member(change.userId),
        ...at(null, null),
      };
    case 'workspace_role':
      return {
        eventType: change.role === null ? AUDIT_EVENT.roleRemoved : AUDIT_EVENT.workspaceRoleSet,
        ...member(change.userId),
        ...at(change.workspaceId, null),
      };
    case 'project_role':
      return {
        eventType: change.role === null ? AUDIT_EVENT.roleRemoved : AUDIT_EVENT.projectRoleSet,
        ...member(change.userId),
        ...at(change.workspaceId, change.projectId),
      };
    case 'project_updated':
      return {
        eventType: AUDIT_EVENT.projectUpdated,
        resourceType: 'project',
        resourceId: change.projectId.toLowerCase(),
        ...at(change.workspaceId, change.projectId),
      };
    case 'group_created':
      return { eventType: AUDIT_EVENT.groupCreated, ...group(change.groupId), ...at(null, null) };
    case 'group_members':
      return {
        eventType: change.added ? AUDIT_EVENT.groupMembersAdded : AUDIT_EVENT.groupMembersRemoved,
        ...group(change.groupId),
        ...at(null, null),
      };
    case 'workspace_group_role':
      return {
        eventType: change.role === null ? AUDIT_EVENT.roleRemoved : AUDIT_EVENT.workspaceGroupRoleSet,
        ...group(change.groupId),
        ...at(change.workspaceId, null),
      };
    case 'project_group_role':
      return {
        eventType: change.role === null ? AUDIT_EVENT.roleRemoved : AUDIT_EVENT.projectGroupRoleSet,
        ...group(change.groupId),
        ...at(change.workspaceId, change.projectId),
      };
    case 'session':
      return {
        eventType: change.eventType,
        resourceType: 'user',
        resourceId: change.userId.toLowerCase(),
        ...at(null, null),
      };
  }
}

/** The address API calls are logged from (the emulator does not look at the socket). */
export const API_IP_ADDRESS = '127.0.0.1';

export class AuditLog {
  private readonly events: AuditEventRecord[] = [];
  private seq = 0;

  /** Logs `change` in `accountId`, by `actorId`, at `at` (ms). */
  record(
    accountId: string,
    actorId: string | null,
    at: number,
    change: AuditedChange,
    ipAddress: string,
  ): AuditEventRecord {
    const event: AuditEventRecord = {
      seq: ++this.seq,
      accountId,
      userId: actorId?.toLowerCase() ?? null,
      ipAddress,
      at,
      ...eventOf(change),
    };
    this.events.push(event);
    return event;
  }

  /** The account's events in arrival order. */
  of(accountId: string): readonly AuditEventRecord[] {
    return this.events.filter((e) => e.accountId === accountId);
  }
}
