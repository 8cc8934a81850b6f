// A synced Frame.io group whose last sync failed, through the CLI against the emulator: plan and drift
// note it (its members in Frame.io may be stale), and drift still exits 0 when all else matches:
// rolesync cannot fix a sync, so it is not drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { PlanNote } from '../../src/plan/types.js';
import { ACME, emulator, runCli, tempDir } from './cli.js';

const EXAMPLE = 'examples/frameio-groups.yaml';
const OKTA_EDITORS = '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const MESSAGE =
  `frameio group "Okta Editors" (${OKTA_EDITORS}) is synced from adobe and its sync status is error: its ` +
  'members in Frame.io may be stale; check the sync in the Adobe Admin Console';

const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('a synced Frame.io group whose sync failed', () => {
  it('is a note in plan and drift, not drift', async () => {
    const started = await emulator();
    emu = started.emu;
    const { env } = started;
    const dir = tempDir();
    const applied = await runCli(['apply', EXAMPLE, '--yes', '--quiet', '--journal', join(dir, 'j.jsonl')], env);
    expect(applied.code).toBe(0);
    emu.state.setGroupSyncStatus(ACME, 'Okta Editors', 'error');

    const plan = await runCli(['plan', EXAMPLE, '--format', 'json', '--quiet'], env);
    expect(plan.code).toBe(0);
    const document = JSON.parse(plan.stdout) as { notes: PlanNote[] };
    // The schema knows the note's kind and its `group_source`.
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    const { notes } = document;
    expect(notes.filter((n) => n.kind === 'frameio_group_sync_error')).toEqual([
      {
        kind: 'frameio_group_sync_error',
        account_id: ACME,
        group_id: OKTA_EDITORS,
        group_name: 'Okta Editors',
        group_source: 'adobe',
        message: MESSAGE,
      },
    ]);

    const text = await runCli(['drift', EXAMPLE, '--quiet'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Notes (not drift: rolesync cannot change these):\n  • ${MESSAGE}\n`);
    expect(text.stdout).toContain('In sync: live state matches the manifest.');

    const md = await runCli(['drift', EXAMPLE, '--format', 'markdown', '--quiet'], env);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(
      '#### Notes (not drift: rolesync cannot change these)\n\n' +
        `- frameio group "Okta Editors" (${OKTA_EDITORS}) is synced from adobe and its sync status is error: ` +
        'its members in Frame.io may be stale; check the sync in the Adobe Admin Console\n',
    );
  });
});
