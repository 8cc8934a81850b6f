// The IMS client-credentials exchange, for real: action.yml's token step and the GitLab example's
// snippet run in bash with curl and node against a fake IMS token endpoint on 127.0.0.1.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { at, list, mapping, text } from '../support/json.js';
import { tempDir } from '../support/tmp.js';
import { parseStrict } from './checker.js';

const action = parseStrict('action.yml', readFileSync('action.yml', 'utf8'));
const steps = list(action, 'runs', 'steps');
const imsStep = steps.find((s) => at(s, 'id') === 'ims');
const runStep = steps.find((s) => at(s, 'id') === 'run');
const gitlab = parseStrict('examples/ci/gitlab-ci.yml', readFileSync('examples/ci/gitlab-ci.yml', 'utf8'));

const CLIENT_ID = 'c0ffee-client';
// Characters that must be form-encoded, so a raw or double-encoded secret does not match.
const SECRET = 's3cr&t=+ %/x';
const TOKEN = 'eyJhbGciOi.fake-ims-token_123';

interface Seen {
  method: string;
  type: string;
  form: Record<string, string>;
}
let server: Server;
let url = '';
let seen: Seen[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      seen.push({ method: req.method ?? '', type: String(req.headers['content-type']), form });
      const ok =
        req.method === 'POST' &&
        form.grant_type === 'client_credentials' &&
        form.client_id === CLIENT_ID &&
        form.client_secret === SECRET;
      const { status, body } = ok ? answer : { status: 400, body: { error: 'invalid_request' } };
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ims/token/v3`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answer = { status: 200, body: { access_token: TOKEN, token_type: 'bearer', expires_in: 86399 } };
});

/** Runs a script in bash (async: the server lives in this process), stdout and stderr in one log,
 * with a curl wrapper on PATH that records its argv before running the real curl; its temp files stay in `dir`. */
async function bash(script: string, env: Record<string, string>) {
  const dir = tempDir('rolesync-ims-');
  const real = await new Promise<string>((resolve) => {
    const p = spawn('bash', ['-c', 'command -v curl']);
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('close', () => resolve(out.trim()));
  });
  const wrapper = join(dir, 'curl');
  writeFileSync(wrapper, `#!/bin/bash\nprintf '%s\\n' "$@" >> "${dir}/curl-argv"\nexec "${real}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  writeFileSync(join(dir, 'curl-argv'), '');
  const githubEnv = join(dir, 'github-env');
  writeFileSync(githubEnv, '');
  const logFile = join(dir, 'log');
  const fd = openSync(logFile, 'w');
  const status = await new Promise<number | null>((resolve) => {
    const p = spawn('bash', ['-c', script], {
      env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_ENV: githubEnv, RUNNER_TEMP: dir, TMPDIR: dir, ...env },
      stdio: ['ignore', fd, fd],
    });
    p.on('close', resolve);
  });
  closeSync(fd);
  return {
    status,
    log: readFileSync(logFile, 'utf8'),
    githubEnv: readFileSync(githubEnv, 'utf8'),
    argv: readFileSync(join(dir, 'curl-argv'), 'utf8'),
    dir,
  };
}

