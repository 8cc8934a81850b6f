// The plan module's public surface: re-exports only.
export type * from './types.js';
export type * from './resolved.js';
export { buildPlan } from './build.js';
export type { BuildPlanOptions } from './build.js';
export { resolve } from './resolve.js';
export { plan, planAccount, isAccountRow } from './planner.js';
export type { PlannedChanges } from './planner.js';
export { diffScope, diffScopes } from './scope.js';
export type {
  Check,
  Guard,
  Inherited,
  ScopeAt,
  ScopeContext,
  ScopeDiff,
  ScopeInput,
  ScopeRoles,
  ScopeSpec,
} from './scope.js';
export { SCOPES, WRITE_CLASS_OF, ACCOUNT_SCOPE, WORKSPACE_SCOPE } from './scopes.js';
export type { ScopeKind } from './scopes.js';
export { changePhase, compareChanges, sortChanges, compareNotes, sortNotes, compareScopes } from './order.js';
export type { ChangePhase } from './order.js';
export { checkPolicy, maxRemovalsExceeded } from './policy.js';
export type { PolicyOptions } from './policy.js';
export { estimate, formatDuration, describeEstimate } from './estimate.js';
export { HELD_NOTE_KINDS, heldBack, summarize } from './summary.js';
export { canonicalJson, planChecksum } from './checksum.js';
