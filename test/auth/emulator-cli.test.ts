// `rolesync emulator --ims-token-lifetime` as a process: the IMS stand-in on the same port gives
// tokens of that lifetime (time scale applied), and a bad value is a usage error.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const proc of started.splice(0)) proc.kill('SIGKILL');
});

async function emulator(args: string[]): Promise<string> {
  const proc = spawn(process.execPath, ['dist/cmd/rolesync.js', 'emulator', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(proc);
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      banner += d.toString();
      if (/kill \d+\n/.test(banner)) resolve();
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${banner}`)));
  });
  expect(banner).toContain('FRAMEIO_CLIENT_ID=rolesync-demo-s2s FRAMEIO_CLIENT_SECRET=demo-s2s-secret');
  return /export FRAMEIO_API_URL=(\S+)/.exec(banner)![1]!;
}

describe('rolesync emulator --ims-token-lifetime', () => {
  it('sets how long an IMS token lasts, in emulated seconds', async () => {
    const url = await emulator(['--ims-token-lifetime', '120', '--time-scale', '60']);
    const response = await fetch(`${url}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=rolesync-demo-s2s&client_secret=demo-s2s-secret',
    });
    expect(((await response.json()) as { expires_in: number }).expires_in).toBe(2);
  });

  it('refuses a lifetime that is not a positive number', async () => {
    const result = await runCli(['emulator', '--ims-token-lifetime', '0'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--ims-token-lifetime must be a positive number of seconds, not '0'");
  });
});
