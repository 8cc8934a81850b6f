// The Frame.io V4 emulator's public API (re-exports only).
export { startEmulator, type Emulator, type RequestListener } from './server.js';
export { openRequestLog, requestLogLine, type RequestLogFile } from './request-log.js';
export { loadStateFile, parseState } from './seed-file.js';
export { validateSeed } from './validate-seed.js';
export {
  generateState,
  BENCH_ADMIN_TOKEN,
  BENCH_MEMBER_TOKEN,
  BENCH_ADMIN_EMAIL,
  BENCH_OWNER_EMAIL,
  type GenerateOptions,
} from './generate.js';
export { emulatorBanner } from './banner.js';
export type { EmulatorStateHandle, GroupGrantView, GroupSpec, GroupView } from './state-handle.js';
export type { FaultController } from './faults.js';
export {
  DEFAULT_LIMITS,
  type EmulatorOptions,
  type EmulatorStateInput,
  type SeedUser,
  type SeedAccount,
  type SeedWorkspace,
  type SeedProject,
  type SeedGroup,
  type ProjectListing,
  type RequestLogEntry,
  type FaultConfig,
  type FaultRule,
  type FaultMatch,
  type FaultKind,
  type InjectedFault,
} from './types.js';
