// The safety check run on every plan: numeric limits a typo must not get past. Pure.
//
// - max_removals, per workspace, against the workspace's removable members: its live rows minus
//   `admin`/`owner` rows (account admins and the owner are never removed, so counting them would let
//   a workspace lose more of the people who can be). A percent allows floor(members × percent),
//   but at least 1 when the percent is above 0, so a small team can drop one person; a percent
//   never allows removing every removable member (only a count as large, or --force, does).
//   Per project the same, against its live direct grants (inherit.ts: inherited rows do not count).
// - min_admins: active admins after the plan, the owner included, invited and deactivated users
//   not, must not be fewer than min_admins. Not overridable.
// - empty_scope: an authoritative workspace with no users and no groups that would remove members,
//   or an authoritative account with no users that would demote admins, is almost surely a mistake
//   (an emptied or truncated file). Not overridable.
// `--force` lifts max_removals only.
import type {
  LiveAccount,
  LiveProject,
  LiveState,
  LiveUser,
  LiveWorkspace,
  LiveWorkspaceMember,
} from '../live/types.js';
import type { DesiredAccount, DesiredProject, DesiredWorkspace, MaxRemovals, Manifest } from '../manifest/types.js';
import type { AccountRole } from '../api/index.js';
import { compareStrings } from '../compare.js';
import { scopeLabel } from '../names.js';
import { counted } from '../plural.js';
import { directGrants, restrictedNow } from './inherit.js';
import { isAccountRow } from './planner.js';
import { userIndex } from './scope.js';
import type { Change, Plan, PolicyVerdict, PolicyViolation, RemoveProjectUser, RemoveWorkspaceUser } from './types.js';

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
    for (const v of checkAccount(account, liveAccount, changes)) violations.push(v);
  }
  violations.sort(
    (a, b) =>
      compareStrings(a.account_id, b.account_id) ||
      compareStrings(a.workspace_name ?? '', b.workspace_name ?? '') ||
      compareStrings(a.workspace_id ?? '', b.workspace_id ?? '') ||
      compareStrings(a.project_name ?? '', b.project_name ?? '') ||
      compareStrings(a.project_id ?? '', b.project_id ?? '') ||
      compareStrings(a.rule, b.rule),
  );
  const ok = violations.every((v) => options.force === true && v.overridable);
  return { ok, violations };
}

function checkWorkspaces(account: DesiredAccount, live: LiveAccount, changes: Change[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const removals = new Map<string, RemoveWorkspaceUser[]>();
  for (const c of changes) {
    if (c.action !== 'remove_workspace_user') continue;
    const list = removals.get(c.workspace_id);
    if (list) list.push(c);
    else removals.set(c.workspace_id, [c]);
  }
  if (removals.size === 0) return violations;
  const liveById = liveWorkspacesById(live);
  const desiredOf = desiredLookup(account.workspaces);
  for (const [workspaceId, removed] of removals) {
    const lw = liveById.get(workspaceId);
    const name = removed[0]?.workspace_name ?? lw?.name ?? workspaceId;
    const where = { account_id: account.id, workspace_id: workspaceId, workspace_name: name };
    // A plan only removes read members; without them, the removals themselves are the floor.
    const members = lw?.members ? removableCount(lw.members) : removed.length;
    const message = maxRemovalsExceeded(account.policy.maxRemovals, removed.length, members, name);
    if (message) violations.push({ rule: 'max_removals', ...where, message, overridable: true });

    const dw = desiredOf(workspaceId, lw);
    if (dw && dw.mode === 'authoritative' && dw.users.length === 0 && dw.groups.length === 0) {
      violations.push({
        rule: 'empty_scope',
        ...where,
        message:
          `${name}: authoritative with no users and no groups, ` +
          `this plan would remove ${counted(removed.length, 'member')}; ` +
          `` +
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

/** max_removals per project: its removals against its live direct grants. */
function checkProjects(account: DesiredAccount, live: LiveAccount, changes: Change[]): PolicyViolation[] {
  const removals = new Map<string, RemoveProjectUser[]>();
  for (const c of changes) {
    if (c.action !== 'remove_project_user') continue;
    const list = removals.get(c.project_id);
    if (list) list.push(c);
    else removals.set(c.project_id, [c]);
  }
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
    // As for workspaces: a plan only removes read grants; without them, the removals are the floor.
    let grants = removed.length;
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
    const message = maxRemovalsExceeded(account.policy.maxRemovals, removed.length, grants, name, 'direct grant');
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
  /** What `members` counts: a workspace's members, a project's direct grants. */
  noun = 'member',
): string | null {
  const of = `${workspace}: ${counted(removals, 'removal')} of ${counted(members, noun)}`;
  const exceed = removals === 1 ? 'exceeds' : 'exceed';
  if (limit.kind === 'count') {
    return removals > limit.value ? `${of} ${exceed} max_removals ${limit.value}; pass --force to allow` : null;
  }
  const allowed = limit.value > 0 ? Math.max(1, Math.floor((members * limit.value) / 100)) : 0;
  const share = members > 0 ? Math.round((removals * 100) / members) : 100;
  if (removals > 0 && removals >= members) {
    return (
      `${of} (${share}%) would leave it with no ${noun}s; ` +
      `max_removals ${limit.value}% never allows that (set max_removals: ${removals} to allow it); ` +
      `pass --force to allow`
    );
  }
  if (removals > allowed) {
    return `${of} (${share}%) ${exceed} max_removals ${limit.value}% (${allowed}); pass --force to allow`;
  }
  return null;
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
