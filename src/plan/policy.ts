// The safety check run on every plan: numeric limits a typo must not get past. Pure.
//
// - max_removals, per workspace, against the workspace's removable members: its live rows minus
//   `admin`/`owner` rows (account admins and the owner are never removed, so counting them would let
//   a workspace lose more of the people who can be). A percent allows floor(members × percent),
//   but at least 1 when the percent is above 0, so a small team can drop one person; a percent
//   never allows removing every removable member (only a count as large, or --force, does).
//   Per project the same, against its live direct grants (inherit.ts: inherited rows do not count).
//   A Frame.io group grant removed from a workspace or a project counts there as a removal, and its
//   live group grants count with the members. Per Frame.io group the same, its member removals
//   against its live members.
// - min_admins: active admins after the plan, the owner included, invited and deactivated users
//   not, must not be fewer than min_admins. Not overridable.
// - empty_scope: an authoritative workspace with no users and no groups (manifest or Frame.io) that
//   would remove members or group grants, an authoritative Frame.io group with no members that would
//   remove some, or an authoritative account with no users that would demote admins, is almost surely
//   a mistake (an emptied or truncated file). Not overridable.
// `--force` lifts max_removals only.
import type {
  LiveAccount,
  LiveProject,
  LiveState,
  LiveUser,
  LiveWorkspace,
  LiveWorkspaceMember,
} from '../live/types.js';
import type {
  DesiredAccount,
  DesiredFrameioGroup,
  DesiredProject,
  DesiredWorkspace,
  MaxRemovals,
  Manifest,
} from '../manifest/types.js';
import type { AccountRole } from '../api/index.js';
import { compareStrings } from '../compare.js';
import { scopeLabel } from '../names.js';
import { counted } from '../plural.js';
import { directGrants, restrictedNow } from './inherit.js';
import { isAccountRow } from './planner.js';
import { userIndex } from './scope.js';
import type {
  Change,
  Plan,
  PolicyVerdict,
  PolicyViolation,
  RemoveFrameioGroupMember,
  RemoveProjectGroup,
  RemoveProjectUser,
  RemoveWorkspaceGroup,
  RemoveWorkspaceUser,
} from './types.js';

export interface PolicyOptions {
  /** `--force`: lifts max_removals violations, nothing else. */
  force?: boolean;
}

export function checkPolicy(
  plan: Pick<Plan, 'changes'>,
  desired: Pick<Manifest, 'accounts'>,
  live: Pick<LiveState, 'accounts'>,
  options: PolicyOptions = {},
): PolicyVerdict {
  const violations: PolicyViolation[] = [];
  const liveById = new Map<string, LiveAccount>();
  for (const a of live.accounts) if (!liveById.has(a.id)) liveById.set(a.id, a);
  const changesByAccount = new Map<string, Change[]>();
  for (const c of plan.changes) {
    const list = changesByAccount.get(c.account_id);
    if (list) list.push(c);
    else changesByAccount.set(c.account_id, [c]);
  }
  for (const account of desired.accounts) {
    const liveAccount = liveById.get(account.id);
    if (!liveAccount) continue;
    const changes = changesByAccount.get(account.id) ?? [];
    for (const v of checkWorkspaces(account, liveAccount, changes)) violations.push(v);
    for (const v of checkProjects(account, liveAccount, changes)) violations.push(v);
    for (const v of checkGroups(account, liveAccount, changes)) violations.push(v);
    for (const v of checkAccount(account, liveAccount, changes)) violations.push(v);
  }
  violations.sort(
    (a, b) =>
      compareStrings(a.account_id, b.account_id) ||
      compareStrings(a.workspace_name ?? '', b.workspace_name ?? '') ||
      compareStrings(a.workspace_id ?? '', b.workspace_id ?? '') ||
      compareStrings(a.project_name ?? '', b.project_name ?? '') ||
      compareStrings(a.project_id ?? '', b.project_id ?? '') ||
      compareStrings(a.group_name ?? '', b.group_name ?? '') ||
      compareStrings(a.group_id ?? '', b.group_id ?? '') ||
      compareStrings(a.rule, b.rule),
  );
  const ok = violations.every((v) => options.force === true && v.overridable);
  return { ok, violations };
}

