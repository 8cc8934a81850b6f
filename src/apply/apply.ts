// Applies a plan's changes: each one checked against live state first, written through the rate
// budget, recorded in the journal. The endpoint classes run side by side, each in plan order; a
// change that takes access from a user waits for the changes that give that user access, a
// project's restriction waits for the grants of the plan to that project, and a change on a Frame.io
// group this plan creates waits for the group's creation and takes its id.
import { ApiError, isCredentialFailure } from '../errors.js';
import { ExperimentalUnavailableError } from '../client/failure.js';
import type { LiveAccountUser, LiveState } from '../live/types.js';
import {
  isExperimental,
  isProjectRole,
  isWorkspaceRole,
  WRITE_OPERATION,
  type ProjectRole,
  type SettableAccountRole,
  type WorkspaceRole,
  workspaceRoleRank,
} from '../api/index.js';
import { changePhase } from '../plan/order.js';
import { writeClassOf, writeCounts } from '../plan/estimate.js';
import type {
  AddFrameioGroupMember,
  Change,
  CreateFrameioGroup,
  GroupChange,
  GroupGrantChange,
  RemoveProjectUser,
  SetProjectRestricted,
  SetProjectRole,
  SetWorkspaceRole,
  UserChange,
} from '../plan/types.js';
import { counted } from '../plural.js';
import { GroupWrites, type GroupWriter } from './groups.js';
import { changeKey, groupRef, type Journal } from './journal.js';
import { GONE, projectGone, projectKey, projectStale, Snapshot, type Roles, type ScopeReader } from './snapshot.js';
import { againstLive, type ApplyReport, type ChangeResult, type Outcome } from './types.js';

export type { GroupWriter } from './groups.js';
export type { ScopeReader, ShownProject } from './snapshot.js';

