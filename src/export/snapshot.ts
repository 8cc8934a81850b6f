// Turns one account's live reads into the export model: what becomes a manifest entry, what a
// comment, and each workspace's mode, chosen so that planning the result against the same live
// state gives no changes. Pure.
import type { LiveAccountUser, LiveWorkspaceMember } from '../live/types.js';
import { normalizeEmail } from '../roles.js';
import { compareStrings } from '../plan/labels.js';
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

function accountLine(u: LiveAccountUser): ExportLine {
  const email = normalizeEmail(u.user.email);
  const role = u.role ?? '(none)';
  const comment = (remark: string): ExportLine => ({ email, role, listed: false, remark });
  if (!EMAIL.test(email)) return comment('not an address the manifest format accepts; rolesync cannot manage this user');
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

function workspaceLines(
  members: LiveWorkspaceMember[],
  accountUsers: Map<string, LiveAccountUser>,
): { lines: ExportLine[]; unmanageable: number } {
  let unmanageable = 0;
  const lines = members.map((m): ExportLine => {
    const email = normalizeEmail(m.user.email);
    const account = accountUsers.get(email);
    if (isAccountLevel(m.role) || isAccountLevel(account?.role)) {
      const who = account?.role === 'owner' || m.role === 'owner' ? 'the account owner' : 'an account admin';
      return { email, role: m.role, listed: false, remark: `${who}: access comes from the account role` };
    }
    if (!account || !EMAIL.test(email)) {
      unmanageable += 1;
      return { email, role: m.role, listed: false, remark: 'not a user of the account as the API lists it; rolesync cannot manage them' };
    }
    // Listed even when they cannot be written yet: under authoritative mode, leaving an invitee out
    // would remove them the first apply after they accept.
    if (account.user.id === null || m.user.id === null) return { email, role: m.role, listed: true, remark: INVITED };
    if (account.user.active === false || m.user.active === false) return { email, role: m.role, listed: true, remark: 'deactivated' };
    return { email, role: m.role, listed: true };
  });
  return { lines: lines.sort((a, b) => compareStrings(a.email, b.email)), unmanageable };
}

export function snapshotAccount(input: ExportInput): ExportModel {
  const byEmail = new Map<string, LiveAccountUser>();
  for (const u of input.users) {
    const email = normalizeEmail(u.user.email);
    if (!byEmail.has(email)) byEmail.set(email, u);
  }
  const accountUsers = [...byEmail.values()].map(accountLine).sort((a, b) => compareStrings(a.email, b.email));

  const sorted = [...input.workspaces].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  const nameCount = new Map<string, number>();
  for (const ws of sorted) nameCount.set(ws.name, (nameCount.get(ws.name) ?? 0) + 1);

  const workspaces = sorted.map((ws): ExportWorkspace => {
    const { lines, unmanageable } = workspaceLines(ws.members, byEmail);
    const remarks: string[] = [];
    const twins = (nameCount.get(ws.name) ?? 1) - 1;
    // Keys must be unique; the pinned id is what matches, so the key may differ from the name.
    const key = twins > 0 ? `${ws.name} (${ws.id})` : ws.name;
    if (twins > 0) remarks.push(`named "${ws.name}" in Frame.io, like ${twins} other workspace${twins === 1 ? '' : 's'}: the key adds the id to stay unique; the pinned id is what matches`);
    // Authoritative would plan to remove members rolesync cannot name: additive keeps the round trip.
    // With nobody to list, authoritative would only warn on every run and remove whoever is added later.
    const nobody = !lines.some((l) => l.listed);
    const mode = unmanageable > 0 || nobody ? 'additive' : 'authoritative';
    if (unmanageable > 0) remarks.push(`additive: ${unmanageable} member${unmanageable === 1 ? ' is' : 's are'} not among the account's users, and authoritative mode would remove them`);
    else if (nobody) remarks.push(`additive: nothing to list (${lines.length === 0 ? 'no members' : 'only account admins and the owner, whose access comes from the account role'}); an authoritative empty list would remove anyone added later`);
    return { id: ws.id, name: ws.name, key, mode, remarks, users: lines, groups: [] };
  });

  const activeAdmins = input.users.filter((u) => isAccountLevel(u.role) && u.user.id !== null && u.user.active !== false).length;
  return {
    accountId: input.accountId,
    accountName: input.accountName,
    accountUsers,
    groups: [],
    minAdmins: Math.min(1, activeAdmins),
    workspaces,
  };
}
