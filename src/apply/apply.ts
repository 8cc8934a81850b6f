// Applies a plan's changes: each one checked against live state first, written through the rate
// budget, recorded in the journal. The endpoint classes run side by side, each in plan order; a
// change that takes access from a user waits for the changes that give that user access, and a
// project's restriction waits for the grants of the plan to that project.
import { ApiError } from '../errors.js';
import type { LiveAccountUser, LiveProjectMember, LiveState, LiveWorkspaceMember } from '../live/types.js';
import {
  isProjectRole,
  isWorkspaceRole,
  type ProjectRole,
  type SettableAccountRole,
  type WorkspaceRole,
  workspaceRoleRank,
} from '../api/index.js';
import { projectTitle } from '../names.js';
import { changePhase, isUserChange } from '../plan/order.js';
import { writeClassOf, writeCounts } from '../plan/estimate.js';
import type {
  Change,
  RemoveProjectUser,
  SetProjectRestricted,
  SetProjectRole,
  SetWorkspaceRole,
  UserChange,
} from '../plan/types.js';
import { counted } from '../plural.js';
import { changeKey, type Journal } from './journal.js';
import type { ApplyReport, ChangeResult } from './types.js';

/** The writes apply makes; the HTTP client implements them, unit tests fake them. */
export interface RoleWriter {
  setAccountRole(accountId: string, userId: string, role: SettableAccountRole): Promise<unknown>;
  setWorkspaceRole(accountId: string, workspaceId: string, userId: string, role: WorkspaceRole): Promise<unknown>;
  removeWorkspaceUser(accountId: string, workspaceId: string, userId: string): Promise<'removed' | 'already_absent'>;
  /** An upsert: adds the user to the project when they have no direct grant. */
  setProjectRole(accountId: string, projectId: string, userId: string, role: ProjectRole): Promise<ProjectRole>;
  removeProjectUser(accountId: string, projectId: string, userId: string): Promise<'removed' | 'already_absent'>;
  setProjectRestricted(accountId: string, projectId: string, restricted: boolean): Promise<boolean>;
}

/** A project as `projects.show` gives it (`restricted` null: the API did not say). */
export interface ShownProject {
  id: string;
  name: string;
  restricted: boolean | null;
  workspaceId: string;
}

/** The bulk reads behind the precondition checks. A deleted project answers 404 (an `ApiError`). */
export interface ScopeReader {
  listAccountUsers(accountId: string, options: { includeDeactivated: boolean }): Promise<LiveAccountUser[]>;
  listWorkspaceUsers(
    accountId: string,
    workspaceId: string,
    options: { includeDeactivated: boolean },
  ): Promise<LiveWorkspaceMember[]>;
  listProjectUsers(
    accountId: string,
    projectId: string,
    options?: { includeDeactivated?: boolean },
  ): Promise<LiveProjectMember[]>;
  showProject(accountId: string, projectId: string): Promise<ShownProject>;
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

/** What a project read finds when the project was deleted since the plan (a 404). */
const GONE = 'gone';
type Gone = typeof GONE;

type ProjectChange = SetProjectRole | RemoveProjectUser | SetProjectRestricted;

function isProjectChange(change: Change): change is ProjectChange {
  return 'project_id' in change;
}

const accountKey = (accountId: string) => `a|${accountId}`;
const workspaceKey = (accountId: string, workspaceId: string) => `w|${accountId}|${workspaceId}`;
const projectUsersKey = (accountId: string, projectId: string) => `p|${accountId}|${projectId}`;
const projectKey = (accountId: string, projectId: string) => `s|${accountId}|${projectId}`;

/** A 404 on a project's reads: the project was deleted since the plan. */
async function unlessGone<T>(read: Promise<T>): Promise<T | Gone> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return GONE;
    throw error;
  }
}

/**
 * Live state per scope (an account's users, a workspace's or a project's members, a project's
 * settings), re-read in bulk when old.
 */
