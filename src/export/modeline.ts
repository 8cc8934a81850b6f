// Where the exported file's `# yaml-language-server: $schema=` line points: the installed package's
// schemas/manifest.schema.json, relative to the output file, when that package lies inside the
// current project (a clone, or node_modules); otherwise the plain `schemas/manifest.schema.json`,
// never an absolute path or a URL (a commit must not carry one machine's paths).
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { packageFile } from '../package-files.js';

export const FALLBACK_SCHEMA_REF = 'schemas/manifest.schema.json';

/** The package's own schema file. */
export function packageSchemaFile(): string | null {
  return packageFile(FALLBACK_SCHEMA_REF);
}

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * `out`: the file being written, or undefined for stdout (then relative to `cwd`).
 * `schemaFile`: injectable for tests; defaults to the package's own.
 */
export function schemaRef(
  out: string | undefined,
  cwd: string,
  schemaFile: string | null = packageSchemaFile(),
): string {
  if (schemaFile === null || !inside(resolve(cwd), schemaFile)) return FALLBACK_SCHEMA_REF;
  const base = out === undefined ? resolve(cwd) : dirname(resolve(cwd, out));
  return relative(base, schemaFile).split(sep).join('/');
}
