// The client-side rate budget: one leaky bucket per operation, seeded from the documented limits,
// corrected from the x-ratelimit-* headers, shared by every concurrent request of a client.
import type { Clock } from './clock.js';
import { STRICTEST_LIMIT, type RateLimit } from '../api/index.js';

/** What the x-ratelimit-* headers of one answer said (each may be missing). */
export interface RateHeaders {
  limit?: number;
  remaining?: number;
  windowMs?: number;
}

export interface BudgetOptions {
  clock: Clock;
  seeds: Readonly<Record<string, RateLimit>>;
  /** Seed for operations absent from `seeds`: unknown calls get the strictest documented class. */
  fallback?: RateLimit;
  /** Called when a request must wait for its bucket to refill (for progress output). */
  onWait?: (key: string, ms: number, queued: number) => void;
  /**
   * Our refill is this much slower than the server's and each wait this many ms longer: the server
   * starts counting when the request arrives, after we sent it, so we leave room for that jitter.
   */
  safetyFactor?: number;
  safetyMs?: number;
}

interface Bucket {
  limit: number;
  windowMs: number;
  /** Calls we may still send now; negative never, fractional while refilling. */
  tokens: number;
  updatedAt: number;
  /** Reserved and sent, not answered yet. */
  inflight: number;
  /**
   * Until one answer of this operation has come back we don't know the server's real limit (it may
   * be lower than documented, or half used by an earlier run): only one request probes it.
   */
  confirmed: boolean;
  probe: Promise<void> | undefined;
  endProbe: (() => void) | undefined;
  queue: Array<() => void>;
  pumping: boolean;
}

export interface BucketSnapshot {
  limit: number;
  windowMs: number;
  tokens: number;
  inflight: number;
  confirmed: boolean;
}

export class RateBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: Clock;
  private readonly seeds: Readonly<Record<string, RateLimit>>;
  private readonly fallback: RateLimit;
  private readonly onWait: BudgetOptions['onWait'];
  private readonly safetyFactor: number;
  private readonly safetyMs: number;

  constructor(options: BudgetOptions) {
    this.clock = options.clock;
    this.seeds = options.seeds;
    this.fallback = options.fallback ?? STRICTEST_LIMIT;
    this.onWait = options.onWait;
    this.safetyFactor = options.safetyFactor ?? 1.02;
    this.safetyMs = options.safetyMs ?? 2;
  }

  /** Waits until `key` may send one request and takes that slot. Resolves in FIFO order. */
  reserve(key: string): Promise<void> {
    const bucket = this.bucket(key);
    return new Promise<void>((resolve) => {
      bucket.queue.push(resolve);
      if (!bucket.pumping) void this.pump(key, bucket);
    });
  }

  /** An answer came back for a reserved request: learn from its headers, free its slot. */
  observe(key: string, headers: RateHeaders): void {
    const bucket = this.bucket(key);
    this.refill(bucket);
    bucket.inflight = Math.max(0, bucket.inflight - 1);
    if (headers.windowMs !== undefined && headers.windowMs > 0) bucket.windowMs = headers.windowMs;
    if (headers.limit !== undefined && headers.limit > 0) bucket.limit = headers.limit;
    if (headers.remaining !== undefined) {
      // The server counted this request; the others still in flight it may not have seen yet.
      // `remaining` is the server's level rounded down, so ours may exceed it by less than one
      // call and still agree; clamping then would throw away the refill since the request was
      // sent, a whole round trip per call once the burst is spent. Only a real disagreement
      // (someone else drew on the bucket) lowers our count.
      const server = headers.remaining - bucket.inflight;
      if (bucket.tokens >= server + 1) bucket.tokens = server;
    }
    bucket.tokens = Math.min(bucket.tokens, bucket.limit);
    // An answer without headers (the spec omits them on DELETE's 204) still confirms the docs' seed.
    bucket.confirmed = true;
    this.finishProbe(bucket);
  }

  /** A reserved request got no answer (reset, timeout): its slot stays spent, the probe is over. */
  release(key: string): void {
    const bucket = this.bucket(key);
    bucket.inflight = Math.max(0, bucket.inflight - 1);
    this.finishProbe(bucket);
  }

  /** Milliseconds one slot takes to refill: the natural pause between calls once the burst is spent. */
  interval(key: string): number {
    const bucket = this.bucket(key);
    return bucket.windowMs / bucket.limit;
  }

  snapshot(key: string): BucketSnapshot {
    const bucket = this.bucket(key);
    this.refill(bucket);
    const { limit, windowMs, tokens, inflight, confirmed } = bucket;
    return { limit, windowMs, tokens, inflight, confirmed };
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const seed = this.seeds[key] ?? this.fallback;
      bucket = {
        limit: seed.limit,
        windowMs: seed.windowMs,
        tokens: seed.limit,
        updatedAt: this.clock.now(),
        inflight: 0,
        confirmed: false,
        probe: undefined,
        endProbe: undefined,
        queue: [],
        pumping: false,
      };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private refill(bucket: Bucket): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - bucket.updatedAt);
    const rate = bucket.limit / (bucket.windowMs * this.safetyFactor);
    // The server's bucket holds our tokens and the calls granted that it has not answered (some not
    // sent yet, waiting behind other calls); it is full, and refills nothing, until they arrive. So
    // ours refills up to the capacity less those calls, never beyond.
    const room = Math.max(bucket.tokens, bucket.limit - bucket.inflight);
    bucket.tokens = Math.min(room, bucket.tokens + elapsed * rate);
    bucket.updatedAt = now;
  }

  private finishProbe(bucket: Bucket): void {
    const end = bucket.endProbe;
    bucket.probe = undefined;
    bucket.endProbe = undefined;
    end?.();
  }

  private async pump(key: string, bucket: Bucket): Promise<void> {
    bucket.pumping = true;
    try {
      while (bucket.queue.length > 0) {
        if (!bucket.confirmed && bucket.probe) {
          await bucket.probe;
          continue;
        }
        this.refill(bucket);
        if (bucket.tokens >= 1) {
          bucket.tokens -= 1;
          bucket.inflight += 1;
          if (!bucket.confirmed) {
            bucket.probe = new Promise<void>((resolve) => (bucket.endProbe = resolve));
          }
          bucket.queue.shift()?.();
          continue;
        }
        const rate = bucket.limit / (bucket.windowMs * this.safetyFactor);
        const wait = Math.ceil((1 - bucket.tokens) / rate) + this.safetyMs;
        this.onWait?.(key, wait, bucket.queue.length);
        await this.clock.sleep(wait);
      }
    } finally {
      bucket.pumping = false;
    }
  }
}
