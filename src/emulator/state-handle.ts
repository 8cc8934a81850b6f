// The test-facing view of the emulator's data: read roles and make "hand edits" (someone changed a
// role or a project in the web app). Hand edits bypass the HTTP layer, so they never appear in the request log.
import { compareStrings, normalizeEmail } from '../compare.js';
import type { AccountRole, ProjectRole, WorkspaceListRole } from '../api/index.js';
import type { AccountRecord, EmulatorState, ProjectRecord, WorkspaceRecord } from './state.js';
import type { EmulatorStateInput, SeedProject, SeedUser } from './types.js';

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
  const seedProject = (p: ProjectRecord): SeedProject => ({
    id: p.id,
    name: p.name,
    restricted: p.restricted,
    ...(p.restrictedShown ? {} : { restricted_in_listing: false }),
    status: p.status,
    created_at: p.createdAt,
    users: sortedRecord(p.grants),
  });
  const knownUser = (email: string): string => {
    const key = state.userKey(email);
    // Undefined also when several users differ from it only in case: a test must name one exactly.
    if (key === undefined) throw new Error(`emulator: no user ${email}`);
    return key;
  };
  const keyOf = (email: string): string => state.userKey(email) ?? normalizeEmail(email);
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
    toInput() {
      return {
        ...(state.projectListing === 'direct' ? {} : { project_listing: state.projectListing }),
        tokens: Object.fromEntries(state.tokens),
        users: [...state.users.keys()].map((e) => seedUser(e)!),
        accounts: [...state.accounts.values()].map((a) => ({
          id: a.seedId,
          display_name: a.displayName,
          ...(a.adobeId !== null && !a.seedId.startsWith('adobe:') ? { adobe_id: a.adobeId } : {}),
          created_at: a.createdAt,
          users: sortedRecord(a.roles),
          workspaces: [...a.workspaces.values()].map((w) => ({
            id: w.id,
            name: w.name,
            created_at: w.createdAt,
            users: sortedRecord(w.members),
            ...(w.projects.size > 0 ? { projects: [...w.projects.values()].map(seedProject) } : {}),
          })),
        })),
      };
    },
  };
}
