// Applies a plan's changes: each one checked against live state first, written through the rate
// budget, recorded in the journal. The three endpoint classes run side by side, each in plan order.
import { ApiError } from '../errors.js';
import type { LiveAccountUser, LiveState, LiveWorkspaceMember } from '../live/types.js';
import { workspaceRoleRank, type SettableAccountRole, type WorkspaceRole } from '../roles.js';
import type { Change } from '../plan/types.js';
import { changeKey, type Journal } from './journal.js';
import type { ApplyReport, ChangeResult } from './types.js';

/** The writes apply makes; the HTTP client implements them, unit tests fake them. */
export interface RoleWriter {
  setAccountRole(accountId: string, userId: string, role: SettableAccountRole): Promise<unknown>;
  setWorkspaceRole(accountId: string, workspaceId: string, userId: string, role: WorkspaceRole): Promise<unknown>;
  removeWorkspaceUser(accountId: string, workspaceId: string, userId: string): Promise<'removed' | 'already_absent'>;
}

/** The bulk reads behind the precondition checks. */
export interface ScopeReader {
  listAccountUsers(accountId: string, options: { includeDeactivated: boolean }): Promise<LiveAccountUser[]>;
  listWorkspaceUsers(accountId: string, workspaceId: string, options: { includeDeactivated: boolean }): Promise<LiveWorkspaceMember[]>;
}

export interface ApplyOptions {
  writer: RoleWriter;
  reader: ScopeReader;
  journal?: Journal;
  signal?: AbortSignal;
  /** `policy.min_admins` per account id: an account demotion never goes below it. */
  minAdmins: ReadonlyMap<string, number>;
  /**
   * The token's own user (`GET /v4/me` of the token that applies, which may not be the one that
   * planned): never demoted or removed, whatever the plan says.
   */
  selfId?: string;
  /** A scope's live roles are re-read when older than this before a write (default 30 s). */
  maxSnapshotAgeMs?: number;
  /** The live state the changes were planned from, when it was read just now: no second read. */
  live?: LiveState;
  now?: () => number;
  /** Each change's result as it comes; `done` leaves out changes an interruption did not start. */
  onResult?: (result: ChangeResult, done: number, total: number) => void;
}

/** Live role and whether the user is active, by user id, in one scope. */
type Roles = Map<string, { role: string | null; active: boolean }>;

