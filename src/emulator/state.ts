// The emulator's in-memory data: users, accounts, workspaces, projects, groups and roles in Maps keyed
// by id/email, built from a validated seed (format: EmulatorStateInput in types.ts). Listings read
// sorted snapshots cached per version of a collection.
import { normalizeEmail } from '../compare.js';
import type { AccountRole, GroupRole, GroupSource, ProjectRole, SyncStatus, WorkspaceListRole } from '../api/index.js';
import { AuditLog } from './audit.js';
import { uuidFromName } from './prng.js';
import type { EmulatorStateInput, ProjectListing, SeedGroup, SeedProject, SeedUser } from './types.js';

export interface UserRecord {
  id: string | null;
  email: string;
  name: string | null;
  active: boolean | null;
  adobeUserId?: string | null;
  avatarUrl: string | null;
}

export interface WorkspaceRecord {
  id: string;
  name: string;
  /** The account's canonical (UUID) id. */
  accountId: string;
  createdAt: string;
  updatedAt: string;
  members: Map<string, WorkspaceListRole>;
  /** Group grants: group id -> role. */
  groupGrants: Map<string, GroupRole>;
  /** By lower-cased id, in seed order. */
  projects: Map<string, ProjectRecord>;
  version: number;
  cache: Map<string, { version: number; rows: unknown[] }>;
}

export interface ProjectRecord {
  id: string;
  name: string;
  workspaceId: string;
  restricted: boolean;
  /** false: answers leave `restricted` out (SeedProject.restricted_in_listing). */
  restrictedShown: boolean;
  status: 'active' | 'inactive';
  createdAt: string;
  updatedAt: string;
  rootFolderId: string;
  /** Direct grants: email -> project role. */
  grants: Map<string, ProjectRole>;
  /** Group grants: group id -> role. */
  groupGrants: Map<string, GroupRole>;
  /** Bumped by anything its user listing shows: its grants, and (inherited listing) its workspace and account. */
  version: number;
  cache: Map<string, { version: number; rows: unknown[] }>;
}

export interface AccountRecord {
  /** Canonical id: the seed's UUID, or one derived from an `adobe:` id. */
  id: string;
  /** The `adobe:<org id>` form the account also answers to, when it has one. */
  adobeRef: string | null;
  /** The id as the seed wrote it. */
  seedId: string;
  displayName: string;
  adobeId: string | null;
  createdAt: string;
  updatedAt: string;
  roles: Map<string, AccountRole | null>;
  workspaces: Map<string, WorkspaceRecord>;
  /** Every project of every workspace of the account, by lower-cased id (paths name a project by id alone). */
  projects: Map<string, ProjectRecord>;
  /** By lower-cased id, in seed (then creation) order. */
  groups: Map<string, GroupRecord>;
  version: number;
  cache: Map<string, { version: number; rows: unknown[] }>;
}

export interface GroupRecord {
  /** Lower-cased UUID. */
  id: string;
  name: string;
  emoji: string;
  source: GroupSource;
  /** `adobe` groups only; null for the others. */
  syncStatus: SyncStatus | null;
  /** null for synced groups (made by a sync, not a user). */
  creatorId: string | null;
  createdAt: string;
  updatedAt: string;
  /** Emails (user keys), in the order they joined. */
  members: Set<string>;
}

/** A new group's fields; what is absent gets the defaults of a seed group. */
export interface NewGroup {
  id?: string;
  name: string;
  emoji?: string;
  source?: GroupSource;
  syncStatus?: SyncStatus;
  creatorId?: string | null;
}

/** The emoji of a group made without one (the API requires one on create; a seed may leave it out). */
export const DEFAULT_GROUP_EMOJI = 'busts_in_silhouette';
function stamp(base: number, days: number): string {
  return new Date(base + days * 86_400_000).toISOString();
}
const ACCOUNT_EPOCH = Date.UTC(2024, 0, 8, 9, 0, 0);
const WORKSPACE_EPOCH = Date.UTC(2024, 1, 1, 9, 0, 0);
const PROJECT_EPOCH = Date.UTC(2024, 2, 1, 9, 0, 0);
const GROUP_EPOCH = Date.UTC(2024, 0, 15, 9, 0, 0);

function seedGroup(g: SeedGroup, createdAt: string): GroupRecord {
  const source = g.source ?? 'frame';
  return {
    id: g.id.toLowerCase(),
    name: g.name,
    emoji: g.emoji ?? DEFAULT_GROUP_EMOJI,
    source,
    syncStatus: source === 'adobe' ? (g.sync_status ?? 'completed') : null,
    creatorId: null,
    createdAt,
    updatedAt: createdAt,
    members: new Set(g.members ?? []),
  };
}

