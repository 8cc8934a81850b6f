// Adobe IMS as rolesync talks to it: the token endpoint (client credentials, code exchange,
// refresh), revoke, userinfo and the authorize URL. Errors carry IMS's own words, never a secret.
import { RolesyncError } from '../errors.js';
import { isLoopbackHost, plainHttpRefused } from '../client/config.js';
import { systemClock, type Clock } from '../client/clock.js';
import { noAnswer, type NoAnswerKind } from '../client/failure.js';

export const DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com';
/** What a Frame.io server-to-server credential asks for (Frame.io's OpenAPI `s2s_auth` scopes). */
export const S2S_SCOPES = 'openid,AdobeID,frame.s2s.all';
/** What a user login asks for: offline_access brings the refresh token. */
export const LOGIN_SCOPES = 'openid,AdobeID,email,profile,offline_access,additional_info.roles';

/** A client of IMS: public (PKCE only) when it has no secret, confidential (HTTP Basic) when it has. */
export interface ImsClientCredential {
  clientId: string;
  clientSecret?: string;
}

export interface TokenAnswer {
  accessToken: string;
  /** Lifetime as IMS gave it, in milliseconds. */
  expiresInMs: number;
  refreshToken?: string;
}

export interface UserInfo {
  sub: string;
  email: string | null;
  name: string | null;
}

/** IMS said no, or could not be reached; `error` is IMS's OAuth error code when it gave one. */
export class ImsError extends RolesyncError {
  constructor(
    message: string,
    readonly status: number,
    readonly error: string | null,
    /** Why no answer came (status 0). */
    readonly unreached?: NoAnswerKind,
  ) {
    super('AUTH', message);
    this.name = 'ImsError';
  }
}

/**
 * The IMS base as a URL: an origin alone. Plain http:// would send the client secret and tokens in
 * clear, so it is allowed only to loopback (the emulator's IMS stand-in).
 */
