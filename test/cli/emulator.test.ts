// `rolesync emulator` as a process: its pid in the banner, a clean stop on SIGTERM, the README
// tour's `npx rolesync emulator &` then `kill $!`, and the --log file of requests.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { runCli } from './run.js';

const BIN = 'dist/cmd/rolesync.js';
const TOKEN = 'fio-demo-admin-token';
const started: ChildProcess[] = [];
const printedPids: number[] = [];

afterEach(() => {
  for (const proc of started.splice(0)) proc.kill('SIGKILL');
  for (const pid of printedPids.splice(0)) {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a process with stdout on a pipe and resolves with it once the banner's last line is out. */
async function startEmulator(command: string, args: string[]) {
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
  };
  const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(proc);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      banner += d.toString();
      if (/kill \d+\n/.test(banner)) resolve();
    });
    void exited.then((code) => reject(new Error(`exited ${code} before its banner: ${banner}`)));
  });
  const url = /export FRAMEIO_API_URL=(\S+)/.exec(banner)![1]!;
  const pid = Number(/kill (\d+)\n/.exec(banner)![1]);
  printedPids.push(pid);
  return { proc, banner, url, pid, exited };
}

/** Resolves once nothing listens at `url` any more. */
async function closed(url: string): Promise<void> {
  for (;;) {
    const refused = await fetch(`${url}/v4/me`).then(
      () => false,
      () => true,
    );
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('rolesync emulator, the process', () => {
  it('prints its own pid, and stops cleanly on SIGTERM: exit 0 and the port closed', async () => {
    const emu = await startEmulator(process.execPath, [BIN, 'emulator', '--port', '0']);
    expect(emu.pid).toBe(emu.proc.pid);
    expect(emu.banner).toContain(`# Process ${emu.pid}: stop it with Ctrl-C, or: kill ${emu.pid}\n`);
    expect((await fetch(`${emu.url}/v4/me`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    emu.proc.kill('SIGTERM');
    expect(await emu.exited).toBe(0);
    await closed(emu.url);
  });

  it("the README tour: 'npx rolesync emulator &' then 'kill $!' (which signals npx) stops the emulator", async () => {
    // npx as the tour runs it; only offline, without install scripts, and with its cache in a temp dir.
    const cache = tempDir();
    const npx = ['--offline', '--ignore-scripts', '--cache', cache, 'rolesync', 'emulator', '--port', '0'];
    const emu = await startEmulator('npx', npx);
    // npx runs rolesync through a shell: the pid it prints is not npx's.
    expect(emu.pid).not.toBe(emu.proc.pid);
    expect((await fetch(`${emu.url}/v4/me`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    emu.proc.kill('SIGTERM'); // kill $!
    await emu.exited;
    await closed(emu.url);
    while (alive(emu.pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('--log writes one JSON line per request, what rolesync sent and got, and never a token', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'logs', 'requests.jsonl');
    const emu = await startEmulator(process.execPath, [
      BIN,
      'emulator',
      '--port',
      '0',
      '--time-scale',
      '600',
      '--log',
      logFile,
    ]);
    expect(emu.banner).toContain(`# Every request is logged to ${logFile}, one JSON line each.`);
    const secret = 'not-a-token-but-secret-looking-1234';
    expect((await fetch(`${emu.url}/v4/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    expect(
      (await fetch(`${emu.url}/v4/accounts?page_size=1`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    const applied = await runCli(['apply', 'examples/acme/', '--yes', '--journal', join(tempDir(), 'journal.jsonl')], {
      FRAMEIO_API_URL: emu.url,
      FRAMEIO_TOKEN: TOKEN,
    });
    expect(applied.code).toBe(0);
    emu.proc.kill('SIGTERM');
    expect(await emu.exited).toBe(0);

    const text = readFileSync(logFile, 'utf8');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(['time', 'method', 'path', 'query', 'status', 'operation', 'user']),
      );
      expect(Number.isNaN(Date.parse(line['time'] as string))).toBe(false);
    }
    expect(lines[0]).toMatchObject({
      method: 'GET',
      path: '/v4/me',
      query: {},
      status: 401,
      operation: 'users.show',
      user: null,
    });
    expect(lines[1]).toMatchObject({ method: 'GET', path: '/v4/accounts', query: { page_size: '1' }, status: 200 });
    expect(lines[1]).toMatchObject({ operation: 'accounts.index', user: 'alice@acme.test' });
    const writes = lines.filter((line) => line['method'] !== 'GET' && line['status'] === 200);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.some((line) => line['method'] === 'PATCH' && JSON.stringify(line['body']).includes('"role"'))).toBe(
      true,
    );
    for (const word of [secret, TOKEN, 'fio-demo-member-token', 'bearer', 'authorization']) {
      expect(text.toLowerCase()).not.toContain(word);
    }
  });

  it('--log to a path it cannot write fails before listening, with a plain message', async () => {
    const dir = tempDir();
    const result = await runCli(['emulator', '--port', '0', '--log', dir], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`rolesync: cannot write the request log ${dir}: is a directory\n`);
  });
});
