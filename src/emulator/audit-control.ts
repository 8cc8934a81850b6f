// The emulator's control requests (under CONTROL_PREFIX, no token): a hand edit made "as another user,
// at a given time" (as someone would in the web app) changes state AND logs its audit event; a session
// event (user_login) is logged without a change. Not part of Frame.io's API.
import {
  ACCOUNT_ROLES,
  GROUP_ROLES,
  PROJECT_ROLES,
  WORKSPACE_LIST_ROLES,
  isAccountRole,
  isGroupRole,
  isProjectRole,
  isWorkspaceListRole,
} from '../api/index.js';
import type { AuditedChange } from './audit.js';
import { auditEventJson } from './audit-handlers.js';
import { HttpError } from './http-util.js';
import type { Result } from './access.js';
import type { AccountRecord, EmulatorState, GroupRecord, ProjectRecord, UserRecord, WorkspaceRecord } from './state.js';
import type { EmulatorStateHandle } from './state-handle.js';

/** Every control request's path starts with this; Frame.io's API lives under /v4. */
export const CONTROL_PREFIX = '/_emulator/';

/** Session events a control request may log (the reference's enum [C]); they change no state. */
const SESSION_EVENTS = ['user_login', 'user_logout', 'user_login_attempt', 'new_device_login'] as const;
/** Where a hand edit comes from when the request names no address (TEST-NET-1, RFC 5737). */
const HAND_EDIT_IP = '192.0.2.10';

type Body = Record<string, unknown>;

function object(value: unknown, what: string): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HttpError(400, `${what} must be a JSON object`);
  return value as Body;
}

function text(body: Body, key: string, where = ''): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `${where}${key} must be a non-empty string`);
  return value;
}

function roleOrNull<T extends string>(body: Body, ok: (v: unknown) => v is T, allowed: readonly string[]): T | null {
  const role = body.role;
  if (role === null) return null;
  if (!ok(role))
    throw new HttpError(400, `change.role must be null or one of ${allowed.join(', ')}, not ${JSON.stringify(role)}`);
  return role;
}

/** Answers a control request; `path` is the decoded path, already known to start with CONTROL_PREFIX. */
export function controlRequest(
  state: EmulatorState,
  handle: EmulatorStateHandle,
  method: string,
  path: string,
  rawBody: unknown,
): Result {
  const name = path.slice(CONTROL_PREFIX.length);
  if (name !== 'hand_edits' && name !== 'audit_events')
    throw new HttpError(
      404,
      `No control request ${path} (there are ${CONTROL_PREFIX}hand_edits, ${CONTROL_PREFIX}audit_events)`,
    );
  if (method !== 'POST') throw new HttpError(405, `${method} is not allowed on ${path}`);
  const body = object(rawBody, 'The body');
  const account = accountOf(state, text(body, 'account'));
  const actor = userOf(state, text(body, 'as_user'));
  if (actor.id === null) throw new HttpError(422, `${actor.email} has no Frame.io id yet (invited): cannot act`);
  // The log names the actor: someone with no place in the account could not have made the change there.
  if (!account.roles.has(actor.email))
    throw new HttpError(
      422,
      `${actor.email} is not in account ${account.displayName}: no one outside it can change it`,
    );
  const at = body.at === undefined ? state.clock() : instant(text(body, 'at'));
  const ip = body.ip_address === undefined ? HAND_EDIT_IP : text(body, 'ip_address');
  let change: AuditedChange;
  if (name === 'audit_events') {
    const eventType = text(body, 'event_type');
    if (!(SESSION_EVENTS as readonly string[]).includes(eventType))
      throw new HttpError(
        400,
        `event_type must be one of ${SESSION_EVENTS.join(', ')}, not ${JSON.stringify(eventType)}`,
      );
    change = { kind: 'session', eventType, userId: actor.id };
  } else {
    change = handEdit(state, handle, account, object(body.change, 'change'));
  }
  const event = state.audit.record(account.id, actor.id, at, change, ip);
  return { status: 200, body: { data: auditEventJson(state, event, true) } };
}

