// Cursor paging over a list endpoint: follows links.next until null, with page_size=100, and
// refuses a page it does not understand, a cursor it has seen, a run of empty pages or a row shown
// twice, so a listing is whole and consistent or an error.
import { RolesyncError } from '../errors.js';
import type { Http, Query } from './http.js';

export const PAGE_SIZE = 100;

/** Far above any real account (a million rows): a server that never ends is an error, not a hang. */
export const MAX_PAGES = 10_000;

/**
 * Empty pages in a row that still point onwards. A real listing has at most one (the last); a server
 * minting fresh cursors for nothing would otherwise hold us for MAX_PAGES pages at the rate limit.
 */
export const MAX_EMPTY_PAGES = 3;

function protocolError(path: string, page: number, what: string): RolesyncError {
  return new RolesyncError(
    'API_PROTOCOL',
    `GET ${path}: page ${page} of the listing ${what}; the listing was discarded rather than used incomplete`,
  );
}

/** A list page as the API documents it: `data` array, `links.next` string or null. */
function checkPage(body: unknown, path: string, page: number): { data: unknown[]; next: string | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw protocolError(path, page, 'is not a JSON object');
  const { data, links } = body as { data?: unknown; links?: unknown };
  if (!Array.isArray(data)) throw protocolError(path, page, 'has no "data" array');
  if (typeof links !== 'object' || links === null) throw protocolError(path, page, 'has no "links" object');
  if (!('next' in links)) throw protocolError(path, page, 'has no "links.next"');
  const next = (links as { next: unknown }).next;
  if (next !== null && (typeof next !== 'string' || next === ''))
    throw protocolError(path, page, 'has a "links.next" that is neither a link nor null');
  return { data, next };
}

/**
 * The URL of the next page: the link as given (relative to the API, or absolute on our own origin),
 * plus page_size and the original query parameters it lacks. It must stay on the listing's path, or
 * on one of `samePaths` (another path of the same listing, as the reference's examples show some).
 */
function nextUrl(link: string, first: URL, path: string, page: number, samePaths: readonly string[]): URL {
  let target: URL;
  try {
    target = new URL(link, first);
  } catch {
    throw protocolError(path, page, 'has a "links.next" that is not a URL');
  }
  if (target.origin !== first.origin) {
    // Following it would send the token to another host.
    throw protocolError(path, page, `has a "links.next" to another host (${target.origin})`);
  }
  const at = decodeURIComponent(target.pathname);
  if (at !== decodeURIComponent(first.pathname) && !samePaths.some((p) => decodeURIComponent(p) === at)) {
    throw protocolError(path, page, `has a "links.next" that leaves the listing (${target.pathname})`);
  }
  for (const [key, value] of first.searchParams) if (!target.searchParams.has(key)) target.searchParams.set(key, value);
  return target;
}

/**
 * Yields each page's `data` array in order. A repeated cursor, a malformed page or MAX_EMPTY_PAGES empty
 * pages in a row that still link onwards throw API_PROTOCOL.
 */
export async function* pages(
  http: Http,
  path: string,
  query: Query = {},
  maxPages = MAX_PAGES,
  samePaths: readonly string[] = [],
): AsyncGenerator<unknown[]> {
  for await (const page of walk(http, path, query, maxPages, samePaths)) yield page.data;
}

/**
 * The first `cap` pages at most, each with `more`: whether the listing goes on past it. Stopping there
 * sends no further request (a bounded read, e.g. of the audit log).
 */
export async function* pagesUpTo(
  http: Http,
  path: string,
  query: Query,
  cap: number,
): AsyncGenerator<{ data: unknown[]; more: boolean }> {
  let page = 0;
  for await (const item of walk(http, path, query, MAX_PAGES, [])) {
    page += 1;
    yield item;
    if (page >= cap) return;
  }
}

async function* walk(
  http: Http,
  path: string,
  query: Query,
  maxPages: number,
  samePaths: readonly string[],
): AsyncGenerator<{ data: unknown[]; more: boolean }> {
  const first = http.url(path, { ...query, page_size: PAGE_SIZE });
  const seenLinks = new Set<string>();
  const seenCursors = new Set<string>();
  let url: URL | undefined = first;
  let emptyRun = 0;
  for (let page = 1; url !== undefined; page++) {
    if (page > maxPages) throw protocolError(path, page, `would exceed ${maxPages} pages`);
    const { body } = await http.request('GET', url);
    const { data, next } = checkPage(body, path, page);
    // The page's link is checked before its rows are handed out: a cursor loop is named as one, not
    // as the repeated rows it brings.
    url = next === null ? undefined : followable(next, first, path, page, seenLinks, seenCursors, samePaths);
    emptyRun = data.length === 0 && next !== null ? emptyRun + 1 : 0;
    if (emptyRun >= MAX_EMPTY_PAGES)
      throw protocolError(
        path,
        page,
        `is empty yet has a "links.next", like the ${emptyRun - 1} before it (a server paging through nothing)`,
      );
    yield { data, more: url !== undefined };
  }
}

/** The URL of a page's `links.next`, refused when it would go round in a loop. */
function followable(
  next: string,
  first: URL,
  path: string,
  page: number,
  seenLinks: Set<string>,
  seenCursors: Set<string>,
  samePaths: readonly string[],
): URL {
  if (seenLinks.has(next)) throw protocolError(path, page, 'repeats a "links.next" already followed (a cursor loop)');
  seenLinks.add(next);
  const url = nextUrl(next, first, path, page, samePaths);
  const cursor = url.searchParams.get('after');
  if (cursor === null) throw protocolError(path, page, 'has a "links.next" without an "after" cursor');
  if (seenCursors.has(cursor))
    throw protocolError(path, page, 'repeats an "after" cursor already followed (a cursor loop)');
  seenCursors.add(cursor);
  return url;
}

/** Every item of a listing, in the order the API gave them. */
export async function listAll(http: Http, path: string, query: Query = {}): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const data of pages(http, path, query)) items.push(...data);
  return items;
}

/**
 * Every item of a listing, parsed, with no id twice (null ids are not compared). Offset cursors shift
 * when a row is added or removed mid-listing, so one row shows twice and another not at all; the
 * repeat is the visible half of that, and the whole listing is refused rather than trusted.
 */
export async function listUnique<T>(
  http: Http,
  path: string,
  query: Query,
  parse: (raw: unknown) => T,
  idOf: (item: T) => string | null,
  what: string,
  /** Other paths of the same listing a `links.next` may point at. */
  samePaths: readonly string[] = [],
): Promise<T[]> {
  const items: T[] = [];
  const pageOfId = new Map<string, number>();
  let page = 0;
  for await (const data of pages(http, path, query, MAX_PAGES, samePaths)) {
    page += 1;
    for (const raw of data) {
      const item = parse(raw);
      const id = idOf(item);
      if (id !== null) {
        const before = pageOfId.get(id);
        if (before !== undefined) {
          throw new RolesyncError(
            'API_PROTOCOL',
            before === page
              ? `GET ${path}: ${what} ${id} is listed twice on page ${page}; rolesync cannot use this answer`
              : `GET ${path}: ${what} ${id} is listed on pages ${before} and ${page}: the listing changed while it ` +
                  'was read; try again',
          );
        }
        pageOfId.set(id, page);
      }
      items.push(item);
    }
  }
  return items;
}
