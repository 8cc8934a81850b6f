// One email, two Frame.io users (differing in case, the old one deactivated), end to end through
// the emulator: drift sees that the active user is missing from a workspace, apply writes to the
// active user only, and two active users for one email stop the plan with both ids named.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';
import { runCli } from './run.js';
import { ACME, MARKETING, seededEmulator, writes } from './setup.js';

const OLD_DAVE = {
  id: '3c1e5a7b-9d2f-4e6a-8b0c-1d3e5f7a9b2c',
  email: 'Dave@ACME.test',
  name: 'Dave (old account)',
  active: false,
};

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The seed, plus a deactivated Dave@ACME.test beside the active dave@acme.test, in Marketing as viewer. */
async function withTwin() {
  const started = await seededEmulator();
  emu = started.emu;
  const dave = emu.state.user('dave@acme.test')!;
  expect(dave.active).toBe(true);
  expect(emu.state.getWorkspaceRole(ACME, MARKETING, 'dave@acme.test')).toBeNull();
  emu.state.addUser(OLD_DAVE);
  emu.state.setAccountRole(ACME, OLD_DAVE.email, 'member');
  emu.state.setWorkspaceRole(ACME, MARKETING, OLD_DAVE.email, 'viewer');
  const dir = tempDir();
  const manifest = join(dir, 'access.yaml');
  writeFileSync(
    manifest,
    `version: 1\naccount:\n  id: ${ACME}\nworkspaces:\n  Marketing:\n    users:\n      dave@acme.test: viewer\n`,
  );
  return { ...started, emu, dave: dave.id!, manifest };
}

describe('one email, two live users', () => {
  it('drift reports the active user missing from the workspace; apply adds that user, never the deactivated one', async () => {
    const { emu, env, dave, manifest } = await withTwin();

    const drift = await runCli(['drift', manifest, '--format', 'json'], env);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as { drift: { kind: string; email: string; user_id: string }[] };
    expect(report.drift.map((d) => [d.kind, d.email, d.user_id])).toEqual([['missing_member', 'dave@acme.test', dave]]);

    const plan = await runCli(['plan', manifest], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `dave@acme.test (${manifest}:7:7) also matches the deactivated user ${OLD_DAVE.id} (Dave@ACME.test)`,
    );

    emu.clearLog();
    const apply = await runCli(['apply', manifest, '--yes', '--journal', join(tempDir(), 'journal.jsonl')], env);
    expect(apply.code).toBe(0);
    expect(writes(emu)).toEqual([
      `PATCH /v4/accounts/${ACME}/workspaces/${MARKETING}/users/${dave} {"data":{"role":"viewer"}}`,
    ]);
    expect(emu.state.getWorkspaceRole(ACME, MARKETING, 'dave@acme.test')).toBe('viewer');
    expect(emu.state.getWorkspaceRole(ACME, MARKETING, OLD_DAVE.email)).toBe('viewer');

    expect((await runCli(['drift', manifest], env)).code).toBe(0);
  });

  it('two active users for one email: plan fails naming the email, both ids and what to do, and writes nothing', async () => {
    const { emu, env, dave, manifest } = await withTwin();
    emu.state.setUserActive(OLD_DAVE.email, true);
    emu.clearLog();
    const plan = await runCli(['plan', manifest], env);
    expect(plan.code).toBe(1);
    const [first, second] = [OLD_DAVE.id, dave].sort();
    const spelled = (id: string) => (id === dave ? 'dave@acme.test' : OLD_DAVE.email);
    expect(plan.stderr).toContain(
      `${manifest}:7:7: error: dave@acme.test matches 2 active users of account ${ACME}: ` +
        `${first} (${spelled(first!)}) and ${second} (${spelled(second!)}); rolesync cannot tell which one the ` +
        'manifest means. ' +
        'Deactivate or remove the extra user in Frame.io (an email should belong to one active user), then plan again',
    );
    expect((await runCli(['apply', manifest, '--yes', '--journal', join(tempDir(), 'journal.jsonl')], env)).code).toBe(
      1,
    );
    expect(writes(emu)).toEqual([]);
  });
});
