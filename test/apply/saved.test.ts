// Saved plans are read with schemas/plan.schema.json: what `plan --out` writes and every golden plan
// validate; a file edited into another shape is refused naming the file, the JSON pointer and what to do.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { readSavedPlan, toSavedPlan, writeSavedPlan } from '../../src/apply/saved.js';
import { check } from '../../src/apply/schemas.js';
import type { Emulator } from '../../src/emulator/index.js';
import { loadManifest, type Manifest } from '../../src/manifest/index.js';
import type { Plan } from '../../src/plan/types.js';
import { renderJson } from '../../src/render/index.js';
import { runCli } from '../cli/run.js';
import { ACME, seededEmulator, writes } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';

const GOLDEN = 'test/golden';
const goldenPlans = readdirSync(GOLDEN).filter((name) => name.endsWith('.json'));

/** The published schema compiled apart from the reader, meta-schema check included. */
const independent = new Ajv2020({ strict: true, allErrors: true }).compile(
  JSON.parse(readFileSync('schemas/plan.schema.json', 'utf8')) as object,
);
function errorsOf(document: unknown): string[] {
  return independent(document) ? [] : (independent.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

function goldenPlan(name: string): Plan {
  const checked = check<Plan>('plan', JSON.parse(readFileSync(join(GOLDEN, name), 'utf8')), 'the plan');
  if (!checked.ok) throw new Error(`${name}: ${checked.problems.join('; ')}`);
  return checked.value;
}

/** A saved plan of the golden plan.json made from examples/acme/, written to a temp file. */
async function savedFile(): Promise<{ file: string; manifest: Manifest; document: Record<string, unknown> }> {
  const manifest = await loadManifest('examples/acme/');
  const file = join(tempDir(), 'plan.json');
  await writeSavedPlan(file, toSavedPlan(goldenPlan('plan.json'), manifest, '0.1.0', {}), renderJson);
  return { file, manifest, document: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> };
}

const REFUSAL =
  ": the file is not a plan rolesync wrote, or was edited; make a new one with 'rolesync plan <path> --out";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('a saved plan is what plan.schema.json describes', () => {
  it.each(goldenPlans.map((name) => [name]))('golden %s validates, and reads back once saved', async (name) => {
    const document: unknown = JSON.parse(readFileSync(join(GOLDEN, name), 'utf8'));
    expect(errorsOf(document)).toEqual([]);
    const manifest = await loadManifest('examples/acme/');
    const file = join(tempDir(), 'plan.json');
    const saved = toSavedPlan(goldenPlan(name), manifest, '0.1.0', { [ACME]: 'Acme Post' });
    await writeSavedPlan(file, saved, renderJson);
    expect(await readSavedPlan(file, manifest)).toEqual(saved);
  });

  it('validates a plan written by plan --out against the emulator, and apply reads it', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const file = join(tempDir(), 'plan.json');
    expect((await runCli(['plan', 'examples/acme/', '--out', file], started.env)).code).toBe(0);
    const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
    expect(errorsOf(document)).toEqual([]);
    expect(await readSavedPlan(file, await loadManifest('examples/acme/'))).toEqual(document);
  });
});

describe('a saved plan that is not what plan --out writes', () => {
  type Doc = Record<string, unknown> & { changes: Record<string, unknown>[] };
  const removal = (d: Doc) => d.changes.findIndex((c) => c['action'] === 'remove_workspace_user');
  const ROLES = 'workspace_admin, full_access, editor, edit_only, commenter or viewer';
  const cases: [string, (d: Doc) => unknown, string][] = [
    [
      'a change whose to is 42',
      (d) => {
        d.changes[3]!['to'] = 42;
        return d;
      },
      `/changes/3/to must be one of ${ROLES}; got 42`,
    ],
    [
      'an unknown action',
      (d) => {
        d.changes[0]!['action'] = 'delete_user';
        return d;
      },
      '/changes/0/action must be one of set_account_role, set_workspace_role, remove_workspace_user, ' +
        'set_project_role, remove_project_user, set_project_restricted, create_frameio_group, ' +
        'add_frameio_group_member, remove_frameio_group_member, set_workspace_group_role, remove_workspace_group, ' +
        'set_project_group_role or remove_project_group; got "delete_user"',
    ],
    [
      // Several group branches hold `to` or `from` to a constant: still only `action` tells them apart.
      'a group created as a synced one',
      (d) => {
        d.changes[0] = {
          action: 'create_frameio_group',
          account_id: ACME,
          group_id: null,
          group_name: 'Post Team',
          emoji: '👥',
          from: null,
          to: 'adobe',
        };
        return d;
      },
      '/changes/0/to must be "frame"; got "adobe"',
    ],
    [
      'a group grant of a created group that removes it',
      (d) => {
        d.changes[0] = {
          action: 'remove_workspace_group',
          account_id: ACME,
          workspace_id: 'w1',
          workspace_name: 'Marketing',
          group_id: null,
          group_name: 'Post Team',
          from: 'viewer',
          to: null,
        };
        return d;
      },
      '/changes/0/group_id must be a string; got null',
    ],
    [
      'an account role the API does not list',
      (d) => {
        d.changes[0]!['from'] = 'boss';
        return d;
      },
      '/changes/0/from must be one of owner, admin, member, reviewer or null; got "boss"',
    ],
    [
      'a removal to a role',
      (d) => {
        d.changes[removal(d)]!['to'] = 'viewer';
        return d;
      },
      '/changes/9/to must be null; got "viewer"',
    ],
    [
      'a change without user_id',
      (d) => {
        delete d.changes[1]!['user_id'];
        return d;
      },
      '/changes/1/user_id is missing',
    ],
    [
      'an account change carrying a workspace',
      (d) => {
        d.changes[0]!['workspace_id'] = 'a9ade5bb-0f31-4bef-b7a4-2ce922cbbd98';
        return d;
      },
      '/changes/0/workspace_id is not allowed here',
    ],
    [
      'a change that is a number',
      (d) => {
        d.changes[2] = 42 as never;
        return d;
      },
      '/changes/2 must be an object; got 42',
    ],
    ['changes that are no list', (d) => ({ ...d, changes: {} }), '/changes must be a list; got an object'],
    [
      'a policy verdict in words',
      (d) => ({ ...d, policy: { ok: 'yes', violations: [] } }),
      '/policy/ok must be true or false; got "yes"',
    ],
    [
      'a checksum that is a number',
      (d) => ({ ...d, saved: { ...(d['saved'] as object), checksum: 7 } }),
      '/saved/checksum must be a string; got 7',
    ],
    ['no estimate', (d) => ({ ...d, estimate: undefined }), '/estimate is missing'],
    ['a list', () => [], 'the plan must be an object; got a list'],
    [
      'two problems',
      (d) => {
        d.changes[3]!['to'] = 42;
        d.changes[4]!['email'] = '';
        return d;
      },
      `/changes/3/to must be one of ${ROLES}; got 42 (and 1 more problem)`,
    ],
  ];

  it.each(cases)('refuses %s, naming the file and the JSON pointer', async (_name, edit, problem) => {
    const { file, manifest, document } = await savedFile();
    writeFileSync(file, JSON.stringify(edit(document as Doc), null, 2));
    await expect(readSavedPlan(file, manifest)).rejects.toThrow(`${file}: ${problem}${REFUSAL} ${file}'`);
  });

  it('refuses a plan of another format_version, one printed with --format json, and a file not JSON', async () => {
    const { file, manifest, document } = await savedFile();
    writeFileSync(file, JSON.stringify({ ...document, format_version: 2, changes: 'anything' }));
    await expect(readSavedPlan(file, manifest)).rejects.toThrow(
      `${file} is a plan of format_version 2; this rolesync reads format_version 1: ` +
        `make one with 'rolesync plan <path> --out ${file}'`,
    );
    writeFileSync(file, readFileSync(join(GOLDEN, 'plan.json')));
    await expect(readSavedPlan(file, manifest)).rejects.toThrow(
      `${file} is a plan without 'saved' (printed with --format json, not saved with --out); ` +
        `make one with 'rolesync plan <path> --out ${file}'`,
    );
    writeFileSync(file, '{"format_version": 1,');
    await expect(readSavedPlan(file, manifest)).rejects.toThrow(`${file} is not a saved plan (not JSON)`);
  });

  it('still refuses a plan edited within the schema by its checksum', async () => {
    const { file, manifest, document } = await savedFile();
    (document as Doc).changes[3]!['to'] = 'viewer';
    writeFileSync(file, JSON.stringify(document));
    await expect(readSavedPlan(file, manifest)).rejects.toThrow('was changed after it was saved (checksum mismatch)');
  });

  it('apply --plan stops with exit 1, one clear line and no write', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const file = join(tempDir(), 'plan.json');
    expect((await runCli(['plan', 'examples/acme/', '--out', file], started.env)).code).toBe(0);
    const document = JSON.parse(readFileSync(file, 'utf8')) as Doc;
    const index = document.changes.findIndex((c) => c['action'] === 'set_workspace_role');
    document.changes[index]!['to'] = 42;
    writeFileSync(file, JSON.stringify(document, null, 2));
    const result = await runCli(['apply', 'examples/acme/', '--plan', file, '--yes'], started.env);
    expect(result.code).toBe(1);
    const problem = `/changes/${index}/to must be one of ${ROLES}; got 42`;
    expect(result.stderr).toBe(`rolesync: ${file}: ${problem}${REFUSAL} ${file}'\n`);
    expect(writes(emu)).toEqual([]);
  });
});
