// What a project inherits from its workspace and the account, and so which rows of a project's user
// listing are direct grants. Whether Frame.io lists inherited access there is not documented
// (frameio-api-next.md §2.5), so a row at or below what the user inherits now counts as no grant:
// a listing of direct grants only and one with inherited rows then read the same. Pure.
import { isProjectRole, isWorkspaceRole, workspaceRoleRank } from '../api/index.js';
import type { AccountRole, ProjectRole, WorkspaceListRole } from '../api/index.js';
import type { LiveProjectMember, LiveUser } from '../live/types.js';

/** A row of a project listing that is a direct grant: a project role above what the user inherits. */
export type DirectGrant = LiveProjectMember & { role: ProjectRole };

/**
 * Whether a project is read as restricted now: as live says; when live does not say (null), as the
 * manifest says, else not (Frame.io's default). Nothing is inherited from the workspace then.
 */
export function restrictedNow(live: boolean | null, desired: boolean | undefined): boolean {
  return live ?? desired ?? false;
}

/** Whether a project is restricted after this plan: the manifest's setting when it has one, else as now. */
export function restrictedAfter(live: boolean | null, desired: boolean | undefined): boolean {
  return desired ?? live ?? false;
}

/**
 * The rank a user inherits in a project now: all of it for account admins and the owner (and an
 * `admin`/`owner` workspace row, which stands for them); their workspace role unless the project is
 * restricted; else nothing.
 */
function inheritedRank(accountRole: AccountRole | null, workspaceRow: WorkspaceListRole | null, restricted: boolean) {
  if (accountRole === 'owner' || accountRole === 'admin') return Number.POSITIVE_INFINITY;
  if (restricted || workspaceRow === null) return 0;
  return isWorkspaceRole(workspaceRow) ? workspaceRoleRank(workspaceRow) : Number.POSITIVE_INFINITY;
}

/**
 * The rows of a project listing that are direct grants, in listing order: a project role above what
 * the user inherits now (`workspace_admin`, `admin` and `owner` rows never are).
 */
export function directGrants(
  members: readonly LiveProjectMember[],
  restricted: boolean,
  accountRole: (user: LiveUser) => AccountRole | null,
  workspaceRow: (user: LiveUser) => WorkspaceListRole | null,
): DirectGrant[] {
  const out: DirectGrant[] = [];
  for (const m of members) {
    if (!isProjectRole(m.role)) continue;
    const inherited = inheritedRank(accountRole(m.user), workspaceRow(m.user), restricted);
    if (workspaceRoleRank(m.role) > inherited) out.push({ user: m.user, role: m.role });
  }
  return out;
}
