// Paths of the manifest fixtures as a user would type them from the project root (messages quote them).
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/manifests', import.meta.url));

/** A fixture path relative to the cwd, as `loadManifest` will print it. */
export function fixture(...parts: string[]): string {
  return relative(process.cwd(), join(FIXTURES, ...parts));
}
