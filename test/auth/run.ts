// Runs the CLI in-process like test/cli/run.ts, with a stdin that answers the login prompt: the
// sign-in URL is opened on the emulator (which signs the seeded user in at once) and its redirect pasted.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../cmd/main.js';
import type { CliResult } from '../cli/run.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';

const PROMPT = 'Redirected URL or code: ';

/**
 * The environment of a run against an emulator at `url` (its API and its IMS) with a config folder of
 * its own, so no saved login of the machine's user is read; `file` is where that run saves its login.
 */
export function loginEnv(url: string) {
  const config = tempDir('rolesync-auth-');
  const env = { FRAMEIO_API_URL: url, FRAMEIO_IMS_URL: url, XDG_CONFIG_HOME: config };
  return { env, file: join(config, 'rolesync', 'credentials.json') };
}

export const TIME_SCALE = 600;
/** Emulated seconds of an IMS token: 10 real seconds at 600x. */
export const LIFETIME = 6000;
export const WRITES_PER_TOKEN = 6;

/**
 * The seeded emulator on a clock that moves only when a write succeeds, a sixth of a token's lifetime
 * each (rate windows pass with it), so every token ends within six writes whatever the machine's
 * speed; `onWrite` runs after each such write with the count so far.
 */
export async function shortTokenEmulator(onWrite?: (written: number, emu: Emulator) => void): Promise<Emulator> {
  let t = Date.now();
  let written = 0;
  const step = (LIFETIME * 1000) / TIME_SCALE / WRITES_PER_TOKEN;
  const emu = await startEmulator({
    state: 'examples/emulator-seed.yaml',
    port: 0,
    timeScale: TIME_SCALE,
    imsTokenLifetime: LIFETIME,
    now: () => t,
  });
  emu.onRequest((entry) => {
    if (entry.method === 'GET' || entry.path.startsWith('/ims/') || entry.status < 200 || entry.status >= 300) return;
    t += step;
    written += 1;
    onWrite?.(written, emu);
  });
  return emu;
}

/** The authorize URL of a login's output. */
export function signInUrl(stdout: string): string {
  const line = stdout.split('\n').find((l) => l.startsWith('  http'));
  if (line === undefined) throw new Error(`no sign-in URL in: ${stdout}`);
  return line.trim();
}

/** Opens the sign-in URL as a browser would, and gives where IMS sends the browser back to. */
export async function redirectOf(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) throw new Error(`authorize answered ${response.status}`);
  return location;
}

/** `paste` turns the login's output so far into the line typed at its prompt. */
export async function runLogin(
  argv: string[],
  env: Record<string, string | undefined>,
  paste: (stdout: string) => Promise<string> = async (out) => redirectOf(signInUrl(out)),
): Promise<CliResult> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  let asked = false;
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!asked && out.includes(PROMPT)) {
      asked = true;
      void paste(out).then(
        (line) => stdin.end(`${line}\n`),
        () => stdin.end(),
      );
    }
  });
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(argv, { stdout, stderr, stdin, env: { NO_COLOR: '1', ...env }, cwd: process.cwd() });
  if (!asked) stdin.end();
  return { code, stdout: out, stderr: err };
}
