// Journals are read with schemas/journal.schema.json: every line apply writes validates; a line
// that does not is refused naming the file, the line, the JSON pointer and what to do.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, type JournalOutcome } from '../../src/apply/journal.js';
import { readSavedPlan } from '../../src/apply/saved.js';
import type { Emulator } from '../../src/emulator/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import { planChecksum } from '../../src/plan/index.js';
import { runCli } from '../cli/run.js';
import { EXAMPLE_CHANGES, seededEmulator, writes } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';

/** The published schema compiled apart from the reader, meta-schema check included. */
const journalSchema = JSON.parse(readFileSync('schemas/journal.schema.json', 'utf8')) as { $id: string };
const ajv = new Ajv2020({ strict: true, allErrors: true });
const anyLine = ajv.compile(journalSchema);
const header = ajv.getSchema(`${journalSchema.$id}#/$defs/header`)!;
const entry = ajv.getSchema(`${journalSchema.$id}#/$defs/entry`)!;

/** Each line's schema errors: the first against the header, the others against an entry. */
function lineErrors(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line, index) => {
      const data: unknown = JSON.parse(line);
      const validate = index === 0 ? header : entry;
      const errors = validate(data) && anyLine(data) ? [] : [...(validate.errors ?? []), ...(anyLine.errors ?? [])];
      return errors.map((e) => `${e.instancePath} ${e.message ?? ''}`);
    });
}

const REFUSAL =
  ': the file is not a journal rolesync wrote, or was edited; ' +
  'run apply without --resume (each change is checked against live state first, so none is made twice)';
const HEADER = '{"journal":1,"plan_checksum":"sum-1"}';

function journalFile(...lines: string[]): string {
  const file = join(tempDir(), 'plan.json.journal');
  writeFileSync(file, lines.map((line) => `${line}\n`).join(''));
  return file;
}

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('a journal is what journal.schema.json describes', () => {
  it('every line Journal writes validates, whatever the outcome', () => {
    const file = join(tempDir(), 'journal.jsonl');
    const journal = Journal.create(file, 'a'.repeat(64));
    const outcomes: JournalOutcome[] = ['applied', 'already', 'stale', 'failed', 'blocked'];
    for (const outcome of outcomes) journal.record({ key: `set_account_role|acct||${outcome}|member|admin`, outcome });
    const detail = 'DELETE /v4/… failed: HTTP 503';
    journal.record({ key: 'remove_workspace_user|acct|ws|u|viewer|', outcome: 'failed', detail });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')).toHaveLength(8);
    expect(lineErrors(text)).toEqual(Array.from({ length: 7 }, () => []));
    expect([...Journal.resume(file, 'a'.repeat(64)).done.keys()]).toEqual([
      'set_account_role|acct||applied|member|admin',
      'set_account_role|acct||already|member|admin',
    ]);
  });

  it('the journal of an apply against the emulator validates line by line', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const plan = join(tempDir(), 'plan.json');
    expect((await runCli(['plan', 'examples/acme/', '--out', plan], started.env)).code).toBe(0);
    expect((await runCli(['apply', 'examples/acme/', '--plan', plan, '--yes'], started.env)).code).toBe(0);
    const errors = lineErrors(readFileSync(`${plan}.journal`, 'utf8'));
    expect(errors).toHaveLength(1 + EXAMPLE_CHANGES); // the header and a line per change
    expect(errors.flat()).toEqual([]);
  });
});

describe('a journal line that is not what apply writes', () => {
  const entryLine = '{"key":"set_account_role|acct||u|member|admin","outcome":"applied"}';
  const OUTCOMES = 'applied, already, stale, failed or blocked';
  it.each([
    [
      'an unknown outcome',
      [HEADER, entryLine, '{"key":"k","outcome":"done"}'],
      3,
      `/outcome must be one of ${OUTCOMES}; got "done"`,
    ],
    ['an entry without key', [HEADER, '{"outcome":"applied"}'], 2, '/key is missing'],
    ['a field apply never writes', [HEADER, '{"key":"k","outcome":"applied","by":"me"}'], 2, '/by is not allowed here'],
    ['a number as detail', [HEADER, '{"key":"k","outcome":"failed","detail":5}'], 2, '/detail must be a string; got 5'],
    ['a line that is a list', [HEADER, '["k","applied"]'], 2, 'the line must be an object; got a list'],
    ['a second header', [HEADER, entryLine, HEADER], 3, '/key is missing (and 3 more problems)'],
    ['a header of another journal version', ['{"journal":2,"plan_checksum":"sum-1"}'], 1, '/journal must be 1; got 2'],
    ['a header without plan checksum', ['{"journal":1}', entryLine], 1, '/plan_checksum is missing'],
    ['a header cut short', ['{"journal":1,"plan_'], 1, 'the header is not JSON'],
    ['an empty file', [''], 1, 'there is no header line'],
  ])('refuses %s, naming the file, the line and the JSON pointer', (_name, lines, line, problem) => {
    const file = journalFile(...lines);
    expect(() => Journal.resume(file, 'sum-1')).toThrow(`${file}:${line}: ${problem}${REFUSAL}`);
  });

  it('skips a line cut short by a crash, and refuses a journal of another plan as before', () => {
    const [a, c] = ['{"key":"a","outcome":"applied"}', '{"key":"c","outcome":"already"}'];
    const file = journalFile(HEADER, a, '{"key":"b","outc', c);
    expect([...Journal.resume(file, 'sum-1').done.keys()]).toEqual(['a', 'c']);
    expect(() => Journal.resume(file, 'sum-2')).toThrow(
      `the journal ${file} belongs to another plan; ` +
        'resume with the plan it was written for, or run apply without --resume',
    );
  });

  it('starts the next entry on its own line after a line cut short, so a resumed run loses none', () => {
    const file = join(tempDir(), 'plan.json.journal');
    writeFileSync(file, `${HEADER}\n{"key":"a","outcome":"applied"}\n{"key":"b","outc`);
    Journal.resume(file, 'sum-1').record({ key: 'c', outcome: 'applied' });
    expect([...Journal.resume(file, 'sum-1').done.keys()]).toEqual(['a', 'c']);
  });

  it('apply --resume stops with exit 1, one clear line and no write', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const plan = join(tempDir(), 'plan.json');
    expect((await runCli(['plan', 'examples/acme/', '--out', plan], started.env)).code).toBe(0);
    const checksum = planChecksum(await readSavedPlan(plan, await loadManifest('examples/acme/')));
    writeFileSync(`${plan}.journal`, `{"journal":1,"plan_checksum":"${checksum}"}\n{"key":"k","outcome":"done"}\n`);
    const result = await runCli(['apply', 'examples/acme/', '--plan', plan, '--yes', '--resume'], started.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `rolesync: ${plan}.journal:2: /outcome must be one of ${OUTCOMES}; got "done"${REFUSAL}\n`,
    );
    expect(writes(emu)).toEqual([]);
  });
});
