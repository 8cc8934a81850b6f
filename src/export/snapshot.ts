// Turns one account's live reads into the export model: what becomes a manifest entry, what a
// comment, and each workspace's and project's mode, chosen so that planning the result against the
// same live state gives no changes. Pure.
import type {
  LiveAccountUser,
  LiveGroup,
  LiveGroupGrant,
  LiveProject,
  LiveUser,
  LiveWorkspaceMember,
} from '../live/types.js';
import { workspaceRoleRank } from '../api/index.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { directGrants, restrictedNow } from '../plan/inherit.js';
import { liveUsersByEmail, pickUser } from '../plan/resolve.js';
import { userIndex } from '../plan/scope.js';
import { counted } from '../plural.js';
import { EMAIL, isTwin, twinRemark, type EmailOwners } from './emails.js';
import { frameioGroupsOf, grantLines, rankThroughGroups } from './frameio-groups.js';
import type {
  ExportFrameioGrant,
  ExportFrameioGroup,
  ExportLine,
  ExportModel,
  ExportProject,
  ExportWorkspace,
} from './types.js';

export interface ExportInput {
  accountId: string;
  accountName: string | null;
  users: LiveAccountUser[];
  /**
   * The exported workspaces, members read; `projects` (each with its users read) only with --projects;
   * `groupGrants` (and each project's) only with --groups.
   */
  workspaces: {
    id: string;
    name: string;
    members: LiveWorkspaceMember[];
    projects?: LiveProject[];
    groupGrants?: LiveGroupGrant[];
  }[];
  /**
   * With --groups: every Frame.io group of the account, the members read of each `frame` group and of
   * each synced group granted on an exported workspace or project.
   */
  groups?: LiveGroup[];
}

/** The exported Frame.io groups by id, as live lists them and as the manifest writes them. */
interface GroupIndex {
  live: Map<string, LiveGroup>;
  exported: Map<string, ExportFrameioGroup>;
}

/** A scope's group grants: its lines, how many cannot be written, and the grants that are. */
interface ScopeGrants {
  lines: ExportFrameioGrant[];
  unlistable: number;
  written: LiveGroupGrant[];
}

function scopeGrants(grants: LiveGroupGrant[] | undefined, index: GroupIndex | undefined): ScopeGrants | undefined {
  if (!index) return undefined;
  if (!grants) throw new Error('export: the group grants of an exported scope were not read');
  return grantLines(grants, index.exported);
}

function unlistableRemark(grants: ScopeGrants | undefined): string[] {
  if (!grants || grants.unlistable === 0) return [];
  return [
    `additive: ${counted(grants.unlistable, 'group grant')} cannot be listed (the comments below say why), and ` +
      'authoritative mode would remove them',
  ];
}

const INVITED = 'invited, no Frame.io account yet';
const ONLY_ADMINS = 'only account admins and the owner, whose access comes from the account role';

function accountLine(u: LiveAccountUser): ExportLine {
  const email = normalizeEmail(u.user.email);
  const role = u.role ?? '(none)';
  const comment = (remark: string): ExportLine => ({ email, role, listed: false, remark });
  if (!EMAIL.test(email))
    return comment('not an address the manifest format accepts; rolesync cannot manage this user');
  if (u.role === 'owner') return comment('the account owner: rolesync never changes the owner');
  if (u.role === 'reviewer') return comment('reviewer: the API cannot set this role; left as it is');
  if (u.role === null) return comment('no account role; left as it is');
  // Additive account: leaving these out changes nothing now, and listing them would only repeat a
  // note on every plan. Uncommenting is the reviewer's call once they can be managed.
  if (u.user.id === null) return comment(`${INVITED}: uncomment once they accept`);
  if (u.user.active === false) return comment('deactivated: left as it is; uncomment if they return');
  return { email, role, listed: true };
}

/** Account admins and the owner: their workspace access follows the account role. */
function isAccountLevel(role: string | null | undefined): boolean {
  return role === 'admin' || role === 'owner';
}

/** By email; for one email the key first, then the comments on other users with it, whatever the listing's order. */
function compareLines(a: ExportLine, b: ExportLine): number {
  return (
    compareStrings(a.email, b.email) ||
    Number(b.listed) - Number(a.listed) ||
    compareStrings(a.remark ?? '', b.remark ?? '') ||
    compareStrings(a.role, b.role)
  );
}

/** Why a row is a comment that would make an authoritative scope remove someone. */
type Unlistable = 'unmanageable' | 'ambiguous';

