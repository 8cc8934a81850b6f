// Binds a manifest to live state: emails to users, workspace and project keys (or pinned ids) to
// workspaces and projects, groups expanded, Frame.io groups bound (resolve-groups.ts). Every miss
// is collected and thrown at once, each naming where it was written.
import { closest } from './suggest.js';
import { ManifestError, RolesyncError, formatPos } from '../errors.js';
import type { Diagnostic, SourcePos } from '../errors.js';
import type { DesiredAccount, DesiredProject, DesiredWorkspace, Manifest } from '../manifest/types.js';
import type { LiveAccount, LiveAccountUser, LiveProject, LiveState, LiveWorkspace } from '../live/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { scopeLabel } from '../names.js';
import { workspaceRoleRank } from '../api/index.js';
import type { WorkspaceRole } from '../api/index.js';
import type {
  ReadProject,
  ReadWorkspace,
  Resolution,
  ResolvedAccount,
  ResolvedAccountUser,
  ResolvedGroupGrants,
  ResolvedGroupMember,
  ResolvedProject,
  ResolvedWorkspace,
  ResolvedWorkspaceUser,
} from './resolved.js';
import type { PlanNote } from './types.js';
import { resolveFrameioGroups, resolveGroupGrants, type GroupContext } from './resolve-groups.js';

/** Resolve every account of the manifest; throws one `ManifestError` listing every miss. */
export function resolve(manifest: Manifest, live: LiveState): Resolution {
  const diagnostics: Diagnostic[] = [];
  const notes: PlanNote[] = [];
  const accounts: ResolvedAccount[] = [];
  const liveById = new Map<string, LiveAccount>();
  // The first account with an id wins, as a linear find would.
  for (const a of live.accounts) if (!liveById.has(a.id)) liveById.set(a.id, a);
  for (const desired of manifest.accounts) {
    const liveAccount = liveById.get(desired.id);
    if (!liveAccount) {
      diagnostics.push(error(desired.pos, unknownAccountMessage(desired.id, live)));
      continue;
    }
    const resolved = resolveAccount(desired, liveAccount, diagnostics, notes);
    accounts.push(resolved);
  }
  if (diagnostics.length > 0) {
    diagnostics.sort((a, b) => comparePositions(a, b) || compareStrings(a.message, b.message));
    throw new ManifestError(diagnostics, 'the manifest does not match what Frame.io holds');
  }
  return { accounts, notes };
}