export function resolveImsUrl(raw: string | undefined, name = 'FRAMEIO_IMS_URL'): URL {
  const text = raw === undefined || raw.trim() === '' ? DEFAULT_IMS_URL : raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RolesyncError('CONFIG', `${name} is not a URL: "${text}" (expected e.g. ${DEFAULT_IMS_URL})`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw plainHttpRefused(name, url, 'the client secret and tokens');
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RolesyncError('CONFIG', `${name} must be an https:// URL, not ${url.protocol}//`);
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new RolesyncError(
      'CONFIG',
      `${name} must be IMS's origin alone (e.g. ${DEFAULT_IMS_URL}); rolesync adds /ims/... itself`,
    );
  }
  return url;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Removes every secret from a text IMS sent back (an echo of a parameter must not leak it). */
function scrub(said: string, secrets: readonly string[]): string {
  let out = said;
  for (const s of secrets) if (s !== '') out = out.split(s).join('[redacted]');
  return out.replace(/[\r\n]+/g, ' ').slice(0, 300);
}

/** Tries after the first for a 5xx, a 429 or a lost answer; waits of 1 s, then 2 s. */
const IMS_RETRIES = 2;

/**
 * Which failures a call may be sent again after: `any` transient one for a call that changes
 * nothing at IMS (client credentials, userinfo); only `refused` (it never arrived) for one whose lost
 * answer may have spent a single-use code or refresh token.
 */
type Resend = 'any' | 'refused';

export interface ImsOptions {
  fetch?: typeof globalThis.fetch | undefined;
  clock?: Clock | undefined;
  timeoutMs?: number;
}

export class Ims {
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(
    readonly base: URL,
    options: ImsOptions = {},
  ) {
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Server-to-server: a token for the credential's technical account. No refresh token comes. */
  clientCredentials(clientId: string, clientSecret: string, scopes: string): Promise<TokenAnswer> {
    const form = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: scopes };
    return this.token('a token for the client credentials', {}, {}, form, undefined, [clientSecret], 'any');
  }

  /** The sign-in page's URL; the browser comes back to the redirect URI with `code` and `state`. */
  authorizeUrl(
    client: ImsClientCredential,
    options: { state: string; challenge: string; redirectUri?: string; scopes?: string },
  ): string {
    const url = new URL('/ims/authorize/v2', this.base);
    url.searchParams.set('client_id', client.clientId);
    if (options.redirectUri !== undefined) url.searchParams.set('redirect_uri', options.redirectUri);
    url.searchParams.set('scope', options.scopes ?? LOGIN_SCOPES);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('state', options.state);
    url.searchParams.set('code_challenge', options.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    return url.href;
  }

  exchangeCode(
    client: ImsClientCredential,
    code: string,
    verifier: string,
    redirectUri?: string,
  ): Promise<TokenAnswer> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, code_verifier: verifier };
    if (redirectUri !== undefined) form.redirect_uri = redirectUri;
    return this.token('the sign-in code', ...this.clientAuth(client), form, client, [code, verifier], 'refused');
  }

  refresh(client: ImsClientCredential, refreshToken: string): Promise<TokenAnswer> {
    const form = { grant_type: 'refresh_token', refresh_token: refreshToken };
    return this.token('the saved login', ...this.clientAuth(client), form, client, [refreshToken], 'refused');
  }

  /** Ends a token (access or refresh). */
  async revoke(client: ImsClientCredential, token: string): Promise<void> {
    const [query, headers] = this.clientAuth(client);
    const response = await this.send('POST', '/ims/revoke', query, headers, { token }, 'refused');
    if (response.status >= 200 && response.status < 300) return;
    throw this.refusal('revoking the saved login', response, await response.text(), [token, client.clientSecret ?? '']);
  }

  async userinfo(clientId: string, accessToken: string): Promise<UserInfo> {
    const auth = { authorization: `Bearer ${accessToken}` };
    const response = await this.send('GET', '/ims/userinfo/v2', { client_id: clientId }, auth, undefined, 'any');
    const raw = await response.text();
    if (response.status !== 200) throw this.refusal('the user info', response, raw, [accessToken]);
    const body = parse(raw);
    const sub = text(body?.sub);
    if (sub === null) throw new ImsError('Adobe IMS answered the user info without a user (sub)', 200, null);
    return { sub, email: text(body?.email), name: text(body?.name) };
  }

  /** Public clients name themselves in the query; confidential ones authenticate with HTTP Basic. */
  private clientAuth(client: ImsClientCredential): [Record<string, string>, Record<string, string>] {
    if (client.clientSecret === undefined) return [{ client_id: client.clientId }, {}];
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    return [{}, { authorization: `Basic ${basic}` }];
  }

  private async token(
    what: string,
    query: Record<string, string>,
    headers: Record<string, string>,
    form: Record<string, string>,
    client: ImsClientCredential | undefined,
    secrets: string[],
    resend: Resend,
  ): Promise<TokenAnswer> {
    const all = [...secrets, client?.clientSecret ?? ''];
    const response = await this.send('POST', '/ims/token/v3', query, headers, form, resend);
    const raw = await response.text();
    if (response.status !== 200) throw this.refusal(what, response, raw, all);
    const body = parse(raw);
    const accessToken = text(body?.access_token);
    const expiresIn = body?.expires_in;
    if (accessToken === null || !/^[\x21-\x7e]+$/.test(accessToken))
      throw new ImsError(`Adobe IMS answered the request for ${what} without a usable access_token`, 200, null);
    if (typeof expiresIn !== 'number' || !(expiresIn > 0))
      throw new ImsError(`Adobe IMS answered the request for ${what} without a positive expires_in`, 200, null);
    const refreshToken = text(body?.refresh_token);
    return {
      accessToken,
      expiresInMs: expiresIn * 1000,
      ...(refreshToken !== null ? { refreshToken } : {}),
    };
  }

  private refusal(what: string, response: Response, raw: string, secrets: string[]): ImsError {
    const body = parse(raw);
    const error = text(body?.error);
    const said = [error, text(body?.error_description)].filter((s) => s !== null).join(': ');
    const why = said === '' ? 'no error given' : scrub(said, secrets);
    return new ImsError(`Adobe IMS refused ${what} (HTTP ${response.status}): ${why}`, response.status, error);
  }

  /** One call, sent again after a transient failure as `resend` allows. */
  private async send(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: Record<string, string>,
    form: Record<string, string> | undefined,
    resend: Resend,
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= IMS_RETRIES;
      let response: Response;
      try {
        response = await this.sendOnce(method, path, query, headers, form);
      } catch (error) {
        const kind = error instanceof ImsError ? error.unreached : undefined;
        const transient = kind === 'refused' || (resend === 'any' && (kind === 'network' || kind === 'tls_closed'));
        if (last || !transient) throw error;
        await this.clock.sleep(1000 * 2 ** attempt);
        continue;
      }
      if (last || !(response.status >= 500 || response.status === 429)) return response;
      await response.body?.cancel();
      await this.clock.sleep(1000 * 2 ** attempt);
    }
  }

  private async sendOnce(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: Record<string, string>,
    form?: Record<string, string>,
  ): Promise<Response> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    try {
      return await this.fetchFn(url.href, {
        method,
        headers: {
          accept: 'application/json',
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...headers,
        },
        ...(form ? { body: new URLSearchParams(form).toString() } : {}),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // Only a reason built from error codes and our own URL: fetch's error may hold the request.
      const failure = noAnswer(error, this.timeoutMs, url);
      throw new ImsError(`could not reach Adobe IMS at ${this.base.origin}: ${failure.reason}`, 0, null, failure.kind);
    }
  }
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(raw);
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
