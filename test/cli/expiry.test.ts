// Time-bound grants end to end (issue 15): the built executable against the emulator, the clock
// fixed with --now. plan lists the expiry changes and the notices; drift before the apply exits 2
// with kind expired, after it 0; apply removes them; `apply --only-expired` applies the expiries and
// nothing else while other drift exists; each bad time input is a clear error.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/types.js';
import { tempDir } from '../support/tmp.js';
import { runBuilt as rolesync } from './run.js';
import { ACME, MARKETING, manifestFile, seededEmulator, writes } from './setup.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const journal = () => ['--journal', join(tempDir('rolesync-journal-'), 'journal.jsonl')];
const NOW = ['--now', '2027-01-31T00:00:00Z'];

// grace's admin grant ended on the 15th, frank's commenter grant in Marketing ends at the start of
// the 31st (now), bob's viewer grant ends in 3 days; every grant is still live in the seed.
const EXPIRING = `  users:
    grace@acme.test: { role: admin, expires: 2027-01-15 }
workspaces:
  Marketing:
    users:
      frank@acme.test: { role: commenter, expires: 2027-01-31 }
      bob@acme.test: { role: viewer, expires: 2027-02-03T00:00:00Z }
      carol@acme.test: editor
`;

const marketingRole = (email: string) => emu!.state.getWorkspaceRole(ACME, MARKETING, email);
const accountRole = (email: string) => emu!.state.getAccountRole(ACME, email);

