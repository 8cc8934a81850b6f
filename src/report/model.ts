// Builds the access report from live state (and the manifest, when given): for every user and scope
// the effective role, the highest of its sources (account role, workspace role, project grant, Frame.io
// groups; a restricted project inherits nothing from its workspace: README "Projects"), and the flags.
// Pure: `now` and the audit-log logins are inputs.
import { workspaceRoleRank, type WorkspaceRole } from '../api/index.js';
import { compareStrings } from '../compare.js';
import type { LiveAccount, LiveGroupGrant, LiveUser, LiveWorkspace } from '../live/types.js';
import type {
  DesiredAccount,
  DesiredMember,
  DesiredProject,
  DesiredWorkspace,
  Expiry,
  Manifest,
} from '../manifest/types.js';
import { earlier } from '../plan/expiry.js';
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

/**
 * The ends of the manifest grants that declare a source: one item per grant, undefined for one that
 * never ends; empty when the manifest does not declare it.
 */
type Ends = (Expiry | undefined)[];

/** When access that any of `ends` gives ends: undefined if one never ends, else the latest. */
function latest(ends: Ends): Expiry | undefined {
  let out: Expiry | undefined;
  for (const e of ends) {
    if (e === undefined) return undefined;
    if (out === undefined || e.at > out.at) out = e;
  }
  return out;
}

/** What the manifest declares for one account, as lookups. */
interface Declared {
  policy: DesiredAccount['policy'];
  admin(email: string): Ends;
  workspace(ws: LiveWorkspace): DesiredWorkspace | undefined;
  project(ws: DesiredWorkspace | undefined, id: string, name: string): DesiredProject | undefined;
  /** The user's grants in the scope: listed, or through a manifest group (`groups:`). */
  user(scope: DesiredWorkspace | DesiredProject | undefined, email: string): Ends;
  /** The scope's grants of the Frame.io group `src` names, each ending no later than `email`'s membership. */
  group(scope: DesiredWorkspace | DesiredProject | undefined, src: ReportSource, email: string): Ends;
}

function declared(account: DesiredAccount): Declared {
  const groups = new Map(account.groups.map((g) => [g.name, g.members]));
  const frameio = new Map(account.frameioGroups.map((g) => [g.name, g]));
  const memberEnds = (members: readonly DesiredMember[] | undefined, email: string): Ends =>
    (members ?? []).filter((m) => m.email === email).map((m) => m.expires);
  /** When the manifest ends `email`'s membership of a Frame.io group: never when it does not manage it. */
  const membership = (key: string, email: string): Expiry | undefined => {
    const g = frameio.get(key);
    if (!g?.managed) return undefined;
    const ends = [...memberEnds(g.members, email), ...g.groups.flatMap((n) => memberEnds(groups.get(n.name), email))];
    return latest(ends);
  };
  const namesGroup = (key: string, src: ReportSource): boolean => {
    const g = frameio.get(key);
    if (!g) return false;
    return g.id !== undefined ? lower(g.id) === lower(src.group_id ?? '') : g.name === src.group_name;
  };
  return {
    policy: account.policy,
    admin: (email) => account.users.filter((u) => u.role === 'admin' && u.email === email).map((u) => u.expires),
    workspace: (ws) =>
      account.workspaces.find((d) => (d.id !== undefined ? lower(d.id) === lower(ws.id) : d.name === ws.name)),
    project: (ws, id, name) =>
      ws?.projects.find((p) => (p.id !== undefined ? lower(p.id) === lower(id) : p.name === name)),
    user: (scope, email) => {
      if (!scope) return [];
      const direct = scope.users.filter((u) => u.email === email).map((u) => u.expires);
      const viaGroups = scope.groups.flatMap((g) =>
        memberEnds(groups.get(g.group), email).map((m) => earlier(g.expires, m)),
      );
      return [...direct, ...viaGroups];
    },
    group: (scope, src, email) =>
      (scope?.frameioGroups ?? [])
        .filter((g) => namesGroup(g.group, src))
        .map((g) => earlier(g.expires, membership(g.group, email))),
  };
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
      endsOf: ((s: ReportSource) => Ends) | null,
      flags: Set<ReportFlag>,
    ): void => {
      const person = people.get(email)!;
      const sorted = best(sources);
      // Managed: the manifest declares what gives the effective role; undeclared: some source it does not.
      const top = roleRank(sorted[0]!.role);
      const ends = sorted.map((s) => (endsOf ? endsOf(s) : []));
      const declares = (i: number) => ends[i]!.length > 0;
      const managed = endsOf ? sorted.some((s, i) => roleRank(s.role) === top && declares(i)) : null;
      if (endsOf && sorted.some((s, i) => s.kind !== 'owner' && !declares(i))) flags.add('undeclared');
      // The managed access ends when the last declared grant giving the effective role ends.
      const topEnds = sorted.flatMap((s, i) => (roleRank(s.role) === top ? ends[i]! : []));
      const end = managed ? latest(topEnds) : undefined;
      if (end !== undefined && decl && end.at > input.now && end.at - input.now <= decl.policy.expiryNotice)
        flags.add('ending_soon');
      // A live source the manifest declared only with grants that have ended.
      const ended = (e: Ends) => e.length > 0 && (latest(e)?.at ?? Number.POSITIVE_INFINITY) <= input.now;
      if (ends.some(ended)) flags.add('expired');
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
        expires: end === undefined ? null : new Date(end.at).toISOString(),
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
        const endsOf = decl
          ? (s: ReportSource): Ends =>
              s.kind === 'account_admin'
                ? decl.admin(email)
                : s.kind === 'workspace_role'
                  ? decl.user(dws, email)
                  : s.kind === 'frameio_group'
                    ? decl.group(dws, s, email)
                    : []
          : null;
        row(ws, null, email, all, endsOf, new Set());
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
          const endsOf = decl
            ? (s: ReportSource): Ends => {
                if (s.kind === 'account_admin') return decl.admin(email);
                if (s.on === 'workspace')
                  return s.kind === 'workspace_role' ? decl.user(dws, email) : decl.group(dws, s, email);
                if (s.kind === 'project_grant') return decl.user(dp, email);
                return s.kind === 'frameio_group' ? decl.group(dp, s, email) : [];
              }
            : null;
          row(ws, p, email, all, endsOf, flags);
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
    expiry_supported: input.manifest !== null,
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
