import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { at, list, mapping, text } from '../support/json.js';
import { ACME, ADOBE, MEMBER_TOKEN, WS, acct, call, nextLink, seed } from './helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ state: seed() });
});
afterAll(() => emu.close());

describe('auth', () => {
  it.each([
    ['no token', null],
    ['an unknown token', 'not-a-token'],
  ])('answers 401 with the standard body for %s', async (_label, token) => {
    const res = await call(emu, '/v4/me', { token });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ errors: [{ detail: 'Unauthorized' }] });
    expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    expect(emu.log.at(-1)).toMatchObject({ status: 401, userEmail: null, operation: 'users.show' });
  });

  it('never writes the token into the log', async () => {
    await call(emu, '/v4/me');
    expect(JSON.stringify(emu.log)).not.toContain('fio-demo-admin-token');
  });

  it('GET /v4/me answers the token user as a Profile', async () => {
    const res = await call(emu, '/v4/me');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: {
        id: 'afb91efe-db4d-424a-aeee-00adcd6059e8',
        name: 'Alice Admin',
        email: 'alice@acme.test',
        avatar_url: null,
      },
    });
  });

  it('hides accounts the caller has no role in (404) and refuses reviewers (403)', async () => {
    const state = seed();
    const other = await startEmulator({
      state: {
        ...state,
        tokens: { ...state.tokens, 'reviewer-token': 'reviewer.only@client.test', 'carol-token': 'carol@acme.test' },
      },
    });
    try {
      expect((await call(other, `${acct(ADOBE)}/users`, { token: 'carol-token' })).status).toBe(404);
      const res = await call(other, `${acct(ADOBE)}/users`, { token: 'reviewer-token' });
      expect(res.status).toBe(403);
      expect(text(res.json, 'errors', 0, 'detail')).toMatch(/Reviewer/i);
    } finally {
      await other.close();
    }
  });
});

