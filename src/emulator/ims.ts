// The emulator's stand-in for Adobe IMS on the same port: client credentials, authorize + code
// exchange with PKCE, refresh with rotation (a used refresh token is refused), revoke and userinfo.
// Token lifetimes are in emulated seconds and follow the emulator's time scale and clock.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A seeded IMS credential (the `ims_clients` list of the seed). */
export interface SeedImsClient {
  client_id: string;
  /**
   * `s2s`: server-to-server (client credentials, needs client_secret); `web_app`: authorization
   * code with HTTP Basic (needs client_secret); `public`: authorization code with PKCE, no secret.
   */
  type: ImsClientType;
  client_secret?: string;
  /** The email of the emulator user its tokens act as: the S2S technical account, or who signs in. */
  user: string;
  /** The default redirect URI of a `web_app` or `public` client. */
  redirect_uri?: string;
}

export type ImsClientType = 's2s' | 'web_app' | 'public';
export const IMS_CLIENT_TYPES: readonly ImsClientType[] = ['s2s', 'web_app', 'public'];

/** IMS's documented default: access tokens last 24 hours (86399 s). */
export const DEFAULT_IMS_TOKEN_LIFETIME = 86_399;
/** Refresh tokens: 14 days. */
const REFRESH_LIFETIME = 14 * 24 * 3600;
/** A sign-in code is good for a few minutes. */
const CODE_LIFETIME = 300;

export interface ImsAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The user the call acted for (the request log's user), never a token. */
  userEmail?: string | null;
}

interface Session {
  clientId: string;
  email: string;
  revoked: boolean;
}

interface Issued {
  session: Session;
  /** Real ms. */
  expiresAt: number;
}

interface Code {
  clientId: string;
  email: string;
  redirectUri: string | null;
  challenge: string | null;
  method: string;
  scope: string;
  expiresAt: number;
  used: boolean;
}

/** Query keys whose values are secrets: the request log keeps the key, never the value. */
export const IMS_SECRET_KEYS = ['client_secret', 'code', 'code_verifier', 'refresh_token', 'token', 'access_token'];

