// Differences a guard holds back (the owner, the token's own user, policy.protected) are drift of
// kind `held`: apply would leave them, but live state does not match the manifest, so drift exits 2.
// Other plan notes (invited, deactivated, account admins in workspaces) stay out of drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectDrift, driftExitCode, type DriftEntry } from '../../src/drift/index.js';
import { renderDriftMarkdown, renderDriftText } from '../../src/render/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { LiveState } from '../../src/live/types.js';
import { loadManifestSources } from '../../src/manifest/index.js';
import { buildPlan } from '../../src/plan/index.js';
import { ACME, emulator, runCli, tempDir } from './cli.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const A = '11111111-2222-4333-8444-555555555555';
const W = '00000000-0000-4000-8000-00000000000w';
const u = (n: string, extra: { id?: string | null; active?: boolean | null } = {}) => ({
  id: `id-${n}`,
  email: `${n}@x.test`,
  name: null,
  active: true,
  ...extra,
});

function driftOf(manifestText: string, live: LiveState) {
  const manifest = loadManifestSources([{ path: 'm.yaml', rel: 'm.yaml', content: manifestText }]);
  return detectDrift(buildPlan(manifest, live), manifest);
}

const pick = (d: DriftEntry) => ({
  kind: d.kind,
  where: d.workspace_name ?? 'account',
  email: d.email,
  user_id: d.user_id,
  live: d.live,
  desired: d.desired,
  action: d.action,
  held_by: d.held_by,
});

