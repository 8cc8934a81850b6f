// The pure diff of a resolved manifest against live state: the changes apply would make and the
// notes on what it must not or cannot touch. No I/O, no clock: the same inputs give the same plan.
import { formatPos } from '../errors.js';
import type { LiveAccountUser, LiveState, LiveUser } from '../live/types.js';
import { accountRoleRank, normalizeEmail, workspaceRoleRank } from '../roles.js';
import type { AccountRole, WorkspaceListRole, WorkspaceRole } from '../roles.js';
import { compareStrings } from './labels.js';
import { sortChanges, sortNotes } from './order.js';
import type { Resolution, ResolvedAccount, ResolvedWorkspace } from './resolved.js';
import type { Change, PlanNote } from './types.js';

export interface PlannedChanges {
  /** Sorted by `compareChanges`. */
  changes: Change[];
  /** The resolution's notes and the planner's, sorted by `compareNotes`. */
  notes: PlanNote[];
}

/** Plan every resolved account. `live` supplies the token's own user, who is never demoted. */
export function plan(desired: Resolution, live: Pick<LiveState, 'self'>): PlannedChanges {
  const changes: Change[] = [];
  const notes: PlanNote[] = [...desired.notes];
  for (const account of desired.accounts) {
    const planned = planAccount(account, live.self);
    // A loop, not push(...list): spreading tens of thousands of arguments can overflow the stack.
    for (const c of planned.changes) changes.push(c);
    for (const n of planned.notes) notes.push(n);
  }
  return { changes: sortChanges(changes), notes: sortNotes(notes) };
}

type GuardKind = 'owner_untouchable' | 'self_untouchable' | 'protected';

