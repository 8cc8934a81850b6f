// The published schema: valid 2020-12 for strict ajv, closed objects, and for editors a title and a
// description on every field, a description per role value, real defaults and readable pattern errors.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseMaxRemovals } from '../../src/manifest/max-removals.js';
import { EDITOR_KEYWORDS, manifestAjv } from '../../src/manifest/schema.js';
import { DEFAULT_POLICY, EXPERIMENTAL_FEATURES } from '../../src/manifest/types.js';
import { GROUP_ROLES, PROJECT_ROLES, SETTABLE_ACCOUNT_ROLES, WORKSPACE_ROLES } from '../../src/api/index.js';
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
    for (const [name, child] of Object.entries((s[key] as Schema | undefined) ?? {}))
      walk(child, `${path}/${key}/${name}`, out);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames'] as const) walk(s[key], `${path}/${key}`, out);
  for (const [i, child] of ((s.anyOf as unknown[] | undefined) ?? []).entries()) walk(child, `${path}/anyOf/${i}`, out);
  return out;
}

describe('schemas/manifest.schema.json', () => {
  it('is a 2020-12 schema with an $id that a strict ajv compiles, meta-schema check included', async () => {
    const s = await schema();
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof s.$id).toBe('string');
    expect(() => manifestAjv({ allErrors: true, validateSchema: true }).compile(s)).not.toThrow();
  });

  it('uses no keyword strict ajv does not know besides the registered editor keywords', async () => {
    const s = await schema();
    // A plain strict ajv names the first unknown keyword; with the editor keywords it compiles (above).
    const unknown = /strict mode: unknown keyword: "(enumDescriptions|patternErrorMessage)"/;
    expect(() => new Ajv2020({ strict: true }).compile(s)).toThrow(unknown);
    const used = new Set(walk(s, '#').flatMap(([, node]) => Object.keys(node)));
    for (const def of EDITOR_KEYWORDS) expect(used, String(def.keyword)).toContain(def.keyword);
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

  it('titles every field and definition, so editor hovers are not all headed by the root title', async () => {
    const s = await schema();
    const defs = s.$defs as Record<string, Schema>;
    const fields = walk(s, '#').filter(([path]) => /\/(properties|\$defs)\/[^/]+$/.test(path));
    for (const [path, node] of fields) {
      // A `$ref` with its own description takes its title from the definition (the language server merges them).
      const target = typeof node.$ref === 'string' ? defs[node.$ref.replace('#/$defs/', '')] : undefined;
      const title = node.title ?? target?.title;
      expect(typeof title, path).toBe('string');
      expect(title, path).not.toBe(s.title);
    }
    for (const [name, def] of Object.entries(defs)) expect(typeof def.title, `#/$defs/${name}`).toBe('string');
    const titles = fields.map(([, node]) => node.title).filter((t) => t !== undefined);
    expect(new Set(titles).size, 'titles are distinct').toBe(titles.length);
  });

  it('describes every role and mode value (enumDescriptions, which the YAML language server shows)', async () => {
    const enums = walk(await schema(), '#').filter(([, node]) => Array.isArray(node.enum));
    expect(enums.map(([path]) => path).sort()).toEqual([
      '#/$defs/accountRole',
      '#/$defs/experimentalFeature',
      '#/$defs/groupRole',
      '#/$defs/mode',
      '#/$defs/projectRole',
      '#/$defs/workspaceRole',
    ]);
    for (const [path, node] of enums) {
      const descriptions = node.enumDescriptions as unknown[];
      expect(descriptions, path).toHaveLength((node.enum as unknown[]).length);
      for (const d of descriptions) expect(d, path).toMatch(/^\S.{10,}/);
      expect(new Set(descriptions).size, path).toBe(descriptions.length);
    }
  });

  it('offers the real defaults: policy as DEFAULT_POLICY, mode additive (completion inserts them)', async () => {
    const defs = (await schema()).$defs as Record<string, Schema>;
    const policy = defs.policy!.properties as Record<string, Schema>;
    expect(parseMaxRemovals(policy.max_removals!.default)).toEqual({ ok: true, value: DEFAULT_POLICY.maxRemovals });
    expect(policy.min_admins!.default).toBe(DEFAULT_POLICY.minAdmins);
    expect(policy.protected!.default).toEqual(DEFAULT_POLICY.protected);
    expect(defs.mode!.default).toBe('additive');
    // Every default must itself be valid where it stands.
    const ajv = manifestAjv();
    for (const [path, node] of walk(await schema(), '#').filter(([, node]) => 'default' in node)) {
      const { default: value, ...rest } = node;
      expect(ajv.validate({ $defs: (await schema()).$defs, ...rest }, value), path).toBe(true);
    }
  });

  it('holds expires to the forms rolesync reads, so an editor flags a word or a date-time without offset', async () => {
    const validate = manifestAjv().compile(await schema());
    const doc = (expires: string) => ({
      version: 1,
      account: { id: '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10', users: { 'a@acme.test': { role: 'admin', expires } } },
    });
    for (const good of ['2027-01-31', '2027-01-31T18:00:00Z', '2027-01-31t18:00z', '2027-01-31T18:00:00.5+01:00']) {
      expect(validate(doc(good)), good).toBe(true);
    }
    for (const bad of ['tomorrow', '2027-01-31T18:00:00', '2027-1-31', '31.01.2027', '2027-01-31T18:00:00+01']) {
      expect(validate(doc(bad)), bad).toBe(false);
    }
  });

  it('gives every pattern a readable patternErrorMessage for editors', async () => {
    const patterned = walk(await schema(), '#').filter(([, node]) => typeof node.pattern === 'string');
    expect(patterned.length).toBeGreaterThan(3);
    for (const [path, node] of patterned) {
      expect(node.patternErrorMessage, path).toMatch(/^Not an? [^:]+: /);
      expect(node.patternErrorMessage, path).not.toContain(node.pattern as string);
    }
  });

  it('spells roles as src/roles.ts does, group roles and experimental features as their modules do', async () => {
    const defs = (await schema()).$defs as Record<string, Schema>;
    expect(defs.workspaceRole?.enum).toEqual([...WORKSPACE_ROLES]);
    expect(defs.accountRole?.enum).toEqual([...SETTABLE_ACCOUNT_ROLES]);
    expect(defs.projectRole?.enum).toEqual([...PROJECT_ROLES]);
    expect(defs.groupRole?.enum).toEqual([...GROUP_ROLES]);
    expect(defs.experimentalFeature?.enum).toEqual([...EXPERIMENTAL_FEATURES]);
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
        : Object.entries(node).flatMap(([k, v]) =>
            k === 'format' && typeof v === 'string' ? [path] : formats(v, `${path}/${k}`),
          );
    const files = await filesUnder('schemas', '.json');
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(formats(JSON.parse(await readFile(file, 'utf8')), '#'), file).toEqual([]);
  });

  it('runtime dependencies are exactly the packages src/ and cmd/ import (the rest are devDependencies)', async () => {
    type Package = { dependencies: Record<string, string> };
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Package;
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

describe("README's ajv-cli command", () => {
  // ajv-cli 5 builds its validator as `new Ajv<spec>(options from flags)` plus the draft-06 meta-schema
  // (src/commands/ajv.ts there), and reads YAML data with the YAML core schema, as `yaml` does here.
  async function ajvCli<T extends Ajv | Ajv2020>(ajv: T): Promise<T> {
    const draft6 = JSON.parse(
      await readFile(join(ROOT, 'node_modules/ajv/lib/refs/json-schema-draft-06.json'), 'utf8'),
    );
    ajv.addMetaSchema(draft6 as object);
    return ajv;
  }

  it('names the flags the schema needs, and with them the examples validate', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const command = /^npx -p ajv-cli@5 ajv validate (.+\n.+)$/m.exec(readme)?.[1]?.replace(/\\\n\s*/, '');
    const flags = '--spec=draft2020 --strict-schema=false --all-errors --errors=text';
    expect(command).toBe(`${flags} -s schemas/manifest.schema.json -d "access/**/*.yaml"`);
    const s = await schema();
    const draft7 = await ajvCli(new Ajv());
    expect(() => draft7.compile(s)).toThrow('no schema with key or ref "https://json-schema.org/draft/2020-12/schema"');
    const noFlag = await ajvCli(new Ajv2020());
    expect(() => noFlag.compile(s)).toThrow('strict mode: unknown keyword: "patternErrorMessage"');
    const validate = (await ajvCli(new Ajv2020({ strictSchema: false, allErrors: true }))).compile(s);
    const files = [...(await filesUnder('examples/acme', '.yaml')), join(ROOT, 'examples/small.yaml')];
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      expect(validate(parse(await readFile(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(validate({ version: 1, account: { id: 'x' } })).toBe(false);
  });
});
