// The one diff of desired grants against live ones in a scope (the account, a workspace, a project,
// a Frame.io group's members): modes, guards, notes and changes. What differs per scope is data, one
// entry each in SCOPES (scopes.ts); this routine never learns a scope's name or words. Pure.
import type { SourcePos } from '../errors.js';
import type { LiveAccountUser, LiveState, LiveUser } from '../live/types.js';
import type { EndedGrant, Mode } from '../manifest/types.js';
import type { WorkspaceRole, WriteClass } from '../api/index.js';
import { assertNever } from '../never.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import type { HeldNoteKind, NoteDesired, NoteRole, PlanNote } from './types.js';

/**
 * A scope's role vocabulary. `live`: what a live row may hold; `written`: what a change may name
 * as its `from` (a workspace's `admin`/`owner` rows may not); `desired`: what the manifest sets.
 */
export interface ScopeRoles {
  live: NoteRole;
  written: NoteRole;
  desired: NoteDesired;
}

/**
 * What a note or a change names of its scope: the account, plus the workspace (and project) for one
 * below it, or the Frame.io group (`group_id` null: a group this plan creates, named by name only).
 */
export interface ScopeAt {
  account_id: string;
  workspace_id?: string;
  workspace_name?: string;
  project_id?: string;
  project_name?: string;
  group_id?: string | null;
  group_name?: string;
}

/** A user's row in a scope as read: their account role, or their role in a workspace's listing. */
export interface LiveRow<R extends ScopeRoles> {
  user: LiveUser;
  role: R['live'] | null;
}

/** One entry of the manifest for the scope, bound to the account user it names. */
export interface DesiredGrant<R extends ScopeRoles> {
  /** Lower-cased. */
  email: string;
  role: R['desired'];
  pos: SourcePos;
  /** The manifest group the role came through; null for a direct entry. */
  via: string | null;
  user: LiveAccountUser;
  /** The user's row in this scope; undefined when they have none (an add). */
  row: LiveRow<R> | undefined;
}

/** One scope to diff, as a table entry's `inputs` builds it from the resolved account. */
export interface ScopeInput<R extends ScopeRoles, At extends ScopeAt> {
  at: At;
  /** The scope's name for sentences (a workspace's live name; '' for the account). */
  name: string;
  mode: Mode;
  /** Sorted by email. */
  desired: readonly DesiredGrant<R>[];
  /** Every live row: one email may have several (Frame.io may list two users for an address). */
  rows: readonly LiveRow<R>[];
  /**
   * The role a user gets in this scope from the scope above it after this plan (a project's from its
   * workspace), for the `covered` check; absent, or null for a user: nothing comes from above.
   */
  above?(user: LiveAccountUser): Above | null;
  /**
   * The role a user gets in this scope through Frame.io group grants after this plan, for the
   * `through_group` check; absent, or null for a user: nothing comes through a group.
   */
  throughGroup?(user: LiveUser): Through | null;
  /**
   * The users whose grants in this scope have ended (by lower-cased email): their rows are taken away
   * as unlisted rows are, whatever the mode, with the reason `expired`. Absent: none.
   */
  ended?: ReadonlyMap<string, EndedGrant>;
}

/** A role that comes from the scope above, with its rank on this scope's scale. */
export interface Above {
  role: NoteDesired;
  rank: number;
  /** The Frame.io groups the role comes through, when it comes through group grants rather than from above. */
  via?: readonly string[];
}

/** A role that comes through Frame.io group grants, with its rank on this scope's scale. */
export interface Through {
  role: WorkspaceRole;
  rank: number;
  /** The groups' names, the highest-role one first, then by name. */
  via: string[];
}

/** Why a user already has access in a scope through the account role, now or after this plan. */
export type Inherited = 'owner' | 'admin' | 'admin_until_demoted' | 'becomes_admin';

/** What the account's guards hold back: any lowering (demotion, downgrade, removal) of these users. */
export type Guard = Exclude<HeldNoteKind, 'reviewer_untouchable'>;

