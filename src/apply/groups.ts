// Applying the Frame.io group changes: a group's creation (or, on resume, finding the group an
// interrupted run made), its member adds in batches of checked users, and each member removal and
// group grant against the live listing of its group or scope.
import { MAX_GROUP_USER_IDS, type GroupRole, type WorkspaceRole } from '../api/index.js';
import { ApiError } from '../errors.js';
import { ExperimentalUnavailableError } from '../client/failure.js';
import { projectTitle } from '../names.js';
import type {
  AddFrameioGroupMember,
  CreateFrameioGroup,
  GroupGrantChange,
  RemoveFrameioGroupMember,
} from '../plan/types.js';
import type { JournalEntry } from './journal.js';
import { projectStale, type GroupGrants, type Roles, type Snapshot } from './snapshot.js';
import type { ChangeResult } from './types.js';

type RemoveResult = 'removed' | 'already_absent';

/** The group writes apply makes; the HTTP client implements them, unit tests fake them. */
export interface GroupWriter {
  /** Sent once: a create is not idempotent. */
  createGroup(accountId: string, name: string, emoji: string): Promise<{ id: string }>;
  /** One call per MAX_GROUP_USER_IDS ids; the API refuses a whole call when one id is not a user it takes. */
  addGroupMembers(accountId: string, groupId: string, userIds: readonly string[]): Promise<void>;
  removeGroupMember(accountId: string, groupId: string, userId: string): Promise<RemoveResult>;
  setWorkspaceGroupRole(accountId: string, workspaceId: string, groupId: string, role: GroupRole): Promise<unknown>;
  removeWorkspaceGroup(accountId: string, workspaceId: string, groupId: string): Promise<RemoveResult>;
  setProjectGroupRole(accountId: string, projectId: string, groupId: string, role: GroupRole): Promise<unknown>;
  removeProjectGroup(accountId: string, projectId: string, groupId: string): Promise<RemoveResult>;
}

/** The one group, by its id, or by its name for a group this plan creates (the changes' shared key). */
export function groupRef(change: { account_id: string; group_id: string | null; group_name: string }): string {
  return change.group_id ?? `new:${change.group_name}`;
}

