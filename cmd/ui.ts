// The terminal side of the commands: progress lines on stderr and the confirmation prompt.
import { createInterface } from 'node:readline/promises';
import { clientFromEnv, type FrameioClient } from '../src/client/index.js';
import type { Plan } from '../src/plan/types.js';
import { renderText, shouldColor } from '../src/render/index.js';
import type { Io } from './io.js';

export interface UiOptions {
  /** --quiet: no progress lines. */
  quiet?: boolean;
}

/**
 * The API client of a reading command. On a terminal a line on stderr counts the calls while live
 * state is read (a large account takes minutes at 100 list calls a minute); `done` wipes it.
 */
export function readingClient(io: Io, options: UiOptions = {}): { client: FrameioClient; done: () => void } {
  if (options.quiet) return { client: clientFromEnv(io.env), done: () => undefined };
  if (!io.stderr.isTTY) return { client: clientFromEnv(io.env), done: () => undefined };
  let calls = 0;
  let waiting = false;
  let shown = false;
  const draw = () => {
    shown = true;
    io.stderr.write(`\r\x1b[KReading live state from Frame.io: ${calls} call${calls === 1 ? '' : 's'}${waiting ? ', pacing to the rate limit' : ''}`);
  };
  const client = clientFromEnv(io.env, {
    onEvent: (event) => {
      if (event.type === 'response') {
        calls += 1;
        waiting = false;
        draw();
      } else if (event.type === 'rate_wait') {
        waiting = true;
        draw();
      } else if (event.type === 'retry') {
        shown = true;
        io.stderr.write(`\r\x1b[KReading live state from Frame.io: ${calls} calls; no good answer (${event.reason}), trying again`);
      }
    },
  });
  return { client, done: () => shown && void io.stderr.write('\r\x1b[K') };
}

export function textPlan(plan: Plan, io: Io, accountNames: Record<string, string>): string {
  return renderText(plan, { color: shouldColor(io.stdout, io.env), accountNames });
}

export async function confirm(plan: Plan, io: Io, accountNames: Record<string, string>): Promise<boolean> {
  io.stdout.write(textPlan(plan, io, accountNames));
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await rl.question(`\nApply these ${plan.changes.length} changes? Only 'yes' is accepted: `, io.interrupted ? { signal: io.interrupted } : {});
    return answer.trim() === 'yes';
  } catch {
    // Ctrl-C or end of input at the prompt: a "no".
    return false;
  } finally {
    rl.close();
  }
}

/** A one-line progress display on stderr, redrawn in place; only on a terminal. */
export function progress(io: Io, options: UiOptions = {}): ((done: number, total: number) => void) | undefined {
  if (options.quiet) return undefined;
  if (!io.stderr.isTTY) return undefined;
  const started = Date.now();
  return (done, total) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    io.stderr.write(`\r\x1b[K${done}/${total} changes, ${(rate * 60).toFixed(1)}/min, ~${left}s left`);
    if (done === total) io.stderr.write('\n');
  };
}
