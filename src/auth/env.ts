// Which credentials a run uses, from the environment, in the contract's order (CONTRACT §3):
// FRAMEIO_TOKEN, then server-to-server client credentials, then the login saved by `rolesync login`.
import { RolesyncError } from '../errors.js';
import { systemClock, type Clock } from '../client/clock.js';
import { checkToken } from '../client/config.js';
import { Ims, ImsError, S2S_SCOPES, resolveImsUrl, type ImsClientCredential, type TokenAnswer } from './ims.js';
import { RenewingTokenSource, StaticTokenSource, type TokenSource } from './source.js';
import { credentialsPath, readLogin, withLoginLock, writeLogin, type SavedLogin } from './store.js';

export type Env = Record<string, string | undefined>;

export interface Credentials {
  source: TokenSource;
  /** What `whoami` shows of them: never a secret. */
  description: string;
}

export interface CredentialOptions {
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

function given(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function credentialsFromEnv(env: Env, options: CredentialOptions = {}): Credentials {
  const token = given(env.FRAMEIO_TOKEN);
  if (token !== undefined) {
    return {
      source: new StaticTokenSource(checkToken(token)),
      description: 'FRAMEIO_TOKEN, used as given',
    };
  }
  const clientId = given(env.FRAMEIO_CLIENT_ID);
  const clientSecret = given(env.FRAMEIO_CLIENT_SECRET);
  if (clientId !== undefined || clientSecret !== undefined) {
    if (clientId === undefined || clientSecret === undefined) {
      const missing = clientId === undefined ? 'FRAMEIO_CLIENT_ID' : 'FRAMEIO_CLIENT_SECRET';
      throw new RolesyncError(
        'CONFIG',
        `FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET go together, and ${missing} is not set ` +
          '(in CI: a secret this run cannot read?)',
      );
    }
    const ims = new Ims(resolveImsUrl(env.FRAMEIO_IMS_URL), options);
    const scopes = given(env.FRAMEIO_IMS_SCOPES) ?? S2S_SCOPES;
    const source = new RenewingTokenSource(
      'client_credentials',
      () => ims.clientCredentials(clientId, clientSecret, scopes),
      options.clock,
    );
    return {
      source,
      description: `FRAMEIO_CLIENT_ID ${clientId} at IMS ${ims.base.origin}`,
    };
  }
  const path = credentialsPath(env);
  const saved = readLogin(path);
  if (saved !== undefined) return savedLoginCredentials(path, saved, options);
  throw new RolesyncError(
    'CONFIG',
    'FRAMEIO_TOKEN is not set: set it to a Frame.io V4 (Adobe IMS) access token of an account admin, e.g. ' +
      '`export FRAMEIO_TOKEN=...`; or set FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET (a server-to-server ' +
      "credential), or sign in with 'rolesync login'",
  );
}

/** The client of a saved login: a Web App credential has its secret in the file. */
export function loginClient(saved: SavedLogin): ImsClientCredential {
  return saved.client_secret === undefined
    ? { clientId: saved.client_id }
    : { clientId: saved.client_id, clientSecret: saved.client_secret };
}

/**
 * The IMS answer that means the refresh token is no good any more (used, revoked or expired). A 429
 * is IMS too busy to judge: the login may be fine, and logging in again would not help.
 */
function loginRefused(error: unknown): boolean {
  return error instanceof ImsError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

function savedLoginCredentials(path: string, first: SavedLogin, options: CredentialOptions): Credentials {
  const ims = new Ims(resolveImsUrl(first.ims_url), options);
  const refused = (error: unknown) =>
    new RolesyncError(
      'AUTH',
      `${(error as Error).message}\nThe saved login is no longer valid (revoked, used already, or older than IMS ` +
        "allows): run 'rolesync login' again",
    );
  // Once the renewed login could not be saved, it is lost: later asks fail the same, without IMS.
  let lost: unknown;
  const refresh = async (): Promise<TokenAnswer> => {
    if (lost !== undefined) throw lost;
    return withLoginLock(path, options.clock ?? systemClock, refreshNow);
  };
  const refreshNow = async (): Promise<TokenAnswer> => {
    // Read afresh: the refresh token is single-use, and the file holds the latest one.
    let saved = readLogin(path);
    if (saved === undefined)
      throw new RolesyncError('AUTH', `the saved login ${path} is gone (logged out?); run 'rolesync login' again`);
    let answer: TokenAnswer;
    try {
      answer = await ims.refresh(loginClient(saved), saved.refresh_token);
    } catch (error) {
      if (!loginRefused(error)) throw error;
      // Another rolesync run may have spent this refresh token meanwhile and saved the next one.
      const latest = readLogin(path);
      if (latest === undefined || latest.refresh_token === saved.refresh_token) throw refused(error);
      saved = latest;
      try {
        answer = await ims.refresh(loginClient(saved), saved.refresh_token);
      } catch (again) {
        throw loginRefused(again) ? refused(again) : again;
      }
    }
    // The old refresh token is spent: the new one is on disk before its access token is used, and
    // when it cannot be saved, that token is not used (README "Signing in"). With no new one the old
    // may still be good (or IMS says so at the next run): the file is kept.
    if (answer.refreshToken !== undefined) {
      const renewed = { ...saved, refresh_token: answer.refreshToken, saved_at: new Date().toISOString() };
      try {
        writeLogin(path, renewed, { renewed: true });
      } catch (error) {
        lost = error;
        throw error;
      }
    }
    return answer;
  };
  return {
    source: new RenewingTokenSource('login', refresh, options.clock),
    description:
      `saved by 'rolesync login'${first.email ? ` as ${first.email}` : ''} ` +
      `(client id ${first.client_id} at IMS ${ims.base.origin}, file ${path})`,
  };
}
