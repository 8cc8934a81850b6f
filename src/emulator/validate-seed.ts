// Checks a seed state (parsed YAML or a hand-built object) and returns it normalised (lower-cased
// emails). Problems carry the path of the offending value so the YAML loader can name file:line:col.
// Frame.io keeps addresses that differ only in case apart (two users, two ids): such users keep the
// spelling the seed gives them, and references to them must use it exactly.
import { RolesyncError } from '../errors.js';
import { normalizeEmail } from '../compare.js';
import { counted } from '../plural.js';
import {
  ACCOUNT_ROLES,
  GROUP_ROLES,
  GROUP_SOURCES,
  PROJECT_ROLES,
  SYNC_STATUSES,
  WORKSPACE_LIST_ROLES,
  isAccountRole,
  isGroupRole,
  isGroupSource,
  isProjectRole,
  isSyncStatus,
  isWorkspaceListRole,
} from '../api/index.js';
import type { AccountRole, GroupRole, ProjectRole, WorkspaceListRole } from '../api/index.js';
import { checkImsClients } from './ims.js';
import type {
  EmulatorStateInput,
  ProjectListing,
  SeedAccount,
  SeedGroup,
  SeedProject,
  SeedUser,
  SeedWorkspace,
} from './types.js';

const PROJECT_LISTINGS: readonly ProjectListing[] = ['direct', 'inherited'];

