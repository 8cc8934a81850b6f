// Builds the access report from live state (and the manifest, when given): for every user and scope
// the effective role, the highest of its sources (account role, workspace role, project grant, Frame.io
// groups; a restricted project inherits nothing from its workspace: README "Projects"), and the flags.
// Pure: `now` and the audit-log logins are inputs.
import { workspaceRoleRank, type WorkspaceRole } from '../api/index.js';
import { compareStrings } from '../compare.js';
import type { LiveAccount, LiveGroupGrant, LiveUser, LiveWorkspace } from '../live/types.js';
import type { DesiredAccount, DesiredProject, DesiredWorkspace, Manifest } from '../manifest/types.js';
import {
  REPORT_FLAGS,
  type Report,
  type ReportAccount,
  type ReportFlag,
  type ReportRow,
  type ReportSource,
  type UserStatus,
} from './types.js';

/** What the audit log gave for one account: the latest login per user id, or why there is none. */
export type ActivityRead =
  | { available: true; since: number; days: number; calls: number; complete: boolean; logins: Map<string, number> }
  | { available: false; reason: string; days: number; calls: number };

export interface ReportInput {
  accounts: LiveAccount[];
  /** null: `--account` (nothing is managed, nothing undeclared). */
  manifest: Manifest | null;
  source: Report['source'];
  /** ms since the epoch. */
  now: number;
  /** By account id; an account missing here was not looked up. */
  activity: ReadonlyMap<string, ActivityRead>;
}

/** owner > admin > the workspace roles. */
export function roleRank(role: string): number {
  if (role === 'owner') return 100;
  if (role === 'admin') return 99;
  return workspaceRoleRank(role as WorkspaceRole);
}

const lower = (s: string) => s.toLowerCase();

function statusOf(user: LiveUser): UserStatus {
  if (user.id === null) return 'invited';
  if (user.active === false) return 'deactivated';
  return user.active === true ? 'active' : 'unknown';
}

/** What the manifest declares for one account, as lookups. */
interface Declared {
  admins: Set<string>;
  workspace(ws: LiveWorkspace): DesiredWorkspace | undefined;
  project(ws: DesiredWorkspace | undefined, id: string, name: string): DesiredProject | undefined;
  /** Emails a manifest group (`groups:`) expands to. */
  groupEmails(name: string): string[];
  /** Whether a Frame.io group grant key names the live group. */
  namesGroup(key: string, groupId: string, groupName: string): boolean;
}

function declared(account: DesiredAccount): Declared {
  const groups = new Map(account.groups.map((g) => [g.name, g.members.map((m) => m.email)]));
  const frameio = new Map(account.frameioGroups.map((g) => [g.name, g]));
  return {
    admins: new Set(account.users.filter((u) => u.role === 'admin').map((u) => u.email)),
    workspace: (ws) =>
      account.workspaces.find((d) => (d.id !== undefined ? lower(d.id) === lower(ws.id) : d.name === ws.name)),
    project: (ws, id, name) =>
      ws?.projects.find((p) => (p.id !== undefined ? lower(p.id) === lower(id) : p.name === name)),
    groupEmails: (name) => groups.get(name) ?? [],
    namesGroup: (key, groupId, groupName) => {
      const g = frameio.get(key);
      if (!g) return false;
      return g.id !== undefined ? lower(g.id) === lower(groupId) : g.name === groupName;
    },
  };
}

/** Whether the desired scope lists the email, directly or through a manifest group. */
function listsUser(scope: DesiredWorkspace | DesiredProject | undefined, email: string, decl: Declared): boolean {
  if (!scope) return false;
  if (scope.users.some((u) => u.email === email)) return true;
  return scope.groups.some((g) => decl.groupEmails(g.group).includes(email));
}

function listsGroup(scope: DesiredWorkspace | DesiredProject | undefined, src: ReportSource, decl: Declared): boolean {
  return (scope?.frameioGroups ?? []).some((g) => decl.namesGroup(g.group, src.group_id ?? '', src.group_name ?? ''));
}

function best(sources: ReportSource[]): ReportSource[] {
  return [...sources].sort(
    (a, b) =>
      roleRank(b.role) - roleRank(a.role) ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.group_name ?? '', b.group_name ?? ''),
  );
}

/** Each read group's members (lower-cased emails) by lower-cased id; unread groups give nobody anything. */
type GroupIndex = Map<string, { id: string; name: string; members: Set<string> }>;

function groupIndex(account: LiveAccount): GroupIndex {
  const out: GroupIndex = new Map();
  for (const g of account.groups ?? []) {
    if (g.members)
      out.set(lower(g.id), { id: g.id, name: g.name, members: new Set(g.members.map((m) => lower(m.email))) });
  }
  return out;
}

