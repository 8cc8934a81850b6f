// `plan --suggest-groups`: where one Frame.io group grant would replace many identical user grants.
// Users of the resolved manifest whose grants are exactly the same (the same role on the same
// workspaces and projects) form a cluster; a cluster is suggested when one group (its create, its
// member adds, one grant per scope) costs fewer API calls than the users' role PATCHes, which the
// API takes at 10 a minute. Advice only: it never adds a change to a plan. Pure.
import { isGroupRole, MAX_GROUP_USER_IDS, WRITE_CLASSES, type GroupRole, type WriteClass } from '../api/index.js';
import { compareStrings } from '../compare.js';
import { writeSeconds, type WriteCounts } from './estimate.js';
import type { LiveState } from '../live/types.js';
import type { Manifest } from '../manifest/types.js';
import { compareScopes } from './order.js';
import { splitAtNow } from './expiry.js';
import { resolve } from './resolve.js';
import type { Resolution } from './resolved.js';

/** The most clusters reported, largest saving first; the rest are counted in `left_out`. */
export const MAX_SUGGESTIONS = 10;

/** One grant every user of a cluster has: a workspace, or a project under its workspace. */
export interface SuggestedGrant {
  account_id: string;
  workspace_id: string;
  workspace_name: string;
  project_id?: string;
  project_name?: string;
  role: GroupRole;
}

/** API calls and the least time the documented rate limits allow them, from full buckets. */
export interface SuggestionCost {
  calls: number;
  min_seconds: number;
}

export interface GroupSuggestion {
  account_id: string;
  /** Lower-cased emails, sorted. */
  users: string[];
  /** The grants they share, each workspace followed by its projects (the plan's order of scopes). */
  grants: SuggestedGrant[];
  /** Granting them user by user: one role PATCH per user and grant. */
  per_user: SuggestionCost;
  /** Through one group: one create, ceil(users / 100) member adds, one group grant per scope. */
  via_group: SuggestionCost & { create: number; member_adds: number; grants: number };
  saved_calls: number;
  saved_seconds: number;
}

export interface GroupSuggestions {
  /** Only clusters that save calls: the largest saving first, at most MAX_SUGGESTIONS. */
  clusters: GroupSuggestion[];
  /** Clusters that save calls but were past the cap. */
  left_out: number;
}

function counts(entries: Partial<WriteCounts>): WriteCounts {
  const zero = Object.fromEntries(WRITE_CLASSES.map((cls) => [cls, 0])) as WriteCounts;
  return { ...zero, ...entries };
}

function cost(calls: Partial<Record<WriteClass, number>>): SuggestionCost {
  const all = counts(calls);
  return { calls: WRITE_CLASSES.reduce((sum, cls) => sum + all[cls], 0), min_seconds: writeSeconds(all) };
}

/** `w:<id>` or `p:<id>`: a scope's identity within its account. */
const scopeKey = (g: SuggestedGrant): string =>
  g.project_id === undefined ? `w:${g.workspace_id}` : `p:${g.project_id}`;

function compareGrants(a: SuggestedGrant, b: SuggestedGrant): number {
  return compareScopes(a, b) || compareStrings(a.role, b.role);
}

function suggestion(accountId: string, users: string[], grants: SuggestedGrant[]): GroupSuggestion {
  const n = users.length;
  const onProjects = grants.filter((g) => g.project_id !== undefined).length;
  const onWorkspaces = grants.length - onProjects;
  const perUser = cost({ workspace_role_patch: n * onWorkspaces, project_role_patch: n * onProjects });
  const memberAdds = Math.ceil(n / MAX_GROUP_USER_IDS);
  const viaGroup = cost({
    group_create: 1,
    group_member_add: memberAdds,
    workspace_group_patch: onWorkspaces,
    project_group_patch: onProjects,
  });
  return {
    account_id: accountId,
    users,
    grants,
    per_user: perUser,
    via_group: { ...viaGroup, create: 1, member_adds: memberAdds, grants: grants.length },
    saved_calls: perUser.calls - viaGroup.calls,
    saved_seconds: Math.max(0, perUser.min_seconds - viaGroup.min_seconds),
  };
}

/**
 * The clusters of `resolution` worth a group. Left out of every cluster: grants a group cannot hold
 * (`workspace_admin`), and invited or deactivated users (a group takes active users only).
 */
export function suggestGroups(resolution: Resolution, max: number = MAX_SUGGESTIONS): GroupSuggestions {
  const found: GroupSuggestion[] = [];
  for (const account of resolution.accounts) {
    const grantsOf = new Map<string, SuggestedGrant[]>();
    const add = (
      user: { email: string; role: string; live: { user: { id: string | null; active: boolean | null } } },
      at: Omit<SuggestedGrant, 'role'>,
    ) => {
      if (!isGroupRole(user.role) || user.live.user.id === null || user.live.user.active === false) return;
      const list = grantsOf.get(user.email) ?? [];
      list.push({ ...at, role: user.role });
      grantsOf.set(user.email, list);
    };
    for (const ws of account.workspaces) {
      const workspace = { account_id: account.live.id, workspace_id: ws.live.id, workspace_name: ws.live.name };
      for (const u of ws.users) add(u, workspace);
      for (const p of ws.projects) {
        for (const u of p.users) add(u, { ...workspace, project_id: p.live.id, project_name: p.live.name });
      }
    }
    const clusters = new Map<string, { users: string[]; grants: SuggestedGrant[] }>();
    for (const [email, grants] of grantsOf) {
      grants.sort(compareGrants);
      const key = grants.map((g) => `${scopeKey(g)}=${g.role}`).join(',');
      const cluster = clusters.get(key);
      if (cluster) cluster.users.push(email);
      else clusters.set(key, { users: [email], grants });
    }
    for (const { users, grants } of clusters.values()) {
      const s = suggestion(account.live.id, users.sort(compareStrings), grants);
      if (s.saved_calls > 0) found.push(s);
    }
  }
  found.sort(
    (a, b) =>
      b.saved_calls - a.saved_calls ||
      b.users.length - a.users.length ||
      compareStrings(a.account_id, b.account_id) ||
      compareStrings(a.users[0] ?? '', b.users[0] ?? ''),
  );
  return { clusters: found.slice(0, max), left_out: Math.max(0, found.length - max) };
}

/**
 * The suggestions for a manifest as `buildPlan` resolves it against `live`: at `now`, the grants that
 * have ended are left out, as the plan leaves them.
 */
export function suggestGroupsFor(
  manifest: Manifest,
  live: LiveState,
  max: number = MAX_SUGGESTIONS,
  now?: number,
): GroupSuggestions {
  const atNow = now === undefined ? manifest : splitAtNow(manifest, live, now).manifest;
  return suggestGroups(resolve(atNow, live), max);
}
