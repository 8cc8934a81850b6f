// Small builders for hand-made desired/live fixtures, so planner tables stay one line per case.
// A bare name such as `bob` stands for `bob@acme.test`; user ids are `u-<name>`; a live Frame.io
// group's id is `g-<name>`.
import type {
  DesiredAccount,
  DesiredFrameioGroup,
  DesiredFrameioGroupGrant,
  DesiredProject,
  DesiredWorkspace,
  Manifest,
  Mode,
  Policy,
} from '../../src/manifest/types.js';
import { DEFAULT_POLICY } from '../../src/manifest/types.js';
import type {
  LiveAccount,
  LiveAccountUser,
  LiveGroup,
  LiveGroupGrant,
  LiveProject,
  LiveState,
  LiveUser,
  LiveWorkspace,
} from '../../src/live/types.js';
import type {
  AccountRole,
  GroupRole,
  ProjectListRole,
  ProjectRole,
  SettableAccountRole,
  WorkspaceListRole,
  WorkspaceRole,
} from '../../src/api/index.js';
import { workspaceRoleRank } from '../../src/api/index.js';
import type { PolicyOptions } from '../../src/plan/policy.js';
import { buildPlan } from '../../src/plan/build.js';
import type { Change, Plan } from '../../src/plan/types.js';

export const ACCOUNT = 'acc-1';
export const FILE = 'roles/acme.yaml';

export function em(name: string): string {
  return name.includes('@') ? name : `${name}@acme.test`;
}

// ---- desired ----

export interface ProjectSpec {
  id?: string;
  mode?: Mode;
  restricted?: boolean;
  users?: Record<string, ProjectRole>;
  groups?: Record<string, ProjectRole>;
  /** Frame.io group -> role; omit for a project whose group grants the manifest does not manage. */
  frameioGroups?: Record<string, GroupRole>;
}

export interface WorkspaceSpec {
  id?: string;
  mode?: Mode;
  users?: Record<string, WorkspaceRole>;
  groups?: Record<string, WorkspaceRole>;
  /** Frame.io group -> role; omit for a workspace whose group grants the manifest does not manage. */
  frameioGroups?: Record<string, GroupRole>;
  projects?: Record<string, ProjectSpec>;
}

/** A top-level `frameio_groups:` entry. `members` or `groups` present (even empty): membership managed. */
export interface FrameioGroupSpec {
  id?: string;
  mode?: Mode;
  members?: string[];
  /** Manifest groups (the account's `groups:`) whose members are members too. */
  groups?: string[];
}

export interface AccountSpec {
  id?: string;
  name?: string;
  mode?: Mode;
  users?: Record<string, SettableAccountRole>;
  groups?: Record<string, string[]>;
  policy?: Partial<Policy>;
  /** Declaring any (or granting any) opts the account into `experimental: [frameio_groups]`. */
  frameioGroups?: Record<string, FrameioGroupSpec>;
  workspaces?: Record<string, WorkspaceSpec>;
  /** Positions are lines of this file; a counter numbers entries in the order they are written. */
  file?: string;
}

