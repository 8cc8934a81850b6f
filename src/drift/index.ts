// The drift module's public surface: re-exports only.
export type * from './types.js';
export { detectDrift, driftExitCode, compareDrift } from './detect.js';
export { groupDrift, KIND_LABEL, applyWould, type DriftScope } from './group.js';
export { isGuardKind } from './held.js';
export { renderDriftText, type DriftTextOptions } from './text.js';
export { renderDriftMarkdown, DRIFT_MARKER, type DriftMarkdownOptions } from './markdown.js';
export { renderDriftJson } from './json.js';
