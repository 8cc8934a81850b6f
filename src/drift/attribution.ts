// Drift attribution: for each drift entry, the latest audit-log event about its subject (user, group
// or project setting) in its scope: who changed it and when. A bounded number of audit-log calls:
// one filtered query per scope (entries of one scope share it), at most ATTRIBUTION_PAGES_PER_SCOPE
// pages each and ATTRIBUTION_MAX_CALLS calls per run. What is not found is said, never guessed.
import { AUDIT_RETENTION_DAYS, AUDIT_SESSION_EVENTS } from '../api/index.js';
import type { AuditEvent, AuditFilters, AuditRead } from '../client/index.js';
import { ApiError, RolesyncError } from '../errors.js';
import { projectTitle } from '../names.js';
import type { Attribution, DriftEntry, DriftReport } from './types.js';

/** Audit-log calls (pages) one drift run makes at most, across all accounts and scopes. */
export const ATTRIBUTION_MAX_CALLS = 30;
/** Pages of 100 events read per scope at most. */
export const ATTRIBUTION_PAGES_PER_SCOPE = 3;

const DAY_MS = 86_400_000;

/** The one call attribution makes (FrameioClient.auditLog). */
export interface AuditLogReader {
  auditLog(accountId: string, filters: AuditFilters, maxPages: number): Promise<AuditRead>;
}

export interface AttributionOptions {
  /** The run's time, ms since the epoch: events after it are not considered. */
  now: number;
  /** How far back to look, in days; default AUDIT_RETENTION_DAYS (what the log is assumed to keep). */
  lookbackDays?: number;
  maxCalls?: number;
  pagesPerScope?: number;
  /** Told once per account whose audit log cannot be read. */
  onWarning?: (message: string) => void;
}

export interface AttributedDrift {
  report: DriftReport;
  /** Audit-log calls made (pages read). */
  calls: number;
}

/** Where to look for an entry's explanation, or why there is nothing to look up. */
type Target =
  | { kind: 'none'; reason: string }
  | { kind: 'query'; scope: string; words: string; filters: AuditFilters; match: (e: AuditEvent) => boolean };

const lower = (id: string) => id.toLowerCase();

