// Cursor pagination as Frame.io documents it: page_size 1-100 (default 50), an opaque
// keyset cursor in `after`, `links.next` = the request path plus only `after`, total_count on request.
import { HttpError } from './http-util.js';

export interface ListQuery {
  pageSize: number;
  includeTotalCount: boolean;
  sort: string;
  includeDeactivated: boolean;
  /** The sort key of the last row of the previous page. */
  after: string[] | null;
}

interface CursorPayload {
  v: 1;
  /** The listing path the cursor belongs to. */
  p: string;
  s: string;
  d: boolean;
  k: string[];
}

export interface ListSpec {
  sorts: readonly string[];
  defaultSort: string;
}

function parseBool(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new HttpError(422, `${name} must be true or false, not ${JSON.stringify(raw)}`);
}

export function encodeCursor(payload: Omit<CursorPayload, 'v'>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...payload }), 'utf8').toString('base64');
}

function decodeCursor(raw: string): CursorPayload {
  const bad = () =>
    new HttpError(400, 'Invalid cursor in after: use links.next from the previous page', undefined, 'Invalid cursor');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    throw bad();
  }
  const c = parsed as Partial<CursorPayload> | null;
  if (
    c?.v !== 1 ||
    typeof c.p !== 'string' ||
    typeof c.s !== 'string' ||
    typeof c.d !== 'boolean' ||
    !Array.isArray(c.k) ||
    !c.k.every((x) => typeof x === 'string')
  )
    throw bad();
  return c as CursorPayload;
}

/**
 * Reads the list parameters. A cursor remembers its listing's sort and include_deactivated, so a
 * client that follows `links.next` (re-sending only page_size) reads the same listing; a request
 * that contradicts its cursor is refused rather than silently mixing two orders.
 */
export function parseListQuery(query: URLSearchParams, path: string, spec: ListSpec): ListQuery {
  const rawSize = query.get('page_size');
  let pageSize = 50;
  if (rawSize !== null) {
    if (!/^\d+$/.test(rawSize) || Number(rawSize) < 1 || Number(rawSize) > 100) {
      throw new HttpError(422, `page_size must be an integer from 1 to 100, not ${JSON.stringify(rawSize)}`);
    }
    pageSize = Number(rawSize);
  }
  const includeTotalCount = parseBool(query, 'include_total_count') ?? false;
  const sortParam = query.get('sort');
  if (sortParam !== null && !spec.sorts.includes(sortParam)) {
    throw new HttpError(422, `sort must be one of ${spec.sorts.join(', ')}, not ${JSON.stringify(sortParam)}`);
  }
  const deactivatedParam = parseBool(query, 'include_deactivated');
  const rawAfter = query.get('after');
  if (rawAfter === null || rawAfter === '') {
    return {
      pageSize,
      includeTotalCount,
      sort: sortParam ?? spec.defaultSort,
      includeDeactivated: deactivatedParam ?? false,
      after: null,
    };
  }
  const cursor = decodeCursor(rawAfter);
  if (cursor.p !== path)
    throw new HttpError(400, 'Invalid cursor in after: it belongs to another listing', undefined, 'Invalid cursor');
  if (sortParam !== null && sortParam !== cursor.s)
    throw new HttpError(
      400,
      `The after cursor was made for sort=${cursor.s}, not sort=${sortParam}`,
      undefined,
      'Invalid cursor',
    );
  if (deactivatedParam !== undefined && deactivatedParam !== cursor.d) {
    throw new HttpError(
      400,
      `The after cursor was made for include_deactivated=${cursor.d}`,
      undefined,
      'Invalid cursor',
    );
  }
  return { pageSize, includeTotalCount, sort: cursor.s, includeDeactivated: cursor.d, after: cursor.k };
}

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export interface Keyed<T> {
  key: string[];
  item: T;
}

/** Sorts keyed rows ascending, or descending for a `*_desc` sort. */
export function sortRows<T>(rows: Keyed<T>[], sort: string): Keyed<T>[] {
  const dir = sort.endsWith('_desc') ? -1 : 1;
  return rows.sort((a, b) => dir * compareKeys(a.key, b.key));
}

export interface Page<T> {
  data: T[];
  links: { next: string | null };
  total_count?: number;
}

/**
 * One page of a sorted snapshot. Keyset paging: the next page starts after the last key served,
 * so rows added or removed between pages neither repeat nor shift the rest.
 */
export function pageOf<T>(rows: Keyed<T>[], q: ListQuery, path: string, rawPath: string): Page<T> {
  const dir = q.sort.endsWith('_desc') ? -1 : 1;
  let start = 0;
  if (q.after) {
    const after = q.after;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dir * compareKeys(rows[mid]!.key, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const slice = rows.slice(start, start + q.pageSize);
  const last = slice[slice.length - 1];
  const more = start + q.pageSize < rows.length;
  const cursor = (key: string[]) => encodeCursor({ p: path, s: q.sort, d: q.includeDeactivated, k: key });
  const next = more && last ? `${rawPath}?after=${encodeURIComponent(cursor(last.key))}` : null;
  const page: Page<T> = { data: slice.map((r) => r.item), links: { next } };
  if (q.includeTotalCount) page.total_count = rows.length;
  return page;
}