describe('accounts and workspaces', () => {
  it('lists the caller’s accounts with its own roles and Account keys', async () => {
    const res = await call(emu, '/v4/accounts');
    expect(res.status).toBe(200);
    expect(at(res.json, 'links')).toEqual({ next: null });
    expect('total_count' in mapping(res.json)).toBe(false);
    const byName = Object.fromEntries(list(res.json, 'data').map((a) => [text(a, 'display_name'), a]));
    expect(byName['Acme Post']).toMatchObject({ id: ACME, roles: ['admin'], storage_limit: null, storage_usage: 0 });
    expect(at(byName, 'Acme Studio (Adobe)', 'roles')).toEqual(['owner']);
    expect(at(byName, 'Acme Studio (Adobe)', 'adobe_id')).toBe('2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg');
    expect(text(byName, 'Acme Studio (Adobe)', 'id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Object.keys(mapping(byName, 'Acme Post')).sort()).toEqual(
      [
        'adobe_id',
        'created_at',
        'display_name',
        'id',
        'image',
        'roles',
        'storage_limit',
        'storage_usage',
        'updated_at',
        'v4_migrated_at',
      ].sort(),
    );
  });

  it('serves an adobe: account under its encoded id and under its UUID alike', async () => {
    const encoded = await call(emu, `${acct(ADOBE)}/workspaces`);
    const plain = await call(emu, `/v4/accounts/${ADOBE}/workspaces`);
    const uuid = emu.state.accounts().find((a) => a.adobeRef === ADOBE)!.id;
    const byUuid = await call(emu, `/v4/accounts/${uuid}/workspaces`);
    for (const res of [encoded, plain, byUuid]) {
      expect(res.status).toBe(200);
      expect(list(res.json, 'data').map((w) => at(w, 'name'))).toEqual(['Studio']);
      expect(at(res.json, 'data', 0, 'account_id')).toBe(uuid);
    }
    expect(emu.log.at(-3)!.path).toBe(`/v4/accounts/${ADOBE}/workspaces`);
  });

  it('lists workspaces by name with exactly the Workspace keys, and shows one', async () => {
    const res = await call(emu, `${acct(ACME)}/workspaces`);
    expect(list(res.json, 'data').map((w) => at(w, 'name'))).toEqual([
      'Archive',
      'Client Reviews',
      'Color',
      'Editorial',
      'Marketing',
      'Sound',
    ]);
    expect(Object.keys(mapping(res.json, 'data', 0)).sort()).toEqual([
      'account_id',
      'created_at',
      'id',
      'name',
      'updated_at',
    ]);
    const desc = await call(emu, `${acct(ACME)}/workspaces?sort=name_desc&page_size=2`);
    expect(list(desc.json, 'data').map((w) => at(w, 'name'))).toEqual(['Sound', 'Marketing']);
    const show = await call(emu, `${acct(ACME)}/workspaces/${WS.marketing}`);
    expect(at(show.json, 'data')).toMatchObject({ id: WS.marketing, name: 'Marketing', account_id: ACME });
    expect((await call(emu, `${acct(ACME)}/workspaces/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('answers 404 with an error body for unknown routes and accounts', async () => {
    const route = await call(emu, '/v4/nope');
    expect(route.status).toBe(404);
    expect(text(route.json, 'errors', 0, 'detail')).toContain('/v4/nope');
    expect((await call(emu, '/v4/accounts/unknown/users')).status).toBe(404);
    expect((await call(emu, '/v4/me', { method: 'POST' })).status).toBe(405);
  });
});

describe('paging', () => {
  const path = `${acct(ACME)}/workspaces/${WS.clientReviews}/users`;

  it('reads the 251 members of Client Reviews in 3 pages of 100, links carrying only after', async () => {
    const seen: string[] = [];
    let next: string | null = `${path}?page_size=100`;
    const pages: number[] = [];
    while (next) {
      const url = new URL(next, emu.url);
      expect([...url.searchParams.keys()]).toEqual(pages.length === 0 ? ['page_size'] : ['after']);
      if (pages.length > 0) url.searchParams.set('page_size', '100');
      const res = await call(emu, url.pathname + url.search);
      expect(res.status).toBe(200);
      pages.push(list(res.json, 'data').length);
      seen.push(...list(res.json, 'data').map((r) => text(r, 'user', 'email')));
      next = nextLink(res);
      if (next) expect(next.startsWith(`${path}?after=`)).toBe(true);
    }
    expect(pages).toEqual([100, 100, 51]);
    expect(new Set(seen).size).toBe(251);
    expect(seen).toEqual([...seen].sort());
  });

  it('uses page_size 50 when a followed link does not re-send it', async () => {
    const first = await call(emu, `${path}?page_size=100`);
    const second = await call(emu, text(first.json, 'links', 'next'));
    expect(at(second.json, 'data')).toHaveLength(50);
    expect(text(second.json, 'data', 0, 'user', 'email') > text(first.json, 'data', 99, 'user', 'email')).toBe(true);
  });

  it('keeps its place when a row is removed between pages (keyset cursor)', async () => {
    const first = await call(emu, `${path}?page_size=10`);
    const tenth = text(first.json, 'data', 9, 'user', 'email');
    const eleventh = text((await call(emu, `${path}?page_size=11`)).json, 'data', 10, 'user', 'email');
    const removed = text(first.json, 'data', 0, 'user', 'email');
    const role = emu.state.getWorkspaceRole(ACME, WS.clientReviews, removed);
    emu.state.setWorkspaceRole(ACME, WS.clientReviews, removed, null);
    const second = await call(emu, `${text(first.json, 'links', 'next')}&page_size=10`);
    expect(text(second.json, 'data', 0, 'user', 'email')).toBe(eleventh);
    expect(text(second.json, 'data', 0, 'user', 'email') > tenth).toBe(true);
    emu.state.setWorkspaceRole(ACME, WS.clientReviews, removed, role);
  });

  it.each(['0', '101', '2.5', 'ten', ''])('refuses page_size=%j with an error body', async (size) => {
    const res = await call(emu, `${path}?page_size=${size}`);
    expect(res.status).toBe(422);
    expect(text(res.json, 'errors', 0, 'detail')).toMatch(/page_size/);
  });

  it.each([
    'garbage!!',
    'bm90IGpzb24=',
    Buffer.from(JSON.stringify({ v: 1, p: '/elsewhere', s: 'email_asc', d: false, k: ['x'] })).toString('base64'),
  ])('refuses the cursor %s with 400', async (cursor) => {
    const res = await call(emu, `${path}?after=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(text(res.json, 'errors', 0, 'detail')).toMatch(/cursor/i);
  });

  it('refuses a cursor used with another sort', async () => {
    const first = await call(emu, `${path}?page_size=5&sort=name_asc`);
    expect((await call(emu, `${text(first.json, 'links', 'next')}&sort=email_asc`)).status).toBe(400);
    const followed = await call(emu, text(first.json, 'links', 'next'));
    expect(followed.status).toBe(200);
  });

  it('gives total_count only with include_total_count=true', async () => {
    const without = await call(emu, `${path}?page_size=1`);
    expect('total_count' in mapping(without.json)).toBe(false);
    const withCount = await call(emu, `${path}?page_size=1&include_total_count=true`);
    expect(at(withCount.json, 'total_count')).toBe(251);
  });

  it('hides deactivated users unless include_deactivated=true', async () => {
    const editorial = `${acct(ACME)}/workspaces/${WS.editorial}/users?page_size=100`;
    const emails = async (q: string) => {
      const out: string[] = [];
      let next: string | null = editorial + q;
      while (next) {
        const res = await call(emu, next.includes('page_size') ? next : `${next}&page_size=100`);
        out.push(...list(res.json, 'data').map((r) => text(r, 'user', 'email')));
        next = nextLink(res);
      }
      return out;
    };
    const hidden = await emails('');
    const shown = await emails('&include_deactivated=true');
    expect(hidden).not.toContain('old.timer@acme.test');
    expect(shown).toContain('old.timer@acme.test');
    expect(shown.length).toBe(hidden.length + 1);
    const account = await call(
      emu,
      `${acct(ACME)}/users?include_deactivated=true&include_total_count=true&page_size=1`,
    );
    const accountDefault = await call(emu, `${acct(ACME)}/users?include_total_count=true&page_size=1`);
    expect(at(account.json, 'total_count')).toBe(Number(at(accountDefault.json, 'total_count')) + 1);
  });

  it('lists account users as {role, user} with User keys, invites with id null', async () => {
    const res = await call(emu, `${acct(ACME)}/users?sort=role_desc&page_size=100`);
    expect(Object.keys(mapping(res.json, 'data', 0))).toEqual(['role', 'user']);
    expect(Object.keys(mapping(res.json, 'data', 0, 'user')).sort()).toEqual([
      'active',
      'avatar_url',
      'email',
      'id',
      'name',
    ]);
    expect(
      list(res.json, 'data')
        .map((r) => at(r, 'role'))
        .slice(0, 3),
    ).toEqual(['owner', 'member', 'member']);
    // Invites have no name, so they come first by name (then by email).
    const byName = await call(emu, `${acct(ACME)}/users?sort=name_asc&page_size=2`);
    expect(at(byName.json, 'data')).toEqual([
      { role: 'member', user: { id: null, name: null, email: 'new.hire@acme.test', avatar_url: null, active: null } },
      {
        role: 'member',
        user: { id: null, name: null, email: 'pending.vendor@partner.test', avatar_url: null, active: null },
      },
    ]);
  });

  it('lets a member token read', async () => {
    const res = await call(emu, `${acct(ACME)}/workspaces`, { token: MEMBER_TOKEN });
    expect(res.status).toBe(200);
  });
});