export function desiredAccount(spec: AccountSpec = {}): DesiredAccount {
  const file = spec.file ?? FILE;
  let line = 1;
  const at = (col: number) => ({ file, line: ++line, col });
  const pos = at(1);
  const users = Object.entries(spec.users ?? {}).map(([email, role]) => ({ email: em(email), role, pos: at(5) }));
  const groups = Object.entries(spec.groups ?? {}).map(([name, members]) => ({
    name,
    pos: at(3),
    members: members.map((m) => ({ email: em(m), pos: at(7) })),
  }));
  const frameioGroups: DesiredFrameioGroup[] = Object.entries(spec.frameioGroups ?? {}).map(([name, g]) => ({
    name,
    ...(g.id !== undefined ? { id: g.id } : {}),
    mode: g.mode ?? 'additive',
    managed: g.members !== undefined || g.groups !== undefined,
    pos: at(3),
    members: (g.members ?? []).map((m) => ({ email: em(m), pos: at(7) })),
    groups: (g.groups ?? []).map((group) => ({ name: group, pos: at(7) })),
  }));
  const grants = (entries: Record<string, GroupRole> | undefined, col: number): DesiredFrameioGroupGrant[] | null =>
    entries === undefined ? null : Object.entries(entries).map(([group, role]) => ({ group, role, pos: at(col) }));
  const workspaces: DesiredWorkspace[] = Object.entries(spec.workspaces ?? {}).map(([name, w]) => ({
    name,
    ...(w.id !== undefined ? { id: w.id } : {}),
    mode: w.mode ?? 'additive',
    pos: at(3),
    users: Object.entries(w.users ?? {}).map(([email, role]) => ({ email: em(email), role, pos: at(7) })),
    groups: Object.entries(w.groups ?? {}).map(([group, role]) => ({ group, role, pos: at(7) })),
    frameioGroups: grants(w.frameioGroups, 7),
    projects: Object.entries(w.projects ?? {}).map(([name, p]): DesiredProject => {
      const pos = at(7);
      return {
        name,
        ...(p.id !== undefined ? { id: p.id } : {}),
        mode: p.mode ?? 'additive',
        ...(p.restricted !== undefined ? { restricted: p.restricted, restrictedPos: at(9) } : {}),
        users: Object.entries(p.users ?? {}).map(([email, role]) => ({ email: em(email), role, pos: at(11) })),
        groups: Object.entries(p.groups ?? {}).map(([group, role]) => ({ group, role, pos: at(11) })),
        frameioGroups: grants(p.frameioGroups, 11),
        pos,
      };
    }),
  }));
  return {
    id: spec.id ?? ACCOUNT,
    ...(spec.name !== undefined ? { name: spec.name } : {}),
    mode: spec.mode ?? 'additive',
    users,
    groups,
    policy: { ...DEFAULT_POLICY, ...spec.policy, protected: (spec.policy?.protected ?? []).map(em) },
    experimental: spec.frameioGroups !== undefined ? ['frameio_groups'] : [],
    frameioGroups,
    workspaces,
    files: [file],
    pos,
  };
}

export function manifest(...accounts: (DesiredAccount | AccountSpec)[]): Manifest {
  return {
    accounts: accounts.map((a) => ('files' in a ? (a as DesiredAccount) : desiredAccount(a as AccountSpec))),
    warnings: [],
    digest: 'test',
  };
}

// ---- live ----

export type LiveUserSpec =
  | AccountRole
  | null
  | { role: AccountRole | null; id?: string | null; active?: boolean | null; email?: string };

export interface LiveProjectSpec {
  name: string;
  /** Default `p-<name>`, lower-cased, blanks as dashes. */
  id?: string;
  /** Default false; null: the listing does not say. */
  restricted?: boolean | null;
  /** Direct grants; omit for a project whose users were not read. */
  members?: Record<string, ProjectListRole>;
  /** Group (a live group's name, else taken as its id) -> role; omit for grants that were not read. */
  groupGrants?: Record<string, WorkspaceRole>;
}

export interface LiveWorkspaceSpec {
  name: string;
  id?: string;
  /** Omit for a workspace that was not read. */
  members?: Record<string, WorkspaceListRole>;
  /** Group (a live group's name, else taken as its id) -> role; omit for grants that were not read. */
  groupGrants?: Record<string, WorkspaceRole>;
  /** Omit for a workspace whose projects were not listed. */
  projects?: LiveProjectSpec[];
}

/** A live Frame.io group of the account. */
export interface LiveGroupSpec {
  name: string;
  /** Default `g-<name>`, lower-cased, blanks as dashes. */
  id?: string;
  /** Default `frame`. */
  source?: string;
  /** Omit for a group whose members were not read. */
  members?: string[];
}

