// Found in review of issue 14, through the CLI against the emulator's IMS stand-in: logout of a file
// others could read, pastes with the URL wrapped or followed by other text, and a bad IMS origin in the file.
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli } from '../cli/run.js';
import { seededEmulator } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';
import { redirectOf, runLogin, signInUrl } from './run.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup() {
  const started = await seededEmulator();
  emu = started.emu;
  const config = tempDir('rolesync-auth-');
  const env = { FRAMEIO_API_URL: emu.url, FRAMEIO_IMS_URL: emu.url, XDG_CONFIG_HOME: config };
  return { emu, env, file: join(config, 'rolesync', 'credentials.json') };
}

async function loggedIn() {
  const s = await setup();
  const result = await runLogin(['login', '--client-id', 'rolesync-demo-login'], s.env);
  expect(result.code, result.stderr).toBe(0);
  return s;
}

describe('review of issue 14', () => {
  it('logout of a file others could read still revokes its refresh token at IMS, then deletes it', async () => {
    const { emu, env, file } = await loggedIn();
    const copy = join(tempDir(), 'copy.json');
    copyFileSync(file, copy);
    chmodSync(file, 0o644);
    const out = await runCli(['logout'], env);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe(`Revoked the login of alice@acme.test and deleted ${file}.\n`);
    expect(existsSync(file)).toBe(false);
    expect(emu.log.filter((e) => e.path === '/ims/revoke').map((e) => e.status)).toEqual([200]);
    // Whoever read the file meanwhile holds a refresh token that IMS now refuses.
    copyFileSync(copy, file);
    chmodSync(file, 0o600);
    const stolen = await runCli(['whoami'], env);
    expect(stolen.code).toBe(1);
    expect(stolen.stderr).toContain("run 'rolesync login' again");
  });

  for (const [name, wrap] of [
    ['in double quotes', (u: string) => `"${u}"`],
    ['in single quotes', (u: string) => `'${u}'`],
    ['in angle brackets', (u: string) => `<${u}>`],
    ['followed by other text', (u: string) => `${u}  (copied)`],
  ] as const) {
    it(`takes the pasted redirect URL ${name}`, async () => {
      const { env, file } = await setup();
      const result = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env, async (out) =>
        wrap(await redirectOf(signInUrl(out))),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(file)).toBe(true);
    });
  }

  it('a saved file whose IMS origin is not allowed is named as the problem, not FRAMEIO_IMS_URL', async () => {
    const { env, file } = await loggedIn();
    const login = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...login, ims_url: 'http://ims.example.com' }), { mode: 0o600 });
    const result = await runCli(['whoami'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the saved login ${file} cannot be read: its "ims_url"`);
    expect(result.stderr).not.toContain('FRAMEIO_IMS_URL');
    expect(result.stderr).not.toContain(String(login.refresh_token));
  });
});