/** Live roles per scope (an account's users, a workspace's members), re-read in bulk when old. */
class Snapshot {
  private readonly scopes = new Map<string, { readAt: number; roles: Promise<Roles> }>();
  constructor(
    private readonly reader: ScopeReader,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  /** Starts from a live state just read (apply without a saved plan), so it is not read twice. */
  seed(live: LiveState): void {
    const readAt = this.now();
    for (const account of live.accounts) {
      this.scopes.set(`a|${account.id}`, { readAt, roles: Promise.resolve(rolesOf(account.users)) });
      for (const ws of account.workspaces) {
        if (ws.members) this.scopes.set(`w|${account.id}|${ws.id}`, { readAt, roles: Promise.resolve(rolesOf(ws.members)) });
      }
    }
  }

  private scope(change: Change): { key: string; read: () => Promise<Roles> } {
    if (change.action === 'set_account_role') {
      return {
        key: `a|${change.account_id}`,
        read: async () => rolesOf(await this.reader.listAccountUsers(change.account_id, { includeDeactivated: true })),
      };
    }
    return {
      key: `w|${change.account_id}|${change.workspace_id}`,
      read: async () => rolesOf(await this.reader.listWorkspaceUsers(change.account_id, change.workspace_id, { includeDeactivated: true })),
    };
  }

  async roles(change: Change): Promise<Roles> {
    const { key, read } = this.scope(change);
    const cached = this.scopes.get(key);
    if (cached && this.now() - cached.readAt <= this.maxAgeMs) return cached.roles;
    const entry = { readAt: this.now(), roles: read() };
    this.scopes.set(key, entry);
    try {
      return await entry.roles;
    } catch (error) {
      this.scopes.delete(key);
      throw error;
    }
  }

  /** Records a write we made, so the next check in the same scope need not re-read. */
  async wrote(change: Change): Promise<void> {
    const roles = await this.roles(change);
    roles.set(change.user_id, { role: change.to, active: roles.get(change.user_id)?.active ?? true });
  }
}

function rolesOf(rows: { user: { id: string | null; active: boolean | null }; role: string | null }[]): Roles {
  const roles: Roles = new Map();
  for (const row of rows) if (row.user.id !== null) roles.set(row.user.id, { role: row.role, active: row.user.active !== false });
  return roles;
}

/** Whether a change would take access away: a removal, an account demotion, a workspace downgrade. */
function takesAway(change: Change): boolean {
  switch (change.action) {
    case 'remove_workspace_user':
      return true;
    case 'set_account_role':
      return change.to === 'member' && (change.from === 'admin' || change.from === 'owner');
    case 'set_workspace_role':
      return change.from !== null && workspaceRoleRank(change.to) < workspaceRoleRank(change.from);
  }
}

function callClass(change: Change): keyof ApplyReport['calls'] {
  switch (change.action) {
    case 'set_account_role':
      return 'account_role_patch';
    case 'set_workspace_role':
      return 'workspace_role_patch';
    case 'remove_workspace_user':
      return 'workspace_user_delete';
  }
}

function describe(role: string | null | undefined): string {
  return role === null || role === undefined ? 'no role' : role;
}

export async function applyChanges(changes: Change[], options: ApplyOptions): Promise<ApplyReport> {
  const now = options.now ?? Date.now;
  const snapshot = new Snapshot(options.reader, options.maxSnapshotAgeMs ?? 30_000, now);
  if (options.live) snapshot.seed(options.live);
  const results = new Map<Change, ChangeResult>();
  const calls: ApplyReport['calls'] = { account_role_patch: 0, workspace_role_patch: 0, workspace_user_delete: 0 };
  let stopped = false;
  let finished = 0;

  const finish = (result: ChangeResult): void => {
    results.set(result.change, result);
    if (result.outcome !== 'resumed' && result.outcome !== 'not_started') {
      options.journal?.record({ key: changeKey(result.change), outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
    }
    if (result.outcome !== 'not_started') finished += 1;
    options.onResult?.(result, finished, changes.length);
  };

  const write = async (change: Change): Promise<void> => {
    calls[callClass(change)] += 1;
    switch (change.action) {
      case 'set_account_role':
        await options.writer.setAccountRole(change.account_id, change.user_id, change.to);
        return;
      case 'set_workspace_role':
        await options.writer.setWorkspaceRole(change.account_id, change.workspace_id, change.user_id, change.to);
        return;
      case 'remove_workspace_user':
        await options.writer.removeWorkspaceUser(change.account_id, change.workspace_id, change.user_id);
    }
  };

  const one = async (change: Change): Promise<ChangeResult> => {
    if (options.selfId !== undefined && change.user_id === options.selfId && takesAway(change)) {
      return { change, outcome: 'blocked', detail: "this is the token's own user, which rolesync never demotes or removes" };
    }
    const roles = await snapshot.roles(change);
    const live = roles.get(change.user_id)?.role ?? null;
    if (live === change.to) return { change, outcome: 'already' };
    if (live !== change.from) {
      return { change, outcome: 'stale', detail: `the plan expected ${describe(change.from)}, live has ${describe(live)} now (changed since the plan)` };
    }
    if (change.action === 'set_account_role' && change.to === 'member' && (live === 'admin' || live === 'owner')) {
      // Deactivated admins cannot sign in: they do not count, as at plan time.
      const admins = [...roles.values()].filter((r) => r.active && (r.role === 'admin' || r.role === 'owner')).length;
      const min = options.minAdmins.get(change.account_id) ?? 1;
      if (admins - 1 < min) {
        return { change, outcome: 'blocked', detail: `demoting would leave ${admins - 1} admin${admins - 1 === 1 ? '' : 's'}, fewer than min_admins ${min}` };
      }
    }
    await write(change);
    await snapshot.wrote(change);
    return { change, outcome: 'applied' };
  };

  const worker = async (queue: Change[]): Promise<void> => {
    for (const change of queue) {
      if (stopped || options.signal?.aborted) {
        finish({ change, outcome: 'not_started' });
        continue;
      }
      if (options.journal?.done.has(changeKey(change))) {
        const earlier = options.journal.done.get(changeKey(change))!.outcome;
        finish({ change, outcome: 'resumed', detail: earlier === 'already' ? 'was already so' : 'applied by the interrupted run' });
        continue;
      }
      try {
        finish(await one(change));
      } catch (error) {
        const detail = error instanceof ApiError ? error.message : String((error as Error).message ?? error);
        finish({ change, outcome: 'failed', detail });
        // A token that stopped working fails every later call too: stop instead of hammering.
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) stopped = true;
      }
    }
  };

  // Plan order is lock-out safe within each class (promotions before demotions, grants before
  // downgrades), and the classes touch different things, so they may run side by side.
  const queues = new Map<string, Change[]>();
  for (const change of changes) {
    const queue = queues.get(callClass(change));
    if (queue) queue.push(change);
    else queues.set(callClass(change), [change]);
  }
  await Promise.all([...queues.values()].map(worker));

  return {
    results: changes.map((change) => results.get(change)!),
    interrupted: options.signal?.aborted ?? false,
    calls,
  };
}
