// The test-facing view of the emulator's data: read roles and make "hand edits" (someone changed a
// role, a project or a group in the web app, or a sync did). Hand edits bypass the HTTP layer, so
// they never appear in the request log.
import { compareStrings, normalizeEmail } from '../compare.js';
import type { AccountRole, GroupRole, GroupSource, ProjectRole, SyncStatus, WorkspaceListRole } from '../api/index.js';
import { effectiveProjectRole, effectiveWorkspaceRole } from './effective.js';
import type { AccountRecord, EmulatorState, GroupRecord, ProjectRecord, WorkspaceRecord } from './state.js';
import type { EmulatorStateInput, SeedGroup, SeedProject, SeedUser } from './types.js';

/** A group as a test reads it: members are emails, sorted. */
export interface GroupView {
  id: string;
  name: string;
  emoji: string;
  source: GroupSource;
  /** `adobe` groups only; null for the others. */
  syncStatus: SyncStatus | null;
  members: string[];
}

/** A group grant on a workspace or project. */
export interface GroupGrantView {
  id: string;
  name: string;
  role: GroupRole;
}

/** A group made by hand: absent fields as in a seed (source frame, a default emoji). */
export interface GroupSpec {
  id?: string;
  name: string;
  source?: GroupSource;
  emoji?: string;
  syncStatus?: SyncStatus;
  members?: string[];
}

export interface EmulatorStateHandle {
  /** Accounts in seed order; `adobeRef` is the `adobe:` id the account also answers to. */
  accounts(): { id: string; adobeRef: string | null; displayName: string }[];
  /** Workspaces of an account (by id, `adobe:` id or display name), in seed order. */
  workspaces(account: string): { id: string; name: string }[];
  /** Every user, in seed order (then added ones). */
  users(): SeedUser[];
  user(email: string): SeedUser | undefined;
  /** null when the user has no role in the account. */
  getAccountRole(account: string, email: string): AccountRole | null;
  /** null when the user is not listed in the workspace. `workspace` is an id or a name. */
  getWorkspaceRole(account: string, workspace: string, email: string): WorkspaceListRole | null;
  accountUsers(account: string): Record<string, AccountRole | null>;
  workspaceUsers(account: string, workspace: string): Record<string, WorkspaceListRole>;
  /** null removes the user from the account and from its workspaces. */
  setAccountRole(account: string, email: string, role: AccountRole | null): void;
  /** null removes the user from the workspace. The user must have a role in the account. */
  setWorkspaceRole(account: string, workspace: string, email: string, role: WorkspaceListRole | null): void;
  setUserActive(email: string, active: boolean | null): void;
  addUser(user: SeedUser): void;
  /** Projects of a workspace (an id or a name), in seed order. */
  projects(account: string, workspace: string): { id: string; name: string; restricted: boolean }[];
  /** A project's direct grants, emails sorted. `project` is an id, or a name no other project of the account has. */
  projectUsers(account: string, project: string): Record<string, ProjectRole>;
  /** The user's direct grant on the project; null when there is none. */
  getProjectRole(account: string, project: string, email: string): ProjectRole | null;
  /** null removes the direct grant. The user must have a role in the account. */
  setProjectRole(account: string, project: string, email: string, role: ProjectRole | null): void;
  setProjectRestricted(account: string, project: string, restricted: boolean): void;
  /** Deletes the project: every call that names it answers 404 from now on. */
  deleteProject(account: string, project: string): void;
  /** The account's groups, in seed then creation order. `group` arguments below are an id, or a name one group has. */
  groups(account: string): GroupView[];
  group(account: string, group: string): GroupView;
  /** Makes a group (as the web app, or a sync for `adobe`/`workfront`); returns its id. */
  createGroup(account: string, spec: GroupSpec): string;
  renameGroup(account: string, group: string, name: string): void;
  setGroupSyncStatus(account: string, group: string, status: SyncStatus): void;
  /** Deletes the group and its grants. */
  deleteGroup(account: string, group: string): void;
  /** Any group, synced ones too (a sync changes their members). The user must have a role in the account. */
  addGroupMember(account: string, group: string, email: string): void;
  removeGroupMember(account: string, group: string, email: string): void;
  /** The group grants of a workspace / project, by group name then id. */
  workspaceGroups(account: string, workspace: string): GroupGrantView[];
  projectGroups(account: string, project: string): GroupGrantView[];
  /** null removes the grant. */
  setWorkspaceGroupRole(account: string, workspace: string, group: string, role: GroupRole | null): void;
  setProjectGroupRole(account: string, project: string, group: string, role: GroupRole | null): void;
  /**
   * The role a user has from every source (account role, direct and group grants, and for an
   * unrestricted project its workspace), the highest winning; null without access.
   */
  effectiveWorkspaceRole(account: string, workspace: string, email: string): WorkspaceListRole | null;
  effectiveProjectRole(account: string, project: string, email: string): WorkspaceListRole | null;
  /** The current state in the seed format (emails sorted), e.g. to compare after an apply. */
  toInput(): EmulatorStateInput;
}