export type SeedPath = (string | number)[];
export interface SeedIssue {
  path: SeedPath;
  message: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** Whether a seed's `created_at` is an ISO timestamp; says so at `place` when it is not. */
function isTimestamp(value: unknown, place: SeedPath, fail: (p: SeedPath, m: string) => void): value is string {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return true;
  fail(place, 'created_at must be an ISO timestamp');
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates and normalises; returns the issues instead of throwing so callers can place them. */
export function checkSeed(input: unknown): { state?: EmulatorStateInput; issues: SeedIssue[] } {
  const issues: SeedIssue[] = [];
  const fail = (path: SeedPath, message: string) => issues.push({ path, message });
  if (!isRecord(input)) {
    fail([], 'the state must be a mapping with tokens, users and accounts');
    return { issues };
  }
  const TOP_KEYS = [
    'tokens',
    'users',
    'accounts',
    'project_listing',
    'experimental',
    'ims_clients',
    'ims_token_lifetime',
  ];
  for (const key of Object.keys(input)) {
    if (!TOP_KEYS.includes(key)) fail([key], `unknown key "${key}" (expected ${TOP_KEYS.join(', ')})`);
  }
  const experimental = input.experimental;
  if (experimental !== undefined && typeof experimental !== 'boolean')
    fail(
      ['experimental'],
      'experimental must be true (the experimental endpoints answer) or false (they answer 404, as for an ' +
        'account that is not offered them)',
    );
  const listing = input.project_listing;
  if (listing !== undefined && !(PROJECT_LISTINGS as readonly unknown[]).includes(listing))
    fail(
      ['project_listing'],
      `project_listing must be direct (project listings show direct grants only) or inherited (they also show ` +
        `access from the account and the workspace), not ${JSON.stringify(listing)}`,
    );

  const users: SeedUser[] = [];
  const byEmail = new Map<string, SeedUser>();
  const ids = new Set<string>();
  // Lower-cased email -> how many seed users have it, to tell which keep their spelling.
  const spellings = new Map<string, number>();
  if (Array.isArray(input.users)) {
    for (const raw of input.users as unknown[]) {
      const email = isRecord(raw) && typeof raw.email === 'string' ? normalizeEmail(raw.email) : undefined;
      if (email !== undefined) spellings.set(email, (spellings.get(email) ?? 0) + 1);
    }
  }
  if (!Array.isArray(input.users)) fail(['users'], 'users must be a list');
  else
    for (const [i, raw] of (input.users as unknown[]).entries()) {
      const at = ['users', i];
      if (!isRecord(raw)) {
        fail(at, 'a user must be a mapping {id, email, name, active}');
        continue;
      }
      for (const key of Object.keys(raw)) {
        if (!['id', 'email', 'name', 'active', 'adobe_user_id', 'avatar_url'].includes(key))
          fail([...at, key], `unknown user key "${key}"`);
      }
      if (typeof raw.email !== 'string' || !raw.email.includes('@')) {
        fail([...at, 'email'], 'email must be an email address');
        continue;
      }
      const lower = normalizeEmail(raw.email);
      const email = (spellings.get(lower) ?? 0) > 1 ? raw.email.trim() : lower;
      if (byEmail.has(email)) {
        fail([...at, 'email'], `duplicate user ${email}`);
        continue;
      }
      const id = raw.id ?? null;
      if (id !== null && (typeof id !== 'string' || !isUuid(id))) {
        fail([...at, 'id'], 'id must be a UUID, or null for an invited user');
        continue;
      }
      if (id !== null && ids.has(id)) {
        fail([...at, 'id'], `duplicate user id ${id}`);
        continue;
      }
      const name = raw.name ?? null;
      if (name !== null && typeof name !== 'string') {
        fail([...at, 'name'], 'name must be a string or null');
        continue;
      }
      const active = raw.active ?? null;
      if (active !== null && typeof active !== 'boolean') {
        fail([...at, 'active'], 'active must be true, false or null');
        continue;
      }
      const user: SeedUser = { id, email, name, active };
      for (const key of ['adobe_user_id', 'avatar_url'] as const) {
        const v = raw[key];
        if (v === undefined) continue;
        if (v !== null && typeof v !== 'string') fail([...at, key], `${key} must be a string or null`);
        else user[key] = v;
      }
      if (id !== null) ids.add(id);
      byEmail.set(email, user);
      users.push(user);
    }

  const keyOf = seedEmailKey(byEmail.keys());
  const tokens: Record<string, string> = {};
  if (!isRecord(input.tokens)) fail(['tokens'], 'tokens must be a mapping of bearer token -> email');
  else
    for (const [token, email] of Object.entries(input.tokens)) {
      if (typeof email !== 'string') {
        fail(['tokens', token], 'a token maps to the email of the user it acts as');
        continue;
      }
      const key = keyOf(email);
      const user = typeof key === 'string' ? byEmail.get(key) : undefined;
      if (Array.isArray(key)) fail(['tokens', token], ambiguous(email, key));
      else if (!user) fail(['tokens', token], `token user ${email} is not in users`);
      else if (user.id === null)
        fail(['tokens', token], `token user ${email} is an invite (id null) and cannot hold a token`);
      else tokens[token] = user.email;
    }

  const imsClients = checkImsClients(
    input.ims_clients,
    (email) => {
      const key = keyOf(email);
      const user = typeof key === 'string' ? byEmail.get(key) : undefined;
      return user?.id ? user.email : undefined;
    },
    fail,
  );
  const lifetime = input.ims_token_lifetime;
  if (lifetime !== undefined && !(typeof lifetime === 'number' && lifetime > 0 && Number.isFinite(lifetime)))
    fail(['ims_token_lifetime'], 'ims_token_lifetime must be a positive number of (emulated) seconds');

  const accounts: SeedAccount[] = [];
  const accountIds = new Set<string>();
  if (!Array.isArray(input.accounts)) fail(['accounts'], 'accounts must be a list');
  else
    for (const [i, raw] of (input.accounts as unknown[]).entries()) {
      const account = checkAccount(raw, ['accounts', i], keyOf, fail);
      if (!account) continue;
      if (accountIds.has(account.id)) {
        fail(['accounts', i, 'id'], `duplicate account id ${account.id}`);
        continue;
      }
      accountIds.add(account.id);
      accounts.push(account);
    }

  if (issues.length > 0) return { issues };
  const state: EmulatorStateInput = { tokens, users, accounts };
  if (listing !== undefined) state.project_listing = listing as ProjectListing;
  if (experimental !== undefined) state.experimental = experimental as boolean;
  if (imsClients.length > 0) state.ims_clients = imsClients;
  if (lifetime !== undefined) state.ims_token_lifetime = lifetime as number;
  return { state, issues };
}

function checkAccount(
  raw: unknown,
  at: SeedPath,
  keyOf: EmailKey,
  fail: (p: SeedPath, m: string) => void,
): SeedAccount | undefined {
  if (!isRecord(raw)) return void fail(at, 'an account must be a mapping {id, display_name, users, workspaces}');
  for (const key of Object.keys(raw)) {
    if (!['id', 'display_name', 'adobe_id', 'created_at', 'users', 'groups', 'workspaces'].includes(key))
      fail([...at, key], `unknown account key "${key}"`);
  }
  const id = raw.id;
  if (typeof id !== 'string' || !(isUuid(id) || /^adobe:.+/.test(id)))
    return void fail([...at, 'id'], 'account id must be a UUID or adobe:<org id>');
  if (typeof raw.display_name !== 'string') return void fail([...at, 'display_name'], 'display_name must be a string');
  const account: SeedAccount = { id, display_name: raw.display_name, users: {}, workspaces: [] };
  if (raw.adobe_id !== undefined) {
    if (raw.adobe_id !== null && typeof raw.adobe_id !== 'string')
      fail([...at, 'adobe_id'], 'adobe_id must be a string or null');
    else account.adobe_id = raw.adobe_id;
  }
  if (raw.created_at !== undefined && isTimestamp(raw.created_at, [...at, 'created_at'], fail))
    account.created_at = raw.created_at;
  const roles = account.users!;
  if (raw.users !== undefined && !isRecord(raw.users))
    fail([...at, 'users'], 'users must be a mapping of email -> account role');
  else
    for (const [rawEmail, role] of Object.entries(raw.users ?? {})) {
      const email = keyOf(rawEmail);
      if (Array.isArray(email)) fail([...at, 'users', rawEmail], ambiguous(rawEmail, email));
      else if (email === undefined) fail([...at, 'users', rawEmail], `${rawEmail} is not in users`);
      else if (role !== null && !isAccountRole(role))
        fail(
          [...at, 'users', rawEmail],
          `account role must be one of ${ACCOUNT_ROLES.join(', ')} (or null), not ${JSON.stringify(role)}`,
        );
      else if (email in roles) fail([...at, 'users', rawEmail], `${email} is listed twice`);
      else roles[email] = role as AccountRole | null;
    }
  if (Object.values(roles).filter((r) => r === 'owner').length > 1)
    fail([...at, 'users'], 'an account has at most one owner');

  const groups = checkGroups(raw.groups, [...at, 'groups'], roles, keyOf, fail);
  if (groups.length > 0) account.groups = groups;
  const groupKey = groupKeyOf(groups);

  const wsIds = new Set<string>();
  // Project id -> where it was first seen: paths name a project by its id alone, so it is unique in the account.
  const projectIds = new Map<string, string>();
  if (raw.workspaces !== undefined && !Array.isArray(raw.workspaces))
    fail([...at, 'workspaces'], 'workspaces must be a list');
  else
    for (const [j, w] of ((raw.workspaces as unknown[] | undefined) ?? []).entries()) {
      const ws = checkWorkspace(w, [...at, 'workspaces', j], roles, projectIds, keyOf, groupKey, fail);
      if (!ws) continue;
      if (wsIds.has(ws.id)) {
        fail([...at, 'workspaces', j, 'id'], `duplicate workspace id ${ws.id}`);
        continue;
      }
      wsIds.add(ws.id);
      account.workspaces!.push(ws);
    }
  return account;
}

function checkWorkspace(
  raw: unknown,
  at: SeedPath,
  accountRoles: Record<string, string | null>,
  projectIds: Map<string, string>,
  keyOf: EmailKey,
  groupKey: GroupKey,
  fail: (p: SeedPath, m: string) => void,
): SeedWorkspace | undefined {
  if (!isRecord(raw)) return void fail(at, 'a workspace must be a mapping {id, name, users}');
  for (const key of Object.keys(raw)) {
    if (!['id', 'name', 'created_at', 'users', 'groups', 'projects'].includes(key))
      fail([...at, key], `unknown workspace key "${key}"`);
  }
  if (typeof raw.id !== 'string' || !isUuid(raw.id)) return void fail([...at, 'id'], 'workspace id must be a UUID');
  if (typeof raw.name !== 'string' || raw.name === '')
    return void fail([...at, 'name'], 'workspace name must be a non-empty string');
  const ws: SeedWorkspace = { id: raw.id, name: raw.name, users: {} };
  if (raw.created_at !== undefined && isTimestamp(raw.created_at, [...at, 'created_at'], fail))
    ws.created_at = raw.created_at;
  if (raw.users !== undefined && !isRecord(raw.users))
    fail([...at, 'users'], 'users must be a mapping of email -> workspace role');
  else
    for (const [rawEmail, role] of Object.entries(raw.users ?? {})) {
      const key = keyOf(rawEmail);
      if (Array.isArray(key)) {
        fail([...at, 'users', rawEmail], ambiguous(rawEmail, key));
        continue;
      }
      const email = key ?? normalizeEmail(rawEmail);
      const accountRole = accountRoles[email];
      if (!(email in accountRoles)) fail([...at, 'users', rawEmail], `${rawEmail} has no role in the account`);
      else if (!isWorkspaceListRole(role))
        fail(
          [...at, 'users', rawEmail],
          `workspace role must be one of ${WORKSPACE_LIST_ROLES.join(', ')}, not ${JSON.stringify(role)}`,
        );
      else if ((role === 'admin' || role === 'owner') && accountRole !== role)
        fail(
          [...at, 'users', rawEmail],
          `an "${role}" row stands for the account ${role}, but ${email} is ${accountRole ?? 'no role'} in the account`,
        );
      else if (email in ws.users!) fail([...at, 'users', rawEmail], `${email} is listed twice`);
      else ws.users![email] = role as WorkspaceListRole;
    }
  const wsGroups = checkGroupGrants(raw.groups, [...at, 'groups'], groupKey, 'workspace', fail);
  if (wsGroups) ws.groups = wsGroups;
  if (raw.projects !== undefined && !Array.isArray(raw.projects)) fail([...at, 'projects'], 'projects must be a list');
  else if (raw.projects !== undefined) {
    ws.projects = [];
    for (const [k, p] of (raw.projects as unknown[]).entries()) {
      const where = [...at, 'projects', k];
      const project = checkProject(p, where, accountRoles, keyOf, groupKey, fail);
      if (!project) continue;
      const id = project.id.toLowerCase();
      const first = projectIds.get(id);
      if (first !== undefined) {
        fail(
          [...where, 'id'],
          `duplicate project id ${project.id} (first at ${first}); project ids are unique in an account`,
        );
        continue;
      }
      projectIds.set(id, where.join('.'));
      ws.projects.push(project);
    }
  }
  return ws;
}

const PROJECT_KEYS = ['id', 'name', 'restricted', 'restricted_in_listing', 'status', 'created_at', 'users', 'groups'];

function checkProject(
  raw: unknown,
  at: SeedPath,
  accountRoles: Record<string, string | null>,
  keyOf: EmailKey,
  groupKey: GroupKey,
  fail: (p: SeedPath, m: string) => void,
): SeedProject | undefined {
  if (!isRecord(raw)) return void fail(at, 'a project must be a mapping {id, name, restricted, users}');
  for (const key of Object.keys(raw)) {
    if (!PROJECT_KEYS.includes(key))
      fail([...at, key], `unknown project key "${key}" (expected ${PROJECT_KEYS.join(', ')})`);
  }
  if (typeof raw.id !== 'string' || !isUuid(raw.id)) return void fail([...at, 'id'], 'project id must be a UUID');
  if (typeof raw.name !== 'string' || raw.name === '' || raw.name.length > 255)
    return void fail([...at, 'name'], 'project name must be a string of 1 to 255 characters');
  const project: SeedProject = { id: raw.id, name: raw.name, users: {} };
  for (const key of ['restricted', 'restricted_in_listing'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') fail([...at, key], `${key} must be true or false`);
    else project[key] = v;
  }
  if (raw.status !== undefined) {
    if (raw.status !== 'active' && raw.status !== 'inactive')
      fail([...at, 'status'], `status must be active or inactive, not ${JSON.stringify(raw.status)}`);
    else project.status = raw.status;
  }
  if (raw.created_at !== undefined && isTimestamp(raw.created_at, [...at, 'created_at'], fail))
    project.created_at = raw.created_at;
  if (raw.users !== undefined && !isRecord(raw.users))
    fail([...at, 'users'], 'users must be a mapping of email -> project role');
  else
    for (const [rawEmail, role] of Object.entries(raw.users ?? {})) {
      const email = accountUserKey(rawEmail, [...at, 'users', rawEmail], keyOf, accountRoles, fail);
      if (email === undefined) continue;
      if (!isProjectRole(role))
        fail(
          [...at, 'users', rawEmail],
          `project role must be one of ${PROJECT_ROLES.join(', ')} (a direct grant), not ${JSON.stringify(role)}`,
        );
      else if (email in project.users!) fail([...at, 'users', rawEmail], `${email} is listed twice`);
      else project.users![email] = role as ProjectRole;
    }
  const grants = checkGroupGrants(raw.groups, [...at, 'groups'], groupKey, 'project', fail);
  if (grants) project.groups = grants;
  return project;
}

const GROUP_KEYS = ['id', 'name', 'source', 'emoji', 'sync_status', 'created_at', 'members'];

/** The account's groups: ids unique, members users of the account, sync_status for `adobe` groups only. */
function checkGroups(
  raw: unknown,
  at: SeedPath,
  accountRoles: Record<string, string | null>,
  keyOf: EmailKey,
  fail: (p: SeedPath, m: string) => void,
): SeedGroup[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    fail(at, 'groups must be a list of {id, name, source, members}');
    return [];
  }
  const groups: SeedGroup[] = [];
  const ids = new Set<string>();
  for (const [k, g] of raw.entries()) {
    const where = [...at, k];
    if (!isRecord(g)) {
      fail(where, 'a group must be a mapping {id, name, source, members}');
      continue;
    }
    for (const key of Object.keys(g))
      if (!GROUP_KEYS.includes(key))
        fail([...where, key], `unknown group key "${key}" (expected ${GROUP_KEYS.join(', ')})`);
    if (typeof g.id !== 'string' || !isUuid(g.id)) {
      fail([...where, 'id'], 'group id must be a UUID');
      continue;
    }
    if (ids.has(g.id.toLowerCase())) {
      fail([...where, 'id'], `duplicate group id ${g.id}`);
      continue;
    }
    if (typeof g.name !== 'string' || g.name === '' || g.name.length > 255) {
      fail([...where, 'name'], 'group name must be a string of 1 to 255 characters');
      continue;
    }
    const group: SeedGroup = { id: g.id, name: g.name, source: 'frame', members: [] };
    if (g.source !== undefined) {
      if (!isGroupSource(g.source))
        fail(
          [...where, 'source'],
          `source must be one of ${GROUP_SOURCES.join(', ')}, not ${JSON.stringify(g.source)}`,
        );
      else group.source = g.source;
    }
    if (g.emoji !== undefined) {
      if (typeof g.emoji !== 'string' || g.emoji === '' || g.emoji.length > 255)
        fail([...where, 'emoji'], 'emoji must be a string of 1 to 255 characters');
      else group.emoji = g.emoji;
    }
    if (g.sync_status !== undefined) {
      if (group.source !== 'adobe')
        fail([...where, 'sync_status'], `sync_status is for adobe groups only; this group's source is ${group.source}`);
      else if (!isSyncStatus(g.sync_status))
        fail(
          [...where, 'sync_status'],
          `sync_status must be one of ${SYNC_STATUSES.join(', ')}, not ${JSON.stringify(g.sync_status)}`,
        );
      else group.sync_status = g.sync_status;
    }
    if (g.created_at !== undefined && isTimestamp(g.created_at, [...where, 'created_at'], fail))
      group.created_at = g.created_at;
    if (g.members !== undefined && !Array.isArray(g.members))
      fail([...where, 'members'], 'members must be a list of emails');
    else
      for (const [m, rawEmail] of ((g.members as unknown[] | undefined) ?? []).entries()) {
        const place = [...where, 'members', m];
        if (typeof rawEmail !== 'string') {
          fail(place, 'a member is an email');
          continue;
        }
        const key = accountUserKey(rawEmail, place, keyOf, accountRoles, fail);
        if (key === undefined) continue;
        if (group.members!.includes(key)) fail(place, `${key} is listed twice`);
        else group.members!.push(key);
      }
    ids.add(g.id.toLowerCase());
    groups.push(group);
  }
  return groups;
}

/** The id of the group a grant key names (an id, or a name one group has), or why it names none. */
type GroupKey = (key: string) => { id: string } | { problem: string };

function groupKeyOf(groups: readonly SeedGroup[]): GroupKey {
  return (key) => {
    const byId = groups.find((g) => g.id.toLowerCase() === key.toLowerCase());
    if (byId) return { id: byId.id.toLowerCase() };
    const named = groups.filter((g) => g.name === key);
    if (named.length === 1) return { id: named[0]!.id.toLowerCase() };
    if (named.length > 1)
      return { problem: `${named.length} groups are named ${key} (${named.map((g) => g.id).join(', ')}); use an id` };
    const known = groups.map((g) => g.name);
    return {
      problem: `${key} is not a group of the account${known.length ? ` (its groups: ${known.join(', ')})` : ''}`,
    };
  };
}

/** `groups:` of a workspace or project: group -> role, keyed by the group's id once checked. */
function checkGroupGrants(
  raw: unknown,
  at: SeedPath,
  groupKey: GroupKey,
  scope: 'workspace' | 'project',
  fail: (p: SeedPath, m: string) => void,
): Record<string, GroupRole> | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) return void fail(at, `groups must be a mapping of group name -> ${scope} role`);
  const grants: Record<string, GroupRole> = {};
  for (const [key, role] of Object.entries(raw)) {
    const found = groupKey(key);
    if ('problem' in found) fail([...at, key], found.problem);
    else if (!isGroupRole(role))
      fail(
        [...at, key],
        `a group's ${scope} role must be one of ${GROUP_ROLES.join(', ')}, not ${JSON.stringify(role)}`,
      );
    else if (found.id in grants) fail([...at, key], `group ${key} is listed twice`);
    else grants[found.id] = role;
  }
  return grants;
}

