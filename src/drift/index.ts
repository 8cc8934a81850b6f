// The drift module's public surface: re-exports only.
export type * from './types.js';
export { detectDrift, driftExitCode, compareDrift } from './detect.js';
export { isGuardKind } from './held.js';