/** What holds for the whole account while its scopes are diffed. */
export interface ScopeContext {
  /** The token's own user: never demoted or removed. */
  self: LiveState['self'];
  /** `policy.protected`, lower-cased. */
  protectedEmails: ReadonlySet<string>;
  /** The account user a row's user is: by user id, an invitation (no id) by email (`userIndex`). */
  accountUser(user: LiveUser): LiveAccountUser | undefined;
  /** Access a user has in this scope through the account role, now or after this plan; null: none. */
  inherited(accountUser: LiveAccountUser | undefined): Inherited | null;
}

/**
 * A lookup of the row a user has among `rows`: by user id, since one email may belong to two users
 * (differing in case) and resolve has chosen which one a manifest entry means; invitations have no
 * id, so by email (`sameInvitation`).
 */
export function userIndex<T extends { user: LiveUser }>(rows: readonly T[]): (user: LiveUser) => T | undefined {
  const byId = new Map<string, T>();
  for (const row of rows) if (row.user.id !== null) byId.set(row.user.id, row);
  return (user) => (user.id !== null ? byId.get(user.id) : rows.find((row) => sameInvitation(row.user, user)));
}

/** Invitations have no id: two rows are the same invitation when both lack one and share the email. */
function sameInvitation(a: LiveUser, b: LiveUser): boolean {
  return a.id === null && b.id === null && normalizeEmail(a.email) === normalizeEmail(b.email);
}

/** What a sentence about a listed grant may name. */
export interface ListedFact<R extends ScopeRoles> {
  email: string;
  live: R['live'] | null;
  desired: R['desired'];
  pos: SourcePos;
  via: string | null;
  scope: string;
}

/** What a sentence about a live row the manifest does not list may name. */
export interface UnlistedFact<R extends ScopeRoles> {
  email: string;
  live: R['live'] | null;
  scope: string;
  /** The row's grant ended: the manifest's `expires` (the row is taken away whatever the mode). */
  ended?: string;
}

/**
 * The checks a scope runs on each grant, in the order its entry lists them; the first that
 * decides wins, and a grant no check decides is written.
 * - `unchanged`: live already has the desired role; nothing to do.
 * - `owner`: the account owner's role is never changed; listing them at the scope's top role holds.
 * - `reviewer`: a reviewer of the account (share links only) cannot be given a role by the API.
 * - `not_writable`: an invited (no id) or deactivated user, passed over without a note.
 * - `protect`: a lowering (lower role, or removal) of the owner, the token's own user or a protected user.
 * - `account_row`: the live row stands for the account role (a workspace's `admin`/`owner` rows).
 * - `inherited`: the account role gives the user access here, now or after this plan.
 * - `covered`: a listed grant at or below the role the user gets from the scope above (`above`),
 *   whose live grant is no higher either: writing it would change no one's access (a warning).
 * - `through_group`: an unlisted row at or below the role the user gets through group grants after
 *   this plan (`throughGroup`): their access comes through the group, so the row is not taken away.
 * - `invited`, `deactivated`: as `not_writable`, with a note.
 * Each check that notes carries the sentence for it (`says`): the words belong to the scope.
 */
export type Check<Fact> =
  | { check: 'unchanged' | 'not_writable' }
  | { check: 'owner' | 'reviewer' | 'account_row' | 'invited' | 'deactivated'; says: (fact: Fact) => string }
  | { check: 'protect'; says: (fact: Fact, guard: Guard) => string }
  | { check: 'inherited'; says: (fact: Fact, from: Inherited) => string }
  | { check: 'covered'; says: (fact: Fact, above: Above) => string }
  | { check: 'through_group'; says: (fact: Fact, through: Through) => string };

/**
 * A scope kind: everything the diff needs to know about it. `R`: its roles; `At`: what its
 * changes and notes name of it; `Resolved`: what `inputs` reads its scopes from; `C`: its changes.
 */
