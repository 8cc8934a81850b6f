// The API's facts in src/api against their sources and their readers: the bundled official OpenAPI
// document, the client's rate budget, and what the emulator enforces over real HTTP.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ROLES,
  OPERATIONS,
  OPERATION_FACTS,
  PROJECT_LIST_ROLES,
  PROJECT_ROLES,
  RATE_WINDOW_MS,
  SETTABLE_ACCOUNT_ROLES,
  WORKSPACE_LIST_ROLES,
  WORKSPACE_ROLES,
  WRITE_CLASSES,
  WRITE_LIMITS,
  WRITE_OPERATION,
  isExperimental,
  operationOf,
  rateLimitOf,
  type Operation,
} from '../../src/api/index.js';
import { CLIENT_OPERATIONS, DOCUMENTED_LIMITS, FrameioClient } from '../../src/client/index.js';
import { DEFAULT_LIMITS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { WRITE_CLASS_OF } from '../../src/plan/scopes.js';
import { OPENAPI_PATH, loadDefinition } from '../conformance/definition.js';
import { GROUP, groupSeed } from '../emulator/group-seed.js';
import { PROJECT } from '../emulator/project-seed.js';
import { at, list, mapping } from '../support/json.js';

const DOCUMENT: unknown = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
/** Absent from the bundled July 2026 snapshot (it reached the stable API later). */
const NOT_IN_SNAPSHOT: readonly Operation[] = ['account_user_roles.update'];
/** Filed under the experimental reference (frameio-api-next.md §3.1), which the document leaves out. */
const EXPERIMENTAL: readonly Operation[] = [
  'group_users.index',
  'group_users.add',
  'group_users.remove',
  'workspace_group_roles.index',
  'workspace_group_roles.update',
  'workspace_group_roles.delete',
  'project_group_roles.index',
  'project_group_roles.update',
  'project_group_roles.delete',
];
/** Their method, path and limit as the experimental reference pages give them (frameio-api-next.md §3.1). */
const EXPERIMENTAL_FACTS: Record<string, [string, string, number]> = {
  'group_users.index': ['GET', '/v4/accounts/{account_id}/groups/{group_id}/users', 200],
  'group_users.add': ['POST', '/v4/accounts/{account_id}/groups/{group_id}/users', 10],
  'group_users.remove': ['DELETE', '/v4/accounts/{account_id}/groups/{group_id}/users/{user_id}', 200],
  'workspace_group_roles.index': ['GET', '/v4/accounts/{account_id}/workspaces/{workspace_id}/groups', 100],
  'workspace_group_roles.update': [
    'PATCH',
    '/v4/accounts/{account_id}/workspaces/{workspace_id}/groups/{group_id}',
    10,
  ],
  'workspace_group_roles.delete': [
    'DELETE',
    '/v4/accounts/{account_id}/workspaces/{workspace_id}/groups/{group_id}',
    60,
  ],
  'project_group_roles.index': ['GET', '/v4/accounts/{account_id}/projects/{project_id}/groups', 100],
  'project_group_roles.update': ['PATCH', '/v4/accounts/{account_id}/projects/{project_id}/groups/{group_id}', 10],
  'project_group_roles.delete': ['DELETE', '/v4/accounts/{account_id}/projects/{project_id}/groups/{group_id}', 60],
};
const IN_DOCUMENT = OPERATIONS.filter((op) => !NOT_IN_SNAPSHOT.includes(op) && !EXPERIMENTAL.includes(op));

describe('src/api against the official OpenAPI document', () => {
  it.each(IN_DOCUMENT)('%s: method, path and rate limit', (op) => {
    const { method, path, limit } = OPERATION_FACTS[op];
    const documented = at(DOCUMENT, 'paths', path, method.toLowerCase());
    expect(at(documented, 'operationId')).toBe(op);
    // Every description ends "Rate Limits: N calls per 1.00 minute(s) per account_user".
    const RATE = /Rate Limits: (\d+) calls per 1\.00 minute\(s\) per account_user/;
    const stated = RATE.exec(String(at(documented, 'description')));
    expect(stated?.[1]).toBe(String(limit));
    expect(RATE_WINDOW_MS).toBe(60_000);
  });

  it('names the operations the snapshot lacks, so a newer snapshot is checked too', () => {
    for (const op of [...NOT_IN_SNAPSHOT, ...EXPERIMENTAL]) {
      const { method, path } = OPERATION_FACTS[op];
      expect(at(DOCUMENT, 'paths', path, method.toLowerCase())).toBeUndefined();
    }
  });

  it('flags exactly the experimental operations, with the experimental reference’s method, path and limit', () => {
    expect(OPERATIONS.filter((op) => isExperimental(op))).toEqual(EXPERIMENTAL);
    for (const op of EXPERIMENTAL) {
      const { method, path, limit } = OPERATION_FACTS[op];
      expect([method, path, limit], op).toEqual(EXPERIMENTAL_FACTS[op]);
    }
    // The stable group operations are in the document (checked above) and not flagged.
    for (const op of ['groups.index', 'groups.show', 'groups.create'] as const) {
      expect(IN_DOCUMENT).toContain(op);
      expect(isExperimental(op)).toBe(false);
    }
  });

  it('spells the role enums as the document does', () => {
    const schemas = mapping(DOCUMENT, 'components', 'schemas');
    const sorted = (values: readonly unknown[]) => [...values].sort();
    expect(sorted(ACCOUNT_ROLES)).toEqual(sorted(list(schemas, 'AccountUserRole', 'properties', 'role', 'enum')));
    expect(sorted(WORKSPACE_ROLES)).toEqual(sorted(list(schemas, 'WorkspaceRole', 'enum')));
    expect(sorted(WORKSPACE_LIST_ROLES)).toEqual(
      sorted(list(schemas, 'WorkspaceUserRole', 'properties', 'role', 'enum')),
    );
    // Projects: the grant PATCH body's enum, and the listing's (inherited rows included).
    const grant = ['properties', 'data', 'properties', 'role', 'enum'];
    expect(sorted(PROJECT_ROLES)).toEqual(sorted(list(schemas, 'UpdateUserRolesParams', ...grant)));
    expect(sorted(PROJECT_LIST_ROLES)).toEqual(sorted(list(schemas, 'UserRole', 'properties', 'role', 'enum')));
    // The account-role PATCH body, as the conformance test adds it from the newer document.
    const patchBody = mapping(loadDefinition(), 'components', 'schemas', 'AccountRoleData');
    expect(sorted(SETTABLE_ACCOUNT_ROLES)).toEqual(sorted(list(patchBody, 'properties', 'role', 'enum')));
  });

  it('maps a request to its operation by the path templates', () => {
    for (const op of OPERATIONS) {
      const { method, path } = OPERATION_FACTS[op];
      expect(operationOf(method, path.replace(/\{[a-z_]+\}/g, 'x'))).toBe(op);
    }
    expect(operationOf('GET', '/v4/accounts//users')).toBeUndefined();
    // The next-page link of the reference's group-users example.
    expect(operationOf('GET', '/v4/accounts/x/groups/x/members')).toBe('group_users.index');
    expect(operationOf('POST', '/v4/accounts/x/groups/x/members')).toBeUndefined();
  });
});

describe('write classes', () => {
  it('each change action writes through one class, each class one write operation with its limit', () => {
    expect(new Set(Object.values(WRITE_CLASS_OF))).toEqual(new Set(WRITE_CLASSES));
    for (const cls of WRITE_CLASSES) {
      expect(OPERATION_FACTS[WRITE_OPERATION[cls]].method).not.toBe('GET');
      expect(WRITE_LIMITS[cls]).toEqual(rateLimitOf(WRITE_OPERATION[cls]));
    }
    expect(new Set(Object.values(WRITE_OPERATION)).size).toBe(WRITE_CLASSES.length);
  });
});

// ---- every call the client makes, through real HTTP against the emulator at its default limits ----

const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const TOKEN = 'fio-demo-admin-token';

/** The client's API methods; one it gains without an entry here fails to compile. */
type ApiMethod = Exclude<keyof FrameioClient, 'baseUrl' | 'stats' | 'pages' | 'listAll'>;

interface Answer {
  method: string;
  path: string;
  status: number;
  limit: string | null;
  window: string | null;
  /** The request's api-version header. */
  apiVersion: string | null;
}

function answerOf(request: Request, response: Response): Answer {
  return {
    method: request.method,
    path: new URL(request.url).pathname,
    status: response.status,
    limit: response.headers.get('x-ratelimit-limit'),
    window: response.headers.get('x-ratelimit-window'),
    apiVersion: request.headers.get('api-version'),
  };
}

let emulator: Emulator;
let client: FrameioClient;
const answers: Answer[] = [];

beforeAll(async () => {
  // No `limits` and time scale 1: the emulator's own defaults, the real API's one-minute window. The
  // demo seed with projects and groups added.
  emulator = await startEmulator({ state: groupSeed(), port: 0 });
  const recording: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await globalThis.fetch(request);
    answers.push(answerOf(request, response));
    return response;
  };
  client = new FrameioClient({ token: TOKEN, baseUrl: emulator.url, fetch: recording });
  const ws = emulator.state.workspaces(ACME).find((w) => w.name === 'Client Reviews')!.id;
  const id = (email: string) => emulator.state.user(email)!.id!;
  const members = emulator.state.workspaceUsers(ACME, ws);
  const outsider = Object.entries(emulator.state.accountUsers(ACME)).find(([email, role]) => {
    const user = emulator.state.user(email);
    return role === 'member' && members[email] === undefined && user?.active === true && user.id !== null;
  })![0];
  const calls: Record<ApiMethod, () => Promise<unknown>> = {
    me: () => client.me(),
    listAccounts: () => client.listAccounts(),
    listAccountUsers: () => client.listAccountUsers(ACME),
    listWorkspaces: () => client.listWorkspaces(ACME),
    listWorkspaceUsers: () => client.listWorkspaceUsers(ACME, ws),
    setAccountRole: () => client.setAccountRole(ACME, id('bob@acme.test'), 'member'),
    setWorkspaceRole: () => client.setWorkspaceRole(ACME, ws, id(outsider), 'viewer'),
    removeWorkspaceUser: () => client.removeWorkspaceUser(ACME, ws, id(outsider)),
    listProjects: () => client.listProjects(ACME, ws),
    showProject: () => client.showProject(ACME, PROJECT.spring),
    listProjectUsers: () => client.listProjectUsers(ACME, PROJECT.spring),
    setProjectRole: () => client.setProjectRole(ACME, PROJECT.spring, id(outsider), 'viewer'),
    removeProjectUser: () => client.removeProjectUser(ACME, PROJECT.spring, id(outsider)),
    setProjectRestricted: () => client.setProjectRestricted(ACME, PROJECT.spring, false),
    listGroups: () => client.listGroups(ACME),
    showGroup: () => client.showGroup(ACME, GROUP.post),
    createGroup: () => client.createGroup(ACME, 'Facts', 'memo'),
    listGroupMembers: () => client.listGroupMembers(ACME, GROUP.post),
    addGroupMembers: () => client.addGroupMembers(ACME, GROUP.post, [id(outsider)]),
    removeGroupMember: () => client.removeGroupMember(ACME, GROUP.post, id(outsider)),
    listWorkspaceGroups: () => client.listWorkspaceGroups(ACME, ws),
    setWorkspaceGroupRole: () => client.setWorkspaceGroupRole(ACME, ws, GROUP.post, 'viewer'),
    removeWorkspaceGroup: () => client.removeWorkspaceGroup(ACME, ws, GROUP.post),
    listProjectGroups: () => client.listProjectGroups(ACME, PROJECT.spring),
    setProjectGroupRole: () => client.setProjectGroupRole(ACME, PROJECT.spring, GROUP.crowd, 'viewer'),
    removeProjectGroup: () => client.removeProjectGroup(ACME, PROJECT.spring, GROUP.crowd),
    auditLog: () => client.auditLog(ACME, {}, 1),
  };
  for (const call of Object.values(calls)) await call();
  // The one operation the client does not call, sent by hand.
  const path = `/v4/accounts/${ACME}/workspaces/${ws}`;
  const request = new Request(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  answers.push(answerOf(request, await fetch(request)));
});

afterAll(async () => {
  await emulator?.close();
});

describe('every call the client makes', () => {
  it('is an operation of src/api the client lists, with its documented limit as the budget seed', () => {
    const called = new Set(Object.keys(client.stats.calls));
    expect([...called].sort()).toEqual([...CLIENT_OPERATIONS].sort());
    for (const op of CLIENT_OPERATIONS) {
      expect(OPERATIONS).toContain(op);
      expect(DOCUMENTED_LIMITS[op]).toEqual(rateLimitOf(op));
    }
  });

  it('meets the same limit and window in the emulator, for every operation of src/api', () => {
    const seen = new Map<Operation, Answer>();
    for (const a of answers) {
      const op = operationOf(a.method, a.path);
      expect(op, `${a.method} ${a.path}`).toBeDefined();
      expect(a.status, `${a.method} ${a.path}`).toBeLessThan(300);
      seen.set(op!, a);
    }
    expect([...seen.keys()].sort()).toEqual([...OPERATIONS].sort());
    for (const [op, a] of seen) {
      const documented = { op, limit: String(OPERATION_FACTS[op].limit), window: String(RATE_WINDOW_MS) };
      expect({ op, limit: a.limit, window: a.window }).toEqual(documented);
      expect(DEFAULT_LIMITS[op]).toBe(OPERATION_FACTS[op].limit);
    }
  });
});

describe('the api-version header', () => {
  it('goes with every call to an experimental operation and with no other', () => {
    for (const a of answers) {
      const op = operationOf(a.method, a.path)!;
      const wanted = isExperimental(op) ? 'experimental' : op === 'auditlog.index' ? '4.0' : null;
      expect({ op, apiVersion: a.apiVersion }).toEqual({ op, apiVersion: wanted });
    }
    expect(answers.some((a) => a.apiVersion === 'experimental')).toBe(true);
    expect(answers.some((a) => a.apiVersion === '4.0')).toBe(true);
  });
});
