// Turns one account's live reads into the export model: what becomes a manifest entry, what a
// comment, and each workspace's mode, chosen so that planning the result against the same live
// state gives no changes. Pure.
import type { LiveAccountUser, LiveUser, LiveWorkspaceMember } from '../live/types.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { liveUsersByEmail, pickUser } from '../plan/resolve.js';
import { counted } from '../plural.js';
import type { ExportLine, ExportModel, ExportWorkspace } from './types.js';

export interface ExportInput {
  accountId: string;
  accountName: string | null;
  users: LiveAccountUser[];
  /** The exported workspaces, members read. */
  workspaces: { id: string; name: string; members: LiveWorkspaceMember[] }[];
}

// The manifest schema's email pattern: a live address it rejects cannot be a key.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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

/**
 * What a manifest key for an email would mean: the user resolve picks (plan/resolve.ts), or none when
 * two active users share it. The other users with the email become comments, never keys.
 */
interface EmailOwners {
  chosen: Map<string, LiveAccountUser>;
  /** Lower-cased email -> the active users that share it (2 or more). */
  ambiguous: Map<string, LiveAccountUser[]>;
}

function twinRemark(u: LiveAccountUser, email: string, owners: EmailOwners): string {
  const spelled = u.user.email === email ? '' : `, spelled ${u.user.email}`;
  const others = owners.ambiguous.get(email);
  if (others) {
    const ids = others.map((o) => o.user.id).join(', ');
    return (
      `one of ${others.length} active users with this email (${ids}${spelled}): ` +
      'rolesync cannot tell them apart; deactivate the extra one in Frame.io'
    );
  }
  const state = u.user.id === null ? 'invited' : u.user.active === false ? 'deactivated' : 'active';
  const chosen = owners.chosen.get(email)?.user.id ?? 'the invitation';
  return (
    `another user with this email (${u.user.id ?? 'no id'}, ${state}${spelled}): ` +
    `left as it is; in the manifest the email means ${chosen}`
  );
}

function isTwin(u: LiveUser, email: string, owners: EmailOwners): boolean {
  if (owners.ambiguous.has(email)) return true;
  const chosen = owners.chosen.get(email);
  return chosen !== undefined && (chosen.user.id !== u.id || (u.id === null && chosen.user.email !== u.email));
}

function workspaceLines(
  members: LiveWorkspaceMember[],
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
): { lines: ExportLine[]; unmanageable: number; ambiguous: number } {
  let unmanageable = 0;
  let ambiguous = 0;
  const lines = members.map((m): ExportLine => {
    const email = normalizeEmail(m.user.email);
    const account = (m.user.id !== null ? byId.get(m.user.id) : undefined) ?? owners.chosen.get(email);
    if (isAccountLevel(m.role) || isAccountLevel(account?.role)) {
      const who = account?.role === 'owner' || m.role === 'owner' ? 'the account owner' : 'an account admin';
      return { email, role: m.role, listed: false, remark: `${who}: access comes from the account role` };
    }
    if (!account || !EMAIL.test(email)) {
      unmanageable += 1;
      return {
        email,
        role: m.role,
        listed: false,
        remark: 'not a user of the account as the API lists it; rolesync cannot manage them',
      };
    }
    if (isTwin(m.user, email, owners)) {
      // Authoritative mode would remove an active member it cannot name; others it only notes.
      if (owners.ambiguous.has(email) && account.user.active !== false) ambiguous += 1;
      return { email, role: m.role, listed: false, remark: twinRemark(account, email, owners) };
    }
    // Listed even when they cannot be written yet: under authoritative mode, leaving an invitee out
    // would remove them the first apply after they accept.
    if (account.user.id === null || m.user.id === null) return { email, role: m.role, listed: true, remark: INVITED };
    if (account.user.active === false || m.user.active === false)
      return { email, role: m.role, listed: true, remark: 'deactivated' };
    return { email, role: m.role, listed: true };
  });
  return { lines: lines.sort(compareLines), unmanageable, ambiguous };
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

  const sorted = [...input.workspaces].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  const nameCount = new Map<string, number>();
  for (const ws of sorted) nameCount.set(ws.name, (nameCount.get(ws.name) ?? 0) + 1);

  const workspaces = sorted.map((ws): ExportWorkspace => {
    const { lines, unmanageable, ambiguous } = workspaceLines(ws.members, byId, owners);
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
    const mode = unmanageable > 0 || ambiguous > 0 || nobody ? 'additive' : 'authoritative';
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
    return { id: ws.id, name: ws.name, key, mode, remarks, users: lines, groups: [] };
  });

  const activeAdmins = input.users.filter(
    (u) => isAccountLevel(u.role) && u.user.id !== null && u.user.active !== false,
  ).length;
  return {
    accountId: input.accountId,
    accountName: input.accountName,
    accountUsers,
    groups: [],
    minAdmins: Math.min(1, activeAdmins),
    workspaces,
  };
}
