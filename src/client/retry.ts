// When to send a failed request again, and how long to wait first. The calls the client makes are
// idempotent (GETs, PATCH to a role, DELETE of a membership, adding group members), so a retry never
// doubles an effect; the one that is not (creating a group) asks Http for `once`.
import type { NoAnswerKind } from './failure.js';

export interface RetryPolicy {
  /** Re-sends after a 5xx, a timeout or a dropped connection. */
  maxRetries: number;
  /**
   * Re-sends after a refused connection or a TLS handshake the server closed (capped by maxRetries):
   * a closed port will not open in seconds.
   */
  maxRefusedRetries: number;
  /** Re-sends after a 429 (which the rate budget should make rare). */
  maxRateLimitRetries: number;
  /** First backoff after a 5xx or a network failure; doubles on each retry. */
  baseMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
}

// G-start asks for ≥ 30 s on 5xx; a CLI run waiting minutes helps nobody, so we start lower,
// double, and stop after a few tries. Tests shrink baseMs.
export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 5,
  maxRefusedRetries: 1,
  maxRateLimitRetries: 8,
  baseMs: 2_000,
  maxDelayMs: 30_000,
};

/**
 * Re-sends worth making after a request got no answer. A host DNS does not know, a server that does
 * not speak TLS, an untrusted certificate or a port fetch refuses stay so however long we wait: none.
 */
export function retriesWithoutAnswer(kind: NoAnswerKind, policy: RetryPolicy): number {
  switch (kind) {
    case 'dns':
    case 'tls':
    case 'certificate':
    case 'blocked_port':
      return 0;
    case 'refused':
    case 'tls_closed':
      // One more try covers a server in the middle of a restart; more would only make the user wait.
      return Math.min(policy.maxRetries, policy.maxRefusedRetries);
    case 'network':
      return policy.maxRetries;
  }
}

/** 5xx answers are worth another try; 4xx (but 429, handled apart) would fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}

/** Exponential backoff with jitter in [1, 1.5) × base·2^attempt, so parallel clients spread out. */
export function backoffMs(attempt: number, baseMs: number, maxDelayMs: number, random: () => number): number {
  const exp = baseMs * 2 ** attempt;
  return Math.min(maxDelayMs, Math.round(exp * (1 + random() / 2)));
}

/**
 * The wait after a 429 when the server gave no Retry-After: at least one slot's refill time
 * (window/limit) and at least 1/60 of the window (1 s on the real API's one-minute windows, less on a
 * time-scaled emulator), doubling on each consecutive 429 of the same request.
 */
export function rateLimitBackoffMs(
  consecutive: number,
  windowMs: number,
  limit: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const unit = Math.max(windowMs / Math.max(1, limit), windowMs / 60);
  return Math.min(maxDelayMs, Math.round(unit * 2 ** consecutive * (1 + random() / 2)));
}

/** `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
