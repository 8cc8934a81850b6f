// Turns whatever a request ended with into words fit for an ApiError: the API's own error details,
// or a short reason for a missing answer. Never passes on ofetch's FetchError (it holds our headers).
import { ApiError } from '../errors.js';
import { isLoopbackHost } from './config.js';

/** The API's `errors[].detail` texts joined, or the pre-GA `{"error":{"detail"}}` 401 shape. */
export function detailOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { errors, error } = body as { errors?: unknown; error?: unknown };
  if (Array.isArray(errors)) {
    return errors
      .map((e) => (typeof e === 'object' && e !== null ? (e as { detail?: unknown }).detail : undefined))
      .filter((d): d is string => typeof d === 'string' && d !== '')
      .join('; ');
  }
  if (typeof error === 'object' && error !== null) {
    const detail = (error as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
  }
  return '';
}

/** Parses a body that should be JSON; undefined when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'answer stalled',
};

/**
 * What kind of missing answer it was, which decides how often it is worth sending again:
 * - `dns`, `tls`, `certificate`, `blocked_port`: waiting changes nothing; never re-sent.
 * - `refused`, `tls_closed`: nothing (or something else) listens there; one quick re-send covers a
 *   server in the middle of a restart.
 * - `network` (reset, timeout, dropped): transient; re-sent with backoff.
 */
export type NoAnswerKind = 'dns' | 'tls' | 'tls_closed' | 'certificate' | 'blocked_port' | 'refused' | 'network';

export interface NoAnswer {
  kind: NoAnswerKind;
  /** For the error message: built from error codes and our own URL, never from error messages. */
  reason: string;
  /** What to change, for the kinds where waiting will not help. */
  hint?: string;
}

/** An ApiError without an answer (status 0): `kind` says why, `hint` what to change, when known. */
export class NoAnswerError extends ApiError {
  readonly kind: NoAnswerKind;
  override readonly hint: string | undefined;
  constructor(method: string, path: string, failure: NoAnswer, attempts: number) {
    super(method, path, 0, attempts > 1 ? `${failure.reason}, after ${attempts} attempts` : failure.reason);
    this.name = 'NoAnswerError';
    this.kind = failure.kind;
    this.hint = failure.hint;
  }
}

