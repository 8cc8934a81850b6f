// `rolesync login`, `logout` and `whoami` through the CLI against the emulator's IMS stand-in: the
// saved file (0600, rotated, checked when read), bad pastes and files, and whoami for each credential kind.
import { chmodSync, copyFileSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { clientAndCredentials } from '../../src/client/index.js';
import { Ims } from '../../src/auth/ims.js';
import { writeLogin, type SavedLogin } from '../../src/auth/store.js';
import { runCli } from '../cli/run.js';
import { seededEmulator } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';
import { loginEnv, redirectOf, runLogin, signInUrl } from './run.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup() {
  const started = await seededEmulator();
  emu = started.emu;
  return { emu, ...loginEnv(emu.url) };
}

const saved = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { refresh_token: string } & Record<string, string>;

/** Every token and secret the emulator's IMS handed out or holds, to look for in outputs. */
function leaks(text: string, extra: string[] = []): string[] {
  const found = text.match(/ims-(at|rt|code)-[\w-]+/g) ?? [];
  return [...found, ...extra.filter((s) => text.includes(s))];
}

describe('rolesync login', () => {
  it('prints the sign-in URL with state and PKCE, exchanges the pasted redirect, saves the login 0600', async () => {
    const { emu, env, file } = await setup();
    const result = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const url = new URL(signInUrl(result.stdout));
    expect(url.origin + url.pathname).toBe(`${emu.url}/ims/authorize/v2`);
    expect(url.searchParams.get('client_id')).toBe('rolesync-demo-login');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{22}$/);
    expect(url.searchParams.get('scope')).toContain('offline_access');
    expect(result.stdout).toContain(
      `Signed in as alice@acme.test. The login is saved in ${file} (only you can read it)`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const login = saved(file);
    expect(login).toMatchObject({
      version: 1,
      ims_url: emu.url,
      client_id: 'rolesync-demo-login',
      email: 'alice@acme.test',
    });
    expect(login.refresh_token).toMatch(/^ims-rt-/);
    expect(login).not.toHaveProperty('client_secret');
    expect(leaks(result.stdout + result.stderr + JSON.stringify(emu.log))).toEqual([]);
  });

  it('accepts the code alone', async () => {
    const { env, file } = await setup();
    const result = await runLogin(
      ['login'],
      { ...env, FRAMEIO_LOGIN_CLIENT_ID: 'rolesync-demo-login' },
      async (out) => new URL(await redirectOf(signInUrl(out))).searchParams.get('code')!,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
  });

  it('refuses a pasted URL of another sign-in (state differs) and saves nothing', async () => {
    const { env, file } = await setup();
    const result = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env, async (out) => {
      const back = new URL(await redirectOf(signInUrl(out)));
      back.searchParams.set('state', 'someone-elses');
      return back.href;
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the pasted URL belongs to another sign-in (its state does not match this one)');
    expect(existsSync(file)).toBe(false);
  });

  it('says IMS’s words for a code it refuses, and without a client id says how to give one', async () => {
    const { env } = await setup();
    const bad = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env, async () => 'not-a-real-code');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'rolesync: Adobe IMS refused the sign-in code (HTTP 400): invalid_grant: the code is invalid, expired or ' +
        'already used\n',
    );
    const none = await runCli(['login'], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--client-id ID or FRAMEIO_LOGIN_CLIENT_ID');
  });

  it('a Web App credential: the secret from the environment, HTTP Basic at IMS, never printed', async () => {
    const { emu, env, file } = await setup();
    const web = {
      ...env,
      FRAMEIO_LOGIN_CLIENT_ID: 'rolesync-demo-webapp',
      FRAMEIO_LOGIN_CLIENT_SECRET: 'demo-webapp-secret',
    };
    const result = await runLogin(['login'], web);
    expect(result.code, result.stderr).toBe(0);
    expect(saved(file).client_secret).toBe('demo-webapp-secret');
    const who = await runCli(['whoami'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(
      leaks(result.stdout + result.stderr + who.stdout + who.stderr + JSON.stringify(emu.log), ['demo-webapp-secret']),
    ).toEqual([]);
  });
});

describe('the saved login in use', () => {
  async function loggedIn() {
    const s = await setup();
    const result = await runLogin(['login', '--client-id', 'rolesync-demo-login'], s.env);
    expect(result.code, result.stderr).toBe(0);
    return s;
  }

  it('each run refreshes it and the file holds the new refresh token; the spent one is refused', async () => {
    const { env, file } = await loggedIn();
    const first = saved(file).refresh_token;
    const old = join(tempDir(), 'old.json');
    copyFileSync(file, old);
    const who = await runCli(['whoami'], env);
    expect(who.code, who.stderr).toBe(0);
    const second = saved(file).refresh_token;
    expect(second).not.toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The spent refresh token back in place: IMS refuses it, and rolesync says what to do.
    copyFileSync(old, file);
    chmodSync(file, 0o600);
    const reused = await runCli(['whoami'], env);
    expect(reused.code).toBe(1);
    expect(reused.stderr).toBe(
      'rolesync: Adobe IMS refused the saved login (HTTP 400): invalid_grant: the refresh token is invalid, expired, ' +
        'revoked or already used\n' +
        "The saved login is no longer valid (revoked, used already, or older than IMS allows): run 'rolesync login' again\n",
    );
    expect(leaks(reused.stderr, [first, second])).toEqual([]);
  });

  it('two runs renewing at once: the one whose refresh token the other spent takes the newer one from the file', async () => {
    const { env, file } = await loggedIn();
    let raced = false;
    // This run has read the file; before its refresh reaches IMS, another run refreshes and saves.
    // Runs take turns through a lock file, so the other is one that does not (an older rolesync, or
    // one that took over a lock it judged abandoned): it refreshes and writes the file directly.
    const racing: typeof fetch = async (url, init) => {
      if (!raced && String(url).includes('/ims/token/v3')) {
        raced = true;
        const login = saved(file) as unknown as SavedLogin;
        const answer = await new Ims(new URL(login.ims_url)).refresh(
          { clientId: login.client_id },
          login.refresh_token,
        );
        writeLogin(file, { ...login, refresh_token: answer.refreshToken! });
      }
      return fetch(url, init);
    };
    const { client } = clientAndCredentials(env, { fetch: racing });
    expect((await client.me()).email).toBe('alice@acme.test');
    expect(raced).toBe(true);
    // Both hold working tokens, and the file the newest refresh token.
    const who = await runCli(['whoami'], env);
    expect(who.code, who.stderr).toBe(0);
    expect(saved(file).refresh_token).toMatch(/^ims-rt-/);
  });

  it('logout revokes it at IMS and deletes the file; a copy of it is refused afterwards', async () => {
    const { emu, env, file } = await loggedIn();
    const copy = join(tempDir(), 'copy.json');
    copyFileSync(file, copy);
    const out = await runCli(['logout'], env);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe(`Revoked the login of alice@acme.test and deleted ${file}.\n`);
    expect(existsSync(file)).toBe(false);
    expect(emu.log.filter((e) => e.path === '/ims/revoke').map((e) => e.status)).toEqual([200]);
    copyFileSync(copy, file);
    chmodSync(file, 0o600);
    const revoked = await runCli(['whoami'], env);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain("run 'rolesync login' again");
    expect((await runCli(['logout'], env)).code).toBe(0);
    expect((await runCli(['logout'], env)).stdout).toBe(`No saved login (${file}); nothing to do.\n`);
  });

  it('a second login replaces the first and revokes it at IMS', async () => {
    const { emu, env, file } = await loggedIn();
    const first = join(tempDir(), 'first.json');
    copyFileSync(file, first);
    const again = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(emu.log.filter((e) => e.path === '/ims/revoke').map((e) => e.status)).toEqual([200]);
    expect((await runCli(['whoami'], env)).code).toBe(0);
    copyFileSync(first, file);
    chmodSync(file, 0o600);
    const revoked = await runCli(['whoami'], env);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain("run 'rolesync login' again");
  });

  it('refuses a file others may read, saying the chmod that fixes it', async () => {
    const { env, file } = await loggedIn();
    chmodSync(file, 0o644);
    const result = await runCli(['whoami'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `rolesync: the saved login ${file} can be read by others (mode 644); only you may read it: run 'chmod 600 ${file}'\n`,
    );
  });

  it('says clearly that a corrupt file cannot be read, and how to start again', async () => {
    const { env, file } = await loggedIn();
    writeFileSync(file, '{"version": 1, "refresh_tok', { mode: 0o600 });
    const result = await runCli(['plan', 'examples/acme/'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `rolesync: the saved login ${file} cannot be read: it is not JSON; run 'rolesync logout' and then ` +
        "'rolesync login' to sign in again\n",
    );
    const out = await runCli(['logout'], env);
    expect(out.code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});

describe('rolesync whoami', () => {
  const normal = (text: string, url: string) =>
    text
      .replaceAll(url, 'URL')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in [^)]+\)/, 'TIME (in DURATION)')
      .replace(/file \/\S+credentials\.json/, 'file FILE');

  it('for each credential kind: what they are, the user, each account’s role and whether it may change roles', async () => {
    const { emu, env } = await setup();
    const token = await runCli(['whoami'], { ...env, FRAMEIO_TOKEN: 'fio-demo-member-token' });
    expect(token.code, token.stderr).toBe(0);
    const s2s = await runCli(['whoami'], {
      ...env,
      FRAMEIO_CLIENT_ID: 'rolesync-demo-s2s',
      FRAMEIO_CLIENT_SECRET: 'demo-s2s-secret',
    });
    expect(s2s.code, s2s.stderr).toBe(0);
    expect((await runLogin(['login', '--client-id', 'rolesync-demo-login'], env)).code).toBe(0);
    const login = await runCli(['whoami'], env);
    expect(login.code, login.stderr).toBe(0);
    expect(normal(token.stdout, emu.url)).toMatchInlineSnapshot(`
      "Credentials: an access token, FRAMEIO_TOKEN, used as given
      User:        bob@acme.test (Bob Member), id d7b69506-b1ed-4f3a-808d-0e5f9c36ecd7
      Token ends:  unknown; not renewed: FRAMEIO_TOKEN is used as given
      Accounts:
        Acme Post (1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10): member, may not change roles (needs an account admin or the owner)
        Acme Studio (Adobe) (e27a6054-0224-5796-bf1f-78730d5d7daf): member, may not change roles (needs an account admin or the owner)
      "
    `);
    expect(normal(s2s.stdout, emu.url)).toMatchInlineSnapshot(`
      "Credentials: server-to-server client credentials, FRAMEIO_CLIENT_ID rolesync-demo-s2s at IMS URL
      User:        grace@acme.test (Grace Admin), id 90ffb4c6-f77c-4966-b2da-de97b9c5d8ed
      Token ends:  TIME (in DURATION); rolesync renews it before then
      Accounts:
        Acme Post (1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10): admin, may change roles
        Acme Studio (Adobe) (e27a6054-0224-5796-bf1f-78730d5d7daf): admin, may change roles
      "
    `);
    expect(normal(login.stdout, emu.url)).toMatchInlineSnapshot(`
      "Credentials: a user login, saved by 'rolesync login' as alice@acme.test (client id rolesync-demo-login at IMS URL, file FILE)
      User:        alice@acme.test (Alice Admin), id afb91efe-db4d-424a-aeee-00adcd6059e8
      Token ends:  TIME (in DURATION); rolesync renews it before then
      Accounts:
        Acme Post (1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10): admin, may change roles
        Acme Studio (Adobe) (e27a6054-0224-5796-bf1f-78730d5d7daf): owner, may change roles
      "
    `);
    for (const r of [token, s2s, login]) expect(leaks(r.stdout + r.stderr, ['demo-s2s-secret'])).toEqual([]);
  });
});

describe('server-to-server credentials of a member', () => {
  it('plan stops before the long reads, as for a member’s token; whoami says it may not change roles', async () => {
    const { emu, env } = await setup();
    const member = {
      ...env,
      FRAMEIO_CLIENT_ID: 'rolesync-demo-s2s-member',
      FRAMEIO_CLIENT_SECRET: 'demo-s2s-member-secret',
    };
    const plan = await runCli(['plan', 'examples/acme/'], member);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe(
      'rolesync: the token acts as svc-rolesync@acme.test, a member of account Acme Post ' +
        '(1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10): changing roles needs an account admin (or the owner).\n' +
        "Use an admin's token.\n",
    );
    expect(emu.log.filter((e) => e.operation === 'workspace_user_roles.index')).toEqual([]);
    const who = await runCli(['whoami'], member);
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain(
      'Acme Post (1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10): member, may not change roles (needs an account admin or the owner)',
    );
    expect(plan.stderr + who.stdout + JSON.stringify(emu.log)).not.toContain('demo-s2s-member-secret');
  });
});
