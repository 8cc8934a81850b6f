// The benchmark's public surface (re-exports only); `cmd/bench.ts` wires it to a process.
export {
  runApiBench,
  timedApply,
  timedPlan,
  type ApiBenchOptions,
  type ApiBenchResult,
  type ApplyFigures,
  type ExpectedActions,
  type PhaseFigures,
  type PlanFigures,
} from './api.js';
export { tally, sum, addCounts, type Counts, type Tally } from './calls.js';
export { runChild, runNode, runNodeArgv } from './child.js';
export { floorOf, sequentialFloor, type Floor } from './floor.js';
export { exponent, median } from './format.js';
export { liveFromSeed } from './live.js';
export { describeMachine, type Machine } from './machine.js';
export {
  minimumPlanCalls,
  minimumScopeReads,
  minimumWrites,
  pagesFor,
  projectListing,
  MAX_PAGE_SIZE,
  type ListedProjects,
} from './minimum.js';
export {
  buildProjectScenario,
  type ExpectedProjectChanges,
  type ProjectScenario,
  type ProjectScenarioOptions,
} from './project-scenario.js';
export {
  runProjectsBench,
  type Pacing,
  type ProjectsBenchOptions,
  type ProjectsBenchResult,
  type ProjectsRun,
} from './projects-bench.js';
export { projectsSection, PROJECTS_FLOOR_TARGET } from './projects-report.js';
export {
  batchedAdds,
  groupsManifests,
  runGroupsBench,
  ONBOARDING_GROUP,
  type GroupsBenchOptions,
  type GroupsBenchResult,
  type GroupsPathRun,
} from './groups-bench.js';
export { groupsSection, GROUPS_SPEEDUP_TARGET } from './groups-report.js';
export {
  buildReportState,
  checkCostLines,
  minimumAuditCalls,
  minimumExportReads,
  runReportBench,
  type CostLineCheck,
  type ListReads,
  type ReportBenchOptions,
  type ReportBenchResult,
  type ReportBenchRun,
  type ReportScenarioOptions,
} from './report-bench.js';
export { auditVerdict, listMisses, reportExportSection, stepFloor, READ_STEPS } from './report-section.js';
export { naiveSync, type NaiveOptions, type NaiveResult } from './naive.js';
export { renderReport, FLOOR_TARGET, type BenchReport } from './report.js';
export {
  measureScale,
  measureValidate,
  medianOfProcesses,
  planInStages,
  scaleScenario,
  validateManifestText,
  STAGES,
  VALIDATE_SIZE,
  WARM_PASSES,
  type PassFigures,
  type ScaleFigures,
  type Stage,
  type StageTimes,
  type ValidateFigures,
} from './scale.js';
export { growthOf, growthPairs, scaleSection, LINEAR_TARGET, STAGE_NAME } from './scale-report.js';
export { countWork, type WorkCounts } from './work.js';
export { measureStartup, startupSummary, type StartupFigures } from './startup.js';
export {
  checkReaderPremise,
  measureReader,
  readerManifest,
  READER_SIZES,
  type ReaderFigures,
  type ReaderSize,
  type ReaderVariant,
} from './yaml-reader.js';
export {
  buildScenario,
  type Scenario,
  type ScenarioOptions,
  type ExpectedChanges,
  type PlainDesired,
  type PlainProject,
} from './scenario.js';