/** One listing row (a workspace member, or a project's direct grant) as an export line. */
function memberLine(
  m: { user: LiveUser; role: string },
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
): { line: ExportLine; why?: Unlistable } {
  const email = normalizeEmail(m.user.email);
  const account = (m.user.id !== null ? byId.get(m.user.id) : undefined) ?? owners.chosen.get(email);
  if (isAccountLevel(m.role) || isAccountLevel(account?.role)) {
    const who = account?.role === 'owner' || m.role === 'owner' ? 'the account owner' : 'an account admin';
    return { line: { email, role: m.role, listed: false, remark: `${who}: access comes from the account role` } };
  }
  if (!account || !EMAIL.test(email)) {
    const remark = 'not a user of the account as the API lists it; rolesync cannot manage them';
    return { line: { email, role: m.role, listed: false, remark }, why: 'unmanageable' };
  }
  if (isTwin(m.user, email, owners)) {
    const line: ExportLine = { email, role: m.role, listed: false, remark: twinRemark(account, email, owners) };
    // Authoritative mode would remove an active member it cannot name; others it only notes.
    return owners.ambiguous.has(email) && account.user.active !== false ? { line, why: 'ambiguous' } : { line };
  }
  // Listed even when they cannot be written yet: under authoritative mode, leaving an invitee out
  // would remove them the first apply after they accept.
  if (account.user.id === null || m.user.id === null)
    return { line: { email, role: m.role, listed: true, remark: INVITED } };
  if (account.user.active === false || m.user.active === false)
    return { line: { email, role: m.role, listed: true, remark: 'deactivated' } };
  return { line: { email, role: m.role, listed: true } };
}

function workspaceLines(
  members: LiveWorkspaceMember[],
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
): { lines: ExportLine[]; unmanageable: number; ambiguous: number } {
  let unmanageable = 0;
  let ambiguous = 0;
  const lines = members.map((m) => {
    const { line, why } = memberLine(m, byId, owners);
    if (why === 'unmanageable') unmanageable += 1;
    if (why === 'ambiguous') ambiguous += 1;
    return line;
  });
  return { lines: lines.sort(compareLines), unmanageable, ambiguous };
}

/**
 * A project's direct grants as export lines, by the planner's own rule (plan/inherit.ts): a row at
 * or below what the user inherits from the workspace (or has through a listed group grant), or an
 * admin/owner row, is no grant, so both kinds of listing (direct grants only, or with inherited
 * rows) export the same.
 */
function projectLines(
  project: LiveProject,
  members: readonly LiveWorkspaceMember[],
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
  accountUser: (user: LiveUser) => LiveAccountUser | undefined,
  throughGroups: (user: LiveUser) => number,
): ExportLine[] {
  if (!project.members) throw new Error(`export: the users of project ${project.id} were not read`);
  const workspaceRow = userIndex(members);
  const direct = directGrants(
    project.members,
    restrictedNow(project.restricted, undefined),
    (user) => accountUser(user)?.role ?? null,
    (user) => workspaceRow(user)?.role ?? null,
  );
  // Nor is a row at or below what the user has through the listed group grants (a listing may show
  // group access as a row): the planner's rule for groups.
  return direct
    .filter((row) => workspaceRoleRank(row.role) > throughGroups(row.user))
    .map((row) => {
      const email = normalizeEmail(row.user.email);
      const account = (row.user.id !== null ? byId.get(row.user.id) : undefined) ?? owners.chosen.get(email);
      // A listed reviewer is a held difference on every plan (the API cannot give them a role).
      if (account?.role === 'reviewer' && EMAIL.test(email) && !isTwin(row.user, email, owners)) {
        return { email, role: row.role, listed: false, remark: REVIEWER_GRANT };
      }
      return memberLine(row, byId, owners).line;
    })
    .sort(compareLines);
}

const REVIEWER_GRANT = 'a reviewer of the account: the API cannot set their project role; left as it is';

function projectsOf(
  ws: ExportInput['workspaces'][number],
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
  accountUser: (user: LiveUser) => LiveAccountUser | undefined,
  groups: { index: GroupIndex | undefined; workspace: ScopeGrants | undefined },
): ExportProject[] | undefined {
  if (!ws.projects) return undefined;
  const sorted = [...ws.projects].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  const nameCount = new Map<string, number>();
  for (const p of sorted) nameCount.set(p.name, (nameCount.get(p.name) ?? 0) + 1);
  return sorted.map((p): ExportProject => {
    const grants = scopeGrants(p.groupGrants, groups.index);
    // A restricted project inherits nothing from its workspace, its group grants neither.
    const reaching = [
      ...(grants?.written ?? []),
      ...(restrictedNow(p.restricted, undefined) ? [] : (groups.workspace?.written ?? [])),
    ];
    const live = groups.index?.live ?? new Map<string, LiveGroup>();
    const throughGroups = (user: LiveUser) => rankThroughGroups(user, reaching, live);
    const users = projectLines(p, ws.members, byId, owners, accountUser, throughGroups);
    const remarks: string[] = [];
    const twins = (nameCount.get(p.name) ?? 1) - 1;
    if (twins > 0)
      remarks.push(
        `named "${p.name}" in Frame.io, like ${counted(twins, 'other project')} of this workspace: the key adds ` +
          'the id to stay unique; the pinned id is what matches',
      );
    const listed = users.filter((l) => l.listed).length;
    const comments = users.length - listed;
    // As for workspaces: authoritative only when it lists every direct grant, and at least one.
    const mode = comments > 0 || listed === 0 || (grants?.unlistable ?? 0) > 0 ? 'additive' : 'authoritative';
    if (comments > 0)
      remarks.push(
        `additive: ${counted(comments, 'direct grant')} cannot be listed (the comments below say why), and ` +
          'authoritative mode would remove those of project-only collaborators',
      );
    else if (listed === 0)
      remarks.push(
        'additive: no direct grants to list; an authoritative empty list would remove any project-only ' +
          'collaborator added later',
      );
    remarks.push(...unlistableRemark(grants));
    if (p.restricted === null)
      remarks.push('Frame.io does not say whether it is restricted: restricted is left out, as it is');
    return {
      id: p.id,
      name: p.name,
      key: twins > 0 ? `${p.name} (${p.id})` : p.name,
      mode,
      restricted: p.restricted,
      remarks,
      users,
      groups: [],
      ...(grants ? { frameioGroups: grants.lines } : {}),
    };
  });
}