function oauthError(status: number, error: string, description: string): ImsAnswer {
  return { status, body: { error, error_description: description } };
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function base64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

export class ImsStandIn {
  private readonly clients = new Map<string, SeedImsClient>();
  private readonly access = new Map<string, Issued>();
  private readonly refresh = new Map<string, Issued & { used: boolean }>();
  private readonly codes = new Map<string, Code>();

  constructor(
    clients: readonly SeedImsClient[],
    /** Emulated seconds an access token lasts. */
    readonly lifetimeSeconds: number,
    private readonly timeScale: number,
    private readonly now: () => number,
    /** Whether an email is a user who can sign in (has a Frame.io id). */
    private readonly userExists: (email: string) => { email: string; name: string | null; id: string } | undefined,
  ) {
    for (const c of clients) this.clients.set(c.client_id, c);
  }

  get clientList(): SeedImsClient[] {
    return [...this.clients.values()];
  }

  /** Real milliseconds of an emulated span. */
  private realMs(seconds: number): number {
    return (seconds * 1000) / this.timeScale;
  }

  /** The user an IMS access token acts as; 'expired' once its time is up; undefined when unknown. */
  tokenUser(token: string): string | 'expired' | undefined {
    const issued = this.access.get(token);
    if (issued === undefined || issued.session.revoked) return undefined;
    return this.now() >= issued.expiresAt ? 'expired' : issued.session.email;
  }

  handle(
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string | undefined>,
    body: string,
  ): ImsAnswer {
    if (path === '/ims/token/v3')
      return method === 'POST' ? this.token(query, headers, new URLSearchParams(body)) : this.notAllowed('POST');
    if (path === '/ims/authorize/v2') return method === 'GET' ? this.authorize(query) : this.notAllowed('GET');
    if (path === '/ims/revoke')
      return method === 'POST' ? this.revoke(query, headers, new URLSearchParams(body)) : this.notAllowed('POST');
    if (path === '/ims/userinfo/v2') return method === 'GET' ? this.userinfo(headers) : this.notAllowed('GET');
    return oauthError(404, 'not_found', `no IMS endpoint ${path}`);
  }

  private notAllowed(allowed: string): ImsAnswer {
    return { ...oauthError(405, 'method_not_allowed', `use ${allowed}`), headers: { allow: allowed } };
  }

  /**
   * The calling client: HTTP Basic (confidential), else client_id and client_secret in the form,
   * else client_id in the query or form (public). A wrong or missing secret is `invalid_client`.
   */
  private clientOf(
    query: URLSearchParams,
    headers: Record<string, string | undefined>,
    form: URLSearchParams,
  ): SeedImsClient | ImsAnswer {
    let id = form.get('client_id') ?? query.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return oauthError(401, 'invalid_client', 'malformed Basic authorization');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (id === null || id === '') return oauthError(400, 'invalid_request', 'missing client_id parameter');
    const client = this.clients.get(id);
    if (client === undefined) return oauthError(400, 'invalid_client', 'invalid client_id parameter');
    if (client.type === 'public') {
      if (secret !== null) return oauthError(401, 'invalid_client', 'a public client has no client_secret');
      return client;
    }
    if (secret === null || !equalSecret(secret, client.client_secret ?? ''))
      return oauthError(401, 'invalid_client', 'invalid client_secret parameter');
    return client;
  }

  private issue(session: Session, withRefresh: boolean): ImsAnswer {
    const accessToken = `ims-at-${base64url(randomBytes(24))}`;
    this.access.set(accessToken, { session, expiresAt: this.now() + this.realMs(this.lifetimeSeconds) });
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'bearer',
      // Real seconds, so a client's own clock agrees with the emulator's (fractional under a time scale).
      expires_in: Math.round((this.lifetimeSeconds / this.timeScale) * 1000) / 1000,
    };
    if (withRefresh) {
      const refreshToken = `ims-rt-${base64url(randomBytes(24))}`;
      this.refresh.set(refreshToken, { session, expiresAt: this.now() + this.realMs(REFRESH_LIFETIME), used: false });
      body.refresh_token = refreshToken;
      body.sub = this.userExists(session.email)?.id;
    }
    return { status: 200, body, userEmail: session.email };
  }

  private token(query: URLSearchParams, headers: Record<string, string | undefined>, form: URLSearchParams): ImsAnswer {
    const grant = form.get('grant_type');
    const client = this.clientOf(query, headers, form);
    if ('status' in client) return client;
    if (grant === 'client_credentials') {
      if (client.type !== 's2s')
        return oauthError(400, 'unauthorized_client', `client ${client.client_id} may not use client_credentials`);
      return this.issue({ clientId: client.client_id, email: client.user, revoked: false }, false);
    }
    if (client.type === 's2s')
      return oauthError(400, 'unauthorized_client', `client ${client.client_id} may use client_credentials only`);
    if (grant === 'authorization_code') return this.exchange(client, form);
    if (grant === 'refresh_token') {
      const token = form.get('refresh_token') ?? '';
      const found = this.refresh.get(token);
      if (found === undefined || found.used || found.session.revoked || this.now() >= found.expiresAt)
        return oauthError(400, 'invalid_grant', 'the refresh token is invalid, expired, revoked or already used');
      if (found.session.clientId !== client.client_id)
        return oauthError(400, 'invalid_grant', 'the refresh token was issued to another client');
      // Rotation: this refresh token is spent; the answer brings the next one.
      found.used = true;
      return this.issue(found.session, true);
    }
    return oauthError(400, 'unsupported_grant_type', `unsupported grant_type ${JSON.stringify(grant)}`);
  }

  private exchange(client: SeedImsClient, form: URLSearchParams): ImsAnswer {
    const code = this.codes.get(form.get('code') ?? '');
    if (code === undefined || code.used || this.now() >= code.expiresAt || code.clientId !== client.client_id)
      return oauthError(400, 'invalid_grant', 'the code is invalid, expired or already used');
    code.used = true;
    const redirect = form.get('redirect_uri');
    if (code.redirectUri !== null && redirect !== null && redirect !== code.redirectUri)
      return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one of the authorize request');
    if (code.challenge !== null) {
      const verifier = form.get('code_verifier');
      if (verifier === null) return oauthError(400, 'invalid_request', 'missing code_verifier parameter');
      const derived = code.method === 'S256' ? base64url(createHash('sha256').update(verifier).digest()) : verifier;
      if (derived !== code.challenge) return oauthError(400, 'invalid_grant', 'the code_verifier does not match');
    }
    const scopes = code.scope.split(/[ ,]+/);
    return this.issue(
      { clientId: client.client_id, email: code.email, revoked: false },
      scopes.includes('offline_access'),
    );
  }

  /** Signs the client's user in at once (no page) and sends the browser back with a code. */
  private authorize(query: URLSearchParams): ImsAnswer {
    const client = this.clients.get(query.get('client_id') ?? '');
    if (client === undefined || client.type === 's2s')
      return oauthError(400, 'invalid_client', 'invalid client_id parameter');
    if (query.get('response_type') !== 'code')
      return oauthError(400, 'unsupported_response_type', 'response_type must be code');
    const asked = query.get('redirect_uri');
    if (asked !== null && asked !== client.redirect_uri)
      return oauthError(400, 'invalid_request', 'redirect_uri does not match the credential');
    const redirect = asked ?? client.redirect_uri;
    if (redirect === undefined) return oauthError(400, 'invalid_request', 'the credential has no redirect URI');
    const challenge = query.get('code_challenge');
    const method = query.get('code_challenge_method') ?? 'plain';
    if (client.type === 'public' && challenge === null)
      return oauthError(400, 'invalid_request', 'code_challenge is required for public clients');
    if (method !== 'S256' && method !== 'plain')
      return oauthError(400, 'invalid_request', 'code_challenge_method must be S256 or plain');
    const hinted = query.get('login_hint');
    const user = this.userExists(hinted ?? client.user);
    if (user === undefined) return oauthError(400, 'invalid_request', `no user ${hinted ?? client.user} can sign in`);
    const code = `ims-code-${base64url(randomBytes(18))}`;
    this.codes.set(code, {
      clientId: client.client_id,
      email: user.email,
      redirectUri: asked,
      challenge,
      method,
      scope: query.get('scope') ?? '',
      expiresAt: this.now() + this.realMs(CODE_LIFETIME),
      used: false,
    });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    return { status: 302, headers: { location: back.href }, userEmail: user.email };
  }

  /** Ends the token's session: its access and refresh tokens alike. Unknown tokens: 200 too (RFC 7009). */
  private revoke(
    query: URLSearchParams,
    headers: Record<string, string | undefined>,
    form: URLSearchParams,
  ): ImsAnswer {
    const client = this.clientOf(query, headers, form);
    if ('status' in client) return client;
    const token = form.get('token') ?? '';
    const found = this.refresh.get(token) ?? this.access.get(token);
    if (found !== undefined && found.session.clientId === client.client_id) found.session.revoked = true;
    return { status: 200, userEmail: found?.session.email ?? null };
  }

  private userinfo(headers: Record<string, string | undefined>): ImsAnswer {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
    const email = m ? this.tokenUser(m[1]!) : undefined;
    if (email === undefined || email === 'expired') return oauthError(401, 'invalid_token', 'invalid or expired token');
    const user = this.userExists(email)!;
    return {
      status: 200,
      body: { sub: user.id, email: user.email, email_verified: true, name: user.name },
      userEmail: email,
    };
  }
}

