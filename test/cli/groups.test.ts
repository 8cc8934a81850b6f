// Frame.io groups (issue 13) end to end: the built executable (dist/) against the emulator seeded from
// examples/, with examples/frameio-groups.yaml: a Frame group (members, authoritative), a synced group
// (grants only), a group the plan creates, grants on workspaces and a project. The exact plan, apply
// converging, an empty second plan, drift 0, the export round trip, and the experimental header on
// exactly the experimental calls.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATION_FACTS } from '../../src/api/index.js';
import type { Emulator } from '../../src/emulator/index.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { loadStateFile } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';
import { ACME, MARKETING, SPRING_CAMPAIGN, manifestFile, seededEmulator } from './setup.js';
import { runBuilt as rolesync } from './run.js';

const EXAMPLE = 'examples/frameio-groups.yaml';
const EDITORIAL = 'b39d2d7d-71e8-4bac-af70-423a40be9822';
const SOUND = '24f25a52-da2b-4d31-a43a-7ad0f2b97677';
const POST_TEAM = '3c0d1f5e-6a2b-4c8d-9e7f-1a2b3c4d5e6f';
const OKTA_EDITORS = '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const journal = () => ['--journal', join(tempDir('rolesync-journal-'), 'journal.jsonl')];

/** One line per change, sorted, so the expected plan reads as a list. */
function lines(changes: readonly Change[]): string[] {
  return changes
    .map((c) => {
      switch (c.action) {
        case 'create_frameio_group':
          return `create ${c.group_name} ${c.group_id} ${c.to}`;
        case 'add_frameio_group_member':
        case 'remove_frameio_group_member':
          return `${c.action} ${c.group_name} ${c.group_id} ${c.email} ${c.user_id} ${c.from}>${c.to}`;
        case 'set_workspace_group_role':
        case 'remove_workspace_group':
          return `${c.action} ${c.workspace_name} ${c.workspace_id} ${c.group_name} ${c.group_id} ${c.from}>${c.to}`;
        case 'set_project_group_role':
        case 'remove_project_group':
          return (
            `${c.action} ${c.workspace_name}/${c.project_name} ${c.workspace_id}/${c.project_id} ` +
            `${c.group_name} ${c.group_id} ${c.from}>${c.to}`
          );
        default:
          return `${c.action} (not expected)`;
      }
    })
    .sort();
}

