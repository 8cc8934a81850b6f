// The pure diff of a resolved manifest against live state: the changes apply would make and the
// notes on what it must not or cannot touch, scope by scope through the table in scopes.ts: the
// account, its Frame.io groups (creation, members, grants), its workspaces, then their listed
// projects (which inherit what the plan leaves above, and what the groups give after it).
// No I/O, no clock: the same inputs give the same plan.
import type { LiveAccountUser, LiveState } from '../live/types.js';
import { normalizeEmail } from '../compare.js';
import type { SettableAccountRole } from '../api/index.js';
import { sortChanges, sortNotes } from './order.js';
import type { Resolution, ResolvedAccount } from './resolved.js';
import { diffScopes, userIndex } from './scope.js';
import type { Inherited, ScopeContext, ScopeDiff } from './scope.js';
import { groupAccess } from './group-access.js';
import { createGroups, diffGroupGrants, diffProjectSettings, projectViews, SCOPES } from './scopes.js';
import type { Change, PlanNote } from './types.js';

export { isAccountRow } from './scopes.js';

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

/** Plan one account, its own scope first, then the scopes below it (unsorted output; `plan` sorts). */
export function planAccount(account: ResolvedAccount, self: LiveState['self']): ScopeDiff<Change> {
  const context: ScopeContext = {
    self,
    protectedEmails: new Set(account.desired.policy.protected.map(normalizeEmail)),
    accountUser: userIndex(account.live.users),
    inherited: () => null,
  };
  const changes: Change[] = [];
  const notes: PlanNote[] = [];
  const add = (diff: ScopeDiff<Change>): void => {
    for (const c of diff.changes) changes.push(c);
    for (const n of diff.notes) notes.push(n);
  };
  const top = diffScopes(SCOPES.account, account, context);
  add(top);
  for (const c of createGroups(account)) changes.push(c);
  const members = diffScopes(SCOPES.groupMembers, account, context);
  add(members);
  for (const c of diffGroupGrants(account)) changes.push(c);
  // Who has access through a group after this plan: its members and grants as the plan leaves them.
  const groups = groupAccess(account, members.changes);
  const withAccount: ScopeContext = { ...context, inherited: accessFromAccountRole(top.changes) };
  const workspaces = diffScopes(SCOPES.workspace, { account, groups }, withAccount);
  add(workspaces);
  // Projects inherit what the workspaces and the account have after this plan.
  const views = projectViews(account, workspaces.changes, context, groups);
  if (views.length === 0) return { changes, notes };
  const projects = diffScopes(SCOPES.project, views, withAccount);
  add(projects);
  add(diffProjectSettings(views, projects.changes, withAccount));
  return { changes, notes };
}

/**
 * Access of account admins and the owner comes from the account role, now or after this plan; a
 * workspace role written for them would be meaningless (and demotions run last anyway). Judged on
 * the changes actually planned: a promotion that cannot be written (invited, deactivated) does not
 * make anyone an admin.
 */
function accessFromAccountRole(accountChanges: readonly Change[]): ScopeContext['inherited'] {
  // By user id: two users may share an email (differing in case), and a change is to one of them.
  const accountTo = new Map<string, SettableAccountRole>();
  for (const c of accountChanges) if (c.action === 'set_account_role') accountTo.set(c.user_id, c.to);
  return (lu: LiveAccountUser | undefined): Inherited | null => {
    const target = lu?.user.id ? accountTo.get(lu.user.id) : undefined;
    if (lu?.role === 'owner') return 'owner';
    if (lu?.role === 'admin' && target === 'member') return 'admin_until_demoted';
    if (lu?.role === 'admin') return 'admin';
    if (target === 'admin') return 'becomes_admin';
    return null;
  };
}
