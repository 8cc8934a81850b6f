// The report use case: read the scopes to report on (the manifest's, or every workspace of one
// account) through export's read, which says its cost before and while reading; read last activity
// from the audit log; build the report model.
import type { AuditLogReader } from '../drift/attribution.js';
import { loadManifest } from '../manifest/index.js';
import type { Manifest } from '../manifest/types.js';
import type { LiveAccount } from '../live/types.js';
import { readActivity } from '../report/activity.js';
import { buildReport, type ActivityRead } from '../report/model.js';
import type { Report } from '../report/types.js';
import { readForExport, type ExportReader, type GroupsEvent, type ProjectsEvent } from './export.js';

export type ReportReader = ExportReader & AuditLogReader;

export interface ReportRequest {
  /** The manifest whose scopes to report on; or `accountId`, never both. */
  path?: string;
  accountId?: string;
  /** `--account`: also every project (one users listing each). */
  projects?: boolean;
  /** `--account`: also Frame.io groups (their members and grants). */
  groups?: boolean;
  /** Read last activity from the audit log (default true). */
  activity?: boolean;
  /** ms since the epoch: the report's time. */
  now: number;
  cwd: string;
  onProjects?: (event: ProjectsEvent) => void;
  onGroups?: (event: GroupsEvent) => void;
  onWarning?: (message: string) => void;
}

function hooks(req: ReportRequest) {
  return {
    ...(req.onProjects ? { onProjects: req.onProjects } : {}),
    ...(req.onGroups ? { onGroups: req.onGroups } : {}),
    ...(req.onWarning ? { onWarning: req.onWarning } : {}),
  };
}

export interface ReportRun {
  report: Report;
  /** The manifest's load warnings (none with `--account`), for the command to print on stderr. */
  warnings: Manifest['warnings'];
}

export async function runReport(reader: ReportReader, req: ReportRequest): Promise<ReportRun> {
  let manifest: Manifest | null = null;
  const accounts: LiveAccount[] = [];
  if (req.path !== undefined) {
    manifest = await loadManifest(req.path);
    for (const desired of manifest.accounts) {
      // The manifest's workspaces (by pin or name), with all their projects when it lists any project.
      const wanted = desired.workspaces.map((w) => w.id ?? w.name);
      if (wanted.length === 0) continue;
      const { live } = await readForExport(reader, {
        accountId: desired.id,
        workspaces: wanted,
        inferGroups: false,
        projects: desired.workspaces.some((w) => w.projects.length > 0),
        groups: desired.experimental.includes('frameio_groups'),
        cwd: req.cwd,
        ...hooks(req),
      });
      accounts.push(...live.accounts);
    }
  } else if (req.accountId !== undefined) {
    const { live } = await readForExport(reader, {
      accountId: req.accountId,
      workspaces: [],
      inferGroups: false,
      projects: req.projects ?? false,
      groups: req.groups ?? false,
      cwd: req.cwd,
      ...hooks(req),
    });
    accounts.push(...live.accounts);
  } else {
    throw new Error('report: a manifest path or an account id is needed');
  }
  const activity: Map<string, ActivityRead> =
    req.activity === false
      ? new Map()
      : await readActivity(
          reader,
          accounts.map((a) => a.id),
          req.now,
        );
  const report = buildReport({
    accounts,
    manifest,
    now: req.now,
    activity,
    source:
      req.path !== undefined ? { kind: 'manifest', path: req.path } : { kind: 'account', account_id: req.accountId! },
  });
  return { report, warnings: manifest?.warnings ?? [] };
}