export interface LiveSpec {
  id?: string;
  displayName?: string | null;
  users: Record<string, LiveUserSpec>;
  /** Omit for an account whose groups were not listed. */
  groups?: LiveGroupSpec[];
  workspaces?: LiveWorkspaceSpec[];
}

export function liveUser(name: string, id?: string | null, active: boolean | null = true, email?: string): LiveUser {
  const e = email ?? em(name);
  return { id: id === undefined ? `u-${e.split('@')[0]?.toLowerCase()}` : id, email: e, name: null, active };
}

export function liveAccount(spec: LiveSpec): LiveAccount {
  const users: LiveAccountUser[] = Object.entries(spec.users).map(([name, s]) => {
    if (s === null || typeof s === 'string') return { user: liveUser(name), role: s };
    return { user: liveUser(name, s.id, s.active === undefined ? true : s.active, s.email), role: s.role };
  });
  const byEmail = new Map(users.map((u) => [u.user.email.toLowerCase(), u.user]));
  const userOf = (name: string) => byEmail.get(em(name).toLowerCase()) ?? liveUser(name);
  const groups = spec.groups?.map(
    (g): LiveGroup => ({
      id: g.id ?? `g-${slug(g.name)}`,
      name: g.name,
      source: g.source ?? 'frame',
      sync_status: g.source === 'adobe' ? 'completed' : null,
      ...(g.members ? { members: g.members.map(userOf) } : {}),
    }),
  );
  const grantsOf = (entries: Record<string, WorkspaceRole>): LiveGroupGrant[] =>
    Object.entries(entries).map(([group, role]) => ({
      group_id: groups?.find((g) => g.name === group)?.id ?? group,
      role,
    }));
  const workspaces: LiveWorkspace[] = (spec.workspaces ?? []).map((w) => ({
    id: w.id ?? `ws-${w.name.toLowerCase().replace(/\s+/g, '-')}`,
    name: w.name,
    ...(w.members ? { members: Object.entries(w.members).map(([name, role]) => ({ user: userOf(name), role })) } : {}),
    ...(w.groupGrants ? { groupGrants: grantsOf(w.groupGrants) } : {}),
    ...(w.projects
      ? {
          projects: w.projects.map(
            (p): LiveProject => ({
              id: p.id ?? `p-${p.name.toLowerCase().replace(/\s+/g, '-')}`,
              name: p.name,
              restricted: p.restricted === undefined ? false : p.restricted,
              ...(p.members
                ? { members: Object.entries(p.members).map(([name, role]) => ({ user: userOf(name), role })) }
                : {}),
              ...(p.groupGrants ? { groupGrants: grantsOf(p.groupGrants) } : {}),
            }),
          ),
        }
      : {}),
  }));
  return {
    id: spec.id ?? ACCOUNT,
    displayName: spec.displayName === undefined ? 'Acme Post' : spec.displayName,
    users,
    workspaces,
    ...(groups ? { groups } : {}),
  };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '-');
}

export function liveState(accounts: (LiveAccount | LiveSpec)[], self = 'svc'): LiveState {
  return {
    self: { id: `u-${self}`, email: em(self), name: null },
    accounts: accounts.map((a) =>
      'displayName' in a && Array.isArray(a.users) ? (a as LiveAccount) : liveAccount(a as LiveSpec),
    ),
  };
}

// ---- Frame.io groups ----

/** A plan of fixtures with Frame.io groups: `buildPlan`, as the CLI builds it (resolve binds the groups). */
export function buildGroupPlan(m: Manifest, live: LiveState, options: PolicyOptions = {}): Plan {
  return buildPlan(m, live, { force: options.force === true });
}

// ---- reading results ----

const local = (email: string) => email.split('@')[0] ?? email;

/**
 * One short line per change: `acct bob member>admin`, `ws Marketing dave null>editor`,
 * `rm Marketing erin commenter`; a group this plan creates is marked `*` (`gadd post* carol`).
 */
