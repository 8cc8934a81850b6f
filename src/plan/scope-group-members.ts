// The Frame.io group membership scope: who is in each group whose members the manifest manages (a
// table entry of SCOPES, scopes.ts), and the creation of a managed group that does not exist yet.
import type { WriteClass } from '../api/index.js';
import { formatPos } from '../errors.js';
import type { ResolvedAccount, ResolvedFrameioGroup, ResolvedGroupMember } from './resolved.js';
import { userIndex } from './scope.js';
import type { ScopeSpec, UnlistedFact } from './scope.js';
import type { AddFrameioGroupMember, CreateFrameioGroup, RemoveFrameioGroupMember } from './types.js';
import { DEACTIVATED, endedByEmail, expiredRow, GUARD_REASON, grant } from './scope-words.js';

type GroupMemberRoles = { live: 'member'; written: 'member'; desired: 'member' };
type GroupAt = { account_id: string; group_id: string | null; group_name: string };
type GroupMemberChange = AddFrameioGroupMember | RemoveFrameioGroupMember;

/** The icon Frame.io requires of a new group (`emoji`, 1-255 characters); rolesync chooses it. */
export const GROUP_EMOJI = '👥';

/** `group "Post Team"`: a group in sentences. */
function groupTitle(name: string): string {
  return `group "${name}"`;
}

type ManagedGroup = ResolvedFrameioGroup & { members: ResolvedGroupMember[] };

/** The groups whose membership this plan writes: managed, and made in Frame.io (a synced one is read-only). */
function managedGroups(account: ResolvedAccount): ManagedGroup[] {
  // resolve refuses members for a synced group (decision 4); a second guard, since writing one fails.
  return account.frameioGroups.filter(
    (g): g is ManagedGroup => g.members !== null && (g.live === null || g.live.source === 'frame'),
  );
}

function unlistedMember(f: UnlistedFact<GroupMemberRoles>): string {
  if (f.ended) return expiredRow(f, 'is a member');
  return `${f.email} is a member of ${f.scope} but not listed for it (mode: authoritative)`;
}

/**
 * A Frame.io group's members: a listed user not in the group is added, and (authoritative) a member
 * not listed is removed. The group's own grants are another matter (scope-group-grants.ts): access
 * follows membership, so no account role or workspace check applies here.
 */
export const GROUP_MEMBER_SCOPE: ScopeSpec<GroupMemberRoles, GroupAt, ResolvedAccount, GroupMemberChange> = {
  roles: ['member'],
  rank: () => 1,
  writable: (_role): _role is 'member' => true,
  inputs: (account) =>
    managedGroups(account).map((g) => {
      const name = g.live?.name ?? g.desired.name;
      if (g.live && !g.live.members) throw new Error(`the members of ${groupTitle(name)} were not read`);
      const rows = (g.live?.members ?? []).map((user) => ({ user, role: 'member' as const }));
      const rowOf = userIndex(rows);
      const desired = g.members.map((m) =>
        grant<GroupMemberRoles>({ ...m, role: 'member' }, m.via, rowOf(m.live.user)),
      );
      const at = { account_id: account.live.id, group_id: g.live?.id ?? null, group_name: name };
      const ended = endedByEmail(g.desired.ended);
      return { at, name: groupTitle(name), mode: g.desired.mode, desired, rows, ...(ended ? { ended } : {}) };
    }),
  listed: [
    { check: 'unchanged' },
    // Invited and deactivated users were noted by resolve; they cannot or should not be written.
    { check: 'not_writable' },
    {
      check: 'reviewer',
      says: (f) =>
        `${f.email} is a reviewer of the account (access through share links only); a group needs a member, ` +
        `so the manifest's entry at ${formatPos(f.pos)}${f.via ? ` via group ${f.via}` : ''} does not add them ` +
        `to ${f.scope}: make them a member in Frame.io first`,
    },
  ],
  unlisted: {
    takes: () => true,
    checks: [
      { check: 'protect', says: (f, guard) => `${unlistedMember(f)}; not removed, as the user ${GUARD_REASON[guard]}` },
      {
        check: 'invited',
        says: (f) => `${unlistedMember(f)}; not removed, as the user is invited without a Frame.io account yet`,
      },
      { check: 'deactivated', says: (f) => `${unlistedMember(f)}; ${DEACTIVATED}` },
    ],
  },
  // `unchanged` passes over every listed member: a set is always an add.
  set: (at, who) => ({
    action: 'add_frameio_group_member',
    ...at,
    user_id: who.user_id,
    email: who.email,
    from: null,
    to: 'member',
  }),
  unset: (at, who) => {
    // A group this plan creates has no members to take away.
    if (at.group_id === null) throw new Error(`a member removal from ${groupTitle(at.group_name)}, not yet created`);
    return {
      action: 'remove_frameio_group_member',
      ...at,
      group_id: at.group_id,
      user_id: who.user_id,
      email: who.email,
      from: 'member',
      to: null,
    };
  },
  writes: { add_frameio_group_member: 'group_member_add', remove_frameio_group_member: 'group_member_remove' },
};

/** A managed group that does not exist in Frame.io is created, before its members are added. */
export function createGroups(account: ResolvedAccount): CreateFrameioGroup[] {
  return managedGroups(account)
    .filter((g) => g.live === null)
    .map((g) => ({
      action: 'create_frameio_group',
      account_id: account.live.id,
      group_id: null,
      group_name: g.desired.name,
      emoji: GROUP_EMOJI,
      from: null,
      to: 'frame',
    }));
}

export const GROUP_CREATE_WRITES: Readonly<Record<CreateFrameioGroup['action'], WriteClass>> = {
  create_frameio_group: 'group_create',
};
