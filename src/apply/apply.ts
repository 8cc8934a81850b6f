// Applies a plan's changes: each one checked against live state first, written through the rate
// budget, recorded in the journal. The three endpoint classes run side by side, each in plan order;
// a change that takes access from a user waits for the changes that give that user access.
import { ApiError } from '../errors.js';
import type { LiveAccountUser, LiveState, LiveWorkspaceMember } from '../live/types.js';
import type { SettableAccountRole, WorkspaceRole } from '../api/index.js';
import { changePhase } from '../plan/order.js';
import { writeClassOf, writeCounts } from '../plan/estimate.js';
import type { Change } from '../plan/types.js';
import { counted } from '../plural.js';
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
  listWorkspaceUsers(
    accountId: string,
    workspaceId: string,
    options: { includeDeactivated: boolean },
  ): Promise<LiveWorkspaceMember[]>;
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
  /** Account user lists read just now (the token-role check of a saved plan), by account id. */
  accountUsers?: ReadonlyMap<string, LiveAccountUser[]>;
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
    for (const account of live.accounts) {
      this.seedAccount(account.id, account.users);
      for (const ws of account.workspaces) {
        if (!ws.members) continue;
        this.scopes.set(`w|${account.id}|${ws.id}`, {
          readAt: this.now(),
          roles: Promise.resolve(rolesOf(ws.members)),
        });
      }
    }
  }

  seedAccount(accountId: string, users: LiveAccountUser[]): void {
    this.scopes.set(`a|${accountId}`, { readAt: this.now(), roles: Promise.resolve(rolesOf(users)) });
  }

  private scope(change: Change): { key: string; read: () => Promise<Roles> } {
    if (change.action === 'set_account_role') return this.accountScope(change.account_id);
    const { account_id: accountId, workspace_id: workspaceId } = change;
    return {
      key: `w|${accountId}|${workspaceId}`,
      read: async () =>
        rolesOf(await this.reader.listWorkspaceUsers(accountId, workspaceId, { includeDeactivated: true })),
    };
  }

  private accountScope(accountId: string): { key: string; read: () => Promise<Roles> } {
    return {
      key: `a|${accountId}`,
      read: async () => rolesOf(await this.reader.listAccountUsers(accountId, { includeDeactivated: true })),
    };
  }

  /** The live roles of the change's own scope: the account's users, or the workspace's members. */
  roles(change: Change): Promise<Roles> {
    return this.get(this.scope(change));
  }

  /**
   * The account's users, for a workspace change that needs the user to still be in the account.
   * Allowed to be older than a scope's own roles (10×): someone leaving the account is rare, and
   * re-reading a large account's user list every half minute would take the read budget.
   */
  accountRoles(accountId: string): Promise<Roles> {
    return this.get(this.accountScope(accountId), this.maxAgeMs * 10);
  }

  private async get(scope: { key: string; read: () => Promise<Roles> }, maxAgeMs = this.maxAgeMs): Promise<Roles> {
    const { key, read } = scope;
    const cached = this.scopes.get(key);
    if (cached && this.now() - cached.readAt <= maxAgeMs) return cached.roles;
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
  for (const row of rows)
    if (row.user.id !== null) roles.set(row.user.id, { role: row.role, active: row.user.active !== false });
  return roles;
}

/**
 * Whether a change takes access away (an account demotion, a workspace downgrade, a removal) rather
 * than giving it (a promotion, an add, an upgrade): the plan's own phases say which.
 */
function takesAway(change: Change): boolean {
  return changePhase(change) >= 2;
}

function describe(role: string | null | undefined): string {
  return role === null || role === undefined ? 'no role' : role;
}

/**
 * Why a workspace role may no longer be written: the user left the account, was deactivated, or
 * now holds an account role whose access does not come from workspaces. The planner writes
 * workspace roles only for active members; an upsert PATCH would otherwise re-grant someone who left.
 */
function notAMemberNow(change: Change, user: { role: string | null; active: boolean } | undefined): string | undefined {
  if (user === undefined) return `${change.email} is no longer a user of the account (removed since the plan)`;
  if (!user.active) return `${change.email} has been deactivated since the plan`;
  if (user.role === 'admin' || user.role === 'owner') {
    return `${change.email} is the account ${user.role} now: their workspace access comes from the account role`;
  }
  if (user.role === 'reviewer') {
    return `${change.email} is a reviewer of the account now: workspace roles need a member`;
  }
  return undefined;
}

/** A promise per change that settles when the change finishes, whatever its outcome. */
function finishLine(changes: Change[]): { done: (c: Change) => void; finished: (c: Change) => Promise<void> } {
  const settle = new Map<Change, () => void>();
  const promises = new Map<Change, Promise<void>>();
  for (const change of changes) promises.set(change, new Promise<void>((resolve) => settle.set(change, resolve)));
  return { done: (change) => settle.get(change)?.(), finished: (change) => promises.get(change) ?? Promise.resolve() };
}

