// The saved user login (`rolesync login`): one JSON file in the user's config directory that only
// they may read, written atomically so that a crash leaves the old file or the new one, never half.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { RolesyncError, fileProblem } from '../errors.js';
import type { Clock } from '../client/clock.js';
import { resolveImsUrl } from './ims.js';

/** The file's content. The refresh token (and a Web App credential's secret) make it a secret. */
export interface SavedLogin {
  version: 1;
  /** The IMS origin the login was made with: its refresh token is good there only. */
  ims_url: string;
  client_id: string;
  /** Only for a Web App (confidential) credential: refreshing needs it. */
  client_secret?: string;
  /** Single-use: replaced by the one each refresh brings. */
  refresh_token: string;
  /** Who signed in, for `whoami` and `logout` (null when IMS did not say). */
  email: string | null;
  saved_at: string;
}

/**
 * `$XDG_CONFIG_HOME/rolesync/credentials.json`, else `~/.config/rolesync/credentials.json`. A relative
 * XDG_CONFIG_HOME is ignored, as the XDG spec says: it would put the login under the current folder
 * (a repository, say).
 */
export function credentialsPath(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME?.trim() || homedir(), '.config');
  return join(base, 'rolesync', 'credentials.json');
}

function corrupt(path: string, why: string): RolesyncError {
  return new RolesyncError(
    'AUTH',
    `the saved login ${path} cannot be read: ${why}; run 'rolesync logout' and then 'rolesync login' to sign in again`,
  );
}

/**
 * The saved login, or undefined when there is none. Refused when others may read the file, except
 * for `logout` (`anyMode`): a login others could read is the one most in need of revoking.
 */
export function readLogin(path: string, options: { anyMode?: boolean } = {}): SavedLogin | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RolesyncError('AUTH', `cannot read the saved login ${path}: ${fileProblem(error)}`);
  }
  // Group or other access would let another account on the machine take the login.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0 && options.anyMode !== true) {
    throw new RolesyncError(
      'AUTH',
      `the saved login ${path} can be read by others (mode ${(mode & 0o777).toString(8)}); ` +
        `only you may read it: run 'chmod 600 ${path}'`,
    );
  }
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RolesyncError('AUTH', `cannot read the saved login ${path}: ${fileProblem(error)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw corrupt(path, 'it is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw corrupt(path, 'it is not a JSON object');
  const b = body as Record<string, unknown>;
  if (b.version !== 1) throw corrupt(path, `its version is ${JSON.stringify(b.version)}, not 1`);
  for (const key of ['ims_url', 'client_id', 'refresh_token', 'saved_at'] as const)
    if (typeof b[key] !== 'string' || b[key] === '') throw corrupt(path, `"${key}" is missing`);
  if (b.client_secret !== undefined && typeof b.client_secret !== 'string')
    throw corrupt(path, '"client_secret" is not a string');
  if (b.email !== null && typeof b.email !== 'string') throw corrupt(path, '"email" is not a string');
  // The refresh token goes to this origin: the same rule as for FRAMEIO_IMS_URL, blamed on the file.
  try {
    resolveImsUrl(b.ims_url as string, '"ims_url"');
  } catch (error) {
    throw corrupt(path, `its ${(error as Error).message}`);
  }
  return body as SavedLogin;
}

/** What a user does when the login could not be saved. */
const FIX = "free some space or fix the folder's permissions";

/**
 * Writes the login to a temp file (mode 0600, flushed) beside `path`, then renames it over `path`:
 * a reader, or a crash, sees the old login or the new one. A failed write leaves no temp file.
 * `renewed`: IMS has just replaced the file's refresh token, so a failed write loses the login, and
 * the error says so.
 */
export function writeLogin(path: string, login: SavedLogin, options: { renewed?: boolean } = {}): void {
  const dir = dirname(path);
  const temp = join(dir, `.credentials.${process.pid}.${Date.now()}.tmp`);
  let created = false;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const fd = openSync(temp, 'wx', 0o600);
    created = true;
    try {
      // writeFileSync writes until all is written; a bare writeSync may stop short on a full disk.
      writeFileSync(fd, `${JSON.stringify(login, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    created = false;
    syncDir(dir);
  } catch (error) {
    if (created) removeQuietly(temp);
    const why = fileProblem(error);
    if (options.renewed)
      throw new RolesyncError(
        'AUTH',
        `the credentials file ${path} could not be written: ${why}\nThe login is lost with it: Adobe IMS has just ` +
          `renewed it, and the refresh token left in the file no longer works. This run stops without using it. To ` +
          `sign in again, ${FIX}, then run 'rolesync login'`,
      );
    throw new RolesyncError('AUTH', `cannot save the login to ${path}: ${why}; ${FIX}, then sign in again`);
  }
}

/** Cleanup after a failure: the failure is what the user needs to hear about, not this. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing more to do where the file cannot be deleted either.
  }
}

/**
 * Flushes the folder, so that the rename itself survives a power loss: else the old (spent) refresh
 * token may come back. Where a folder cannot be opened or flushed (not on Linux or macOS), skipped.
 */
function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR/EPERM: the platform does not flush folders this way.
  } finally {
    closeSync(fd);
  }
}

/** Deletes the saved login; false when there was none. */
export function deleteLogin(path: string): boolean {
  try {
    rmSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new RolesyncError('AUTH', `cannot delete the saved login ${path}: ${fileProblem(error)}`);
  }
}

/** Longer than a refresh with its retries may take: a lock held this long is abandoned. */
const LOCK_STALE_MS = 120_000;
const LOCK_POLL_MS = 50;

/**
 * Runs `work` holding `<path>.lock`, so that rolesync runs renew the login one at a time: one never
 * sends a refresh token another has spent but not yet replaced in the file (IMS refuses it, and the
 * run would end with "log in again"). A lock whose process is gone, or that is older than
 * LOCK_STALE_MS, is taken over.
 */
export async function withLoginLock<T>(path: string, clock: Clock, work: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  for (;;) {
    // Apart from the lock's own open: mkdir's EEXIST is a file in the folder's place, not a holder.
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw cannotLock(lock, error);
    }
    let fd: number;
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotLock(lock, error);
      if (abandoned(lock, clock.now())) rmSync(lock, { force: true });
      else await clock.sleep(LOCK_POLL_MS);
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
    } catch (error) {
      // A lock without its pid would hold other runs off until it is stale.
      closeSync(fd);
      removeQuietly(lock);
      throw cannotLock(lock, error);
    }
    closeSync(fd);
    break;
  }
  try {
    return await work();
  } finally {
    removeQuietly(lock);
  }
}

/** Raised before IMS is asked: the refresh token is not spent. */
function cannotLock(lock: string, error: unknown): RolesyncError {
  return new RolesyncError(
    'AUTH',
    `cannot lock the saved login (${lock}): ${fileProblem(error)}; the login is kept as it was. To use it, ${FIX}`,
  );
}

function abandoned(lock: string, now: number): boolean {
  let pid: number;
  let since: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
    since = statSync(lock).mtimeMs;
  } catch {
    return false; // released meanwhile: try again
  }
  if (now - since > LOCK_STALE_MS) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false; // its pid not written yet
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
