import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { at, list, text } from '../support/json.js';
import { ACME, ADOBE, MEMBER_TOKEN, USER, WS, acct, call, seed } from './helpers.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ state: seed() });
});
afterEach(() => emu.close());

const wsUser = (ws: string, user: string, account = ACME) => `${acct(account)}/workspaces/${ws}/users/${user}`;

describe('workspace role PATCH (upsert) and DELETE', () => {
  it('changes an existing member’s role and logs the call', async () => {
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'bob@acme.test')).toBe('viewer');
    const res = await call(emu, wsUser(WS.marketing, USER.bob), {
      method: 'PATCH',
      body: { data: { role: 'editor' } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { role: 'editor' } });
    expect(res.headers.get('x-ratelimit-limit')).toBe('10');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'bob@acme.test')).toBe('editor');
    expect(emu.log.at(-1)).toEqual({
      seq: 1,
      method: 'PATCH',
      path: `/v4/accounts/${ACME}/workspaces/${WS.marketing}/users/${USER.bob}`,
      query: {},
      status: 200,
      userEmail: 'alice@acme.test',
      body: { data: { role: 'editor' } },
      operation: 'workspace_user_roles.update',
      apiVersion: null,
    });
  });

  it('adds an account member who was not in the workspace', async () => {
    expect(emu.state.getWorkspaceRole(ACME, 'Color', 'frank@acme.test')).toBeNull();
    const res = await call(emu, wsUser('f7c2ab91-e3cb-471a-bb52-f7b652360009', USER.frank), {
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    });
    expect(res.status).toBe(200);
    expect(emu.state.getWorkspaceRole(ACME, 'Color', 'frank@acme.test')).toBe('viewer');
    const members = await call(
      emu,
      `${acct(ACME)}/workspaces/f7c2ab91-e3cb-471a-bb52-f7b652360009/users?include_total_count=true`,
    );
    expect(at(members.json, 'total_count')).toBe(23);
  });

  it('removes a member with 204 and an empty body, then 404 on a second DELETE', async () => {
    const first = await call(emu, wsUser(WS.marketing, USER.frank), { method: 'DELETE' });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'frank@acme.test')).toBeNull();
    const again = await call(emu, wsUser(WS.marketing, USER.frank), { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(text(again.json, 'errors', 0, 'detail')).toMatch(/not a member/);
    expect(emu.log.map((e) => [e.operation, e.status])).toEqual([
      ['workspace_user_roles.delete', 204],
      ['workspace_user_roles.delete', 404],
    ]);
  });

  it('refuses account admins and the owner at workspace level with 409', async () => {
    const patch = await call(emu, wsUser(WS.marketing, USER.alice), {
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    });
    expect(patch.status).toBe(409);
    expect(text(patch.json, 'errors', 0, 'detail')).toMatch(/account admin/);
    const del = await call(emu, wsUser(WS.sound, USER.owner), { method: 'DELETE' });
    expect(del.status).toBe(409);
    expect(emu.state.getWorkspaceRole(ACME, WS.sound, 'owner@acme.test')).toBe('owner');
  });

  it.each([
    [{ data: { role: 'superuser' } }, 422, '/data/role'],
    [{ data: { role: 'admin' } }, 422, '/data/role'],
    [{ data: { role: 'editor', extra: 1 } }, 422, '/data/extra'],
    [{ data: { role: 'editor' }, foo: 1 }, 422, '/foo'],
    [{ data: {} }, 422, '/data/role'],
    [{ role: 'editor' }, 422, '/role'],
  ])('refuses the body %j with %i and pointer %s', async (body, status, pointer) => {
    const res = await call(emu, wsUser(WS.marketing, USER.bob), { method: 'PATCH', body });
    expect(res.status).toBe(status);
    expect(at(res.json, 'errors', 0, 'source')).toEqual({ pointer });
    expect(at(res.json, 'errors', 0, 'title')).toBeTypeOf('string');
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'bob@acme.test')).toBe('viewer');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await call(emu, wsUser(WS.marketing, USER.bob), { method: 'PATCH', rawBody: '{"data":' });
    expect(res.status).toBe(400);
    expect(text(res.json, 'errors', 0, 'detail')).toMatch(/JSON/);
  });

  it('refuses users outside the account (422), deactivated users (422) and unknown ids (404)', async () => {
    const outside = await call(emu, wsUser(WS.studio, USER.carol, ADOBE), {
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    });
    expect(outside.status).toBe(422);
    const deactivated = await call(emu, wsUser(WS.marketing, USER.oldTimer), {
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    });
    expect(deactivated.status).toBe(422);
    const unknown = await call(emu, wsUser(WS.marketing, '00000000-0000-4000-8000-000000000000'), {
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    });
    expect(unknown.status).toBe(404);
  });

  it('refuses writes from a member token with 403 and changes nothing', async () => {
    const res = await call(emu, wsUser(WS.marketing, USER.frank), { method: 'DELETE', token: MEMBER_TOKEN });
    expect(res.status).toBe(403);
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'frank@acme.test')).toBe('commenter');
  });

  it('works on an adobe: account through its encoded id', async () => {
    const res = await call(emu, wsUser(WS.studio, USER.bob, ADOBE), {
      method: 'PATCH',
      body: { data: { role: 'viewer' } },
    });
    expect(res.status).toBe(200);
    expect(emu.state.getWorkspaceRole(ADOBE, 'Studio', 'bob@acme.test')).toBe('viewer');
    expect(emu.log.at(-1)!.path).toBe(`/v4/accounts/${ADOBE}/workspaces/${WS.studio}/users/${USER.bob}`);
  });
});