/** The writes apply makes; the HTTP client implements them, unit tests fake them. */
export interface RoleWriter extends GroupWriter {
  setAccountRole(accountId: string, userId: string, role: SettableAccountRole): Promise<unknown>;
  setWorkspaceRole(accountId: string, workspaceId: string, userId: string, role: WorkspaceRole): Promise<unknown>;
  removeWorkspaceUser(accountId: string, workspaceId: string, userId: string): Promise<'removed' | 'already_absent'>;
  /** An upsert: adds the user to the project when they have no direct grant. */
  setProjectRole(accountId: string, projectId: string, userId: string, role: ProjectRole): Promise<ProjectRole>;
  removeProjectUser(accountId: string, projectId: string, userId: string): Promise<'removed' | 'already_absent'>;
  setProjectRestricted(accountId: string, projectId: string, restricted: boolean): Promise<boolean>;
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

type ProjectChange = SetProjectRole | RemoveProjectUser | SetProjectRestricted;

function isProjectChange(change: Change): change is ProjectChange {
  return (
    change.action === 'set_project_role' ||
    change.action === 'remove_project_user' ||
    change.action === 'set_project_restricted'
  );
}

/** The user a change is about: user role changes and group member changes have one. */
function userOf(change: Change): string | undefined {
  return 'user_id' in change ? change.user_id : undefined;
}

const workspaceOf = (accountId: string, workspaceId: string) => `w|${accountId}|${workspaceId}`;

/**
 * Whether a change takes access away (an account demotion, a downgrade, a removal, a project's
 * restriction) rather than giving it (a promotion, an add, an upgrade, lifting a restriction): the
 * plan's own phases say which for users and settings. A group's creation and its member adds give
 * (a group's grants reach its members); a member removal, a group grant's removal or downgrade take.
 */
function takesAway(change: Change): boolean {
  switch (change.action) {
    case 'create_frameio_group':
    case 'add_frameio_group_member':
      return false;
    case 'remove_frameio_group_member':
    case 'remove_workspace_group':
    case 'remove_project_group':
      return true;
    case 'set_workspace_group_role':
    case 'set_project_group_role':
      return change.from !== null && workspaceRoleRank(change.to) < workspaceRoleRank(change.from);
    default:
      return changePhase(change) >= 2;
  }
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
 * user access (a grant, a group member add); for a change in a workspace or a project, also the group
 * grants of the plan there, and for one in a project lifting that project's restriction (which gives
 * its workspace's members access); for a project's restriction, every grant of the plan to that
 * project, every promotion to account admin and every member add of the account (all keep access a
 * restriction would take: a group granted on the project reaches its new members); for a group grant
 * taken away, what the plan gives in that scope and every member add of the plan (access may move to
 * another group); for a group member removal, every group grant the plan gives in the account and
 * every member add there (the user's access may move to another group, on any scope).
 */
function prerequisites(changes: readonly Change[]): (change: Change) => Change[] {
  const byUser = new Map<string, Change[]>();
  const scopeGrants = new Map<string, Change[]>();
  const groupGrants = new Map<string, Change[]>();
  const unrestricts = new Map<string, Change[]>();
  const adminPromotions = new Map<string, Change[]>();
  const memberAdds = new Map<string, Change[]>();
  const accountGroupGrants = new Map<string, Change[]>();
  for (const change of changes) {
    if (takesAway(change)) continue;
    const user = userOf(change);
    if (user !== undefined) push(byUser, user, change);
    switch (change.action) {
      case 'set_workspace_role':
        push(scopeGrants, workspaceOf(change.account_id, change.workspace_id), change);
        break;
      case 'set_project_role':
        push(scopeGrants, projectKey(change.account_id, change.project_id), change);
        break;
      case 'set_workspace_group_role':
        push(groupGrants, workspaceOf(change.account_id, change.workspace_id), change);
        push(accountGroupGrants, change.account_id, change);
        break;
      case 'set_project_group_role':
        push(groupGrants, projectKey(change.account_id, change.project_id), change);
        push(accountGroupGrants, change.account_id, change);
        break;
      case 'set_project_restricted':
        push(unrestricts, projectKey(change.account_id, change.project_id), change);
        break;
      case 'set_account_role':
        if (change.to === 'admin') push(adminPromotions, change.account_id, change);
        break;
      case 'add_frameio_group_member':
        push(memberAdds, change.account_id, change);
        break;
    }
  }
  const at = (map: Map<string, Change[]>, key: string) => map.get(key) ?? [];
  return (change) => {
    if (!takesAway(change)) return [];
    switch (change.action) {
      case 'set_project_restricted': {
        const key = projectKey(change.account_id, change.project_id);
        const keeps = [...at(scopeGrants, key), ...at(groupGrants, key), ...at(adminPromotions, change.account_id)];
        return [...keeps, ...at(memberAdds, change.account_id)];
      }
      case 'remove_workspace_group':
      case 'set_workspace_group_role': {
        const key = workspaceOf(change.account_id, change.workspace_id);
        return [...at(scopeGrants, key), ...at(groupGrants, key), ...at(memberAdds, change.account_id)];
      }
      case 'remove_project_group':
      case 'set_project_group_role': {
        const key = projectKey(change.account_id, change.project_id);
        const gives = [...at(scopeGrants, key), ...at(groupGrants, key), ...at(unrestricts, key)];
        return [...gives, ...at(memberAdds, change.account_id)];
      }
      case 'remove_frameio_group_member': {
        const moves = [...at(accountGroupGrants, change.account_id), ...at(memberAdds, change.account_id)];
        return [...at(byUser, change.user_id), ...moves];
      }
      case 'create_frameio_group':
      case 'add_frameio_group_member':
      case 'set_account_role':
        return at(byUser, userOf(change) ?? '');
      case 'set_workspace_role':
      case 'remove_workspace_user':
        return [...at(byUser, change.user_id), ...at(groupGrants, workspaceOf(change.account_id, change.workspace_id))];
      case 'set_project_role':
      case 'remove_project_user': {
        const key = projectKey(change.account_id, change.project_id);
        return [...at(byUser, change.user_id), ...at(groupGrants, key), ...at(unrestricts, key)];
      }
    }
  };
}

/** Whether a change writes through one of the experimental endpoints (group members, group grants). */
function experimental(change: Change): boolean {
  return isExperimental(WRITE_OPERATION[writeClassOf(change)]);
}

/** Whether a change is about Frame.io groups (it needs the account's `frameio_groups` opt-in). */
function onGroups(change: Change): boolean {
  return change.action === 'create_frameio_group' || experimental(change);
}

/** An account without the experimental API in the words of the opt-in, as the plan names it. */
function unavailableWords(error: ExperimentalUnavailableError): string {
  const account = error.account === undefined ? 'this account' : `account ${error.account}`;
  return (
    `frameio_groups is an experimental Frame.io API that ${account} does not offer: ${error.method} ` +
    `${error.path} answered HTTP ${error.status}${error.detail ? ` (${error.detail})` : ''}`
  );
}

/**
 * What stops an apply on an account without the experimental API before anything was written: the
 * call that told, and the opt-in named (once something was written, the report tells it instead).
 */
export class GroupsUnavailableError extends ExperimentalUnavailableError {
  override readonly hint: string;
  constructor(cause: ExperimentalUnavailableError) {
    super('frameio_groups', cause.method, cause.path, cause.status, cause.detail);
    this.name = 'GroupsUnavailableError';
    this.message = `${unavailableWords(cause)}; apply stopped: nothing was written`;
    this.hint =
      'Remove frameio_groups from experimental: and the frameio_groups: keys of the manifest, ' +
      'or ask Frame.io to offer its experimental API to this account.';
  }
}

/** A change that failed for want of a token; why is the run's, said once at the report's end. */
const NO_TOKEN = 'no token to go on with (why: at the end)';

/** How a change waiting for a group's creation ends when the group was not made. */
const NOT_CREATED: Partial<Record<Outcome, Outcome>> = { failed: 'failed', not_started: 'not_started' };

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
        // A resumed run finds the group it made by this id.
        ...(result.group_id ? { group_id: result.group_id } : {}),
      });
    }
    if (result.outcome !== 'not_started') finished += 1;
    line.done(result.change);
    options.onResult?.(result, finished, changes.length);
  };

  const groups = new GroupWrites({
    snapshot,
    writer: options.writer,
    wrote: (cls) => {
      calls[cls] += 1;
    },
  });

  const write = async (change: UserChange | SetProjectRestricted): Promise<void> => {
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
    const stale = projectStale(shown, change);
    if (stale !== undefined || shown === GONE) return { stale: stale ?? projectGone(change) };
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

  const one = async (change: UserChange | SetProjectRestricted): Promise<ChangeResult> => {
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
    const checked = againstLive<string>(change, live, (role) => describe(change, role));
    if (checked) return checked;
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

  const go = () => !stopped && !(options.signal?.aborted ?? false);

  // Each group this plan creates, by account and name: the changes with `group_id: null` wait for it.
  const creates = new Map<string, CreateFrameioGroup>();
  for (const change of changes)
    if (change.action === 'create_frameio_group') creates.set(`${change.account_id}|${change.group_name}`, change);

  /**
   * The id of the group a change is about: its own, or (for a group this plan creates) the one its
   * creation gave, once that has finished; a result for the change when the group was not made.
   */
  const groupIdOf = async (change: Exclude<GroupChange | GroupGrantChange, CreateFrameioGroup>) => {
    if (change.group_id !== null) return change.group_id;
    const create = creates.get(`${change.account_id}|${change.group_name}`);
    if (create === undefined) {
      const detail = `the plan does not create the Frame.io group ${change.group_name} it names without an id`;
      return { change, outcome: 'failed', detail } satisfies ChangeResult;
    }
    await line.finished(create);
    // Interrupted while it waited: nothing new starts.
    if (!go()) return { change, outcome: 'not_started' } satisfies ChangeResult;
    const made = results.get(create);
    if (made?.group_id !== undefined) return made.group_id;
    const outcome = NOT_CREATED[made?.outcome ?? 'not_started'] ?? 'stale';
    if (outcome === 'not_started') return { change, outcome } satisfies ChangeResult;
    const why = made?.detail ? `: ${made.detail}` : '';
    const detail = `the Frame.io group ${change.group_name} was not created${why}`;
    return { change, outcome, detail } satisfies ChangeResult;
  };

  /** A change's outcome when it could not be run: the error in words; what stops the run stops it. */
  const failed = (change: Change, error: unknown): void => {
    // No token: its reason is the run's (said once, in the report's end), not this change's.
    const detail = isCredentialFailure(error)
      ? NO_TOKEN
      : error instanceof ExperimentalUnavailableError
        ? unavailableWords(error)
        : error instanceof ApiError
          ? error.message
          : String((error as Error).message ?? error);
    finish({ change, outcome: 'failed', detail });
    // An account without the experimental API: every other group call would answer the same.
    if (error instanceof ExperimentalUnavailableError) {
      unavailable ??= error;
      stopped = true;
    }
    // A token that stopped working, or none to be had, fails every later call too: stop instead of
    // hammering the API and IMS.
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      stopped = true;
      credentialsStopped ??= `the API refused the token (${error.method} ${error.path}: HTTP ${error.status})`;
    }
    if (isCredentialFailure(error)) {
      stopped = true;
      credentialsStopped ??= `rolesync could not get a token: ${error.message}`;
    }
  };
  let unavailable: ExperimentalUnavailableError | undefined;
  let credentialsStopped: string | undefined;

  const run = async (change: Change): Promise<ChangeResult> => {
    switch (change.action) {
      case 'create_frameio_group':
        return groups.create(change, options.journal?.done.get(changeKey(change)));
      case 'add_frameio_group_member':
        throw new Error('member adds go in batches (addLane)');
      case 'remove_frameio_group_member':
        if (change.user_id === options.selfId) {
          const detail = "this is the token's own user, which rolesync never demotes or removes";
          return { change, outcome: 'blocked', detail };
        }
        return groups.removeMember(change);
      case 'set_workspace_group_role':
      case 'remove_workspace_group':
      case 'set_project_group_role':
      case 'remove_project_group': {
        const id = await groupIdOf(change);
        return typeof id === 'string' ? groups.grant(change, id) : id;
      }
      default:
        return one(change);
    }
  };

  const worker = async (queue: Change[]): Promise<void> => {
    for (const change of queue) {
      // Lock-out safety across the lanes: grant first, then take away (a failed grant does not
      // hold the removal back: the plan wants both, and the report names the failure).
      if (takesAway(change)) await Promise.all(waitsFor(change).map(line.finished));
      if (!go()) {
        finish({ change, outcome: 'not_started' });
        continue;
      }
      const journaled = options.journal?.done.get(changeKey(change));
      // A group's creation is looked up again on resume: the changes waiting for it need its id.
      if (journaled && change.action !== 'create_frameio_group') {
        finish({
          change,
          outcome: 'resumed',
          detail: journaled.outcome === 'already' ? 'was already so' : 'applied by the interrupted run',
        });
        continue;
      }
      try {
        finish(await run(change));
      } catch (error) {
        failed(change, error);
      }
    }
  };

  /**
   * The member adds' lane: the adds of each group together (in plan order of their first add), sent
   * in batches after each user is checked; a group this plan creates is waited for.
   */
  const addLane = async (queue: AddFrameioGroupMember[]): Promise<void> => {
    const byGroup = new Map<string, AddFrameioGroupMember[]>();
    for (const change of queue) {
      const key = `${change.account_id}|${groupRef(change)}`;
      const list = byGroup.get(key);
      if (list) list.push(change);
      else byGroup.set(key, [change]);
    }
    for (const list of byGroup.values()) {
      const pending: AddFrameioGroupMember[] = [];
      for (const change of list) {
        const journaled = options.journal?.done.get(changeKey(change));
        if (!go()) finish({ change, outcome: 'not_started' });
        else if (journaled) {
          const detail = journaled.outcome === 'already' ? 'was already so' : 'applied by the interrupted run';
          finish({ change, outcome: 'resumed', detail });
        } else pending.push(change);
      }
      if (pending.length === 0) continue;
      const unfinished = () => pending.filter((change) => !results.has(change));
      try {
        const id = await groupIdOf(pending[0]!);
        if (typeof id !== 'string') {
          for (const change of pending) finish({ ...id, change });
          continue;
        }
        await groups.addMembers(pending, id, finish, {
          go,
          failed: (batch, error) => {
            for (const change of batch) failed(change, error);
          },
        });
      } catch (error) {
        // A read before any call failed: nothing was sent for these.
        for (const change of unfinished()) failed(change, error);
      }
      for (const change of unfinished()) finish({ change, outcome: 'not_started' });
    }
  };

  /**
   * An experimental listing of the account read now: one a change needs anyway (an existing group's
   * members, a scope's group grants), else any group's members, else a workspace's group grants.
   */
  const probeAccount = async (accountId: string): Promise<void> => {
    const groups = await snapshot.groups(accountId);
    for (const change of changes) {
      if (change.account_id !== accountId) continue;
      switch (change.action) {
        case 'add_frameio_group_member':
        case 'remove_frameio_group_member':
          if (change.group_id === null || !groups.has(change.group_id)) continue;
          await snapshot.groupMembers(accountId, change.group_id);
          return;
        case 'set_workspace_group_role':
        case 'remove_workspace_group':
          await snapshot.workspaceGroups(accountId, change.workspace_id);
          return;
        case 'set_project_group_role':
        case 'remove_project_group':
          if ((await snapshot.project(accountId, change.project_id)) === GONE) continue;
          await snapshot.projectGroups(accountId, change.project_id);
          return;
        default:
          continue;
      }
    }
    const [group] = groups.keys();
    if (group !== undefined) {
      await snapshot.groupMembers(accountId, group);
      return;
    }
    const [workspace] = await options.reader.listWorkspaces(accountId);
    if (workspace !== undefined) await snapshot.workspaceGroups(accountId, workspace.id);
  };

  /**
   * Before the first write (a group's creation included), for each account the plan changes Frame.io
   * groups in and whose experimental endpoints nothing read yet: one experimental listing, so an
   * account without the experimental API stops the run before anything is written.
   */
  const probe = async (): Promise<void> => {
    const accounts = new Set(changes.filter(onGroups).map((change) => change.account_id));
    for (const accountId of accounts) {
      if (snapshot.experimentalRead.has(accountId)) continue;
      try {
        await probeAccount(accountId);
      } catch (error) {
        if (error instanceof ExperimentalUnavailableError) throw new GroupsUnavailableError(error);
        // Any other failure is a change's own, told when it runs.
      }
    }
  };
  await probe();

  // One lane per endpoint class, as each has its own rate limit. Within a lane, what gives access
  // runs before what takes it away (promotions before demotions; the plan's phases, kept stable),
  // so a change waiting on another change's grant never holds up a grant behind it: no deadlock.
  // Changes on a group this plan creates wait for its creation, which waits for nothing.
  const queues = new Map<string, Change[]>();
  for (const change of [...changes].sort((a, b) => Number(takesAway(a)) - Number(takesAway(b)))) {
    const queue = queues.get(writeClassOf(change));
    if (queue) queue.push(change);
    else queues.set(writeClassOf(change), [change]);
  }
  await Promise.all(
    [...queues].map(([cls, queue]) =>
      cls === 'group_member_add' ? addLane(queue as AddFrameioGroupMember[]) : worker(queue),
    ),
  );
  // Found out only after something was written (an account with nothing to probe): the report names
  // each change, the one that told included; with nothing written, the error alone says it.
  if (unavailable !== undefined) {
    const applied = [...results.values()].filter((r) => r.outcome === 'applied').length;
    if (applied === 0) throw new GroupsUnavailableError(unavailable);
  }

  return {
    results: changes.map((change) => results.get(change)!),
    interrupted: options.signal?.aborted ?? false,
    ...(credentialsStopped !== undefined ? { stopped: credentialsStopped } : {}),
    calls,
  };
}
