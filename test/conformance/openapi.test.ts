// Conformance: every request the client sends and every answer the emulator gives, across a session
// that calls every client method (successes, 401, 404, 409, 422, 429), validated by openapi-backend
// against the official V4 document (plus the account-role PATCH of frameio-api.md §2.3). Requests sent
// by hand add the emulator answers the client never asks for (include=owner, inherited project rows,
// refused bodies); only their answers are validated.
import addFormatsPlugin from 'ajv-formats';
import { OpenAPIBackend, type Operation } from 'openapi-backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { FrameioClient } from '../../src/client/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { GROUP, groupSeed } from '../emulator/group-seed.js';
import { PROJECT } from '../emulator/project-seed.js';
import { virtualTime } from '../support/virtual-time.js';
import { loadDefinition } from './definition.js';

const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const ADOBE_ACCOUNT = 'adobe:2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg';
const TOKEN = 'fio-demo-admin-token';

interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseText: string;
}

/** `before` may hold a request back before it is sent, as a busy machine does; `after` sees each exchange. */
interface Hooks {
  before?: (request: Request) => Promise<void>;
  after?: (exchange: Exchange) => void;
}

/** A fetch that passes through to the emulator and records both sides of every exchange in `into`. */
function recordingFetch(into: Exchange[], hooks: Hooks): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body ? await request.clone().text() : '';
    await hooks.before?.(request);
    const response = await globalThis.fetch(request);
    const responseText = await response.clone().text();
    const exchange: Exchange = {
      method: request.method,
      url: new URL(request.url),
      headers: Object.fromEntries(request.headers),
      body,
      status: response.status,
      responseHeaders: Object.fromEntries(response.headers),
      responseText,
    };
    into.push(exchange);
    hooks.after?.(exchange);
    return response;
  };
}

// ajv-formats is CommonJS with a default export; under NodeNext the callable may sit on .default.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as (
  ajv: object,
) => unknown;

let api: OpenAPIBackend;
let exchanges: Exchange[] = [];
/** Requests sent by hand: their answers are validated, not the requests (some are wrong on purpose). */
let byHand: Exchange[] = [];

/**
 * Calls every client method against a fresh emulator and returns what went over the wire. Client and
 * emulator share one virtual clock, so the rate buckets see the calls, not the machine's speed.
 */
