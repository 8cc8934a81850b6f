// One HTTP exchange with the API, done right: auth header, rate budget, bounded concurrency,
// retries with backoff, and every failure turned into an ApiError that carries no secret.
import { createFetch, type $Fetch } from 'ofetch';
import pLimit, { type LimitFunction } from 'p-limit';
import { RATE_WINDOW_MS, apiVersionOf, type RateLimit } from '../api/index.js';
import { ApiError, RolesyncError } from '../errors.js';
import { StaticTokenSource, type TokenSource } from '../auth/source.js';
import { RateBudget, type RateHeaders } from './budget.js';
import { systemClock, type Clock } from './clock.js';
import { checkToken, resolveBaseUrl } from './config.js';
import {
  ExperimentalUnavailableError,
  NoAnswerError,
  accountOfPath,
  detailOf,
  noAnswer,
  parseJson,
  redact,
  type NoAnswer,
} from './failure.js';
import { DOCUMENTED_LIMITS, experimentalFeature, operationOf } from './limits.js';
import {
  DEFAULT_RETRY,
  backoffMs,
  isRetryableStatus,
  parseRetryAfter,
  rateLimitBackoffMs,
  retriesWithoutAnswer,
  type RetryPolicy,
} from './retry.js';

export type QueryValue = string | number | boolean | undefined;
export type Query = Record<string, QueryValue>;

/** Progress and logging hook; events never carry the token or request headers. */
export type ClientEvent =
  | {
      type: 'retry';
      operation: string;
      method: string;
      path: string;
      attempt: number;
      status: number;
      reason: string;
      delayMs: number;
    }
  | {
      type: 'rate_limited';
      operation: string;
      method: string;
      path: string;
      attempt: number;
      delayMs: number;
      retryAfter: boolean;
    }
  | { type: 'rate_wait'; operation: string; delayMs: number; queued: number }
  /** An answer came (any status): for progress displays. */
  | { type: 'response'; operation: string; method: string; status: number }
  /** The API refused the token (401) and a renewed one is sent instead. */
  | { type: 'token_renewed'; operation: string; method: string; path: string };

export interface ClientStats {
  /** Requests sent per operation, re-sends included. */
  calls: Record<string, number>;
  /** Re-sends after a 5xx, a timeout, a dropped connection or a 429. */
  retries: number;
  /** 429 answers seen. */
  rateLimited: number;
  /** Times the rate budget held a request back, and for how long in total. */
  rateWaits: number;
  rateWaitMs: number;
}

export interface ClientOptions {
  /** A fixed bearer token; ignored when `tokenSource` is given. */
  token?: string;
  /** Where each call's token comes from (renewing credentials); default: `token` as is. */
  tokenSource?: TokenSource;
  /** Default https://api.frame.io; http:// only to loopback. */
  baseUrl?: string;
  /** For tests: the fetch ofetch should use. */
  fetch?: typeof globalThis.fetch;
  /** Requests in flight at once across all operations. */
  concurrency?: number;
  /** Per attempt, ms. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Seeds of the rate budget by operation; defaults to the documented limits. */
  limits?: Partial<Record<string, RateLimit>>;
  clock?: Clock;
  random?: () => number;
  onEvent?: (event: ClientEvent) => void;
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Statuses the caller handles itself (e.g. 404 on a DELETE) instead of an ApiError. */
  accept?: readonly number[];
  /**
   * The call is not idempotent (a create): it is sent again only when it surely never arrived or was
   * not acted on (a refused connection, a 429), never after a 5xx or a lost answer.
   */
  once?: boolean;
}

type Attempt =
  | { kind: 'answer'; status: number; headers: Headers; text: string }
  | { kind: 'no_answer'; failure: NoAnswer };

function intHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function rateHeaders(headers: Headers): RateHeaders {
  const out: RateHeaders = {};
  const limit = intHeader(headers, 'x-ratelimit-limit');
  const remaining = intHeader(headers, 'x-ratelimit-remaining');
  const windowMs = intHeader(headers, 'x-ratelimit-window');
  if (limit !== undefined) out.limit = limit;
  if (remaining !== undefined) out.remaining = remaining;
  if (windowMs !== undefined) out.windowMs = windowMs;
  return out;
}

