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
import { againstLive, type ChangeResult } from './types.js';

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

/** A 404 of an account known to offer the API: what the call is about (a group, a project) may be gone. */
function notFound(error: unknown): boolean {
  return error instanceof ApiError && !(error instanceof ExperimentalUnavailableError) && error.status === 404;
}

function groupGone(groupName: string): string {
  return `the Frame.io group ${groupName} no longer exists (deleted since the plan); not written`;
}

/** A change on a group that exists (or that this run made). */
type OnGroup = AddFrameioGroupMember | RemoveFrameioGroupMember | GroupGrantChange;

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

const GRANT_CLASS: Record<GroupGrantChange['action'], GrantClass> = {
  set_workspace_group_role: 'workspace_group_patch',
  remove_workspace_group: 'workspace_group_delete',
  set_project_group_role: 'project_group_patch',
  remove_project_group: 'project_group_delete',
};

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
    return groupGone(groupName);
  }

  /**
   * Why a change that met a 404 can no longer be written, read now: its group is gone (the stable
   * `GET /groups/{g}` says), or its project is; undefined when both are there (the 404 is something else).
   */
  private async goneNow(change: OnGroup, groupId: string): Promise<string | undefined> {
    const { snapshot } = this.options;
    if (!(await snapshot.groupExists(change.account_id, groupId))) return groupGone(change.group_name);
    if (!('project_id' in change)) return undefined;
    return projectStale(await snapshot.project(change.account_id, change.project_id, -1), change);
  }

  /** `work`'s result, or stale when it ends with a 404 because the group or the project was deleted meanwhile. */
  private async unlessDeleted(
    change: OnGroup,
    groupId: string,
    work: () => Promise<ChangeResult>,
  ): Promise<ChangeResult> {
    try {
      return await work();
    } catch (error) {
      if (!notFound(error)) throw error;
      const gone = await this.goneNow(change, groupId);
      if (gone === undefined) throw error;
      return { change, outcome: 'stale', detail: gone };
    }
  }

  /** A removal the API answered 404 (nothing to remove): already so, or stale if the group (or project) is gone. */
  private async absent(change: OnGroup, groupId: string): Promise<ChangeResult> {
    const gone = await this.goneNow(change, groupId);
    return gone === undefined ? { change, outcome: 'already' } : { change, outcome: 'stale', detail: gone };
  }

  /**
   * How each member add stands against the group's members and the account's users (read now when
   * `fresh`, else no older than the snapshot's age): undefined to send it, else its result (already a
   * member; gone, deactivated or a reviewer: stale).
   */
  private async addVerdicts(
    accountId: string,
    groupId: string,
    fresh: boolean,
  ): Promise<(change: AddFrameioGroupMember) => ChangeResult | undefined> {
    const { snapshot } = this.options;
    const maxAge = fresh ? -1 : undefined;
    const members = await snapshot.groupMembers(accountId, groupId, maxAge);
    const users: Roles = await snapshot.accountRoles(accountId, maxAge);
    return (change) => {
      if (members.has(change.user_id)) return { change, outcome: 'already' };
      const why = notAddable(change.email, users.get(change.user_id));
      return why === undefined ? undefined : { change, outcome: 'stale', detail: `${why}; not added` };
    };
  }

  /**
   * The member adds of one group (`changes`, none done yet), with the group's id, in calls of at most
   * MAX_GROUP_USER_IDS. Before the first call the group's members and the account's users are read
   * again, and before each later one they are no older than the snapshot's age (re-reading both before
   * every call would cost a read of every account user per 100 adds); each next user is checked
   * (already one: nothing to do; gone, deactivated or a reviewer now: stale, left out). `finish` gets each change's result as it comes. A call the API refuses with 422
   * is checked again user by user (someone may have left since the check) and sent once more without
   * those who no longer pass, so one user never fails the others. A 404 with the group gone (the
   * stable read says) makes what is left of its adds stale.
   */
  async addMembers(
    changes: readonly AddFrameioGroupMember[],
    groupId: string,
    finish: (result: ChangeResult) => void,
    lane: { go: () => boolean; failed: (changes: readonly AddFrameioGroupMember[], error: unknown) => void },
  ): Promise<void> {
    const { writer } = this.options;
    const first = changes[0];
    if (first === undefined) return;
    const accountId = first.account_id;
    const gone = first.group_id === null ? undefined : await this.deleted(accountId, groupId, first.group_name);
    if (gone !== undefined) {
      for (const change of changes) finish({ change, outcome: 'stale', detail: gone });
      return;
    }
    const rest = [...changes];
    /** Those of `list` that pass a check read now; the others finished. */
    const passing = async (list: readonly AddFrameioGroupMember[]) => {
      const verdict = await this.addVerdicts(accountId, groupId, true);
      const send: AddFrameioGroupMember[] = [];
      for (const change of list) {
        const result = verdict(change);
        if (result === undefined) send.push(change);
        else finish(result);
      }
      return send;
    };
    const send = (batch: readonly AddFrameioGroupMember[]) =>
      writer.addGroupMembers(
        accountId,
        groupId,
        batch.map((c) => c.user_id),
      );
    let fresh = true;
    while (rest.length > 0) {
      if (!lane.go()) {
        for (const change of rest) finish({ change, outcome: 'not_started' });
        return;
      }
      let batch: AddFrameioGroupMember[] = [];
      try {
        const verdict = await this.addVerdicts(accountId, groupId, fresh);
        fresh = false;
        while (rest.length > 0 && batch.length < MAX_GROUP_USER_IDS) {
          const change = rest.shift() as AddFrameioGroupMember;
          const result = verdict(change);
          if (result === undefined) batch.push(change);
          else finish(result);
        }
        if (batch.length === 0) continue;
        try {
          await send(batch);
        } catch (error) {
          if (!refusedUser(error)) throw error;
          // Someone in the call may have left or been deactivated since the check: check again, send the rest.
          batch = await passing(batch);
          if (batch.length === 0) continue;
          await send(batch);
        }
      } catch (error) {
        const why = notFound(error) ? await this.goneNow(first, groupId) : undefined;
        if (why !== undefined) {
          for (const change of [...batch, ...rest]) finish({ change, outcome: 'stale', detail: why });
          return;
        }
        // A read before the call failed: the caller fails what is left.
        if (batch.length === 0) throw error;
        lane.failed(batch, error);
        continue;
      }
      this.options.wrote('group_member_add');
      for (const change of batch) finish({ change, outcome: 'applied' });
    }
  }

  async removeMember(change: RemoveFrameioGroupMember): Promise<ChangeResult> {
    const { snapshot, writer } = this.options;
    const gone = await this.deleted(change.account_id, change.group_id, change.group_name);
    if (gone !== undefined) return { change, outcome: 'stale', detail: gone };
    return this.unlessDeleted(change, change.group_id, async () => {
      const members = await snapshot.groupMembers(change.account_id, change.group_id);
      if (!members.has(change.user_id)) return { change, outcome: 'already' };
      const removed = await writer.removeGroupMember(change.account_id, change.group_id, change.user_id);
      members.delete(change.user_id);
      // A 404 reads the same for a member who left and a group deleted since the read.
      if (removed === 'already_absent') return this.absent(change, change.group_id);
      this.options.wrote('group_member_remove');
      return { change, outcome: 'applied' };
    });
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
    return this.unlessDeleted(change, groupId, async () => {
      if (change.action === 'set_project_group_role' || change.action === 'remove_project_group')
        grants = await snapshot.projectGroups(accountId, change.project_id);
      else grants = await snapshot.workspaceGroups(accountId, change.workspace_id);
      const live: WorkspaceRole | null = grants.get(groupId) ?? null;
      const checked = againstLive<WorkspaceRole>(change, live, grantRole, ` for the group on ${where(change)}`);
      if (checked) return checked;
      let removed: RemoveResult = 'removed';
      switch (change.action) {
        case 'set_workspace_group_role':
          await writer.setWorkspaceGroupRole(accountId, change.workspace_id, groupId, change.to);
          break;
        case 'remove_workspace_group':
          removed = await writer.removeWorkspaceGroup(accountId, change.workspace_id, groupId);
          break;
        case 'set_project_group_role':
          await writer.setProjectGroupRole(accountId, change.project_id, groupId, change.to);
          break;
        case 'remove_project_group':
          removed = await writer.removeProjectGroup(accountId, change.project_id, groupId);
          break;
      }
      if (change.to === null) grants.delete(groupId);
      else grants.set(groupId, change.to);
      // A 404 on a removal: no grant to take, or the group (or the project) deleted since the read.
      if (removed === 'already_absent') return this.absent(change, groupId);
      this.options.wrote(GRANT_CLASS[change.action]);
      return { change, outcome: 'applied' };
    });
  }
}
