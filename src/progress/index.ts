// Progress on stderr for the commands (re-exports only).
export {
  StatusLine,
  statusIntervalMs,
  STATUS_INTERVAL_MS,
  type StatusMode,
  type StatusStream,
  type StatusLineOptions,
} from './status-line.js';
export { ReadProgress, READING } from './reading.js';
export { ApplyProgress, ApplyStatus } from './applying.js';
export { applyProgress, readingProgress, type ApplyProgressHandlers, type ProgressOptions } from './handlers.js';
