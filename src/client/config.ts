// Where the client talks to and with what token: FRAMEIO_API_URL and FRAMEIO_TOKEN, checked before
// any request so a mistake gives one clear CONFIG error instead of a failed call.
import { isIP } from 'node:net';
import { RolesyncError } from '../errors.js';

export const DEFAULT_API_URL = 'https://api.frame.io';

/** Where plain http:// may go, as every refusal of it names them. */
const LOOPBACK_HOSTS = 'localhost, 127.0.0.0/8 and [::1]';

/**
 * `localhost` itself, 127.0.0.0/8 and ::1: where plain http:// cannot be read by anyone else. Not
 * other `*.localhost` names: Node asks the system resolver, and not every one keeps them on the
 * machine (glibc without systemd-resolved sends them to DNS).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Plain http:// to any other host refused: `name` is the setting, `secrets` what would go unencrypted. */
export function plainHttpRefused(name: string, url: URL, secrets: string): RolesyncError {
  return new RolesyncError(
    'CONFIG',
    `${name} ${url.origin} uses plain http:// to a non-loopback host, which would send ${secrets} unencrypted; ` +
      `use https:// (http:// is allowed only for ${LOOPBACK_HOSTS})`,
  );
}

/**
 * The API base as a URL. Plain http:// would send the bearer token in clear, so it is allowed only
 * to loopback (the local emulator).
 */
export function resolveBaseUrl(raw: string | undefined): URL {
  const text = raw === undefined || raw.trim() === '' ? DEFAULT_API_URL : raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RolesyncError('CONFIG', `FRAMEIO_API_URL is not a URL: "${text}" (expected e.g. ${DEFAULT_API_URL})`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new RolesyncError(
      'CONFIG',
      'FRAMEIO_API_URL must not contain a user name or password; set the token in FRAMEIO_TOKEN',
    );
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) throw plainHttpRefused('FRAMEIO_API_URL', url, 'the token');
  } else if (url.protocol !== 'https:') {
    throw new RolesyncError('CONFIG', `FRAMEIO_API_URL must be an https:// URL, not ${url.protocol}//`);
  }
  // Frame.io's documents give the base as https://api.frame.io/v4; rolesync adds /v4/... itself, so
  // a path would end in /v4/v4/me and a 404. Refused before any call, with the origin to use.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    // The query and fragment are named, never quoted: someone may have put a token there.
    const parts: string[] = [];
    if (url.pathname !== '/') parts.push(`the path ${url.pathname}`);
    if (url.search !== '') parts.push('a query');
    if (url.hash !== '') parts.push('a fragment');
    const extra = parts.join(' and ');
    throw new RolesyncError(
      'CONFIG',
      `FRAMEIO_API_URL must be the API's origin alone, without ${extra}; ` +
        `set FRAMEIO_API_URL=${url.origin} (rolesync adds /v4/... itself)`,
    );
  }
  return url;
}

/**
 * The token, checked without ever quoting it: a header-breaking character would otherwise surface in
 * fetch's own error.
 */
export function checkToken(raw: string | undefined): string {
  const token = raw?.trim() ?? '';
  if (token === '') {
    throw new RolesyncError(
      'CONFIG',
      'FRAMEIO_TOKEN is not set: set it to a Frame.io V4 (Adobe IMS) access token of an account admin, e.g. ' +
        '`export FRAMEIO_TOKEN=...`',
    );
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new RolesyncError(
      'CONFIG',
      'FRAMEIO_TOKEN contains spaces or characters a bearer token cannot have; check how it was copied',
    );
  }
  return token;
}
