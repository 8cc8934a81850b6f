// The manifest use case: read files -> safe YAML -> schema -> per-file checks -> merge per account.
import { protectedExpiryWarnings } from './expiry-check.js';
import { compareStrings } from '../compare.js';
import { ManifestError, type Diagnostic } from '../errors.js';
import { extractFile, type FilePart } from './extract.js';
import { mergeParts } from './merge.js';
import { schemaDiagnostics } from './messages.js';
import { schemaErrors } from './schema.js';
import { manifestDigest, readSources, type ManifestSource, type ReadFile } from './sources.js';
import type { Manifest } from './types.js';
import { parseYamlSource } from './yaml.js';

export interface LoadOptions {
  /** Reads one file as UTF-8; defaults to the file system. Directories are always listed from disk. */
  readFile?: ReadFile;
}

export interface ValidationResult {
  ok: boolean;
  /** Errors and warnings of every file, sorted by file, line, col. */
  diagnostics: Diagnostic[];
  /** Present when `ok`. */
  manifest?: Manifest;
}

/** `rolesync validate`: every problem of every file at once; never throws for a manifest problem. */
export async function validateManifest(path: string, options: LoadOptions = {}): Promise<ValidationResult> {
  const { sources, diagnostics } = await readSources(path, options.readFile);
  const result = checkManifestSources(sources);
  return finish([...diagnostics, ...result.diagnostics], result.manifest);
}

/** Loads a manifest file or directory; throws one `ManifestError` carrying every diagnostic. */
export async function loadManifest(path: string, options: LoadOptions = {}): Promise<Manifest> {
  const result = await validateManifest(path, options);
  if (!result.manifest) throw new ManifestError(result.diagnostics, `manifest ${path} is invalid`);
  return result.manifest;
}

/** Loads manifest text already in memory (tests, benchmarks); throws like `loadManifest`. */
export function loadManifestSources(sources: readonly ManifestSource[]): Manifest {
  const result = checkManifestSources(sources);
  if (!result.manifest) throw new ManifestError(result.diagnostics);
  return result.manifest;
}

export function checkManifestSources(sources: readonly ManifestSource[]): ValidationResult {
  const diagnostics: Diagnostic[] = [];
  const parts: FilePart[] = [];
  for (const source of sources) {
    const parsed = parseYamlSource(source.path, source.content);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value === undefined) continue;
    diagnostics.push(...schemaDiagnostics(schemaErrors(parsed.value), parsed.positions));
    const { part, diagnostics: found } = extractFile(source.path, parsed.value, parsed.positions);
    diagnostics.push(...found);
    parts.push(part);
  }
  const merged = mergeParts(parts);
  diagnostics.push(...merged.diagnostics);
  for (const account of merged.accounts) diagnostics.push(...protectedExpiryWarnings(account));
  const warnings = sortDiagnostics(diagnostics.filter((d) => d.severity === 'warning'));
  return finish(diagnostics, { accounts: merged.accounts, warnings, digest: manifestDigest(sources) });
}

function finish(diagnostics: Diagnostic[], manifest: Manifest | undefined): ValidationResult {
  const sorted = sortDiagnostics(diagnostics);
  const ok = sorted.every((d) => d.severity !== 'error') && manifest !== undefined;
  return ok ? { ok, diagnostics: sorted, manifest } : { ok, diagnostics: sorted };
}

function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareStrings(a.pos.file, b.pos.file) ||
      a.pos.line - b.pos.line ||
      a.pos.col - b.pos.col ||
      compareStrings(a.severity, b.severity) ||
      compareStrings(a.message, b.message),
  );
}
