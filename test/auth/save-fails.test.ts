// A saved login that cannot be written back, through the built CLI against the emulator's IMS: the
// child runs under a file size limit (prlimit --fsize, which holds for root too), so its writes stop
// part way as on a full disk. The renewed login is lost, and says so; nothing half-written is left.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withLoginLock } from '../../src/auth/store.js';
import { systemClock } from '../../src/client/clock.js';
import { clientAndCredentials } from '../../src/client/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { runBuilt, runCli } from '../cli/run.js';
import { seededEmulator } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';
import { loginEnv, runLogin } from './run.js';

/** prlimit is there (util-linux, on every Debian), else a failure saying how to install it: never a skip. */
function prlimit(): void {
  if (spawnSync('prlimit', ['--version']).status === 0) return;
  throw new Error(
    'prlimit is not installed, and the tests of a login that cannot be saved need it (it limits the size of ' +
      "the files the CLI writes). It is in util-linux: on Debian or Ubuntu, 'apt-get install -y util-linux'.",
  );
}

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function loggedIn() {
  const started = await seededEmulator();
  emu = started.emu;
  const { env, file } = loginEnv(emu.url);
  const login = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env);
  expect(login.code, login.stderr).toBe(0);
  return { emu, env, file };
}

/** The built CLI where no file may grow beyond `bytes`. */
const runLimited = (bytes: number, args: string[], env: Record<string, string>) =>
  runBuilt(args, env, ['prlimit', `--fsize=${bytes}`, '--']);

const tokens = (text: string) => text.match(/ims-(at|rt|code)-[\w-]+/g) ?? [];

describe('the saved login cannot be written', () => {
  it('after IMS renewed it: says the login is lost and what to do, uses no token, leaves the file whole', async () => {
    prlimit();
    const { emu, env, file } = await loggedIn();
    const before = readFileSync(file, 'utf8');
    emu.clearLog();
    // Room for the lock's pid, not for the login: the write stops half-way.
    const result = await runLimited(Math.floor(before.length / 2), ['whoami'], env);
    expect(result.stderr).toBe(
      `rolesync: the credentials file ${file} could not be written: file too large\n` +
        'The login is lost with it: Adobe IMS has just renewed it, and the refresh token left in the file no ' +
        "longer works. This run stops without using it. To sign in again, free some space or fix the folder's " +
        "permissions, then run 'rolesync login'\n",
    );
    expect(result.code).toBe(1);
    expect(tokens(result.stdout + result.stderr)).toEqual([]);
    // IMS renewed the login, and no API call was made with the token it gave.
    expect(emu.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['POST /ims/token/v3 200']);
    // The old login as it was, no temp file and no lock beside it.
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dirname(file))).toEqual(['credentials.json']);
    // What the message says: the refresh token left in the file is spent.
    const after = await runCli(['whoami'], env);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("run 'rolesync login' again");
  });

  it('before IMS is asked (the lock cannot be written): the login is kept and no lock is left', async () => {
    prlimit();
    const { emu, env, file } = await loggedIn();
    const before = readFileSync(file, 'utf8');
    emu.clearLog();
    const result = await runLimited(0, ['whoami'], env);
    expect(result.stderr).toBe(
      `rolesync: cannot lock the saved login (${file}.lock): file too large; the login is kept as it was. ` +
        "To use it, free some space or fix the folder's permissions\n",
    );
    expect(result.code).toBe(1);
    expect(emu.log).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dirname(file))).toEqual(['credentials.json']);
    const after = await runCli(['whoami'], env);
    expect(after.code, after.stderr).toBe(0);
  });
});

describe('a renewed login that could not be saved', () => {
  it('fails every later ask of the run the same way, without asking IMS again', async () => {
    const { emu, env, file } = await loggedIn();
    emu.clearLog();
    const folder = dirname(file);
    // Once IMS has answered, the folder is no longer one (moved away, a file in its place).
    const breaking: typeof fetch = async (url, init) => {
      const response = await fetch(url, init);
      renameSync(folder, `${folder}.away`);
      writeFileSync(folder, '');
      return response;
    };
    const { credentials } = clientAndCredentials(env, { fetch: breaking });
    const first = await credentials.source.token().then(String, (error: Error) => error);
    expect(String(first)).toContain(`the credentials file ${file} could not be written: `);
    expect(String(first)).toContain('The login is lost with it');
    expect(await credentials.source.renew('used').then(String, (error: Error) => error)).toBe(first);
    expect(emu.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['POST /ims/token/v3 200']);
  });
});

describe('the login lock', () => {
  it('with a file where its folder should be: refused at once, not waited on as a lock held by another run', async () => {
    const folder = join(tempDir(), 'rolesync');
    writeFileSync(folder, '');
    const locked = withLoginLock(join(folder, 'credentials.json'), systemClock, async () => 'ran');
    await expect(locked).rejects.toThrow(`cannot lock the saved login (${folder}/credentials.json.lock): EEXIST`);
  });
});