/** The Frame.io group sources `grants` give `email`, on `on`. */
function groupSources(
  groups: GroupIndex,
  grants: readonly LiveGroupGrant[] | undefined,
  email: string,
  on: 'workspace' | 'project',
): ReportSource[] {
  const out: ReportSource[] = [];
  for (const grant of grants ?? []) {
    const group = groups.get(lower(grant.group_id));
    if (!group?.members.has(email)) continue;
    out.push({ kind: 'frameio_group', role: grant.role, on, group_id: group.id, group_name: group.name });
  }
  return out;
}

interface Person {
  user: LiveUser;
  accountRole: string | null;
}

function wideSource(person: Person): ReportSource | null {
  if (person.accountRole === 'owner')
    return { kind: 'owner', role: 'owner', on: 'account', group_id: null, group_name: null };
  if (person.accountRole === 'admin')
    return { kind: 'account_admin', role: 'admin', on: 'account', group_id: null, group_name: null };
  return null;
}

/** The report of `input`. */
export function buildReport(input: ReportInput): Report {
  const rows: ReportRow[] = [];
  const accounts: ReportAccount[] = [];
  for (const account of input.accounts) {
    const desired = input.manifest?.accounts.find((a) => lower(a.id) === lower(account.id));
    const decl = desired ? declared(desired) : null;
    const activity = input.activity.get(account.id);
    accounts.push({
      id: account.id,
      name: account.displayName,
      groups_read: account.groups !== undefined,
      activity: activityOf(activity),
    });
    const groups = groupIndex(account);
    const people = new Map<string, Person>();
    const meet = (user: LiveUser) => {
      const email = lower(user.email);
      if (!people.has(email)) people.set(email, { user, accountRole: null });
    };
    for (const u of account.users) people.set(lower(u.user.email), { user: u.user, accountRole: u.role });
    for (const ws of account.workspaces) {
      for (const m of ws.members ?? []) meet(m.user);
      for (const p of ws.projects ?? []) for (const m of p.members ?? []) meet(m.user);
    }
    for (const g of account.groups ?? []) for (const m of g.members ?? []) meet(m);
    // Who may have access to a scope: the account-wide, its rows, the members of the groups granted there.
    const wide = [...people].filter(([, p]) => wideSource(p) !== null).map(([email]) => email);
    const granted = (grants: readonly LiveGroupGrant[] | undefined) =>
      (grants ?? []).flatMap((g) => [...(groups.get(lower(g.group_id))?.members ?? [])]);

    const row = (
      ws: LiveWorkspace,
      project: { id: string; name: string; restricted: boolean | null } | null,
      email: string,
      sources: ReportSource[],
      declares: ((s: ReportSource) => boolean) | null,
      flags: Set<ReportFlag>,
    ): void => {
      const person = people.get(email)!;
      const sorted = best(sources);
      // Managed: the manifest declares what gives the effective role; undeclared: some source it does not.
      const top = roleRank(sorted[0]!.role);
      const managed = declares ? sorted.some((s) => roleRank(s.role) === top && declares(s)) : null;
      if (declares && sorted.some((s) => s.kind !== 'owner' && !declares(s))) flags.add('undeclared');
      const status = statusOf(person.user);
      const holds = sorted.some((s) => s.kind !== 'owner' && s.kind !== 'account_admin');
      if (holds && (status === 'deactivated' || status === 'invited')) flags.add('inactive_with_grant');
      if (wideSource(person) && holds) flags.add('redundant_admin_grant');
      const login =
        activity?.available && person.user.id !== null ? activity.logins.get(lower(person.user.id)) : undefined;
      rows.push({
        account_id: account.id,
        account_name: account.displayName,
        scope: project ? 'project' : 'workspace',
        workspace_id: ws.id,
        workspace_name: ws.name,
        project_id: project?.id ?? null,
        project_name: project?.name ?? null,
        restricted: project?.restricted ?? null,
        user_id: person.user.id,
        email,
        name: person.user.name,
        status,
        account_role: person.accountRole,
        role: sorted[0]!.role,
        sources: sorted,
        managed,
        expires: null,
        last_login: login === undefined ? null : new Date(login).toISOString(),
        flags: REPORT_FLAGS.filter((f) => flags.has(f)),
      });
    };

    for (const ws of account.workspaces) {
      // A workspace whose members were not read is not reported (the manifest does not manage it).
      if (!ws.members) continue;
      const dws = decl?.workspace(ws);
      const wsRows = new Map(ws.members.map((m) => [lower(m.user.email), m]));
      // Each user's workspace sources, also what a project of it inherits.
      const wsSources = new Map<string, ReportSource[]>();
      const wsCandidates = new Set([...wide, ...wsRows.keys(), ...granted(ws.groupGrants)]);
      for (const email of wsCandidates) {
        const person = people.get(email)!;
        const sources: ReportSource[] = [];
        const listed = wsRows.get(email);
        // `admin`/`owner` rows stand for the account role; any other row is a workspace role.
        if (listed && listed.role !== 'admin' && listed.role !== 'owner')
          sources.push({
            kind: 'workspace_role',
            role: listed.role,
            on: 'workspace',
            group_id: null,
            group_name: null,
          });
        sources.push(...groupSources(groups, ws.groupGrants, email, 'workspace'));
        wsSources.set(email, sources);
        const wide = wideSource(person);
        const all = wide ? [wide, ...sources] : sources;
        if (all.length === 0) continue;
        const declares = decl
          ? (s: ReportSource) =>
              s.kind === 'account_admin'
                ? decl.admins.has(email)
                : s.kind === 'workspace_role'
                  ? listsUser(dws, email, decl)
                  : s.kind === 'frameio_group' && listsGroup(dws, s, decl)
          : null;
        row(ws, null, email, all, declares, new Set());
      }

      for (const p of ws.projects ?? []) {
        if (!p.members) continue;
        const dp = decl?.project(dws, p.id, p.name);
        // A listing that shows account admins or the owner shows inherited access too (README "Projects").
        const inheritedListing = p.members.some((m) => m.role === 'admin' || m.role === 'owner');
        const projectRows = new Map(p.members.map((m) => [lower(m.user.email), m]));
        const candidates = new Set([...wide, ...projectRows.keys(), ...granted(p.groupGrants)]);
        if (p.restricted !== true) for (const email of wsCandidates) candidates.add(email);
        for (const email of candidates) {
          const person = people.get(email)!;
          const inherited = p.restricted === true ? [] : (wsSources.get(email) ?? []);
          const inheritedRank = Math.max(0, ...inherited.map((s) => roleRank(s.role)));
          const sources: ReportSource[] = [...inherited];
          const flags = new Set<ReportFlag>();
          const listed = projectRows.get(email);
          if (listed && !['admin', 'owner', 'workspace_admin'].includes(listed.role)) {
            const rank = roleRank(listed.role);
            // In an inherited listing a row at or below what the workspace gives is that access, no grant.
            if (!(inheritedListing && rank <= inheritedRank)) {
              sources.push({
                kind: 'project_grant',
                role: listed.role,
                on: 'project',
                group_id: null,
                group_name: null,
              });
              if (rank <= inheritedRank || wideSource(person)) flags.add('no_effect');
            }
          }
          sources.push(...groupSources(groups, p.groupGrants, email, 'project'));
          const wide = wideSource(person);
          const all = wide ? [wide, ...sources] : sources;
          if (all.length === 0) continue;
          const declares = decl
            ? (s: ReportSource): boolean => {
                if (s.kind === 'account_admin') return decl.admins.has(email);
                if (s.on === 'workspace')
                  return s.kind === 'workspace_role' ? listsUser(dws, email, decl) : listsGroup(dws, s, decl);
                if (s.kind === 'project_grant') return listsUser(dp, email, decl);
                return s.kind === 'frameio_group' && listsGroup(dp, s, decl);
              }
            : null;
          row(ws, p, email, all, declares, flags);
        }
      }
    }
  }
  rows.sort(
    (a, b) =>
      compareStrings(a.account_id, b.account_id) ||
      compareStrings(a.workspace_name, b.workspace_name) ||
      compareStrings(a.workspace_id, b.workspace_id) ||
      compareStrings(a.project_name ?? '', b.project_name ?? '') ||
      compareStrings(a.project_id ?? '', b.project_id ?? '') ||
      compareStrings(a.email, b.email),
  );
  const flags = Object.fromEntries(REPORT_FLAGS.map((f) => [f, 0])) as Record<ReportFlag, number>;
  for (const r of rows) for (const f of r.flags) flags[f] += 1;
  const scopes = new Set(rows.map((r) => `${r.account_id}\u0000${r.workspace_id}\u0000${r.project_id ?? ''}`));
  return {
    version: 1,
    generated_at: new Date(input.now).toISOString(),
    source: input.source,
    expiry_supported: false,
    accounts,
    rows,
    summary: { rows: rows.length, users: new Set(rows.map((r) => r.email)).size, scopes: scopes.size, flags },
  };
}

function activityOf(read: ActivityRead | undefined): ReportAccount['activity'] {
  if (read === undefined)
    return { available: false, note: 'the audit log was not read', since: null, days: 0, calls: 0 };
  if (!read.available) return { available: false, note: read.reason, since: null, days: read.days, calls: read.calls };
  return {
    available: true,
    note: read.complete
      ? null
      : `only the first ${read.calls} pages of logins were read: an older last login may be missing`,
    since: new Date(read.since).toISOString(),
    days: read.days,
    calls: read.calls,
  };
}