/** The account id a `/v4/accounts/{id}/...` path is about; undefined for any other path. */
export function accountOfPath(path: string): string | undefined {
  const segment = /^\/v4\/accounts\/([^/]+)/.exec(path)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * An experimental endpoint answered 404 or 400 before any experimental call of the account had
 * succeeded: the account is not offered the experimental API (or not this part of it). Names the
 * feature, the call and the status; the API's own words follow.
 */
export class ExperimentalUnavailableError extends ApiError {
  readonly feature: string;
  /** The account the call was about (from its path), when it names one. */
  readonly account: string | undefined;
  override readonly hint: string;
  constructor(feature: string, method: string, path: string, status: number, detail: string) {
    super(method, path, status, detail);
    this.name = 'ExperimentalUnavailableError';
    this.feature = feature;
    this.account = accountOfPath(path);
    this.message =
      `${feature} are an experimental API this account does not offer: ${method} ${path} answered HTTP ${status}` +
      (detail ? ` (${detail})` : '');
    this.hint =
      `Frame.io offers its experimental API (sent with "api-version: experimental") to some accounts only; ` +
      `leave ${feature} out, or ask Frame.io to enable it for this account.`;
  }
}

type Cause = { code?: unknown; name?: unknown; message?: unknown; errors?: unknown };

/** A cause chain (ofetch's FetchError > undici's TypeError > the socket error), outermost first. */
function causes(error: unknown): Cause[] {
  const out: Cause[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    out.push(current as Cause);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * Whether the connection was refused: nothing listens at that address. A host with several
 * addresses gives an AggregateError whose `errors` were each refused.
 */
export function isConnectionRefused(error: unknown): boolean {
  const allRefused = (errors: unknown): boolean =>
    Array.isArray(errors) && errors.length > 0 && errors.every((e) => isConnectionRefused(e));
  return causes(error).some(({ code, errors }) => code === 'ECONNREFUSED' || allRefused(errors));
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
// OpenSSL's and Node's certificate verdicts (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT,
// UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID, ...).
const CERTIFICATE_CODE =
  /^(ERR_TLS_CERT_|CERT_|UNABLE_TO_(GET|VERIFY|DECRYPT)_|(DEPTH_ZERO_)?SELF_SIGNED_|HOSTNAME_MISMATCH$|INVALID_CA$)/;
// Node's fixed text for a peer that closed the socket before the TLS handshake finished.
const TLS_CLOSED = 'Client network socket disconnected before secure TLS connection was established';

/** `host:port` of a URL, with the scheme's default port spelled out. */
export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/** OpenSSL's answer to a server that replies in plain HTTP: Node 20 has a code, older ones only the text. */
function isPlainHttpReply(code: string, message: unknown): boolean {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return true;
  return code === 'EPROTO' && typeof message === 'string' && message.includes('wrong version number');
}

/**
 * Why no answer came, from the error's cause chain. Codes and names are read, and messages only
 * compared with fixed texts (undici's "bad port", OpenSSL's "wrong version number"), so nothing from
 * the request (headers, URL) can leak into the reason; hosts and ports come from `target`, which is
 * ours and carries no secret.
 */
export function noAnswer(error: unknown, timeoutMs: number, target: URL): NoAnswer {
  const server = `${target.protocol}//${target.host}`;
  if (isConnectionRefused(error)) return { kind: 'refused', reason: `connection refused by ${hostPort(target)}` };
  for (const { name, code, message } of causes(error)) {
    if (message === 'bad port') {
      return {
        kind: 'blocked_port',
        reason: `port ${hostPort(target).split(':').pop()} is one that fetch never connects to`,
        hint: `Use another port in FRAMEIO_API_URL (${server}).`,
      };
    }
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { kind: 'network', reason: `no answer within ${timeoutMs} ms` };
    }
    if (typeof code !== 'string') continue;
    if (DNS_CODES.has(code)) {
      const what = code === 'EAI_AGAIN' ? 'could not be looked up' : 'was not found';
      return {
        kind: 'dns',
        reason: `the host ${target.hostname} ${what} (DNS: ${code})`,
        hint: `Check the host name in FRAMEIO_API_URL (${server}) and this machine's network and DNS.`,
      };
    }
    if (isPlainHttpReply(code, message)) {
      const reason = `the server at ${server} does not speak TLS (${code})`;
      return { kind: 'tls', reason, hint: plainHttpHint(target) };
    }
    if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) {
      return {
        kind: 'tls',
        reason: `the TLS handshake with ${server} failed (${code})`,
        hint: `Check that FRAMEIO_API_URL (${server}) names an https:// server.`,
      };
    }
    if (CERTIFICATE_CODE.test(code)) {
      return {
        kind: 'certificate',
        reason: `the TLS certificate of ${target.hostname} is not trusted (${code})`,
        hint:
          `Check the host in FRAMEIO_API_URL (${server}); behind a proxy that re-signs TLS, ` +
          'point NODE_EXTRA_CA_CERTS at its CA certificate.',
      };
    }
    if (code === 'ECONNRESET' && message === TLS_CLOSED) {
      return {
        kind: 'tls_closed',
        reason: `${hostPort(target)} closed the connection during the TLS handshake (${code})`,
        hint: plainHttpHint(target),
      };
    }
    if (NETWORK_CODES[code]) return { kind: 'network', reason: `${NETWORK_CODES[code]} (${code})` };
  }
  return { kind: 'network', reason: 'connection failed' };
}

/** After a TLS failure: on loopback it is likely the emulator, which wants http://; elsewhere, check the URL. */
function plainHttpHint(target: URL): string {
  const server = `${target.protocol}//${target.host}`;
  return isLoopbackHost(target.hostname)
    ? `FRAMEIO_API_URL (${server}) looks like a plain-HTTP server such as 'rolesync emulator': ` +
        `use http://${target.host} for it.`
    : `Check the port in FRAMEIO_API_URL (${server}): the server there does not answer https://.`;
}

/** Removes a secret from text that came from elsewhere (an API that echoes the token, say). */
export function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[redacted]');
}
