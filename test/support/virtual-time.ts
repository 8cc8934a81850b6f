// One clock for a client and an emulator in the same test process: time moves only when the client
// waits, so what the rate buckets answer follows from the calls made, never from how busy the machine is.
import type { Clock } from '../../src/client/index.js';

export interface VirtualTime {
  /** For FrameioClient's `clock`: a sleep moves time forward instead of waiting for it. */
  clock: Clock;
  /** For startEmulator's `now`. */
  now: () => number;
}

export function virtualTime(start = 1_000_000): VirtualTime {
  let t = start;
  const now = () => t;
  const sleep = async (ms: number): Promise<void> => {
    const wake = t + Math.max(0, ms);
    // Yield to I/O once, as a real wait does.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Never earlier than asked; sleeps that overlap end together, as they do in real time.
    t = Math.max(t, wake);
  };
  return { now, clock: { now, sleep } };
}
