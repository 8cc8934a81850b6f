// `rolesync plan --suggest-groups` through the real CLI against the emulator: a section of advice in
// each format, and the plan itself (changes, saved plan, exit code) exactly as without the flag.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { ACME, emulator, runCli, tempDir } from '../drift/cli.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const TEAM = ['ana.costa', 'ben.costa', 'chloe.costa', 'dario.costa'].map((n) => `${n}@acme.test`);
const roles = (role: string) => TEAM.map((email) => `      ${email}: ${role}`).join('\n');

const MANIFEST = `version: 1
account:
  id: ${ACME}
workspaces:
  Marketing:
    users:
${roles('editor')}
  Sound:
    users:
${roles('viewer')}
`;

describe('plan --suggest-groups', () => {
  it('adds a section naming the cluster and what one group saves; the plan stays the same', async () => {
    const started = await emulator();
    emu = started.emu;
    const { env } = started;
    const dir = tempDir();
    const file = join(dir, 'acme.yaml');
    writeFileSync(file, MANIFEST);

    const text = await runCli(['plan', file, '--suggest-groups', '--detailed-exitcode'], env);
    const plain = await runCli(['plan', file, '--detailed-exitcode'], env);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(plain.code);
    expect(text.stdout).toContain(
      'Group suggestions (--suggest-groups; advice, not part of the plan):\n' +
        '  • 4 users with the same 2 grants: Marketing: editor, Sound: viewer\n' +
        `    users: ${TEAM.join(', ')}\n` +
        '    user by user 8 calls, a few seconds; one Frame.io group 4 calls (1 create, 1 member add, 2 grants), a ' +
        'few seconds: saves 4 calls\n',
    );
    // The section is extra: everything else is the plain plan.
    expect(text.stdout.replace(/Group suggestions[\s\S]*?own\.\n\n/, '')).toBe(plain.stdout);

    const out = join(dir, 'plan.json');
    const json = await runCli(['plan', file, '--suggest-groups', '--format', 'json', '--out', out], env);
    const doc = JSON.parse(json.stdout) as Record<string, unknown> & { suggestions: { clusters: unknown[] } };
    const { suggestions, ...planOnly } = doc;
    expect(JSON.parse((await runCli(['plan', file, '--format', 'json'], env)).stdout)).toEqual(planOnly);
    expect(suggestions).toEqual({
      clusters: [
        {
          account_id: ACME,
          users: TEAM,
          grants: [
            { account_id: ACME, workspace_id: expect.any(String), workspace_name: 'Marketing', role: 'editor' },
            { account_id: ACME, workspace_id: expect.any(String), workspace_name: 'Sound', role: 'viewer' },
          ],
          per_user: { calls: 8, min_seconds: 0 },
          via_group: { calls: 4, min_seconds: 0, create: 1, member_adds: 1, grants: 2 },
          saved_calls: 4,
          saved_seconds: 0,
        },
      ],
      left_out: 0,
    });
    // Advice never reaches the saved plan (its checksum, what apply reads).
    expect(readFileSync(out, 'utf8')).not.toContain('suggestions');

    const md = await runCli(['plan', file, '--suggest-groups', '--format', 'markdown'], env);
    expect(md.stdout).toContain('#### Group suggestions\n\n');
    expect(md.stdout).toContain(
      '| Marketing: editor, Sound: viewer | 8 calls, a few seconds | 4 calls, a few seconds |',
    );
    // Read-only: nothing but GETs.
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('is refused with --diff, which prints no plan to add it to', async () => {
    const result = await runCli(['plan', 'nowhere.yaml', '--diff', '--suggest-groups'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--suggest-groups adds a section to the plan, which --diff does not print');
  });
});
