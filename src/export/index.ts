// The export module's public surface: re-exports only.
export type * from './types.js';
export { snapshotAccount, type ExportInput } from './snapshot.js';
export { inferGroups, MIN_GROUP_MEMBERS, MIN_GROUP_SCOPES } from './groups.js';
export { renderExportYaml, scalar, HEADER, PROJECTS_HEADER, GROUPS_HEADER } from './yaml.js';
export { schemaRef, packageSchemaFile, FALLBACK_SCHEMA_REF } from './modeline.js';
export {
  groupsCost,
  groupsCostLine,
  projectsCost,
  projectsCostLine,
  type GroupsCost,
  type ProjectsCost,
} from './cost.js';
