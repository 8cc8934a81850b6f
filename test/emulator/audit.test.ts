// The emulator's audit log over real HTTP: API writes and control-request hand edits logged with
// their actor and time, the required api-version header, filters, cursor paging, its rate limit.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { list } from '../support/json.js';
import { ACME, ADMIN_TOKEN, MEMBER_TOKEN, USER, WS, acct, call, nextLink, seed, type Answer } from './helpers.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const DAY = 86_400_000;
const LOG = `${acct(ACME)}/audit_logs`;

type LogsInit = { token?: string; version?: string | null };

async function logs(e: Emulator, query = '', init: LogsInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? ADMIN_TOKEN}` };
  if (init.version !== null) headers['api-version'] = init.version ?? '4.0';
  const res = await fetch(`${e.url}${LOG}${query}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

type Event = Record<string, unknown>;
const events = (a: Answer) => list(a.json, 'data') as Event[];

function handEdit(e: Emulator, body: unknown): Promise<Answer> {
  return call(e, '/_emulator/hand_edits', { method: 'POST', body, token: null });
}

describe('the emulator’s audit log', () => {
  it('logs API writes by the caller at the emulator’s clock, hand edits as their user at their time', async () => {
    let now = T0;
    emu = await startEmulator({ state: seed(), now: () => now });
    const patch = await call(emu, `${acct(ACME)}/workspaces/${WS.marketing}/users/${USER.frank}`, {
      method: 'PATCH',
      body: { data: { role: 'editor' } },
    });
    expect(patch.status).toBe(200);
    now = T0 + 60_000;
    const edit = await handEdit(emu, {
      account: ACME,
      as_user: 'grace@acme.test',
      at: '2026-11-19T08:30:00Z',
      change: { type: 'workspace_role', workspace: 'Marketing', user: 'bob@acme.test', role: 'full_access' },
    });
    expect(edit.status).toBe(200);
    // A hand edit changes state.
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'bob@acme.test')).toBe('full_access');
    const login = await call(emu, '/_emulator/audit_events', {
      method: 'POST',
      token: null,
      body: { account: ACME, as_user: 'carol@acme.test', at: '2026-11-18T07:00:00Z', event_type: 'user_login' },
    });
    expect(login.status).toBe(200);

    const all = await logs(emu, '?include=user');
    expect(all.status).toBe(200);
    expect(all.headers.get('x-ratelimit-limit')).toBe('100');
    // Oldest first; the actor is the token's user, or the hand edit's as_user.
    expect(events(all).map((e) => [e.event_type, (e.user as Event).email, e.inserted_at, e.resource_id])).toEqual([
      ['user_login', 'carol@acme.test', '2026-11-18T07:00:00.000Z', USER.carol],
      ['workspace_permissions_granted_to_user', 'grace@acme.test', '2026-11-19T08:30:00.000Z', USER.bob],
      ['workspace_permissions_granted_to_user', 'alice@acme.test', new Date(T0).toISOString(), USER.frank],
    ]);
    expect(events(all)[2]).toMatchObject({
      account_id: ACME,
      resource_type: 'account_member',
      workspace_id: WS.marketing,
      project_id: null,
      ip_address: '127.0.0.1',
    });
    // Without include=user, no user object.
    expect(events(await logs(emu))[0]).not.toHaveProperty('user');
  });

  it('requires the api-version: 4.0 header (400 naming it), charges the call, and allows 100 a minute', async () => {
    emu = await startEmulator({ state: seed(), limits: { 'auditlog.index': 2 } });
    const missing = await logs(emu, '', { version: null });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('requires the header \\"api-version: 4.0\\" (sent without the header)');
    const wrong = await logs(emu, '', { version: 'experimental' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('sent with api-version: experimental');
    const limited = await logs(emu);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
    const defaults = await startEmulator({ state: seed() });
    try {
      expect((await logs(defaults)).headers.get('x-ratelimit-limit')).toBe('100');
    } finally {
      await defaults.close();
    }
  });

  it('is for account admins only (403 for a member); unknown filters, sort and bad values are 400', async () => {
    emu = await startEmulator({ state: seed() });
    expect((await logs(emu, '', { token: MEMBER_TOKEN })).status).toBe(403);
    for (const bad of [
      '?filters[colour]=red',
      '?filters[workspace_id]=not-a-uuid',
      '?filters[from_date]=2026-13-01',
      '?sort=inserted_at_desc',
      '?include=owner',
      `?filters[user_id]=${USER.bob}&filters[user_id]=${USER.carol}`,
    ]) {
      expect((await logs(emu, bad)).status, bad).toBe(400);
    }
  });

  it('filters by scope, resource, actor, type and whole UTC days, and pages with a cursor', async () => {
    const now = T0;
    emu = await startEmulator({ state: seed(), now: () => now });
    // 7 hand edits by Grace on Marketing a day apart, one by Alice on Sound, one too old to be kept.
    for (let i = 0; i < 7; i++) {
      const role = i % 2 === 0 ? 'editor' : 'viewer';
      const at = new Date(T0 - (7 - i) * DAY).toISOString();
      const change = { type: 'workspace_role', workspace: WS.marketing, user: 'bob@acme.test', role };
      expect((await handEdit(emu, { account: ACME, as_user: 'grace@acme.test', at, change })).status).toBe(200);
    }
    const sound = { type: 'workspace_role', workspace: 'Sound', user: 'erin@acme.test', role: null };
    await handEdit(emu, {
      account: ACME,
      as_user: 'alice@acme.test',
      at: new Date(T0 - DAY).toISOString(),
      change: sound,
    });
    const old = { type: 'workspace_role', workspace: 'Sound', user: 'erin@acme.test', role: 'viewer' };
    await handEdit(emu, {
      account: ACME,
      as_user: 'alice@acme.test',
      at: new Date(T0 - 31 * DAY).toISOString(),
      change: old,
    });

    expect(events(await logs(emu))).toHaveLength(8);
    const marketing = await logs(emu, `?filters[workspace_id]=${WS.marketing}`);
    expect(events(marketing)).toHaveLength(7);
    const removed = events(await logs(emu, `?filters[event_type]=role_removed`));
    expect(removed.map((e) => [e.workspace_id, e.user_id])).toEqual([[WS.sound, USER.alice]]);
    expect(events(await logs(emu, `?filters[user_id]=${USER.alice}`))).toHaveLength(1);
    expect(events(await logs(emu, `?filters[resource_id]=${USER.bob}`))).toHaveLength(7);
    // from 2026-11-16 to 2026-11-17: both whole days.
    const days = events(await logs(emu, '?filters[from_date]=2026-11-16&filters[to_date]=2026-11-17'));
    expect(days.map((e) => e.inserted_at)).toEqual(['2026-11-16T12:00:00.000Z', '2026-11-17T12:00:00.000Z']);

    // Paging: 3 a page; links.next carries only the cursor, the filter is sent again.
    const seen: string[] = [];
    let query = `?filters[workspace_id]=${WS.marketing}&page_size=3&include_total_count=true`;
    let pages = 0;
    for (;;) {
      const page = await logs(emu, query);
      expect(page.status).toBe(200);
      pages += 1;
      seen.push(...events(page).map((e) => String(e.inserted_at)));
      const next = nextLink(page);
      if (next === null) break;
      expect(next.startsWith(`${LOG}?after=`)).toBe(true);
      query = `${next.slice(LOG.length)}&filters[workspace_id]=${WS.marketing}&page_size=3`;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect([...seen].sort()).toEqual(seen);
  });

  it('refuses a malformed hand edit with a 4xx that says why, and changes nothing', async () => {
    emu = await startEmulator({ state: seed() });
    const base = { account: ACME, as_user: 'grace@acme.test' };
    const cases: [unknown, number, string][] = [
      [{ ...base, change: { type: 'paint' } }, 400, 'change.type must be one of'],
      [
        { ...base, change: { type: 'workspace_role', workspace: 'Nowhere', user: 'bob@acme.test', role: 'x' } },
        404,
        'No workspace Nowhere',
      ],
      [
        { ...base, change: { type: 'workspace_role', workspace: 'Marketing', user: 'bob@acme.test', role: 'x' } },
        400,
        'change.role',
      ],
      [{ ...base, as_user: 'nobody@acme.test', change: {} }, 404, 'No user nobody@acme.test'],
      [{ ...base, at: 'yesterday', change: {} }, 400, 'at must be an ISO 8601'],
      [
        {
          ...base,
          as_user: 'reviewer.only@client.test',
          change: { type: 'workspace_role', workspace: 'Marketing', user: 'bob@acme.test', role: 'editor' },
        },
        422,
        'reviewer.only@client.test is not in account Acme Post: no one outside it can change it',
      ],
    ];
    for (const [body, status, words] of cases) {
      const answer = await handEdit(emu, body);
      expect([answer.status, answer.text]).toEqual([status, expect.stringContaining(words)]);
    }
    expect(events(await logs(emu))).toEqual([]);
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'bob@acme.test')).toBe('viewer');
  });

  it('takes a hand edit’s time only with its offset: a local time would depend on the emulator’s zone', async () => {
    emu = await startEmulator({ state: seed() });
    const change = { type: 'workspace_role', workspace: 'Marketing', user: 'bob@acme.test', role: 'editor' };
    for (const at of ['2026-11-28T09:00:00', '2026-11-28', 'Nov 28 2026 09:00 GMT']) {
      const answer = await handEdit(emu, { account: ACME, as_user: 'grace@acme.test', at, change });
      expect([answer.status, answer.text]).toEqual([
        400,
        expect.stringContaining('at must be an ISO 8601 date-time with a Z or ±hh:mm offset'),
      ]);
    }
    expect(events(await logs(emu))).toEqual([]);
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'bob@acme.test')).toBe('viewer');
    for (const at of ['2026-11-28T09:00:00Z', '2026-11-28T10:00:00.000+01:00']) {
      const answer = await handEdit(emu, { account: ACME, as_user: 'grace@acme.test', at, change });
      expect(answer.status, answer.text).toBe(200);
      expect((answer.json as { data: Event }).data.inserted_at).toBe('2026-11-28T09:00:00.000Z');
    }
  });
});
