// `export --groups`: the account's Frame.io groups as manifest entries (a `frame` group with its
// members, a synced one by its id alone), each scope's group grants as `frameio_groups:` lines, and
// the role a user has through the grants written (the planner's rule for what a project row is).
// Chosen, like the rest of export, so that planning the result against the same state changes
// nothing. Pure.
import { isGroupRole, workspaceRoleRank } from '../api/index.js';
import { compareStrings, normalizeEmail } from '../compare.js';
import type { LiveAccountUser, LiveGroup, LiveGroupGrant, LiveUser } from '../live/types.js';
import { counted } from '../plural.js';
import { EMAIL, isTwin, twinRemark, type EmailOwners } from './emails.js';
import type { ExportFrameioGrant, ExportFrameioGroup, ExportMember } from './types.js';

/** Where a synced group's members are managed, for its comment. */
const MANAGED_IN: Record<string, string> = {
  adobe: 'the Adobe Admin Console',
  workfront: 'Workfront',
};

function compareMembers(a: ExportMember, b: ExportMember): number {
  return (
    compareStrings(a.email, b.email) ||
    Number(b.listed) - Number(a.listed) ||
    compareStrings(a.remark ?? '', b.remark ?? '')
  );
}

/** One member as a line; `unlistable` when leaving them out would make an authoritative group remove them. */
function memberLine(
  user: LiveUser,
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
): { line: ExportMember; unlistable?: true } {
  const email = normalizeEmail(user.email);
  const account = (user.id !== null ? byId.get(user.id) : undefined) ?? owners.chosen.get(email);
  if (!account || !EMAIL.test(email)) {
    const remark = 'not a user of the account as the API lists it; rolesync cannot manage them';
    return { line: { email, listed: false, remark }, unlistable: true };
  }
  if (isTwin(user, email, owners)) {
    const line: ExportMember = { email, listed: false, remark: twinRemark(account, email, owners) };
    // As in a workspace: authoritative mode would remove an active member it cannot name.
    return owners.ambiguous.has(email) && account.user.active !== false ? { line, unlistable: true } : { line };
  }
  // Listed: an authoritative group would otherwise remove them; resolve notes them, apply never writes them.
  if (account.user.active === false || user.active === false)
    return { line: { email, listed: true, remark: 'deactivated' } };
  return { line: { email, listed: true } };
}

/** A `frame` group's membership, with its mode and the comments above it. */
function membership(
  group: LiveGroup,
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
): { members: NonNullable<ExportFrameioGroup['members']>; remarks: string[] } {
  if (group.members === undefined) throw new Error(`export: the members of Frame.io group ${group.id} were not read`);
  let unlistable = 0;
  const lines = group.members.map((user) => {
    const { line, unlistable: cannot } = memberLine(user, byId, owners);
    if (cannot) unlistable += 1;
    return line;
  });
  lines.sort(compareMembers);
  if (!lines.some((l) => l.listed)) {
    // No `members:` key: the membership is not managed, so nothing is compared and nothing removed.
    const why = lines.length === 0 ? 'no members' : 'no member rolesync can list';
    return {
      members: { mode: null, lines },
      remarks: [`${why}: its membership is not managed here; add members: to manage it`],
    };
  }
  if (unlistable > 0) {
    return {
      members: { mode: 'additive', lines },
      remarks: [
        `additive: ${counted(unlistable, 'member')} cannot be listed (the comments below say why), and ` +
          'authoritative mode would remove them',
      ],
    };
  }
  return { members: { mode: 'authoritative', lines }, remarks: [] };
}

/** Every group of the account, sorted by key. The members of each `frame` group must have been read. */
export function frameioGroupsOf(
  groups: readonly LiveGroup[],
  byId: Map<string, LiveAccountUser>,
  owners: EmailOwners,
): ExportFrameioGroup[] {
  const nameCount = new Map<string, number>();
  for (const g of groups) nameCount.set(g.name, (nameCount.get(g.name) ?? 0) + 1);
  const out = groups.map((g): ExportFrameioGroup => {
    const twins = (nameCount.get(g.name) ?? 1) - 1;
    const remarks: string[] = [];
    if (twins > 0)
      remarks.push(
        `named "${g.name}" in Frame.io, like ${counted(twins, 'other group')}: the key adds the id to stay unique; ` +
          'the pinned id is what matches',
      );
    const key = twins > 0 || g.name.trim() === '' ? `${g.name} (${g.id})`.trim() : g.name;
    const base = { id: g.id, name: g.name, key, source: g.source };
    if (g.source !== 'frame') {
      const status = g.sync_status === null ? '' : ` (sync ${g.sync_status.replace(/_/g, ' ')})`;
      remarks.push(
        `synced from ${g.source}${status}: its members are managed in ${MANAGED_IN[g.source] ?? g.source}; ` +
          'only its grants are managed here',
      );
      return { ...base, remarks };
    }
    const own = membership(g, byId, owners);
    return { ...base, remarks: [...remarks, ...own.remarks], members: own.members };
  });
  return out.sort((a, b) => compareStrings(a.key, b.key) || compareStrings(a.id, b.id));
}

/**
 * One scope's live group grants as lines, sorted by group key, and the grants those lines write. A
 * grant is a comment, and counted in `unlistable`, when the manifest cannot write it: its group is
 * not in the account's listing, or its role is one a group cannot be given (`workspace_admin`). An
 * authoritative scope would remove it.
 */
export function grantLines(
  grants: readonly LiveGroupGrant[],
  groups: ReadonlyMap<string, ExportFrameioGroup>,
): { lines: ExportFrameioGrant[]; unlistable: number; written: LiveGroupGrant[] } {
  const written: LiveGroupGrant[] = [];
  const lines = grants.map((grant): ExportFrameioGrant => {
    const group = groups.get(grant.group_id);
    if (!group) {
      const remark = "a group the account's group listing does not show; rolesync cannot name it";
      return { group: grant.group_id, role: grant.role, listed: false, remark };
    }
    if (!isGroupRole(grant.role)) {
      const remark = `${grant.role}: a role the manifest cannot give a group; left as it is`;
      return { group: group.key, role: grant.role, listed: false, remark };
    }
    written.push(grant);
    return { group: group.key, role: grant.role, listed: true };
  });
  lines.sort((a, b) => compareStrings(a.group, b.group) || Number(b.listed) - Number(a.listed));
  return { lines, unlistable: grants.length - written.length, written };
}

/**
 * The rank of the highest role `grants` give `user` through the groups they are a member of
 * (0: none). Give the grants the manifest writes: only those count for the planner.
 */
export function rankThroughGroups(
  user: LiveUser,
  grants: readonly LiveGroupGrant[],
  groups: ReadonlyMap<string, LiveGroup>,
): number {
  let best = 0;
  const email = normalizeEmail(user.email);
  for (const grant of grants) {
    const members = groups.get(grant.group_id)?.members ?? [];
    const member = members.some((m) => (user.id !== null ? m.id === user.id : normalizeEmail(m.email) === email));
    if (member) best = Math.max(best, workspaceRoleRank(grant.role));
  }
  return best;
}
