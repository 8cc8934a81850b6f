// Live state per scope for apply's preconditions, read in bulk and re-read when old, kept in step with
// apply's own writes: users' roles (account, workspace, project), a project's settings, and for
// Frame.io groups the account's groups, a group's members and a scope's group grants.
import { ApiError } from '../errors.js';
import { projectTitle } from '../names.js';
import type { WorkspaceRole } from '../api/index.js';
import type { LiveAccountUser, LiveProjectMember, LiveState, LiveUser, LiveWorkspaceMember } from '../live/types.js';
import type { Change, UserChange } from '../plan/types.js';

/** A project as `projects.show` gives it (`restricted` null: the API did not say). */
export interface ShownProject {
  id: string;
  name: string;
  restricted: boolean | null;
  workspaceId: string;
}

/**
 * The bulk reads behind the precondition checks. A deleted project answers 404 (an `ApiError`). The
 * group members and group grants are experimental endpoints: an account without them answers 404 or
 * 400 (the client's `ExperimentalUnavailableError`).
 */
export interface ScopeReader {
  listAccountUsers(accountId: string, options: { includeDeactivated: boolean }): Promise<LiveAccountUser[]>;
  listWorkspaceUsers(
    accountId: string,
    workspaceId: string,
    options: { includeDeactivated: boolean },
  ): Promise<LiveWorkspaceMember[]>;
  listProjectUsers(
    accountId: string,
    projectId: string,
    options?: { includeDeactivated?: boolean },
  ): Promise<LiveProjectMember[]>;
  showProject(accountId: string, projectId: string): Promise<ShownProject>;
  /** The account's Frame.io groups (a stable endpoint). */
  listGroups(accountId: string): Promise<{ id: string; name: string }[]>;
  /** One group (a stable endpoint): a group deleted since is an `ApiError` 404. */
  showGroup(accountId: string, groupId: string): Promise<{ id: string; name: string }>;
  /** The account's workspaces (a stable endpoint): what apply probes the experimental API on, at worst. */
  listWorkspaces(accountId: string): Promise<{ id: string }[]>;
  listGroupMembers(accountId: string, groupId: string): Promise<LiveUser[]>;
  listWorkspaceGroups(accountId: string, workspaceId: string): Promise<{ groupId: string; role: WorkspaceRole }[]>;
  listProjectGroups(accountId: string, projectId: string): Promise<{ groupId: string; role: WorkspaceRole }[]>;
}

/** Live role and whether the user is active, by user id, in one scope. */
export type Roles = Map<string, { role: string | null; active: boolean }>;

/** A scope's Frame.io group grants: the role by group id. */
export type GroupGrants = Map<string, WorkspaceRole>;

/** What a project read finds when the project was deleted since the plan (a 404). */
export const GONE = 'gone';
export type Gone = typeof GONE;

/** What a change names of its project, for a stale change's words. */
interface ProjectAt {
  workspace_id: string;
  workspace_name: string;
  project_name: string;
}

/** Why a change to a project deleted since the plan is stale. */
export function projectGone(at: ProjectAt): string {
  return `the project ${projectTitle(at.workspace_name, at.project_name)} no longer exists (deleted since the plan); not written`;
}

/** Why a change to a project is stale as `shown` now (deleted, or moved to another workspace); undefined: it is not. */
export function projectStale(shown: ShownProject | Gone, at: ProjectAt): string | undefined {
  if (shown === GONE) return projectGone(at);
  if (shown.workspaceId === at.workspace_id) return undefined;
  return `the project ${projectTitle(at.workspace_name, at.project_name)} is in another workspace now (moved since the plan); not written`;
}

const accountKey = (accountId: string) => `a|${accountId}`;
const workspaceKey = (accountId: string, workspaceId: string) => `w|${accountId}|${workspaceId}`;
const projectUsersKey = (accountId: string, projectId: string) => `p|${accountId}|${projectId}`;
/** A project's settings; also what keys a project in apply's own maps (project ids are unique in an account). */
export const projectKey = (accountId: string, projectId: string) => `s|${accountId}|${projectId}`;
const groupsKey = (accountId: string) => `G|${accountId}`;
const membersKey = (accountId: string, groupId: string) => `m|${accountId}|${groupId}`;
const workspaceGroupsKey = (accountId: string, workspaceId: string) => `wg|${accountId}|${workspaceId}`;
const projectGroupsKey = (accountId: string, projectId: string) => `pg|${accountId}|${projectId}`;