describe('held drift', () => {
  it('the repro: a protected user changed by hand is drift (exit 2), not "In sync"', async () => {
    const started = await emulator();
    emu = started.emu;
    const dir = tempDir();
    const manifest = join(dir, 'acme.yaml');
    expect(
      (await runCli(['export', '--account', ACME, '--workspace', 'Marketing', '--out', manifest], started.env)).code,
    ).toBe(0);
    const text = readFileSync(manifest, 'utf8');
    expect(text).toMatch(/^ {6}bob@acme\.test: viewer$/m);
    writeFileSync(manifest, text.replace('protected: []', 'protected: [bob@acme.test]'));
    expect((await runCli(['drift', manifest], started.env)).code).toBe(0);

    started.emu.state.setWorkspaceRole(ACME, 'Marketing', 'bob@acme.test', 'editor');
    const json = await runCli(['drift', manifest, '--format', 'json'], started.env);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as { in_sync: boolean; drift: DriftEntry[]; changes: unknown[] };
    expect(doc.in_sync).toBe(false);
    expect(doc.changes).toEqual([]);
    expect(doc.drift.map(pick)).toEqual([
      {
        kind: 'held',
        where: 'Marketing',
        email: 'bob@acme.test',
        user_id: expect.any(String),
        live: 'editor',
        desired: 'viewer',
        action: null,
        held_by: 'protected',
      },
    ]);

    const textOut = await runCli(['drift', manifest], started.env);
    expect(textOut.code).toBe(2);
    expect(textOut.stdout).not.toContain('In sync');
    expect(textOut.stdout).toMatch(
      /bob@acme\.test +held by a guard +live editor, manifest viewer: apply would do nothing — protected by policy\.protected/,
    );
    // Shown once, as drift, not again among the notes that "are not drift".
    expect(textOut.stdout.split('bob@acme.test').length - 1).toBe(1);

    const md = await runCli(['drift', manifest, '--format', 'markdown'], started.env);
    expect(md.code).toBe(2);
    expect(md.stdout).toContain(
      '| held by a guard | bob@acme.test | editor | viewer | nothing — protected by policy.protected |',
    );
  });

  it("the token's own user and an invited protected member of an authoritative workspace are held too", () => {
    const live: LiveState = {
      self: { id: 'id-me', email: 'me@x.test', name: null },
      accounts: [
        {
          id: A,
          displayName: null,
          users: [
            { user: u('me'), role: 'member' },
            { user: u('inv', { id: null, active: null }), role: 'member' },
            { user: u('a'), role: 'member' },
          ],
          workspaces: [
            {
              id: W,
              name: 'W',
              members: [
                { user: u('me'), role: 'editor' },
                { user: u('inv', { id: null, active: null }), role: 'viewer' },
                { user: u('a'), role: 'viewer' },
              ],
            },
          ],
        },
      ],
    };
    const report = driftOf(
      `version: 1\naccount:\n  id: ${A}\npolicy:\n  protected: [inv@x.test]\nworkspaces:\n  W:\n` +
        `    mode: authoritative\n    users:\n      a@x.test: viewer\n`,
      live,
    );
    expect(report.drift.map(pick)).toEqual([
      {
        kind: 'held',
        where: 'W',
        email: 'inv@x.test',
        user_id: null,
        live: 'viewer',
        desired: null,
        action: null,
        held_by: 'protected',
      },
      {
        kind: 'held',
        where: 'W',
        email: 'me@x.test',
        user_id: 'id-me',
        live: 'editor',
        desired: null,
        action: null,
        held_by: 'self_untouchable',
      },
    ]);
    expect(report.in_sync).toBe(false);
    expect(driftExitCode(report)).toBe(2);
    const text = renderDriftText(report, { color: false });
    expect(text).toContain("apply would do nothing — the token's own user is never demoted or removed");
    expect(text).toContain('(except the 2 held back by a guard, which it leaves as they are)');
    expect(text).not.toContain('Notes (not drift');
    expect(renderDriftMarkdown(report)).not.toContain('Notes (not drift');
  });

  it("a reviewer the manifest gives another role is held: the API cannot change a reviewer's role", () => {
    const live: LiveState = {
      self: { id: 'id-boss', email: 'boss@x.test', name: null },
      accounts: [
        {
          id: A,
          displayName: null,
          users: [
            { user: u('boss'), role: 'admin' },
            { user: u('rev'), role: 'reviewer' },
          ],
          workspaces: [{ id: W, name: 'W', members: [] }],
        },
      ],
    };
    const report = driftOf(
      `version: 1\naccount:\n  id: ${A}\n  users:\n    rev@x.test: member\nworkspaces:\n  W:\n    users:\n` +
        `      rev@x.test: viewer\n`,
      live,
    );
    expect(report.drift.map(pick)).toEqual([
      {
        kind: 'held',
        where: 'account',
        email: 'rev@x.test',
        user_id: 'id-rev',
        live: 'reviewer',
        desired: 'member',
        action: null,
        held_by: 'reviewer_untouchable',
      },
      {
        kind: 'held',
        where: 'W',
        email: 'rev@x.test',
        user_id: 'id-rev',
        live: null,
        desired: 'viewer',
        action: null,
        held_by: 'reviewer_untouchable',
      },
    ]);
    expect(driftExitCode(report)).toBe(2);
    expect(renderDriftText(report, { color: false })).toContain(
      "apply would do nothing — the API cannot change a reviewer's role",
    );
  });

  it("a held user whose email Frame.io also lists for a deactivated user is named by the active user's id", () => {
    const live: LiveState = {
      self: { id: 'id-boss', email: 'boss@x.test', name: null },
      accounts: [
        {
          id: A,
          displayName: null,
          users: [
            { user: u('boss'), role: 'admin' },
            { user: { ...u('old'), email: 'Alice@x.test', active: false }, role: 'member' },
            { user: u('alice'), role: 'admin' },
          ],
          workspaces: [],
        },
      ],
    };
    const report = driftOf(
      `version: 1\naccount:\n  id: ${A}\n  users:\n    alice@x.test: member\npolicy:\n  protected: [alice@x.test]\n`,
      live,
    );
    expect(report.drift.map(pick)).toEqual([
      {
        kind: 'held',
        where: 'account',
        email: 'alice@x.test',
        user_id: 'id-alice',
        live: 'admin',
        desired: 'member',
        action: null,
        held_by: 'protected',
      },
    ]);
  });

  it('invited, deactivated and account-admin notes are still not drift', () => {
    const live: LiveState = {
      self: { id: 'id-boss', email: 'boss@x.test', name: null },
      accounts: [
        {
          id: A,
          displayName: null,
          users: [
            { user: u('boss'), role: 'admin' },
            { user: u('inv', { id: null, active: null }), role: 'member' },
            { user: u('gone', { active: false }), role: 'member' },
          ],
          workspaces: [
            {
              id: W,
              name: 'W',
              members: [
                { user: u('boss'), role: 'admin' },
                { user: u('gone', { active: false }), role: 'viewer' },
              ],
            },
          ],
        },
      ],
    };
    const report = driftOf(
      `version: 1\naccount:\n  id: ${A}\n  users:\n    boss@x.test: admin\n    inv@x.test: admin\nworkspaces:\n` +
        `  W:\n    mode: authoritative\n    users:\n      inv@x.test: viewer\n`,
      live,
    );
    expect([...new Set(report.plan.notes.map((n) => n.kind))].sort()).toEqual([
      'account_admin_in_workspace',
      'deactivated',
      'invited_no_id',
    ]);
    expect(report.drift).toEqual([]);
    expect(report.in_sync).toBe(true);
    expect(driftExitCode(report)).toBe(0);
    expect(renderDriftText(report, { color: false })).toContain('Notes (not drift');
  });
});
