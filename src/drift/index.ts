// The drift module's public surface: re-exports only.
export type * from './types.js';
export { detectDrift, driftExitCode } from './detect.js';
export {
  ATTRIBUTION_MAX_CALLS,
  ATTRIBUTION_PAGES_PER_SCOPE,
  attributeDrift,
  type AttributedDrift,
  type AttributionOptions,
  type AuditLogReader,
} from './attribution.js';