export function fmt(c: Change): string {
  switch (c.action) {
    case 'set_account_role':
      return `acct ${local(c.email)} ${c.from}>${c.to}`;
    case 'set_workspace_role':
      return `ws ${c.workspace_name} ${local(c.email)} ${c.from}>${c.to}`;
    case 'remove_workspace_user':
      return `rm ${c.workspace_name} ${local(c.email)} ${c.from}`;
    case 'set_project_role':
      return `proj ${c.workspace_name}/${c.project_name} ${local(c.email)} ${c.from}>${c.to}`;
    case 'remove_project_user':
      return `rmp ${c.workspace_name}/${c.project_name} ${local(c.email)} ${c.from}`;
    case 'set_project_restricted':
      return `restrict ${c.workspace_name}/${c.project_name} ${c.from}>${c.to}`;
    case 'create_frameio_group':
      return `gcreate ${c.group_name} ${c.emoji}`;
    case 'add_frameio_group_member':
      return `gadd ${groupOf(c)} ${local(c.email)}`;
    case 'remove_frameio_group_member':
      return `grm ${groupOf(c)} ${local(c.email)}`;
    case 'set_workspace_group_role':
      return `wsg ${c.workspace_name} ${groupOf(c)} ${c.from}>${c.to}`;
    case 'remove_workspace_group':
      return `rmwsg ${c.workspace_name} ${groupOf(c)} ${c.from}`;
    case 'set_project_group_role':
      return `pg ${c.workspace_name}/${c.project_name} ${groupOf(c)} ${c.from}>${c.to}`;
    case 'remove_project_group':
      return `rmpg ${c.workspace_name}/${c.project_name} ${groupOf(c)} ${c.from}`;
  }
}

function groupOf(c: { group_id: string | null; group_name: string }): string {
  return `${c.group_name}${c.group_id === null ? '*' : ''}`;
}

/**
 * The same live state as a project listing that shows inherited access too (the emulator's
 * `project_listing: inherited`): account admins and the owner as `admin`/`owner` rows, and, in a
 * project that is not restricted (`restricted` false or null), each workspace member at the higher
 * of their workspace role and their direct grant; and each member of a group granted on the project
 * (or, unrestricted, on the workspace) at the higher of that role and the rest. `live` lists direct
 * grants only; a group's members must have been read for them to show.
 */
export function withInheritedRows(live: LiveState): LiveState {
  const rank = (role: ProjectListRole): number =>
    role === 'owner' ? 100 : role === 'admin' ? 99 : workspaceRoleRank(role);
  const higher = (a: ProjectListRole, b: ProjectListRole | undefined) => (b !== undefined && rank(b) > rank(a) ? b : a);
  return {
    ...live,
    accounts: live.accounts.map((account) => ({
      ...account,
      workspaces: account.workspaces.map((w) => ({
        ...w,
        ...(w.projects
          ? {
              projects: w.projects.map((p) => {
                if (!p.members) return p;
                const rows = new Map<LiveUser, ProjectListRole>();
                for (const m of p.members) rows.set(m.user, m.role);
                for (const u of account.users) {
                  if (u.role === 'admin' || u.role === 'owner') rows.set(u.user, higher(u.role, rows.get(u.user)));
                }
                if (p.restricted !== true) {
                  for (const m of w.members ?? []) rows.set(m.user, higher(m.role, rows.get(m.user)));
                }
                const granted = [...(p.groupGrants ?? []), ...(p.restricted !== true ? (w.groupGrants ?? []) : [])];
                for (const grant of granted) {
                  for (const user of account.groups?.find((g) => g.id === grant.group_id)?.members ?? []) {
                    rows.set(user, higher(grant.role, rows.get(user)));
                  }
                }
                return { ...p, members: [...rows].map(([user, role]) => ({ user, role })) };
              }),
            }
          : {}),
      })),
    })),
  };
}

/** Deterministic shuffle (mulberry32), so a failing seed can be replayed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