function projectRecord(p: SeedProject, workspaceId: string, createdAt: string): ProjectRecord {
  const id = p.id.toLowerCase();
  return {
    id,
    name: p.name,
    workspaceId,
    restricted: p.restricted ?? false,
    restrictedShown: p.restricted_in_listing ?? true,
    status: p.status ?? 'active',
    createdAt,
    updatedAt: createdAt,
    rootFolderId: uuidFromName(`root-folder:${id}`),
    grants: new Map(Object.entries(p.users ?? {})),
    groupGrants: new Map(Object.entries(p.groups ?? {})),
    version: 0,
    cache: new Map(),
  };
}

export class EmulatorState {
  readonly users = new Map<string, UserRecord>();
  readonly usersById = new Map<string, UserRecord>();
  readonly tokens = new Map<string, string>();
  readonly accounts = new Map<string, AccountRecord>();
  readonly projectListing: ProjectListing;
  /** false: the experimental endpoints answer 404 (EmulatorStateInput.experimental). */
  readonly experimental: boolean;
  /** Every change made through the API or by a control request's hand edit (audit.ts). */
  readonly audit = new AuditLog();
  private readonly aliases = new Map<string, string>();
  private groupSerial = 0;
  /** Lower-cased email -> the keys of the users with it (more than one only for case-differing twins). */
  private readonly spellings = new Map<string, string[]>();

  /**
   * `input` must already be validated (validateSeed / loadStateFile): there every email is the key of
   * its user (lower-cased, or as written for addresses that differ only in case).
   */
  constructor(
    input: EmulatorStateInput,
    /** The clock of `updated_at` stamps, in real milliseconds. */
    private readonly now: () => number = Date.now,
  ) {
    for (const u of input.users) this.insertUser(u, u.email);
    for (const [token, email] of Object.entries(input.tokens)) this.tokens.set(token, email);
    this.projectListing = input.project_listing ?? 'direct';
    this.experimental = input.experimental ?? true;
    input.accounts.forEach((a, i) => {
      const adobeRef = a.id.startsWith('adobe:') ? a.id : a.adobe_id ? `adobe:${a.adobe_id}` : null;
      const id = a.id.startsWith('adobe:') ? uuidFromName(a.id) : a.id.toLowerCase();
      const createdAt = a.created_at ? new Date(a.created_at).toISOString() : stamp(ACCOUNT_EPOCH, i);
      const account: AccountRecord = {
        id,
        adobeRef,
        seedId: a.id,
        displayName: a.display_name,
        adobeId: a.adobe_id ?? (a.id.startsWith('adobe:') ? a.id.slice('adobe:'.length) : null),
        createdAt,
        updatedAt: createdAt,
        roles: new Map(Object.entries(a.users ?? {})),
        workspaces: new Map(),
        projects: new Map(),
        groups: new Map(),
        version: 0,
        cache: new Map(),
      };
      const owner = [...account.roles].find(([, role]) => role === 'owner')?.[0];
      const ownerId = owner === undefined ? null : (this.users.get(owner)?.id ?? null);
      (a.groups ?? []).forEach((g, k) => {
        const group = seedGroup(
          g,
          g.created_at ? new Date(g.created_at).toISOString() : stamp(GROUP_EPOCH, i * 100 + k),
        );
        // The emulator keeps no group creators: the owner stands in for Frame groups.
        group.creatorId = group.source === 'frame' ? ownerId : null;
        account.groups.set(group.id, group);
      });
      let projectCount = 0;
      (a.workspaces ?? []).forEach((w, j) => {
        const wsCreated = w.created_at ? new Date(w.created_at).toISOString() : stamp(WORKSPACE_EPOCH, i * 100 + j);
        const ws: WorkspaceRecord = {
          id: w.id.toLowerCase(),
          name: w.name,
          accountId: id,
          createdAt: wsCreated,
          updatedAt: wsCreated,
          members: new Map(Object.entries(w.users ?? {})),
          groupGrants: new Map(Object.entries(w.groups ?? {})),
          projects: new Map(),
          version: 0,
          cache: new Map(),
        };
        for (const p of w.projects ?? []) {
          const created = p.created_at
            ? new Date(p.created_at).toISOString()
            : stamp(PROJECT_EPOCH, i * 1000 + projectCount);
          projectCount++;
          const project = projectRecord(p, ws.id, created);
          ws.projects.set(project.id, project);
          account.projects.set(project.id, project);
        }
        account.workspaces.set(ws.id, ws);
      });
      this.accounts.set(id, account);
      this.aliases.set(id, id);
      this.aliases.set(a.id, id);
      if (adobeRef) this.aliases.set(adobeRef, id);
    });
  }

