// Finds files shipped with the package (schemas/, examples/, package.json) from wherever this module
// runs: `src/` in a clone, `dist/src/` when built, and `node_modules/frameio-rolesync/dist/src/`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of a file of the package (e.g. `schemas/manifest.schema.json`), or null. */
export function packageFile(relative: string): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i += 1) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}
