// The real executable (dist/, built by `npm test` before vitest runs), as a user runs it.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { Emulator } from '../../src/emulator/index.js';
import { isWrite, startGate, type Gate } from '../support/gate.js';
import { tempDir } from '../support/tmp.js';
import { EXAMPLE_CHANGES, seededEmulator, writes } from './setup.js';

const BIN = 'dist/cmd/rolesync.js';
let emu: Emulator | undefined;
let child: ChildProcess | undefined;
let gate: Gate | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  await gate?.close();
  gate = undefined;
  await emu?.close();
  emu = undefined;
});

function start(
  args: string[],
  env: Record<string, string> = {},
): { proc: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const proc = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    proc.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { proc, done };
}

describe('the rolesync executable', () => {
  it('runs the emulator, which prints how to point rolesync at it and answers /v4/me', async () => {
    const { proc, done } = start(['emulator', '--state', 'examples/emulator-seed.yaml', '--port', '0']);
    let banner = '';
    await new Promise<void>((resolve) =>
      proc.stdout!.on('data', (d: Buffer) => {
        banner += d.toString();
        if (banner.includes('FRAMEIO_TOKEN')) resolve();
      }),
    );
    const url = /export FRAMEIO_API_URL=(\S+)/.exec(banner)![1]!;
    const token = /export FRAMEIO_TOKEN=(\S+)/.exec(banner)![1]!;
    const me = await fetch(`${url}/v4/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { data: { email: string } }).data.email).toBe('alice@acme.test');
    proc.kill('SIGINT');
    expect((await done).code).toBe(0);
  });

  it('stops on Ctrl-C (SIGINT) after its in-flight calls with exit 130, and --resume finishes without repeating a call', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = join(tempDir('rolesync-sigint-'), 'plan.json');
    expect((await start(['plan', 'examples/acme/', '--out', planFile], started.env).done).code).toBe(0);

    // Writes after the fourth wait at a gate, so the apply is surely still running when the signal
    // comes, however fast or slow the machine; they go on only once the signal has been sent.
    let sent = 0;
    gate = await startGate(emu.url, { holds: (request) => isWrite(request) && ++sent > 4 });
    const gated = { ...started.env, FRAMEIO_API_URL: gate.url };
    const run = start(['apply', 'examples/acme/', '--plan', planFile, '--yes'], gated);
    await gate.holding;
    run.proc.kill('SIGINT');
    gate.release();
    const first = await run.done;
    expect(first.code).toBe(130);
    expect(first.stdout).toContain(`continue with: rolesync apply examples/acme/ --plan ${planFile} --yes --resume`);
    const journal = readFileSync(`${planFile}.journal`, 'utf8').trim().split('\n');
    expect(journal.length - 1).toBe(writes(emu).length); // every answered write is journaled
    expect(writes(emu).length).toBeGreaterThanOrEqual(4);
    expect(writes(emu).length).toBeLessThan(EXAMPLE_CHANGES);

    const second = await start(['apply', 'examples/acme/', '--plan', planFile, '--yes', '--resume'], started.env).done;
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(writes(emu)).toHaveLength(EXAMPLE_CHANGES);
    expect(new Set(writes(emu)).size).toBe(EXAMPLE_CHANGES);
    // Nine workspace-role updates fit their bucket of ten, four project grants and one project setting
    // theirs of ten, the removals theirs of sixty: no run met a 429.
    expect(emu.log.filter((e) => e.status === 429)).toEqual([]);
  });

  it('prints help for every command and exits 1 with usage on an unknown flag', async () => {
    for (const command of ['validate', 'plan', 'apply', 'drift', 'export', 'emulator']) {
      const result = await start([command, '--help']).done;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: rolesync ${command}`);
      expect(result.stdout).toContain('Example');
    }
    const bad = await start(['plan', 'examples/acme/', '--formt', 'json']).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown option '--formt'; did you mean --format?");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops a plan at once on Ctrl-C (exit 130), even while a call hangs', async () => {
    // A server that accepts connections and never answers.
    const sockets: Socket[] = [];
    let connected!: () => void;
    const calling = new Promise<void>((resolve) => (connected = resolve));
    const server = createServer((socket) => {
      sockets.push(socket);
      connected();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const run = start(['plan', 'examples/acme/'], {
        FRAMEIO_API_URL: `http://127.0.0.1:${port}`,
        FRAMEIO_TOKEN: 'x-token-x',
      });
      await calling;
      run.proc.kill('SIGINT');
      expect((await run.done).code).toBe(130);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