export class Http {
  // A private field: util.inspect, JSON.stringify and spreading never show it (nor its tokens).
  readonly #source: TokenSource;
  readonly #fetch: $Fetch;
  readonly base: URL;
  readonly stats: ClientStats = { calls: {}, retries: 0, rateLimited: 0, rateWaits: 0, rateWaitMs: 0 };
  private readonly budget: RateBudget;
  private readonly limiter: LimitFunction;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly onEvent: ((event: ClientEvent) => void) | undefined;
  /**
   * The server's rate window as last announced (`x-ratelimit-window`). A server that runs its clock
   * faster (the emulator's time scale) gets proportionally shorter 5xx backoffs; the real API's
   * one-minute window leaves them as they are.
   */
  private serverWindowMs = RATE_WINDOW_MS;
  /**
   * The accounts for which an experimental call has succeeded: they are offered the experimental
   * API, so a later 404 or 400 there is about the resource (a group deleted meanwhile), not the API.
   */
  private readonly experimentalOffered = new Set<string>();

  constructor(options: ClientOptions) {
    this.#source = options.tokenSource ?? new StaticTokenSource(checkToken(options.token));
    this.base = resolveBaseUrl(options.baseUrl);
    // ofetch gives the timeout, the injectable fetch and the body as text; its retry, JSON parsing
    // and FetchError stay off: retries here follow the rate budget and the kind of failure (a 429
    // waits for its bucket, a host DNS does not know is never retried), and FetchError holds headers.
    this.#fetch = createFetch({ fetch: options.fetch ?? globalThis.fetch });
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.limiter = pLimit(options.concurrency ?? 8);
    this.onEvent = options.onEvent;
    const seeds: Record<string, RateLimit> = { ...DOCUMENTED_LIMITS };
    for (const [op, limit] of Object.entries(options.limits ?? {})) if (limit) seeds[op] = limit;
    this.budget = new RateBudget({
      clock: this.clock,
      seeds,
      onWait: (operation, delayMs, queued) => {
        this.stats.rateWaits += 1;
        this.stats.rateWaitMs += delayMs;
        this.emit({ type: 'rate_wait', operation, delayMs, queued });
      },
    });
  }

  get tokenSource(): TokenSource {
    return this.#source;
  }

  /** The absolute URL for an API path (which starts with /v4); the base is an origin alone (config.ts). */
  url(path: string, query: Query = {}): URL {
    const url = new URL(path, this.base.origin);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url;
  }