export interface ScopeSpec<R extends ScopeRoles, At extends ScopeAt, Resolved, C extends { action: string }> {
  /** Roles the manifest may set, highest first. */
  roles: readonly R['desired'][];
  /** Higher is more access. */
  rank(role: R['written'] | R['desired']): number;
  /** Whether a change may name this live role as its `from` (false: the row stands for access from elsewhere). */
  writable(role: R['live']): role is R['written'];
  /** The scopes of this kind in a resolved account. */
  inputs(account: Resolved): ScopeInput<R, At>[];
  /** Checks on each entry the manifest lists. */
  listed: readonly Check<ListedFact<R>>[];
  /** What `mode: authoritative` does with live rows the manifest does not list. */
  unlisted: {
    /** Which unlisted rows it takes away (an account demotes only admins; a workspace removes anyone). */
    takes(role: R['live'] | null): boolean;
    checks: readonly Check<UnlistedFact<R>>[];
  };
  /** The change that gives a listed user `to` (`from` null: an add). */
  set(at: At, who: Who, from: R['written'] | null, to: R['desired']): C;
  /** The change that takes an unlisted row away. */
  unset(at: At, who: Who, from: R['written']): C;
  /** The API write each of its change actions costs, by endpoint class. */
  writes: Readonly<Record<C['action'], WriteClass>>;
}

/** The user a change writes. */
export interface Who {
  user_id: string;
  email: string;
}

export interface ScopeDiff<C> {
  changes: C[];
  notes: PlanNote[];
}

/** One grant as the checks see it: a listed entry (with its row, if any) or an unlisted row. */
interface Grant<R extends ScopeRoles> {
  email: string;
  /** The user to write: the account user for a listed entry, the row's user for an unlisted row. */
  user: LiveUser;
  accountUser: LiveAccountUser | undefined;
  live: R['live'] | null;
  /** null: the manifest does not list the user. */
  desired: R['desired'] | null;
  /** What the user gets from the scope above after this plan (listed grants only). */
  above: Above | null;
  /** What the user gets through group grants after this plan (unlisted rows only). */
  through: Through | null;
}

/** The note kinds the diff writes about one user. */
type UserNoteKind = Extract<PlanNote, { email: string }>['kind'];
/** A note's sentence is built only for the grants that get one: most grants are written or skipped. */
type Verdict<Fact> = 'write' | 'skip' | { kind: UserNoteKind; says: (fact: Fact) => string };
type Ranking<R extends ScopeRoles> = Pick<
  ScopeSpec<R, ScopeAt, unknown, { action: string }>,
  'roles' | 'rank' | 'writable'
>;

/** Diff every scope of this kind in the account (unsorted output; `plan` sorts). */
export function diffScopes<R extends ScopeRoles, At extends ScopeAt, Resolved, C extends { action: string }>(
  spec: ScopeSpec<R, At, Resolved, C>,
  account: Resolved,
  ctx: ScopeContext,
): ScopeDiff<C> {
  const out: ScopeDiff<C> = { changes: [], notes: [] };
  for (const input of spec.inputs(account)) {
    const diff = diffScope(spec, input, ctx);
    // A loop, not push(...list): spreading tens of thousands of arguments can overflow the stack.
    for (const c of diff.changes) out.changes.push(c);
    for (const n of diff.notes) out.notes.push(n);
  }
  return out;
}

