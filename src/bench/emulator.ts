// The emulator every bench section runs against: the documented rate limits at a time scale, on a
// free loopback port, with its random choices fixed (seed 1) so that runs compare.
import { DEFAULT_LIMITS, startEmulator, type Emulator, type EmulatorStateInput } from '../emulator/index.js';

export function benchEmulator(state: EmulatorStateInput, timeScale: number): Promise<Emulator> {
  return startEmulator({ state, port: 0, timeScale, limits: { ...DEFAULT_LIMITS }, seed: 1 });
}
