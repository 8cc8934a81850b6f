// Where an apply stands: changes done of the plan's total, this run's rate, and the time left by
// the plan estimate's rate-limit model (what each class still has to write, given what its bucket
// holds now). Changes an earlier run finished (the journal) count as done, never toward the rate.
import type { ChangeResult } from '../apply/types.js';
import type { ClientEvent } from '../client/index.js';
import { aboutDuration, writeClassOf, writeCounts, writeSeconds, type WriteCounts } from '../plan/estimate.js';
import { RATE_WINDOW_MS, WRITE_CLASSES, WRITE_LIMITS } from '../api/index.js';
import type { Change } from '../plan/types.js';
import { ReadProgress } from './reading.js';

/** The rate is the changes finished in the last minute: a first burst does not read as 1282/min. */
const RATE_SPAN_MS = 60_000;

export class ApplyProgress {
  private readonly total: number;
  /** Changes of each class without a result yet. */
  private readonly left: WriteCounts;
  /** What each class's bucket holds, as of `refilledAt`: full at the start, as the plan assumes. */
  private readonly tokens: WriteCounts;
  private refilledAt: number;
  private done = 0;
  private earlier = 0;
  private notStarted = 0;
  /** When each change of this run finished, for the last minute's rate. */
  private finishedAt: number[] = [];

  constructor(changes: readonly Change[], now: number) {
    this.total = changes.length;
    this.left = writeCounts(changes);
    this.tokens = writeCounts([]);
    for (const k of WRITE_CLASSES) this.tokens[k] = WRITE_LIMITS[k].limit;
    this.refilledAt = now;
  }

  result(result: ChangeResult, now: number): void {
    // Not started (an interruption): not done, whatever the count of results says.
    if (result.outcome === 'not_started') {
      this.notStarted += 1;
      return;
    }
    this.done += 1;
    const cls = writeClassOf(result.change);
    this.left[cls] = Math.max(0, this.left[cls] - 1);
    if (result.outcome === 'resumed') {
      this.earlier += 1;
      return;
    }
    this.finishedAt.push(now);
    // Applied and failed changes sent a write; already, stale and blocked ones did not.
    if (result.outcome === 'applied' || result.outcome === 'failed') {
      this.refill(now);
      this.tokens[cls] = Math.max(0, this.tokens[cls] - 1);
    }
  }

  /** Every change has its result: done, or not started after an interruption. */
  get complete(): boolean {
    return this.done + this.notStarted >= this.total;
  }

  /** Rate-limit seconds until the last change left may be sent. */
  secondsLeft(now: number): number {
    this.refill(now);
    return writeSeconds(this.left, this.tokens);
  }

  /** Changes this run finished in the last minute. */
  perMinute(now: number): number {
    this.finishedAt = this.finishedAt.filter((t) => now - t < RATE_SPAN_MS);
    return this.finishedAt.length;
  }

  /** "Applying: 12/48 changes, 10/min, about 3.6 min left". */
  text(now: number): string {
    const earlier = this.earlier > 0 ? ` (${this.earlier} done by an earlier run)` : '';
    const head = `Applying: ${this.done}/${this.total} changes${earlier}`;
    const parts = [head];
    if (this.done > this.earlier) parts.push(`${this.perMinute(now)}/min`);
    if (this.done < this.total) parts.push(`${aboutDuration(this.secondsLeft(now))} left`);
    return parts.join(', ');
  }

  /** What an interrupted run really did. */
  stopped(): string {
    return `Stopped: ${this.done}/${this.total} changes done`;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    for (const k of WRITE_CLASSES) {
      const { limit } = WRITE_LIMITS[k];
      this.tokens[k] = Math.min(limit, this.tokens[k] + (elapsed * limit) / RATE_WINDOW_MS);
    }
    this.refilledAt = now;
  }
}

/** The apply command's one line: the reads before the plan, the writes, then the verifying read. */
export class ApplyStatus {
  private readonly reads = new ReadProgress();
  private writes: ApplyProgress | undefined;
  private verifying = false;

  observe(event: ClientEvent): void {
    // The first call after the last result is the verifying plan's.
    if (this.writes?.complete && !this.verifying) {
      this.verifying = true;
      this.reads.restart();
    }
    this.reads.observe(event);
  }

  plan(changes: readonly Change[], now: number): void {
    this.writes = new ApplyProgress(changes, now);
  }

  result(result: ChangeResult, now: number): void {
    this.writes?.result(result, now);
  }

  text(now: number): string {
    if (this.writes === undefined) return this.reads.text();
    if (this.verifying) return this.reads.text('Checking live state after the writes');
    return `${this.writes.text(now)}${this.reads.note}`;
  }

  /** The true count of an interrupted run, once its writes began. */
  stopped(): string | undefined {
    return this.writes?.stopped();
  }
}
