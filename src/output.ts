// Writes a command's output file (a saved plan, export's manifest, drift's report): parent folders created, and
// a failure is a user error that names the file, not a stack trace.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RolesyncError, fileProblem } from './errors.js';

export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    throw new RolesyncError(
      'CONFIG',
      `cannot write ${file}: ${fileProblem(error)}; check the path and its permissions`,
    );
  }
}
