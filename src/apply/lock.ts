// The apply lock: one apply per account (and API) on this machine at a time. Each account has a
// lock file in the system temp folder holding the PID of the apply that runs; a lock whose PID is
// no longer running (a crash, kill -9) is taken over, so a crash never leaves applies stuck.
import { createHash, randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareStrings } from '../compare.js';
import { RolesyncError, fileProblem } from '../errors.js';

/** What a lock file holds: who runs, since when, from where. */
interface LockContent {
  lock: 1;
  pid: number;
  /** Tells this holder from a later one with the same PID. */
  nonce: string;
  started_at: string;
  account: string;
  cwd: string;
}

export interface LockOptions {
  /** The API the apply writes to: the same account id at another API (an emulator) is another lock. */
  apiBase: string;
  /** Where lock files live (default: the system temp folder, shared by every apply of this user). */
  dir?: string;
  /** Told when a stale lock is taken over. */
  onTakeOver?: (message: string) => void;
  now?: () => Date;
}

/** The lock file of one account at one API. */
export function lockFileOf(dir: string, apiBase: string, accountId: string): string {
  const key = createHash('sha256').update(`${apiBase}\n${accountId}`).digest('hex').slice(0, 16);
  return join(dir, `rolesync-apply-${key}.lock`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 'missing';
    throw new RolesyncError('CONFIG', `cannot read the apply lock ${file}: ${fileProblem(error)}`);
  }
  try {
    const content = JSON.parse(text) as Partial<LockContent>;
    const ours = content.lock === 1 && Number.isInteger(content.pid) && typeof content.nonce === 'string';
    if (ours) return content as LockContent;
  } catch {
    // Not ours, or cut short: nobody can be running under it.
  }
  return 'unreadable';
}

/** Creates the lock file with its whole content at once (a link fails if the file exists). */
function tryCreate(file: string, content: LockContent): boolean {
  const draft = `${file}.${content.pid}.${content.nonce}.new`;
  writeFileSync(draft, `${JSON.stringify(content)}\n`, { mode: 0o644 });
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    throw new RolesyncError('CONFIG', `cannot create the apply lock ${file}: ${fileProblem(error)}`);
  } finally {
    rmSync(draft, { force: true });
  }
}

/**
 * Moves a stale lock aside and removes it; false when another process got there first. Moving is
 * atomic, and what was moved is checked: a fresh lock moved by mistake is put back.
 */
function removeStale(file: string, stale: LockContent | 'unreadable'): boolean {
  const aside = `${file}.${process.pid}.${randomUUID()}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return false;
    const why = fileProblem(error);
    throw new RolesyncError('CONFIG', `cannot remove the stale apply lock ${file}: ${why}; remove it by hand`);
  }
  const moved = readLock(aside);
  const movedNonce = typeof moved === 'object' ? moved.nonce : moved;
  const same = movedNonce === (stale === 'unreadable' ? 'unreadable' : stale.nonce);
  if (!same) {
    try {
      linkSync(aside, file);
    } catch {
      // A third apply holds the lock now: the moved one is lost, and its holder finds it gone.
    }
  }
  rmSync(aside, { force: true });
  return same;
}

function describeHolder(held: LockContent): string {
  return `PID ${held.pid}, since ${held.started_at}, in ${held.cwd}`;
}

function takenOver(label: string, held: LockContent | 'unreadable', file: string): string {
  if (held === 'unreadable') return `account ${label}: took over an unreadable lock (${file})`;
  return (
    `account ${label}: took over the lock of an apply that is no longer running (${describeHolder(held)}): ` +
    `it ended without releasing it, maybe part-way (${file})`
  );
}

export class ApplyLock {
  private constructor(private readonly held: { file: string; nonce: string }[]) {}

  /**
   * Takes the lock of every account, or none: refuses when another apply that is still running
   * holds one. Accounts are taken in a fixed order, so two applies never each hold a part.
   */
  static acquire(accounts: { id: string; label: string }[], options: LockOptions): ApplyLock {
    const dir = options.dir ?? tmpdir();
    const now = options.now ?? (() => new Date());
    const held: { file: string; nonce: string }[] = [];
    const lock = new ApplyLock(held);
    const sorted = [...accounts].sort((a, b) => compareStrings(a.id, b.id));
    try {
      for (const account of sorted) {
        const file = lockFileOf(dir, options.apiBase, account.id);
        const content: LockContent = {
          lock: 1,
          pid: process.pid,
          nonce: randomUUID(),
          started_at: now().toISOString(),
          account: account.id,
          cwd: process.cwd(),
        };
        ApplyLock.take(file, content, account.label, options);
        held.push({ file, nonce: content.nonce });
      }
    } catch (error) {
      lock.release();
      throw error;
    }
    return lock;
  }

  private static take(file: string, content: LockContent, label: string, options: LockOptions): void {
    // A few rounds: each lost race means another apply moved in between; then its PID decides.
    for (let round = 0; round < 5; round++) {
      if (tryCreate(file, content)) return;
      const held = readLock(file);
      if (held === 'missing') continue;
      if (held !== 'unreadable' && isRunning(held.pid)) {
        throw new RolesyncError(
          'USAGE',
          `another rolesync apply for account ${label} is running on this machine (${describeHolder(held)}); ` +
            `wait for it to finish, then run this apply again. If no apply is running, remove ${file}`,
        );
      }
      if (removeStale(file, held)) options.onTakeOver?.(takenOver(label, held, file));
    }
    throw new RolesyncError('CONFIG', `could not take the apply lock ${file}: other applies keep taking it; try again`);
  }

  /** Removes the lock files this apply holds (only if still its own); never throws. */
  release(): void {
    for (const { file, nonce } of this.held.splice(0)) {
      try {
        const now = readLock(file);
        if (typeof now === 'object' && now.nonce === nonce) rmSync(file, { force: true });
      } catch {
        // An unreadable lock is taken over by the next apply, as after a crash.
      }
    }
  }
}