  async request(method: string, url: URL, options: RequestOptions = {}): Promise<HttpResponse> {
    const path = url.pathname;
    const known = operationOf(method, path);
    const operation = known ?? `${method} other`;
    // Exactly the operations whose reference requires an api-version header carry it: the experimental
    // ones (`experimental`) and the audit log (`4.0`).
    const feature = known === undefined ? undefined : experimentalFeature(known);
    const version = known === undefined ? undefined : apiVersionOf(known);
    const versionHeader: Record<string, string> = version === undefined ? {} : { 'api-version': version };
    let failures = 0;
    let limited = 0;
    // A 401 is answered by one renewal and one more try: the call was not acted on, so even a
    // create is safe to send again.
    let renewed = false;
    for (;;) {
      await this.budget.reserve(operation);
      const token = await this.#source.token();
      const attempt = await this.limiter(() => this.send(method, url, token, options.body, versionHeader));
      this.stats.calls[operation] = (this.stats.calls[operation] ?? 0) + 1;
      if (attempt.kind === 'no_answer') {
        this.budget.release(operation);
        const { failure } = attempt;
        const allowed = retriesWithoutAnswer(failure.kind, this.retry);
        // A request refused at connect never left; any other lost answer may have been acted on.
        if (failures >= (options.once && failure.kind !== 'refused' ? 0 : allowed)) {
          throw new NoAnswerError(method, path, failure, failures + 1);
        }
        await this.pauseToRetry(operation, method, path, failures, 0, failure.reason);
        failures += 1;
        continue;
      }
      this.emit({ type: 'response', operation, method, status: attempt.status });
      const headers = rateHeaders(attempt.headers);
      this.budget.observe(operation, headers);
      if (headers.windowMs !== undefined && headers.windowMs > 0) this.serverWindowMs = headers.windowMs;
      const { status } = attempt;
      const account = accountOfPath(path) ?? '';
      if (status >= 200 && status < 300) {
        if (feature !== undefined) this.experimentalOffered.add(account);
        return { status, body: this.parseOk(method, path, attempt.text) };
      }
      if (status === 401 && !renewed) {
        const fresh = await this.#source.renew(token);
        if (fresh !== undefined) {
          renewed = true;
          this.emit({ type: 'token_renewed', operation, method, path });
          continue;
        }
      }
      const body = parseJson(attempt.text);
      if (options.accept?.includes(status)) return { status, body };
      const detail = redact(detailOf(body), token);
      // What an account without the experimental API answers: never retried, named for what it is.
      // Once the account answered an experimental call, the same statuses are the resource's own.
      const offered = this.experimentalOffered.has(account);
      if (feature !== undefined && !offered && (status === 404 || status === 400))
        throw new ExperimentalUnavailableError(feature, method, path, status, detail);
      if (status === 429) {
        this.stats.rateLimited += 1;
        if (limited >= this.retry.maxRateLimitRetries) {
          throw new ApiError(
            method,
            path,
            status,
            `${detail || 'rate limited'} (still limited after ${limited + 1} attempts)`,
          );
        }
        const retryAfter = parseRetryAfter(attempt.headers.get('retry-after'), this.clock.now());
        const snapshot = this.budget.snapshot(operation);
        const delayMs =
          retryAfter !== undefined
            ? Math.min(retryAfter, this.retry.maxDelayMs)
            : rateLimitBackoffMs(limited, snapshot.windowMs, snapshot.limit, this.retry.maxDelayMs, this.random);
        await this.pause({
          type: 'rate_limited',
          operation,
          method,
          path,
          attempt: limited + 1,
          delayMs,
          retryAfter: retryAfter !== undefined,
        });
        limited += 1;
        continue;
      }
      if (isRetryableStatus(status) && !options.once && failures < this.retry.maxRetries) {
        await this.pauseToRetry(operation, method, path, failures, status, `HTTP ${status}`);
        failures += 1;
        continue;
      }
      const tries = failures + limited > 0 ? ` (after ${failures + limited + 1} attempts)` : '';
      throw new ApiError(method, path, status, detail + (isRetryableStatus(status) ? tries : ''));
    }
  }

  /** Events are advisory: a throwing progress hook must not fail an API call. */
  private emit(event: ClientEvent): void {
    try {
      this.onEvent?.(event);
    } catch {
      // ignored on purpose
    }
  }

  private backoff(failures: number): number {
    const scale = Math.min(1, this.serverWindowMs / RATE_WINDOW_MS);
    return Math.round(backoffMs(failures, this.retry.baseMs, this.retry.maxDelayMs, this.random) * scale);
  }

  /** The wait before the next try after a failure (no answer: status 0), told as a `retry` event. */
  private pauseToRetry(
    operation: string,
    method: string,
    path: string,
    failures: number,
    status: number,
    reason: string,
  ): Promise<void> {
    const delayMs = this.backoff(failures);
    return this.pause({ type: 'retry', operation, method, path, attempt: failures + 1, status, reason, delayMs });
  }

  private async pause(event: ClientEvent & { delayMs: number }): Promise<void> {
    this.stats.retries += 1;
    this.emit(event);
    await this.clock.sleep(event.delayMs);
  }

  private parseOk(method: string, path: string, text: string): unknown {
    if (text.trim() === '') return undefined;
    const body = parseJson(text);
    if (body === undefined) {
      throw new RolesyncError('API_PROTOCOL', `${method} ${path}: the API answered with a body that is not JSON`);
    }
    return body;
  }

  private async send(
    method: string,
    url: URL,
    token: string,
    body: unknown,
    extra: Record<string, string>,
  ): Promise<Attempt> {
    const headers: Record<string, string> = {
      ...extra,
      authorization: `Bearer ${token}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.#fetch.raw(url.href, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        responseType: 'text',
        ignoreResponseError: true,
        retry: false,
        timeout: this.timeoutMs,
        // A redirect could carry the Authorization header elsewhere: treat it as an answer instead.
        redirect: 'manual',
      });
      return { kind: 'answer', status: response.status, headers: response.headers, text: response._data ?? '' };
    } catch (error) {
      // ofetch's FetchError holds our request headers: keep only a reason built from error codes.
      return { kind: 'no_answer', failure: noAnswer(error, this.timeoutMs, url) };
    }
  }
}
