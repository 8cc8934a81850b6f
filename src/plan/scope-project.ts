// The project scope: each user's direct grant in a project, on top of what the workspace and the
// account give (a table entry of SCOPES, scopes.ts), and the `restricted` setting beside it.
import { formatPos } from '../errors.js';
import type { LiveAccountUser, LiveUser } from '../live/types.js';
import { isProjectRole, PROJECT_ROLES, workspaceRoleRank } from '../api/index.js';
import type {
  AccountRole,
  ProjectListRole,
  ProjectRole,
  WorkspaceListRole,
  WorkspaceRole,
  WriteClass,
} from '../api/index.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import { counted } from '../plural.js';
import type { GroupAccess } from './group-access.js';
import { endedGroupIds, liveGroupIds } from './scope-group-grants.js';
import { directGrants, restrictedAfter, restrictedNow } from './inherit.js';
import type { DirectGrant } from './inherit.js';
import type { ResolvedAccount, ResolvedProject, ResolvedWorkspace } from './resolved.js';
import { userIndex } from './scope.js';
import type { Above, ScopeContext, ScopeDiff, ScopeSpec, Through, UnlistedFact } from './scope.js';
import type { Change, PlanNote, RemoveProjectUser, SetProjectRestricted, SetProjectRole } from './types.js';
import {
  endedByEmail,
  expiredRow,
  grant,
  groupsNamed,
  heldDowngrade,
  inheritedReason,
  notRemoved,
  source,
} from './scope-words.js';
import { isAccountRow } from './scope-workspace.js';

type ProjectRoles = { live: ProjectListRole; written: ProjectRole; desired: ProjectRole };
type ProjectAt = {
  account_id: string;
  workspace_id: string;
  workspace_name: string;
  project_id: string;
  project_name: string;
};

/**
 * A listed project as the project diffs read it, with what this plan does to its workspace and
 * account: built once by `projectViews`, shared by the grants (PROJECT_SCOPE) and the setting
 * (`diffProjectSettings`).
 */
export interface ProjectView {
  at: ProjectAt;
  /** For sentences: `project "Spring" (Marketing)`. */
  name: string;
  project: ResolvedProject;
  workspace: ResolvedWorkspace;
  /** Restricted after this plan: nothing comes from the workspace then. */
  restrictedAfter: boolean;
  /** The live rows that are direct grants (inherit.ts), in listing order. */
  direct: DirectGrant[];
  /** The user's workspace role after this plan; null: none (not a member then, or an account row). */
  workspaceRoleAfter(user: LiveUser): WorkspaceRole | null;
  /** Whether the user is a member of the workspace after this plan (an account row counts). */
  memberAfter(user: LiveUser): boolean;
  /**
   * The role the user gets in the project through Frame.io group grants after this plan: the
   * project's, and the workspace's unless the project is restricted after it; null: none.
   */
  throughGroups(user: LiveUser): Through | null;
  /** The same through the project's own group grants only (what a restriction leaves). */
  throughProjectGroups(user: LiveUser): Through | null;
}

/** What the workspace diff decided per user of one workspace, by user id: the role set, or null removed. */
type WorkspaceOutcome = Map<string, WorkspaceRole | null>;

/**
 * The listed projects of an account with what they inherit, after the workspace diff:
 * `workspaceChanges` are the changes it planned (other changes are passed over); `groups`: what
 * Frame.io groups give after this plan.
 */
