// Finds and reads the files of a manifest path (a file, or every *.yaml/*.yml below a directory),
// with a size limit, and computes the digest that ties a saved plan to exactly these files.
import { createHash } from 'node:crypto';
import { readdir, readFile as fsReadFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { compareStrings } from '../compare.js';
import { fileProblem, type Diagnostic } from '../errors.js';

/** One manifest file: `path` as the user will read it in messages, `rel` relative to the root given. */
export interface ManifestSource {
  path: string;
  rel: string;
  content: string;
}

export type ReadFile = (path: string) => Promise<string>;

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const MANIFEST_FILE = /\.ya?ml$/i;

export async function readSources(
  root: string,
  readFile?: ReadFile,
): Promise<{ sources: ManifestSource[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const fail = (file: string, message: string): void => {
    diagnostics.push({ severity: 'error', pos: { file, line: 1, col: 1 }, message });
  };
  let isDirectory = false;
  try {
    isDirectory = (await stat(root)).isDirectory();
  } catch (err) {
    // An injected reader may serve paths that are not on disk.
    if (!readFile) {
      fail(root, `cannot read the manifest: ${reason(err)}`);
      return { sources: [], diagnostics };
    }
  }
  let rels = [basename(root)];
  if (isDirectory) {
    try {
      rels = await listYamlFiles(root);
    } catch (err) {
      fail(root, `cannot list the manifest directory: ${reason(err)}`);
      return { sources: [], diagnostics };
    }
  }
  if (isDirectory && rels.length === 0) fail(root, 'no *.yaml or *.yml files in this directory');
  const sources: ManifestSource[] = [];
  for (const rel of rels) {
    const path = isDirectory ? join(root, rel) : root;
    try {
      if (!readFile) {
        const size = (await stat(path)).size;
        if (size > MAX_FILE_BYTES) {
          fail(path, tooLarge(size));
          continue;
        }
      }
      const content = stripBom(await (readFile ?? ((p: string) => fsReadFile(p, 'utf8')))(path));
      const size = Buffer.byteLength(content);
      if (size > MAX_FILE_BYTES) fail(path, tooLarge(size));
      else sources.push({ path, rel, content });
    } catch (err) {
      fail(path, `cannot read the manifest: ${reason(err)}`);
    }
  }
  return { sources, diagnostics };
}

/** Every *.yaml/*.yml below `root`, as sorted '/'-separated relative paths; dot-folders and dot-files skipped. */
async function listYamlFiles(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    // Symlinked directories are not followed: they could loop.
    if (entry.isDirectory()) out.push(...(await listYamlFiles(root, rel)));
    else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST_FILE.test(entry.name)) out.push(rel);
  }
  return out.sort();
}

/** sha256 over the sorted (relative path, content) pairs: the same files give the same digest from any cwd. */
export function manifestDigest(sources: readonly ManifestSource[]): string {
  const hash = createHash('sha256');
  for (const s of [...sources].sort((a, b) => compareStrings(a.rel, b.rel))) {
    hash.update(`${s.rel}\0${Buffer.byteLength(s.content)}\0`);
    hash.update(s.content);
    hash.update('\0');
  }
  return hash.digest('hex');
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function tooLarge(size: number): string {
  return (
    `the file is ${(size / 1024 / 1024).toFixed(1)} MiB; a manifest file may be at most ` +
    `${MAX_FILE_BYTES / 1024 / 1024} MiB (split it into several files in a directory)`
  );
}

const reason = fileProblem;
