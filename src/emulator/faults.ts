// Fault injection for tests: latency, share-based 5xx and dropped connections (seeded PRNG, so a
// run repeats), and deterministic "the next N matching requests" rules.
import { mulberry32, type Random } from './prng.js';
import type { FaultConfig, FaultKind, FaultMatch, FaultRule, InjectedFault } from './types.js';

export interface FaultController {
  /** Replaces latency and shares; replaces rules only when `rules` is given. */
  set(config: FaultConfig): void;
  /** No faults at all. */
  reset(): void;
  /** The next `count` matching requests answer `status` (default 503) with an error body. */
  failNext(count: number, status?: number, match?: FaultMatch): void;
  /** The next `count` matching requests get their socket destroyed without an answer. */
  dropNext(count: number, match?: FaultMatch): void;
  /** The next `count` matching requests answer 429 whatever their bucket holds. */
  rateLimitNext(count: number, options?: FaultMatch & { retryAfterSeconds?: number }): void;
  /** Rules still waiting for a request. */
  pending(): FaultRule[];
  current(): FaultConfig;
}

export interface FaultDecision extends InjectedFault {
  retryAfterSeconds?: number;
}

export class FaultInjector implements FaultController {
  private config: Required<Omit<FaultConfig, 'rules'>> = {
    latencyMs: 0,
    errorRate: 0,
    errorStatuses: [500, 502, 503],
    dropRate: 0,
  };
  private rules: FaultRule[] = [];
  private readonly random: Random;

  constructor(initial: FaultConfig | undefined, seed: number) {
    this.random = mulberry32(seed);
    if (initial) this.set(initial);
  }

  set(config: FaultConfig): void {
    const rate = (v: number | undefined, name: string) => {
      if (v === undefined) return 0;
      if (!(v >= 0 && v <= 1)) throw new RangeError(`emulator faults: ${name} must be between 0 and 1`);
      return v;
    };
    this.config = {
      latencyMs: Math.max(0, config.latencyMs ?? 0),
      errorRate: rate(config.errorRate, 'errorRate'),
      errorStatuses:
        config.errorStatuses && config.errorStatuses.length > 0 ? [...config.errorStatuses] : [500, 502, 503],
      dropRate: rate(config.dropRate, 'dropRate'),
    };
    if (config.rules) this.rules = config.rules.map((r) => ({ ...r }));
  }

  reset(): void {
    this.set({ rules: [] });
  }

  failNext(count: number, status = 503, match: FaultMatch = {}): void {
    this.addRule('status', count, match, { status });
  }

  dropNext(count: number, match: FaultMatch = {}): void {
    this.addRule('drop', count, match, {});
  }

  rateLimitNext(count: number, options: FaultMatch & { retryAfterSeconds?: number } = {}): void {
    const extra: Partial<FaultRule> = { status: 429 };
    if (options.retryAfterSeconds !== undefined) extra.retryAfterSeconds = options.retryAfterSeconds;
    this.addRule('rate_limit', count, options, extra);
  }

  pending(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  current(): FaultConfig {
    return { ...this.config, errorStatuses: [...this.config.errorStatuses], rules: this.pending() };
  }

  get latencyMs(): number {
    return this.config.latencyMs;
  }

  /** What to inject for this request, if anything; consumes one use of a matching rule. */
  decide(method: string, path: string): FaultDecision | undefined {
    const rule = this.rules.find((r) => (!r.method || r.method === method) && (!r.path || r.path.test(path)));
    if (rule) {
      rule.remaining--;
      if (rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
      const decision: FaultDecision = {
        kind: rule.kind,
        status: rule.kind === 'drop' ? 0 : rule.kind === 'rate_limit' ? 429 : (rule.status ?? 503),
        source: 'rule',
      };
      if (rule.retryAfterSeconds !== undefined) decision.retryAfterSeconds = rule.retryAfterSeconds;
      return decision;
    }
    // Always draw both numbers so one share does not shift the other's sequence.
    const dropDraw = this.random();
    const errorDraw = this.random();
    if (dropDraw < this.config.dropRate) return { kind: 'drop', status: 0, source: 'rate' };
    if (errorDraw < this.config.errorRate) {
      const statuses = this.config.errorStatuses;
      const status = statuses[Math.floor(this.random() * statuses.length)] ?? 503;
      return { kind: 'status', status, source: 'rate' };
    }
    return undefined;
  }

  private addRule(kind: FaultKind, count: number, match: FaultMatch, extra: Partial<FaultRule>): void {
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError('emulator faults: count must be a positive integer');
    const rule: FaultRule = { kind, remaining: count, ...extra };
    if (match.method) rule.method = match.method.toUpperCase();
    if (match.path !== undefined) rule.path = typeof match.path === 'string' ? new RegExp(match.path) : match.path;
    this.rules.push(rule);
  }
}