/** The changes of `actions` by the key `keyOf` gives, in plan order. */
function byKey<A extends Change['action'], K>(
  changes: readonly Change[],
  actions: readonly A[],
  keyOf: (c: Extract<Change, { action: A }>) => K,
): Map<K, Extract<Change, { action: A }>[]> {
  const out = new Map<K, Extract<Change, { action: A }>[]>();
  for (const c of changes) {
    if (!(actions as readonly string[]).includes(c.action)) continue;
    const change = c as Extract<Change, { action: A }>;
    const key = keyOf(change);
    const list = out.get(key);
    if (list) list.push(change);
    else out.set(key, [change]);
  }
  return out;
}

/**
 * What a workspace's or a project's removals are counted against, in words: its members (direct
 * grants), and its Frame.io group grants with them when it has some or loses some.
 */
/**
 * The group grants of a scope that count among what max_removals weighs: its live ones when the
 * manifest manages them (a `frameio_groups:` key); the read takes others too, to see access through
 * groups, but this plan never removes those. Without them read, its group removals are the floor.
 */
function managedGrants(
  desired: { frameioGroups: unknown } | undefined,
  live: readonly unknown[] | undefined,
  removals: number,
): number {
  return desired !== undefined && desired.frameioGroups !== null ? (live?.length ?? removals) : removals;
}

function nounOf(one: string, withGroups: boolean): [string, string] {
  return withGroups ? [`${one} or group grant`, `${one}s and group grants`] : [one, `${one}s`];
}

