// `rolesync login` and `logout` without the terminal: the sign-in URL (state + PKCE), what the user
// pastes back, the code exchange and the saved file; revoking and deleting it again.
import { createHash, randomBytes } from 'node:crypto';
import { RolesyncError } from '../errors.js';
import { loginClient } from './env.js';
import { Ims, resolveImsUrl, type ImsClientCredential } from './ims.js';
import { credentialsPath, deleteLogin, readLogin, writeLogin, type SavedLogin } from './store.js';

export interface LoginSettings {
  clientId: string;
  /** A Web App (confidential) credential's secret; absent for a public (PKCE) one. */
  clientSecret?: string;
  /** Absent: the credential's default redirect URI. */
  redirectUri?: string;
  imsUrl: URL;
  /** Where the login is saved. */
  path: string;
}

type Env = Record<string, string | undefined>;

function given(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

/** The login's settings from flags first, then the environment. */
export function loginSettings(env: Env, flags: { clientId?: string; redirectUri?: string }): LoginSettings {
  const clientId = given(flags.clientId) ?? given(env.FRAMEIO_LOGIN_CLIENT_ID);
  if (clientId === undefined)
    throw new RolesyncError(
      'USAGE',
      'login needs the client id of your Adobe OAuth credential (Web App, or Single Page App for PKCE only): ' +
        "--client-id ID or FRAMEIO_LOGIN_CLIENT_ID\nRun 'rolesync login --help' for usage.",
    );
  const redirectUri = given(flags.redirectUri) ?? given(env.FRAMEIO_LOGIN_REDIRECT_URI);
  if (redirectUri !== undefined && !URL.canParse(redirectUri))
    throw new RolesyncError('USAGE', `the redirect URI is not a URL: "${redirectUri}"`);
  const clientSecret = given(env.FRAMEIO_LOGIN_CLIENT_SECRET);
  return {
    clientId,
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    ...(redirectUri !== undefined ? { redirectUri } : {}),
    imsUrl: resolveImsUrl(env.FRAMEIO_IMS_URL),
    path: credentialsPath(env),
  };
}

export interface LoginStart {
  url: string;
  /** Kept in memory only: the pasted answer must carry the same state. */
  state: string;
  verifier: string;
}

/** A fresh state and PKCE pair (S256), and the sign-in URL that carries them. */
export function startLogin(settings: LoginSettings): LoginStart {
  const verifier = randomBytes(32).toString('base64url'); // 43 characters of the RFC 7636 set
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new Ims(settings.imsUrl).authorizeUrl(client(settings), {
    state,
    challenge,
    ...(settings.redirectUri !== undefined ? { redirectUri: settings.redirectUri } : {}),
  });
  return { url, state, verifier };
}

function client(settings: LoginSettings): ImsClientCredential {
  return settings.clientSecret === undefined
    ? { clientId: settings.clientId }
    : { clientId: settings.clientId, clientSecret: settings.clientSecret };
}

/**
 * The code from what the user pasted: the whole redirected URL (its state checked), its query alone,
 * or the bare code.
 */
export function codeFromPasted(pasted: string, state: string): string {
  // A copy may bring the URL in quotes or angle brackets, or with other text after it: a URL is one
  // word, so the word that is one is taken, without what wraps it.
  const words = pasted
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^["'<]+|["'>]+$/g, ''))
    .filter((w) => w !== '');
  const text = words.find((w) => w.includes('://') || w.startsWith('?')) ?? words.join(' ');
  if (text === '') throw new RolesyncError('AUTH', 'nothing was pasted; nothing is saved. Run rolesync login again');
  const query = text.includes('://')
    ? URL.canParse(text)
      ? new URL(text).search
      : null
    : text.startsWith('?')
      ? text
      : null;
  if (query === null && text.includes('://')) throw new RolesyncError('AUTH', 'the pasted text is not a URL');
  if (query === null) {
    if (!/^[\x21-\x7e]+$/.test(text)) throw new RolesyncError('AUTH', 'the pasted code has spaces or odd characters');
    return text;
  }
  const params = new URLSearchParams(query);
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    throw new RolesyncError('AUTH', `Adobe IMS did not sign you in: ${error}${description ? `: ${description}` : ''}`);
  }
  if (params.get('state') !== state)
    throw new RolesyncError(
      'AUTH',
      'the pasted URL belongs to another sign-in (its state does not match this one); nothing is saved. ' +
        'Run rolesync login again and paste the URL of that sign-in',
    );
  const code = params.get('code');
  if (code === null || code === '') throw new RolesyncError('AUTH', 'the pasted URL has no code');
  return code;
}

/** Exchanges the code, asks IMS who signed in, and saves the login. Returns the user's email. */
export async function finishLogin(
  settings: LoginSettings,
  start: LoginStart,
  code: string,
  now: Date,
  fetchFn?: typeof globalThis.fetch,
): Promise<{ email: string | null }> {
  const ims = new Ims(settings.imsUrl, { fetch: fetchFn });
  const answer = await ims.exchangeCode(client(settings), code, start.verifier, settings.redirectUri);
  if (answer.refreshToken === undefined)
    throw new RolesyncError(
      'AUTH',
      'Adobe IMS signed you in but gave no refresh token, so the login cannot be kept: the credential needs ' +
        'the offline_access scope (a Web App credential has it); nothing is saved',
    );
  const info = await ims.userinfo(settings.clientId, answer.accessToken);
  let previous: SavedLogin | undefined;
  try {
    // Also a file others could read: its login is the one most in need of revoking.
    previous = readLogin(settings.path, { anyMode: true });
  } catch {
    // A file that cannot be read is replaced below; there is nothing in it to revoke.
  }
  writeLogin(settings.path, {
    version: 1,
    ims_url: settings.imsUrl.origin,
    client_id: settings.clientId,
    ...(settings.clientSecret !== undefined ? { client_secret: settings.clientSecret } : {}),
    refresh_token: answer.refreshToken,
    email: info.email,
    saved_at: now.toISOString(),
  });
  // The login it replaces would stay valid at IMS for up to 14 days: revoke it, best effort.
  if (previous !== undefined) {
    await new Ims(resolveImsUrl(previous.ims_url), { fetch: fetchFn })
      .revoke(loginClient(previous), previous.refresh_token)
      .catch(() => undefined);
  }
  return { email: info.email };
}

export type LogoutResult =
  | { kind: 'none'; path: string }
  | { kind: 'done'; path: string; email: string | null; revokeError?: string };

/**
 * Revokes the saved refresh token at IMS, then deletes the file, also when revoking fails or the
 * file cannot be read (then the reason is given, so the user can revoke it at account.adobe.com).
 */
export async function logout(env: Env, fetchFn?: typeof globalThis.fetch): Promise<LogoutResult> {
  const path = credentialsPath(env);
  let email: string | null = null;
  let revokeError: string | undefined;
  try {
    const saved = readLogin(path, { anyMode: true });
    if (saved === undefined) return { kind: 'none', path };
    email = saved.email;
    await new Ims(resolveImsUrl(saved.ims_url), { fetch: fetchFn }).revoke(loginClient(saved), saved.refresh_token);
  } catch (error) {
    if (!(error instanceof RolesyncError)) throw error;
    revokeError = error.message;
  }
  deleteLogin(path);
  return { kind: 'done', path, email, ...(revokeError !== undefined ? { revokeError } : {}) };
}