/** The seed's IMS clients checked; problems go to `fail` with their path. */
export function checkImsClients(
  raw: unknown,
  userOf: (email: string) => string | undefined,
  fail: (path: (string | number)[], message: string) => void,
): SeedImsClient[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    fail(['ims_clients'], 'ims_clients must be a list of {client_id, type, client_secret, user, redirect_uri}');
    return [];
  }
  const out: SeedImsClient[] = [];
  const ids = new Set<string>();
  for (const [i, c] of raw.entries()) {
    const at = ['ims_clients', i];
    if (typeof c !== 'object' || c === null || Array.isArray(c)) {
      fail(at, 'an IMS client must be a mapping {client_id, type, client_secret, user, redirect_uri}');
      continue;
    }
    const r = c as Record<string, unknown>;
    for (const key of Object.keys(r))
      if (!['client_id', 'type', 'client_secret', 'user', 'redirect_uri'].includes(key))
        fail([...at, key], `unknown IMS client key "${key}"`);
    if (typeof r.client_id !== 'string' || r.client_id === '') {
      fail([...at, 'client_id'], 'client_id must be a non-empty string');
      continue;
    }
    if (ids.has(r.client_id)) fail([...at, 'client_id'], `duplicate IMS client ${r.client_id}`);
    ids.add(r.client_id);
    if (!(IMS_CLIENT_TYPES as readonly unknown[]).includes(r.type)) {
      fail([...at, 'type'], `type must be one of ${IMS_CLIENT_TYPES.join(', ')}`);
      continue;
    }
    const type = r.type as ImsClientType;
    const secret = r.client_secret;
    if (type === 'public' && secret !== undefined)
      fail([...at, 'client_secret'], 'a public client has no client_secret (it uses PKCE)');
    if (type !== 'public' && (typeof secret !== 'string' || secret === ''))
      fail([...at, 'client_secret'], `a ${type} client needs a client_secret`);
    const email = typeof r.user === 'string' ? userOf(r.user) : undefined;
    if (email === undefined) fail([...at, 'user'], 'user must be the email of a seeded user with an id');
    if (r.redirect_uri !== undefined && (typeof r.redirect_uri !== 'string' || !URL.canParse(r.redirect_uri)))
      fail([...at, 'redirect_uri'], 'redirect_uri must be a URL');
    if (email === undefined) continue;
    out.push({
      client_id: r.client_id,
      type,
      ...(typeof secret === 'string' && type !== 'public' ? { client_secret: secret } : {}),
      user: email,
      ...(typeof r.redirect_uri === 'string' ? { redirect_uri: r.redirect_uri } : {}),
    });
  }
  return out;
}
