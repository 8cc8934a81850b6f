// The plan's view of time (CONTRACT.md §1.3). `splitAtNow` splits each account of the manifest at
// `now`: the grants still running are what resolve and the diff see; the ones that have ended are
// left on their scope (`ended`, `endedGroupGrants`) for the diff to take away whatever the mode; the
// grants ending within `policy.expiry_notice` become notices. `expiryWarnings` then says which ended
// grants have nothing live to take away. Pure: `now` is an input, never the clock.
import { normalizeEmail } from '../compare.js';
import { compareStrings } from '../compare.js';
import type { LiveState } from '../live/types.js';
import type {
  DesiredAccount,
  DesiredFrameioGroup,
  DesiredFrameioGroupGrant,
  DesiredMember,
  DesiredProject,
  DesiredWorkspace,
  EndedGrant,
  Expiry,
  Manifest,
} from '../manifest/types.js';
import type { Resolution } from './resolved.js';
import { liveGroupIds } from './scope-group-grants.js';
import { estimate } from './estimate.js';
import { summarize } from './summary.js';
import type { Change, ExpiryNotice, Plan, PolicyVerdict } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Whether a manifest gives any grant an end (a plan of it then needs `now`). */
export function usesExpiry(manifest: Manifest): boolean {
  const timed = (list: readonly { expires?: Expiry }[] | null): boolean => (list ?? []).some((e) => e.expires);
  return manifest.accounts.some(
    (a) =>
      timed(a.users) ||
      a.groups.some((g) => timed(g.members)) ||
      a.frameioGroups.some((g) => timed(g.members)) ||
      a.workspaces.some(
        (w) =>
          timed(w.users) ||
          timed(w.groups) ||
          timed(w.frameioGroups) ||
          w.projects.some((p) => timed(p.users) || timed(p.groups) || timed(p.frameioGroups)),
      ),
  );
}

