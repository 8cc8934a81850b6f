// `rolesync export` end to end: the real CLI function against the emulator, then validate and plan
// of what it wrote must agree that nothing would change.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import { ACME, emulator, runCli, tempDir, TOKEN } from '../drift/cli.js';

const SCHEMA = resolve('schemas/manifest.schema.json');

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function started() {
  const s = await emulator();
  emu = s.emu;
  return s;
}

describe('rolesync export', () => {
  it('writes a valid manifest that plans to zero changes against the same live state, reading only', async () => {
    const { emu, env } = await started();
    const out = join(tempDir(), 'access', 'acme.yaml');
    const exported = await runCli(['export', '--account', ACME, '--out', out], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain(`Wrote ${out} (6 workspaces)`);
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);

    expect((await runCli(['validate', out], env)).code).toBe(0);
    const plan = await runCli(['plan', out, '--detailed-exitcode', '--format', 'json'], env);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).changes).toEqual([]);

    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(TOKEN);
    const modeline = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    expect(resolve(dirname(out), modeline?.[1] ?? '')).toBe(SCHEMA);
    // Live state has no end dates: the roles are plain, and the header says so.
    expect(text).not.toMatch(/^\s+[^#\n]*expires:/m);
    expect(text).toContain(
      '# Frame.io keeps no end date on a grant, so every role below is plain: none has `expires:`.',
    );

    const manifest = await loadManifest(out);
    const [account] = manifest.accounts;
    expect(account?.mode).toBe('additive');
    expect(account?.name).toBe('Acme Post');
    const roles = Object.fromEntries(account!.users.map((u) => [u.email, u.role]));
    expect(roles['alice@acme.test']).toBe('admin');
    expect(roles['bob@acme.test']).toBe('member');
    // Not settable, not yet real, or gone: comments, never keys.
    for (const email of [
      'owner@acme.test',
      'new.hire@acme.test',
      'pending.vendor@partner.test',
      'old.timer@acme.test',
    ]) {
      expect(roles[email], email).toBeUndefined();
    }
    expect(text).toMatch(/^ {4}# owner@acme\.test: owner {2}\(the account owner/m);
    expect(text).toMatch(/^ {4}# new\.hire@acme\.test: member {2}\(invited/m);

    // Every workspace, pinned by id, authoritative, with exactly the live non-admin members.
    expect(account!.workspaces.map((w) => w.name)).toEqual([
      'Archive',
      'Client Reviews',
      'Color',
      'Editorial',
      'Marketing',
      'Sound',
    ]);
    for (const ws of account!.workspaces) {
      expect(ws.mode).toBe('authoritative');
      expect(ws.id).toBe(emu.state.workspaces(ACME).find((w) => w.name === ws.name)?.id);
      const live = Object.entries(emu.state.workspaceUsers(ACME, ws.name)).filter(
        ([, role]) => role !== 'admin' && role !== 'owner',
      );
      expect(Object.fromEntries(ws.users.map((u) => [u.email, u.role]))).toEqual(Object.fromEntries(live));
    }
    // Account admins and the owner are left out of workspace lists, shown as comments.
    expect(text).toMatch(/^ {6}# alice@acme\.test: admin {2}\(an account admin/m);
    expect(text).toMatch(/^ {6}old\.timer@acme\.test: editor {2}# deactivated$/m);
  });

  it('is deterministic: the same live state gives the same bytes, on stdout as in a file', async () => {
    const { env } = await started();
    const first = await runCli(['export', '--account', ACME], env);
    const second = await runCli(['export', '--account', ACME], env);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    // On stdout the modeline is relative to the working directory, here the repository root.
    expect(first.stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=schemas/manifest.schema.json');
    const out = join(tempDir(), 'acme.yaml');
    await runCli(['export', '--account', ACME, '--out', out], env);
    expect(readFileSync(out, 'utf8').split('\n').slice(1)).toEqual(first.stdout.split('\n').slice(1));
  });

  it('--infer-groups proposes groups of people sharing roles in 2+ workspaces, and still plans to zero changes', async () => {
    const { emu, env } = await started();
    const out = join(tempDir(), 'grouped.yaml');
    expect((await runCli(['export', '--account', ACME, '--infer-groups', '--out', out], env)).code).toBe(0);
    const plan = await runCli(['plan', out, '--detailed-exitcode'], env);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);

    const [account] = (await loadManifest(out)).accounts;
    expect(account!.groups.length).toBeGreaterThan(0);
    for (const group of account!.groups) {
      expect(group.members.length, group.name).toBeGreaterThanOrEqual(2);
      const uses = account!.workspaces.filter((w) => w.groups.some((g) => g.group === group.name));
      expect(uses.length, group.name).toBeGreaterThanOrEqual(2);
      // Each member really has the group's role in each workspace that uses it.
      for (const ws of uses) {
        const role = ws.groups.find((g) => g.group === group.name)!.role;
        for (const m of group.members)
          expect(emu.state.getWorkspaceRole(ACME, ws.name, m.email), `${m.email} in ${ws.name}`).toBe(role);
      }
    }
    // Nobody is in two groups, and a grouped person has no direct line left.
    const members = account!.groups.flatMap((g) => g.members.map((m) => m.email));
    expect(new Set(members).size).toBe(members.length);
    const direct = new Set(account!.workspaces.flatMap((w) => w.users.map((u) => u.email)));
    for (const m of members) expect(direct.has(m), m).toBe(false);
  });

  it('--workspace exports only the named workspaces', async () => {
    const { env } = await started();
    const out = join(tempDir(), 'two.yaml');
    const result = await runCli(
      ['export', '--account', ACME, '--workspace', 'Marketing', '--workspace', 'Color', '--out', out],
      env,
    );
    expect(result.code).toBe(0);
    const doc = parse(readFileSync(out, 'utf8')) as { workspaces: Record<string, unknown> };
    expect(Object.keys(doc.workspaces)).toEqual(['Color', 'Marketing']);
    expect((await runCli(['plan', out, '--detailed-exitcode'], env)).code).toBe(0);
  });

  it('an unknown --workspace is an error that lists the workspaces there are, and writes nothing', async () => {
    const { env } = await started();
    const out = join(tempDir(), 'none.yaml');
    const result = await runCli(
      ['export', '--account', ACME, '--workspace', 'marketing', '--workspace', 'Nope', '--out', out],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'rolesync: no workspace named "marketing", "Nope" in account Acme Post ' +
        '(1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10); its workspaces are: "Archive", "Client Reviews", "Color", ' +
        '"Editorial", "Marketing", "Sound" (names are case-sensitive)\n',
    );
    expect(() => readFileSync(out)).toThrow();
  });

  it('takes an upper-case account UUID as plan does, and writes it lower-cased', async () => {
    const { env } = await started();
    const out = join(tempDir(), 'upper.yaml');
    const result = await runCli(
      ['export', '--account', ACME.toUpperCase(), '--workspace', 'Marketing', '--out', out],
      env,
    );
    expect(result.stderr).not.toContain('not an account this token can see');
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(`\naccount:\n  id: ${ACME}\n`);
    expect((await runCli(['plan', out, '--detailed-exitcode'], env)).code).toBe(0);
  });

  it('an account the token cannot see, or a missing --account, is a clear error', async () => {
    const { env } = await started();
    const unknown = await runCli(['export', '--account', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^rolesync: account 00000000-0000-4000-8000-000000000000 is not an account this token can see; it can see .*Acme Post \(1f8a3a9e/,
    );
    const missing = await runCli(['export'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('export needs --account ID');
  });
});
