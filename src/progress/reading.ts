// What a live-state read has done so far, from the client's events: calls answered, whether the
// rate budget is holding calls back, and the last failed attempt until an answer comes.
import type { ClientEvent } from '../client/index.js';
import { counted } from '../plural.js';

export const READING = 'Reading live state from Frame.io';

export class ReadProgress {
  private calls = 0;
  private pacing = false;
  /** Why the last attempt got no good answer, until the next answer. */
  private trouble: string | undefined;

  observe(event: ClientEvent): void {
    switch (event.type) {
      case 'response':
        this.calls += 1;
        this.pacing = false;
        this.trouble = undefined;
        return;
      case 'rate_wait':
      case 'rate_limited':
        this.pacing = true;
        return;
      case 'retry':
        this.trouble = `no good answer (${event.reason}), trying again`;
        return;
    }
  }

  /** Counting starts again (apply's verifying read after its writes). */
  restart(): void {
    this.calls = 0;
    this.pacing = false;
    this.trouble = undefined;
  }

  /** "; no good answer (HTTP 503), trying again" while a call is being retried, else "". */
  get note(): string {
    return this.trouble === undefined ? '' : `; ${this.trouble}`;
  }

  /** "Reading live state from Frame.io: 12 calls, pacing to the rate limit". */
  text(label: string = READING): string {
    const calls = counted(this.calls, 'call');
    if (this.trouble !== undefined) return `${label}: ${calls}${this.note}`;
    return `${label}: ${calls}${this.pacing ? ', pacing to the rate limit' : ''}`;
  }
}
