// Leaky buckets, one per (user, account, operation): capacity = limit, refilled continuously at
// limit per window. A full bucket therefore allows a burst of `limit` calls, then limit/window.
import type { Operation } from '../api/index.js';

export interface RateState {
  allowed: boolean;
  limit: number;
  /** Whole calls left after this one. */
  remaining: number;
  /** The window in real milliseconds (what `x-ratelimit-window` reports). */
  windowMs: number;
}

interface Bucket {
  level: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: Readonly<Record<Operation, number>>,
    /** Real milliseconds per window: 60000 / timeScale. */
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  limitOf(op: Operation): number {
    return this.limits[op];
  }

  /** Consumes one call when the bucket holds one. */
  take(user: string, account: string, op: Operation): RateState {
    return this.settle(user, account, op, true);
  }

  /** The bucket as it stands, without consuming (for answers that are not charged, e.g. faults). */
  peek(user: string, account: string, op: Operation): RateState {
    return this.settle(user, account, op, false);
  }

  /** Forget all buckets (every one full again). */
  reset(): void {
    this.buckets.clear();
  }

  private settle(user: string, account: string, op: Operation, consume: boolean): RateState {
    const limit = this.limits[op];
    const key = `${user}\u0000${account}\u0000${op}`;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { level: limit, at: now };
      if (consume) this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.at);
    const level = Math.min(limit, bucket.level + (elapsed * limit) / this.windowMs);
    // The epsilon keeps float drift from refusing a call that has exactly refilled.
    const allowed = level >= 1 - 1e-9;
    const after = consume && allowed ? Math.max(0, level - 1) : level;
    if (consume) {
      bucket.level = after;
      bucket.at = now;
    }
    return { allowed, limit, remaining: Math.max(0, Math.floor(after + 1e-9)), windowMs: Math.round(this.windowMs) };
  }
}