/** Diff one scope: each listed grant, then (authoritative only) each live row the manifest does not list. */
export function diffScope<R extends ScopeRoles, At extends ScopeAt, Resolved, C extends { action: string }>(
  spec: ScopeSpec<R, At, Resolved, C>,
  input: ScopeInput<R, At>,
  ctx: ScopeContext,
): ScopeDiff<C> {
  const changes: C[] = [];
  const notes: PlanNote[] = [];

  for (const d of input.desired) {
    const live = d.row?.role ?? null;
    const above = input.above?.(d.user) ?? null;
    const grant: Grant<R> = {
      email: d.email,
      user: d.user.user,
      accountUser: d.user,
      live,
      desired: d.role,
      above,
      through: null,
    };
    const verdict = judge(spec, spec.listed, grant, ctx);
    if (verdict === 'skip') continue;
    if (verdict !== 'write') {
      const fact: ListedFact<R> = { email: d.email, live, desired: d.role, pos: d.pos, via: d.via, scope: input.name };
      notes.push(noteOf(verdict.kind, verdict.says(fact), input.at, grant));
      continue;
    }
    const { id, active } = grant.user;
    // Whatever a scope's checks say, an invited or deactivated user and a row that stands for
    // access from elsewhere are never written.
    if (id === null || active === false || (live !== null && !spec.writable(live))) continue;
    const change = spec.set(input.at, { user_id: id, email: d.email }, live, d.role);
    // A lowering for a user whose grant here ended (a running grant, e.g. a group's, keeps less):
    // the access above it ends with that grant, so `apply --only-expired` takes it too.
    const end = lowers(spec, grant) ? input.ended?.get(d.email)?.expires.text : undefined;
    changes.push(end ? { ...change, reason: 'expired', expires: end } : change);
  }

  // An ended grant counts as absent whatever the mode: in an additive scope only its rows are taken.
  const ended = input.ended;
  const authoritative = input.mode === 'authoritative';
  if (!authoritative && (ended === undefined || ended.size === 0)) return { changes, notes };
  // Every row of an email the manifest lists is left alone: the user it means was handled above, and
  // another user with that email (deactivated, invited) is left as it is, as resolve notes.
  const listed = new Set(input.desired.map((d) => d.email));
  const unlisted = sortedByEmail(
    input.rows,
    (email, row) =>
      !listed.has(email) && spec.unlisted.takes(row.role) && (authoritative || ended?.has(email) === true),
  );
  for (const [email, row] of unlisted) {
    const live = row.role;
    const accountUser = ctx.accountUser(row.user);
    const through = input.throughGroup?.(row.user) ?? null;
    const end = ended?.get(email)?.expires.text;
    const grant: Grant<R> = { email, user: row.user, accountUser, live, desired: null, above: null, through };
    const verdict = judge(spec, spec.unlisted.checks, grant, ctx);
    if (verdict === 'skip') continue;
    if (verdict !== 'write') {
      const fact: UnlistedFact<R> = end
        ? { email, live, scope: input.name, ended: end }
        : { email, live, scope: input.name };
      notes.push(noteOf(verdict.kind, verdict.says(fact), input.at, grant));
      continue;
    }
    const { id, active } = row.user;
    if (id === null || active === false || live === null || !spec.writable(live)) continue;
    const change = spec.unset(input.at, { user_id: id, email }, live);
    changes.push(end ? { ...change, reason: 'expired', expires: end } : change);
  }
  return { changes, notes };
}

function judge<R extends ScopeRoles, Fact>(
  spec: Ranking<R>,
  checks: readonly Check<Fact>[],
  grant: Grant<R>,
  ctx: ScopeContext,
): Verdict<Fact> {
  const accountRole = grant.accountUser?.role ?? null;
  for (const c of checks) {
    switch (c.check) {
      case 'unchanged':
        if (grant.live === grant.desired) return 'skip';
        break;
      case 'not_writable':
        if (grant.user.id === null || grant.user.active === false) return 'skip';
        break;
      case 'owner':
        if (accountRole !== 'owner') break;
        // The owner has every right of the top role: listing them at it already holds.
        return grant.desired === spec.roles[0] ? 'skip' : { kind: 'owner_untouchable', says: c.says };
      case 'reviewer':
        if (accountRole === 'reviewer') return { kind: 'reviewer_untouchable', says: c.says };
        break;
      case 'protect': {
        const guard = lowers(spec, grant) ? guardOf(grant.user, accountRole, ctx) : null;
        if (guard) return { kind: guard, says: (fact) => c.says(fact, guard) };
        break;
      }
      case 'account_row':
        if (grant.live === null || spec.writable(grant.live)) break;
        return { kind: 'account_admin_in_workspace', says: c.says };
      case 'inherited': {
        const from = ctx.inherited(grant.accountUser);
        if (from) return { kind: 'account_admin_in_workspace', says: (fact) => c.says(fact, from) };
        break;
      }
      case 'covered': {
        const { above, desired, live } = grant;
        if (above === null || desired === null || spec.rank(desired) > above.rank) break;
        // A live grant above what is inherited still counts: writing the lower role takes it away.
        if (live !== null && spec.writable(live) && spec.rank(live) > above.rank) break;
        return { kind: 'grant_no_effect', says: (fact) => c.says(fact, above) };
      }
      case 'through_group': {
        const { through, live } = grant;
        // An unlisted row only: what the manifest lists it sets, whatever a group gives.
        if (through === null || grant.desired !== null || live === null || !spec.writable(live)) break;
        if (spec.rank(live) > through.rank) break;
        return { kind: 'access_through_group', says: (fact) => c.says(fact, through) };
      }
      case 'invited':
        if (grant.user.id === null) return { kind: 'invited_no_id', says: c.says };
        break;
      case 'deactivated':
        if (grant.user.active === false) return { kind: 'deactivated', says: c.says };
        break;
      default:
        assertNever(c, 'scope check');
    }
  }
  return 'write';
}

