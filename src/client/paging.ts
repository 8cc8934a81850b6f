// Cursor paging over a list endpoint: follows links.next until null, with page_size=100, and
// refuses a page it does not understand or a cursor it has seen, so a listing is whole or an error.
import { RolesyncError } from '../errors.js';
import type { Http, Query } from './http.js';

export const PAGE_SIZE = 100;

/** Far above any real account (a million rows): a server that never ends is an error, not a hang. */
export const MAX_PAGES = 10_000;

function protocolError(path: string, page: number, what: string): RolesyncError {
  return new RolesyncError(
    'API_PROTOCOL',
    `GET ${path}: page ${page} of the listing ${what}; the listing was discarded rather than used incomplete`,
  );
}

/** A list page as the API documents it: `data` array, `links.next` string or null. */
function checkPage(body: unknown, path: string, page: number): { data: unknown[]; next: string | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw protocolError(path, page, 'is not a JSON object');
  const { data, links } = body as { data?: unknown; links?: unknown };
  if (!Array.isArray(data)) throw protocolError(path, page, 'has no "data" array');
  if (typeof links !== 'object' || links === null) throw protocolError(path, page, 'has no "links" object');
  if (!('next' in links)) throw protocolError(path, page, 'has no "links.next"');
  const next = (links as { next: unknown }).next;
  if (next !== null && (typeof next !== 'string' || next === '')) throw protocolError(path, page, 'has a "links.next" that is neither a link nor null');
  return { data, next };
}

/**
 * The URL of the next page: the link as given (relative to the API, or absolute on our own origin),
 * plus page_size and the original query parameters it lacks.
 */
function nextUrl(http: Http, link: string, first: URL, path: string, page: number): URL {
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
  const prefix = http.base.pathname.replace(/\/+$/, '');
  if (prefix !== '' && link.startsWith('/') && !target.pathname.startsWith(`${prefix}/`)) {
    // The API's links are rooted at /v4; behind a base URL with a path they need that path in front.
    target = new URL(prefix + target.pathname + target.search, first.origin);
  }
  if (decodeURIComponent(target.pathname) !== decodeURIComponent(first.pathname)) {
    throw protocolError(path, page, `has a "links.next" that leaves the listing (${http.apiPath(target)})`);
  }
  for (const [key, value] of first.searchParams) if (!target.searchParams.has(key)) target.searchParams.set(key, value);
  return target;
}

/** Yields each page's `data` array in order. A repeated cursor or a malformed page throws API_PROTOCOL. */
export async function* pages(http: Http, path: string, query: Query = {}, maxPages = MAX_PAGES): AsyncGenerator<unknown[]> {
  const first = http.url(path, { ...query, page_size: PAGE_SIZE });
  const seenLinks = new Set<string>();
  const seenCursors = new Set<string>();
  let url: URL | undefined = first;
  for (let page = 1; url !== undefined; page++) {
    if (page > maxPages) throw protocolError(path, page, `would exceed ${maxPages} pages`);
    const { body } = await http.request('GET', url);
    const { data, next } = checkPage(body, path, page);
    yield data;
    if (next === null) return;
    if (seenLinks.has(next)) throw protocolError(path, page, 'repeats a "links.next" already followed (a cursor loop)');
    seenLinks.add(next);
    url = nextUrl(http, next, first, path, page);
    const cursor = url.searchParams.get('after');
    if (cursor === null) throw protocolError(path, page, 'has a "links.next" without an "after" cursor');
    if (seenCursors.has(cursor)) throw protocolError(path, page, 'repeats an "after" cursor already followed (a cursor loop)');
    seenCursors.add(cursor);
  }
}

/** Every item of a listing, in the order the API gave them. */
export async function listAll(http: Http, path: string, query: Query = {}): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const data of pages(http, path, query)) items.push(...data);
  return items;
}
