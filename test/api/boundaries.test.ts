// Who may import what: the client and the emulator read the API's facts from src/api, never from
// the planner; src/api itself depends on nothing else of rolesync, so anything may read it. Imports
// into src/render run one way: render reads plan, drift and apply, never the other way round.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module a file imports or re-exports (static or dynamic), as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) =>
      relative(SRC, resolve(dirname(file), s))
        .split('\\')
        .join('/'),
    );
}

/** `file -> module` for each import of the files under `dir` that lands under one of `banned`. */
function crossings(dir: string, banned: (target: string) => boolean): string[] {
  return tsFiles(join(SRC, dir)).flatMap((file) =>
    importsOf(file)
      .filter(banned)
      .map((target) => `${relative(SRC, file)} -> ${target}`),
  );
}

describe('module boundaries', () => {
  it('sees the imports it checks (so an empty answer means something)', () => {
    expect(importsOf(join(SRC, 'client/limits.ts'))).toContain('api/index.js');
    expect(importsOf(join(SRC, 'plan/estimate.ts'))).toContain('plan/scopes.js');
  });

  it.each(['client', 'emulator'])('src/%s imports nothing from src/plan', (dir) => {
    expect(crossings(dir, (target) => target.startsWith('plan/'))).toEqual([]);
  });

  it('src/api imports nothing from the rest of rolesync', () => {
    expect(crossings('api', (target) => !target.startsWith('api/'))).toEqual([]);
  });

  // Rendering is one room: what plans, detects drift or applies never formats through render/.
  it.each(['plan', 'drift', 'apply'])('src/%s imports nothing from src/render', (dir) => {
    expect(crossings(dir, (target) => target.startsWith('render/'))).toEqual([]);
  });

  it('src/render imports no use case and no command', () => {
    expect(crossings('render', (target) => target.startsWith('usecase/') || target.startsWith('../'))).toEqual([]);
  });
});
