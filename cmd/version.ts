// rolesync's version: the one in the package.json it is installed with.
import { readFileSync } from 'node:fs';
import { packageFile } from '../src/package-files.js';

function readVersion(): string {
  const file = packageFile('package.json');
  if (file === null) return 'unknown';
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    // Another package's package.json on the way up would give another version.
    return pkg.name === 'frameio-rolesync' && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const VERSION = readVersion();
