// Where the exported file's `# yaml-language-server: $schema=` line points: the installed package's
// schemas/manifest.schema.json, relative to the output file, when that package lies inside the
// current project (a clone, or node_modules); otherwise the plain `schemas/manifest.schema.json`,
// never an absolute path or a URL (a commit must not carry one machine's paths).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FALLBACK_SCHEMA_REF = 'schemas/manifest.schema.json';

/** The package's schema file, found by walking up from this module (it runs from src/ and dist/src/). */
export function packageSchemaFile(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'schemas', 'manifest.schema.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * `out`: the file being written, or undefined for stdout (then relative to `cwd`).
 * `schemaFile`: injectable for tests; defaults to the package's own.
 */
export function schemaRef(out: string | undefined, cwd: string, schemaFile: string | null = packageSchemaFile()): string {
  if (schemaFile === null || !inside(resolve(cwd), schemaFile)) return FALLBACK_SCHEMA_REF;
  const base = out === undefined ? resolve(cwd) : dirname(resolve(cwd, out));
  return relative(base, schemaFile).split(sep).join('/');
}
