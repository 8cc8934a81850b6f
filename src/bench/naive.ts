// The baseline: the sync script most admins would write instead of rolesync. Plain fetch, one call
// at a time, the API's default page size (no page_size), and on a 429 a fixed sleep before trying
// again; no rate budget. It shares no code with rolesync's client on purpose.
import type { PlainDesired } from './scenario.js';

export interface NaiveOptions {
  baseUrl: string;
  token: string;
  desired: PlainDesired;
  /** The sleep after a 429, in real ms (5 s on the real API, scaled like the emulator's clock). */
  fixedSleepMs: number;
  /** Read and diff only, like a dry run. */
  dryRun?: boolean;
  /** Bounds, so a misbehaving server cannot keep the script looping. */
  maxAttempts?: number;
  maxPages?: number;
}

export interface NaiveResult {
  accountPatches: number;
  workspacePatches: number;
  deletes: number;
}

interface Row {
  role: string;
  user: { id: string | null; email: string };
}

/** One page of a Frame.io list, as far as this script reads it. */
interface Page<T> {
  data: T[];
  links: { next: string | null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function naiveSync(options: NaiveOptions): Promise<NaiveResult> {
  const maxAttempts = options.maxAttempts ?? 500;
  const maxPages = options.maxPages ?? 10_000;
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const res = await fetch(options.baseUrl + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (res.status === 429) {
        await res.arrayBuffer();
        await sleep(options.fixedSleepMs);
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
      // The script trusts the API's shapes, as a quick hand-written sync would.
      return (res.status === 204 ? null : await res.json()) as T;
    }
    throw new Error(`${method} ${path}: still 429 after ${maxAttempts} attempts`);
  }

  async function listAll(path: string): Promise<Row[]> {
    const rows: Row[] = [];
    let next: string | null = path;
    for (let page = 0; next !== null && page < maxPages; page++) {
      const body: Page<Row> = await call<Page<Row>>('GET', next);
      rows.push(...body.data);
      next = body.links.next;
    }
    return rows;
  }

  const result: NaiveResult = { accountPatches: 0, workspacePatches: 0, deletes: 0 };
  const { desired } = options;
  const account = `/v4/accounts/${desired.accountId}`;

  const users = await listAll(`${account}/users`);
  const idOf = new Map(users.map((u) => [u.user.email.toLowerCase(), u.user.id]));
  for (const u of users) {
    const want = desired.users[u.user.email.toLowerCase()];
    if (want && u.role !== want && u.role !== 'owner') {
      result.accountPatches++;
      if (!options.dryRun) await call('PATCH', `${account}/users/${u.user.id}`, { data: { role: want } });
    }
  }

  const workspaces: { id: string; name: string }[] = [];
  let next: string | null = `${account}/workspaces`;
  for (let page = 0; next !== null && page < maxPages; page++) {
    const body: Page<{ id: string; name: string }> = await call('GET', next);
    workspaces.push(...body.data);
    next = body.links.next;
  }

  for (const ws of workspaces) {
    const want = desired.workspaces[ws.name];
    if (!want) continue;
    const members = await listAll(`${account}/workspaces/${ws.id}/users`);
    const have = new Map(members.map((m) => [m.user.email.toLowerCase(), m]));
    for (const [email, role] of Object.entries(want)) {
      if (have.get(email)?.role === role) continue;
      result.workspacePatches++;
      if (!options.dryRun)
        await call('PATCH', `${account}/workspaces/${ws.id}/users/${idOf.get(email)}`, { data: { role } });
    }
    for (const [email, m] of have) {
      if (email in want || m.role === 'admin' || m.role === 'owner') continue;
      result.deletes++;
      if (!options.dryRun) await call('DELETE', `${account}/workspaces/${ws.id}/users/${m.user.id}`);
    }
  }
  return result;
}
