// Progress on stderr through the real CLI against the emulator: plain status lines outside a
// terminal (made frequent by the ROLESYNC_STATUS_INTERVAL_MS test hook instead of a long run),
// none with --quiet, and the live line's true count and wipe on a terminal.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../cmd/main.js';
import type { Emulator } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';
import { runCli } from './run.js';
import { ACME, EXAMPLE_CHANGES as N, seededEmulator, writes } from './setup.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** Every status line at once: the hook's interval of 0 ms prints one on each update. */
const EVERY_UPDATE = { ROLESYNC_STATUS_INTERVAL_MS: '0' };
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const journal = () => join(tempDir(), 'journal.jsonl');

describe('progress outside a terminal', () => {
  it('apply prints plain status lines: the reads, each change done of the total, the verifying read', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { code, stdout, stderr } = await runCli(['apply', 'examples/acme/', '--yes', '--journal', journal()], {
      ...started.env,
      ...EVERY_UPDATE,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`Apply: ${N} applied.`);
    expect(stderr).not.toMatch(CONTROL);
    expect(stderr.endsWith('\n')).toBe(true);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('Reading live state from Frame.io: 1 call');
    for (let n = 1; n <= N; n++)
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Applying: ${n}/${N} changes, \\d+/min`)));
    // All of them fit in the rate limits' first burst (each lane's bucket holds its writes).
    expect(lines).toContain(`Applying: ${N - 1}/${N} changes, ${N - 1}/min, a few seconds left`);
    expect(lines.at(-1)).toMatch(/^Checking live state after the writes: \d+ calls?$/);
  });

  it('prints nothing with --quiet, nor for a run shorter than 30 s', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const quiet = await runCli(['apply', 'examples/acme/', '--yes', '--quiet', '--journal', journal()], {
      ...started.env,
      ...EVERY_UPDATE,
    });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain(`Apply: ${N} applied.`);
    expect(quiet.stderr).toBe('');
    const short = await runCli(['plan', 'examples/acme/'], started.env);
    expect(short.stderr).toBe('');
  });

  it.each([
    ['plan', ['plan', 'examples/acme/']],
    ['drift', ['drift', 'examples/acme/']],
    ['export', ['export', '--account', ACME]],
  ])('%s prints a status line of its reads, and none with --quiet', async (_name, argv) => {
    const started = await seededEmulator();
    emu = started.emu;
    const shown = await runCli(argv, { ...started.env, ...EVERY_UPDATE });
    const calls = emu.log.length;
    const lines = shown.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Reading live state from Frame.io: 1 call',
      'Reading live state from Frame.io: 2 calls',
    ]);
    expect(lines).toContain(`Reading live state from Frame.io: ${calls} calls`);
    expect(shown.stderr).not.toMatch(CONTROL);
    const quiet = await runCli([...argv, '--quiet'], { ...started.env, ...EVERY_UPDATE });
    expect(quiet.code).toBe(shown.code);
    expect(quiet.stderr).not.toContain('Reading live state');
  });

  it('the executable prints them on a pipe, which is no terminal', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const proc = spawn(
      process.execPath,
      ['dist/cmd/rolesync.js', 'apply', 'examples/acme/', '--yes', '--journal', journal()],
      {
        env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...started.env, ...EVERY_UPDATE },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.resume();
    const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain(`Applying: ${N}/${N} changes`);
    expect(stderr).not.toMatch(CONTROL);
  });
});

describe('progress on a terminal', () => {
  it('apply redraws one line and wipes it when done', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { code, stderr } = await runCli(
      ['apply', 'examples/acme/', '--yes', '--journal', journal()],
      started.env,
      undefined,
      { stderrIsTerminal: true },
    );
    expect(code).toBe(0);
    expect(stderr).toContain(`\r\u001b[KApplying: 1/${N} changes, 1/min, a few seconds left`);
    expect(stderr).toContain(`\r\u001b[KApplying: ${N}/${N} changes, ${N}/min`);
    expect(stderr).not.toContain('\n');
    expect(stderr.endsWith('\r\u001b[K')).toBe(true);
  });

  it('--quiet silences it', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { code, stderr } = await runCli(['plan', 'examples/acme/', '--quiet'], started.env, undefined, {
      stderrIsTerminal: true,
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('after Ctrl-C shows how many changes were really done, then ends the line', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const controller = new AbortController();
    // Ctrl-C as soon as the line shows the third change done.
    let err = '';
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes(`Applying: 3/${N}`)) controller.abort();
    });
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await main(['apply', 'examples/acme/', '--yes', '--journal', journal()], {
      stdout,
      stderr,
      stdin: new PassThrough(),
      cwd: process.cwd(),
      env: { NO_COLOR: '1', ...started.env },
      interrupted: controller.signal,
    });
    expect(code).toBe(130);
    const applied = writes(emu).length;
    expect(applied).toBeLessThan(N);
    expect(out).toContain(`Apply: ${applied} applied`);
    expect(err).not.toContain(`${N}/${N}`);
    expect(err.endsWith(`\r\u001b[KStopped: ${applied}/${N} changes done\n`)).toBe(true);
  });
});