/** Plan one account (unsorted output; `plan` sorts). */
export function planAccount(account: ResolvedAccount, self: LiveState['self']): { changes: Change[]; notes: PlanNote[] } {
  const accountId = account.live.id;
  const changes: Change[] = [];
  const notes: PlanNote[] = [];
  const protectedEmails = new Set(account.desired.policy.protected.map(normalizeEmail));
  const listed = new Map(account.users.map((u) => [u.email, u]));
  // By id, not by email: Frame.io may list two users for one address (differing in case), and
  // resolve has already chosen which one a manifest entry means.
  const liveById = new Map(account.live.users.flatMap((u) => (u.user.id === null ? [] : [[u.user.id, u] as const])));
  const accountUserOf = (user: LiveUser): LiveAccountUser | undefined =>
    user.id !== null ? liveById.get(user.id) : account.live.users.find((u) => sameInvitation(u.user, user));

  const guard = (user: LiveUser, accountRole: AccountRole | null): GuardKind | null => {
    if (accountRole === 'owner') return 'owner_untouchable';
    if (user.id !== null && user.id === self.id) return 'self_untouchable';
    if (protectedEmails.has(normalizeEmail(user.email))) return 'protected';
    return null;
  };
  const guardReason: Record<GuardKind, string> = {
    owner_untouchable: 'is the account owner',
    self_untouchable: "is the token's own user",
    protected: 'is protected by policy.protected',
  };

  // --- account roles ---
  for (const u of account.users) {
    const from = u.live.role;
    if (from === u.role) continue;
    if (from === 'owner') {
      // The owner has every right an admin has: listing them as admin already holds.
      if (u.role === 'member') {
        notes.push({ kind: 'owner_untouchable', account_id: accountId, email: u.email, role: from, message: `${u.email} is the account owner; the owner's role is never changed (the manifest says member at ${formatPos(u.pos)})` });
      }
      continue;
    }
    if (from === 'reviewer') {
      // Reviewers come from share links; the API sets only admin and member, not from reviewer.
      notes.push({ kind: 'reviewer_untouchable', account_id: accountId, email: u.email, role: from, message: `${u.email} is a reviewer of the account (access through share links only); the API cannot change a reviewer's role, so the manifest's ${u.role} at ${formatPos(u.pos)} is not set: make them a member in Frame.io first` });
      continue;
    }
    // Invited and deactivated users were noted by resolve; they cannot or should not be written.
    if (u.live.user.id === null || u.live.user.active === false) continue;
    if (accountRoleRank(u.role) < accountRoleRank(from)) {
      const kind = guard(u.live.user, from);
      if (kind) {
        notes.push({ kind, account_id: accountId, email: u.email, role: from, message: `${u.email} ${guardReason[kind]}; not demoted from ${from} to ${u.role} (${formatPos(u.pos)})` });
        continue;
      }
    }
    changes.push({ action: 'set_account_role', account_id: accountId, user_id: u.live.user.id, email: u.email, from, to: u.role });
  }

  if (account.desired.mode === 'authoritative') {
    const unlistedAdmin = (email: string, lu: LiveAccountUser): boolean => lu.role === 'admin' && !listed.has(email);
    for (const [email, lu] of sortedByEmail(account.live.users, (lu) => lu.user, unlistedAdmin)) {
      const why = `is an admin not listed under account.users (mode: authoritative)`;
      const kind = guard(lu.user, lu.role);
      if (kind) {
        notes.push({ kind, account_id: accountId, email, role: lu.role, message: `${email} ${why} but ${guardReason[kind]}; not demoted to member` });
      } else if (lu.user.id === null) {
        notes.push({ kind: 'invited_no_id', account_id: accountId, email, role: lu.role, message: `${email} ${why} but is invited without a Frame.io account yet; cannot be demoted until they accept` });
      } else if (lu.user.active === false) {
        notes.push({ kind: 'deactivated', account_id: accountId, email, role: lu.role, message: `${email} ${why}; not removed, as the user is deactivated (rolesync leaves deactivated users as they are)` });
      } else {
        changes.push({ action: 'set_account_role', account_id: accountId, user_id: lu.user.id, email, from: 'admin', to: 'member' });
      }
    }
  }

  // Access of account admins and the owner comes from the account role, now or after this plan;
  // a workspace role written for them would be meaningless (and demotions run last anyway).
  // Judged on the changes actually planned: a promotion that cannot be written (invited,
  // deactivated) does not make anyone an admin.
  const accountTo = new Map<string, AccountRole>();
  for (const c of changes) if (c.action === 'set_account_role') accountTo.set(c.user_id, c.to);
  const adminStatus = (lu: LiveAccountUser | undefined): string | null => {
    const target = lu?.user.id ? accountTo.get(lu.user.id) : undefined;
    if (lu?.role === 'owner') return 'is the account owner';
    if (lu?.role === 'admin' && target === 'member') return 'is an account admin until this plan demotes them; plan again after the apply to set their workspace roles';
    if (lu?.role === 'admin') return 'is an account admin';
    if (target === 'admin') return 'becomes an account admin in this plan';
    return null;
  };

  for (const ws of account.workspaces) {
    planWorkspace(ws);
  }
  return { changes, notes };

  function planWorkspace(ws: ResolvedWorkspace): void {
    const where = { account_id: accountId, workspace_id: ws.live.id, workspace_name: ws.live.name };
    // The row of the very user resolve chose (by id; invitations have none, so by email).
    const rowById = new Map(ws.live.members.flatMap((m) => (m.user.id === null ? [] : [[m.user.id, m] as const])));
    const rowOf = (user: LiveUser) =>
      user.id !== null ? rowById.get(user.id) : ws.live.members.find((m) => sameInvitation(m.user, user));

    for (const u of ws.users) {
      const rowRole = rowOf(u.live.user)?.role;
      const source = `${u.role} at ${formatPos(u.pos)}${u.via ? ` via group ${u.via}` : ''}`;
      if (rowRole !== undefined && isAccountRow(rowRole)) {
        notes.push({ kind: 'account_admin_in_workspace', ...where, email: u.email, role: rowRole, message: `${u.email} is listed in ${ws.live.name} as ${rowRole}: their access comes from the account role, so the manifest's ${source} is not set` });
        continue;
      }
      const status = adminStatus(u.live);
      if (status) {
        notes.push({ kind: 'account_admin_in_workspace', ...where, email: u.email, role: rowRole ?? null, message: `${u.email} ${status}: their access to ${ws.live.name} comes from the account role, so the manifest's ${source} is not set` });
        continue;
      }
      if (u.live.user.id === null || u.live.user.active === false) continue;
      const from: WorkspaceRole | null = rowRole ?? null;
      if (from === u.role) continue;
      if (u.live.role === 'reviewer') {
        notes.push({ kind: 'reviewer_untouchable', ...where, email: u.email, role: rowRole ?? null, message: `${u.email} is a reviewer of the account (access through share links only); workspace roles need a member, so the manifest's ${source} is not set: make them a member in Frame.io first` });
        continue;
      }
      if (from !== null && workspaceRoleRank(u.role) < workspaceRoleRank(from)) {
        const kind = guard(u.live.user, u.live.role);
        if (kind) {
          notes.push({ kind, ...where, email: u.email, role: from, message: `${u.email} ${guardReason[kind]}; not downgraded in ${ws.live.name} from ${from} to ${source}` });
          continue;
        }
      }
      changes.push({ action: 'set_workspace_role', ...where, user_id: u.live.user.id, email: u.email, from, to: u.role });
    }

    if (ws.desired.mode !== 'authoritative') return;
    const wanted = new Set(ws.users.map((u) => u.email));
    // Every row of an email the manifest lists is left alone: the user it means was handled above, and
    // another user with that email (deactivated, invited) is left as it is, as resolve notes.
    for (const [email, row] of sortedByEmail(ws.live.members, (m) => m.user, (email) => !wanted.has(email))) {
      const role = row.role;
      const why = `is in ${ws.live.name} as ${role} but not in the manifest (mode: authoritative)`;
      if (isAccountRow(role)) {
        notes.push({ kind: 'account_admin_in_workspace', ...where, email, role, message: `${email} ${why}; account admins and the owner are never removed from workspaces` });
        continue;
      }
      const lu = accountUserOf(row.user);
      const status = adminStatus(lu);
      const kind = guard(row.user, lu?.role ?? null);
      if (status) {
        notes.push({ kind: 'account_admin_in_workspace', ...where, email, role, message: `${email} ${why}; not removed, as the user ${status}` });
      } else if (kind) {
        notes.push({ kind, ...where, email, role, message: `${email} ${why}; not removed, as the user ${guardReason[kind]}` });
      } else if (row.user.id === null) {
        notes.push({ kind: 'invited_no_id', ...where, email, role, message: `${email} ${why}; not removed, as the user is invited without a Frame.io account yet (possible once they accept)` });
      } else if (row.user.active === false) {
        notes.push({ kind: 'deactivated', ...where, email, role, message: `${email} ${why}; not removed, as the user is deactivated (rolesync leaves deactivated users as they are)` });
      } else {
        changes.push({ action: 'remove_workspace_user', ...where, user_id: row.user.id, email, from: role, to: null });
      }
    }
  }
}

/** Invitations have no id: two rows are the same invitation when both lack one and share the email. */
function sameInvitation(a: LiveUser, b: LiveUser): boolean {
  return a.id === null && b.id === null && normalizeEmail(a.email) === normalizeEmail(b.email);
}

/** `admin` and `owner` rows in a workspace listing stand for account admins and the owner. */
export function isAccountRow(role: WorkspaceListRole): role is 'admin' | 'owner' {
  return role === 'admin' || role === 'owner';
}

/**
 * The rows that pass `keep`, with their lower-cased email, sorted by it and then by user id (one
 * email may have two rows); filtered before sorting, since most rows are skipped.
 */
function sortedByEmail<T>(
  rows: readonly T[],
  userOf: (row: T) => LiveUser,
  keep: (email: string, row: T) => boolean,
): [string, T][] {
  const out: [string, T][] = [];
  for (const row of rows) {
    const email = normalizeEmail(userOf(row).email);
    if (keep(email, row)) out.push([email, row]);
  }
  return out.sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(userOf(a[1]).id ?? '', userOf(b[1]).id ?? ''));
}
