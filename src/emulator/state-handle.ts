// The test-facing view of the emulator's data: read roles and make "hand edits" (someone changed a
// role in the web app). Hand edits bypass the HTTP layer, so they never appear in the request log.
import { compareStrings, normalizeEmail } from '../compare.js';
import type { AccountRole, WorkspaceListRole } from '../api/index.js';
import type { AccountRecord, EmulatorState, WorkspaceRecord } from './state.js';
import type { EmulatorStateInput, SeedUser } from './types.js';

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
    toInput() {
      return {
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
          })),
        })),
      };
    },
  };
}