  /** The emulator's clock, in real milliseconds: the time of audit events. */
  clock(): number {
    return this.now();
  }

  /** A new user, keyed by the lower-cased email unless a user differing only in case exists (then as written). */
  addUser(u: SeedUser): UserRecord {
    const lower = normalizeEmail(u.email);
    return this.insertUser(u, this.spellings.has(lower) ? u.email.trim() : lower);
  }

  /** The key of the user an email means: exactly, else case-insensitively when only one user matches. */
  userKey(email: string): string | undefined {
    if (this.users.has(email.trim())) return email.trim();
    const keys = this.spellings.get(normalizeEmail(email)) ?? [];
    return keys.length === 1 ? keys[0] : undefined;
  }

  private insertUser(u: SeedUser, email: string): UserRecord {
    if (this.users.has(email)) throw new Error(`user ${email} already exists`);
    const lower = normalizeEmail(email);
    this.spellings.set(lower, [...(this.spellings.get(lower) ?? []), email]);
    const user: UserRecord = { id: u.id, email, name: u.name, active: u.active, avatarUrl: u.avatar_url ?? null };
    if (u.adobe_user_id !== undefined) user.adobeUserId = u.adobe_user_id;
    this.users.set(email, user);
    if (user.id !== null) this.usersById.set(user.id.toLowerCase(), user);
    return user;
  }

  /** By canonical id or `adobe:` alias (ids are opaque: matched exactly, UUIDs case-insensitively). */
  account(ref: string): AccountRecord | undefined {
    const id = this.aliases.get(ref) ?? this.aliases.get(ref.toLowerCase());
    return id === undefined ? undefined : this.accounts.get(id);
  }

  userById(id: string): UserRecord | undefined {
    return this.usersById.get(id.toLowerCase());
  }

  /** The email a bearer token acts as, or undefined for an unknown token. */
  tokenUser(token: string): UserRecord | undefined {
    const email = this.tokens.get(token);
    return email === undefined ? undefined : this.users.get(email);
  }

  accountRole(account: AccountRecord, email: string): AccountRole | null {
    return account.roles.get(email) ?? null;
  }

  setAccountRole(account: AccountRecord, email: string, role: AccountRole | null): void {
    if (role === null) {
      account.roles.delete(email);
      // Leaving the account also leaves its workspaces and projects.
      for (const ws of account.workspaces.values()) this.setWorkspaceRole(ws, email, null);
      for (const project of account.projects.values()) this.setProjectRole(project, email, null);
      for (const group of account.groups.values()) group.members.delete(email);
    } else {
      account.roles.set(email, role);
      // `admin`/`owner` workspace rows only stand for the account role: a demotion ends them.
      if (role !== 'admin' && role !== 'owner') {
        for (const ws of account.workspaces.values()) {
          const row = ws.members.get(email);
          if (row === 'admin' || row === 'owner') this.setWorkspaceRole(ws, email, null);
        }
      }
    }
    account.version++;
    // An inherited project listing shows account admins and the owner.
    for (const project of account.projects.values()) project.version++;
  }

  setWorkspaceRole(ws: WorkspaceRecord, email: string, role: WorkspaceListRole | null): void {
    if (role === null) {
      if (!ws.members.delete(email)) return;
    } else {
      ws.members.set(email, role);
    }
    ws.version++;
    // An inherited project listing shows the workspace's members.
    for (const project of ws.projects.values()) project.version++;
  }

  /** The project of an account by id (matched case-insensitively), or undefined. */
  project(account: AccountRecord, id: string): ProjectRecord | undefined {
    return account.projects.get(id.toLowerCase());
  }

  /** Sets or (null) removes a direct grant; false when there was nothing to remove. */
  setProjectRole(project: ProjectRecord, email: string, role: ProjectRole | null): boolean {
    if (role === null) {
      if (!project.grants.delete(email)) return false;
    } else {
      project.grants.set(email, role);
    }
    project.version++;
    return true;
  }

  /** Changes a project's settings; the keys absent from `change` stay as they are. */
  updateProject(
    project: ProjectRecord,
    change: { name?: string; restricted?: boolean; status?: 'active' | 'inactive' },
  ): void {
    if (change.name !== undefined) project.name = change.name;
    if (change.restricted !== undefined) project.restricted = change.restricted;
    if (change.status !== undefined) project.status = change.status;
    project.updatedAt = new Date(this.now()).toISOString();
    project.version++;
  }