function checkWorkspaces(account: DesiredAccount, live: LiveAccount, changes: Change[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const removals = byKey<(RemoveWorkspaceUser | RemoveWorkspaceGroup)['action'], string>(
    changes,
    ['remove_workspace_user', 'remove_workspace_group'],
    (c) => c.workspace_id,
  );
  if (removals.size === 0) return violations;
  const liveById = liveWorkspacesById(live);
  const desiredOf = desiredLookup(account.workspaces);
  for (const [workspaceId, removed] of removals) {
    const lw = liveById.get(workspaceId);
    const name = removed[0]?.workspace_name ?? lw?.name ?? workspaceId;
    const where = { account_id: account.id, workspace_id: workspaceId, workspace_name: name };
    const groupRemovals = removed.filter((c) => c.action === 'remove_workspace_group').length;
    const dw = desiredOf(workspaceId, lw);
    const groupGrants = managedGrants(dw, lw?.groupGrants, groupRemovals);
    // A plan only removes read members; without them, the removals themselves are the floor.
    const members = (lw?.members ? removableCount(lw.members) : removed.length - groupRemovals) + groupGrants;
    const [one, many] = nounOf('member', groupGrants > 0);
    const message = maxRemovalsExceeded(account.policy.maxRemovals, removed.length, members, name, one, many);
    if (message) violations.push({ rule: 'max_removals', ...where, message, overridable: true });

    const noGroups = dw && dw.groups.length === 0 && (dw.frameioGroups?.length ?? 0) === 0;
    if (dw && dw.mode === 'authoritative' && dw.users.length === 0 && noGroups) {
      const users = removed.length - groupRemovals;
      const what = [
        ...(users > 0 ? [counted(users, 'member')] : []),
        ...(groupRemovals > 0 ? [counted(groupRemovals, 'group grant')] : []),
      ].join(' and ');
      violations.push({
        rule: 'empty_scope',
        ...where,
        message:
          `${name}: authoritative with no users and no groups, ` +
          `this plan would remove ${what}; ` +
          `list its members, or use mode: additive (--force does not lift this)`,
        overridable: false,
      });
    }
  }
  return violations;
}

// Looked up per removed workspace: indexes built once keep this linear in workspaces.
function liveWorkspacesById(live: LiveAccount): Map<string, LiveWorkspace> {
  const byId = new Map<string, LiveWorkspace>();
  for (const w of live.workspaces) if (!byId.has(w.id)) byId.set(w.id, w);
  return byId;
}

/**
 * The manifest entry of a live workspace or project, by resolve's rule: a pinned id matches by id,
 * an unpinned entry by the exact live name; of several matches the first in manifest order wins.
 */
function desiredLookup<D extends DesiredWorkspace | DesiredProject>(
  entries: readonly D[],
): (id: string, live: { name: string } | undefined) => D | undefined {
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  entries.forEach((w, i) => {
    if (w.id !== undefined) {
      if (!byId.has(w.id)) byId.set(w.id, i);
    } else if (!byName.has(w.name)) byName.set(w.name, i);
  });
  return (id, live) => {
    const at = Math.min(byId.get(id) ?? Infinity, live === undefined ? Infinity : (byName.get(live.name) ?? Infinity));
    return at === Infinity ? undefined : entries[at];
  };
}

/** max_removals per project: its removals against its live direct grants (and group grants). */
function checkProjects(account: DesiredAccount, live: LiveAccount, changes: Change[]): PolicyViolation[] {
  const removals = byKey<(RemoveProjectUser | RemoveProjectGroup)['action'], string>(
    changes,
    ['remove_project_user', 'remove_project_group'],
    (c) => c.project_id,
  );
  if (removals.size === 0) return [];
  const violations: PolicyViolation[] = [];
  const liveById = liveWorkspacesById(live);
  const desiredWorkspace = desiredLookup(account.workspaces);
  const accountUser = userIndex(live.users);
  // Per workspace, built once however many of its projects lose grants: a scan per project made
  // this quadratic in the projects of a workspace.
  const workspaces = new Map<string, ProjectsOf>();
  const projectsOf = (lw: LiveWorkspace): ProjectsOf => {
    let found = workspaces.get(lw.id);
    if (!found) {
      const byId = new Map<string, LiveProject>();
      for (const p of lw.projects ?? []) if (!byId.has(p.id)) byId.set(p.id, p);
      const dw = desiredWorkspace(lw.id, lw);
      const desired = dw ? desiredLookup(dw.projects) : () => undefined;
      found = { byId, desired, rowOf: userIndex(lw.members ?? []) };
      workspaces.set(lw.id, found);
    }
    return found;
  };
  for (const [projectId, removed] of removals) {
    const first = removed[0]!;
    const lw = liveById.get(first.workspace_id);
    const of = lw ? projectsOf(lw) : undefined;
    const lp = of?.byId.get(projectId);
    const groupRemovals = removed.filter((c) => c.action === 'remove_project_group').length;
    const groupGrants = managedGrants(lp ? of?.desired(lp.id, lp) : undefined, lp?.groupGrants, groupRemovals);
    // As for workspaces: a plan only removes read grants; without them, the removals are the floor.
    let grants = removed.length - groupRemovals;
    if (of && lp?.members) {
      const restricted = restrictedNow(lp.restricted, of.desired(lp.id, lp)?.restricted);
      const { rowOf } = of;
      grants = directGrants(
        lp.members,
        restricted,
        (user) => accountUser(user)?.role ?? null,
        (user) => rowOf(user)?.role ?? null,
      ).length;
    }
    const name = `project "${first.project_name}" (${first.workspace_name})`;
    const [one, many] = groupGrants > 0 ? ['direct or group grant', 'direct and group grants'] : ['direct grant'];
    const total = grants + groupGrants;
    const message = maxRemovalsExceeded(account.policy.maxRemovals, removed.length, total, name, one, many);
    if (!message) continue;
    violations.push({
      rule: 'max_removals',
      account_id: account.id,
      workspace_id: first.workspace_id,
      workspace_name: first.workspace_name,
      project_id: projectId,
      project_name: first.project_name,
      message,
      overridable: true,
    });
  }
  return violations;
}

/** A workspace's projects by id, the manifest entry of each, and the workspace row of a user. */
interface ProjectsOf {
  byId: Map<string, LiveProject>;
  desired: (id: string, live: { name: string }) => DesiredProject | undefined;
  rowOf: (user: LiveUser) => LiveWorkspaceMember | undefined;
}

/** The members a workspace may lose: its rows less the account admin and owner rows. Counted, not copied. */
function removableCount(members: readonly LiveWorkspaceMember[]): number {
  let n = 0;
  for (const m of members) if (!isAccountRow(m.role)) n += 1;
  return n;
}

/** The violation message, or null when the removals are within the limit. */
export function maxRemovalsExceeded(
  limit: MaxRemovals,
  removals: number,
  members: number,
  workspace: string,
  /** What `members` counts: a workspace's members, a project's direct grants, a group's members. */
  noun = 'member',
  nouns = `${noun}s`,
): string | null {
  const of = `${workspace}: ${counted(removals, 'removal')} of ${counted(members, noun, nouns)}`;
  const exceed = removals === 1 ? 'exceeds' : 'exceed';
  if (limit.kind === 'count') {
    return removals > limit.value ? `${of} ${exceed} max_removals ${limit.value}; pass --force to allow` : null;
  }
  const allowed = limit.value > 0 ? Math.max(1, Math.floor((members * limit.value) / 100)) : 0;
  const share = members > 0 ? Math.round((removals * 100) / members) : 100;
  if (removals > 0 && removals >= members) {
    return (
      `${of} (${share}%) would leave it with no ${nouns}; ` +
      `max_removals ${limit.value}% never allows that (set max_removals: ${removals} to allow it); ` +
      `pass --force to allow`
    );
  }
  if (removals > allowed) {
    return `${of} (${share}%) ${exceed} max_removals ${limit.value}% (${allowed}); pass --force to allow`;
  }
  return null;
}

/**
 * The manifest entry of a live Frame.io group, by resolve's rule: a pinned id matches by id, an
 * unpinned entry by the exact live name.
 */
function desiredGroup(account: DesiredAccount, id: string, name: string): DesiredFrameioGroup | undefined {
  return (
    account.frameioGroups.find((g) => g.id === id) ??
    account.frameioGroups.find((g) => g.id === undefined && g.name === name)
  );
}

/** max_removals and empty_scope per Frame.io group: its member removals against its live members. */
function checkGroups(account: DesiredAccount, live: LiveAccount, changes: Change[]): PolicyViolation[] {
  const removals = byKey<RemoveFrameioGroupMember['action'], string>(
    changes,
    ['remove_frameio_group_member'],
    (c) => c.group_id,
  );
  const violations: PolicyViolation[] = [];
  for (const [groupId, removed] of removals) {
    const lg = live.groups?.find((g) => g.id === groupId);
    const groupName = removed[0]?.group_name ?? lg?.name ?? groupId;
    const where = { account_id: account.id, group_id: groupId, group_name: groupName };
    const name = `group "${groupName}"`;
    // As for workspaces: a plan only removes read members; without them, the removals are the floor.
    const members = lg?.members?.length ?? removed.length;
    const message = maxRemovalsExceeded(account.policy.maxRemovals, removed.length, members, name);
    if (message) violations.push({ rule: 'max_removals', ...where, message, overridable: true });
    const dg = desiredGroup(account, groupId, groupName);
    if (dg && dg.mode === 'authoritative' && dg.members.length === 0 && dg.groups.length === 0) {
      violations.push({
        rule: 'empty_scope',
        ...where,
        message:
          `${name}: authoritative with no members and no groups, ` +
          `this plan would remove ${counted(removed.length, 'member')}; ` +
          `list its members, or use mode: additive (--force does not lift this)`,
        overridable: false,
      });
    }
  }
  return violations;
}

function checkAccount(account: DesiredAccount, live: LiveAccount, changes: Change[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const label = scopeLabel(live.id, live.displayName);
  // By user id: two users may share an email (differing in case), and a change is to one of them.
  const roleAfter = new Map<string, AccountRole | null>();
  let demotions = 0;
  for (const c of changes) {
    if (c.action !== 'set_account_role') continue;
    roleAfter.set(c.user_id, c.to);
    if (c.from === 'admin' && c.to === 'member') demotions += 1;
  }
  if (account.mode === 'authoritative' && account.users.length === 0 && demotions > 0) {
    violations.push({
      rule: 'empty_scope',
      account_id: account.id,
      message:
        `account ${label}: authoritative with no users, this plan would demote ${counted(demotions, 'admin')}; ` +
        `list the account's users, or use mode: additive (--force does not lift this)`,
      overridable: false,
    });
  }
  let admins = 0;
  for (const u of live.users) {
    if (u.user.id === null || u.user.active === false) continue;
    const role = roleAfter.size > 0 && roleAfter.has(u.user.id) ? roleAfter.get(u.user.id) : u.role;
    if (role === 'admin' || role === 'owner') admins += 1;
  }
  const min = account.policy.minAdmins;
  if (admins < min) {
    violations.push({
      rule: 'min_admins',
      account_id: account.id,
      message:
        `account ${label}: ${counted(admins, 'active admin')} after this plan (owner included), ` +
        `fewer than min_admins ${min}; ` +
        `` +
        `list more admins under account.users or lower policy.min_admins (--force does not lift this)`,
      overridable: false,
    });
  }
  return violations;
}