class Snapshot {
  private readonly scopes = new Map<string, { readAt: number; value: Promise<unknown> }>();
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
        if (ws.members) this.put(workspaceKey(account.id, ws.id), rolesOf(ws.members));
        for (const project of ws.projects ?? []) {
          // Only the projects the manifest lists were read in full.
          if (!project.members) continue;
          this.put(projectUsersKey(account.id, project.id), rolesOf(project.members));
          const { id, name, restricted } = project;
          this.put(projectKey(account.id, project.id), { id, name, restricted, workspaceId: ws.id });
        }
      }
    }
  }

  seedAccount(accountId: string, users: LiveAccountUser[]): void {
    this.put(accountKey(accountId), rolesOf(users));
  }

  private put(key: string, value: unknown, readAt = this.now()): void {
    this.scopes.set(key, { readAt, value: Promise.resolve(value) });
  }

  /** The account's users: their account roles (an account change's own scope). */
  accountRoles(accountId: string, maxAgeMs = this.maxAgeMs): Promise<Roles> {
    return this.get(
      accountKey(accountId),
      async () => rolesOf(await this.reader.listAccountUsers(accountId, { includeDeactivated: true })),
      maxAgeMs,
    );
  }

  /**
   * The account's users, for a grant that needs the user to still be in the account. Allowed to be
   * older than a scope's own roles (10×): someone leaving the account is rare, and re-reading a
   * large account's user list every half minute would take the read budget.
   */
  accountMembers(accountId: string): Promise<Roles> {
    return this.accountRoles(accountId, this.maxAgeMs * 10);
  }

  workspaceRoles(accountId: string, workspaceId: string): Promise<Roles> {
    return this.get(workspaceKey(accountId, workspaceId), async () =>
      rolesOf(await this.reader.listWorkspaceUsers(accountId, workspaceId, { includeDeactivated: true })),
    );
  }

  /** A project's listing as it comes (direct grants, and inherited access if the API lists it). */
  projectRows(accountId: string, projectId: string): Promise<Roles | Gone> {
    return this.get(projectUsersKey(accountId, projectId), async () => {
      const rows = await unlessGone(this.reader.listProjectUsers(accountId, projectId, { includeDeactivated: true }));
      return rows === GONE ? GONE : rolesOf(rows);
    });
  }

  project(accountId: string, projectId: string): Promise<ShownProject | Gone> {
    return this.get(projectKey(accountId, projectId), () => unlessGone(this.reader.showProject(accountId, projectId)));
  }

  /** The live roles of a user change's own scope: the account's users, a workspace's or a project's members. */
  scopeRoles(change: UserChange): Promise<Roles | Gone> {
    switch (change.action) {
      case 'set_account_role':
        return this.accountRoles(change.account_id);
      case 'set_workspace_role':
      case 'remove_workspace_user':
        return this.workspaceRoles(change.account_id, change.workspace_id);
      case 'set_project_role':
      case 'remove_project_user':
        return this.projectRows(change.account_id, change.project_id);
    }
  }

  private async get<T>(key: string, read: () => Promise<T>, maxAgeMs = this.maxAgeMs): Promise<T> {
    const cached = this.scopes.get(key);
    if (cached && this.now() - cached.readAt <= maxAgeMs) return cached.value as Promise<T>;
    const entry = { readAt: this.now(), value: read() };
    this.scopes.set(key, entry);
    try {
      return await entry.value;
    } catch (error) {
      this.scopes.delete(key);
      throw error;
    }
  }

  /** Records a write we made, so the next check in the same scope need not re-read. */
  async wrote(change: Change): Promise<void> {
    if (change.action === 'set_project_restricted') {
      const key = projectKey(change.account_id, change.project_id);
      const shown = await this.project(change.account_id, change.project_id);
      if (shown !== GONE) this.put(key, { ...shown, restricted: change.to }, this.scopes.get(key)?.readAt);
      return;
    }
    const roles = await this.scopeRoles(change);
    if (roles === GONE) return;
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
 * Whether a change takes access away (an account demotion, a downgrade, a removal, a project's
 * restriction) rather than giving it (a promotion, an add, an upgrade, lifting a restriction): the
 * plan's own phases say which.
 */
function takesAway(change: Change): boolean {
  return changePhase(change) >= 2;
}

function describe(change: UserChange, role: string | null | undefined): string {
  if (role !== null && role !== undefined) return role;
  return isProjectChange(change) ? 'no direct grant' : 'no role';
}

/**
 * A live project row as a direct grant (the plan's `from`): a row at or below the role the user
 * inherits from the workspace (in a project that is not restricted), or a `workspace_admin`,
 * `admin` or `owner` row (which only the workspace or the account gives), counts as none. So a
 * listing that shows inherited access and one that shows direct grants only give the same answer,
 * as they give the same plan.
 */
function directGrant(row: string | null, inherited: string | null): ProjectRole | null {
  if (row === null || !isProjectRole(row)) return null;
  if (inherited === null) return row;
  // An account admin or the owner as listed in the workspace: the account role gives everything.
  if (!isWorkspaceRole(inherited)) return null;
  return workspaceRoleRank(row) <= workspaceRoleRank(inherited) ? null : row;
}

/**
 * Why a role may no longer be granted: the user left the account, was deactivated, or now holds
 * an account role whose access does not come from workspaces and projects. The planner grants only
 * to active members; an upsert PATCH would otherwise re-grant someone who left.
 */
function notAMemberNow(
  change: SetProjectRole | SetWorkspaceRole,
  user: { role: string | null; active: boolean } | undefined,
): string | undefined {
  const scope = change.action === 'set_workspace_role' ? 'workspace' : 'project';
  if (user === undefined) return `${change.email} is no longer a user of the account (removed since the plan)`;
  if (!user.active) return `${change.email} has been deactivated since the plan`;
  if (user.role === 'admin' || user.role === 'owner') {
    return `${change.email} is the account ${user.role} now: their ${scope} access comes from the account role`;
  }
  if (user.role === 'reviewer') {
    return `${change.email} is a reviewer of the account now: ${scope} roles need a member`;
  }
  return undefined;
}

function projectGone(change: ProjectChange): string {
  return (
    `the project ${projectTitle(change.workspace_name, change.project_name)} no longer exists (deleted since ` +
    'the plan); not written'
  );
}

/** A promise per change that settles when the change finishes, whatever its outcome. */
function finishLine(changes: Change[]): { done: (c: Change) => void; finished: (c: Change) => Promise<void> } {
  const settle = new Map<Change, () => void>();
  const promises = new Map<Change, Promise<void>>();
  for (const change of changes) promises.set(change, new Promise<void>((resolve) => settle.set(change, resolve)));
  return { done: (change) => settle.get(change)?.(), finished: (change) => promises.get(change) ?? Promise.resolve() };
}

/** Appends `change` to the list under `key`. */
function push<K>(map: Map<K, Change[]>, key: K, change: Change): void {
  const list = map.get(key);
  if (list) list.push(change);
  else map.set(key, [change]);
}

/**
 * For each change that takes access away, the changes of the plan it waits for: what gives the same
 * user access; for a change in a project, also lifting that project's restriction (which gives its
 * workspace's members access); for a project's restriction, every grant of the plan to that project
 * and every promotion to account admin (both keep access a restriction would take).
 */
function prerequisites(changes: readonly Change[]): (change: Change) => Change[] {
  const byUser = new Map<string, Change[]>();
  const projectGrants = new Map<string, Change[]>();
  const unrestricts = new Map<string, Change[]>();
  const adminPromotions = new Map<string, Change[]>();
  for (const change of changes) {
    if (takesAway(change)) continue;
    if (isUserChange(change)) push(byUser, change.user_id, change);
    if (change.action === 'set_project_role')
      push(projectGrants, projectKey(change.account_id, change.project_id), change);
    if (change.action === 'set_project_restricted') {
      push(unrestricts, projectKey(change.account_id, change.project_id), change);
    }
    if (change.action === 'set_account_role' && change.to === 'admin') push(adminPromotions, change.account_id, change);
  }
  return (change) => {
    if (!takesAway(change)) return [];
    if (change.action === 'set_project_restricted') {
      const key = projectKey(change.account_id, change.project_id);
      return [...(projectGrants.get(key) ?? []), ...(adminPromotions.get(change.account_id) ?? [])];
    }
    const own = byUser.get(change.user_id) ?? [];
    if (!isProjectChange(change)) return own;
    return [...own, ...(unrestricts.get(projectKey(change.account_id, change.project_id)) ?? [])];
  };
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
  const waitsFor = prerequisites(changes);
  let stopped = false;
  let finished = 0;

  // What the planner saw where this plan changes it (each change's `from`): a user's workspace role,
  // a project's `restricted`. A project row is read against these as well as against live now.
  const workspaceRoleAtPlan = new Map<string, WorkspaceRole | null>();
  const restrictedAtPlan = new Map<string, boolean>();
  for (const change of changes) {
    if (change.action === 'set_workspace_role' || change.action === 'remove_workspace_user') {
      workspaceRoleAtPlan.set(`${change.account_id}|${change.workspace_id}|${change.user_id}`, change.from);
    }
    if (change.action === 'set_project_restricted')
      restrictedAtPlan.set(projectKey(change.account_id, change.project_id), change.from);
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
        break;
      case 'set_project_role':
        await options.writer.setProjectRole(change.account_id, change.project_id, change.user_id, change.to);
        break;
      case 'remove_project_user':
        await options.writer.removeProjectUser(change.account_id, change.project_id, change.user_id);
        break;
      case 'set_project_restricted':
        await options.writer.setProjectRestricted(change.account_id, change.project_id, change.to);
        break;
    }
    calls[writeClassOf(change)] += 1;
  };

  /**
   * The user's direct grant in the project, read against two baselines, or why the change cannot be
   * checked (stale). Which rows are direct grants depends on what the user inherits (plan/inherit.ts),
   * and this plan's own earlier writes may have changed that since the plan: a workspace role raised
   * or lowered, a project restricted. So the row is read once against what the planner saw (this
   * plan's `from` where it changes the workspace role or the setting, else live) and once against
   * live now; the change holds when either reading is what the plan expected.
   */
  const projectGrant = async (
    change: SetProjectRole | RemoveProjectUser,
  ): Promise<{ readings: (ProjectRole | null)[] } | { stale: string }> => {
    const shown = await snapshot.project(change.account_id, change.project_id);
    if (shown === GONE) return { stale: projectGone(change) };
    if (shown.workspaceId !== change.workspace_id) {
      return {
        stale:
          `the project ${projectTitle(change.workspace_name, change.project_name)} is in another workspace now ` +
          '(moved since the plan); not written',
      };
    }
    const rows = await snapshot.projectRows(change.account_id, change.project_id);
    if (rows === GONE) return { stale: projectGone(change) };
    const row = rows.get(change.user_id)?.role ?? null;
    // No row, or one only the workspace or the account gives: no direct grant, whatever the workspace says.
    if (row === null || !isProjectRole(row)) return { readings: [null, null] };
    const workspaceNow =
      (await snapshot.workspaceRoles(change.account_id, change.workspace_id)).get(change.user_id)?.role ?? null;
    const userInWorkspace = `${change.account_id}|${change.workspace_id}|${change.user_id}`;
    const workspaceAtPlan = workspaceRoleAtPlan.has(userInWorkspace)
      ? (workspaceRoleAtPlan.get(userInWorkspace) ?? null)
      : workspaceNow;
    const restrictedNow = shown.restricted ?? false;
    const restrictedAtPlanTime =
      restrictedAtPlan.get(projectKey(change.account_id, change.project_id)) ?? restrictedNow;
    // A restricted project inherits nothing from the workspace (as the planner reads it).
    return {
      readings: [
        directGrant(row, restrictedAtPlanTime ? null : workspaceAtPlan),
        directGrant(row, restrictedNow ? null : workspaceNow),
      ],
    };
  };

  const restriction = async (change: SetProjectRestricted): Promise<ChangeResult> => {
    const shown = await snapshot.project(change.account_id, change.project_id);
    if (shown === GONE) return { change, outcome: 'stale', detail: projectGone(change) };
    if (shown.restricted === change.to) return { change, outcome: 'already' };
    if (shown.restricted !== change.from) {
      const live = shown.restricted === null ? 'Frame.io does not say now' : `live has ${shown.restricted} now`;
      return {
        change,
        outcome: 'stale',
        detail: `the plan expected restricted: ${change.from}, ${live} (changed since the plan)`,
      };
    }
    await write(change);
    await snapshot.wrote(change);
    return { change, outcome: 'applied' };
  };

  const one = async (change: Change): Promise<ChangeResult> => {
    if (change.action === 'set_project_restricted') return restriction(change);
    if (options.selfId !== undefined && change.user_id === options.selfId && takesAway(change)) {
      return {
        change,
        outcome: 'blocked',
        detail: "this is the token's own user, which rolesync never demotes or removes",
      };
    }
    let live: string | null;
    let roles: Roles | undefined;
    if (isProjectChange(change)) {
      const grant = await projectGrant(change);
      if ('stale' in grant) return { change, outcome: 'stale', detail: grant.stale };
      const [atPlan, now] = grant.readings as [ProjectRole | null, ProjectRole | null];
      // The plan's expectation under either reading holds (a grant is an upsert, a removal of no grant a 404).
      live = atPlan === change.from || now === change.from ? change.from : now;
    } else {
      const found = await snapshot.scopeRoles(change);
      // Only a project read answers GONE.
      roles = found === GONE ? new Map() : found;
      live = roles.get(change.user_id)?.role ?? null;
    }
    if (live === change.to) return { change, outcome: 'already' };
    if (live !== change.from) {
      return {
        change,
        outcome: 'stale',
        detail:
          `the plan expected ${describe(change, change.from)}, live has ${describe(change, live)} now ` +
          '(changed since the plan)',
      };
    }
    // The workspace and project PATCHes are upserts: they would add back someone who left the account.
    if (change.action === 'set_workspace_role' || change.action === 'set_project_role') {
      const gone = notAMemberNow(change, (await snapshot.accountMembers(change.account_id)).get(change.user_id));
      if (gone) return { change, outcome: 'stale', detail: `${gone}; not written` };
    }
    if (change.action === 'set_account_role' && !takesAway(change) && roles?.get(change.user_id)?.active === false) {
      return { change, outcome: 'stale', detail: `${change.email} has been deactivated since the plan; not promoted` };
    }
    if (change.action === 'set_account_role' && change.to === 'member' && (live === 'admin' || live === 'owner')) {
      // Deactivated admins cannot sign in: they do not count, as at plan time.
      const all = [...(roles?.values() ?? [])];
      const admins = all.filter((r) => r.active && (r.role === 'admin' || r.role === 'owner')).length;
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
      if (takesAway(change)) await Promise.all(waitsFor(change).map(line.finished));
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
  // so a change waiting on another change's grant never holds up a grant behind it: no deadlock.
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