/** Makes the change through the state handle (its checks apply) and says what to log. */
function handEdit(state: EmulatorState, handle: EmulatorStateHandle, account: AccountRecord, c: Body): AuditedChange {
  const type = text(c, 'type', 'change.');
  const a = account.id;
  const guard = (edit: () => void) => {
    try {
      edit();
    } catch (error) {
      throw new HttpError(422, error instanceof Error ? error.message : String(error));
    }
  };
  switch (type) {
    case 'account_role': {
      const user = userOf(state, text(c, 'user', 'change.'));
      const role = roleOrNull(c, isAccountRole, ACCOUNT_ROLES);
      guard(() => handle.setAccountRole(a, user.email, role));
      return { kind: 'account_role', userId: idOf(user), role };
    }
    case 'workspace_role': {
      const ws = workspaceOf(account, text(c, 'workspace', 'change.'));
      const user = userOf(state, text(c, 'user', 'change.'));
      const role = roleOrNull(c, isWorkspaceListRole, WORKSPACE_LIST_ROLES);
      guard(() => handle.setWorkspaceRole(a, ws.id, user.email, role));
      return { kind: 'workspace_role', workspaceId: ws.id, userId: idOf(user), role };
    }
    case 'project_role': {
      const project = projectOf(state, account, text(c, 'project', 'change.'));
      const user = userOf(state, text(c, 'user', 'change.'));
      const role = roleOrNull(c, isProjectRole, PROJECT_ROLES);
      guard(() => handle.setProjectRole(a, project.id, user.email, role));
      return {
        kind: 'project_role',
        workspaceId: project.workspaceId,
        projectId: project.id,
        userId: idOf(user),
        role,
      };
    }
    case 'project_restricted': {
      const project = projectOf(state, account, text(c, 'project', 'change.'));
      if (typeof c.restricted !== 'boolean') throw new HttpError(400, 'change.restricted must be true or false');
      const restricted = c.restricted;
      guard(() => handle.setProjectRestricted(a, project.id, restricted));
      return { kind: 'project_updated', workspaceId: project.workspaceId, projectId: project.id };
    }
    case 'group_member': {
      const group = groupOf(state, account, text(c, 'group', 'change.'));
      const user = userOf(state, text(c, 'user', 'change.'));
      if (typeof c.member !== 'boolean') throw new HttpError(400, 'change.member must be true or false');
      const member = c.member;
      guard(() =>
        member ? handle.addGroupMember(a, group.id, user.email) : handle.removeGroupMember(a, group.id, user.email),
      );
      return { kind: 'group_members', groupId: group.id, added: member };
    }
    case 'workspace_group_role': {
      const ws = workspaceOf(account, text(c, 'workspace', 'change.'));
      const group = groupOf(state, account, text(c, 'group', 'change.'));
      const role = roleOrNull(c, isGroupRole, GROUP_ROLES);
      guard(() => handle.setWorkspaceGroupRole(a, ws.id, group.id, role));
      return { kind: 'workspace_group_role', workspaceId: ws.id, groupId: group.id, role };
    }
    case 'project_group_role': {
      const project = projectOf(state, account, text(c, 'project', 'change.'));
      const group = groupOf(state, account, text(c, 'group', 'change.'));
      const role = roleOrNull(c, isGroupRole, GROUP_ROLES);
      guard(() => handle.setProjectGroupRole(a, project.id, group.id, role));
      return {
        kind: 'project_group_role',
        workspaceId: project.workspaceId,
        projectId: project.id,
        groupId: group.id,
        role,
      };
    }
    default:
      throw new HttpError(
        400,
        `change.type must be one of account_role, workspace_role, project_role, project_restricted, group_member, ` +
          `workspace_group_role, project_group_role, not ${JSON.stringify(type)}`,
      );
  }
}

/** An ISO 8601 date-time with its offset; without one Date.parse would read it in the process's zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

function instant(value: string): number {
  const ms = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw new HttpError(
      400,
      `at must be an ISO 8601 date-time with a Z or ±hh:mm offset (2026-11-28T09:00:00Z), not ${JSON.stringify(value)}`,
    );
  return ms;
}

function idOf(user: UserRecord): string {
  if (user.id === null) throw new HttpError(422, `${user.email} has no Frame.io id yet (invited)`);
  return user.id;
}

function accountOf(state: EmulatorState, ref: string): AccountRecord {
  const found = state.account(ref) ?? [...state.accounts.values()].find((a) => a.displayName === ref);
  if (!found) throw new HttpError(404, `No account ${ref}`);
  return found;
}

function userOf(state: EmulatorState, email: string): UserRecord {
  const key = state.userKey(email);
  const user = key === undefined ? undefined : state.users.get(key);
  if (!user) throw new HttpError(404, `No user ${email}`);
  return user;
}

/** By id, or by a name one workspace of the account has. */
function workspaceOf(account: AccountRecord, ref: string): WorkspaceRecord {
  const found =
    account.workspaces.get(ref.toLowerCase()) ?? [...account.workspaces.values()].find((w) => w.name === ref);
  if (!found) throw new HttpError(404, `No workspace ${ref} in account ${account.displayName}`);
  return found;
}

function projectOf(state: EmulatorState, account: AccountRecord, ref: string): ProjectRecord {
  return state.project(account, ref) ?? unique([...account.projects.values()], ref, 'project', account);
}

function groupOf(state: EmulatorState, account: AccountRecord, ref: string): GroupRecord {
  return state.group(account, ref) ?? unique([...account.groups.values()], ref, 'group', account);
}

function unique<T extends { name: string }>(items: T[], name: string, what: string, account: AccountRecord): T {
  const named = items.filter((x) => x.name === name);
  if (named.length > 1) throw new HttpError(422, `${named.length} ${what}s are named ${name}: use an id`);
  if (!named[0]) throw new HttpError(404, `No ${what} ${name} in account ${account.displayName}`);
  return named[0];
}
