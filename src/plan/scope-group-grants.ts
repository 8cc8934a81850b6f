// Frame.io group grants on workspaces and projects: per scope whose `frameio_groups:` the manifest
// writes, each listed group's role is set where live differs or lacks it, and an authoritative scope
// loses the live grants of every group it does not list (declared in the manifest or not). A group
// is not a user, so no user guard applies: this is not a diffScope entry. Pure.
import type { GroupRole, WriteClass } from '../api/index.js';
import type { LiveAccount, LiveGroupGrant } from '../live/types.js';
import type { EndedGrant } from '../manifest/types.js';
import type { ResolvedAccount, ResolvedGroupGrants } from './resolved.js';
import type { GroupGrantChange } from './types.js';

type WorkspaceAt = { account_id: string; workspace_id: string; workspace_name: string };
type ProjectAt = WorkspaceAt & { project_id: string; project_name: string };

export const GROUP_GRANT_WRITES: Readonly<Record<GroupGrantChange['action'], WriteClass>> = {
  set_workspace_group_role: 'workspace_group_patch',
  remove_workspace_group: 'workspace_group_delete',
  set_project_group_role: 'project_group_patch',
  remove_project_group: 'project_group_delete',
};

/** A live grant's group by its live name; its id when the listing of the account's groups lacks it. */
function liveNames(live: LiveAccount): (groupId: string) => string {
  const byId = new Map<string, string>();
  for (const g of live.groups ?? []) if (!byId.has(g.id)) byId.set(g.id, g.name);
  return (id) => byId.get(id) ?? id;
}

interface GrantDiff {
  /** A listed group's role to set: `from` null assigns it. */
  set: { group_id: string | null; group_name: string; from: LiveGroupGrant['role'] | null; to: GroupRole }[];
  /** A live grant to take away; `reason`/`expires` when its grant ended. */
  remove: {
    group_id: string;
    group_name: string;
    from: LiveGroupGrant['role'];
    reason?: 'expired';
    expires?: string;
  }[];
}

/**
 * The ended grants of a scope by the live id of their group (a group not in Frame.io has no grant to
 * take away): `idOf` finds a manifest group's live id.
 */
export function endedGroupIds(
  ended: readonly EndedGrant[] | undefined,
  idOf: (key: string) => string | null,
): Map<string, EndedGrant> {
  const out = new Map<string, EndedGrant>();
  for (const e of ended ?? []) {
    const id = idOf(e.email);
    if (id !== null) out.set(id, e);
  }
  return out;
}

/** A manifest Frame.io group's live id, by its key under `frameio_groups:`. */
export function liveGroupIds(account: ResolvedAccount): (key: string) => string | null {
  const byName = new Map<string, string>();
  for (const g of account.frameioGroups) if (g.live) byName.set(g.desired.name, g.live.id);
  return (key) => byName.get(key) ?? null;
}

function diffGrants(
  grants: ResolvedGroupGrants,
  nameOf: (groupId: string) => string,
  ended: ReadonlyMap<string, EndedGrant>,
): GrantDiff {
  const out: GrantDiff = { set: [], remove: [] };
  const liveOf = new Map<string, LiveGroupGrant>();
  for (const l of grants.live) if (!liveOf.has(l.group_id)) liveOf.set(l.group_id, l);
  const listed = new Set<string>();
  for (const g of grants.desired) {
    const { live, desired } = g.group;
    const groupId = live?.id ?? null;
    if (groupId !== null) listed.add(groupId);
    const from = groupId === null ? null : (liveOf.get(groupId)?.role ?? null);
    if (from === g.role) continue;
    out.set.push({ group_id: groupId, group_name: live?.name ?? desired.name, from, to: g.role });
  }
  // "Authoritative: the list is all": groups the manifest does not declare lose their grant too; an
  // ended grant is taken away whatever the mode.
  for (const [groupId, l] of liveOf) {
    if (listed.has(groupId)) continue;
    const end = ended.get(groupId);
    const base = { group_id: groupId, group_name: nameOf(groupId), from: l.role };
    if (end) out.remove.push({ ...base, reason: 'expired', expires: end.expires.text });
    else if (grants.mode === 'authoritative') out.remove.push(base);
  }
  return out;
}

/** The group grant changes of an account's managed workspaces and listed projects (unsorted; `plan` sorts). */
export function diffGroupGrants(account: ResolvedAccount): GroupGrantChange[] {
  const changes: GroupGrantChange[] = [];
  const nameOf = liveNames(account.live);
  const idOf = liveGroupIds(account);
  for (const ws of account.workspaces) {
    const at: WorkspaceAt = { account_id: account.live.id, workspace_id: ws.live.id, workspace_name: ws.live.name };
    if (ws.groupGrants) {
      const diff = diffGrants(ws.groupGrants, nameOf, endedGroupIds(ws.desired.endedGroupGrants, idOf));
      for (const s of diff.set) changes.push({ action: 'set_workspace_group_role', ...at, ...s });
      for (const r of diff.remove) changes.push({ action: 'remove_workspace_group', ...at, ...r, to: null });
    }
    for (const p of ws.projects) {
      if (!p.groupGrants) continue;
      const pat: ProjectAt = { ...at, project_id: p.live.id, project_name: p.live.name };
      const diff = diffGrants(p.groupGrants, nameOf, endedGroupIds(p.desired.endedGroupGrants, idOf));
      for (const s of diff.set) changes.push({ action: 'set_project_group_role', ...pat, ...s });
      for (const r of diff.remove) changes.push({ action: 'remove_project_group', ...pat, ...r, to: null });
    }
  }
  return changes;
}
