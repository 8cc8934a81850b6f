// `rolesync report`: who has access to what and why, for a manifest's scopes or a whole account.
import { formatDiagnostic } from '../../src/errors.js';
import { writeOutput } from '../../src/output.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../src/report/render.js';
import { runReport } from '../../src/usecase/report.js';
import { nowOf, usage } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';
import { warner } from '../ui.js';
import { exportProgress } from './export.js';

export interface ReportValues {
  account: string | undefined;
  projects: boolean | undefined;
  groups: boolean | undefined;
  format: string | undefined;
  out: string | undefined;
  now: string | undefined;
  'no-activity': boolean | undefined;
  quiet: boolean | undefined;
}

function reportFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'text';
  if ((REPORT_FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  usage(
    `--format must be ${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS.at(-1)}, not '${value}'`,
    'report',
  );
}

export async function report({ values, positionals }: Call<ReportValues>, io: Io): Promise<number> {
  const account = values.account;
  if (positionals.length > 1) usage('report takes at most one manifest path', 'report');
  const path = positionals[0];
  if (path !== undefined && account !== undefined)
    usage(`report takes a manifest path or --account ID, not both (got '${path}' and --account ${account})`, 'report');
  if (path === undefined && (account === undefined || account === ''))
    usage('report needs a manifest path (its scopes) or --account ID (every workspace of the account)', 'report');
  if (path !== undefined && (values.projects || values.groups))
    usage('--projects and --groups go with --account; with a manifest path its own scopes are read', 'report');
  const fmt = reportFormat(values.format);
  const now = nowOf(values.now, 'report');
  const { client, onProjects, onGroups, done } = exportProgress(io, values.quiet ?? false);
  const { report: result, warnings } = await runReport(client, {
    ...(path !== undefined ? { path } : { accountId: account! }),
    projects: values.projects ?? false,
    groups: values.groups ?? false,
    activity: values['no-activity'] !== true,
    now,
    cwd: io.cwd,
    onProjects,
    onGroups,
    onWarning: warner(io),
  }).finally(done);
  for (const w of warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  const text = renderReport(result, fmt);
  if (values.out === undefined) io.stdout.write(text);
  else {
    await writeOutput(values.out, text);
    io.stderr.write(`Wrote the report (${result.summary.rows} rows) to ${values.out}\n`);
  }
  return 0;
}
