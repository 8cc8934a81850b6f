// A token whose user cannot change roles (an account member): plan and apply stop before the long
// reads and before any write; drift and export go on, read-only, with a warning on stderr.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';
import { runCli } from './run.js';
import { ACME, seededEmulator } from './setup.js';

const MEMBER_TOKEN = 'fio-demo-member-token'; // bob@acme.test, a member of Acme Post in the seed
const REFUSED =
  `rolesync: the token acts as bob@acme.test, a member of account Acme Post (${ACME}): changing roles needs an ` +
  `account admin (or the owner).\n` +
  "Use an admin's token.\n";
const WARNING =
  `rolesync: warning: the token acts as bob@acme.test, a member of account Acme Post (${ACME}): ` +
  "it can read roles but not change them; apply needs an account admin's (or the owner's) token\n";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function memberEmulator() {
  const started = await seededEmulator();
  emu = started.emu;
  expect(emu.state.getAccountRole(ACME, 'bob@acme.test')).toBe('member');
  return { emu, admin: started.env, member: { ...started.env, FRAMEIO_TOKEN: MEMBER_TOKEN } };
}

const memberReads = (e: Emulator) => e.log.filter((entry) => entry.operation === 'workspace_user_roles.index');
const nonGets = (e: Emulator) => e.log.filter((entry) => entry.method !== 'GET');

describe("a member's token", () => {
  it('plan stops with what the token is and what it needs, before reading any workspace', async () => {
    const { emu, member } = await memberEmulator();
    const result = await runCli(['plan', 'examples/acme/'], member);
    expect(result.stderr).toBe(REFUSED);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(memberReads(emu)).toEqual([]);
  });

  it("plan --read-only-token goes on (a pull-request plan that an admin's token applies), with a warning", async () => {
    const { emu, member } = await memberEmulator();
    const result = await runCli(['plan', 'examples/acme/', '--read-only-token', '--detailed-exitcode'], member);
    expect(result.stderr).toBe(WARNING);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('kira.costa@acme.test');
    expect(nonGets(emu)).toEqual([]);
  });

  it('apply stops before any write, with or without a saved plan (made with an admin token)', async () => {
    const { emu, admin, member } = await memberEmulator();
    const fresh = await runCli(['apply', 'examples/acme/', '--yes', '--journal', join(tempDir(), 'j.jsonl')], member);
    expect(fresh.stderr).toBe(REFUSED);
    expect(fresh.code).toBe(1);
    expect(memberReads(emu)).toEqual([]);

    const planFile = join(tempDir(), 'plan.json');
    expect((await runCli(['plan', 'examples/acme/', '--out', planFile], admin)).code).toBe(0);
    emu.clearLog();
    const saved = await runCli(['apply', 'examples/acme/', '--plan', planFile, '--yes'], member);
    expect(saved.stderr).toBe(REFUSED);
    expect(saved.code).toBe(1);
    // /v4/me and the account's 302 users (4 pages), then nothing.
    expect(emu.log.map((e) => e.operation)).toEqual(['users.show', ...Array(4).fill('account_user_roles.index')]);
    expect(nonGets(emu)).toEqual([]);
  });

  it('drift goes on, read-only, with a warning on stderr (and one that attribution is unavailable)', async () => {
    const { emu, member } = await memberEmulator();
    const result = await runCli(['drift', 'examples/acme/'], member);
    expect(result.code).toBe(2);
    // A member cannot read the audit log (emulator: 403): said once, drift goes on without it.
    const path = `/v4/accounts/${ACME}/audit_logs`;
    expect(result.stderr).toBe(
      `${WARNING}rolesync: warning: drift attribution is unavailable: the token cannot read the audit log of ` +
        `account ${ACME} (GET ${path} failed: HTTP 403: Only account admins and the owner can read the audit ` +
        'log); drift is reported without it\n',
    );
    expect((await runCli(['drift', 'examples/acme/', '--no-attribution'], member)).stderr).toBe(WARNING);
    expect(result.stdout).toContain('kira.costa@acme.test');
    expect(nonGets(emu)).toEqual([]);
  });

  it('export goes on, read-only, with a warning on stderr', async () => {
    const { emu, member } = await memberEmulator();
    const result = await runCli(['export', '--account', ACME, '--workspace', 'Marketing'], member);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(WARNING);
    expect(result.stdout).toContain('Marketing:');
    expect(nonGets(emu)).toEqual([]);
  });

  it("an admin's token gets no warning", async () => {
    const { admin } = await memberEmulator();
    const result = await runCli(['drift', 'examples/acme/'], admin);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
  });
});