export function createStateHandle(state: EmulatorState): EmulatorStateHandle {
  const account = (ref: string): AccountRecord => {
    const found = state.account(ref) ?? [...state.accounts.values()].find((a) => a.displayName === ref);
    if (!found) throw new Error(`emulator: no account ${ref}`);
    return found;
  };
  const workspace = (acct: AccountRecord, ref: string): WorkspaceRecord => {
    const found = acct.workspaces.get(ref.toLowerCase()) ?? [...acct.workspaces.values()].find((w) => w.name === ref);
    if (!found) throw new Error(`emulator: no workspace ${ref} in account ${acct.displayName}`);
    return found;
  };
  const project = (acct: AccountRecord, ref: string): ProjectRecord => {
    const byId = state.project(acct, ref);
    if (byId) return byId;
    const named = [...acct.projects.values()].filter((p) => p.name === ref);
    if (named.length > 1)
      throw new Error(`emulator: ${named.length} projects are named ${ref} in account ${acct.displayName}; use an id`);
    if (!named[0]) throw new Error(`emulator: no project ${ref} in account ${acct.displayName}`);
    return named[0];
  };
  const group = (acct: AccountRecord, ref: string): GroupRecord => {
    const byId = state.group(acct, ref);
    if (byId) return byId;
    const named = [...acct.groups.values()].filter((g) => g.name === ref);
    if (named.length > 1)
      throw new Error(`emulator: ${named.length} groups are named ${ref} in account ${acct.displayName}; use an id`);
    if (!named[0]) throw new Error(`emulator: no group ${ref} in account ${acct.displayName}`);
    return named[0];
  };
  const groupView = (g: GroupRecord): GroupView => ({
    id: g.id,
    name: g.name,
    emoji: g.emoji,
    source: g.source,
    syncStatus: g.syncStatus,
    members: [...g.members].sort(compareStrings),
  });
  const grantViews = (acct: AccountRecord, grants: Map<string, GroupRole>): GroupGrantView[] =>
    [...grants]
      .flatMap(([id, role]) => {
        const g = acct.groups.get(id);
        return g ? [{ id, name: g.name, role }] : [];
      })
      .sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  /** Seed grant keys: a group's name, or its id when another group has the same name. */
  const seedGrants = (acct: AccountRecord, grants: Map<string, GroupRole>): Record<string, GroupRole> => {
    const names = [...acct.groups.values()].map((g) => g.name);
    const key = (id: string) => {
      const name = acct.groups.get(id)?.name ?? id;
      return names.filter((n) => n === name).length === 1 ? name : id;
    };
    return Object.fromEntries(
      [...grants.entries()].map(([id, role]) => [key(id), role] as const).sort(([a], [b]) => compareStrings(a, b)),
    );
  };
  const seedGroup = (g: GroupRecord): SeedGroup => ({
    id: g.id,
    name: g.name,
    source: g.source,
    emoji: g.emoji,
    ...(g.syncStatus !== null ? { sync_status: g.syncStatus } : {}),
    created_at: g.createdAt,
    members: [...g.members].sort(compareStrings),
  });
  const seedProject = (acct: AccountRecord, p: ProjectRecord): SeedProject => ({
    id: p.id,
    name: p.name,
    restricted: p.restricted,
    ...(p.restrictedShown ? {} : { restricted_in_listing: false }),
    status: p.status,
    created_at: p.createdAt,
    users: sortedRecord(p.grants),
    ...(p.groupGrants.size > 0 ? { groups: seedGrants(acct, p.groupGrants) } : {}),
  });
  const knownUser = (email: string): string => {
    const key = state.userKey(email);
    // Undefined also when several users differ from it only in case: a test must name one exactly.
    if (key === undefined) throw new Error(`emulator: no user ${email}`);
    return key;
  };
  const keyOf = (email: string): string => state.userKey(email) ?? normalizeEmail(email);
  const accountUser = (acct: AccountRecord, email: string): string => {
    const key = knownUser(email);
    if (!acct.roles.has(key))
      throw new Error(`emulator: ${key} has no role in account ${acct.displayName}; set an account role first`);
    return key;
  };
  const sortedRecord = <T>(map: Map<string, T>): Record<string, T> =>
    Object.fromEntries([...map.entries()].sort(([a], [b]) => compareStrings(a, b)));
  const seedUser = (email: string): SeedUser | undefined => {
    const u = state.users.get(keyOf(email));
    if (!u) return undefined;
    const out: SeedUser = { id: u.id, email: u.email, name: u.name, active: u.active };
    if (u.adobeUserId !== undefined) out.adobe_user_id = u.adobeUserId;
    if (u.avatarUrl !== null) out.avatar_url = u.avatarUrl;
    return out;
  };

  return {
    accounts: () =>
      [...state.accounts.values()].map((a) => ({ id: a.id, adobeRef: a.adobeRef, displayName: a.displayName })),
    workspaces: (ref) => [...account(ref).workspaces.values()].map((w) => ({ id: w.id, name: w.name })),
    users: () => [...state.users.keys()].map((e) => seedUser(e)!),
    user: seedUser,
    getAccountRole: (ref, email) => account(ref).roles.get(keyOf(email)) ?? null,
    getWorkspaceRole: (ref, ws, email) => workspace(account(ref), ws).members.get(keyOf(email)) ?? null,
    accountUsers: (ref) => sortedRecord(account(ref).roles),
    workspaceUsers: (ref, ws) => sortedRecord(workspace(account(ref), ws).members),
    setAccountRole(ref, email, role) {
      state.setAccountRole(account(ref), knownUser(email), role);
    },
    setWorkspaceRole(ref, ws, email, role) {
      const acct = account(ref);
      const key = knownUser(email);
      if (role !== null && !acct.roles.has(key))
        throw new Error(`emulator: ${key} has no role in account ${acct.displayName}; set an account role first`);
      state.setWorkspaceRole(workspace(acct, ws), key, role);
    },
    setUserActive(email, active) {
      state.setUserActive(knownUser(email), active);
    },
    addUser(user) {
      state.addUser(user);
    },
    projects: (ref, ws) =>
      [...workspace(account(ref), ws).projects.values()].map((p) => ({
        id: p.id,
        name: p.name,
        restricted: p.restricted,
      })),
    projectUsers: (ref, p) => sortedRecord(project(account(ref), p).grants),
    getProjectRole: (ref, p, email) => project(account(ref), p).grants.get(keyOf(email)) ?? null,
    setProjectRole(ref, p, email, role) {
      const acct = account(ref);
      const key = knownUser(email);
      if (role !== null && !acct.roles.has(key))
        throw new Error(`emulator: ${key} has no role in account ${acct.displayName}; set an account role first`);
      state.setProjectRole(project(acct, p), key, role);
    },
    setProjectRestricted(ref, p, restricted) {
      state.updateProject(project(account(ref), p), { restricted });
    },
    deleteProject(ref, p) {
      const acct = account(ref);
      state.deleteProject(acct, project(acct, p));
    },
    groups: (ref) => [...account(ref).groups.values()].map(groupView),
    group: (ref, g) => groupView(group(account(ref), g)),
    createGroup(ref, spec) {
      const acct = account(ref);
      const members = (spec.members ?? []).map((email) => accountUser(acct, email));
      const created = state.createGroup(acct, {
        name: spec.name,
        ...(spec.id !== undefined ? { id: spec.id } : {}),
        ...(spec.source !== undefined ? { source: spec.source } : {}),
        ...(spec.emoji !== undefined ? { emoji: spec.emoji } : {}),
        ...(spec.syncStatus !== undefined ? { syncStatus: spec.syncStatus } : {}),
      });
      for (const email of members) state.setGroupMember(acct, created, email, true);
      return created.id;
    },
    renameGroup(ref, g, name) {
      const acct = account(ref);
      state.updateGroup(acct, group(acct, g), { name });
    },
    setGroupSyncStatus(ref, g, status) {
      const acct = account(ref);
      const found = group(acct, g);
      if (found.source !== 'adobe') throw new Error(`emulator: group ${found.name} is not an adobe group`);
      state.updateGroup(acct, found, { syncStatus: status });
    },
    deleteGroup(ref, g) {
      const acct = account(ref);
      state.deleteGroup(acct, group(acct, g));
    },
    addGroupMember(ref, g, email) {
      const acct = account(ref);
      state.setGroupMember(acct, group(acct, g), accountUser(acct, email), true);
    },
    removeGroupMember(ref, g, email) {
      const acct = account(ref);
      state.setGroupMember(acct, group(acct, g), knownUser(email), false);
    },
    workspaceGroups: (ref, ws) => {
      const acct = account(ref);
      return grantViews(acct, workspace(acct, ws).groupGrants);
    },
    projectGroups: (ref, p) => {
      const acct = account(ref);
      return grantViews(acct, project(acct, p).groupGrants);
    },
    setWorkspaceGroupRole(ref, ws, g, role) {
      const acct = account(ref);
      state.setGroupGrant(acct, workspace(acct, ws), group(acct, g).id, role);
    },
    setProjectGroupRole(ref, p, g, role) {
      const acct = account(ref);
      state.setGroupGrant(acct, project(acct, p), group(acct, g).id, role);
    },
    effectiveWorkspaceRole(ref, ws, email) {
      const acct = account(ref);
      return effectiveWorkspaceRole(acct, workspace(acct, ws), keyOf(email));
    },
    effectiveProjectRole(ref, p, email) {
      const acct = account(ref);
      return effectiveProjectRole(acct, project(acct, p), keyOf(email));
    },
    toInput() {
      return {
        ...(state.projectListing === 'direct' ? {} : { project_listing: state.projectListing }),
        ...(state.experimental ? {} : { experimental: false }),
        tokens: Object.fromEntries(state.tokens),
        users: [...state.users.keys()].map((e) => seedUser(e)!),
        accounts: [...state.accounts.values()].map((a) => ({
          id: a.seedId,
          display_name: a.displayName,
          ...(a.adobeId !== null && !a.seedId.startsWith('adobe:') ? { adobe_id: a.adobeId } : {}),
          created_at: a.createdAt,
          users: sortedRecord(a.roles),
          ...(a.groups.size > 0 ? { groups: [...a.groups.values()].map(seedGroup) } : {}),
          workspaces: [...a.workspaces.values()].map((w) => ({
            id: w.id,
            name: w.name,
            created_at: w.createdAt,
            users: sortedRecord(w.members),
            ...(w.groupGrants.size > 0 ? { groups: seedGrants(a, w.groupGrants) } : {}),
            ...(w.projects.size > 0 ? { projects: [...w.projects.values()].map((p) => seedProject(a, p)) } : {}),
          })),
        })),
      };
    },
  };
}
