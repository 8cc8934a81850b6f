// Where progress goes (stderr): a live line redrawn in place on a terminal; elsewhere (CI logs) a
// plain line at most once an interval, and none for a run shorter than that; nothing when quiet.
// Time comes from an injected clock, so the cadence is testable without a terminal or waiting.
import { printable } from '../names.js';

export interface StatusStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** A terminal's width: a live line longer than that would wrap, and `\r` not reach its start. */
  columns?: number;
}

export interface StatusLineOptions {
  stream: StatusStream;
  /** `--quiet`: no progress at all. */
  quiet?: boolean;
  /** Milliseconds since some epoch; default `Date.now`. */
  now?: () => number;
  /** Outside a terminal: no line before the run is this old, then at most one per this long. */
  intervalMs?: number;
}

export type StatusMode = 'live' | 'plain' | 'off';

/** The contract's cadence of plain status lines (CONTRACT.md §2). */
export const STATUS_INTERVAL_MS = 30_000;

/**
 * The interval of plain status lines: 30 s, or ROLESYNC_STATUS_INTERVAL_MS (a test hook, so a
 * test sees status lines from a short run without waiting; 0 prints one on every update).
 */
export function statusIntervalMs(env: Record<string, string | undefined>): number {
  const raw = env.ROLESYNC_STATUS_INTERVAL_MS;
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return STATUS_INTERVAL_MS;
  return Number(raw.trim());
}

const CLEAR = '\r\x1b[K';

export class StatusLine {
  readonly mode: StatusMode;
  private readonly stream: StatusStream;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly started: number;
  private lastPlain: number | undefined;
  /** A live line is on the screen (and must be wiped before anything else is written). */
  private shown = false;
  private ended = false;

  /** `describe(now)` says where the run stands; it is asked only when a line is written. */
  constructor(
    private readonly describe: (now: number) => string,
    options: StatusLineOptions,
  ) {
    this.stream = options.stream;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? STATUS_INTERVAL_MS;
    this.mode = options.quiet ? 'off' : options.stream.isTTY ? 'live' : 'plain';
    this.started = this.now();
  }

  /** Something changed: a live line is redrawn; a plain line is printed when one is due. */
  changed(): void {
    if (this.ended || this.mode === 'off') return;
    const now = this.now();
    if (this.mode === 'live') {
      const text = printable(this.describe(now));
      const width = this.stream.columns;
      this.stream.write(
        `${CLEAR}${width !== undefined && width > 1 && text.length >= width ? `${text.slice(0, width - 2)}…` : text}`,
      );
      this.shown = true;
      return;
    }
    if (now - this.started < this.intervalMs) return;
    if (this.lastPlain !== undefined && now - this.lastPlain < this.intervalMs) return;
    this.lastPlain = now;
    this.stream.write(`${printable(this.describe(now))}\n`);
  }

  /** Wipes a live line (before a prompt, say); the next change draws it again. */
  clear(): void {
    if (this.shown) this.stream.write(CLEAR);
    this.shown = false;
  }

  /**
   * The run is over: a live line is wiped, or replaced by `final` on a line of its own (what an
   * interrupted run really did). Plain lines need no ending: the report follows.
   */
  end(final?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (this.mode !== 'live') return;
    if (final !== undefined) {
      this.stream.write(`${CLEAR}${printable(final)}\n`);
      this.shown = false;
    } else this.clear();
  }
}
