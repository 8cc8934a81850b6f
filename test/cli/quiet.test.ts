// --quiet: no progress line on a terminal's stderr for plan, drift, export and apply; output unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli } from './run.js';
import { ACME, EXAMPLE_CHANGES, seededEmulator } from './setup.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const READING: [string, string[]][] = [
  ['plan', ['plan', 'examples/acme/']],
  ['drift', ['drift', 'examples/acme/']],
  ['export', ['export', '--account', ACME]],
];

describe('--quiet', () => {
  it.each(READING)('%s shows its reading progress on a terminal, and none with --quiet', async (_name, argv) => {
    const started = await seededEmulator();
    emu = started.emu;
    const shown = await runCli(argv, started.env, undefined, { stderrIsTerminal: true });
    expect(shown.stderr).toContain('Reading live state from Frame.io');
    const quiet = await runCli([...argv, '--quiet'], started.env, undefined, { stderrIsTerminal: true });
    expect(quiet.code).toBe(shown.code);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(shown.stdout);
  });

  it('apply shows no change counter on a terminal with --quiet', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const argv = ['apply', 'examples/acme/', '--yes', '--quiet', '--journal', join(tempDir(), 'journal.jsonl')];
    const result = await runCli(argv, started.env, undefined, { stderrIsTerminal: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Apply: ${EXAMPLE_CHANGES} applied.`);
    expect(result.stderr).toBe('');
  });
});