export function snapshotAccount(input: ExportInput): ExportModel {
  const owners: EmailOwners = { chosen: new Map(), ambiguous: new Map() };
  const accountUsers: ExportLine[] = [];
  for (const [email, rows] of liveUsersByEmail(input.users)) {
    const picked = pickUser(rows);
    if ('active' in picked) owners.ambiguous.set(email, picked.active);
    else owners.chosen.set(email, picked.user);
    for (const u of rows) {
      const line = accountLine(u);
      const twin = isTwin(u.user, email, owners);
      accountUsers.push(twin ? { email, role: line.role, listed: false, remark: twinRemark(u, email, owners) } : line);
    }
  }
  accountUsers.sort(compareLines);
  const byId = new Map(input.users.flatMap((u) => (u.user.id === null ? [] : [[u.user.id, u] as const])));
  // The planner's own lookup of a row's account user (by id; an invitation by email).
  const accountUser = userIndex(input.users);

  const frameioGroups = input.groups ? frameioGroupsOf(input.groups, byId, owners) : undefined;
  const index: GroupIndex | undefined =
    input.groups && frameioGroups
      ? {
          live: new Map(input.groups.map((g) => [g.id, g])),
          exported: new Map(frameioGroups.map((g) => [g.id, g])),
        }
      : undefined;

  const sorted = [...input.workspaces].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  const nameCount = new Map<string, number>();
  for (const ws of sorted) nameCount.set(ws.name, (nameCount.get(ws.name) ?? 0) + 1);

  const workspaces = sorted.map((ws): ExportWorkspace => {
    const { lines, unmanageable, ambiguous } = workspaceLines(ws.members, byId, owners);
    const grants = scopeGrants(ws.groupGrants, index);
    const remarks: string[] = [];
    const twins = (nameCount.get(ws.name) ?? 1) - 1;
    // Keys must be unique; the pinned id is what matches, so the key may differ from the name.
    const key = twins > 0 ? `${ws.name} (${ws.id})` : ws.name;
    if (twins > 0)
      remarks.push(
        `named "${ws.name}" in Frame.io, like ${counted(twins, 'other workspace')}: the key adds the id to stay ` +
          'unique; the pinned id is what matches',
      );
    // Authoritative would plan to remove members rolesync cannot name: additive keeps the round trip.
    // With nobody to list, authoritative would only warn on every run and remove whoever is added later.
    const nobody = !lines.some((l) => l.listed);
    const ungranted = (grants?.unlistable ?? 0) > 0;
    const mode = unmanageable > 0 || ambiguous > 0 || nobody || ungranted ? 'additive' : 'authoritative';
    if (ambiguous > 0) {
      const share = counted(ambiguous, 'member shares', 'members share');
      remarks.push(
        `additive: ${share} an email with another active user, which rolesync cannot tell apart, ` +
          'and authoritative mode would remove them',
      );
    }
    if (unmanageable > 0)
      remarks.push(
        `additive: ${counted(unmanageable, 'member is', 'members are')} not among the account's users, and ` +
          'authoritative mode would remove them',
      );
    else if (nobody && ambiguous === 0)
      remarks.push(
        `additive: nothing to list (${lines.length === 0 ? 'no members' : ONLY_ADMINS}); ` +
          'an authoritative empty list would remove anyone added later',
      );
    remarks.push(...unlistableRemark(grants));
    const projects = projectsOf(ws, byId, owners, accountUser, { index, workspace: grants });
    return {
      id: ws.id,
      name: ws.name,
      key,
      mode,
      remarks,
      users: lines,
      groups: [],
      ...(grants ? { frameioGroups: grants.lines } : {}),
      ...(projects ? { projects } : {}),
    };
  });

  const activeAdmins = input.users.filter(
    (u) => isAccountLevel(u.role) && u.user.id !== null && u.user.active !== false,
  ).length;
  return {
    accountId: input.accountId,
    accountName: input.accountName,
    accountUsers,
    groups: [],
    ...(frameioGroups ? { frameioGroups } : {}),
    minAdmins: Math.min(1, activeAdmins),
    workspaces,
  };
}
