// Found in review of issue 14, through the CLI against the emulator's IMS stand-in: logout of a file
// others could read, pastes with the URL wrapped or followed by other text, and a bad IMS origin in the file.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { credentialsFromEnv } from '../../src/auth/env.js';
import { credentialsPath } from '../../src/auth/store.js';
import { runCli } from '../cli/run.js';
import { seededEmulator } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';
import { loginEnv, redirectOf, runLogin, signInUrl } from './run.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup() {
  const started = await seededEmulator();
  emu = started.emu;
  return { emu, ...loginEnv(emu.url) };
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

describe('the saved login in use (review)', () => {
  it('the second waits for the first to save its new refresh token instead of failing with "log in again"', async () => {
    const { env, file } = await loggedIn();
    const isToken = (input: unknown) => String(input).includes('/ims/token/v3');
    // A has IMS's answer (the old refresh token is spent) but has not saved the new one yet when B
    // asks: without coordination B is refused, finds the spent token still in the file, and gives up.
    let aAnswered!: () => void;
    const aHasAnswer = new Promise<void>((r) => (aAnswered = r));
    let bSettled!: () => void;
    const bDone = new Promise<void>((r) => (bSettled = r));
    const fetchA: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (isToken(input)) {
        aAnswered();
        await bDone;
      }
      return response;
    };
    const fetchB: typeof fetch = async (input, init) => {
      if (isToken(input)) await aHasAnswer;
      const response = await fetch(input, init);
      if (isToken(input)) bSettled();
      return response;
    };
    // B's clock: a wait (for A) lets A go on, so the test never depends on how long anything takes.
    const clockB = {
      now: () => Date.now(),
      sleep: async () => {
        bSettled();
        await new Promise((r) => setImmediate(r));
      },
    };
    const a = credentialsFromEnv(env, { fetch: fetchA }).source.token();
    const b = credentialsFromEnv(env, { fetch: fetchB, clock: clockB }).source.token();
    const [ta, tb] = await Promise.allSettled([a, b]);
    expect(ta.status).toBe('fulfilled');
    expect(tb.status === 'rejected' ? String(tb.reason) : 'fulfilled').toBe('fulfilled');
    expect(existsSync(`${file}.lock`)).toBe(false);
    // The file holds the refresh token of the last renewal, which IMS still takes.
    expect((await runCli(['whoami'], env)).code).toBe(0);
  });

  it('a lock left by a run that is gone does not hold the next one up', async () => {
    const { env, file } = await loggedIn();
    writeFileSync(`${file}.lock`, String(spawnSync(process.execPath, ['-e', '']).pid), { mode: 0o600 });
    const who = await runCli(['whoami'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('IMS still busy (429) after the retries is not a refused login: no "log in again", the file unchanged', async () => {
    const { emu, env, file } = await loggedIn();
    const before = readFileSync(file, 'utf8');
    emu.faults.failNext(3, 429, { path: /^\/ims\/token/ });
    const source = credentialsFromEnv(env, { clock: { now: Date.now, sleep: async () => undefined } }).source;
    const error = await source.token().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('(HTTP 429)');
    expect(error?.message).not.toContain('log in');
    expect(error?.message).not.toContain('no longer valid');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await runCli(['whoami'], env)).code).toBe(0);
  });

  it('a new login over a file others could read revokes the login it replaces', async () => {
    const { emu, env, file } = await loggedIn();
    const first = join(tempDir(), 'first.json');
    copyFileSync(file, first);
    chmodSync(file, 0o644);
    const again = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(emu.log.filter((e) => e.path === '/ims/revoke').map((e) => e.status)).toEqual([200]);
    copyFileSync(first, file);
    chmodSync(file, 0o600);
    const revoked = await runCli(['whoami'], env);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain("run 'rolesync login' again");
  });

  it('a refresh answered without a new refresh token keeps the saved login (the old one may still be good)', async () => {
    const { env, file } = await loggedIn();
    const before = readFileSync(file, 'utf8');
    const noRotation: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/ims/token/v3') || response.status !== 200) return response;
      const { refresh_token: _dropped, ...body } = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    await credentialsFromEnv(env, { fetch: noRotation }).source.token();
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('where the login is saved', () => {
  it('a relative XDG_CONFIG_HOME is ignored (XDG Base Directory spec), never a folder under the current one', () => {
    expect(credentialsPath({ XDG_CONFIG_HOME: 'conf', HOME: '/home/u' })).toBe(
      '/home/u/.config/rolesync/credentials.json',
    );
    expect(credentialsPath({ XDG_CONFIG_HOME: '/x/conf', HOME: '/home/u' })).toBe('/x/conf/rolesync/credentials.json');
  });
});