/** A 404 on a project's reads: the project was deleted since the plan. */
async function unlessGone<T>(read: Promise<T>): Promise<T | Gone> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return GONE;
    throw error;
  }
}

export function rolesOf(rows: { user: { id: string | null; active: boolean | null }; role: string | null }[]): Roles {
  const roles: Roles = new Map();
  for (const row of rows)
    if (row.user.id !== null) roles.set(row.user.id, { role: row.role, active: row.user.active !== false });
  return roles;
}

function idsOf(users: readonly LiveUser[]): Set<string> {
  const ids = new Set<string>();
  for (const user of users) if (user.id !== null) ids.add(user.id);
  return ids;
}

function grantsOf(rows: readonly { groupId: string; role: WorkspaceRole }[]): GroupGrants {
  return new Map(rows.map((row) => [row.groupId, row.role]));
}

export class Snapshot {
  private readonly scopes = new Map<string, { readAt: number; value: Promise<unknown> }>();
  /**
   * The accounts whose group member or group grant listings (the experimental endpoints) were read
   * for this run already (the live state just read for the plan had them): they offer them.
   */
  readonly experimentalRead = new Set<string>();

  constructor(
    private readonly reader: ScopeReader,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  /** Starts from a live state just read (apply without a saved plan), so it is not read twice. */
  seed(live: LiveState): void {
    for (const account of live.accounts) {
      this.seedAccount(account.id, account.users);
      if (account.groups) {
        this.put(groupsKey(account.id), new Map(account.groups.map((g) => [g.id, g.name])));
        for (const group of account.groups) {
          if (!group.members) continue;
          this.put(membersKey(account.id, group.id), idsOf(group.members));
          this.experimentalRead.add(account.id);
        }
      }
      for (const ws of account.workspaces) {
        if (ws.members) this.put(workspaceKey(account.id, ws.id), rolesOf(ws.members));
        if (ws.groupGrants) {
          this.put(workspaceGroupsKey(account.id, ws.id), liveGrants(ws.groupGrants));
          this.experimentalRead.add(account.id);
        }
        for (const project of ws.projects ?? []) {
          // Only the projects the manifest lists were read in full.
          if (!project.members) continue;
          this.put(projectUsersKey(account.id, project.id), rolesOf(project.members));
          const { id, name, restricted } = project;
          this.put(projectKey(account.id, project.id), { id, name, restricted, workspaceId: ws.id });
          if (project.groupGrants) {
            this.put(projectGroupsKey(account.id, project.id), liveGrants(project.groupGrants));
            this.experimentalRead.add(account.id);
          }
        }
      }
    }
  }

  seedAccount(accountId: string, users: LiveAccountUser[]): void {
    this.put(accountKey(accountId), rolesOf(users));
  }

  private put(key: string, value: unknown, readAt = this.now()): void {
    this.scopes.set(key, { readAt, value: Promise.resolve(value) });
  }

  /** The account's users: their account roles (an account change's own scope). `maxAgeMs` -1: read now. */
  accountRoles(accountId: string, maxAgeMs = this.maxAgeMs): Promise<Roles> {
    return this.get(
      accountKey(accountId),
      async () => rolesOf(await this.reader.listAccountUsers(accountId, { includeDeactivated: true })),
      maxAgeMs,
    );
  }

  /**
   * The account's users, for a grant that needs the user to still be in the account. Allowed to be
   * older than a scope's own roles (10×): someone leaving the account is rare, and re-reading a
   * large account's user list every half minute would take the read budget.
   */
  accountMembers(accountId: string): Promise<Roles> {
    return this.accountRoles(accountId, this.maxAgeMs * 10);
  }

  workspaceRoles(accountId: string, workspaceId: string): Promise<Roles> {
    return this.get(workspaceKey(accountId, workspaceId), async () =>
      rolesOf(await this.reader.listWorkspaceUsers(accountId, workspaceId, { includeDeactivated: true })),
    );
  }

  /** A project's listing as it comes (direct grants, and inherited access if the API lists it). */
  projectRows(accountId: string, projectId: string): Promise<Roles | Gone> {
    return this.get(projectUsersKey(accountId, projectId), async () => {
      const rows = await unlessGone(this.reader.listProjectUsers(accountId, projectId, { includeDeactivated: true }));
      return rows === GONE ? GONE : rolesOf(rows);
    });
  }

  /** A project's settings. `maxAgeMs` -1: read now. */
  project(accountId: string, projectId: string, maxAgeMs = this.maxAgeMs): Promise<ShownProject | Gone> {
    return this.get(
      projectKey(accountId, projectId),
      () => unlessGone(this.reader.showProject(accountId, projectId)),
      maxAgeMs,
    );
  }

  /** The account's Frame.io groups: name by id. */
  groups(accountId: string): Promise<Map<string, string>> {
    return this.get(groupsKey(accountId), async () => {
      const groups = await this.reader.listGroups(accountId);
      return new Map(groups.map((g) => [g.id, g.name]));
    });
  }

  /**
   * Whether a group exists now, by the stable `GET /groups/{g}` (the experimental calls answer 404
   * alike for a deleted group and a missing feature). A group found gone leaves the cached listing.
   */
  async groupExists(accountId: string, groupId: string): Promise<boolean> {
    const shown = await unlessGone(this.reader.showGroup(accountId, groupId));
    if (shown !== GONE) return true;
    if (this.scopes.has(groupsKey(accountId))) (await this.groups(accountId)).delete(groupId);
    return false;
  }

  /** The user ids of a group's members. `maxAgeMs` -1: read now. */
  groupMembers(accountId: string, groupId: string, maxAgeMs = this.maxAgeMs): Promise<Set<string>> {
    return this.get(
      membersKey(accountId, groupId),
      async () => {
        const members = idsOf(await this.reader.listGroupMembers(accountId, groupId));
        this.experimentalRead.add(accountId);
        return members;
      },
      maxAgeMs,
    );
  }

  workspaceGroups(accountId: string, workspaceId: string): Promise<GroupGrants> {
    return this.get(workspaceGroupsKey(accountId, workspaceId), async () => {
      const grants = grantsOf(await this.reader.listWorkspaceGroups(accountId, workspaceId));
      this.experimentalRead.add(accountId);
      return grants;
    });
  }

  projectGroups(accountId: string, projectId: string): Promise<GroupGrants> {
    return this.get(projectGroupsKey(accountId, projectId), async () => {
      const grants = grantsOf(await this.reader.listProjectGroups(accountId, projectId));
      this.experimentalRead.add(accountId);
      return grants;
    });
  }

  /**
   * A group this run created: in the account's listing from now on, and with no members (it was made
   * empty a moment ago, so its first member check needs no read).
   */
  async created(accountId: string, groupId: string, name: string): Promise<void> {
    this.put(membersKey(accountId, groupId), new Set<string>());
    if (this.scopes.has(groupsKey(accountId))) (await this.groups(accountId)).set(groupId, name);
  }

  /** The live roles of a user change's own scope: the account's users, a workspace's or a project's members. */
  scopeRoles(change: UserChange): Promise<Roles | Gone> {
    switch (change.action) {
      case 'set_account_role':
        return this.accountRoles(change.account_id);
      case 'set_workspace_role':
      case 'remove_workspace_user':
        return this.workspaceRoles(change.account_id, change.workspace_id);
      case 'set_project_role':
      case 'remove_project_user':
        return this.projectRows(change.account_id, change.project_id);
    }
  }

  private async get<T>(key: string, read: () => Promise<T>, maxAgeMs = this.maxAgeMs): Promise<T> {
    const cached = this.scopes.get(key);
    if (cached && this.now() - cached.readAt <= maxAgeMs) return cached.value as Promise<T>;
    const entry = { readAt: this.now(), value: read() };
    this.scopes.set(key, entry);
    try {
      return await entry.value;
    } catch (error) {
      this.scopes.delete(key);
      throw error;
    }
  }

  /** Records a user or setting write we made, so the next check in the same scope need not re-read. */
  async wrote(change: UserChange | Extract<Change, { action: 'set_project_restricted' }>): Promise<void> {
    if (change.action === 'set_project_restricted') {
      const key = projectKey(change.account_id, change.project_id);
      const shown = await this.project(change.account_id, change.project_id);
      if (shown !== GONE) this.put(key, { ...shown, restricted: change.to }, this.scopes.get(key)?.readAt);
      return;
    }
    const roles = await this.scopeRoles(change);
    if (roles === GONE) return;
    roles.set(change.user_id, { role: change.to, active: roles.get(change.user_id)?.active ?? true });
  }
}

function liveGrants(grants: readonly { group_id: string; role: WorkspaceRole }[]): GroupGrants {
  return new Map(grants.map((g) => [g.group_id, g.role]));
}
