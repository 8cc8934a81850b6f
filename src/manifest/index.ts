// The manifest module's public surface: load and validate manifests, and the helpers others reuse.
export {
  loadManifest,
  loadManifestSources,
  validateManifest,
  type LoadOptions,
  type ValidationResult,
} from './load.js';
export { parseMaxRemovals, type MaxRemovalsResult } from './max-removals.js';
export { generateManifestYaml, type GenerateOptions } from './generate.js';
export { MAX_FILE_BYTES, type ManifestSource } from './sources.js';
export { MAX_ALIAS_EXPANSIONS } from './yaml.js';
export * from './types.js';
