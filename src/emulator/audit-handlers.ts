// `GET /v4/accounts/{account_id}/audit_logs` (auditlog.index): the account's events, filtered and
// paged as the reference documents them. Where it is silent the emulator's choice is marked [I].
import { AUDIT_FILTER_KEYS, AUDIT_RETENTION_DAYS, accountRoleRank, type AuditFilterKey } from '../api/index.js';
import type { AuditEventRecord } from './audit.js';
import { HttpError } from './http-util.js';
import { readableAccount, type Ctx, type Result } from './access.js';
import { pageOf, parseListQuery, sortRows, type Keyed } from './paging.js';
import { userJson, type UserJson } from './present.js';
import type { EmulatorState } from './state.js';

const DAY_MS = 86_400_000;
/** The listing's one order (the reference has no `sort` [C] and no stated order [U]): oldest first. */
const ORDER = 'inserted_at_asc';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENUM_VALUE = /^[a-z0-9_]+$/;

/** `AuditLogwithIncludes`: every required key, `user` with `include=user`. */
export interface AuditEventJson {
  account_id: string;
  event_type: string;
  resource_type: string;
  resource_id: string;
  user_id: string | null;
  workspace_id: string | null;
  project_id: string | null;
  ip_address: string;
  inserted_at: string;
  user?: UserJson | null;
}

export function auditEventJson(state: EmulatorState, e: AuditEventRecord, withUser: boolean): AuditEventJson {
  const json: AuditEventJson = {
    account_id: e.accountId,
    event_type: e.eventType,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    user_id: e.userId,
    workspace_id: e.workspaceId,
    project_id: e.projectId,
    ip_address: e.ipAddress,
    inserted_at: new Date(e.at).toISOString(),
  };
  if (withUser) {
    const actor = e.userId === null ? undefined : state.userById(e.userId);
    json.user = actor ? userJson(actor) : null;
  }
  return json;
}

/** A `YYYY-MM-DD` date as the start of that day, UTC [I: the time zone is not documented]. */
function dayStart(value: string, key: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new HttpError(400, `filters[${key}] must be a date YYYY-MM-DD, not ${JSON.stringify(value)}`);
  return ms;
}

/**
 * `filters[key]=value` pairs (deepObject). Unknown keys are refused (additionalProperties false) and
 * so is a key given twice (one value per key [I]).
 */
function parseFilters(query: URLSearchParams): Partial<Record<AuditFilterKey, string>> {
  const filters: Partial<Record<AuditFilterKey, string>> = {};
  for (const [name, value] of query) {
    if (name !== 'filters' && !name.startsWith('filters[')) continue;
    const key = /^filters\[([a-z_]+)\]$/.exec(name)?.[1];
    if (key === undefined || !(AUDIT_FILTER_KEYS as readonly string[]).includes(key))
      throw new HttpError(400, `Unknown filter ${name}: filters may be ${AUDIT_FILTER_KEYS.join(', ')}`);
    const k = key as AuditFilterKey;
    if (filters[k] !== undefined) throw new HttpError(400, `filters[${k}] is given twice; it takes one value`);
    if (k.endsWith('_id') && !UUID.test(value))
      throw new HttpError(400, `filters[${k}] must be a UUID, not ${JSON.stringify(value)}`);
    if ((k === 'event_type' || k === 'resource_type') && !ENUM_VALUE.test(value))
      throw new HttpError(400, `filters[${k}] is not a known ${k}: ${JSON.stringify(value)}`);
    if (k === 'from_date' || k === 'to_date') dayStart(value, k);
    filters[k] = value;
  }
  return filters;
}

function matches(e: AuditEventRecord, f: Partial<Record<AuditFilterKey, string>>): boolean {
  const same = (a: string | null, b: string | undefined) => b === undefined || a === b.toLowerCase();
  if (f.event_type !== undefined && e.eventType !== f.event_type) return false;
  if (f.resource_type !== undefined && e.resourceType !== f.resource_type) return false;
  if (f.ip_address !== undefined && e.ipAddress !== f.ip_address) return false;
  if (!same(e.resourceId, f.resource_id) || !same(e.userId, f.user_id)) return false;
  if (!same(e.workspaceId, f.workspace_id) || !same(e.projectId, f.project_id)) return false;
  // Both dates include their whole day, UTC [I: inclusivity is not documented].
  if (f.from_date !== undefined && e.at < dayStart(f.from_date, 'from_date')) return false;
  if (f.to_date !== undefined && e.at >= dayStart(f.to_date, 'to_date') + DAY_MS) return false;
  return true;
}

/**
 * Account admins and the owner only [I: the V2 API kept its audit log to Account Admins]; a member gets
 * 403. Events older than AUDIT_RETENTION_DAYS on the emulator's clock are gone [I].
 */
export function auditLogsIndex(ctx: Ctx): Result {
  const { account, callerRole } = readableAccount(ctx);
  if (accountRoleRank(callerRole) < accountRoleRank('admin'))
    throw new HttpError(403, 'Only account admins and the owner can read the audit log');
  if (ctx.query.has('sort')) throw new HttpError(400, 'The audit log takes no sort parameter');
  const include = ctx.query.get('include');
  if (include !== null && include !== 'user')
    throw new HttpError(400, `include must be user, not ${JSON.stringify(include)}`);
  const filters = parseFilters(ctx.query);
  const q = parseListQuery(ctx.query, ctx.path, { sorts: [ORDER], defaultSort: ORDER });
  const oldest = ctx.state.clock() - AUDIT_RETENTION_DAYS * DAY_MS;
  const rows: Keyed<AuditEventRecord>[] = ctx.state.audit
    .of(account.id)
    .filter((e) => e.at >= oldest && matches(e, filters))
    .map((e) => ({ key: [new Date(e.at).toISOString(), String(e.seq).padStart(12, '0')], item: e }));
  const page = pageOf(sortRows(rows, q.sort), q, ctx.path, ctx.rawPath);
  const withUser = include === 'user';
  return { status: 200, body: { ...page, data: page.data.map((e) => auditEventJson(ctx.state, e, withUser)) } };
}