function resolveAccount(
  desired: DesiredAccount,
  live: LiveAccount,
  diagnostics: Diagnostic[],
  notes: PlanNote[],
): ResolvedAccount {
  const label = scopeLabel(live.id, live.displayName);
  const accountUsers = indexAccountUsers(live.users);
  const { single, shared } = accountUsers;
  const ambiguous = new Set<string>();
  // Takes the email normalised: callers keep that string for their entry rather than normalise twice.
  // Callers try `single` with the manifest's email first: extract.ts normalises emails, so it is the
  // key as a rule (a key is normalised, so a hit needs no normalising), and a mention costs one Map
  // read and no lower-cased copy (normalising every mention was a sixth of resolve at 50x).
  const lookup = (wanted: string, pos: SourcePos): LiveAccountUser | undefined => {
    const one = single.get(wanted);
    if (one) return one;
    const rows = shared.get(wanted);
    if (!rows) {
      const near = closest(wanted, [...single.keys(), ...shared.keys()], wanted.split('@')[0]!.length);
      const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
      diagnostics.push(
        error(
          pos,
          `${wanted} is not a user of account ${label}${hint}; check the spelling or invite them in Frame.io first`,
        ),
      );
      return undefined;
    }
    const picked = pickUser(rows);
    if ('active' in picked) {
      // Once per email, where it is first named: the fix is in Frame.io, not at each mention.
      if (!ambiguous.has(wanted)) diagnostics.push(error(pos, twoActiveMessage(wanted, picked.active, label)));
      ambiguous.add(wanted);
      return undefined;
    }
    return picked.user;
  };

  if (desired.name !== undefined && desired.name !== live.displayName) {
    notes.push({
      kind: 'account_name_mismatch',
      account_id: live.id,
      message:
        `account ${live.id} is named "${live.displayName ?? ''}" in Frame.io ` +
        `but "${desired.name}" in the manifest (${formatPos(desired.pos)}); ` +
        `` +
        `update account.name`,
    });
  }

  const users: ResolvedAccountUser[] = [];
  for (const du of desired.users) {
    let email = du.email;
    let found = single.get(email);
    if (!found) {
      email = normalizeEmail(email);
      found = lookup(email, du.pos);
    }
    if (found) users.push({ email, role: du.role, pos: du.pos, live: found });
  }

  // Group members resolved once, at their definition, so an unknown member is reported once.
  const groups: Groups = new Map();
  for (const group of desired.groups) {
    const members: GroupMember[] = [];
    for (const m of group.members) {
      let email = m.email;
      let found = single.get(email);
      if (!found) {
        email = normalizeEmail(email);
        found = lookup(email, m.pos);
      }
      if (found) members.push({ email, pos: m.pos, live: found });
    }
    groups.set(group.name, members);
  }
  const context: GroupContext = { live, label, lookup, manifestGroups: groups, diagnostics, notes };
  const frameioGroups = resolveFrameioGroups(desired, context);

  const workspaces: ResolvedWorkspace[] = [];
  const claimed = new Map<string, DesiredWorkspace>();
  const index = indexByName(live.workspaces);
  const groupGrants: ProjectsWhere['groupGrants'] = (entry, grants, scope) =>
    resolveGroupGrants(entry, grants, frameioGroups, scope, context);
  const where: ProjectsWhere = { account: live, label, single, elsewhere: undefined, groupGrants };
  for (const dw of desired.workspaces) {
    const lw = findWorkspace(dw, live, index, label, diagnostics, notes);
    if (!lw) continue;
    const earlier = claimed.get(lw.id);
    if (earlier) {
      diagnostics.push(
        error(
          dw.pos,
          `workspace "${lw.name}" (${lw.id}) is already listed as "${earlier.name}" at ${formatPos(earlier.pos)}; ` +
            `list it once`,
        ),
      );
      continue;
    }
    claimed.set(lw.id, dw);
    const users = expand(dw, groups, single, lookup, diagnostics);
    if (!lw.members) {
      // The fetch reads members of every workspace the manifest names; a gap here is a bug, and
      // planning on it would turn every desired member into an add.
      throw new RolesyncError(
        'RESOLVE_FAILED',
        `the members of workspace "${lw.name}" (${lw.id}) in account ${label} were not read; cannot plan it`,
      );
    }
    const projects = resolveProjects(dw, lw, where, groups, lookup, diagnostics, notes);
    const grants = groupGrants(dw, lw.groupGrants, `workspace "${lw.name}" (${lw.id})`);
    workspaces.push({ desired: dw, live: lw as ReadWorkspace, users, projects, groupGrants: grants });
  }

  const members = frameioGroups.list.flatMap((g) => g.members ?? []);
  for (const n of userStateNotes(live.id, users, workspaces, members, accountUsers)) notes.push(n);
  users.sort((a, b) => compareStrings(a.email, b.email));
  return { desired, live, users, workspaces, frameioGroups: frameioGroups.list };
}

type GroupMember = { email: string; pos: SourcePos; live: LiveAccountUser };
/** The manifest's groups by name, each member bound to its account user. */
type Groups = Map<string, GroupMember[]>;
type Lookup = (email: string, pos: SourcePos) => LiveAccountUser | undefined;

