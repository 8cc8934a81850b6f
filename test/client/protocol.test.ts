// The client against a server of our own that misbehaves: cursor loops, pages of the wrong shape,
// odd error bodies, dropped connections. Each must end in a clear error (or a clean retry), never a hang.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameioClient, type ClientEvent } from '../../src/client/index.js';
import { ApiError, RolesyncError } from '../../src/errors.js';
import { json, startLocalServer, type Handler } from './local-server.js';

const TOKEN = 'sEcReT-t0ken-4f1c9a77';
const ACCOUNT = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const USERS = `/v4/accounts/${ACCOUNT}/users`;

const user = (n: number) => ({
  role: 'member',
  user: {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    email: `u${n}@x.test`,
    name: null,
    active: true,
    avatar_url: null,
  },
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/**
 * A fetch deaf to the client's per-attempt timeout, so that no answer the server does give can turn
 * into a timeout on a busy machine; only the attempts `timesOut` picks (counted from 1) keep it.
 */
function patientFetch(timesOut: (attempt: number) => boolean = () => false): typeof globalThis.fetch {
  let attempt = 0;
  return (input, init) => {
    attempt += 1;
    if (timesOut(attempt)) return globalThis.fetch(input, init);
    const { signal: _timeout, ...rest } = init ?? {};
    return globalThis.fetch(input, rest);
  };
}

async function serve(handler: Handler, extra: Partial<ConstructorParameters<typeof FrameioClient>[0]> = {}) {
  const server = await startLocalServer(handler);
  close = server.close;
  const retry = { baseMs: 5, maxRetries: 3 };
  const client = new FrameioClient({ token: TOKEN, baseUrl: server.url, retry, fetch: patientFetch(), ...extra });
  return { client, requests: server.requests };
}

async function failure(promise: Promise<unknown>): Promise<RolesyncError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RolesyncError);
    return error as RolesyncError;
  }
  throw new Error('expected the call to fail');
}

function expectNoToken(error: unknown): void {
  for (const text of [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    (error as Error).message,
    (error as Error).stack ?? '',
  ]) {
    expect(text).not.toContain(TOKEN);
  }
}