async function session(hooks: Hooks = {}): Promise<Exchange[]> {
  const seen: Exchange[] = [];
  const time = virtualTime();
  const limits = { 'users.show': 1 };
  const emulator = await startEmulator({ state: groupSeed(), port: 0, timeScale: 600, limits, now: time.now });
  try {
    const fetch = recordingFetch(seen, hooks);
    const client = (token = TOKEN) =>
      new FrameioClient({ token, baseUrl: emulator.url, fetch, retry: { baseMs: 5 }, clock: time.clock });
    const admin = client();
    const workspaceId = (name: string) => emulator.state.workspaces(ACME).find((w) => w.name === name)!.id;
    const ws = workspaceId('Client Reviews');
    const marketing = workspaceId('Marketing');
    const archive = workspaceId('Archive');
    const user = (email: string) => emulator.state.user(email)!.id!;
    const members = emulator.state.workspaceUsers(ACME, ws);
    const member = Object.entries(members).find(([, role]) => role === 'viewer')![0];
    const outsider = Object.entries(emulator.state.accountUsers(ACME)).find(
      ([email, role]) =>
        role === 'member' &&
        members[email] === undefined &&
        emulator.state.user(email)?.active === true &&
        emulator.state.user(email)?.id,
    )![0];
    const stranger = emulator.state
      .users()
      .find((u) => u.id !== null && emulator.state.getAccountRole(ACME, u.email) === null)!;
    const fails = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { status?: number }) => e.status,
      );

    // Every client method, successes first. Two clients of one user at once: users.show allows 1 per
    // window here, and no time passes between them, so one meets a real 429 from the emulator's bucket
    // and retries after its wait has refilled the bucket.
    await Promise.all([admin.me(), client().me()]);
    await admin.listAccounts();
    await admin.listAccountUsers(ACME, { includeDeactivated: true });
    await admin.listAccountUsers(ADOBE_ACCOUNT);
    await admin.listWorkspaces(ACME);
    await admin.listWorkspaceUsers(ACME, ws, { includeDeactivated: true });
    await admin.setAccountRole(ACME, user('bob@acme.test'), 'admin');
    await admin.setAccountRole(ACME, user('bob@acme.test'), 'member');
    await admin.setWorkspaceRole(ACME, ws, user(member), 'editor');
    await admin.setWorkspaceRole(ACME, ws, user(outsider), 'commenter');
    await admin.removeWorkspaceUser(ACME, ws, user(outsider));
    // Errors: 404 (already removed), 409 (the owner), 422 (not an account user), 401 (bad token).
    expect(await admin.removeWorkspaceUser(ACME, ws, user(outsider))).toBe('already_absent');
    expect(await fails(admin.setAccountRole(ACME, user('owner@acme.test'), 'member'))).toBe(409);
    expect(await fails(admin.setWorkspaceRole(ACME, ws, stranger.id!, 'viewer'))).toBe(422);
    expect(await fails(client('fio-not-a-token').listWorkspaces(ACME))).toBe(401);
    // And an injected 429 on a write.
    emulator.faults.rateLimitNext(1, { method: 'PATCH' });
    await admin.setWorkspaceRole(ACME, ws, user(member), 'viewer');

    // Projects: every call, then 404 (no grant; a deleted project), 409 (an admin), 422 (not an
    // account user), and an injected 429 on a project write.
    await admin.listProjects(ACME, marketing);
    await admin.listProjects(ACME, archive);
    await admin.showProject(ACME, PROJECT.quiet);
    await admin.listProjectUsers(ACME, PROJECT.spring, { includeDeactivated: true });
    await admin.setProjectRole(ACME, PROJECT.vault, user(outsider), 'editor');
    await admin.removeProjectUser(ACME, PROJECT.vault, user(outsider));
    await admin.setProjectRestricted(ACME, PROJECT.spring, true);
    await admin.setProjectRestricted(ACME, PROJECT.quiet, false);
    expect(await admin.removeProjectUser(ACME, PROJECT.vault, user(outsider))).toBe('already_absent');
    expect(await fails(admin.setProjectRole(ACME, PROJECT.vault, user('grace@acme.test'), 'viewer'))).toBe(409);
    expect(await fails(admin.setProjectRole(ACME, PROJECT.vault, stranger.id!, 'viewer'))).toBe(422);
    emulator.faults.rateLimitNext(1, { method: 'PATCH' });
    await admin.setProjectRole(ACME, PROJECT.vault, user(member), 'viewer');
    emulator.state.deleteProject(ACME, PROJECT.springTwin);
    expect(await fails(admin.showProject(ACME, PROJECT.springTwin))).toBe(404);

    // The account's groups (stable): every call, a synced group, then 404 (a deleted group), 403 (a
    // member creating one) and an injected 429. Members and grants are experimental: not in the document.
    await admin.listGroups(ACME);
    await admin.showGroup(ACME, GROUP.okta);
    await admin.createGroup(ACME, 'Conformance', 'white_check_mark');
    emulator.state.deleteGroup(ACME, GROUP.workfront);
    expect(await fails(admin.showGroup(ACME, GROUP.workfront))).toBe(404);
    expect(await fails(client('fio-demo-member-token').createGroup(ACME, 'No', 'x'))).toBe(403);
    emulator.faults.rateLimitNext(1, { method: 'GET', path: /\/groups$/ });
    await admin.listGroups(ACME);

    // The audit log (api-version 4.0): the writes above as events, filtered and paged; 403 for a member.
    const audit = await admin.auditLog(ACME, { workspace_id: ws, from_date: '1970-01-01' }, 2);
    expect(audit.events.length).toBeGreaterThan(0);
    await admin.auditLog(ADOBE_ACCOUNT, { event_type: 'user_login' }, 1);
    expect(await fails(client('fio-demo-member-token').auditLog(ACME, {}, 1))).toBe(403);
    return seen;
  } finally {
    await emulator.close();
  }
}