export function projectViews(
  account: ResolvedAccount,
  workspaceChanges: readonly Change[],
  ctx: Pick<ScopeContext, 'accountUser'>,
  groups: GroupAccess,
): ProjectView[] {
  const views: ProjectView[] = [];
  if (!account.workspaces.some((w) => w.projects.length > 0)) return views;
  const outcomes = new Map<string, WorkspaceOutcome>();
  for (const c of workspaceChanges) {
    if (c.action !== 'set_workspace_role' && c.action !== 'remove_workspace_user') continue;
    const outcome = outcomes.get(c.workspace_id) ?? new Map<string, WorkspaceRole | null>();
    outcomes.set(c.workspace_id, outcome);
    outcome.set(c.user_id, c.to);
  }
  const accountRole = (user: LiveUser): AccountRole | null => ctx.accountUser(user)?.role ?? null;
  for (const workspace of account.workspaces) {
    if (workspace.projects.length === 0) continue;
    const rowOf = userIndex(workspace.live.members);
    const liveRow = (user: LiveUser): WorkspaceListRole | null => rowOf(user)?.role ?? null;
    const outcome = outcomes.get(workspace.live.id);
    // A change decides for the user it writes (by id); everyone else keeps their live row.
    const decided = (user: LiveUser): WorkspaceRole | null | undefined =>
      user.id !== null && outcome?.has(user.id) ? outcome.get(user.id) : undefined;
    const workspaceRoleAfter = (user: LiveUser): WorkspaceRole | null => {
      const set = decided(user);
      if (set !== undefined) return set;
      const row = liveRow(user);
      return row === null || isAccountRow(row) ? null : row;
    };
    const memberAfter = (user: LiveUser): boolean => {
      const set = decided(user);
      return set !== undefined ? set !== null : liveRow(user) !== null;
    };
    const idOf = liveGroupIds(account);
    const workspaceGroups = groups.grantsAfter(
      workspace.groupGrants,
      workspace.live.groupGrants,
      endedGroupIds(workspace.desired.endedGroupGrants, idOf),
    );
    for (const project of workspace.projects) {
      const { live, desired } = project;
      const restricted = restrictedAfter(live.restricted, desired.restricted);
      const projectGroups = groups.grantsAfter(
        project.groupGrants,
        live.groupGrants,
        endedGroupIds(desired.endedGroupGrants, idOf),
      );
      // A restricted project takes nothing from its workspace, its group grants included.
      const allGroups = restricted ? projectGroups : [...projectGroups, ...workspaceGroups];
      views.push({
        at: {
          account_id: account.live.id,
          workspace_id: workspace.live.id,
          workspace_name: workspace.live.name,
          project_id: live.id,
          project_name: live.name,
        },
        name: `project "${live.name}" (${workspace.live.name})`,
        project,
        workspace,
        restrictedAfter: restricted,
        direct: directGrants(live.members, restrictedNow(live.restricted, desired.restricted), accountRole, liveRow),
        workspaceRoleAfter,
        memberAfter,
        throughGroups: (user) => groups.through(allGroups, user),
        throughProjectGroups: (user) => groups.through(projectGroups, user),
      });
    }
  }
  return views;
}

function unlistedGrant(f: UnlistedFact<ProjectRoles>): string {
  if (f.ended) return expiredRow(f, `has ${f.live}`);
  return (
    `${f.email} has ${f.live} in ${f.scope} but is neither listed for it nor a member of its workspace ` +
    '(mode: authoritative)'
  );
}

type ProjectChange = SetProjectRole | RemoveProjectUser;

/**
 * What a listed grant in a project has below it after this plan: the workspace role (unless the
 * project is restricted then) or, when higher, the role through Frame.io group grants; null: nothing.
 */
function aboveOf(view: ProjectView, user: LiveUser): Above | null {
  const role = view.restrictedAfter ? null : view.workspaceRoleAfter(user);
  const through = view.throughGroups(user);
  const rank = role === null ? 0 : workspaceRoleRank(role);
  if (through !== null && through.rank > rank) return { role: through.role, rank: through.rank, via: through.via };
  return role === null ? null : { role, rank };
}

/**
 * A project's direct grants. Its rows are the live direct grants only (inherit.ts); its unlisted
 * rows are those of project-only collaborators (not members of the workspace after this plan):
 * access from the workspace is never taken away through a project. Account admins and the owner are
 * never written (`inherited`); a grant at or below the workspace role, or the role Frame.io groups
 * give, adds nothing (`covered`); a row at or below the groups' role is access through a group, not a
 * direct grant to remove (`through_group`). So a listing with group access in it and one of direct
 * grants only plan alike.
 */