describe('paging against a misbehaving server', () => {
  it('detects a links.next that repeats and stops after two requests', async () => {
    const { client, requests } = await serve((_req, res) =>
      json(res, 200, { data: [user(1)], links: { next: `${USERS}?after=AAA` } }),
    );
    const error = await failure(client.listAccountUsers(ACCOUNT));
    expect(error.code).toBe('API_PROTOCOL');
    expect(error.message).toContain(`GET ${USERS}`);
    expect(error.message).toContain('cursor loop');
    expect(requests).toHaveLength(2);
  });

  it('detects a cursor that comes back under a different link', async () => {
    let n = 0;
    const { client, requests } = await serve((_req, res) =>
      json(res, 200, { data: [user(n)], links: { next: `${USERS}?after=AAA&v=${n++}` } }),
    );
    const error = await failure(client.listAccountUsers(ACCOUNT));
    expect(error.message).toContain('"after" cursor');
    expect(requests).toHaveLength(2);
  });

  it.each([
    ['no data array', { links: { next: null } }, 'no "data" array'],
    ['data not an array', { data: { a: 1 }, links: { next: null } }, 'no "data" array'],
    ['no links', { data: [user(1)] }, 'no "links" object'],
    ['links without next', { data: [user(1)], links: {} }, 'no "links.next"'],
    ['next of the wrong type', { data: [user(1)], links: { next: 7 } }, 'neither a link nor null'],
    ['next to another host', { data: [user(1)], links: { next: 'https://evil.example/v4/x?after=1' } }, 'another host'],
    ['next leaving the listing', { data: [user(1)], links: { next: '/v4/accounts?after=1' } }, 'leaves the listing'],
    ['next without a cursor', { data: [user(1)], links: { next: `${USERS}?page_size=100` } }, 'without an "after"'],
    ['a body that is a list', [user(1)], 'not a JSON object'],
  ])('refuses a page with %s', async (_name, page, message) => {
    const { client, requests } = await serve((_req, res) => json(res, 200, page));
    const error = await failure(client.listAccountUsers(ACCOUNT));
    expect(error.code).toBe('API_PROTOCOL');
    expect(error.message).toContain(message);
    expect(error.message).toContain(USERS);
    expect(requests).toHaveLength(1);
  });

  it.each([
    [
      'without user.email',
      { role: 'member', user: { id: 'x', name: 'n', active: true, avatar_url: null } },
      'user.email is missing',
    ],
    ['without user', { role: 'member' }, 'user is not an object'],
    ['with an unknown role', { role: 'superuser', user: user(1).user }, 'unknown account role "superuser"'],
  ])('refuses an item %s', async (_name, item, message) => {
    const { client } = await serve((_req, res) => json(res, 200, { data: [user(0), item], links: { next: null } }));
    const error = await failure(client.listAccountUsers(ACCOUNT));
    expect(error.code).toBe('API_PROTOCOL');
    expect(error.message).toContain(message);
  });

  it('refuses a 200 whose body is not JSON', async () => {
    const { client } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    });
    expect((await failure(client.me())).message).toBe('GET /v4/me: the API answered with a body that is not JSON');
  });

  it('re-sends page_size and the original query on a link that carries only the cursor', async () => {
    const { client, requests } = await serve((req, res) => {
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('after');
      if (after === null) json(res, 200, { data: [user(1)], links: { next: `${USERS}?after=c1` } });
      else if (after === 'c1') json(res, 200, { data: [user(2)], links: { next: `${USERS}?after=c2&page_size=100` } });
      else json(res, 200, { data: [user(3)], links: { next: null } });
    });
    const users = await client.listAccountUsers(ACCOUNT, { includeDeactivated: true });
    expect(users.map((u) => u.user.email)).toEqual(['u1@x.test', 'u2@x.test', 'u3@x.test']);
    const queries = requests.map((r) => Object.fromEntries(new URL(r.url, 'http://x').searchParams));
    expect(queries).toEqual([
      { sort: 'email_asc', include_deactivated: 'true', page_size: '100' },
      { after: 'c1', sort: 'email_asc', include_deactivated: 'true', page_size: '100' },
      { after: 'c2', sort: 'email_asc', include_deactivated: 'true', page_size: '100' },
    ]);
  });

  it('gives up after 3 empty pages in a row that still carry a links.next', async () => {
    let n = 0;
    const { client, requests } = await serve((_req, res) =>
      json(res, 200, { data: [], links: { next: `${USERS}?after=c${++n}` } }),
    );
    const error = await failure(client.listAccountUsers(ACCOUNT));
    expect(error.code).toBe('API_PROTOCOL');
    expect(error.message).toContain(`GET ${USERS}: page 3 of the listing is empty yet has a "links.next"`);
    expect(requests).toHaveLength(3);
  });

  it('follows empty pages that are not in a row of 3, and a last empty page', async () => {
    const script: unknown[][] = [[], [], [user(1)], [], [], [user(2)], []];
    let n = 0;
    const { client, requests } = await serve((_req, res) => {
      const data = script[n] ?? [];
      n += 1;
      json(res, 200, { data, links: { next: n < script.length ? `${USERS}?after=c${n}` : null } });
    });
    const users = await client.listAccountUsers(ACCOUNT);
    expect(users.map((u) => u.user.email)).toEqual(['u1@x.test', 'u2@x.test']);
    expect(requests).toHaveLength(script.length);
  });

  it('sends sort=email_asc on every page of a workspace member listing, once', async () => {
    const WS_USERS = `/v4/accounts/${ACCOUNT}/workspaces/w1/users`;
    const member = (n: number) => ({ ...user(n), role: 'editor' });
    const { client, requests } = await serve((req, res) => {
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('after');
      if (after === null) json(res, 200, { data: [member(1)], links: { next: `${WS_USERS}?after=c1` } });
      else if (after === 'c1')
        json(res, 200, { data: [member(2)], links: { next: `${WS_USERS}?after=c2&sort=email_asc` } });
      else json(res, 200, { data: [member(3)], links: { next: null } });
    });
    expect(await client.listWorkspaceUsers(ACCOUNT, 'w1')).toHaveLength(3);
    const sorts = requests.map((r) => new URL(r.url, 'http://x').searchParams.getAll('sort'));
    expect(sorts).toEqual([['email_asc'], ['email_asc'], ['email_asc']]);
  });

  it('refuses a user listing that shows one user on two pages: the listing changed while it was read', async () => {
    const { client, requests } = await serve((req, res) => {
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('after');
      if (after === null) json(res, 200, { data: [user(1), user(2)], links: { next: `${USERS}?after=c1` } });
      else json(res, 200, { data: [user(2), user(3)], links: { next: null } });
    });
    const error = await failure(client.listAccountUsers(ACCOUNT));
    expect(error.code).toBe('API_PROTOCOL');
    expect(error.message).toBe(
      `GET ${USERS}: user ${user(2).user.id} is listed on pages 1 and 2: the listing changed while it was read; ` +
        'try again',
    );
    expect(requests).toHaveLength(2);
  });

  it('refuses a workspace listing that shows one workspace on two pages', async () => {
    const WORKSPACES = `/v4/accounts/${ACCOUNT}/workspaces`;
    const ws = (id: string) => ({ id, name: `ws ${id}` });
    const { client } = await serve((req, res) => {
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('after');
      if (after === null) json(res, 200, { data: [ws('a'), ws('b')], links: { next: `${WORKSPACES}?after=c1` } });
      else if (after === 'c1') json(res, 200, { data: [ws('c')], links: { next: `${WORKSPACES}?after=c2` } });
      else json(res, 200, { data: [ws('a')], links: { next: null } });
    });
    const error = await failure(client.listWorkspaces(ACCOUNT));
    expect(error.code).toBe('API_PROTOCOL');
    expect(error.message).toContain(
      `GET ${WORKSPACES}: workspace a is listed on pages 1 and 3: the listing changed while it was read`,
    );
  });

  it('does not compare users without an id (pending invites) across pages', async () => {
    const invite = (n: number) => ({ role: 'member', user: { ...user(n).user, id: null } });
    const { client } = await serve((req, res) => {
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('after');
      if (after === null) json(res, 200, { data: [invite(1), user(2)], links: { next: `${USERS}?after=c1` } });
      else json(res, 200, { data: [invite(3), user(4)], links: { next: null } });
    });
    const users = await client.listAccountUsers(ACCOUNT);
    expect(users.map((u) => u.user.id)).toEqual([null, user(2).user.id, null, user(4).user.id]);
  });

  it('encodes adobe: account ids in the path', async () => {
    const { client, requests } = await serve((_req, res) => json(res, 200, { data: [], links: { next: null } }));
    await client.listWorkspaces('adobe:2A3C1F@AdobeOrg');
    await client.removeWorkspaceUser('adobe:2A3C1F@AdobeOrg', 'w/1', 'u?2').catch(() => undefined);
    expect(requests[0]?.url).toBe('/v4/accounts/adobe%3A2A3C1F%40AdobeOrg/workspaces?sort=name_asc&page_size=100');
    expect(requests[1]?.url).toBe('/v4/accounts/adobe%3A2A3C1F%40AdobeOrg/workspaces/w%2F1/users/u%3F2');
  });
});