beforeAll(async () => {
  api = new OpenAPIBackend({
    definition: loadDefinition() as never,
    validate: true,
    // Fail on an invalid document instead of warning and validating against nothing.
    strict: true,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      ajv.addFormat('HH:MM:SS:FF', true);
      return ajv;
    },
  });
  await api.init();
  exchanges = await session();
  byHand = await sentByHand();
}, 60_000);

/** The project answers the client never asks for, from an emulator whose project listings show inherited access. */
async function sentByHand(): Promise<Exchange[]> {
  const seen: Exchange[] = [];
  const emulator = await startEmulator({ state: groupSeed('inherited'), port: 0 });
  try {
    const fetch = recordingFetch(seen, {});
    const send = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
      fetch(`${emulator.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${init.token ?? TOKEN}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    const account = `/v4/accounts/${ACME}`;
    const marketing = emulator.state.workspaces(ACME).find((w) => w.name === 'Marketing')!.id;
    const dave = emulator.state.user('dave@acme.test')!.id!;
    await send(`${account}/workspaces/${marketing}/projects?include=owner&sort=created_at_desc&page_size=2`);
    await send(`${account}/workspaces/${marketing}/projects?include_total_count=true`);
    await send(`${account}/projects/${PROJECT.spring}?include=owner`);
    await send(`${account}/projects/${PROJECT.spring}/users?sort=role_desc&include_total_count=true`);
    await send(`${account}/projects/${PROJECT.hub}/users?page_size=100`);
    await send(`${account}/projects/${PROJECT.spring}`, {
      method: 'PATCH',
      body: { data: { name: 'Spring 2027', status: 'inactive' } },
    });
    await send(`${account}/projects/${PROJECT.spring}`, { method: 'PATCH', body: { data: { owner: 'x' } } });
    await send(`${account}/projects/${PROJECT.spring}`, { method: 'PATCH' });
    await send(`${account}/projects/${PROJECT.spring}`, {
      method: 'PATCH',
      body: { data: { restricted: true } },
      token: 'fio-demo-member-token',
    });
    await send(`${account}/projects/${PROJECT.spring}/users/${dave}`, {
      method: 'PATCH',
      body: { data: { role: 'x' } },
    });
    await send(`${account}/projects/00000000-0000-4000-8000-000000000000/users`);
    await send(`${account}/workspaces/${marketing}/projects?page_size=500`);
    await send(`${account}/projects/${PROJECT.spring}/users/${dave}`, { method: 'DELETE' });
    // Groups: every sort and include, paging with a count, a synced group shown with its creator.
    await send(`${account}/groups?include=creator&sort=creator_desc&page_size=2&include_total_count=true`);
    await send(`${account}/groups?sort=created_at_desc`);
    await send(`${account}/groups/${GROUP.okta}?include=creator`);
    await send(`${account}/groups/${GROUP.post}?include=creator`);
    await send(`${account}/groups`, { method: 'POST', body: { data: { name: 'N', emoji: 'x', source: 'adobe' } } });
    await send(`${account}/groups`, { method: 'POST', body: { data: { name: 'N' } } });
    await send(`${account}/groups?sort=size_asc`);
    return seen;
  } finally {
    await emulator.close();
  }
}

/**
 * The query as the validator reads it, the audit log's `filters[key]=value` pairs as one `filters`
 * object: the reference's example sends them so (deepObject), the document declares no style.
 */
function foldFilters(params: URLSearchParams): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  const filters: Record<string, string> = {};
  for (const [key, value] of params) {
    const inner = /^filters\[([a-z_]+)\]$/.exec(key)?.[1];
    if (inner === undefined) query[key] = value;
    else filters[inner] = value;
  }
  if (Object.keys(filters).length > 0) query.filters = filters;
  return query;
}

function operationOf(e: Exchange): Operation | undefined {
  return api.matchOperation({ method: e.method.toLowerCase(), path: e.url.pathname, headers: e.headers }) as
    | Operation
    | undefined;
}

function where(e: Exchange): string {
  return `${e.method} ${e.url.pathname}${e.url.search} → ${e.status}`;
}

describe('OpenAPI conformance (client requests and emulator answers)', () => {
  it('has a validator that rejects what the document forbids (so a pass means something)', () => {
    const list = api.getOperation('workspace_user_roles.index')!;
    const patch = api.getOperation('account_user_roles.update')!;
    const path = `/v4/accounts/${ACME}/users/${ACME}`;
    expect(
      api.validateRequest(
        {
          method: 'get',
          path: `/v4/accounts/${ACME}/workspaces/${ACME}/users`,
          query: { page_size: '500' },
          headers: {},
        },
        list,
      ).valid,
    ).toBe(false);
    expect(
      api.validateRequest({ method: 'patch', path, headers: {}, body: { data: { role: 'owner' } } }, patch).valid,
    ).toBe(false);
    expect(
      api.validateRequest({ method: 'patch', path, headers: {}, body: { data: { role: 'admin', extra: 1 } } }, patch)
        .valid,
    ).toBe(false);
    expect(
      api.validateRequest({ method: 'patch', path, headers: {}, body: { data: { role: 'admin' } } }, patch).valid,
    ).toBe(true);
    expect(api.validateResponse({ data: [], links: { next: null } }, list, 200).valid).toBe(true);
    expect(api.validateResponse({ data: [] }, list, 200).valid).toBe(false);
    expect(
      api.validateResponse(
        {
          data: [{ role: 'boss', user: { id: null, name: null, email: 'a@b', avatar_url: null, active: true } }],
          links: { next: null },
        },
        list,
        200,
      ).valid,
    ).toBe(false);
    expect(api.validateResponse({ error: { detail: 'old shape' } }, list, 401).valid).toBe(false);
    // Groups, by their source: a synced one needs sync_status, the others match the common shape.
    const show = api.getOperation('groups.show')!;
    const group = {
      id: GROUP.post,
      name: 'G',
      emoji: 'x',
      member_count: 0,
      source: 'frame',
      creator_id: null,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
    };
    expect(api.validateResponse({ data: group }, show, 200).valid).toBe(true);
    expect(api.validateResponse({ data: { ...group, source: 'adobe' } }, show, 200).valid).toBe(false);
    expect(api.validateResponse({ data: { ...group, source: 'adobe', sync_status: 'error' } }, show, 200).valid).toBe(
      true,
    );
    expect(api.validateResponse({ data: { ...group, source: 'okta' } }, show, 200).valid).toBe(false);
    const create = api.getOperation('groups.create')!;
    const groupsPath = `/v4/accounts/${ACME}/groups`;
    const post = (body: unknown) =>
      api.validateRequest({ method: 'post', path: groupsPath, headers: {}, body }, create);
    expect(post({ data: { name: 'G' } }).valid).toBe(false);
    expect(post({ data: { name: 'G', emoji: 'x' } }).valid).toBe(true);
    expect(
      api.validateResponseHeaders({ 'x-ratelimit-limit': '100' }, list, {
        statusCode: 200,
        setMatchType: 'superset' as never,
      }).valid,
    ).toBe(false);
  });

  it('covered every client operation and the error statuses', () => {
    const ops = new Set(exchanges.map((e) => operationOf(e)?.operationId));
    expect([...ops].sort()).toEqual([
      'account_user_roles.index',
      'account_user_roles.update',
      'accounts.index',
      'auditlog.index',
      'groups.create',
      'groups.index',
      'groups.show',
      'project_permissions.delete',
      'project_user_roles.index',
      'project_user_roles.update',
      'projects.index',
      'projects.show',
      'projects.update',
      'users.show',
      'workspace_user_roles.delete',
      'workspace_user_roles.index',
      'workspace_user_roles.update',
      'workspaces.index',
    ]);
    const statuses = new Set(exchanges.map((e) => e.status));
    for (const status of [200, 204, 401, 404, 409, 422, 429]) expect(statuses).toContain(status);
    expect(exchanges.filter((e) => e.status === 429)).toHaveLength(4);
    const groupStatuses = new Set(exchanges.filter((e) => /\/groups/.test(e.url.pathname)).map((e) => e.status));
    expect([...groupStatuses].sort()).toEqual([200, 201, 403, 404, 429]);
    const projectStatuses = new Set(exchanges.filter((e) => /\/projects/.test(e.url.pathname)).map((e) => e.status));
    expect([...projectStatuses].sort()).toEqual([200, 204, 404, 409, 422, 429]);
  });

  it('sent by hand the project answers the client never asks for', () => {
    expect(byHand.map((e) => e.status)).toEqual([
      200, 200, 200, 200, 200, 200, 422, 400, 403, 422, 404, 422, 204, 200, 200, 200, 200, 422, 422, 422,
    ]);
    const rows = byHand.flatMap((e) => (e.url.pathname.endsWith('/users') ? [JSON.parse(e.responseText)] : []));
    const roles = new Set(rows.flatMap((body: { data?: { role: string }[] }) => (body.data ?? []).map((r) => r.role)));
    // Inherited rows: the owner and account admins as their account role, workspace roles.
    for (const role of ['owner', 'admin', 'full_access', 'commenter']) expect(roles).toContain(role);
  });

  it('meets the same answers when one of the two concurrent calls is held up past a rate window', async () => {
    // On a busy machine the second /v4/me can leave well after the first. With the emulator on the
    // wall clock its bucket had refilled by then, and the 429 this session counts on did not come.
    const isMe = (url: URL | string) => new URL(url).pathname === '/v4/me';
    let mes = 0;
    let firstAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (firstAnswered = resolve));
    const held = await session({
      before: async (request) => {
        if (!isMe(request.url) || ++mes !== 2) return;
        await answered;
        // One and a half windows (100 ms at time scale 600) of real time.
        await new Promise((resolve) => setTimeout(resolve, 150));
      },
      after: (exchange) => isMe(exchange.url) && firstAnswered(),
    });
    expect(held.map(where).sort()).toEqual(exchanges.map(where).sort());
    expect(held.filter((e) => e.status === 429)).toHaveLength(4);
  });

  it('every request matches its operation: method, path, query, body; and carries the bearer token', () => {
    const problems: string[] = [];
    for (const e of exchanges) {
      const operation = operationOf(e);
      if (!operation) {
        problems.push(`${where(e)}: no operation in the document`);
        continue;
      }
      const body = e.body === '' ? undefined : (JSON.parse(e.body) as unknown);
      const result = api.validateRequest(
        {
          method: e.method.toLowerCase(),
          path: e.url.pathname,
          query: foldFilters(e.url.searchParams) as never,
          headers: e.headers,
          body,
        },
        operation,
      );
      if (!result.valid) problems.push(`${where(e)}: ${JSON.stringify(result.errors)}`);
      if (!/^Bearer \S+$/.test(e.headers.authorization ?? '')) problems.push(`${where(e)}: no bearer token`);
      if (body !== undefined && e.headers['content-type'] !== 'application/json')
        problems.push(`${where(e)}: body without application/json`);
    }
    expect(problems).toEqual([]);
  });

  it('every answer matches the documented response for its status: body and x-ratelimit-* headers', () => {
    const problems: string[] = [];
    for (const e of [...exchanges, ...byHand]) {
      const operation = operationOf(e);
      if (!operation) continue;
      if (!operation.responses?.[String(e.status)]) {
        problems.push(`${where(e)}: status not documented for ${operation.operationId}`);
        continue;
      }
      if (e.status === 204) {
        if (e.responseText !== '') problems.push(`${where(e)}: 204 with a body`);
      } else {
        const body = result(() => JSON.parse(e.responseText) as unknown);
        const validation = api.validateResponse(body, operation, e.status);
        if (!validation.valid) problems.push(`${where(e)} body: ${JSON.stringify(validation.errors)}`);
        if (!(e.responseHeaders['content-type'] ?? '').startsWith('application/json'))
          problems.push(`${where(e)}: content-type ${e.responseHeaders['content-type']}`);
      }
      const headers = api.validateResponseHeaders(e.responseHeaders, operation, {
        statusCode: e.status,
        setMatchType: 'superset' as never,
      });
      if (!headers.valid) problems.push(`${where(e)} headers: ${JSON.stringify(headers.errors)}`);
    }
    expect(problems).toEqual([]);
  });
});

function result<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch {
    return '<not JSON>';
  }
}