/** `ends in 3 days`, `ends in 5 hours`: how long a grant has left, rounded down to days, else up to hours. */
export function endsIn(ms: number): string {
  if (ms >= DAY_MS) {
    const days = Math.floor(ms / DAY_MS);
    return `ends in ${days} ${days === 1 ? 'day' : 'days'}`;
  }
  const hours = Math.max(1, Math.ceil(ms / HOUR_MS));
  return `ends in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** The ended grants of one scope by email: the latest end wins (when the user's last grant there ended). */
class EndedSet {
  private readonly byEmail = new Map<string, EndedGrant>();
  add(email: string, expires: Expiry, pos: EndedGrant['pos']): void {
    const seen = this.byEmail.get(email);
    if (!seen || expires.at > seen.expires.at) this.byEmail.set(email, { email, expires, pos });
  }
  list(): EndedGrant[] {
    return [...this.byEmail.values()].sort((a, b) => compareStrings(a.email, b.email));
  }
}

/** The earlier of two ends (access through a group grant ends with the grant or the membership). */
export function earlier(a: Expiry | undefined, b: Expiry | undefined): Expiry | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.at < a.at ? b : a;
}

export interface Split {
  /** The manifest as it stands at `now`: ended grants left out, and noted on their scope. */
  manifest: Manifest;
  /** Grants ending within the notice, and expiries on the owner or the token's own user. */
  notices: ExpiryNotice[];
}

/** Split the manifest at `now`; `live` names the owner and the token's user, whose grants never end. */
export function splitAtNow(manifest: Manifest, live: Pick<LiveState, 'self' | 'accounts'>, now: number): Split {
  const notices: ExpiryNotice[] = [];
  const accounts = manifest.accounts.map((account) => splitAccount(account, live, now, notices));
  notices.sort((a, b) => compareStrings(a.ends_at, b.ends_at) || compareStrings(a.message, b.message));
  return { manifest: { ...manifest, accounts }, notices };
}

function splitAccount(
  account: DesiredAccount,
  live: Pick<LiveState, 'self' | 'accounts'>,
  now: number,
  notices: ExpiryNotice[],
): DesiredAccount {
  const ended = (e: Expiry | undefined): e is Expiry => e !== undefined && e.at <= now;
  const owners = new Set(
    (live.accounts.find((a) => a.id === account.id)?.users ?? [])
      .filter((u) => u.role === 'owner')
      .map((u) => normalizeEmail(u.user.email)),
  );
  const self = normalizeEmail(live.self.email);
  /** A notice for a grant that ends within the notice, and a warning for an end the guard ignores. */
  const look = (expires: Expiry | undefined, email: string | null, what: string, where: Partial<ExpiryNotice>) => {
    if (expires === undefined) return;
    const base = { account_id: account.id, ...where, ...(email ? { email } : {}) };
    const on = { expires: expires.text, ends_at: new Date(expires.at).toISOString() };
    const guard =
      email === null ? null : owners.has(email) ? 'the account owner' : email === self ? "the token's own user" : null;
    if (guard) {
      notices.push({
        kind: 'expiry_guarded',
        ...base,
        ...on,
        message:
          `${what} has expires: ${expires.text}, but ${email} is ${guard}, whom rolesync never demotes or removes: ` +
          'the grant will not end; drop the expires',
      });
      return;
    }
    const left = expires.at - now;
    if (left > 0 && left <= account.policy.expiryNotice) {
      notices.push({ kind: 'expires_soon', ...base, ...on, message: `${endsIn(left)} (${expires.text}): ${what}` });
    }
  };

  // Manifest groups at `now`: running members, and the ended ones by group.
  const endedMembers = new Map<string, DesiredMember[]>();
  const allMembers = new Map<string, DesiredMember[]>();
  const groups = account.groups.map((g) => {
    allMembers.set(g.name, g.members);
    endedMembers.set(
      g.name,
      g.members.filter((m) => ended(m.expires)),
    );
    for (const m of g.members) look(m.expires, m.email, `${m.email} member of group ${g.name}`, {});
    return { ...g, members: g.members.filter((m) => !ended(m.expires)) };
  });

  /** A scope's manifest-group grants: running ones kept, the access ended ones took away noted. */
  const groupGrants = <G extends { group: string; role: string; expires?: Expiry; pos: EndedGrant['pos'] }>(
    list: readonly G[],
    out: EndedSet,
    where: string,
    at: Partial<ExpiryNotice>,
  ): G[] => {
    const kept: G[] = [];
    for (const g of list) {
      look(g.expires, null, `group ${g.group} ${g.role} in ${where}`, { ...at, group_name: g.group });
      if (ended(g.expires)) {
        for (const m of allMembers.get(g.group) ?? []) out.add(m.email, earlier(g.expires, m.expires)!, g.pos);
        continue;
      }
      kept.push(g);
      for (const m of endedMembers.get(g.group) ?? []) out.add(m.email, m.expires!, m.pos);
    }
    return kept;
  };

  const frameioGrants = (
    list: DesiredFrameioGroupGrant[] | null,
    where: string,
    at: Partial<ExpiryNotice>,
  ): { kept: DesiredFrameioGroupGrant[] | null; ended: EndedGrant[] } => {
    if (list === null) return { kept: null, ended: [] };
    const out: EndedGrant[] = [];
    for (const g of list) {
      look(g.expires, null, `Frame.io group ${g.group} ${g.role} in ${where}`, { ...at, group_name: g.group });
      if (ended(g.expires)) out.push({ email: g.group, expires: g.expires, pos: g.pos });
    }
    return { kept: list.filter((g) => !ended(g.expires)), ended: out };
  };

  const users = account.users.filter((u) => !ended(u.expires));
  const endedAdmins = new EndedSet();
  for (const u of account.users) {
    look(u.expires, u.email, `${u.email} ${u.role} of the account`, {});
    if (ended(u.expires) && u.role === 'admin') endedAdmins.add(u.email, u.expires, u.pos);
  }

  const frameioGroups = account.frameioGroups.map((g): DesiredFrameioGroup => {
    if (!g.managed) return g;
    const out = new EndedSet();
    for (const m of g.members) {
      look(m.expires, m.email, `${m.email} member of Frame.io group ${g.name}`, { group_name: g.name });
      if (ended(m.expires)) out.add(m.email, m.expires, m.pos);
    }
    for (const name of g.groups) for (const m of endedMembers.get(name.name) ?? []) out.add(m.email, m.expires!, m.pos);
    return { ...g, members: g.members.filter((m) => !ended(m.expires)), ended: out.list() };
  });

  const workspaces = account.workspaces.map((ws): DesiredWorkspace => {
    const at = { workspace_name: ws.name };
    const out = new EndedSet();
    for (const u of ws.users) {
      look(u.expires, u.email, `${u.email} ${u.role} in ${ws.name}`, at);
      if (ended(u.expires)) out.add(u.email, u.expires, u.pos);
    }
    const wsGroups = groupGrants(ws.groups, out, ws.name, at);
    const fg = frameioGrants(ws.frameioGroups, ws.name, at);
    const projects = ws.projects.map((p): DesiredProject => {
      const where = `${ws.name} / ${p.name}`;
      const pat = { ...at, project_name: p.name };
      const pout = new EndedSet();
      for (const u of p.users) {
        look(u.expires, u.email, `${u.email} ${u.role} in ${where}`, pat);
        if (ended(u.expires)) pout.add(u.email, u.expires, u.pos);
      }
      const pGroups = groupGrants(p.groups, pout, where, pat);
      const pfg = frameioGrants(p.frameioGroups, where, pat);
      return {
        ...p,
        users: p.users.filter((u) => !ended(u.expires)),
        groups: pGroups,
        frameioGroups: pfg.kept,
        ended: pout.list(),
        endedGroupGrants: pfg.ended,
      };
    });
    return {
      ...ws,
      users: ws.users.filter((u) => !ended(u.expires)),
      groups: wsGroups,
      frameioGroups: fg.kept,
      projects,
      ended: out.list(),
      endedGroupGrants: fg.ended,
    };
  });

  return { ...account, users, groups, frameioGroups, workspaces, ended: endedAdmins.list() };
}

/**
 * The ended grants that have nothing live to take away: the user (or group grant) is not in the scope
 * any more, or never was; a grant already past its end is not added. One notice each.
 */
export function expiryWarnings(resolution: Resolution): ExpiryNotice[] {
  const out: ExpiryNotice[] = [];
  const note = (e: EndedGrant, at: Partial<ExpiryNotice>, account_id: string, where: string, subject: string) => {
    out.push({
      kind: 'expired_not_live',
      account_id,
      ...at,
      expires: e.expires.text,
      ends_at: new Date(e.expires.at).toISOString(),
      message: `${subject} in ${where} expired on ${e.expires.text} and is not live there: it will not be added`,
    });
  };
  for (const account of resolution.accounts) {
    const id = account.live.id;
    // The owner holds an admin's access and more: their ended admin grant is guarded (a notice of its
    // own, from splitAtNow), never "not live".
    const admins = new Set(
      account.live.users
        .filter((u) => u.role === 'admin' || u.role === 'owner')
        .map((u) => normalizeEmail(u.user.email)),
    );
    for (const e of account.desired.ended ?? []) {
      if (!admins.has(e.email)) note(e, { email: e.email }, id, 'the account', `${e.email}'s admin grant`);
    }
    const liveGroupId = liveGroupIds(account);
    for (const g of account.frameioGroups) {
      // A group not in Frame.io yet has nobody to take out.
      const members = new Set((g.live?.members ?? []).map((u) => normalizeEmail(u.email)));
      const listed = new Set((g.members ?? []).map((m) => m.email));
      for (const e of g.desired.ended ?? []) {
        if (!members.has(e.email) && !listed.has(e.email))
          note(e, { group_name: g.desired.name, email: e.email }, id, `Frame.io group ${g.desired.name}`, e.email);
      }
    }
    /** An ended Frame.io group grant whose group holds no grant in the scope. */
    const grants = (
      ended: EndedGrant[] | undefined,
      live: { group_id: string }[] | undefined,
      at: Partial<ExpiryNotice>,
      where: string,
    ) => {
      // Grants not read: nothing to judge by.
      if (live === undefined) return;
      const held = new Set(live.map((l) => l.group_id));
      for (const e of ended ?? []) {
        const groupId = liveGroupId(e.email);
        if (groupId === null || !held.has(groupId))
          note(e, { ...at, group_name: e.email }, id, where, `Frame.io group ${e.email}'s grant`);
      }
    };
    for (const ws of account.workspaces) {
      grants(ws.desired.endedGroupGrants, ws.live.groupGrants, { workspace_name: ws.live.name }, ws.live.name);
      for (const p of ws.projects) {
        const where = `${ws.live.name} / ${p.live.name}`;
        grants(
          p.desired.endedGroupGrants,
          p.live.groupGrants,
          { workspace_name: ws.live.name, project_name: p.live.name },
          where,
        );
      }
    }
    for (const ws of account.workspaces) {
      const live = new Set(ws.live.members.map((m) => normalizeEmail(m.user.email)));
      const listed = new Set(ws.users.map((u) => u.email));
      const at = { workspace_name: ws.live.name };
      for (const e of ws.desired.ended ?? []) {
        if (!live.has(e.email) && !listed.has(e.email)) note(e, { ...at, email: e.email }, id, ws.live.name, e.email);
      }
      for (const p of ws.projects) {
        const plive = new Set(p.live.members.map((m) => normalizeEmail(m.user.email)));
        const plisted = new Set(p.users.map((u) => u.email));
        const where = `${ws.live.name} / ${p.live.name}`;
        for (const e of p.desired.ended ?? []) {
          if (!plive.has(e.email) && !plisted.has(e.email))
            note(e, { ...at, project_name: p.live.name, email: e.email }, id, where, e.email);
        }
      }
    }
  }
  return out.sort((a, b) => compareStrings(a.message, b.message));
}

/** Whether a change is made because its grant ended. */
export function isExpiryChange(change: Change): boolean {
  return 'reason' in change && change.reason === 'expired';
}

/**
 * `apply --only-expired`: the plan with its expiry changes alone, nothing else (other drift stays
 * as it is). `recheck` judges the policy on them (a fresh plan); without it the plan's verdict stands.
 */
export function onlyExpiryChanges(plan: Plan, recheck?: (changes: Change[]) => PolicyVerdict): Plan {
  const changes = plan.changes.filter(isExpiryChange);
  return {
    ...plan,
    changes,
    summary: summarize(changes),
    policy: recheck ? recheck(changes) : plan.policy,
    estimate: estimate(changes),
  };
}