describe('Frame.io groups through rolesync against the emulator', () => {
  it('plans the example exactly, applies it, then plans nothing, drift 0, and export round-trips', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { env } = started;
    const id = (email: string) => emu!.state.user(email)!.id!;

    const planFile = join(tempDir('rolesync-plan-'), 'plan.json');
    const planned = await rolesync(['plan', EXAMPLE, '--out', planFile, '--detailed-exitcode'], env);
    expect(planned.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(planned.code).toBe(2);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    expect(lines(plan.changes)).toEqual(
      [
        'create Night Shift null frame',
        `add_frameio_group_member Night Shift null chloe.moreau@acme.test ${id('chloe.moreau@acme.test')} null>member`,
        `add_frameio_group_member Night Shift null dario.moreau@acme.test ${id('dario.moreau@acme.test')} null>member`,
        `add_frameio_group_member Post Team ${POST_TEAM} dave@acme.test ${id('dave@acme.test')} null>member`,
        `add_frameio_group_member Post Team ${POST_TEAM} erin@acme.test ${id('erin@acme.test')} null>member`,
        `remove_frameio_group_member Post Team ${POST_TEAM} frank@acme.test ${id('frank@acme.test')} member>null`,
        `set_workspace_group_role Editorial ${EDITORIAL} Post Team ${POST_TEAM} viewer>editor`,
        `set_workspace_group_role Editorial ${EDITORIAL} Okta Editors ${OKTA_EDITORS} null>viewer`,
        `set_workspace_group_role Sound ${SOUND} Night Shift null null>commenter`,
        `set_project_group_role Marketing/Spring Campaign ${MARKETING}/${SPRING_CAMPAIGN} Post Team ${POST_TEAM} ` +
          'null>full_access',
      ].sort(),
    );
    // Every change names its account; the create comes first, member adds before the grants, the removal last.
    expect(plan.changes.every((c) => c.account_id === ACME)).toBe(true);
    const at = (action: Change['action']) => plan.changes.findIndex((c) => c.action === action);
    expect(at('create_frameio_group')).toBe(0);
    expect(at('add_frameio_group_member')).toBeLessThan(at('set_workspace_group_role'));
    expect(at('remove_frameio_group_member')).toBe(plan.changes.length - 1);
    // Member adds are batched per group: 2 calls for 4 adds, beside 1 create, 1 removal and 4 grants.
    expect(plan.estimate.calls).toMatchObject({
      group_create: 1,
      group_member_add: 2,
      group_member_remove: 1,
      workspace_group_patch: 3,
      project_group_patch: 1,
    });

    const applied = await rolesync(['apply', EXAMPLE, '--plan', planFile, '--yes', ...journal()], env);
    expect(applied.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(applied.code).toBe(0);
    const nightShift = emu.state.groups(ACME).find((g) => g.name === 'Night Shift');
    expect(nightShift?.source).toBe('frame');
    expect([...(nightShift?.members ?? [])].sort()).toEqual(['chloe.moreau@acme.test', 'dario.moreau@acme.test']);
    const postTeam = emu.state.groups(ACME).find((g) => g.id === POST_TEAM);
    expect([...(postTeam?.members ?? [])].sort()).toEqual(['carol@acme.test', 'dave@acme.test', 'erin@acme.test']);
    expect(emu.state.effectiveWorkspaceRole(ACME, SOUND, 'chloe.moreau@acme.test')).toBe('commenter');
    expect(emu.state.effectiveProjectRole(ACME, SPRING_CAMPAIGN, 'erin@acme.test')).toBe('full_access');
    // Two adds went in one call per group.
    const adds = emu.log.filter((e) => e.operation === 'group_users.add' && e.status < 300);
    expect(adds).toHaveLength(2);

    const again = await rolesync(['plan', EXAMPLE, '--format', 'json', '--detailed-exitcode'], env);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Plan).changes).toEqual([]);
    const drift = await rolesync(['drift', EXAMPLE], env);
    expect(drift.code).toBe(0);

    // Export with groups, then plan the export: nothing to change.
    const out = join(tempDir('rolesync-export-'), 'acme.yaml');
    const exported = await rolesync(['export', '--account', ACME, '--groups', '--projects', '--out', out], env);
    expect(exported.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('frameio_groups:');
    const roundTrip = await rolesync(['plan', out, '--format', 'json', '--detailed-exitcode'], env);
    expect(roundTrip.code).toBe(0);
    expect((JSON.parse(roundTrip.stdout) as Plan).changes).toEqual([]);

    // The experimental header went with every call to an experimental endpoint, and with no other.
    const logged = emu.log.filter((e) => e.operation !== null);
    expect(logged.some((e) => e.operation === 'group_users.add')).toBe(true);
    for (const e of logged) {
      const experimental = OPERATION_FACTS[e.operation!].experimental === true;
      expect({ op: e.operation, apiVersion: e.apiVersion ?? null }).toEqual({
        op: e.operation,
        apiVersion: experimental ? 'experimental' : null,
      });
    }
  });

  it('keeps access a group grant no key manages gives in an authoritative project, and converges', async () => {
    // Project listings that show access through groups; Post Team granted editor on Marketing by
    // hand, and ben.moreau (not a Marketing member) added to it: he sees Spring Campaign as an editor.
    const state = { ...loadStateFile('examples/emulator-seed.yaml'), project_listing: 'inherited' as const };
    const started = await seededEmulator({ state });
    emu = started.emu;
    const { env } = started;
    emu.state.setWorkspaceGroupRole(ACME, 'Marketing', 'Post Team', 'editor');
    emu.state.addGroupMember(ACME, 'Post Team', 'ben.moreau@acme.test');
    const spring = (key: string) =>
      `        ${key}\n        mode: authoritative\n        users:\n          ana.lopez@acme.test: editor\n` +
      '          ben.lopez@acme.test: commenter\n          chloe.lopez@acme.test: viewer\n' +
      '          wen.lopez@acme.test: commenter\n';
    const file = (marketingKey: string, projectKey: string) =>
      manifestFile(
        `experimental: [frameio_groups]\nframeio_groups:\n  Post Team: {}\nworkspaces:\n  Marketing:\n` +
          `${marketingKey}    projects:\n      Spring Campaign:\n${spring(projectKey)}`,
      );
    // No key anywhere; a key on the project only; an additive key on the workspace not listing the group.
    const manifests = [file('', ''), file('', 'frameio_groups: {}'), file('    frameio_groups: {}\n', '')];
    for (const m of manifests) {
      const planned = await rolesync(['plan', m, '--format', 'json', '--detailed-exitcode'], env);
      expect(planned.stderr).toBe('');
      const plan = JSON.parse(planned.stdout) as Plan;
      expect(plan.changes).toEqual([]);
      expect(planned.code).toBe(0);
      expect(plan.notes.map((n) => `${n.kind} ${n.email} ${'via' in n ? n.via.join() : ''}`)).toContain(
        'access_through_group ben.moreau@acme.test Post Team',
      );
      const drift = await rolesync(['drift', m], env);
      expect(drift.code).toBe(0);
    }
    // Nothing written, and the group's grant and member are as they were.
    expect(emu.log.every((e) => e.method === 'GET')).toBe(true);
    expect(emu.state.effectiveProjectRole(ACME, SPRING_CAMPAIGN, 'ben.moreau@acme.test')).toBe('editor');
  });
});
