// An apply whose credentials stop working part way, through the built CLI against the emulator: the
// emulator's clock moves a sixth of a token's lifetime at each write, so the token is renewed within
// six writes, and by then the emulator's IMS refuses the client. The apply stops there, as after an
// API 401: no call after the refusal, the changes left not started, why said once, and --resume goes on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requestLogLine, type Emulator } from '../../src/emulator/index.js';
import { runBuilt } from '../cli/run.js';
import { ACME, MARKETING, manifestFile } from '../cli/setup.js';
import { tempDir } from '../support/tmp.js';
import { loginEnv, shortTokenEmulator } from './run.js';

/** Writes that succeed before IMS starts refusing the client (fewer than a token serves). */
const WRITES_BEFORE = 2;
const SECRET = 'demo-s2s-secret';

/** Marketing's viewers and commenters in the seed, all raised to editor: one lane, one write at a time. */
const RAISED = [
  'dario.berg',
  'ines.berg',
  'jonas.berg',
  'nils.berg',
  'olga.berg',
  'sami.berg',
  'tara.berg',
  'xavi.berg',
  'yara.berg',
  'chloe.costa',
  'dario.costa',
  'hugo.costa',
  'ines.costa',
].map((name) => `${name}@acme.test`);

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const isWrite = (e: Emulator['log'][number]) => e.method !== 'GET' && !e.path.startsWith('/ims/');
const line = (e: Emulator['log'][number]) => `${e.method} ${e.path} ${e.status}`;

describe('an apply whose credentials stop working part way', () => {
  it('IMS refuses the client at a renewal: stops at once, the rest not started, why said once', async () => {
    let refusing = false;
    emu = await shortTokenEmulator((written, started) => {
      // From now on IMS refuses the client, as when its secret is rotated in the Developer Console.
      if (refusing && written === WRITES_BEFORE)
        started.faults.failNext(1000, 401, { method: 'POST', path: /^\/ims\/token\/v3$/ });
    });
    const started = emu;
    const env = {
      ...loginEnv(started.url).env,
      FRAMEIO_CLIENT_ID: 'rolesync-demo-s2s',
      FRAMEIO_CLIENT_SECRET: SECRET,
    };
    const file = manifestFile(
      `workspaces:\n  Marketing:\n    id: ${MARKETING}\n    users:\n${RAISED.map((u) => `      ${u}: editor\n`).join('')}`,
    );
    const planFile = join(tempDir('rolesync-plan-'), 'plan.json');
    const plan = await runBuilt(['plan', file, '--out', planFile], env);
    expect(plan.code, plan.stderr).toBe(0);
    started.clearLog();
    refusing = true;

    const apply = await runBuilt(['apply', file, '--plan', planFile, '--yes'], env);
    const log = [...started.log];
    // The renewal IMS refused is the last call of the run: no write after it, no IMS call either.
    const refusal = log.findIndex((e) => e.path === '/ims/token/v3' && e.status === 401);
    expect(refusal, log.map(line).join('\n')).toBeGreaterThan(0);
    expect(log.slice(refusal + 1).map(line)).toEqual([]);
    const applied = log.filter((e) => isWrite(e) && e.status === 200).length;
    expect(applied).toBeGreaterThanOrEqual(WRITES_BEFORE);
    expect(applied).toBeLessThan(RAISED.length);

    // As after an API 401: exit 4, one change failed, the rest not started, and how to go on.
    expect(apply.code, apply.stdout + apply.stderr).toBe(4);
    expect(apply.stderr).toBe('');
    const notStarted = RAISED.length - applied - 1;
    expect(apply.stdout).toContain(`Apply: ${applied} applied, 1 failed, ${notStarted} not started.\n`);
    expect(apply.stdout.match(/^ {2}not started /gm)).toHaveLength(notStarted);
    const why =
      'Adobe IMS refused a token for the client credentials (HTTP 401): server_error: Injected fault: HTTP 401';
    expect(apply.stdout.split(why)).toHaveLength(2);
    expect(apply.stdout).toContain(
      `Stopped: rolesync could not get a token: ${why}\nFinished changes are recorded in ${planFile}.journal; ` +
        `continue with: rolesync apply ${file} --plan ${planFile} --yes --resume.\n`,
    );
    const seen = [apply.stdout, apply.stderr, readFileSync(`${planFile}.journal`, 'utf8')];
    seen.push(log.map((e) => requestLogLine(e, 0)).join(''), JSON.stringify(log));
    for (const text of seen) {
      expect(text).not.toContain(SECRET);
      expect(text.match(/ims-(at|rt|code)-[\w-]+/g)).toBeNull();
    }

    // IMS takes the client again: --resume does what is left, repeating no write.
    started.faults.reset();
    started.clearLog();
    const resumed = await runBuilt(['apply', file, '--plan', planFile, '--yes', '--resume'], env);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`Apply: ${RAISED.length - applied} applied, ${applied} done before.\n`);
    expect(started.log.filter((e) => isWrite(e) && e.status === 200)).toHaveLength(RAISED.length - applied);
    const roles = started.state.workspaceUsers(ACME, 'Marketing');
    expect(RAISED.map((user) => roles[user])).toEqual(RAISED.map(() => 'editor'));
  });
});
