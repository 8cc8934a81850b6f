// The published schema: valid 2020-12, closed objects, and a description on every field for editors.
import { readFile } from 'node:fs/promises';
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