describe('expires: end to end with --now', () => {
  it('plan shows the expiries and notices; drift 2 (expired); apply removes them; drift 0', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { env } = started;
    const file = manifestFile(EXPIRING);

    const text = await rolesync(['plan', file, ...NOW], env);
    expect(text.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('~ grace@acme.test  admin → member  (expired on 2027-01-15)');
    expect(text.stdout).toContain('- frank@acme.test  commenter  (expired on 2027-01-31)');
    expect(text.stdout).toContain(
      'Expiry notices:\n  • ends in 3 days (2027-02-03T00:00:00Z): bob@acme.test viewer in Marketing',
    );

    const planFile = join(tempDir('rolesync-plan-'), 'plan.json');
    expect((await rolesync(['plan', file, ...NOW, '--out', planFile], env)).code).toBe(0);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    expect(saved.now).toBe('2027-01-31T00:00:00.000Z');
    expect(saved.changes.map((c) => [c.action, 'email' in c ? c.email : '', 'reason' in c ? c.reason : ''])).toEqual([
      // Demotions last, as always (lock-out safe order).
      ['remove_workspace_user', 'frank@acme.test', 'expired'],
      ['set_account_role', 'grace@acme.test', 'expired'],
    ]);

    const before = await rolesync(['drift', file, ...NOW, '--format', 'json'], env);
    expect(before.code).toBe(2);
    const report = JSON.parse(before.stdout) as { drift: { kind: string; email: string; expires: string }[] };
    expect(report.drift.map((e) => [e.kind, e.email, e.expires])).toEqual([
      ['expired', 'grace@acme.test', '2027-01-15'],
      ['expired', 'frank@acme.test', '2027-01-31'],
    ]);
    const md = await rolesync(['drift', file, ...NOW, '--format', 'markdown'], env);
    expect(md.stdout).toContain('| expired grant | frank@acme.test | commenter | — | remove (expired on 2027-01-31) |');
    expect(md.stdout).toContain('#### Expiry notices (not drift)\n\n- ends in 3 days');

    // Apply of the saved plan: its decisions, each checked against live first.
    const applied = await rolesync(['apply', file, '--plan', planFile, '--yes'], env);
    expect(applied.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(applied.code).toBe(0);
    expect(marketingRole('frank@acme.test')).toBeNull();
    expect(accountRole('grace@acme.test')).toBe('member');

    const after = await rolesync(['drift', file, ...NOW], env);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('Expiry notices (not drift):\n  • ends in 3 days');
    // Two weeks earlier nothing had ended: the manifest still wanted grace as admin (exit 2).
    expect((await rolesync(['plan', file, '--now', '2027-01-14', '--detailed-exitcode'], env)).code).toBe(2);
  });

  it('apply --only-expired applies the expiries and nothing else, though other drift exists', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { env } = started;
    // carol is editor in Marketing: the manifest's viewer is drift apply --only-expired leaves alone.
    const file = manifestFile(EXPIRING.replace('carol@acme.test: editor', 'carol@acme.test: viewer'));
    const drift = await rolesync(['drift', file, ...NOW, '--format', 'json'], env);
    expect(drift.code).toBe(2);
    expect((JSON.parse(drift.stdout) as { drift: { kind: string }[] }).drift.map((e) => e.kind).sort()).toEqual([
      'expired',
      'expired',
      'role_differs',
    ]);

    const applied = await rolesync(['apply', file, '--only-expired', '--yes', ...NOW, ...journal()], env);
    expect(applied.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(applied.code).toBe(0);
    const ids = (email: string) => emu!.state.user(email)!.id!;
    expect(writes(emu).sort()).toEqual(
      [
        `DELETE /v4/accounts/${ACME}/workspaces/${MARKETING}/users/${ids('frank@acme.test')}`,
        `PATCH /v4/accounts/${ACME}/users/${ids('grace@acme.test')} {"data":{"role":"member"}}`,
      ].sort(),
    );
    expect(marketingRole('carol@acme.test')).toBe('editor');
    // The verification is about expiries: carol's difference was left on purpose, not "still differs".
    expect(applied.stdout).toContain(
      'Verified: no ended grant is still live. 1 other difference from the manifest is not an expiry and stays ' +
        "as it is ('rolesync plan' shows them).",
    );
    expect(applied.stdout).not.toContain('still differs');

    const left = await rolesync(['drift', file, ...NOW, '--format', 'json'], env);
    expect(left.code).toBe(2);
    expect((JSON.parse(left.stdout) as { drift: { kind: string }[] }).drift.map((e) => e.kind)).toEqual([
      'role_differs',
    ]);
    // Nothing has ended any more: the enforcement command writes nothing.
    const again = await rolesync(['apply', file, '--only-expired', '--yes', ...NOW, ...journal()], env);
    expect(again.code).toBe(0);
    expect(writes(emu)).toHaveLength(2);
  });

  it("apply --plan --only-expired applies the saved plan's expiries alone", async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { env } = started;
    const file = manifestFile(EXPIRING.replace('carol@acme.test: editor', 'carol@acme.test: viewer'));
    const planFile = join(tempDir('rolesync-plan-'), 'plan.json');
    expect((await rolesync(['plan', file, ...NOW, '--out', planFile], env)).code).toBe(0);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    expect(saved.changes).toHaveLength(3);
    const applied = await rolesync(['apply', file, '--plan', planFile, '--only-expired', '--yes'], env);
    expect(applied.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(applied.code).toBe(0);
    expect(writes(emu)).toHaveLength(2);
    expect(marketingRole('frank@acme.test')).toBeNull();
    expect(accountRole('grace@acme.test')).toBe('member');
    expect(marketingRole('carol@acme.test')).toBe('editor');
  });

  it('examples/time-bound.yaml plans as its comment says', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planned = await rolesync(
      ['plan', 'examples/time-bound.yaml', '--now', '2027-02-01T00:00:00Z', '--format', 'json'],
      started.env,
    );
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as Plan;
    const expired = plan.changes.filter((c) => 'reason' in c && c.reason === 'expired');
    expect(expired.map((c) => `${c.action} ${'email' in c ? c.email : ''}`).sort()).toEqual([
      'remove_project_user wen.lopez@acme.test',
      'remove_workspace_user frank@acme.test',
      'set_account_role grace@acme.test',
    ]);
    expect(plan.notices?.map((n) => n.message)).toEqual([
      'ends in 9 days (2027-02-10T18:00:00+01:00): bob@acme.test viewer in Marketing',
    ]);
  });

  it.each([
    [['plan', '--now', 'tomorrow'], "--now 'tomorrow' is not a date; give an ISO 8601 date like 2027-01-31"],
    [
      ['drift', '--now', '2027-01-31T10:00'],
      "--now '2027-01-31T10:00' has no offset, so the moment it names would depend on where rolesync runs",
    ],
    [
      ['apply', '--now', '2027-01-31', '--plan', 'plan.json'],
      '--now is for a fresh plan: a saved plan keeps the instant it was made for',
    ],
  ])('%j is a usage error saying what to write', async (args, message) => {
    const [command, ...rest] = args as [string, ...string[]];
    const file = manifestFile(EXPIRING);
    const result = await rolesync([command, file, ...rest], {
      FRAMEIO_TOKEN: 'x',
      FRAMEIO_API_URL: 'http://127.0.0.1:9',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('validate names a bad expires with file:line:col', async () => {
    const file = manifestFile(
      'workspaces:\n  Marketing:\n    users:\n      frank@acme.test: { role: editor, expires: 2027-02-30 }\n',
    );
    const result = await rolesync(['validate', file], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${file}:7:49: error: expires '2027-02-30' is not a calendar date (February 2027 has 28 days)`,
    );
  });
});