export async function applyChanges(changes: Change[], options: ApplyOptions): Promise<ApplyReport> {
  const now = options.now ?? Date.now;
  const snapshot = new Snapshot(options.reader, options.maxSnapshotAgeMs ?? 30_000, now);
  if (options.live) snapshot.seed(options.live);
  for (const [accountId, users] of options.accountUsers ?? []) snapshot.seedAccount(accountId, users);
  const results = new Map<Change, ChangeResult>();
  // Only writes the API accepted: a refused call is a failed change, not a write.
  const calls = writeCounts([]);
  const line = finishLine(changes);
  let stopped = false;
  let finished = 0;

  // What gives each user access; a change that takes access from that user waits for all of it.
  const givers = new Map<string, Change[]>();
  for (const change of changes) {
    if (!takesAway(change)) givers.set(change.user_id, [...(givers.get(change.user_id) ?? []), change]);
  }

  const finish = (result: ChangeResult): void => {
    results.set(result.change, result);
    if (result.outcome !== 'resumed' && result.outcome !== 'not_started') {
      options.journal?.record({
        key: changeKey(result.change),
        outcome: result.outcome,
        ...(result.detail ? { detail: result.detail } : {}),
      });
    }
    if (result.outcome !== 'not_started') finished += 1;
    line.done(result.change);
    options.onResult?.(result, finished, changes.length);
  };

  const write = async (change: Change): Promise<void> => {
    switch (change.action) {
      case 'set_account_role':
        await options.writer.setAccountRole(change.account_id, change.user_id, change.to);
        break;
      case 'set_workspace_role':
        await options.writer.setWorkspaceRole(change.account_id, change.workspace_id, change.user_id, change.to);
        break;
      case 'remove_workspace_user':
        await options.writer.removeWorkspaceUser(change.account_id, change.workspace_id, change.user_id);
    }
    calls[writeClassOf(change)] += 1;
  };

  const one = async (change: Change): Promise<ChangeResult> => {
    if (options.selfId !== undefined && change.user_id === options.selfId && takesAway(change)) {
      return {
        change,
        outcome: 'blocked',
        detail: "this is the token's own user, which rolesync never demotes or removes",
      };
    }
    const roles = await snapshot.roles(change);
    const live = roles.get(change.user_id)?.role ?? null;
    if (live === change.to) return { change, outcome: 'already' };
    if (live !== change.from) {
      return {
        change,
        outcome: 'stale',
        detail: `the plan expected ${describe(change.from)}, live has ${describe(live)} now (changed since the plan)`,
      };
    }
    // The workspace PATCH is an upsert: it would add back someone who left the account.
    if (change.action === 'set_workspace_role') {
      const gone = notAMemberNow(change, (await snapshot.accountRoles(change.account_id)).get(change.user_id));
      if (gone) return { change, outcome: 'stale', detail: `${gone}; not written` };
    }
    if (change.action === 'set_account_role' && !takesAway(change) && roles.get(change.user_id)?.active === false) {
      return { change, outcome: 'stale', detail: `${change.email} has been deactivated since the plan; not promoted` };
    }
    if (change.action === 'set_account_role' && change.to === 'member' && (live === 'admin' || live === 'owner')) {
      // Deactivated admins cannot sign in: they do not count, as at plan time.
      const admins = [...roles.values()].filter((r) => r.active && (r.role === 'admin' || r.role === 'owner')).length;
      const min = options.minAdmins.get(change.account_id) ?? 1;
      if (admins - 1 < min) {
        return {
          change,
          outcome: 'blocked',
          detail: `demoting would leave ${counted(admins - 1, 'admin')}, fewer than min_admins ${min}`,
        };
      }
    }
    await write(change);
    await snapshot.wrote(change);
    return { change, outcome: 'applied' };
  };

  const worker = async (queue: Change[]): Promise<void> => {
    for (const change of queue) {
      // Lock-out safety across the lanes: grant first, then take away (a failed grant does not
      // hold the removal back: the plan wants both, and the report names the failure).
      if (takesAway(change)) await Promise.all((givers.get(change.user_id) ?? []).map(line.finished));
      if (stopped || options.signal?.aborted) {
        finish({ change, outcome: 'not_started' });
        continue;
      }
      if (options.journal?.done.has(changeKey(change))) {
        const earlier = options.journal.done.get(changeKey(change))!.outcome;
        finish({
          change,
          outcome: 'resumed',
          detail: earlier === 'already' ? 'was already so' : 'applied by the interrupted run',
        });
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

  // One lane per endpoint class, as each has its own rate limit. Within a lane, what gives access
  // runs before what takes it away (promotions before demotions; the plan's phases, kept stable),
  // so a change waiting on another user's grant never holds up a grant behind it: no deadlock.
  const queues = new Map<string, Change[]>();
  for (const change of [...changes].sort((a, b) => changePhase(a) - changePhase(b))) {
    const queue = queues.get(writeClassOf(change));
    if (queue) queue.push(change);
    else queues.set(writeClassOf(change), [change]);
  }
  await Promise.all([...queues.values()].map(worker));

  return {
    results: changes.map((change) => results.get(change)!),
    interrupted: options.signal?.aborted ?? false,
    calls,
  };
}
