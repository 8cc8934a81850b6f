// The emulator's IMS stand-in over HTTP, as any OAuth client sees it: grants, PKCE, Basic auth,
// rotation, revoke, userinfo, its seed checks, and a request log without secrets.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { requestLogLine, startEmulator, validateSeed, type Emulator } from '../../src/emulator/index.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(): Promise<Emulator> {
  emu = await startEmulator({ state: 'examples/emulator-seed.yaml' });
  return emu;
}

async function post(e: Emulator, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${e.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
});

/** Signs in through /ims/authorize/v2 with a PKCE pair; gives the code. */
async function code(e: Emulator, clientId: string, verifier?: string): Promise<string> {
  const url = new URL('/ims/authorize/v2', e.url);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid,offline_access');
  url.searchParams.set('state', 'st4te');
  if (verifier) {
    url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const back = new URL(response.headers.get('location')!);
  expect(back.origin + back.pathname).toBe('https://localhost/rolesync/callback');
  expect(back.searchParams.get('state')).toBe('st4te');
  return back.searchParams.get('code')!;
}

const VERIFIER = 'a'.repeat(43);

describe('the IMS stand-in', () => {
  it('client credentials: a bearer token the API accepts; a wrong secret is invalid_client', async () => {
    const e = await start();
    const ok = await post(e, '/ims/token/v3', {
      grant_type: 'client_credentials',
      client_id: 'rolesync-demo-s2s',
      client_secret: 'demo-s2s-secret',
      scope: 'openid,AdobeID,frame.s2s.all',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'bearer', expires_in: 86399 });
    expect(ok.body.refresh_token).toBeUndefined();
    const me = await fetch(`${e.url}/v4/me`, { headers: { authorization: `Bearer ${ok.body.access_token}` } });
    expect(((await me.json()) as { data: { email: string } }).data.email).toBe('grace@acme.test');
    const bad = await post(e, '/ims/token/v3', {
      grant_type: 'client_credentials',
      client_id: 'rolesync-demo-s2s',
      client_secret: 'nope',
    });
    expect(bad).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'invalid client_secret parameter' },
    });
  });

  it('public client: PKCE is required and checked; the code works once', async () => {
    const e = await start();
    const noChallenge = await fetch(`${e.url}/ims/authorize/v2?client_id=rolesync-demo-login&response_type=code`, {
      redirect: 'manual',
    });
    expect(noChallenge.status).toBe(400);
    const c = await code(e, 'rolesync-demo-login', VERIFIER);
    const wrong = await post(e, '/ims/token/v3?client_id=rolesync-demo-login', {
      grant_type: 'authorization_code',
      code: c,
      code_verifier: 'b'.repeat(43),
    });
    expect(wrong.body.error).toBe('invalid_grant');
    const c2 = await code(e, 'rolesync-demo-login', VERIFIER);
    const ok = await post(e, '/ims/token/v3?client_id=rolesync-demo-login', {
      grant_type: 'authorization_code',
      code: c2,
      code_verifier: VERIFIER,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.refresh_token).toMatch(/^ims-rt-/);
    const again = await post(e, '/ims/token/v3?client_id=rolesync-demo-login', {
      grant_type: 'authorization_code',
      code: c2,
      code_verifier: VERIFIER,
    });
    expect(again.body.error).toBe('invalid_grant');
  });

  it('web app: HTTP Basic; refresh rotates, the old refresh token is refused; revoke ends the session', async () => {
    const e = await start();
    const c = await code(e, 'rolesync-demo-webapp');
    const auth = basic('rolesync-demo-webapp', 'demo-webapp-secret');
    const first = await post(e, '/ims/token/v3', { grant_type: 'authorization_code', code: c }, auth);
    expect(first.status).toBe(200);
    const r1 = first.body.refresh_token as string;
    const second = await post(e, '/ims/token/v3', { grant_type: 'refresh_token', refresh_token: r1 }, auth);
    expect(second.status).toBe(200);
    const r2 = second.body.refresh_token as string;
    expect(r2).not.toBe(r1);
    const reused = await post(e, '/ims/token/v3', { grant_type: 'refresh_token', refresh_token: r1 }, auth);
    expect(reused.body.error).toBe('invalid_grant');
    const info = await fetch(`${e.url}/ims/userinfo/v2?client_id=rolesync-demo-webapp`, {
      headers: { authorization: `Bearer ${second.body.access_token}` },
    });
    expect(await info.json()).toMatchObject({ email: 'alice@acme.test', name: 'Alice Admin' });
    expect((await post(e, '/ims/revoke', { token: r2 }, auth)).status).toBe(200);
    const revoked = await post(e, '/ims/token/v3', { grant_type: 'refresh_token', refresh_token: r2 }, auth);
    expect(revoked.body.error).toBe('invalid_grant');
    const api = await fetch(`${e.url}/v4/me`, { headers: { authorization: `Bearer ${second.body.access_token}` } });
    expect(api.status).toBe(401);
    const wrongSecret = await post(
      e,
      '/ims/token/v3',
      { grant_type: 'refresh_token', refresh_token: r2 },
      basic('rolesync-demo-webapp', 'x'),
    );
    expect(wrongSecret.body.error).toBe('invalid_client');
    // Nothing secret in the request log or its --log lines.
    const logged = JSON.stringify(e.log) + e.log.map((x) => requestLogLine(x, 0)).join('');
    for (const secret of ['demo-webapp-secret', r1, r2, c, String(first.body.access_token)])
      expect(logged).not.toContain(secret);
    expect(e.log.filter((x) => x.path.startsWith('/ims/')).every((x) => x.body === undefined)).toBe(true);
  });

  it('an access token ends after its lifetime on the emulator clock (time scale included)', async () => {
    let t = 1_000_000;
    emu = await startEmulator({
      state: 'examples/emulator-seed.yaml',
      now: () => t,
      timeScale: 60,
      imsTokenLifetime: 120,
    });
    const got = await post(emu, '/ims/token/v3', {
      grant_type: 'client_credentials',
      client_id: 'rolesync-demo-s2s',
      client_secret: 'demo-s2s-secret',
    });
    expect(got.body.expires_in).toBe(2); // 120 emulated seconds at 60x: 2 real seconds
    const me = () => fetch(`${emu!.url}/v4/me`, { headers: { authorization: `Bearer ${got.body.access_token}` } });
    t += 1999;
    expect((await me()).status).toBe(200);
    t += 1;
    expect((await me()).status).toBe(401);
  });

  it('seed checks name bad IMS clients', () => {
    const base = {
      tokens: {},
      users: [{ id: 'afb91efe-db4d-424a-aeee-00adcd6059e8', email: 'a@x.test', name: null, active: true }],
      accounts: [],
    };
    expect(() =>
      validateSeed({
        ...base,
        ims_clients: [
          { client_id: 's', type: 's2s', user: 'a@x.test' },
          { client_id: 'p', type: 'public', client_secret: 'x', user: 'nobody@x.test' },
        ],
        ims_token_lifetime: 0,
      }),
    ).toThrow(
      /ims_clients\.0\.client_secret: a s2s client needs a client_secret[\s\S]*ims_clients\.1\.client_secret: a public client has no client_secret[\s\S]*ims_clients\.1\.user: user must be the email of a seeded user with an id[\s\S]*ims_token_lifetime: ims_token_lifetime must be a positive number/,
    );
  });
});