export const PROJECT_SCOPE: ScopeSpec<ProjectRoles, ProjectAt, readonly ProjectView[], ProjectChange> = {
  roles: PROJECT_ROLES,
  rank: workspaceRoleRank,
  writable: isProjectRole,
  inputs: (views) =>
    views.map((view) => {
      const rowOf = userIndex(view.direct);
      const desired = view.project.users.map((u) => grant<ProjectRoles>(u, u.via, rowOf(u.live.user)));
      const ended = endedByEmail(view.project.desired.ended);
      // A direct grant that ended is taken away from a workspace member too: it is a grant above what
      // the workspace gives (inherit.ts), and the workspace access stays.
      const rows = view.direct.filter(
        (row) => !view.memberAfter(row.user) || ended?.has(normalizeEmail(row.user.email)) === true,
      );
      return {
        ...(ended ? { ended } : {}),
        at: view.at,
        name: view.name,
        mode: view.project.desired.mode,
        desired,
        rows,
        above: (user: LiveAccountUser) => aboveOf(view, user.user),
        throughGroup: (user: LiveUser) => view.throughGroups(user),
      };
    }),
  listed: [
    {
      check: 'inherited',
      says: (f, from) =>
        `${f.email} ${inheritedReason(from, 'project roles')}: they see ${f.scope} through the account role, ` +
        `so the manifest's ${source(f)} is not set`,
    },
    { check: 'not_writable' },
    {
      check: 'covered',
      says: (f, above) =>
        above.via
          ? `${f.email} gets ${above.role} in ${f.scope} through ${groupsNamed(above.via)} after this plan, so the ` +
            `manifest's ${source(f)} has no effect and is not written (a project grant counts only above what the ` +
            "user's groups give)"
          : `${f.email} gets ${above.role} in ${f.scope} from the workspace, so the manifest's ${source(f)} has no ` +
            'effect and is not written (a project grant counts only above the workspace role, or in a restricted ' +
            'project)',
    },
    // As in a workspace: a grant live already has is in sync, whoever holds it.
    { check: 'unchanged' },
    {
      check: 'reviewer',
      says: (f) =>
        `${f.email} is a reviewer of the account (access through share links only); project roles need a member, ` +
        `so the manifest's ${source(f)} in ${f.scope} is not set: make them a member in Frame.io first`,
    },
    heldDowngrade(),
  ],
  unlisted: {
    // The scope's rows are already the project-only collaborators' direct grants.
    takes: () => true,
    checks: [...notRemoved(unlistedGrant, 'project roles')],
  },
  set: (at, who, from, to) => ({ action: 'set_project_role', ...at, user_id: who.user_id, email: who.email, from, to }),
  unset: (at, who, from) => ({
    action: 'remove_project_user',
    ...at,
    user_id: who.user_id,
    email: who.email,
    from,
    to: null,
  }),
  writes: { set_project_role: 'project_role_patch', remove_project_user: 'project_user_delete' },
};

/** The project setting rolesync manages, next to its grants: a setting, not a grant, so not a scope entry. */
export const PROJECT_SETTING_WRITES: Readonly<Record<SetProjectRestricted['action'], WriteClass>> = {
  set_project_restricted: 'project_update',
};

/** At most this many emails are named by a `project_restriction_hides` note; its count is whole. */
export const PROJECT_HIDES_LISTED = 10;

/**
 * `restricted` of each listed project: a change when the manifest sets it and live says otherwise;
 * a note when live does not say (never drift); and, when this plan restricts a project, a note on
 * who loses access to it. `projectChanges`: the project grants this plan makes.
 */