/** A lower role than live has, or (unlisted) taking the row away. */
function lowers<R extends ScopeRoles>(spec: Ranking<R>, grant: Grant<R>): boolean {
  if (grant.desired === null) return true;
  return grant.live !== null && spec.writable(grant.live) && spec.rank(grant.desired) < spec.rank(grant.live);
}

function guardOf(user: LiveUser, accountRole: LiveAccountUser['role'], ctx: ScopeContext): Guard | null {
  if (accountRole === 'owner') return 'owner_untouchable';
  if (user.id !== null && user.id === ctx.self.id) return 'self_untouchable';
  if (ctx.protectedEmails.has(normalizeEmail(user.email))) return 'protected';
  return null;
}

function noteOf(kind: UserNoteKind, message: string, scope: ScopeAt, grant: Grant<ScopeRoles>): PlanNote {
  const { email, live: role, desired } = grant;
  // A group this plan creates has no id yet: its notes name it by its name alone.
  const { group_id, ...rest } = scope;
  const at = group_id === null || group_id === undefined ? rest : { ...scope, group_id };
  // The user id drift names: the account user's, else the row's (they are the same person).
  const user_id = grant.accountUser?.user.id ?? grant.user.id;
  switch (kind) {
    case 'owner_untouchable':
    case 'reviewer_untouchable':
    case 'self_untouchable':
    case 'protected':
      return { kind, ...at, email, user_id, role, desired, message };
    case 'account_admin_in_workspace':
      return { kind, ...at, email, user_id, role, desired, message };
    case 'invited_no_id':
    case 'deactivated':
      return { kind, ...at, email, role, message };
    case 'grant_no_effect': {
      // Only the `covered` check gives this kind, and only to a listed grant with `above`.
      if (desired === null || grant.above === null) throw new Error('grant_no_effect without a grant and above');
      return { kind, ...at, email, user_id, role, desired, inherited_role: grant.above.role, message };
    }
    case 'access_through_group': {
      // Only the `through_group` check gives this kind, and only to an unlisted row with `through`.
      if (grant.through === null) throw new Error('access_through_group without a group role');
      return { kind, ...at, email, role, via: grant.through.via, group_role: grant.through.role, message };
    }
    default:
      return assertNever(kind, 'note kind');
  }
}

/**
 * The rows that pass `keep`, with their lower-cased email, sorted by it and then by user id (one
 * email may have two rows); filtered before sorting, since most rows are skipped.
 */
function sortedByEmail<T extends { user: LiveUser }>(
  rows: readonly T[],
  keep: (email: string, row: T) => boolean,
): [string, T][] {
  const out: [string, T][] = [];
  for (const row of rows) {
    const email = normalizeEmail(row.user.email);
    if (keep(email, row)) out.push([email, row]);
  }
  return out.sort((a, b) => compareStrings(a[0], b[0]) || compareStrings(a[1].user.id ?? '', b[1].user.id ?? ''));
}
