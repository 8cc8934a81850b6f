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
  operationOf,
  rateLimitOf,
  type Operation,
} from '../../src/api/index.js';
import { CLIENT_OPERATIONS, DOCUMENTED_LIMITS, FrameioClient } from '../../src/client/index.js';
import { DEFAULT_LIMITS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { WRITE_CLASS_OF } from '../../src/plan/scopes.js';
import { OPENAPI_PATH, loadDefinition } from '../conformance/definition.js';
import { PROJECT, projectSeed } from '../emulator/project-seed.js';
import { at, list, mapping } from '../support/json.js';

const DOCUMENT: unknown = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
/** Absent from the bundled July 2026 snapshot (it reached the stable API later). */
const NOT_IN_SNAPSHOT: readonly Operation[] = ['account_user_roles.update'];

describe('src/api against the official OpenAPI document', () => {
  it.each(OPERATIONS.filter((op) => !NOT_IN_SNAPSHOT.includes(op)))('%s: method, path and rate limit', (op) => {
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
    for (const op of NOT_IN_SNAPSHOT) {
      const { method, path } = OPERATION_FACTS[op];
      expect(at(DOCUMENT, 'paths', path, method.toLowerCase())).toBeUndefined();
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
}

function answerOf(method: string, path: string, response: Response): Answer {
  const limit = response.headers.get('x-ratelimit-limit');
  return { method, path, status: response.status, limit, window: response.headers.get('x-ratelimit-window') };
}

let emulator: Emulator;
let client: FrameioClient;
const answers: Answer[] = [];

beforeAll(async () => {
  // No `limits` and time scale 1: the emulator's own defaults, the real API's one-minute window. The
  // demo seed with projects added.
  emulator = await startEmulator({ state: projectSeed(), port: 0 });
  const recording: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await globalThis.fetch(request);
    answers.push(answerOf(request.method, new URL(request.url).pathname, response));
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
  };
  for (const call of Object.values(calls)) await call();
  // The one operation the client does not call, sent by hand.
  const path = `/v4/accounts/${ACME}/workspaces/${ws}`;
  const show = await fetch(`${emulator.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  answers.push(answerOf('GET', path, show));
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
