// Last activity for the report: each account's `user_login` events from its audit log, in at most
// ACTIVITY_MAX_PAGES calls per account, looking back as far as the log reaches (AUDIT_RETENTION_DAYS).
// An account whose log cannot be read is said so (its status), never an error of the report.
import { AUDIT_RETENTION_DAYS } from '../api/index.js';
import type { AuditLogReader } from '../drift/attribution.js';
import { ApiError, RolesyncError } from '../errors.js';
import type { ActivityRead } from './model.js';

/** Audit-log pages (of 100 logins) read per account at most. */
export const ACTIVITY_MAX_PAGES = 10;

const DAY_MS = 86_400_000;

export async function readActivity(
  reader: AuditLogReader,
  accountIds: readonly string[],
  now: number,
  maxPages = ACTIVITY_MAX_PAGES,
): Promise<Map<string, ActivityRead>> {
  const out = new Map<string, ActivityRead>();
  const since = now - AUDIT_RETENTION_DAYS * DAY_MS;
  for (const id of accountIds) {
    try {
      const read = await reader.auditLog(
        id,
        { event_type: 'user_login', from_date: new Date(since).toISOString().slice(0, 10) },
        maxPages,
      );
      const logins = new Map<string, number>();
      for (const e of read.events) {
        if (e.eventType !== 'user_login' || e.userId === null || e.at > now || e.at < since) continue;
        if ((logins.get(e.userId) ?? -Infinity) < e.at) logins.set(e.userId, e.at);
      }
      out.set(id, {
        available: true,
        since,
        days: AUDIT_RETENTION_DAYS,
        calls: read.calls,
        complete: read.complete,
        logins,
      });
    } catch (error) {
      if (!(error instanceof ApiError) && !(error instanceof RolesyncError && error.code === 'API_PROTOCOL'))
        throw error;
      const denied = error instanceof ApiError && [401, 403, 404].includes(error.status);
      const short =
        error instanceof ApiError ? (error.status === 0 ? 'no answer' : `HTTP ${error.status}`) : error.message;
      const reason = denied
        ? `the token cannot read the audit log of this account (${short}): no last activity`
        : `the audit log could not be read (${short}): no last activity`;
      out.set(id, { available: false, reason, days: AUDIT_RETENTION_DAYS, calls: 1 });
    }
  }
  return out;
}
