// Turns whatever a request ended with into words fit for an ApiError: the API's own error details,
// or a short reason for a missing answer. Never passes on ofetch's FetchError (it holds our headers).

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
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
  UND_ERR_BODY_TIMEOUT: 'answer stalled',
};

/**
 * Whether the connection was refused: nothing listens at that address. undici puts the socket error
 * in `cause` (under ofetch's own FetchError), and a host with several addresses gives an
 * AggregateError whose `errors` were each refused.
 */
export function isConnectionRefused(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (code === 'ECONNREFUSED') return true;
    if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isConnectionRefused(e))) return true;
    current = cause;
  }
  return false;
}

/**
 * Whether fetch refused to connect at all because the port is on its blocked list (e.g. 1, 25):
 * undici says so with the fixed message "bad port", which carries nothing of the request.
 */
export function isBadPort(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { message, cause } = current as { message?: unknown; cause?: unknown };
    if (message === 'bad port') return true;
    current = cause;
  }
  return false;
}

/** `host:port` of a URL, with the scheme's default port spelled out. */
export function hostPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

/**
 * Why no answer came, from the error's cause chain. Only codes and names are read, never messages,
 * so nothing from the request (headers, URL) can leak into the text; a refused connection names the
 * host and port it tried (from `target`, which is ours and carries no secret).
 */
export function networkReason(error: unknown, timeoutMs: number, target?: URL): string {
  if (isConnectionRefused(error)) return target ? `connection refused by ${hostPort(target)}` : `${NETWORK_CODES.ECONNREFUSED} (ECONNREFUSED)`;
  if (isBadPort(error)) return target ? `port ${hostPort(target).split(':').pop()} is one that fetch never connects to` : 'a port that fetch never connects to';
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { name, code, cause } = current as { name?: unknown; code?: unknown; cause?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
    if (typeof code === 'string' && NETWORK_CODES[code]) return `${NETWORK_CODES[code]} (${code})`;
    current = cause;
  }
  return 'connection failed';
}

/** Removes a secret from text that came from elsewhere (an API that echoes the token, say). */
export function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('[redacted]');
}
