// `export --groups` end to end through the CLI against the emulator: the file validates, plans to
// zero changes and drifts by nothing under both kinds of project listing; then hand edits of a
// group's members and grants in Frame.io are drift of their own kinds, exit 2.
//
// Needs the other branches of issue 13 (manifest: `experimental` and `frameio_groups`; read and
// resolve: the live groups; planner: the group changes). Until they are merged the exported file
// does not validate, so export refuses to write it: the lead turns these on at the merge.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type ProjectListing } from '../../src/emulator/index.js';
import { runCli } from '../cli/run.js';
import { GROUP, groupSeed } from '../emulator/group-seed.js';
import { ACME, ADMIN_TOKEN } from '../emulator/helpers.js';
import { PROJECT } from '../emulator/project-seed.js';
import { tempDir } from '../support/tmp.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function exported(listing: ProjectListing) {
  emu = await startEmulator({ state: groupSeed(listing), port: 0, timeScale: 600 });
  const env = { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: ADMIN_TOKEN };
  const file = join(tempDir(), 'acme.yaml');
  const result = await runCli(['export', '--account', ACME, '--groups', '--projects', '--out', file], env);
  expect(result.stderr).toContain('Reading Frame.io groups (4 in the account): the members of 2 frame groups');
  expect(result.stderr).toContain(`Wrote ${file} (`);
  expect(result.stderr).toContain(', 4 Frame.io groups); review it');
  expect(result.code).toBe(0);
  expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  return { emu, env, file };
}

interface DriftJson {
  drift: { kind: string; workspace_name?: string; project_name?: string; group_name?: string; email?: string }[];
  changes: unknown[];
}

describe('export --groups round trip', () => {
  it.each(['direct', 'inherited'] as ProjectListing[])(
    'project_listing %s: validate, plan with no change, drift in sync',
    async (listing) => {
      const { env, file } = await exported(listing);
      expect((await runCli(['validate', file], env)).code).toBe(0);
      const plan = await runCli(['plan', file, '--detailed-exitcode', '--format', 'json'], env);
      expect(plan.stderr).toBe('');
      expect(plan.code).toBe(0);
      expect((JSON.parse(plan.stdout) as { changes: unknown[] }).changes).toEqual([]);
      const drift = await runCli(['drift', file], env);
      expect(drift.code).toBe(0);
      expect(drift.stdout).toContain('In sync');
    },
  );

  it('hand edits of a group in Frame.io are drift of their own kinds, exit 2', async () => {
    const { emu, env, file } = await exported('direct');
    // Someone edits the groups in the web app after the export.
    emu.state.addGroupMember(ACME, GROUP.post, 'bob@acme.test');
    emu.state.removeGroupMember(ACME, GROUP.post, 'dave@acme.test');
    emu.state.setWorkspaceGroupRole(ACME, 'Marketing', GROUP.post, 'viewer');
    emu.state.setWorkspaceGroupRole(ACME, 'Marketing', GROUP.workfront, 'commenter');
    emu.state.setProjectGroupRole(ACME, PROJECT.spring, GROUP.post, null);

    const drift = await runCli(['drift', file, '--format', 'json'], env);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as DriftJson;
    expect(
      report.drift.map(
        (e) =>
          `${e.kind} ${e.workspace_name ?? 'account'}${e.project_name ? ` / ${e.project_name}` : ''} ` +
          `${e.group_name ?? '-'} ${e.email ?? '-'}`,
      ),
    ).toEqual([
      'unmanaged_group_member account Post Team bob@acme.test',
      'group_member_missing account Post Team dave@acme.test',
      'group_role_differs Marketing Post Team -',
      'unmanaged_group_grant Marketing Workfront Crew -',
      'group_grant_missing Marketing / Spring Campaign Post Team -',
    ]);
    expect(report.changes).toHaveLength(5);

    const text = await runCli(['drift', file], env);
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/\n {2}! bob@acme\.test +unmanaged group member +live member, manifest —/);
    expect(text.stdout).toMatch(/\n {2}! group Post Team +group role differs +live viewer, manifest editor/);
  });
});
