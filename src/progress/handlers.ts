// The progress handlers cmd/ wires into the client and apply: one status line per command.
import type { ChangeResult } from '../apply/types.js';
import type { ClientEvent } from '../client/index.js';
import type { Plan } from '../plan/types.js';
import { ApplyStatus } from './applying.js';
import { ReadProgress } from './reading.js';
import { StatusLine, statusIntervalMs, type StatusStream } from './status-line.js';

export interface ProgressOptions {
  stream: StatusStream;
  env: Record<string, string | undefined>;
  quiet?: boolean;
  /** Default `Date.now`. */
  now?: () => number;
}

function line(describe: (now: number) => string, options: ProgressOptions): StatusLine {
  return new StatusLine(describe, {
    stream: options.stream,
    quiet: options.quiet ?? false,
    intervalMs: statusIntervalMs(options.env),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** A reading command's progress (plan, drift, export): the client's events in, `done` ends the line. */
export function readingProgress(options: ProgressOptions): { onEvent: (event: ClientEvent) => void; done: () => void } {
  const reads = new ReadProgress();
  const status = line(() => reads.text(), options);
  return {
    onEvent: (event) => {
      reads.observe(event);
      status.changed();
    },
    done: () => status.end(),
  };
}

export interface ApplyProgressHandlers {
  onEvent: (event: ClientEvent) => void;
  onPlan: (plan: Plan) => void;
  onResult: (result: ChangeResult) => void;
  /** The apply is over; an interrupted one leaves its true count on a live line. */
  end: (interrupted: boolean) => void;
}

/** Apply's progress: reads, then the writes (done/total, rate, time left), then the verifying read. */
export function applyProgress(options: ProgressOptions): ApplyProgressHandlers {
  const now = options.now ?? Date.now;
  const apply = new ApplyStatus();
  const status = line((at) => apply.text(at), { ...options, now });
  return {
    onEvent: (event) => {
      apply.observe(event);
      status.changed();
    },
    onPlan: (plan) => {
      apply.plan(plan.changes, now());
      // The plan and the question may follow on the terminal: no half line before them.
      status.clear();
    },
    onResult: (result) => {
      apply.result(result, now());
      status.changed();
    },
    end: (interrupted) => status.end(interrupted ? apply.stopped() : undefined),
  };
}