function targetOf(entry: DriftEntry): Target {
  if (entry.kind === 'group_missing')
    return { kind: 'none', reason: 'the group is not in Frame.io, so no audit-log event names it' };
  const inGroup = entry.group_name !== undefined && entry.workspace_id === undefined && entry.project_id === undefined;
  if (inGroup)
    return {
      kind: 'none',
      reason: "Frame.io's audit log names the group of a membership change, not the member",
    };
  const subject = entry.user_id ?? entry.group_id ?? (entry.setting !== undefined ? entry.project_id : undefined);
  if (subject === null || subject === undefined)
    return { kind: 'none', reason: 'it has no Frame.io id yet (invited), so no audit-log event names it' };
  const id = lower(subject);
  if (entry.project_id !== undefined) {
    const project = lower(entry.project_id);
    return {
      kind: 'query',
      scope: `project:${project}`,
      words: `project ${projectTitle(entry.workspace_name ?? '', entry.project_name ?? '')}`,
      filters: { project_id: entry.project_id },
      match: (e) => e.projectId === project && e.resourceId === id,
    };
  }
  if (entry.workspace_id !== undefined) {
    const ws = lower(entry.workspace_id);
    return {
      kind: 'query',
      scope: `workspace:${ws}`,
      words: `workspace ${entry.workspace_name ?? entry.workspace_id}`,
      filters: { workspace_id: entry.workspace_id },
      match: (e) => e.workspaceId === ws && e.projectId === null && e.resourceId === id,
    };
  }
  // An account role: the events about the user with no workspace or project.
  return {
    kind: 'query',
    scope: `user:${id}`,
    words: 'the account',
    filters: { resource_id: subject },
    match: (e) => e.workspaceId === null && e.projectId === null && e.resourceId === id,
  };
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The report with `attribution` (and, when null, `attribution_reason`) on every entry. Entries of one
 * scope share one query; scopes are read in the entries' order until the call budget is spent.
 */
export async function attributeDrift(
  report: DriftReport,
  reader: AuditLogReader,
  options: AttributionOptions,
): Promise<AttributedDrift> {
  const maxCalls = options.maxCalls ?? ATTRIBUTION_MAX_CALLS;
  const perScope = options.pagesPerScope ?? ATTRIBUTION_PAGES_PER_SCOPE;
  const lookback = options.lookbackDays ?? AUDIT_RETENTION_DAYS;
  const since = options.now - lookback * DAY_MS;
  // Dates are whole days whose time zone and inclusivity are not documented [U]: a day wider, then the
  // window is applied to each event's own time. No end date: live state is read when the run reads it,
  // which is after `now` when --now is in the past, so a later event must be seen to not be hidden.
  const window = { from_date: day(since - DAY_MS) };
  const sinceWords = `since ${day(since)}`;

  const targets = report.drift.map(targetOf);
  const reads = new Map<string, AuditRead | { reason: string }>();
  const unavailable = new Map<string, string>();
  let calls = 0;
  for (const [i, target] of targets.entries()) {
    if (target.kind !== 'query') continue;
    const account = report.drift[i]!.account_id;
    const key = `${account}\u0000${target.scope}`;
    if (reads.has(key)) continue;
    const blocked = unavailable.get(account);
    if (blocked !== undefined) {
      reads.set(key, { reason: blocked });
      continue;
    }
    const pages = Math.min(perScope, maxCalls - calls);
    if (pages < 1) {
      reads.set(key, { reason: `not looked up: this run's ${maxCalls} audit-log calls were spent on earlier scopes` });
      continue;
    }
    try {
      const read = await reader.auditLog(account, { ...target.filters, ...window }, pages);
      calls += read.calls;
      reads.set(key, read);
    } catch (error) {
      if (!(error instanceof ApiError) && !(error instanceof RolesyncError && error.code === 'API_PROTOCOL'))
        throw error;
      // Pages read before the failure are not known here: the budget counts the most there could be.
      calls += pages;
      const denied = error instanceof ApiError && [401, 403, 404].includes(error.status);
      const what = denied
        ? `the token cannot read the audit log of account ${account}`
        : `the audit log of account ${account} could not be read`;
      // The warning (once) names the call and its answer; each entry says it in short.
      options.onWarning?.(`drift attribution is unavailable: ${what} (${error.message}); drift is reported without it`);
      const short =
        error instanceof ApiError ? (error.status === 0 ? 'no answer' : `HTTP ${error.status}`) : 'see above';
      const reason = `attribution unavailable: ${what} (${short})`;
      unavailable.set(account, reason);
      reads.set(key, { reason });
    }
  }

  const drift = report.drift.map((entry, i): DriftEntry => {
    const target = targets[i]!;
    if (target.kind === 'none') return unknown(entry, target.reason);
    const read = reads.get(`${entry.account_id}\u0000${target.scope}`);
    if (read === undefined || 'reason' in read) return unknown(entry, read?.reason ?? 'not looked up');
    const about = read.events.filter((e) => target.match(e) && !AUDIT_SESSION_EVENTS.includes(e.eventType));
    const found = about.filter((e) => e.at >= since && e.at <= options.now);
    if (!read.complete) {
      // The order of the listing is not documented [U]: a later event may be on a page not read.
      return unknown(
        entry,
        `the audit log of ${target.words} holds more events ${sinceWords} than the ${perScope * 100} ` +
          'rolesync reads per scope, and the latest may be among the rest',
      );
    }
    // A change after the run's time (--now in the past) made the live state what it is: an earlier
    // event would name the wrong person.
    if (about.some((e) => e.at > options.now))
      return unknown(
        entry,
        `it was changed again after this run's time (${new Date(options.now).toISOString()}): the latest ` +
          `audit-log event about it in ${target.words} is later, so no earlier one is named`,
      );
    // The latest; between events of one instant, the one listed last.
    const latest = found.reduce<AuditEvent | undefined>(
      (best, e) => (best === undefined || e.at >= best.at ? e : best),
      undefined,
    );
    if (latest === undefined)
      return unknown(
        entry,
        `no audit-log event about it in ${target.words} ${sinceWords} (the log reaches back ${lookback} days)`,
      );
    // The listing's order is not documented [U]: "listed last" cannot choose between actors of one instant.
    const actors = new Map<string | null, string>();
    for (const e of found)
      if (e.at === latest.at) actors.set(e.userId ?? e.userEmail, e.userEmail ?? e.userId ?? 'an unnamed user');
    if (actors.size > 1)
      return unknown(
        entry,
        `the latest audit-log events about it in ${target.words}, at ${new Date(latest.at).toISOString()}, were ` +
          `made by different users (${[...actors.values()].sort().join(', ')}) and the log has no documented order`,
      );
    const attribution: Attribution = {
      user_id: latest.userId,
      ...(latest.userEmail !== null ? { email: latest.userEmail } : {}),
      event: latest.eventType,
      at: new Date(latest.at).toISOString(),
    };
    return { ...entry, attribution };
  });
  return { report: { ...report, drift }, calls };
}

function unknown(entry: DriftEntry, reason: string): DriftEntry {
  return { ...entry, attribution: null, attribution_reason: reason };
}
