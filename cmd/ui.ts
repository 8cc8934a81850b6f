// The terminal side of the commands: progress lines on stderr and the confirmation prompt.
import { createInterface } from 'node:readline/promises';
import { clientFromEnv, type FrameioClient } from '../src/client/index.js';
import type { Plan } from '../src/plan/types.js';
import { applyProgress, readingProgress, type ApplyProgressHandlers } from '../src/progress/index.js';
import { renderText, shouldColor } from '../src/render/index.js';
import type { Io } from './io.js';

export interface UiOptions {
  /** --quiet: no progress lines. */
  quiet?: boolean;
}

/**
 * The API client of a reading command, with progress on stderr while live state is read (a large
 * account takes minutes at 100 list calls a minute): a live line on a terminal, a status line every
 * 30 s elsewhere, none with `quiet`. `done` ends it.
 */
export function readingClient(io: Io, options: UiOptions = {}): { client: FrameioClient; done: () => void } {
  const shown = readingProgress({ stream: io.stderr, env: io.env, quiet: options.quiet ?? false });
  return { client: clientFromEnv(io.env, { onEvent: shown.onEvent }), done: shown.done };
}

/** Prints a warning on stderr at once, on a line of its own (a progress line is cleared first). */
export function warner(io: Io): (message: string) => void {
  return (message) => void io.stderr.write(`${io.stderr.isTTY ? '\r\x1b[K' : ''}rolesync: warning: ${message}\n`);
}

export function textPlan(plan: Plan, io: Io, accountNames: Record<string, string>): string {
  return renderText(plan, { color: shouldColor(io.stdout, io.env), accountNames });
}

export async function confirm(plan: Plan, io: Io, accountNames: Record<string, string>): Promise<boolean> {
  io.stdout.write(textPlan(plan, io, accountNames));
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await rl.question(
      `\nApply these ${plan.changes.length} changes? Only 'yes' is accepted: `,
      io.interrupted ? { signal: io.interrupted } : {},
    );
    return answer.trim() === 'yes';
  } catch {
    // Ctrl-C or end of input at the prompt: a "no".
    return false;
  } finally {
    rl.close();
  }
}

/**
 * Apply's progress on stderr (done/total, rate, time left): a live line on a terminal, a status
 * line every 30 s elsewhere, none with `quiet`.
 */
export function progress(io: Io, options: UiOptions = {}): ApplyProgressHandlers {
  return applyProgress({ stream: io.stderr, env: io.env, quiet: options.quiet ?? false });
}
