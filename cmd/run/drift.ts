// `rolesync drift`: compare live state with the manifest, read-only, and report each difference.
import { formatDiagnostic } from '../../src/errors.js';
import { writeOutput } from '../../src/output.js';
import { shouldColor } from '../../src/render/index.js';
import { driftExitCode, renderDriftReport, runDrift } from '../../src/usecase/drift.js';
import { format, nowOf, onePath } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';
import { readingClient, warner } from '../ui.js';

export interface DriftValues {
  format: string | undefined;
  out: string | undefined;
  now: string | undefined;
  quiet: boolean | undefined;
  'no-attribution': boolean | undefined;
}

export async function drift({ values, positionals }: Call<DriftValues>, io: Io): Promise<number> {
  const path = onePath(positionals, 'drift');
  const fmt = format(values.format, 'drift');
  const now = nowOf(values.now, 'drift');
  const { client, done } = readingClient(io, { quiet: values.quiet ?? false });
  // Attribution reads the audit log (a bounded number of calls); --no-attribution makes none.
  const audit = values['no-attribution'] === true ? {} : { audit: client };
  const run = await runDrift(path, client, { onWarning: warner(io), now, ...audit }).finally(done);
  io.stdout.write(renderDriftReport(run, fmt, shouldColor(io.stdout, io.env)));
  for (const w of run.manifest.warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  if (values.out !== undefined) {
    await writeOutput(values.out, renderDriftReport(run, fmt, false));
    io.stderr.write(`Wrote the drift report to ${values.out}\n`);
  }
  return driftExitCode(run.report);
}
