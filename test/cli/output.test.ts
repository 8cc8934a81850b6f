// Everything the executable writes arrives, into a pipe too: it exits only after stdout and stderr drain;
// output that cannot be written (a closed pipe, a full disk) is no stack trace.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { seededEmulator } from './setup.js';

const BIN = 'dist/cmd/rolesync.js';
const ERRORS = 3_000;

/** Runs the built CLI with stdout and stderr on pipes, read as they come. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' };
  const proc = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close', not 'exit': the pipes are read to their end.
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('output into a pipe', () => {
  it(`validate with ${ERRORS} errors delivers every error line and the summary on stderr`, async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    const users = Array.from({ length: ERRORS }, (_, i) => `    u${i}@acme.test: wizard\n`).join('');
    writeFileSync(file, `version: 1\naccount:\n  id: 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10\n  users:\n${users}`);

    const result = await run(['validate', file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines.filter((line) => line.includes("role 'wizard' is not an account role"))).toHaveLength(ERRORS);
    expect(lines.at(-1)).toBe(`${file}: invalid (${ERRORS} errors)`);
    expect(lines).toHaveLength(ERRORS + 1);
  });
});

describe('output that cannot be written', () => {
  it('a reader that goes away (| head) ends no command early: it exits with its own code, no stack trace', async () => {
    const { emu, env } = await seededEmulator();
    try {
      const proc = spawn(process.execPath, [BIN, 'plan', 'examples/acme/', '--format', 'json', '--detailed-exitcode'], {
        env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc.stdout.destroy(); // the reader is gone before the plan is written
      let stderr = '';
      proc.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
      expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
      expect(code).toBe(2); // the plan has changes
    } finally {
      await emu.close();
    }
  });

  it('a full disk is one line and exit 1, no stack trace', async () => {
    const out = openSync('/dev/full', 'w');
    try {
      const proc = spawn(process.execPath, [BIN, 'validate', 'examples/acme/'], { stdio: ['ignore', out, 'pipe'] });
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
      expect(code).toBe(1);
      expect(stderr).toBe('rolesync: cannot write the output: ENOSPC\n');
    } finally {
      closeSync(out);
    }
  });
});