/** Live workspaces (or a workspace's projects) by id, by exact name and by lower-cased name, in live order. */
interface NameIndex<T extends { id: string; name: string }> {
  byId: Map<string, T>;
  byName: Map<string, T[]>;
  byLowerName: Map<string, T[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(value);
  else map.set(key, [value]);
}

// Built once per account (or workspace): a scan per desired entry made resolving quadratic.
function indexByName<T extends { id: string; name: string }>(list: readonly T[]): NameIndex<T> {
  const index: NameIndex<T> = { byId: new Map(), byName: new Map(), byLowerName: new Map() };
  for (const w of list) {
    if (!index.byId.has(w.id)) index.byId.set(w.id, w);
    push(index.byName, w.name, w);
    push(index.byLowerName, w.name.toLowerCase(), w);
  }
  return index;
}

/** `(did you mean "Marketing"? names are case-sensitive)`, a typo's nearest names, or ''. */
function nameHint<T extends { id: string; name: string }>(wanted: string, index: NameIndex<T>): string {
  const sameButCase = (index.byLowerName.get(wanted.toLowerCase()) ?? []).map((w) => `"${w.name}"`);
  if (sameButCase.length > 0) {
    return ` (did you mean ${sameButCase.sort(compareStrings).join(' or ')}? names are case-sensitive)`;
  }
  const typo = closest(wanted, index.byName.keys()).map((name) => `"${name}"`);
  return typo.length > 0 ? ` (did you mean ${typo.join(' or ')}?)` : '';
}

function findWorkspace(
  dw: DesiredWorkspace,
  live: LiveAccount,
  index: NameIndex<LiveWorkspace>,
  label: string,
  diagnostics: Diagnostic[],
  notes: PlanNote[],
): LiveWorkspace | undefined {
  if (dw.id !== undefined) {
    const pinned = index.byId.get(dw.id);
    if (!pinned) {
      diagnostics.push(
        error(
          dw.pos,
          `workspace id ${dw.id} ("${dw.name}") is not a workspace of account ${label}; ` +
            `check the id, or remove it to match by name`,
        ),
      );
      return undefined;
    }
    // `Name (id)` is how export keys workspaces that share a name: not a rename.
    if (pinned.name !== dw.name && dw.name !== `${pinned.name} (${pinned.id})`) {
      notes.push({
        kind: 'workspace_renamed',
        account_id: live.id,
        workspace_id: pinned.id,
        workspace_name: pinned.name,
        message:
          `workspace ${pinned.id} is named "${pinned.name}" in Frame.io ` +
          `but "${dw.name}" in the manifest (${formatPos(dw.pos)}); ` +
          `` +
          `matched by its pinned id, rename the key to "${pinned.name}"`,
      });
    }
    return pinned;
  }
  const candidates = index.byName.get(dw.name) ?? [];
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    const ids = candidates.map((w) => w.id).sort(compareStrings);
    diagnostics.push(
      error(
        dw.pos,
        `workspace name "${dw.name}" is ambiguous in account ${label}: ` +
          `${ids.length} workspaces have it (${ids.join(', ')}); ` +
          `` +
          `pin it with id: ${ids.join(' or ')}`,
      ),
    );
    return undefined;
  }
  diagnostics.push(
    error(
      dw.pos,
      `workspace "${dw.name}" does not exist in account ${label}${nameHint(dw.name, index)}; ` +
        `check the name as Frame.io shows it, or pin it with id:`,
    ),
  );
  return undefined;
}

/** What resolving a workspace's projects needs of its account. */
interface ProjectsWhere {
  account: LiveAccount;
  label: string;
  /** The account's users by email, for `expand`. */
  single: AccountUsers['single'];
  /** Where each project id and name of the account's read workspaces is: built on the first miss. */
  elsewhere: { byId: Map<string, LiveWorkspace[]>; byName: Map<string, LiveWorkspace[]> } | undefined;
  /** A scope's Frame.io group grants bound to the account's groups (`resolveGroupGrants`). */
  groupGrants: (
    entry: DesiredWorkspace | DesiredProject,
    live: LiveWorkspace['groupGrants'],
    scope: string,
  ) => ResolvedGroupGrants | null;
}

