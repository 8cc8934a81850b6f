// The published schema: valid 2020-12, closed objects, and a description on every field for editors.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SETTABLE_ACCOUNT_ROLES, WORKSPACE_ROLES } from '../../src/roles.js';
import { ROOT } from './helpers.js';

type Schema = Record<string, unknown>;

async function schema(): Promise<Schema> {
  return JSON.parse(await readFile(join(ROOT, 'schemas', 'manifest.schema.json'), 'utf8')) as Schema;
}

/** Every subschema with the JSON path that leads to it. */
function walk(node: unknown, path: string, out: [string, Schema][] = []): [string, Schema][] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return out;
  const s = node as Schema;
  out.push([path, s]);
  for (const key of ['properties', '$defs'] as const) {
    for (const [name, child] of Object.entries((s[key] as Schema | undefined) ?? {})) walk(child, `${path}/${key}/${name}`, out);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames'] as const) walk(s[key], `${path}/${key}`, out);
  for (const [i, child] of ((s.anyOf as unknown[] | undefined) ?? []).entries()) walk(child, `${path}/anyOf/${i}`, out);
  return out;
}

describe('schemas/manifest.schema.json', () => {
  it('is a 2020-12 schema with an $id that ajv compiles in strict mode', async () => {
    const s = await schema();
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof s.$id).toBe('string');
    expect(() => new Ajv2020({ strict: true, allErrors: true }).compile(s)).not.toThrow();
  });

  it('closes every object: additionalProperties is false or a value schema', async () => {
    const objects = walk(await schema(), '#').filter(([, s]) => s.type === 'object');
    expect(objects.length).toBeGreaterThan(5);
    for (const [path, s] of objects) expect(s.additionalProperties, path).toBeDefined();
    for (const [path, s] of objects.filter(([, s]) => s.properties)) expect(s.additionalProperties, path).toBe(false);
  });

  it('describes every field and definition', async () => {
    const s = await schema();
    const fields = walk(s, '#').filter(([path]) => /\/(properties|\$defs)\/[^/]+$/.test(path));
    expect(fields.length).toBeGreaterThan(20);
    for (const [path, node] of fields) expect(typeof node.description, path).toBe('string');
  });

  it('spells roles as src/roles.ts does', async () => {
    const defs = (await schema()).$defs as Record<string, Schema>;
    expect(defs.workspaceRole?.enum).toEqual([...WORKSPACE_ROLES]);
    expect(defs.accountRole?.enum).toEqual([...SETTABLE_ACCOUNT_ROLES]);
  });
});

/** Every file below `dir` (relative to ROOT) whose name ends with `ext`. */
async function filesUnder(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(ext)).map((e) => join(e.parentPath, e.name));
}

/** The package a bare import specifier names: `ajv/dist/2020.js` -> `ajv`, `@a/b/c` -> `@a/b`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('ajv plugins and runtime dependencies', () => {
  it('no schema uses `format`, so the CLI needs no ajv-formats', async () => {
    // Anywhere in the document: a string-valued `format` is the keyword (a property named format has a schema).
    const formats = (node: unknown, path: string): string[] =>
      typeof node !== 'object' || node === null
        ? []
        : Object.entries(node).flatMap(([k, v]) => (k === 'format' && typeof v === 'string' ? [path] : formats(v, `${path}/${k}`)));
    const files = await filesUnder('schemas', '.json');
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(formats(JSON.parse(await readFile(file, 'utf8')), '#'), file).toEqual([]);
  });

  it('runtime dependencies are exactly the packages src/ and cmd/ import (the rest are devDependencies)', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = new Set<string>();
    for (const file of [...(await filesUnder('src', '.ts')), ...(await filesUnder('cmd', '.ts'))]) {
      const source = await readFile(file, 'utf8');
      for (const m of source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^'.][^']*)'/gm)) {
        if (!m[1]!.startsWith('node:')) imported.add(packageOf(m[1]!));
      }
      for (const m of source.matchAll(/\bimport\(\s*'([^'.][^']*)'\s*\)/g)) {
        if (!m[1]!.startsWith('node:')) imported.add(packageOf(m[1]!));
      }
    }
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});
