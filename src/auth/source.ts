// Where the bearer token of each API call comes from: a fixed token, or one fetched from IMS and
// renewed shortly before it ends and once after a 401, one renewal at a time for all callers.
import { systemClock, type Clock } from '../client/clock.js';
import { ImsError } from './ims.js';

/** The kinds of credentials, in the order rolesync looks for them (CONTRACT §3). */
export type CredentialKind = 'token' | 'client_credentials' | 'login';

export interface TokenSource {
  readonly kind: CredentialKind;
  /** A token to send now (renewed first when it ends soon). */
  token(): Promise<string>;
  /**
   * The API refused `used` with a 401: a fresh token, or undefined when this source cannot renew.
   * When another caller has already renewed, its token is given without asking IMS again.
   */
  renew(used: string): Promise<string | undefined>;
  /** When the current token ends (ms since the epoch); null when unknown or none was fetched yet. */
  expiresAt(): number | null;
  /** Tokens fetched so far (the first one included). */
  readonly fetched: number;
}

/** A token given as is (FRAMEIO_TOKEN): never renewed, its end unknown. */
export class StaticTokenSource implements TokenSource {
  readonly kind = 'token';
  readonly fetched = 0;
  readonly #token: string;
  constructor(token: string) {
    this.#token = token;
  }
  token(): Promise<string> {
    return Promise.resolve(this.#token);
  }
  renew(_used: string): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  expiresAt(): null {
    return null;
  }
}

export interface FetchedToken {
  accessToken: string;
  /** Lifetime in ms from when it was fetched. */
  expiresInMs: number;
}

/** Renew this long before the end: a tenth of the lifetime, at most five minutes. */
export function renewalMargin(lifetimeMs: number): number {
  return Math.min(300_000, lifetimeMs / 10);
}

/** After an early renewal that did not get through, the next try comes this long later at most. */
const RETRY_EARLY_RENEWAL_MS = 15_000;

/**
 * IMS did not answer the renewal (not reached, 5xx, 429, after its own retries): nothing was refused,
 * and a later try may get through.
 */
function unanswered(error: unknown): boolean {
  return error instanceof ImsError && (error.status === 0 || error.status === 429 || error.status >= 500);
}

/**
 * A token fetched on demand. Concurrent callers that need a new one share the one fetch in flight
 * (single flight): a burst of 401s after expiry costs one IMS call, not one per request.
 */
export class RenewingTokenSource implements TokenSource {
  #current: { token: string; expiresAt: number; lifetimeMs: number } | undefined;
  #pending: Promise<string> | undefined;
  #fetched = 0;
  /** After an early renewal IMS did not answer: the current token is used until then. */
  #retryAt: number | undefined;
  /** IMS refused the credentials: every later ask gets the same answer, without asking IMS again. */
  #refused: unknown;

  constructor(
    readonly kind: CredentialKind,
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly clock: Clock = systemClock,
  ) {}

  get fetched(): number {
    return this.#fetched;
  }

  async token(): Promise<string> {
    // A renewal in flight (after a 401) means the current token is likely refused: wait for it.
    if (this.#pending) return this.#pending;
    const current = this.#current;
    const now = this.clock.now();
    if (current && now < current.expiresAt - renewalMargin(current.lifetimeMs)) return current.token;
    if (current && this.#retryAt !== undefined && now < this.#retryAt && now < current.expiresAt) return current.token;
    try {
      return await this.fetchOnce();
    } catch (error) {
      // An early renewal IMS did not answer, while the token still works (minutes, as a rule): use it
      // and try again a little later, rather than stop an apply over a blip. A refusal stops the run.
      const after = this.clock.now();
      if (!current || this.#current !== current || after >= current.expiresAt || !unanswered(error)) throw error;
      this.#retryAt = after + Math.min(RETRY_EARLY_RENEWAL_MS, (current.expiresAt - after) / 4);
      return current.token;
    }
  }

  async renew(used: string): Promise<string> {
    if (this.#pending) return this.#pending;
    const current = this.#current;
    if (current && current.token !== used) return current.token;
    return this.fetchOnce();
  }

  expiresAt(): number | null {
    return this.#current?.expiresAt ?? null;
  }

  private fetchOnce(): Promise<string> {
    if (this.#refused !== undefined) return Promise.reject(this.#refused);
    this.#pending ??= (async () => {
      try {
        const started = this.clock.now();
        let answer: FetchedToken;
        try {
          answer = await this.fetchToken();
        } catch (error) {
          // A refusal (the client's secret rotated, its scopes taken away) holds for the rest of the
          // run: lanes of an apply still in flight must not each ask IMS again.
          if (error instanceof ImsError && !unanswered(error) && error.status >= 400) this.#refused = error;
          throw error;
        }
        this.#fetched += 1;
        this.#retryAt = undefined;
        this.#current = {
          token: answer.accessToken,
          expiresAt: started + answer.expiresInMs,
          lifetimeMs: answer.expiresInMs,
        };
        return answer.accessToken;
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }
}