/** The read workspaces other than `lw` holding a project of this id or name, sorted by name and id. */
function projectElsewhere(where: ProjectsWhere, lw: LiveWorkspace, key: 'byId' | 'byName', value: string): string[] {
  if (!where.elsewhere) {
    const found = { byId: new Map<string, LiveWorkspace[]>(), byName: new Map<string, LiveWorkspace[]>() };
    for (const w of where.account.workspaces) {
      for (const p of w.projects ?? []) {
        push(found.byId, p.id, w);
        push(found.byName, p.name, w);
      }
    }
    where.elsewhere = found;
  }
  const others = (where.elsewhere[key].get(value) ?? []).filter((w) => w.id !== lw.id);
  const unique = [...new Map(others.map((w) => [w.id, w])).values()];
  unique.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  return unique.map((w) => `"${w.name}" (${w.id})`);
}

function resolveProjects(
  dw: DesiredWorkspace,
  lw: LiveWorkspace,
  where: ProjectsWhere,
  groups: Groups,
  lookup: Lookup,
  diagnostics: Diagnostic[],
  notes: PlanNote[],
): ResolvedProject[] {
  if (dw.projects.length === 0) return [];
  const { label } = where;
  if (!lw.projects) {
    // The fetch lists the projects of every workspace that lists some; planning without them
    // would report every listed project as unknown.
    throw new RolesyncError(
      'RESOLVE_FAILED',
      `the projects of workspace "${lw.name}" (${lw.id}) in account ${label} were not read; cannot plan them`,
    );
  }
  const index = indexByName(lw.projects);
  const claimed = new Map<string, DesiredProject>();
  const resolved: ResolvedProject[] = [];
  for (const dp of dw.projects) {
    const lp = findProject(dp, lw, index, where, diagnostics, notes);
    if (!lp) continue;
    const earlier = claimed.get(lp.id);
    if (earlier) {
      diagnostics.push(
        error(
          dp.pos,
          `project "${lp.name}" (${lp.id}) of workspace "${lw.name}" is already listed as "${earlier.name}" at ` +
            `${formatPos(earlier.pos)}; list it once`,
        ),
      );
      continue;
    }
    claimed.set(lp.id, dp);
    const users = expand(dp, groups, where.single, lookup, diagnostics);
    if (!lp.members) {
      // As for workspaces: without its users every desired grant would look like an add.
      throw new RolesyncError(
        'RESOLVE_FAILED',
        `the users of project "${lp.name}" (${lp.id}) in workspace "${lw.name}" of account ${label} were not read; ` +
          'cannot plan it',
      );
    }
    const grants = where.groupGrants(dp, lp.groupGrants, `project "${lp.name}" (${lp.id}) in workspace "${lw.name}"`);
    resolved.push({ desired: dp, live: lp as ReadProject, users, groupGrants: grants });
  }
  return resolved;
}

