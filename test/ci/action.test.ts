// The composite action: documented inputs and outputs, no input pasted into a script, and its run
// step really builds the argv, captures the report and maps exit codes (run with a stub rolesync).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, list, mapping, text } from '../support/json.js';
import { tempDir } from '../support/tmp.js';
import { checkToken, parseStrict } from './checker.js';

const action = parseStrict('action.yml', readFileSync('action.yml', 'utf8'));
const runStep = list(action, 'runs', 'steps').find((s) => at(s, 'id') === 'run');

function runAction(inputs: Record<string, string>, stubExit: number, env: Record<string, string> = {}) {
  const dir = tempDir('rolesync-action-');
  const stub = join(dir, 'rolesync.js');
  // Prints its argv and whether it saw a token, never the token itself.
  writeFileSync(
    stub,
    'console.log(JSON.stringify({ argv: process.argv.slice(2), token: Boolean(process.env.FRAMEIO_TOKEN), url: ' +
      `process.env.FRAMEIO_API_URL ?? null })); process.exit(${stubExit});\n`,
  );
  const output = join(dir, 'github-output');
  writeFileSync(output, '');
  const defaults = Object.fromEntries(
    Object.entries(mapping(action, 'inputs')).map(([k, v]) => [
      `INPUT_${k.toUpperCase().replace(/-/g, '_')}`,
      String(at(v, 'default') ?? ''),
    ]),
  );
  const given = Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v]),
  );
  const result = spawnSync('bash', ['-c', text(runStep, 'run')], {
    env: {
      PATH: process.env.PATH,
      ROLESYNC_BIN: stub,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: dir,
      TMPDIR: dir,
      ...defaults,
      ...given,
      ...env,
    },
    encoding: 'utf8',
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { status: result.status, stdout: result.stdout, outputs };
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs and outputs', () => {
    expect(at(action, 'runs', 'using')).toBe('composite');
    expect(Object.keys(mapping(action, 'inputs'))).toEqual(
      expect.arrayContaining(['command', 'path', 'format', 'out', 'args', 'version', 'node-version', 'ok-exit-codes']),
    );
    expect(at(action, 'inputs', 'command', 'required')).toBe(true);
    expect(Object.keys(mapping(action, 'outputs'))).toEqual(expect.arrayContaining(['exit-code', 'report']));
    for (const step of list(action, 'runs', 'steps')) {
      const run = at(step, 'run');
      if (typeof run === 'string') expect(run).not.toMatch(/\$\{\{/);
    }
  });

  it('never prints the token or the client secret, and keeps the secret out of argv', () => {
    expect(checkToken('action.yml', readFileSync('action.yml', 'utf8'))).toEqual([]);
  });

  it('runs rolesync with the inputs as argv, captures stdout as the report, and reports the exit code', () => {
    const run = runAction(
      {
        command: 'drift',
        path: 'access/acme post/',
        format: 'markdown',
        out: 'drift.md',
        args: '--help',
        'ok-exit-codes': '0, 2',
        token: 'secret-value',
      },
      2,
    );
    expect(run.status).toBe(0);
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs.out).toBe('drift.md');
    const printed = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(printed).toEqual({
      argv: ['drift', 'access/acme post/', '--format', 'markdown', '--out', 'drift.md', '--help'],
      token: true,
      url: null,
    });
    expect(run.stdout).not.toContain('secret-value');
  });

  it('fails the step on an exit code not accepted, and still sets the outputs', () => {
    const run = runAction({ command: 'plan', path: 'access/' }, 1);
    expect(run.status).toBe(1);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.stdout).toContain('::error::rolesync plan exited with 1 (accepted: 0)');
  });

  it('falls back to FRAMEIO_TOKEN from the environment', () => {
    const run = runAction({ command: 'validate', path: 'access/' }, 0, {
      FRAMEIO_TOKEN: 'from-env',
      INPUT_API_URL: 'http://127.0.0.1:4010',
    });
    expect(JSON.parse(readFileSync(run.outputs.report!, 'utf8'))).toMatchObject({
      token: true,
      url: 'http://127.0.0.1:4010',
    });
  });
});