/** The user key an email in the seed refers to; the keys it could mean when it matches several only up to case. */
type EmailKey = (email: string) => string | string[] | undefined;

/** Exactly as a user's key, else case-insensitively when that is unambiguous. */
export function seedEmailKey(keys: Iterable<string>): EmailKey {
  const exact = new Set(keys);
  const byLower = new Map<string, string[]>();
  for (const key of exact) byLower.set(normalizeEmail(key), [...(byLower.get(normalizeEmail(key)) ?? []), key]);
  return (email) => {
    if (exact.has(email.trim())) return email.trim();
    const found = byLower.get(normalizeEmail(email));
    return found === undefined ? undefined : found.length === 1 ? found[0] : found;
  };
}

/** The user an email names who has a role in the account; says why at `place` when there is none. */
function accountUserKey(
  rawEmail: string,
  place: SeedPath,
  keyOf: EmailKey,
  accountRoles: Record<string, unknown>,
  fail: (p: SeedPath, m: string) => void,
): string | undefined {
  const key = keyOf(rawEmail);
  if (Array.isArray(key)) fail(place, ambiguous(rawEmail, key));
  else if (key === undefined) fail(place, `${rawEmail} is not in users`);
  else if (!(key in accountRoles))
    fail(place, `${rawEmail} is not a user of the account; give them an account role first`);
  else return key;
  return undefined;
}

function ambiguous(email: string, keys: string[]): string {
  const users = keys.join(', ');
  return `${email} matches ${keys.length} users that differ only in case (${users}); write it exactly as one of them`;
}

/** For object input: throws a RolesyncError naming each problem by its path. */
export function validateSeed(input: unknown, label = 'emulator state'): EmulatorStateInput {
  const { state, issues } = checkSeed(input);
  if (state) return state;
  const lines = issues.map((i) => `${label}${i.path.length ? ` at ${i.path.join('.')}` : ''}: ${i.message}`);
  throw new RolesyncError(
    'CONFIG',
    [`the emulator state is invalid (${counted(issues.length, 'error')}):`, ...lines].join('\n'),
  );
}