function findProject(
  dp: DesiredProject,
  lw: LiveWorkspace,
  index: NameIndex<LiveProject>,
  where: ProjectsWhere,
  diagnostics: Diagnostic[],
  notes: PlanNote[],
): LiveProject | undefined {
  const { label } = where;
  const inWorkspace = `workspace "${lw.name}" of account ${label}`;
  if (dp.id !== undefined) {
    const pinned = index.byId.get(dp.id);
    if (!pinned) {
      const others = projectElsewhere(where, lw, 'byId', dp.id);
      diagnostics.push(
        error(
          dp.pos,
          others.length > 0
            ? `project id ${dp.id} ("${dp.name}") is not a project of ${inWorkspace} but of workspace ` +
                `${others.join(' and ')}; list it under that workspace, or fix the id`
            : `project id ${dp.id} ("${dp.name}") is not a project of ${inWorkspace}; check the id, or remove it ` +
                'to match by name',
        ),
      );
      return undefined;
    }
    // `Name (id)` is how export keys projects that share a name: not a rename.
    if (pinned.name !== dp.name && dp.name !== `${pinned.name} (${pinned.id})`) {
      notes.push({
        kind: 'project_renamed',
        account_id: where.account.id,
        workspace_id: lw.id,
        workspace_name: lw.name,
        project_id: pinned.id,
        project_name: pinned.name,
        message:
          `project ${pinned.id} in workspace "${lw.name}" is named "${pinned.name}" in Frame.io but "${dp.name}" in ` +
          `the manifest (${formatPos(dp.pos)}); matched by its pinned id, rename the key to "${pinned.name}"`,
      });
    }
    return pinned;
  }
  const candidates = index.byName.get(dp.name) ?? [];
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    const ids = candidates.map((p) => p.id).sort(compareStrings);
    diagnostics.push(
      error(
        dp.pos,
        `project name "${dp.name}" is ambiguous in ${inWorkspace}: ${ids.length} projects have it ` +
          `(${ids.join(', ')}); pin it with id: ${ids.join(' or ')}`,
      ),
    );
    return undefined;
  }
  const others = projectElsewhere(where, lw, 'byName', dp.name);
  diagnostics.push(error(dp.pos, unknownProjectMessage(dp.name, inWorkspace, others, index)));
  return undefined;
}

/** A project name the workspace does not have: where else it is (of the read workspaces), or the nearest names. */
function unknownProjectMessage(
  name: string,
  inWorkspace: string,
  others: readonly string[],
  index: NameIndex<LiveProject>,
): string {
  if (others.length === 1) {
    return (
      `project "${name}" is not in ${inWorkspace} but in workspace ${others[0]}; ` +
      'list it under that workspace, or check the name'
    );
  }
  if (others.length > 1) {
    return (
      `project "${name}" is not in ${inWorkspace} but in workspaces ${others.join(' and ')}; ` +
      'list it under the one you mean, or check the name'
    );
  }
  return (
    `project "${name}" does not exist in ${inWorkspace}${nameHint(name, index)}; ` +
    'check the name as Frame.io shows it, or pin it with id:'
  );
}

/** The grants of a workspace or project: each email once, with the role that wins and where it was written. */
function expand<Role extends WorkspaceRole>(
  entry: {
    users: readonly { email: string; role: Role; pos: SourcePos }[];
    groups: readonly { group: string; role: Role; pos: SourcePos }[];
  },
  groups: Groups,
  single: AccountUsers['single'],
  lookup: Lookup,
  diagnostics: Diagnostic[],
): Expanded<Role>[] {
  const direct: Expanded<Role>[] = [];
  for (const du of entry.users) {
    // As in resolveAccount: the manifest's email is the key as a rule.
    let email = du.email;
    let found = single.get(email);
    if (!found) {
      email = normalizeEmail(email);
      found = lookup(email, du.pos);
    }
    if (found) direct.push({ email, role: du.role, pos: du.pos, via: null, live: found });
  }
  // Most entries name no group: no Map per workspace then, only the sort the result needs anyway.
  if (entry.groups.length === 0) return lastOfEach(direct.sort((a, b) => compareStrings(a.email, b.email)));
  const effective = new Map<string, Expanded<Role>>();
  for (const grant of direct) effective.set(grant.email, grant);
  for (const dg of entry.groups) {
    const members = groups.get(dg.group);
    if (!members) {
      diagnostics.push(error(dg.pos, `group "${dg.group}" is not defined under groups:; define it or fix the name`));
      continue;
    }
    for (const m of members) {
      const current = effective.get(m.email);
      if (current && current.via === null) continue;
      if (current && !groupBeats(dg.role, dg.group, current)) continue;
      effective.set(m.email, { email: m.email, role: dg.role, pos: dg.pos, via: dg.group, live: m.live });
    }
  }
  return [...effective.values()].sort((a, b) => compareStrings(a.email, b.email));
}

/** A list sorted (stably) by email with each email's last entry only: a later mention wins, as in a Map. */
function lastOfEach<T extends { email: string }>(sorted: T[]): T[] {
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i + 1]?.email === sorted[i]!.email) continue;
    sorted[kept++] = sorted[i]!;
  }
  sorted.length = kept;
  return sorted;
}

