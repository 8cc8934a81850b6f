// `rolesync export`: write a manifest of one account's live state.
import { writeOutput } from '../../src/output.js';
import { counted } from '../../src/plural.js';
import { exportManifest } from '../../src/usecase/export.js';
import { usage } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';
import { readingClient, warner } from '../ui.js';

export interface ExportValues {
  account: string | undefined;
  workspace: string[] | undefined;
  out: string | undefined;
  'infer-groups': boolean | undefined;
  quiet: boolean | undefined;
}

export async function exportCommand({ values, positionals }: Call<ExportValues>, io: Io): Promise<number> {
  if (positionals.length > 0) {
    usage(`export takes no manifest path, got '${positionals[0]}'; use --out FILE to choose where to write`, 'export');
  }
  if (values.account === undefined || values.account === '') {
    usage('export needs --account ID (a Frame.io account id or adobe:<org id>)', 'export');
  }
  const { client, done } = readingClient(io, { quiet: values.quiet ?? false });
  const result = await exportManifest(client, {
    accountId: values.account,
    workspaces: values.workspace ?? [],
    inferGroups: values['infer-groups'] ?? false,
    ...(values.out !== undefined ? { out: values.out } : {}),
    cwd: io.cwd,
    onWarning: warner(io),
  }).finally(done);
  if (values.out === undefined) {
    io.stdout.write(result.text);
  } else {
    await writeOutput(values.out, result.text);
    const n = result.model.workspaces.length;
    const written = `${values.out} (${counted(n, 'workspace')})`;
    io.stderr.write(`Wrote ${written}; review it, then check it with: rolesync plan ${values.out}\n`);
  }
  return 0;
}
