import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ApplyLock, lockFileOf } from '../../src/apply/lock.js';
import { tempDir } from '../support/tmp.js';

const API = 'http://127.0.0.1:4010/';
const acme = { id: 'acc-1', label: 'Acme (acc-1)' };
const studio = { id: 'acc-2', label: 'Studio (acc-2)' };

/** The PID of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('the apply lock', () => {
  it('refuses a second apply of an account while the first holds it, and frees it on release', () => {
    const dir = tempDir();
    const first = ApplyLock.acquire([acme], { apiBase: API, dir, now: () => new Date('2026-12-01T10:00:00Z') });
    const file = lockFileOf(dir, API, 'acc-1');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      lock: 1,
      pid: process.pid,
      account: 'acc-1',
      started_at: '2026-12-01T10:00:00.000Z',
    });
    expect(() => ApplyLock.acquire([acme], { apiBase: API, dir })).toThrow(
      `another rolesync apply for account Acme (acc-1) is running on this machine (PID ${process.pid}, since ` +
        `2026-12-01T10:00:00.000Z, in ${process.cwd()}); ` +
        `wait for it to finish, then run this apply again. If no apply is running, remove ${file}`,
    );
    // Another account, or the same account id at another API, is another lock.
    ApplyLock.acquire([studio], { apiBase: API, dir }).release();
    ApplyLock.acquire([acme], { apiBase: 'http://127.0.0.1:4011/', dir }).release();
    first.release();
    expect(existsSync(file)).toBe(false);
    ApplyLock.acquire([acme], { apiBase: API, dir }).release();
  });

  it('takes all of its accounts or none', () => {
    const dir = tempDir();
    const held = ApplyLock.acquire([studio], { apiBase: API, dir });
    expect(() => ApplyLock.acquire([acme, studio], { apiBase: API, dir })).toThrow(/Studio \(acc-2\) is running/);
    expect(existsSync(lockFileOf(dir, API, 'acc-1'))).toBe(false);
    held.release();
  });

  it('takes over a lock whose PID is no longer running, or that cannot be read, and says so', async () => {
    const dir = tempDir();
    const pid = await deadPid();
    const file = lockFileOf(dir, API, 'acc-1');
    writeFileSync(
      file,
      JSON.stringify({
        lock: 1,
        pid,
        nonce: 'crashed',
        started_at: '2026-12-01T09:00:00.000Z',
        account: 'acc-1',
        cwd: '/ci',
      }),
    );
    const told: string[] = [];
    const lock = ApplyLock.acquire([acme], { apiBase: API, dir, onTakeOver: (m) => told.push(m) });
    expect(told).toEqual([
      `account Acme (acc-1): took over the lock of an apply that is no longer running (PID ${pid}, since ` +
        '2026-12-01T09:00:00.000Z, in /ci): ' +
        `it ended without releasing it, maybe part-way (${file})`,
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();

    writeFileSync(file, '{"lock": 1, "pi');
    const cut = ApplyLock.acquire([acme], { apiBase: API, dir, onTakeOver: (m) => told.push(m) });
    expect(told[1]).toMatch(/^account Acme \(acc-1\): took over an unreadable lock/);
    cut.release();
  });

  it('does not remove a lock that another apply holds by now', () => {
    const dir = tempDir();
    const lock = ApplyLock.acquire([acme], { apiBase: API, dir });
    const file = lockFileOf(dir, API, 'acc-1');
    const other = JSON.stringify({
      lock: 1,
      pid: process.pid,
      nonce: 'someone-else',
      started_at: 'x',
      account: 'acc-1',
      cwd: '/',
    });
    writeFileSync(file, other);
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe(other);
  });
});
