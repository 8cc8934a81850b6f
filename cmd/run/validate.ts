// `rolesync validate`: check a manifest offline; every error names file:line:col.
import { formatDiagnostic } from '../../src/errors.js';
import { validateManifest } from '../../src/manifest/index.js';
import { counted } from '../../src/plural.js';
import { onePath } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';

export async function validate({ positionals }: Call<unknown>, io: Io): Promise<number> {
  const path = onePath(positionals, 'validate');
  const result = await validateManifest(path);
  for (const d of result.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!result.ok || !result.manifest) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr.write(`${path}: invalid (${counted(errors, 'error')})\n`);
    return 1;
  }
  const m = result.manifest;
  const workspaces = m.accounts.reduce((n, a) => n + a.workspaces.length, 0);
  io.stdout.write(`${path}: valid (${counted(m.accounts.length, 'account')}, ${counted(workspaces, 'workspace')})\n`);
  return 0;
}
