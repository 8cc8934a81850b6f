// Access through Frame.io groups after this plan: each group's members once the plan's member changes
// are made, each managed scope's group grants once its grant changes are (an unmanaged scope's as
// read), and the role a user gets through them on a workspace or a project (frameio-api-next.md
// §3.10: the highest role wins). Pure.
import { workspaceRoleRank } from '../api/index.js';
import type { WorkspaceRole } from '../api/index.js';
import { compareStrings } from '../compare.js';
import type { LiveGroupGrant, LiveUser } from '../live/types.js';
import type { ResolvedAccount, ResolvedGroupGrants } from './resolved.js';
import type { Through } from './scope.js';
import type { Change } from './types.js';

/** One group grant a scope has after this plan. */
export interface GrantAfter {
  /** The group (groupKey). */
  key: string;
  /** Its live name, its manifest name when this plan creates it, or its id when Frame.io did not name it. */
  name: string;
  role: WorkspaceRole;
}

export interface GroupAccess {
  /**
   * A workspace's or a project's group grants after this plan: `grants` as the plan leaves them when
   * it manages them; else `live` as read (the plan does not change them), none when they were not read.
   * `ended`: live group ids whose grant here ended (this plan takes it away whatever the mode).
   */
  grantsAfter(
    grants: ResolvedGroupGrants | null,
    live: readonly LiveGroupGrant[] | undefined,
    ended?: ReadonlyMap<string, unknown>,
  ): GrantAfter[];
  /** The role `grants` give the user through the groups they are a member of after this plan; null: none. */
  through(grants: readonly GrantAfter[], user: LiveUser): Through | null;
}

/** A group by its live id; one this plan creates (no id yet) by its name, as its changes name it. */
export function groupKey(id: string | null, name: string): string {
  return id !== null ? `id:${id}` : `new:${name}`;
}

/**
 * What the account's groups give after this plan. `groupChanges`: the member changes it planned
 * (other changes are passed over). The read takes the members of every group granted where the plan
 * removes or restricts (live/fetch.ts), declared or not; a group whose members were not read (granted
 * only where no decision depends on it) gives nobody anything: who is in it is not known.
 */
export function groupAccess(account: ResolvedAccount, groupChanges: readonly Change[]): GroupAccess {
  // Members after this plan, by user id: live members, the plan's adds and removals on top.
  const members = new Map<string, Set<string>>();
  const names = new Map<string, string>();
  const seed = (key: string, users: readonly LiveUser[]) => {
    const ids = new Set<string>();
    for (const u of users) if (u.id !== null) ids.add(u.id);
    members.set(key, ids);
  };
  for (const g of account.live.groups ?? []) {
    names.set(groupKey(g.id, g.name), g.name);
    if (g.members) seed(groupKey(g.id, g.name), g.members);
  }
  for (const g of account.frameioGroups) {
    if (g.live?.members) seed(groupKey(g.live.id, g.live.name), g.live.members);
    else if (g.live === null) seed(groupKey(null, g.desired.name), []);
  }
  for (const c of groupChanges) {
    if (c.action === 'add_frameio_group_member') members.get(groupKey(c.group_id, c.group_name))?.add(c.user_id);
    if (c.action === 'remove_frameio_group_member') members.get(groupKey(c.group_id, c.group_name))?.delete(c.user_id);
  }

  // Live grants the plan leaves as they are.
  const kept = (live: readonly LiveGroupGrant[]): GrantAfter[] =>
    live.map((l) => {
      const key = groupKey(l.group_id, '');
      return { key, name: names.get(key) ?? l.group_id, role: l.role };
    });

  return {
    grantsAfter(grants, live, ended) {
      if (grants === null) return kept(live ?? []);
      const out: GrantAfter[] = [];
      const listed = new Set<string>();
      for (const g of grants.desired) {
        const { live, desired } = g.group;
        const key = groupKey(live?.id ?? null, desired.name);
        listed.add(key);
        out.push({ key, name: live?.name ?? desired.name, role: g.role });
      }
      // An additive scope keeps the live grants the manifest does not list.
      const gone = (key: string) => ended?.has(key.slice('id:'.length)) === true;
      if (grants.mode === 'additive')
        for (const g of kept(grants.live)) if (!listed.has(g.key) && !gone(g.key)) out.push(g);
      return out;
    },
    through(grants, user) {
      if (user.id === null || grants.length === 0) return null;
      // One entry per group, its highest role (a project counts its workspace's grants too).
      const best = new Map<string, { name: string; rank: number; role: WorkspaceRole }>();
      for (const g of grants) {
        if (!members.get(g.key)?.has(user.id)) continue;
        const rank = workspaceRoleRank(g.role);
        const seen = best.get(g.key);
        if (!seen || rank > seen.rank) best.set(g.key, { name: g.name, rank, role: g.role });
      }
      if (best.size === 0) return null;
      const sorted = [...best.values()].sort((a, b) => b.rank - a.rank || compareStrings(a.name, b.name));
      const top = sorted[0]!;
      return { role: top.role, rank: top.rank, via: [...new Set(sorted.map((g) => g.name))] };
    },
  };
}