describe('account role PATCH', () => {
  const accountUser = (user: string, account = ACME) => `${acct(account)}/users/${user}`;

  it('promotes a member to admin', async () => {
    const res = await call(emu, accountUser(USER.bob), { method: 'PATCH', body: { data: { role: 'admin' } } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { role: 'admin' } });
    expect(emu.state.getAccountRole(ACME, 'bob@acme.test')).toBe('admin');
    expect(emu.log.at(-1)!.operation).toBe('account_user_roles.update');
  });

  it('demoting an admin ends their admin rows in workspace listings', async () => {
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'alice@acme.test')).toBe('admin');
    const res = await call(emu, accountUser(USER.alice), { method: 'PATCH', body: { data: { role: 'member' } } });
    expect(res.status).toBe(200);
    expect(emu.state.getAccountRole(ACME, 'alice@acme.test')).toBe('member');
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'alice@acme.test')).toBeNull();
    // alice's own token is now a member token: her next write is refused.
    const next = await call(emu, wsUser(WS.marketing, USER.frank), { method: 'DELETE' });
    expect(next.status).toBe(403);
  });

  it('refuses to change the owner with 409', async () => {
    const res = await call(emu, accountUser(USER.owner), { method: 'PATCH', body: { data: { role: 'member' } } });
    expect(res.status).toBe(409);
    expect(text(res.json, 'errors', 0, 'detail')).toMatch(/owner/);
    expect(emu.state.getAccountRole(ACME, 'owner@acme.test')).toBe('owner');
  });

  it.each(['owner', 'reviewer', 'viewer'])('refuses role %s with 422 at /data/role', async (role) => {
    const res = await call(emu, accountUser(USER.bob), { method: 'PATCH', body: { data: { role } } });
    expect(res.status).toBe(422);
    expect(at(res.json, 'errors', 0, 'source')).toEqual({ pointer: '/data/role' });
  });

  it('refuses reviewers (422) and users outside the account (404)', async () => {
    expect(
      (await call(emu, accountUser(USER.reviewer, ADOBE), { method: 'PATCH', body: { data: { role: 'member' } } }))
        .status,
    ).toBe(422);
    expect(
      (await call(emu, accountUser(USER.carol, ADOBE), { method: 'PATCH', body: { data: { role: 'member' } } })).status,
    ).toBe(404);
  });

  it('refuses a member token with 403', async () => {
    const res = await call(emu, accountUser(USER.carol), {
      method: 'PATCH',
      body: { data: { role: 'admin' } },
      token: MEMBER_TOKEN,
    });
    expect(res.status).toBe(403);
  });
});

describe('hand edits through the state handle', () => {
  it('change what the API answers and never appear in the request log', async () => {
    emu.state.setWorkspaceRole(ACME, WS.marketing, 'bob@acme.test', 'full_access');
    emu.state.setAccountRole(ACME, 'carol@acme.test', 'admin');
    expect(emu.log).toEqual([]);
    const res = await call(emu, `${acct(ACME)}/workspaces/${WS.marketing}/users?page_size=100`);
    const bob = list(res.json, 'data').find((r) => at(r, 'user', 'email') === 'bob@acme.test');
    expect(at(bob, 'role')).toBe('full_access');
    expect(emu.log).toHaveLength(1);
    emu.clearLog();
    expect(emu.log).toEqual([]);
  });

  it('removing an account role also removes the workspace rows', () => {
    emu.state.setAccountRole(ACME, 'carol@acme.test', null);
    expect(emu.state.getWorkspaceRole(ACME, WS.marketing, 'carol@acme.test')).toBeNull();
    expect(() => emu.state.setWorkspaceRole(ACME, WS.marketing, 'carol@acme.test', 'viewer')).toThrow(
      /no role in account/,
    );
  });
});
