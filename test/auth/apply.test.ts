// A plan and an apply that outlive several IMS tokens, through the CLI against the emulator: the
// emulator's clock moves a sixth of a token's lifetime at each write, so every token ends within six
// writes whatever the machine's speed. Renewals happen, no change is written twice, none is lost;
// and for each kind of credentials no secret reaches stdout, stderr, the plan, the journal or the log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requestLogLine, type Emulator } from '../../src/emulator/index.js';
import type { CliResult } from '../cli/run.js';
import { runCli } from '../cli/run.js';
import { EXAMPLE_CHANGES, TOKEN } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';
import { WRITES_PER_TOKEN, loginEnv, runLogin, shortTokenEmulator } from './run.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The emulator whose tokens end within six writes (`shortTokenEmulator`), with a login environment. */
async function shortTokens() {
  emu = await shortTokenEmulator();
  return { emu, ...loginEnv(emu.url) };
}

/** plan --out, then apply --plan, then a plan that must find nothing left. */
async function planApplyPlan(env: Record<string, string>) {
  const dir = tempDir('rolesync-plan-');
  const planFile = join(dir, 'plan.json');
  const plan = await runCli(['plan', 'examples/acme/', '--out', planFile], env);
  expect(plan.code, plan.stderr).toBe(0);
  emu!.clearLog();
  const apply = await runCli(['apply', 'examples/acme/', '--plan', planFile, '--yes'], env);
  expect(apply.code, apply.stderr).toBe(0);
  expect(apply.stdout).toContain(`Apply: ${EXAMPLE_CHANGES} applied.`);
  const log = [...emu!.log];
  const again = await runCli(['plan', 'examples/acme/', '--detailed-exitcode'], env);
  expect(again.code, again.stdout + again.stderr).toBe(0);
  const files = readFileSync(planFile, 'utf8') + readFileSync(`${planFile}.journal`, 'utf8');
  return { outputs: [plan, apply, again], files, log };
}

/** Every write that succeeded, once each: nothing written twice, nothing lost. */
function expectEachChangeOnce(log: Emulator['log']) {
  const done = log
    .filter((e) => e.method !== 'GET' && !e.path.startsWith('/ims/') && e.status >= 200 && e.status < 300)
    .map((e) => `${e.method} ${e.path} ${JSON.stringify(e.body)}`);
  expect(done).toHaveLength(EXAMPLE_CHANGES);
  expect(new Set(done).size).toBe(EXAMPLE_CHANGES);
}

/** What must never show: the secrets given, and any token or code the IMS stand-in made. */
function expectNoSecret(outputs: CliResult[], files: string, emulator: Emulator, secrets: string[]) {
  const logFile = emulator.log.map((e) => requestLogLine(e, 0)).join('');
  const seen = [...outputs.map((o) => o.stdout + o.stderr), files, logFile, JSON.stringify(emulator.log)].join('\n');
  for (const secret of secrets) expect(seen.includes(secret), `a secret shows: ${secret.slice(0, 6)}…`).toBe(false);
  expect(seen.match(/ims-(at|rt|code)-[\w-]+/g)).toBeNull();
}

describe('an apply that outlives its tokens', () => {
  it('server-to-server: renewed on the way, each change written once, none lost, no secret shown', async () => {
    const { emu, env } = await shortTokens();
    const s2s = { ...env, FRAMEIO_CLIENT_ID: 'rolesync-demo-s2s', FRAMEIO_CLIENT_SECRET: 'demo-s2s-secret' };
    const { outputs, files, log } = await planApplyPlan(s2s);
    expectEachChangeOnce(log);
    // A token serves at most six writes: 19 writes need at least four tokens in this one apply.
    const tokens = log.filter((e) => e.path === '/ims/token/v3' && e.status === 200);
    expect(tokens.length).toBeGreaterThanOrEqual(Math.ceil(EXAMPLE_CHANGES / WRITES_PER_TOKEN));
    expect(log.filter((e) => e.status === 401).length).toBeGreaterThan(0);
    expectNoSecret(outputs, files, emu, ['demo-s2s-secret']);
  });

  it('a user login: the same, and the saved refresh token rotated at each renewal', async () => {
    const { emu, env, file } = await shortTokens();
    const login = await runLogin(['login', '--client-id', 'rolesync-demo-login'], env);
    expect(login.code, login.stderr).toBe(0);
    const refreshTokens = [JSON.parse(readFileSync(file, 'utf8')).refresh_token as string];
    const { outputs, files, log } = await planApplyPlan(env);
    expectEachChangeOnce(log);
    const refreshes = log.filter((e) => e.path === '/ims/token/v3' && e.status === 200);
    expect(refreshes.length).toBeGreaterThanOrEqual(Math.ceil(EXAMPLE_CHANGES / WRITES_PER_TOKEN));
    const last = JSON.parse(readFileSync(file, 'utf8')).refresh_token as string;
    expect(last).not.toBe(refreshTokens[0]);
    // The file holds the newest refresh token: the next run can use it.
    const who = await runCli(['whoami'], env);
    expect(who.code, who.stderr).toBe(0);
    expectNoSecret([login, ...outputs, who], files, emu, [...refreshTokens, last]);
  });

  it('a static FRAMEIO_TOKEN: no secret shown either', async () => {
    const { emu, env } = await shortTokens();
    const { outputs, files, log } = await planApplyPlan({ ...env, FRAMEIO_TOKEN: TOKEN });
    expectEachChangeOnce(log);
    expect(log.filter((e) => e.path.startsWith('/ims/'))).toEqual([]);
    expectNoSecret(outputs, files, emu, [TOKEN]);
  });
});
