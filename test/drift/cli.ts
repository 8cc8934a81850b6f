// Runs the real CLI function in-process against an emulator seeded from the demo state, with
// captured stdout/stderr: what a user's terminal or CI log would show.
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../cmd/main.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';

export const SEED = fileURLToPath(new URL('../../examples/emulator-seed.yaml', import.meta.url));
export const TOKEN = 'fio-demo-admin-token';
export const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const stdin = new PassThrough();
  const code = await main(argv, { stdout: out.stream, stderr: err.stream, stdin, env, cwd: process.cwd() });
  return { code, stdout: out.text(), stderr: err.text() };
}

// timeScale 600: a one-minute rate window lasts 100 ms, so a few dozen writes take well under a second.
export async function emulator(): Promise<{ emu: Emulator; env: Record<string, string> }> {
  const emu = await startEmulator({ state: SEED, port: 0, timeScale: 600 });
  return { emu, env: { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: TOKEN, NO_COLOR: '1' } };
}

export { tempDir } from '../support/tmp.js';
