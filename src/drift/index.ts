// The drift module's public surface: re-exports only.
export type * from './types.js';
export { detectDrift, driftExitCode } from './detect.js';
