// The plan module's public surface: re-exports only.
export type * from './types.js';
export type * from './resolved.js';
export { buildPlan } from './build.js';
export type { BuildPlanOptions } from './build.js';
export { resolve } from './resolve.js';
export { plan, planAccount, isAccountRow } from './planner.js';
export type { PlannedChanges } from './planner.js';
export { changePhase, compareChanges, sortChanges, compareNotes, sortNotes } from './order.js';
export type { ChangePhase } from './order.js';
export { checkPolicy, maxRemovalsExceeded } from './policy.js';
export type { PolicyOptions } from './policy.js';
export { estimate, formatDuration, describeEstimate } from './estimate.js';
export { RATE_WINDOW_MS, READ_LIMIT, WRITE_LIMITS, WRITE_CLASSES } from './limits.js';
export type { RateLimit, WriteClass } from './limits.js';
export { HELD_NOTE_KINDS, heldBack, summarize } from './summary.js';
export { canonicalJson, planChecksum } from './checksum.js';
export { accountLabel } from './labels.js';