/** Member adds of one group, in calls of at most MAX_GROUP_USER_IDS. */
export function batches<T>(items: readonly T[], size = MAX_GROUP_USER_IDS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The API's answer when an id in an add is not a user it takes: the whole call refused, 422. */
function refusedUser(error: unknown): boolean {
  return error instanceof ApiError && !(error instanceof ExperimentalUnavailableError) && error.status === 422;
}

function grantRole(role: string | null): string {
  return role ?? 'no grant';
}

function where(change: GroupGrantChange): string {
  return 'project_id' in change ? projectTitle(change.workspace_name, change.project_name) : change.workspace_name;
}

/**
 * Why a user cannot be added to a group now, or undefined: a group takes active users of the account
 * who are not reviewers (the API refuses the whole call otherwise, so each is checked first).
 */
export function notAddable(
  email: string,
  user: { role: string | null; active: boolean } | undefined,
): string | undefined {
  if (user === undefined) return `${email} is no longer a user of the account (removed since the plan)`;
  if (!user.active) return `${email} has been deactivated since the plan`;
  if (user.role === 'reviewer') return `${email} is a reviewer of the account now: a group takes members only`;
  return undefined;
}

export interface GroupWritesOptions {
  snapshot: Snapshot;
  writer: GroupWriter;
  /** Counts a write the API accepted. */
  wrote: (cls: 'group_create' | 'group_member_add' | 'group_member_remove' | GrantClass) => void;
}

type GrantClass = 'workspace_group_patch' | 'workspace_group_delete' | 'project_group_patch' | 'project_group_delete';

export class GroupWrites {
  constructor(private readonly options: GroupWritesOptions) {}

  /**
   * Creates the group unless one of its name exists. On resume, a create the journal records was
   * made by the interrupted run: the group is found again (by the id the journal kept, else by its
   * name) and its id taken, no second group made.
   */
  async create(change: CreateFrameioGroup, journaled: JournalEntry | undefined): Promise<ChangeResult> {
    const { snapshot, writer } = this.options;
    const groups = await snapshot.groups(change.account_id);
    const named = [...groups].filter(([, name]) => name === change.group_name).map(([id]) => id);
    if (journaled !== undefined) {
      const id = journaled.group_id !== undefined && groups.has(journaled.group_id) ? journaled.group_id : named[0];
      if (id !== undefined && (id === journaled.group_id || named.length === 1)) {
        return { change, outcome: 'resumed', detail: 'created by the interrupted run', group_id: id };
      }
    }
    if (named.length > 0) {
      return {
        change,
        outcome: 'stale',
        detail:
          `a Frame.io group named ${change.group_name} exists now (${named.join(', ')}), made since the plan; ` +
          'not created again: plan again to use it',
      };
    }
    const made = await writer.createGroup(change.account_id, change.group_name, change.emoji);
    this.options.wrote('group_create');
    await snapshot.created(change.account_id, made.id, change.group_name);
    return { change, outcome: 'applied', group_id: made.id };
  }

  /** Why a group of the plan can no longer be written: it was deleted since (the stable listing says). */
  private async deleted(accountId: string, groupId: string, groupName: string): Promise<string | undefined> {
    if ((await this.options.snapshot.groups(accountId)).has(groupId)) return undefined;
    return `the Frame.io group ${groupName} no longer exists (deleted since the plan); not written`;
  }

  /**
   * The member adds of one group (`changes`, none done yet), with the group's id: each user checked
   * against a fresh read of the group's members (already one: nothing to do) and the account's users
   * (gone, deactivated or a reviewer now: stale, left out), the rest sent in calls of at most
   * MAX_GROUP_USER_IDS. `finish` gets each change's result as it comes. A call the API refuses with
   * 422 is checked again user by user (someone may have left since the check) and sent once more
   * without those who no longer pass, so one user never fails the others.
   */
  async addMembers(
    changes: readonly AddFrameioGroupMember[],
    groupId: string,
    finish: (result: ChangeResult) => void,
    lane: { go: () => boolean; failed: (changes: readonly AddFrameioGroupMember[], error: unknown) => void },
  ): Promise<void> {
    const { snapshot, writer } = this.options;
    const first = changes[0];
    if (first === undefined) return;
    const accountId = first.account_id;
    const gone = first.group_id === null ? undefined : await this.deleted(accountId, groupId, first.group_name);
    if (gone !== undefined) {
      for (const change of changes) finish({ change, outcome: 'stale', detail: gone });
      return;
    }
    const pass = async (list: readonly AddFrameioGroupMember[], fresh: boolean) => {
      const members = await snapshot.groupMembers(accountId, groupId, fresh ? -1 : undefined);
      const users: Roles = await snapshot.accountRoles(accountId, fresh ? -1 : undefined);
      const send: AddFrameioGroupMember[] = [];
      for (const change of list) {
        if (members.has(change.user_id)) {
          finish({ change, outcome: 'already' });
          continue;
        }
        const why = notAddable(change.email, users.get(change.user_id));
        if (why !== undefined) finish({ change, outcome: 'stale', detail: `${why}; not added` });
        else send.push(change);
      }
      return { members, send };
    };
    let { members, send } = await pass(changes, false);
    for (const batch of batches(send)) {
      if (!lane.go()) {
        for (const change of batch) finish({ change, outcome: 'not_started' });
        continue;
      }
      let sending = batch;
      try {
        try {
          await writer.addGroupMembers(
            accountId,
            groupId,
            sending.map((c) => c.user_id),
          );
        } catch (error) {
          if (!refusedUser(error)) throw error;
          // Someone in the call may have left or been deactivated since the check: check again, send the rest.
          ({ members, send: sending } = await pass(batch, true));
          if (sending.length === 0) continue;
          await writer.addGroupMembers(
            accountId,
            groupId,
            sending.map((c) => c.user_id),
          );
        }
      } catch (error) {
        lane.failed(sending, error);
        continue;
      }
      this.options.wrote('group_member_add');
      for (const change of sending) {
        members.add(change.user_id);
        finish({ change, outcome: 'applied' });
      }
    }
  }

  async removeMember(change: RemoveFrameioGroupMember): Promise<ChangeResult> {
    const { snapshot, writer } = this.options;
    const gone = await this.deleted(change.account_id, change.group_id, change.group_name);
    if (gone !== undefined) return { change, outcome: 'stale', detail: gone };
    const members = await snapshot.groupMembers(change.account_id, change.group_id);
    if (!members.has(change.user_id)) return { change, outcome: 'already' };
    await writer.removeGroupMember(change.account_id, change.group_id, change.user_id);
    this.options.wrote('group_member_remove');
    members.delete(change.user_id);
    return { change, outcome: 'applied' };
  }

  /**
   * A group's grant on a workspace or a project, `groupId` being the change's group (or the one this
   * run created for it): the scope's group listing must show the plan's `from` (absent: none).
   */
  async grant(change: GroupGrantChange, groupId: string): Promise<ChangeResult> {
    const { snapshot, writer } = this.options;
    const accountId = change.account_id;
    let grants: GroupGrants;
    if (change.action === 'set_project_group_role' || change.action === 'remove_project_group') {
      const stale = projectStale(await snapshot.project(accountId, change.project_id), change);
      if (stale !== undefined) return { change, outcome: 'stale', detail: stale };
    }
    if (change.group_id !== null) {
      const gone = await this.deleted(accountId, groupId, change.group_name);
      if (gone !== undefined) return { change, outcome: 'stale', detail: gone };
    }
    if (change.action === 'set_project_group_role' || change.action === 'remove_project_group')
      grants = await snapshot.projectGroups(accountId, change.project_id);
    else grants = await snapshot.workspaceGroups(accountId, change.workspace_id);
    const live: WorkspaceRole | null = grants.get(groupId) ?? null;
    if (live === change.to) return { change, outcome: 'already' };
    if (live !== change.from) {
      return {
        change,
        outcome: 'stale',
        detail:
          `the plan expected ${grantRole(change.from)} for the group on ${where(change)}, live has ` +
          `${grantRole(live)} now (changed since the plan)`,
      };
    }
    switch (change.action) {
      case 'set_workspace_group_role':
        await writer.setWorkspaceGroupRole(accountId, change.workspace_id, groupId, change.to);
        this.options.wrote('workspace_group_patch');
        break;
      case 'remove_workspace_group':
        await writer.removeWorkspaceGroup(accountId, change.workspace_id, groupId);
        this.options.wrote('workspace_group_delete');
        break;
      case 'set_project_group_role':
        await writer.setProjectGroupRole(accountId, change.project_id, groupId, change.to);
        this.options.wrote('project_group_patch');
        break;
      case 'remove_project_group':
        await writer.removeProjectGroup(accountId, change.project_id, groupId);
        this.options.wrote('project_group_delete');
        break;
    }
    if (change.to === null) grants.delete(groupId);
    else grants.set(groupId, change.to);
    return { change, outcome: 'applied' };
  }
}
