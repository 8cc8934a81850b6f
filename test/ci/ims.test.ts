// CI with server-to-server credentials, for real: action.yml's run step and the GitLab example's
// plan job run in bash, with the built rolesync (dist/), against the emulator and its IMS stand-in.
// rolesync gets its own token; the secret goes by environment only and never shows.
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { seededEmulator } from '../cli/setup.js';
import { at, list, mapping, text } from '../support/json.js';
import { tempDir } from '../support/tmp.js';
import { parseStrict } from './checker.js';

const action = parseStrict('action.yml', readFileSync('action.yml', 'utf8'));
const steps = list(action, 'runs', 'steps');
const runStep = steps.find((s) => at(s, 'id') === 'run');
const gitlab = parseStrict('examples/ci/gitlab-ci.yml', readFileSync('examples/ci/gitlab-ci.yml', 'utf8'));
const BIN = resolve('dist/cmd/rolesync.js');

const CLIENT_ID = 'rolesync-demo-s2s';
const SECRET = 'demo-s2s-secret';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function started(): Promise<Emulator> {
  emu = (await seededEmulator()).emu;
  return emu;
}

/** Runs a script in bash (async: the emulator lives in this process), stdout and stderr in one log. */
async function bash(script: string, env: Record<string, string>, cwd = process.cwd()) {
  const dir = tempDir('rolesync-ci-');
  const githubOutput = join(dir, 'github-output');
  writeFileSync(githubOutput, '');
  const logFile = join(dir, 'log');
  const fd = openSync(logFile, 'w');
  const status = await new Promise<number | null>((done) => {
    const p = spawn('bash', ['-c', script], {
      cwd,
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: githubOutput, RUNNER_TEMP: dir, NO_COLOR: '1', ...env },
      stdio: ['ignore', fd, fd],
    });
    p.on('close', done);
  });
  closeSync(fd);
  const outputs = Object.fromEntries(
    readFileSync(githubOutput, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return { status, log: readFileSync(logFile, 'utf8'), outputs };
}

/** The run step's environment: every input (default unless given) as INPUT_*, and the bin. */
function inputs(given: Record<string, string>): Record<string, string> {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping(action, 'inputs')))
    all[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = String(at(v, 'default') ?? '');
  for (const [k, v] of Object.entries(given)) all[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  return { ...all, ROLESYNC_BIN: BIN };
}

const planInputs = (e: Emulator, more: Record<string, string> = {}) =>
  inputs({
    command: 'plan',
    path: 'examples/acme/',
    args: '--detailed-exitcode',
    'ok-exit-codes': '0 2',
    'api-url': e.url,
    'ims-url': e.url,
    ...more,
  });

describe('action.yml: client credentials', () => {
  it('has no token step any more: rolesync gets its own token', () => {
    expect(steps.map((s) => at(s, 'id') ?? null)).not.toContain('ims');
    expect(readFileSync('action.yml', 'utf8')).not.toMatch(/curl/);
  });

  it('still takes the deprecated ims-token-url of earlier workflows, as its origin, with a warning', async () => {
    const e = await started();
    const given = planInputs(e, { 'client-id': CLIENT_ID, 'client-secret': SECRET });
    given.INPUT_IMS_URL = '';
    given.INPUT_IMS_TOKEN_URL = `${e.url}/ims/token/v3`;
    const run = await bash(text(runStep, 'run'), given);
    expect(run.status, run.log).toBe(0);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.log).toContain(`::warning::ims-token-url is deprecated: set ims-url to ${e.url}`);
    expect(e.log[0]).toMatchObject({ method: 'POST', path: '/ims/token/v3', status: 200 });
  });

  it("runs the job's plan with client credentials: a token from IMS, the plan as the service account, no secret shown", async () => {
    const e = await started();
    // A job-wide FRAMEIO_TOKEN would come first in rolesync's order: the step sets it aside.
    const run = await bash(text(runStep, 'run'), {
      ...planInputs(e, { 'client-id': CLIENT_ID, 'client-secret': SECRET }),
      FRAMEIO_TOKEN: 'a-stale-job-token',
    });
    expect(run.status, run.log).toBe(0);
    expect(run.outputs['exit-code']).toBe('2');
    expect(readFileSync(run.outputs.report!, 'utf8')).toContain('kira.costa@acme.test');
    const api = e.log.filter((x) => !x.path.startsWith('/ims/'));
    expect(e.log[0]).toMatchObject({ method: 'POST', path: '/ims/token/v3', status: 200 });
    expect(e.log.filter((x) => x.path.startsWith('/ims/'))).toHaveLength(1);
    expect(new Set(api.map((x) => x.userEmail))).toEqual(new Set(['grace@acme.test']));
    expect(run.log).not.toContain(SECRET);
    expect(run.log).not.toMatch(/ims-at-/);
    expect(JSON.stringify(e.log)).not.toContain(SECRET);
  });

  it('a wrong secret fails the step with IMS’s own error, never the secret', async () => {
    const e = await started();
    const run = await bash(text(runStep, 'run'), planInputs(e, { 'client-id': CLIENT_ID, 'client-secret': 'wr0ng' }));
    expect(run.status).toBe(1);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.log).toContain(
      'rolesync: Adobe IMS refused a token for the client credentials (HTTP 401): invalid_client: invalid ' +
        'client_secret parameter',
    );
    expect(run.log).not.toContain('wr0ng');
  });

  it('fails when only one of client-id and client-secret is given, without asking IMS', async () => {
    const e = await started();
    const run = await bash(text(runStep, 'run'), planInputs(e, { 'client-id': CLIENT_ID }));
    expect(run.status).toBe(1);
    expect(run.log).toContain('FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET go together, and FRAMEIO_CLIENT_SECRET');
    expect(e.log).toEqual([]);
  });

  it('a token input comes first: no IMS call', async () => {
    const e = await started();
    const run = await bash(
      text(runStep, 'run'),
      planInputs(e, { token: 'fio-demo-admin-token', 'client-id': CLIENT_ID, 'client-secret': SECRET }),
    );
    expect(run.status, run.log).toBe(0);
    expect(e.log.filter((x) => x.path.startsWith('/ims/'))).toEqual([]);
    expect(new Set(e.log.map((x) => x.userEmail))).toEqual(new Set(['alice@acme.test']));
  });
});

describe('examples/ci/gitlab-ci.yml: client credentials from protected variables', () => {
  it('the plan job on main plans with FRAMEIO_CLIENT_ID/SECRET alone and saves plan.json', async () => {
    const e = await started();
    const work = tempDir('rolesync-gitlab-');
    cpSync('examples/acme', join(work, 'access'), { recursive: true });
    writeFileSync(join(work, 'rolesync'), `#!/bin/bash\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(work, 'rolesync'), 0o755);
    const script = list(gitlab, 'rolesync-plan-main', 'script').join('\n');
    const run = await bash(
      script,
      {
        PATH: `${work}:${process.env.PATH}`,
        FRAMEIO_API_URL: e.url,
        FRAMEIO_IMS_URL: e.url,
        FRAMEIO_CLIENT_ID: CLIENT_ID,
        FRAMEIO_CLIENT_SECRET: SECRET,
      },
      work,
    );
    expect(run.status, run.log).toBe(0);
    expect(existsSync(join(work, 'plan.json'))).toBe(true);
    expect(e.log[0]).toMatchObject({ path: '/ims/token/v3', status: 200 });
    expect(run.log).not.toContain(SECRET);
    expect(readFileSync(join(work, 'plan.json'), 'utf8')).not.toContain(SECRET);
  });
});