/** A resolved grant of a workspace or project (`ResolvedWorkspaceUser`, `ResolvedProjectUser`). */
type Expanded<Role extends WorkspaceRole> = Omit<ResolvedWorkspaceUser, 'role'> & { role: Role };

/** Between groups the higher role wins; on equal roles the smaller group name, so order never matters. */
function groupBeats(role: WorkspaceRole, group: string, current: Expanded<WorkspaceRole>): boolean {
  const diff = workspaceRoleRank(role) - workspaceRoleRank(current.role);
  if (diff !== 0) return diff > 0;
  return compareStrings(group, current.via ?? '') < 0;
}

/** The live account users by lower-cased email: Frame.io may list several for one address (differing in case). */
export function liveUsersByEmail(users: readonly LiveAccountUser[]): Map<string, LiveAccountUser[]> {
  const byEmail = new Map<string, LiveAccountUser[]>();
  for (const u of users) {
    const email = normalizeEmail(u.user.email);
    const rows = byEmail.get(email);
    if (rows) rows.push(u);
    else byEmail.set(email, [u]);
  }
  return byEmail;
}

/**
 * The same users split for resolve's lookups, one per mention of the manifest: an email listed once
 * maps straight to its user, with no list to visit (the rare shared ones are apart).
 */
interface AccountUsers {
  /** The user of each email Frame.io lists once. */
  single: Map<string, LiveAccountUser>;
  /** The rows of each email Frame.io lists more than once (differing in case), in live order. */
  shared: Map<string, LiveAccountUser[]>;
  /** The emails `userStateNotes` reports on: shared, or invited or deactivated. Few, usually none. */
  noteworthy: Set<string>;
}

function indexAccountUsers(users: readonly LiveAccountUser[]): AccountUsers {
  const single = new Map<string, LiveAccountUser>();
  const shared = new Map<string, LiveAccountUser[]>();
  const noteworthy = new Set<string>();
  // One Map write per user: an account lists each email once as a rule, and the Map's size says
  // whether it did (three lookups per user were a third of resolve's hash operations at 50x).
  for (const u of users) {
    const email = normalizeEmail(u.user.email);
    single.set(email, u);
    if (!isWritableUser(u)) noteworthy.add(email);
  }
  if (single.size === users.length) return { single, shared, noteworthy };
  // Some email is listed more than once: gather every row of each, in live order, and move the
  // emails with several rows out of `single`.
  for (const u of users) push(shared, normalizeEmail(u.user.email), u);
  for (const [email, rows] of shared) {
    if (rows.length === 1) shared.delete(email);
    else {
      single.delete(email);
      noteworthy.add(email);
    }
  }
  return { single, shared, noteworthy };
}

/** A user rolesync may write: has a Frame.io account (an id) and is not deactivated. */
export function isWritableUser(u: LiveAccountUser): boolean {
  return u.user.id !== null && u.user.active !== false;
}

/**
 * The one live user an email of the manifest means, of the rows Frame.io lists for it: the active
 * one; with none active, an invitation (it may become the user) before a deactivated user, then the
 * smallest id, so the choice never depends on the listing's order. Two active users are ambiguous.
 */
export function pickUser(rows: readonly LiveAccountUser[]): { user: LiveAccountUser } | { active: LiveAccountUser[] } {
  if (rows.length === 1) return { user: rows[0]! };
  const active = rows.filter(isWritableUser);
  if (active.length > 1)
    return { active: [...active].sort((a, b) => compareStrings(a.user.id ?? '', b.user.id ?? '')) };
  if (active.length === 1) return { user: active[0]! };
  const rank = (u: LiveAccountUser): number => (u.user.id === null ? 0 : 1);
  const sorted = [...rows].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareStrings(a.user.id ?? '', b.user.id ?? '') ||
      compareStrings(a.user.email, b.user.email),
  );
  return { user: sorted[0]! };
}

