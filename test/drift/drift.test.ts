// `rolesync drift` end to end: export, hand edits in the emulator (someone changed roles in the web
// app), drift names each one and exits 2; apply restores the manifest and drift exits 0.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import type { DriftEntry } from '../../src/drift/index.js';
import { DRIFT_MARKER } from '../../src/render/index.js';
import { ACME, emulator, runCli, tempDir, TOKEN } from './cli.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const short = (d: DriftEntry) => `${d.kind} ${d.workspace_name ?? 'account'} ${d.email} ${d.live}->${d.desired}`;

describe('rolesync drift', () => {
  it('exits 0 in sync, 2 after hand edits naming each, 0 again after apply', async () => {
    const started = await emulator();
    emu = started.emu;
    const { env } = started;
    const dir = tempDir();
    const manifest = join(dir, 'acme.yaml');
    expect((await runCli(['export', '--account', ACME, '--out', manifest], env)).code).toBe(0);

    const clean = await runCli(['drift', manifest], env);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('In sync: live state matches the manifest.');
    // Notes are reported but are not drift.
    expect(clean.stdout).toContain('Notes (not drift');

    emu.state.setWorkspaceRole(ACME, 'Marketing', 'bob@acme.test', 'editor'); // was viewer
    emu.state.setWorkspaceRole(ACME, 'Color', 'frank@acme.test', 'viewer'); // added by hand
    emu.state.setWorkspaceRole(ACME, 'Sound', 'erin@acme.test', null); // removed by hand
    emu.state.setAccountRole(ACME, 'grace@acme.test', 'member'); // was admin
    emu.clearLog();

    const json = await runCli(['drift', manifest, '--format', 'json', '--out', join(dir, 'drift.json')], env);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout);
    expect(doc.format_version).toBe(1);
    expect(doc.in_sync).toBe(false);
    expect((doc.drift as DriftEntry[]).map(short)).toEqual([
      'account_role_differs account grace@acme.test member->admin',
      'unmanaged_member Color frank@acme.test viewer->null',
      'role_differs Marketing bob@acme.test editor->viewer',
      'missing_member Sound erin@acme.test null->commenter',
    ]);
    // The contract's plan document is there too, one change per difference.
    expect(doc.changes).toHaveLength(4);
    expect(doc.changes.map((c: { email: string }) => c.email).sort()).toEqual([
      'bob@acme.test',
      'erin@acme.test',
      'frank@acme.test',
      'grace@acme.test',
    ]);
    expect(readFileSync(join(dir, 'drift.json'), 'utf8')).toBe(json.stdout);
    expect(json.stderr).toContain(`Wrote the drift report to ${join(dir, 'drift.json')}`);
    // Read-only.
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);

    const md = await runCli(['drift', manifest, '--format', 'markdown'], env);
    expect(md.code).toBe(2);
    expect(md.stdout.split('\n')[0]).toBe(DRIFT_MARKER);
    expect(md.stdout).toContain('| role differs | bob@acme.test | editor | viewer | set viewer |');
    expect(md.stdout).toContain('| unmanaged member | frank@acme.test | viewer | — | remove |');

    const text = await runCli(['drift', manifest], env);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(
      /erin@acme\.test +missing member +live —, manifest commenter: apply would add as commenter/,
    );

    const applied = await runCli(['apply', manifest, '--yes', '--journal', join(tempDir(), 'journal.jsonl')], env);
    expect(applied.stderr).not.toContain(TOKEN);
    expect(applied.code).toBe(0);
    expect(emu.state.getWorkspaceRole(ACME, 'Marketing', 'bob@acme.test')).toBe('viewer');
    expect(emu.state.getWorkspaceRole(ACME, 'Color', 'frank@acme.test')).toBeNull();

    const after = await runCli(['drift', manifest, '--format', 'json'], env);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ in_sync: true, drift: [], changes: [] });
  });

  it('an invalid manifest or a bad flag is exit 1, not drift', async () => {
    const started = await emulator();
    emu = started.emu;
    const missing = await runCli(['drift', join(tempDir(), 'nope.yaml')], started.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^rolesync: /);
    const badFormat = await runCli(['drift', 'examples/acme/', '--format', 'html'], started.env);
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain("--format must be text, json or markdown, not 'html'");
    const noToken = await runCli(['drift', 'examples/acme/'], { FRAMEIO_API_URL: started.emu.url });
    expect(noToken.code).toBe(1);
  });

  it('reports policy violations without changing the exit code', async () => {
    const started = await emulator();
    emu = started.emu;
    // Two members added by hand to an authoritative workspace whose policy allows one removal.
    const dir = tempDir();
    const manifest = join(dir, 'acme.yaml');
    expect(
      (await runCli(['export', '--account', ACME, '--workspace', 'Marketing', '--out', manifest], started.env)).code,
    ).toBe(0);
    const text = readFileSync(manifest, 'utf8').replace('max_removals: 25%', 'max_removals: 1');
    writeFileSync(manifest, text);
    for (const email of ['ana.moreau@acme.test', 'ben.moreau@acme.test'])
      started.emu.state.setWorkspaceRole(ACME, 'Marketing', email, 'viewer');
    const result = await runCli(['drift', manifest, '--format', 'markdown'], started.env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('⛔ **Apply would be blocked by policy:**');
    expect(result.stdout).toContain('Marketing: 2 removals of');
  });
});