function inputs(given: Record<string, string>): Record<string, string> {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping(action, 'inputs')))
    all[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = String(at(v, 'default') ?? '');
  for (const [k, v] of Object.entries(given)) all[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  return all;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('action.yml: the IMS token step', () => {
  it('runs before rolesync, only without a token input and with client inputs', () => {
    expect(steps.indexOf(imsStep)).toBeLessThan(steps.indexOf(runStep));
    expect(text(imsStep, 'if')).toMatch(/inputs\.token == ''/);
    expect(text(imsStep, 'if')).toMatch(/inputs\.client-id/);
    expect(at(action, 'inputs', 'ims-token-url', 'default')).toBe('https://ims-na1.adobelogin.com/ims/token/v3');
    expect(at(action, 'inputs', 'ims-scopes', 'default')).toBe('openid,AdobeID,frame.s2s.all');
  });

  it('posts the form, masks the token before anything else shows it, and exports it for rolesync', async () => {
    const run = await bash(
      text(imsStep, 'run'),
      inputs({ 'client-id': CLIENT_ID, 'client-secret': SECRET, 'ims-token-url': url }),
    );
    expect(run.status, run.log).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      method: 'POST',
      type: 'application/x-www-form-urlencoded',
      form: {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: SECRET,
        scope: 'openid,AdobeID,frame.s2s.all',
      },
    });
    expect(run.githubEnv).toBe(`FRAMEIO_TOKEN=${TOKEN}\n`);
    const mask = run.log.indexOf(`::add-mask::${TOKEN}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(run.log.indexOf(TOKEN)).toBe(mask + '::add-mask::'.length);
    expect(run.log).not.toContain(SECRET);
    expect(run.argv).toContain(CLIENT_ID);
    expect(run.argv, 'the secret is never in curl argv').not.toContain(SECRET);
    expect(run.argv).not.toContain(encodeURIComponent(SECRET));

    // The run step then hands rolesync exactly that token (the runner loads GITHUB_ENV between steps).
    const stub = join(run.dir, 'rolesync.js');
    writeFileSync(
      stub,
      `const { createHash } = require('node:crypto'); ` +
        `console.log(createHash('sha256').update(process.env.FRAMEIO_TOKEN ?? '').digest('hex'));\n`,
    );
    writeFileSync(join(run.dir, 'github-output'), '');
    const exported = Object.fromEntries(
      run.githubEnv
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    const rolesync = await bash(text(runStep, 'run'), {
      ...inputs({ command: 'validate', path: 'access/' }),
      ...exported,
      ROLESYNC_BIN: stub,
      GITHUB_OUTPUT: join(run.dir, 'github-output'),
    });
    expect(rolesync.status, rolesync.log).toBe(0);
    expect(rolesync.log.trim()).toBe(sha(TOKEN));
  });

  it('sends the ims-scopes input as the scope', async () => {
    const run = await bash(
      text(imsStep, 'run'),
      inputs({ 'client-id': CLIENT_ID, 'client-secret': SECRET, 'ims-token-url': url, 'ims-scopes': 'openid,AdobeID' }),
    );
    expect(run.status, run.log).toBe(0);
    expect(seen[0]?.form.scope).toBe('openid,AdobeID');
  });

  it('fails a refused exchange naming the HTTP status and IMS error, never the secret, exporting nothing', async () => {
    answer = { status: 401, body: { error: 'invalid_client', error_description: 'invalid client_secret parameter' } };
    const run = await bash(
      text(imsStep, 'run'),
      inputs({ 'client-id': CLIENT_ID, 'client-secret': SECRET, 'ims-token-url': url }),
    );
    expect(run.status).toBe(1);
    expect(seen).toHaveLength(1);
    expect(run.log).toContain(
      '::error::rolesync: Adobe IMS refused the token request (HTTP 401): invalid_client: invalid client_secret ' +
        'parameter',
    );
    expect(run.log).not.toContain(SECRET);
    expect(run.githubEnv).toBe('');
  });

  it('fails a 200 answer without an access_token', async () => {
    answer = { status: 200, body: { token_type: 'bearer' } };
    const run = await bash(
      text(imsStep, 'run'),
      inputs({ 'client-id': CLIENT_ID, 'client-secret': SECRET, 'ims-token-url': url }),
    );
    expect(run.status).toBe(1);
    expect(run.log).toContain('(HTTP 200): the answer has no access_token');
    expect(run.githubEnv).toBe('');
  });

  it('fails clearly when IMS cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await bash(
      text(imsStep, 'run'),
      inputs({ 'client-id': CLIENT_ID, 'client-secret': SECRET, 'ims-token-url': `http://127.0.0.1:${port}/` }),
    );
    expect(run.status).toBe(1);
    expect(run.log).toContain(`::error::rolesync: could not reach Adobe IMS at http://127.0.0.1:${port}/`);
    expect(run.log).not.toContain(SECRET);
  });

  it('fails when only one of client-id and client-secret is given, without asking IMS', async () => {
    const run = await bash(text(imsStep, 'run'), inputs({ 'client-id': CLIENT_ID, 'ims-token-url': url }));
    expect(run.status).toBe(1);
    expect(run.log).toContain('client-id and client-secret go together');
    expect(seen).toHaveLength(0);
  });

  it('does nothing when a token input is given', async () => {
    const run = await bash(
      text(imsStep, 'run'),
      inputs({ token: 'given', 'client-id': CLIENT_ID, 'client-secret': SECRET, 'ims-token-url': url }),
    );
    expect(run.status).toBe(0);
    expect(seen).toHaveLength(0);
    expect(run.githubEnv).toBe('');
  });
});

describe('examples/ci/gitlab-ci.yml: the IMS token snippet', () => {
  const snippet = list(gitlab, '.frameio-ims-token', 'before_script').slice(1).join('\n');
  const env = (over: Record<string, string> = {}) => ({
    FRAMEIO_CLIENT_ID: CLIENT_ID,
    FRAMEIO_CLIENT_SECRET: SECRET,
    IMS_TOKEN_URL: url,
    IMS_SCOPES: text(gitlab, 'variables', 'IMS_SCOPES'),
    ...over,
  });

  it('exports a fresh FRAMEIO_TOKEN for the job script without printing it or the secret', async () => {
    const run = await bash(
      `${snippet}\nnode -e ` +
        `'console.log(require("node:crypto").createHash("sha256").update(process.env.FRAMEIO_TOKEN).digest("hex"))'`,
      env(),
    );
    expect(run.status, run.log).toBe(0);
    expect(seen[0]?.form).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: SECRET,
      scope: 'openid,AdobeID,frame.s2s.all',
    });
    expect(run.log.trim()).toBe(sha(TOKEN));
    expect(run.argv).not.toContain(SECRET);
  });

  it('stops the job on a refused exchange, naming the status and error', async () => {
    answer = { status: 401, body: { error: 'invalid_client' } };
    const run = await bash(`${snippet}\necho "rolesync would run"`, env());
    expect(run.status).toBe(1);
    expect(run.log).toContain('(HTTP 401): invalid_client');
    expect(run.log).not.toContain('rolesync would run');
    expect(run.log).not.toContain(SECRET);
  });
});