  deleteProject(account: AccountRecord, project: ProjectRecord): void {
    account.projects.delete(project.id);
    account.workspaces.get(project.workspaceId)?.projects.delete(project.id);
    project.version++;
  }

  setUserActive(email: string, active: boolean | null): void {
    const user = this.users.get(email);
    if (!user) throw new Error(`unknown user ${email}`);
    user.active = active;
    // Every listing may show this user, so every cached snapshot is stale.
    for (const account of this.accounts.values()) {
      account.version++;
      for (const ws of account.workspaces.values()) ws.version++;
      for (const project of account.projects.values()) project.version++;
    }
  }

  /** The group of an account by id (matched case-insensitively), or undefined. */
  group(account: AccountRecord, id: string): GroupRecord | undefined {
    return account.groups.get(id.toLowerCase());
  }

  /** Adds a group to the account, made now; without `id`, one derived from a counter. */
  createGroup(account: AccountRecord, spec: NewGroup): GroupRecord {
    // A counter, not the group count: a deleted group's id is never handed out again.
    let id = spec.id?.toLowerCase();
    while (id === undefined || (spec.id === undefined && account.groups.has(id)))
      id = uuidFromName(`group:${account.id}:${++this.groupSerial}`);
    if (account.groups.has(id)) throw new Error(`group ${id} already exists`);
    const at = new Date(this.now()).toISOString();
    const group = seedGroup(
      { id, name: spec.name, source: spec.source ?? 'frame', ...(spec.emoji ? { emoji: spec.emoji } : {}) },
      at,
    );
    if (spec.syncStatus !== undefined && group.source === 'adobe') group.syncStatus = spec.syncStatus;
    group.creatorId = spec.creatorId ?? null;
    account.groups.set(id, group);
    this.groupsChanged(account);
    return group;
  }

  /** Changes a group's name, emoji or sync status; absent keys stay. */
  updateGroup(
    account: AccountRecord,
    group: GroupRecord,
    change: { name?: string; emoji?: string; syncStatus?: SyncStatus },
  ): void {
    if (change.name !== undefined) group.name = change.name;
    if (change.emoji !== undefined) group.emoji = change.emoji;
    if (change.syncStatus !== undefined && group.source === 'adobe') group.syncStatus = change.syncStatus;
    group.updatedAt = new Date(this.now()).toISOString();
    this.groupsChanged(account);
  }

  /** Removes a group, and (an assumption: the reference does not say) its grants with it. */
  deleteGroup(account: AccountRecord, group: GroupRecord): void {
    account.groups.delete(group.id);
    for (const ws of account.workspaces.values()) ws.groupGrants.delete(group.id);
    for (const project of account.projects.values()) project.groupGrants.delete(group.id);
    this.groupsChanged(account);
  }

  /** Adds (true) or removes (false) a member; false when nothing changed. */
  setGroupMember(account: AccountRecord, group: GroupRecord, email: string, member: boolean): boolean {
    if (group.members.has(email) === member) return false;
    if (member) group.members.add(email);
    else group.members.delete(email);
    group.updatedAt = new Date(this.now()).toISOString();
    this.groupsChanged(account);
    return true;
  }

  /** Sets or (null) removes a group grant on a workspace or project; false when there was nothing to remove. */
  setGroupGrant(
    account: AccountRecord,
    scope: WorkspaceRecord | ProjectRecord,
    groupId: string,
    role: GroupRole | null,
  ): boolean {
    if (role === null) {
      if (!scope.groupGrants.delete(groupId)) return false;
    } else {
      scope.groupGrants.set(groupId, role);
    }
    this.groupsChanged(account);
    return true;
  }

  /**
   * Every listing may show what a group change alters (an inherited project listing shows access
   * through groups): all of the account's snapshots are stale. Groups change rarely.
   */
  private groupsChanged(account: AccountRecord): void {
    account.version++;
    for (const ws of account.workspaces.values()) ws.version++;
    for (const project of account.projects.values()) project.version++;
  }

  /** A cached, sorted snapshot; `build` runs only when the collection changed since. */
  snapshot<T>(
    owner: { version: number; cache: Map<string, { version: number; rows: unknown[] }> },
    key: string,
    build: () => T[],
  ): T[] {
    const hit = owner.cache.get(key);
    if (hit && hit.version === owner.version) return hit.rows as T[];
    const rows = build();
    owner.cache.set(key, { version: owner.version, rows });
    return rows;
  }
}
