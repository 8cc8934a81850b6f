// Reads an account's audit log (auditlog.index): filtered, at most a given number of pages, each event
// checked before use. The `api-version: 4.0` header and the rate budget come from http.ts.
import { RolesyncError } from '../errors.js';
import type { AuditFilterKey } from '../api/index.js';
import type { Http, Query } from './http.js';
import { pagesUpTo } from './paging.js';

/** One event: who (`userId`, the actor [I]) did what (`eventType`) to which resource, where and when. */
export interface AuditEvent {
  eventType: string;
  resourceType: string;
  /** The affected user, group or project [I]; null when the answer gives none. */
  resourceId: string | null;
  /** The actor; null when the API names none (a sync, the system). */
  userId: string | null;
  /** The actor's email, with `include=user`; null when absent. */
  userEmail: string | null;
  workspaceId: string | null;
  projectId: string | null;
  /** As the API wrote it. */
  insertedAt: string;
  /** `insertedAt` in milliseconds since the epoch. */
  at: number;
}

/** `filters[key]=value`; dates are `YYYY-MM-DD`. */
export type AuditFilters = Partial<Record<AuditFilterKey, string>>;

export interface AuditRead {
  events: AuditEvent[];
  /** Calls made (one a page). */
  calls: number;
  /** false: the page cap stopped the read and the listing went on. */
  complete: boolean;
}

function bad(where: string, what: string): RolesyncError {
  return new RolesyncError('API_PROTOCOL', `${where}: ${what}; rolesync cannot use this answer`);
}

function optionalId(item: Record<string, unknown>, key: string, where: string): string | null {
  const value = item[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw bad(where, `an event's ${key} is not a string`);
  return value.toLowerCase();
}

export function parseAuditEvent(raw: unknown, where: string): AuditEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(where, 'an event is not an object');
  const item = raw as Record<string, unknown>;
  if (typeof item.event_type !== 'string' || item.event_type === '') throw bad(where, 'an event has no event_type');
  if (typeof item.inserted_at !== 'string') throw bad(where, `a ${item.event_type} event has no inserted_at`);
  // No declared format [C]: a date-time without an offset is the server's UTC, not this machine's zone.
  const offset = /(Z|[+-]\d{2}:?\d{2})$/i.test(item.inserted_at) || !item.inserted_at.includes('T') ? '' : 'Z';
  const at = Date.parse(item.inserted_at + offset);
  if (Number.isNaN(at)) throw bad(where, `an event's inserted_at ${JSON.stringify(item.inserted_at)} is not a time`);
  const user = item.user;
  const email =
    typeof user === 'object' && user !== null && typeof (user as { email?: unknown }).email === 'string'
      ? (user as { email: string }).email
      : null;
  return {
    eventType: item.event_type,
    resourceType: typeof item.resource_type === 'string' ? item.resource_type : '',
    resourceId: optionalId(item, 'resource_id', where),
    userId: optionalId(item, 'user_id', where),
    userEmail: email,
    workspaceId: optionalId(item, 'workspace_id', where),
    projectId: optionalId(item, 'project_id', where),
    insertedAt: item.inserted_at,
    at,
  };
}

/**
 * The events that match `filters`, with the actor (`include=user`), from at most `maxPages` pages of
 * 100. Errors are ApiErrors naming method, path and status (a token without access: 403).
 */
export async function readAuditLog(
  http: Http,
  accountId: string,
  filters: AuditFilters,
  maxPages: number,
): Promise<AuditRead> {
  const path = `/v4/accounts/${encodeURIComponent(accountId)}/audit_logs`;
  const query: Query = { include: 'user' };
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) query[`filters[${key}]`] = value;
  const events: AuditEvent[] = [];
  let calls = 0;
  let complete = true;
  for await (const page of pagesUpTo(http, path, query, maxPages)) {
    calls += 1;
    for (const raw of page.data) events.push(parseAuditEvent(raw, `GET ${path}`));
    complete = !page.more;
  }
  return { events, calls, complete };
}
