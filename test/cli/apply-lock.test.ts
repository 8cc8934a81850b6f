// Two applies at once on one machine, through the real executable (dist/), each process in a temp
// folder as its working directory (the default journal goes under its .rolesync/) and with TMPDIR
// in a temp folder (where the apply locks live).
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lockFileOf } from '../../src/apply/lock.js';
import { FrameioClient } from '../../src/client/index.js';
import { loadStateFile, type Emulator } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';
import { ACME, EXAMPLE_CHANGES, seededEmulator, writes } from './setup.js';

const BIN = resolve('dist/cmd/rolesync.js');
const MANIFEST = resolve('examples/acme/');
let emu: Emulator | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await emu?.close();
  emu = undefined;
});

interface Run {
  proc: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: string[], env: Record<string, string>, cwd: string): Run {
  const proc = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { proc, done: new Promise((done) => proc.on('exit', (code) => done({ code, stdout, stderr }))) };
}

function until(condition: () => boolean): Promise<void> {
  return new Promise((done) => {
    const timer = setInterval(() => {
      if (!condition()) return;
      clearInterval(timer);
      done();
    }, 2);
  });
}

async function setup() {
  const state = loadStateFile('examples/emulator-seed.yaml');
  state.tokens['grace-token'] = 'grace@acme.test'; // a second admin: her calls are told apart in the log
  const started = await seededEmulator({ state });
  emu = started.emu;
  const env = { ...started.env, TMPDIR: tempDir() };
  // The key the executable's client gives the lock: its API base as it spells it.
  const apiBase = new FrameioClient({ baseUrl: emu.url, token: 'unused' }).baseUrl;
  return { emu, env, lock: lockFileOf(env.TMPDIR, apiBase, ACME) };
}

describe('two applies of one manifest at once', () => {
  it('refuses the second while the first runs, and nothing is written twice', async () => {
    const { emu, env, lock } = await setup();
    const cwd = tempDir();
    const first = start(['apply', MANIFEST, '--yes'], env, cwd);
    // Hold the first still in the middle of its writes: it holds the lock for as long as it lives.
    await until(() => writes(emu).length >= 1);
    first.proc.kill('SIGSTOP');
    const second = await start(['apply', MANIFEST, '--yes'], { ...env, FRAMEIO_TOKEN: 'grace-token' }, tempDir()).done;
    first.proc.kill('SIGCONT');

    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `rolesync: another rolesync apply for account Acme Post (${ACME}) is running on this machine (PID ` +
        `${first.proc.pid}, since ` +
        `${/since (\S+), in/.exec(second.stderr)?.[1]}, in ${cwd}); wait for it to finish, then run this apply ` +
        `again. If no apply is running, remove ${lock}\n`,
    );
    expect(emu.log.filter((e) => e.userEmail === 'grace@acme.test')).toEqual([]); // the second made no call at all

    const done = await first.done;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`Apply: ${EXAMPLE_CHANGES} applied.`);
    expect(writes(emu)).toHaveLength(EXAMPLE_CHANGES);
    expect(new Set(writes(emu)).size).toBe(EXAMPLE_CHANGES);
    expect(existsSync(lock)).toBe(false);
    // The journal of this plan, under the working directory's .rolesync/, named by its checksum.
    expect(readdirSync(join(cwd, '.rolesync'))).toEqual([expect.stringMatching(/^journal-[0-9a-f]{16}\.jsonl$/)]);
    expect(done.stdout).toMatch(/^API writes:/m);
  });

  it('takes over a lock left by an apply that is no longer running, and says so on stderr', async () => {
    const { emu, env, lock } = await setup();
    const crashed = start(['--version'], env, tempDir());
    await crashed.done;
    writeFileSync(
      lock,
      JSON.stringify({
        lock: 1,
        pid: crashed.proc.pid,
        nonce: 'n',
        started_at: '2026-12-01T09:00:00.000Z',
        account: ACME,
        cwd: '/ci',
      }),
    );
    const result = await start(['apply', MANIFEST, '--yes'], env, tempDir()).done;
    expect(result.stderr).toBe(
      `rolesync: warning: account Acme Post (${ACME}): took over the lock of an apply that is no longer running ` +
        `(PID ${crashed.proc.pid}, since 2026-12-01T09:00:00.000Z, in /ci): it ended without releasing it, maybe ` +
        `part-way (${lock})\n`,
    );
    expect(result.code).toBe(0);
    expect(writes(emu)).toHaveLength(EXAMPLE_CHANGES);
    expect(existsSync(lock)).toBe(false);
  });

  it('gives two plans two journals', async () => {
    const { env } = await setup();
    const cwd = tempDir();
    const one = join(tempDir(), 'one.yaml');
    const two = join(tempDir(), 'two.yaml');
    const head = `version: 1\naccount:\n  id: ${ACME}\nworkspaces:\n  Marketing:\n    users:\n`;
    writeFileSync(one, `${head}      kira.costa@acme.test: viewer\n`);
    writeFileSync(two, `${head}      dave@acme.test: editor\n`);
    expect((await start(['apply', one, '--yes'], env, cwd).done).code).toBe(0);
    expect((await start(['apply', two, '--yes'], env, cwd).done).code).toBe(0);
    expect(readdirSync(join(cwd, '.rolesync'))).toHaveLength(2);
  });
});