export function diffProjectSettings(
  views: readonly ProjectView[],
  projectChanges: readonly ProjectChange[],
  ctx: ScopeContext,
): ScopeDiff<SetProjectRestricted> {
  const out: ScopeDiff<SetProjectRestricted> = { changes: [], notes: [] };
  // By project, once: a scan of every change per restricted project made this quadratic.
  const changesOf = new Map<string, ProjectChange[]>();
  for (const c of projectChanges) {
    const list = changesOf.get(c.project_id);
    if (list) list.push(c);
    else changesOf.set(c.project_id, [c]);
  }
  for (const view of views) {
    const { live, desired } = view.project;
    if (live.restricted === null) {
      const setting = desired.restricted;
      const at = desired.restrictedPos ? ` (${formatPos(desired.restrictedPos)})` : '';
      const as =
        setting === undefined
          ? 'plans it as not restricted, as Frame.io creates projects'
          : `does not write the manifest's restricted: ${setting}${at} and plans it as ` +
            `${setting ? 'restricted' : 'not restricted'}, as the manifest says`;
      out.notes.push({
        kind: 'project_restricted_unknown',
        ...view.at,
        message: `Frame.io does not say whether ${view.name} is restricted; rolesync ${as}`,
      });
      continue;
    }
    if (desired.restricted === undefined || desired.restricted === live.restricted) continue;
    out.changes.push({ action: 'set_project_restricted', ...view.at, from: live.restricted, to: desired.restricted });
    if (desired.restricted) {
      const hides = losesAccess(view, changesOf.get(view.at.project_id) ?? [], ctx);
      if (hides) out.notes.push(hides);
    }
  }
  return out;
}

/**
 * The note on who loses access when this plan restricts a project: the active members of its
 * workspace after this plan whose access comes from the workspace alone (no direct grant after this
 * plan, not account admins or the owner after it, no group granted on the project); null when nobody
 * does. `changes`: this plan's grants and removals in the project.
 */
function losesAccess(view: ProjectView, changes: readonly ProjectChange[], ctx: ScopeContext): PlanNote | null {
  // Direct grants after this plan, by user id: the live ones it keeps and the ones it writes.
  const granted = new Set<string>();
  for (const row of view.direct) if (row.user.id !== null) granted.add(row.user.id);
  for (const c of changes) {
    if (c.action === 'set_project_role') granted.add(c.user_id);
    else granted.delete(c.user_id);
  }
  const candidates = new Map<string, LiveUser>();
  for (const row of view.workspace.live.members) if (row.user.id !== null) candidates.set(row.user.id, row.user);
  // Users this plan adds to the workspace: the workspace's resolved users carry their account user.
  for (const u of view.workspace.users) {
    const { user } = u.live;
    if (user.id !== null && !candidates.has(user.id)) candidates.set(user.id, user);
  }
  const emails = new Set<string>();
  for (const [id, user] of candidates) {
    // An `admin`/`owner` workspace row is access from the account: it goes with the account role.
    if (user.active === false || granted.has(id) || view.workspaceRoleAfter(user) === null) continue;
    // The project's own group grants still reach a restricted project.
    if (view.throughProjectGroups(user) !== null) continue;
    const access = ctx.inherited(ctx.accountUser(user));
    if (access !== null && access !== 'admin_until_demoted') continue;
    emails.add(normalizeEmail(user.email));
  }
  if (emails.size === 0) return null;
  const sorted = [...emails].sort(compareStrings);
  const named = sorted.slice(0, PROJECT_HIDES_LISTED);
  const more = sorted.length - named.length;
  const list = more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
  return {
    kind: 'project_restriction_hides',
    ...view.at,
    loses_access: named,
    loses_access_count: sorted.length,
    message:
      `restricting ${view.name} takes it away from ${counted(sorted.length, 'workspace member')} whose access ` +
      `comes from the workspace alone: ${list}; give them a role under the project's users: to keep it`,
  };
}

/** Every scope kind, parents before the scopes below them. */