describe('errors keep the token out', () => {
  it('reports a 401 in the old {"error":{"detail"}} shape as an ApiError with method, path and status', async () => {
    const { client, requests } = await serve((_req, res) => json(res, 401, { error: { detail: 'Malformed token.' } }));
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      method: 'GET',
      path: '/v4/me',
      status: 401,
      detail: 'Malformed token.',
      code: 'API_ERROR',
    });
    expect(error.message).toBe('GET /v4/me failed: HTTP 401: Malformed token.');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expectNoToken(error);
  });

  it('redacts a token the server echoes back in its error detail', async () => {
    const { client } = await serve((req, res) =>
      json(res, 403, {
        errors: [{ detail: `token ${req.headers.authorization} lacks rights` }, { detail: 'account locked' }],
      }),
    );
    const error = await failure(client.setAccountRole(ACCOUNT, 'u1', 'admin'));
    expect(error.message).toBe(
      `PATCH ${USERS}/u1 failed: HTTP 403: token Bearer [redacted] lacks rights; account locked`,
    );
    expectNoToken(error);
  });

  it('keeps the token out of network failures and of the client object itself', async () => {
    const { client, requests } = await serve((req) => req.socket.destroy());
    const error = await failure(client.listWorkspaces(ACCOUNT));
    expect(error).toMatchObject({ status: 0, method: 'GET' });
    expect(error.message).toMatch(/no answer: .*after 4 attempts/);
    expect(requests).toHaveLength(4);
    expectNoToken(error);
    expect(inspect(client, { depth: 20, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });
});

describe('retries', () => {
  it('survives a dropped connection, a 503 and a timeout, and reports them', async () => {
    let n = 0;
    const events: ClientEvent[] = [];
    const { client, requests } = await serve(
      (req, res) => {
        n += 1;
        if (n === 1) return req.socket.destroy();
        if (n === 2) return json(res, 503, { errors: [{ detail: 'busy' }] });
        if (n === 3) return; // never answers: the per-attempt timeout fires
        json(res, 200, { data: { id: 'me-id', email: 'me@x.test', name: 'Me', avatar_url: null } });
      },
      { timeoutMs: 300, fetch: patientFetch((attempt) => attempt === 3), onEvent: (e) => events.push(e) },
    );
    expect(await client.me()).toEqual({ id: 'me-id', email: 'me@x.test', name: 'Me' });
    expect(requests).toHaveLength(4);
    expect(events.filter((e) => e.type !== 'response').map((e) => (e.type === 'retry' ? e.reason : e.type))).toEqual([
      expect.stringMatching(/^connection/),
      'HTTP 503',
      'no answer within 300 ms',
    ]);
    // Every answer is told, for progress displays: the 503 and the final 200.
    expect(events.filter((e) => e.type === 'response').map((e) => (e.type === 'response' ? e.status : 0))).toEqual([
      503, 200,
    ]);
    expect(client.stats).toMatchObject({ retries: 3, rateLimited: 0, calls: { 'users.show': 4 } });
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('gives up on a lasting 5xx after the bounded retries', async () => {
    const { client, requests } = await serve((_req, res) => json(res, 502, { errors: [{ detail: 'bad gateway' }] }));
    const error = await failure(client.me());
    expect(error.message).toBe('GET /v4/me failed: HTTP 502: bad gateway (after 4 attempts)');
    expect(requests).toHaveLength(4);
  });

  it.each([400, 403, 404, 409, 422])('does not retry a %i', async (status) => {
    const { client, requests } = await serve((_req, res) => json(res, status, { errors: [{ detail: 'nope' }] }));
    const error = await failure(client.setWorkspaceRole(ACCOUNT, 'w1', 'u1', 'editor'));
    expect(error).toMatchObject({ status, method: 'PATCH', path: `/v4/accounts/${ACCOUNT}/workspaces/w1/users/u1` });
    expect(requests).toHaveLength(1);
  });

  it('honours Retry-After on a 429 and counts it', async () => {
    let n = 0;
    const events: ClientEvent[] = [];
    const { client, requests } = await serve(
      (_req, res) => {
        n += 1;
        if (n === 1)
          return json(
            res,
            429,
            { errors: [{ detail: 'Too many requests' }] },
            {
              'retry-after': '0.05',
              'x-ratelimit-limit': '10',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-window': '600',
            },
          );
        json(res, 200, { data: { role: 'admin' } });
      },
      { onEvent: (e) => events.push(e) },
    );
    expect(await client.setAccountRole(ACCOUNT, 'u1', 'admin')).toBe('admin');
    expect(requests).toHaveLength(2);
    expect(events.filter((e) => e.type !== 'response')[0]).toMatchObject({
      type: 'rate_limited',
      retryAfter: true,
      delayMs: 50,
    });
    expect(client.stats.rateLimited).toBe(1);
    expect(JSON.parse(requests[1]?.body ?? '')).toEqual({ data: { role: 'admin' } });
  });

  it('treats a 404 on DELETE as already done, and a 204 as removed', async () => {
    let n = 0;
    const { client } = await serve((_req, res) => {
      n += 1;
      if (n === 1) {
        res.writeHead(204);
        return res.end();
      }
      json(res, 404, { errors: [{ detail: 'Not found' }] });
    });
    expect(await client.removeWorkspaceUser(ACCOUNT, 'w1', 'u1')).toBe('removed');
    expect(await client.removeWorkspaceUser(ACCOUNT, 'w1', 'u1')).toBe('already_absent');
  });
});

describe('a refused connection', () => {
  it('names the host and port and gives up after one retry', async () => {
    // A port that was just free: nothing listens there now.
    const server = await startLocalServer(() => undefined);
    const port = new URL(server.url).port;
    await server.close();
    const events: ClientEvent[] = [];
    const client = new FrameioClient({
      token: TOKEN,
      baseUrl: server.url,
      retry: { baseMs: 5 },
      onEvent: (e) => events.push(e),
    });
    const error = await failure(client.me());
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, method: 'GET', path: '/v4/me' });
    expect(error.message).toBe(
      `GET /v4/me failed: no answer: connection refused by 127.0.0.1:${port}, after 2 attempts`,
    );
    expect(events.map((e) => (e.type === 'retry' ? e.reason : e.type))).toEqual([
      `connection refused by 127.0.0.1:${port}`,
    ]);
    expect(client.stats.calls).toEqual({ 'users.show': 2 });
    expectNoToken(error);
  });
});

describe('injected fetch', () => {
  it('sends to https://api.frame.io by default with the bearer token', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      seen.push({ url: request.url, auth: request.headers.get('authorization') });
      return new Response(
        JSON.stringify({ data: [{ id: 'a1', display_name: 'Acme', roles: ['admin'] }], links: { next: null } }),
        {
          status: 200,
          headers: { 'content-type': 'application/json' },
        },
      );
    };
    const client = new FrameioClient({ token: TOKEN, fetch });
    expect(await client.listAccounts()).toEqual([{ id: 'a1', displayName: 'Acme', adobeId: null, roles: ['admin'] }]);
    expect(seen).toEqual([{ url: 'https://api.frame.io/v4/accounts?page_size=100', auth: `Bearer ${TOKEN}` }]);
  });
});