function twoActiveMessage(email: string, active: readonly LiveAccountUser[], label: string): string {
  const users = active.map((u) => `${u.user.id} (${u.user.email})`).join(' and ');
  return (
    `${email} matches ${active.length} active users of account ${label}: ${users}; ` +
    'rolesync cannot tell which one the manifest means. ' +
    'Deactivate or remove the extra user in Frame.io (an email should belong to one active user), then plan again'
  );
}

/**
 * One note per desired user (of the account, a workspace, a project or a Frame.io group's members)
 * who is invited (no id) or deactivated, and one per other user Frame.io lists for the same email
 * (left as it is), at the first place the email is named.
 */
function userStateNotes(
  accountId: string,
  users: ResolvedAccountUser[],
  workspaces: ResolvedWorkspace[],
  groupMembers: readonly ResolvedGroupMember[],
  { shared, noteworthy }: AccountUsers,
): PlanNote[] {
  // Without such users there is nothing to report, and no need to walk every mention.
  if (noteworthy.size === 0) return [];
  const first = new Map<string, { live: LiveAccountUser; pos: SourcePos }>();
  const mention = (m: { email: string; pos: SourcePos; live: LiveAccountUser }): void => {
    // Only these need bookkeeping: invited, deactivated, or sharing the email with another user.
    if (!noteworthy.has(m.email)) return;
    const seen = first.get(m.email);
    if (!seen || comparePositions(m, seen) < 0) first.set(m.email, { live: m.live, pos: m.pos });
  };
  for (const u of users) mention(u);
  for (const w of workspaces) {
    for (const u of w.users) mention(u);
    for (const p of w.projects) for (const u of p.users) mention(u);
  }
  for (const m of groupMembers) mention(m);
  const notes: PlanNote[] = [];
  for (const [email, { live, pos }] of first) {
    if (live.user.id === null) {
      notes.push({
        kind: 'invited_no_id',
        account_id: accountId,
        email,
        role: live.role,
        message:
          `${email} (${formatPos(pos)}) is invited but has no Frame.io account yet; ` +
          `their roles cannot be set until they accept the invite`,
      });
    } else if (live.user.active === false) {
      notes.push({
        kind: 'deactivated',
        account_id: accountId,
        email,
        role: live.role,
        message:
          `${email} (${formatPos(pos)}) is deactivated in Frame.io; ` +
          `rolesync leaves the roles of deactivated users as they are`,
      });
    }
    // An email listed once has no other row than `live` itself.
    for (const other of shared.get(email) ?? []) {
      if (other === live) continue;
      const used = live.user.id === null ? `the invitation ${live.user.email}` : `${live.user.id} (${live.user.email})`;
      const what =
        other.user.id === null
          ? `an invitation (${other.user.email}) without a Frame.io account`
          : `the deactivated user ${other.user.id} (${other.user.email})`;
      notes.push({
        kind: other.user.id === null ? 'invited_no_id' : 'deactivated',
        account_id: accountId,
        email,
        role: other.role,
        message:
          `${email} (${formatPos(pos)}) also matches ${what}; ` +
          `the manifest applies to ${used}, and the other is left as it is`,
      });
    }
  }
  return notes;
}

function unknownAccountMessage(id: string, live: LiveState): string {
  const visible = live.accounts.map((a) => scopeLabel(a.id, a.displayName)).sort(compareStrings);
  const list = visible.length > 0 ? `; the token can see ${visible.join(', ')}` : '; the token can see no accounts';
  return `account ${id} is not an account this token can see${list}; check account.id`;
}

function error(pos: SourcePos, message: string): Diagnostic {
  return { severity: 'error', pos, message };
}

function comparePositions(a: { pos: SourcePos }, b: { pos: SourcePos }): number {
  return compareStrings(a.pos.file, b.pos.file) || a.pos.line - b.pos.line || a.pos.col - b.pos.col;
}
