// Projects (issue 12) end to end: the built executable (dist/) against the emulator seeded from
// examples/. The example's project changes, their order and saved fields; the fewest reads; both
// project listings the emulator offers; bad input and odd live state; drift after hand edits.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStateFile, type Emulator, type EmulatorStateInput } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/types.js';
import { tempDir } from '../support/tmp.js';
import { ACME, BOARD_CUT, EXAMPLE_CHANGES, MARKETING, SPRING_CAMPAIGN, manifestFile, seededEmulator } from './setup.js';
import { runBuilt as rolesync } from './run.js';

const SEED = 'examples/emulator-seed.yaml';
/** The third project of Marketing in the seed: the manifest does not list it, so it is never read. */
const INTERNAL_ARCHIVE = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

type Listing = 'direct' | 'inherited';

/** The example's seed, edited; `inherited`: with `project_listing: inherited` at the top of the file. */
async function start(listing: Listing = 'direct', edit?: (state: EmulatorStateInput) => void) {
  let path = SEED;
  if (listing === 'inherited') {
    path = join(tempDir('rolesync-seed-'), 'seed.yaml');
    writeFileSync(path, `project_listing: inherited\n${readFileSync(SEED, 'utf8')}`);
  }
  const state = loadStateFile(path);
  edit?.(state);
  const started = await seededEmulator({ state });
  emu = started.emu;
  return { emu: started.emu, env: started.env };
}

const journal = () => ['--journal', join(tempDir('rolesync-journal-'), 'journal.jsonl')];
const nonGets = (e: Emulator) => e.log.filter((entry) => entry.method !== 'GET');
const marketing = (state: EmulatorStateInput) => state.accounts[0]!.workspaces!.find((w) => w.name === 'Marketing')!;

describe('projects through rolesync against the emulator', () => {
  it("plans the example's project changes, grants first, with the contract's fields; apply converges", async () => {
    const { emu, env } = await start();
    const archiveBefore = emu.state.projectUsers(ACME, INTERNAL_ARCHIVE);
    const planFile = join(tempDir('rolesync-plan-'), 'plan.json');
    const planned = await rolesync(['plan', 'examples/acme/', '--out', planFile, '--detailed-exitcode'], env);
    expect(planned.code).toBe(2);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
    expect(plan.changes).toHaveLength(EXAMPLE_CHANGES);

    const id = (email: string) => emu.state.user(email)!.id!;
    const at = (projectId: string, projectName: string) => ({
      account_id: ACME,
      workspace_id: MARKETING,
      workspace_name: 'Marketing',
      project_id: projectId,
      project_name: projectName,
    });
    const grant = (projectId: string, projectName: string, email: string, to: string) => ({
      action: 'set_project_role',
      ...at(projectId, projectName),
      user_id: id(email),
      email,
      from: null,
      to,
    });
    // As the manifest's comments say: Board Cut's two grants and its restriction; Spring Campaign's
    // freelancer and bob added, wen.lopez removed (ana.berg's grant below her workspace role stays,
    // carol's viewer is a note). Sorted by phase, then project name.
    expect(plan.changes.filter((c) => 'project_id' in c)).toEqual([
      grant(BOARD_CUT, 'Board Cut', 'felix.berg@acme.test', 'editor'),
      grant(BOARD_CUT, 'Board Cut', 'kira.berg@acme.test', 'full_access'),
      grant(SPRING_CAMPAIGN, 'Spring Campaign', 'bob@acme.test', 'editor'),
      grant(SPRING_CAMPAIGN, 'Spring Campaign', 'xavi.lopez@acme.test', 'editor'),
      { action: 'set_project_restricted', ...at(BOARD_CUT, 'Board Cut'), from: false, to: true },
      {
        action: 'remove_project_user',
        ...at(SPRING_CAMPAIGN, 'Spring Campaign'),
        user_id: id('wen.lopez@acme.test'),
        email: 'wen.lopez@acme.test',
        from: 'commenter',
        to: null,
      },
    ]);
    // Lock-out safe: every grant of the plan before the restriction and every removal.
    const index = (action: string) => plan.changes.flatMap((c, i) => (c.action === action ? [i] : []));
    const lastGrant = Math.max(...index('set_project_role'), ...index('set_workspace_role'));
    const takeAways = [...index('set_project_restricted'), ...index('remove_project_user')];
    expect(Math.min(...takeAways, ...index('remove_workspace_user'))).toBeGreaterThan(lastGrant);

    // Who loses sight of Board Cut: Marketing's members after this plan, admins aside, without a grant there.
    const after = new Set(
      Object.entries(emu.state.workspaceUsers(ACME, MARKETING))
        .filter(([, role]) => role !== 'admin' && role !== 'owner')
        .map(([email]) => email),
    );
    for (const c of plan.changes) {
      if (c.action === 'set_workspace_role' && c.workspace_id === MARKETING) after.add(c.email);
      if (c.action === 'remove_workspace_user' && c.workspace_id === MARKETING) after.delete(c.email);
      if (c.action === 'set_project_role' && c.project_id === BOARD_CUT) after.delete(c.email);
    }
    const notes = plan.notes.filter((n) => n.project_id !== undefined);
    expect(notes.map((n) => `${n.kind} ${n.project_name} ${n.email ?? ''}`)).toEqual([
      `project_restriction_hides Board Cut `,
      'grant_no_effect Spring Campaign carol@acme.test',
    ]);
    expect(notes[0]!.message).toContain(`takes it away from ${after.size} workspace members`);
    // The warning names both roles: what the workspace gives and what the manifest asked for.
    expect(notes[1]!.message).toMatch(
      /carol@acme\.test gets full_access in project "Spring Campaign" \(Marketing\) from the workspace, so the manifest's viewer at \S+marketing\.yaml:\d+:\d+ has no effect and is not written/,
    );
    expect(nonGets(emu)).toEqual([]);

    const applied = await rolesync(['apply', 'examples/acme/', '--plan', planFile, '--yes'], env);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Apply: ${EXAMPLE_CHANGES} applied.`);
    expect(applied.stdout).toContain('Verified: live state now matches the manifest.');
    expect(emu.state.projects(ACME, MARKETING).find((p) => p.id === BOARD_CUT)!.restricted).toBe(true);
    expect(emu.state.projectUsers(ACME, BOARD_CUT)).toEqual({
      'felix.berg@acme.test': 'editor',
      'kira.berg@acme.test': 'full_access',
    });
    expect(emu.state.projectUsers(ACME, SPRING_CAMPAIGN)).toEqual({
      'ana.berg@acme.test': 'editor',
      'ana.lopez@acme.test': 'editor',
      'ben.lopez@acme.test': 'commenter',
      'bob@acme.test': 'editor',
      'chloe.lopez@acme.test': 'viewer',
      'xavi.lopez@acme.test': 'editor',
    });
    // The unlisted project: untouched, and never so much as read.
    expect(emu.state.projectUsers(ACME, INTERNAL_ARCHIVE)).toEqual(archiveBefore);
    expect(emu.log.filter((e) => e.path.includes(INTERNAL_ARCHIVE))).toEqual([]);

    const again = await rolesync(['plan', 'examples/acme/', '--detailed-exitcode'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes. Live state matches the manifest.');
    const drift = await rolesync(['drift', 'examples/acme/'], env);
    expect(drift.code).toBe(0);
    expect(drift.stdout).toContain('In sync: live state matches the manifest.');
  });

  it.each<Listing>(['direct', 'inherited'])(
    'reads no more than it must (%s listing): one projects listing where projects are listed, one users listing per page of each listed project',
    async (listing) => {
      // 120 more direct grants on Board Cut, of account members outside Marketing: its users take two pages.
      const { emu, env } = await start(listing, (state) => {
        const ws = marketing(state);
        const outside = Object.keys(state.accounts[0]!.users ?? {}).filter(
          (email) => state.accounts[0]!.users![email] === 'member' && !(email in (ws.users ?? {})),
        );
        const boardCut = ws.projects!.find((p) => p.id === BOARD_CUT)!;
        boardCut.users = Object.fromEntries(outside.slice(0, 120).map((email) => [email, 'viewer']));
      });
      expect(Object.keys(emu.state.projectUsers(ACME, BOARD_CUT))).toHaveLength(120);
      const result = await rolesync(['plan', 'examples/acme/'], env);
      expect(result.code).toBe(0);

      // What each listing shows: direct grants only, or also whoever can open the project.
      const rows = (project: string): number => {
        const shown = new Set(Object.keys(emu.state.projectUsers(ACME, project)));
        if (listing === 'inherited') {
          for (const [email, role] of Object.entries(emu.state.accountUsers(ACME)))
            if (role === 'admin' || role === 'owner') shown.add(email);
          const restricted = emu.state.projects(ACME, MARKETING).find((p) => p.id === project)!.restricted;
          if (!restricted) for (const email of Object.keys(emu.state.workspaceUsers(ACME, MARKETING))) shown.add(email);
        }
        return shown.size;
      };
      const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
      const base = `/v4/accounts/${ACME}`;
      const made: Record<string, number> = {};
      for (const e of emu.log)
        if (e.operation?.startsWith('project'))
          made[`${e.operation} ${e.path}`] = (made[`${e.operation} ${e.path}`] ?? 0) + 1;
      // Only Marketing lists projects (Color and Editorial list none); Internal Archive is not listed.
      expect(made).toEqual({
        [`projects.index ${base}/workspaces/${MARKETING}/projects`]: pages(emu.state.projects(ACME, MARKETING).length),
        [`project_user_roles.index ${base}/projects/${SPRING_CAMPAIGN}/users`]: pages(rows(SPRING_CAMPAIGN)),
        [`project_user_roles.index ${base}/projects/${BOARD_CUT}/users`]: pages(rows(BOARD_CUT)),
      });
      expect(pages(rows(BOARD_CUT))).toBeGreaterThan(1);
      const users = emu.log.filter((e) => e.operation === 'project_user_roles.index');
      expect(users.every((e) => e.query['include_deactivated'] === 'true' && e.status === 200)).toBe(true);
      const listings = emu.log.filter(
        (e) => e.operation === 'projects.index' || e.operation === 'project_user_roles.index',
      );
      expect(listings.every((e) => e.query['page_size'] === '100')).toBe(true);
    },
  );

  it('plans the same JSON whichever way the emulator lists project users', async () => {
    const direct = await start('direct');
    const one = await rolesync(['plan', 'examples/acme/', '--format', 'json'], direct.env);
    await direct.emu.close();
    emu = undefined;
    const inherited = await start('inherited');
    const two = await rolesync(['plan', 'examples/acme/', '--format', 'json'], inherited.env);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect((JSON.parse(one.stdout) as Plan).changes).toHaveLength(EXAMPLE_CHANGES);
    expect(two.stdout).toBe(one.stdout);
  });

  // Board Cut is still open when its grants run, and the planner read it open: under the inherited
  // listing felix.berg's and kira.berg's rows are their workspace role (full_access), no direct grant.
  // (Once apply read it as restricted already: felix's grant went STALE, kira's "already so", and the
  // restriction took Board Cut from both.)
  it('applies the example under the inherited listing and converges: a second plan is empty', async () => {
    const { emu, env } = await start('inherited');
    const applied = await rolesync(['apply', 'examples/acme/', '--yes', ...journal()], env);
    expect(emu.state.projectUsers(ACME, BOARD_CUT)).toEqual({
      'felix.berg@acme.test': 'editor',
      'kira.berg@acme.test': 'full_access',
    });
    expect(applied.stdout).toContain(`Apply: ${EXAMPLE_CHANGES} applied.`);
    expect(applied.code).toBe(0);
    expect((await rolesync(['plan', 'examples/acme/', '--detailed-exitcode'], env)).code).toBe(0);
  });
});

describe('bad project input and odd live state: a clear message, and nothing written that the plan did not show', () => {
  it('names an unknown project with the nearest name, and a project listed under the wrong workspace with where it is', async () => {
    const { emu, env } = await start();
    const file = manifestFile(
      'workspaces:\n  Marketing:\n    projects:\n      Spring Campain:\n        users:\n' +
        '          xavi.lopez@acme.test: editor\n  Color:\n    projects:\n      Board Cut:\n        users:\n' +
        '          kira.berg@acme.test: editor\n',
    );
    const result = await rolesync(['apply', file, '--yes', ...journal()], env);
    expect(result.code).toBe(1);
    const account = `account ${ACME}`;
    expect(result.stderr).toContain(
      `${file}:7:7: error: project "Spring Campain" does not exist in workspace "Marketing" of ${account} ` +
        '(did you mean "Spring Campaign"?)',
    );
    expect(result.stderr).toContain(
      `${file}:12:7: error: project "Board Cut" is not in workspace "Color" of ${account} but in workspace ` +
        `"Marketing" (${MARKETING}); list it under that workspace, or check the name`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    expect(nonGets(emu)).toEqual([]);
  });

  it('refuses a name two projects of the workspace share until it is pinned by id', async () => {
    const twin = '0b7c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4';
    const { emu, env } = await start('direct', (state) => {
      marketing(state).projects!.push({ id: twin, name: 'Board Cut', users: { 'dave@acme.test': 'viewer' } });
    });
    const users = '        users:\n          bob@acme.test: editor\n'; // above his viewer in Marketing
    const file = manifestFile(`workspaces:\n  Marketing:\n    projects:\n      Board Cut:\n${users}`);
    const result = await rolesync(['apply', file, '--yes', ...journal()], env);
    expect(result.code).toBe(1);
    const [first, second] = [twin, BOARD_CUT].sort();
    expect(result.stderr).toContain(
      `${file}:7:7: error: project name "Board Cut" is ambiguous in workspace "Marketing" of account ${ACME}: ` +
        `2 projects have it (${first}, ${second}); pin it with id: ${first} or ${second}`,
    );
    // Neither project's users were read, nor anything written.
    expect(emu.log.filter((e) => e.operation === 'project_user_roles.index')).toEqual([]);
    expect(nonGets(emu)).toEqual([]);

    const pinned = manifestFile(
      `workspaces:\n  Marketing:\n    projects:\n      Board Cut:\n        id: ${BOARD_CUT}\n${users}`,
    );
    const plan = await rolesync(['plan', pinned, '--format', 'json', '--detailed-exitcode'], env);
    expect(plan.code).toBe(2);
    expect(
      (JSON.parse(plan.stdout) as Plan).changes.map((c) => `${c.action} ${'project_id' in c && c.project_id}`),
    ).toEqual([`set_project_role ${BOARD_CUT}`]);
  });

  it('names each project user who is not a user of the account, with a likely spelling', async () => {
    const { emu, env } = await start();
    const file = manifestFile(
      'workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n        users:\n' +
        '          xavi.lopez@acme.test: editor\n          nobody@acme.test: viewer\n' +
        '          xavi.lopes@acme.test: viewer\n',
    );
    const result = await rolesync(['apply', file, '--yes', ...journal()], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(2 errors)');
    expect(result.stderr).toContain(
      `${file}:10:11: error: nobody@acme.test is not a user of account ${ACME}; check the spelling or invite them in ` +
        'Frame.io first',
    );
    expect(result.stderr).toContain(
      `${file}:11:11: error: xavi.lopes@acme.test is not a user of account ${ACME} ` +
        '(did you mean xavi.lopez@acme.test?)',
    );
    expect(nonGets(emu)).toEqual([]);
  });

  it('reports the changes of a project deleted between plan and apply as stale, writes nothing to it, and exits 4', async () => {
    const { emu, env } = await start();
    const planFile = join(tempDir('rolesync-plan-'), 'plan.json');
    expect((await rolesync(['plan', 'examples/acme/', '--out', planFile], env)).code).toBe(0);
    emu.state.deleteProject(ACME, SPRING_CAMPAIGN); // deleted in the web app after the review
    const result = await rolesync(['apply', 'examples/acme/', '--plan', planFile, '--yes'], env);
    expect(result.code).toBe(4);
    const gone = '— the project Marketing / Spring Campaign no longer exists (deleted since the plan); not written';
    const stale = result.stdout.split('\n').filter((l) => l.startsWith('  STALE '));
    expect(stale.map((l) => l.replace(/^ {2}STALE\s+/, ''))).toEqual([
      `add bob@acme.test to Marketing / Spring Campaign as editor ${gone}`,
      `add xavi.lopez@acme.test to Marketing / Spring Campaign as editor ${gone}`,
      `remove wen.lopez@acme.test (commenter) from Marketing / Spring Campaign ${gone}`,
    ]);
    // Spring Campaign's three changes are stale, not failed; the rest of the plan went through.
    expect(result.stdout).toContain(`Apply: ${EXAMPLE_CHANGES - 3} applied, 3 stale.`);
    expect(result.stdout).not.toContain('FAILED');
    expect(nonGets(emu).filter((e) => e.path.includes(SPRING_CAMPAIGN))).toEqual([]);
    expect(emu.state.projects(ACME, MARKETING).find((p) => p.id === BOARD_CUT)!.restricted).toBe(true);
  });

  it('warns about a project grant at or below the workspace role, naming both roles, and never writes it', async () => {
    const { emu, env } = await start();
    // In the seed bob is a viewer of Marketing and carol an editor.
    const file = manifestFile(
      'workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n        users:\n' +
        '          bob@acme.test: viewer\n          carol@acme.test: commenter\n',
    );
    const plan = await rolesync(['plan', file, '--detailed-exitcode'], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes. Live state matches the manifest.');
    const effectless = (email: string, inherited: string, asked: string, line: number) =>
      `${email} gets ${inherited} in project "Spring Campaign" (Marketing) from the workspace, so the manifest's ` +
      `${asked} at ${file}:${line}:11 has no effect and is not written`;
    expect(plan.stdout).toContain(effectless('bob@acme.test', 'viewer', 'viewer', 9));
    expect(plan.stdout).toContain(effectless('carol@acme.test', 'editor', 'commenter', 10));
    const applied = await rolesync(['apply', file, '--yes', ...journal()], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('No changes');
    expect(nonGets(emu)).toEqual([]);
    expect(emu.state.getProjectRole(ACME, SPRING_CAMPAIGN, 'carol@acme.test')).toBeNull();
  });

  // bob's direct commenter grant is above his live viewer (a grant: commenter -> editor is planned),
  // but not above the commenter the same plan gives him in Marketing first: apply reads the row against
  // what the planner saw as well as against live now, so an untouched plan is never STALE.
  it('applies a project upgrade in the plan that raises the workspace role to the old grant', async () => {
    const { emu, env } = await start('direct', (state) => {
      marketing(state).projects!.find((p) => p.id === SPRING_CAMPAIGN)!.users!['bob@acme.test'] = 'commenter';
    });
    const file = manifestFile(
      'workspaces:\n  Marketing:\n    users:\n      bob@acme.test: commenter\n    projects:\n' +
        '      Spring Campaign:\n        users:\n          bob@acme.test: editor\n',
    );
    const planFile = join(tempDir('rolesync-plan-'), 'plan.json');
    const plan = await rolesync(['plan', file, '--out', planFile], env);
    expect(plan.stdout).toMatch(/~ bob@acme\.test\s+commenter → editor/);
    const applied = await rolesync(['apply', file, '--plan', planFile, '--yes'], env);
    expect(applied.stdout).toContain('Apply: 2 applied.');
    expect(applied.code).toBe(0);
    expect(emu.state.getProjectRole(ACME, SPRING_CAMPAIGN, 'bob@acme.test')).toBe('editor');
  });
});

describe('drift in projects', () => {
  async function applied() {
    const started = await start();
    expect((await rolesync(['apply', 'examples/acme/', '--yes', ...journal()], started.env)).code).toBe(0);
    expect((await rolesync(['drift', 'examples/acme/'], started.env)).code).toBe(0);
    return started;
  }

  it('finds a project grant changed by hand, names the project, and carries its fields in JSON', async () => {
    const { emu, env } = await applied();
    emu.state.setProjectRole(ACME, SPRING_CAMPAIGN, 'xavi.lopez@acme.test', 'viewer');
    const text = await rolesync(['drift', 'examples/acme/'], env);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`Project Marketing / Spring Campaign (${SPRING_CAMPAIGN})`);
    expect(text.stdout).toMatch(/! xavi\.lopez@acme\.test\s+role differs\s+live viewer, manifest editor/);
    expect(text.stdout).toContain('Drift: 1 difference');

    const json = await rolesync(['drift', 'examples/acme/', '--format', 'json'], env);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { drift: Record<string, unknown>[]; changes: Plan['changes'] };
    expect(report.drift).toEqual([
      expect.objectContaining({
        kind: 'role_differs',
        account_id: ACME,
        workspace_id: MARKETING,
        workspace_name: 'Marketing',
        project_id: SPRING_CAMPAIGN,
        project_name: 'Spring Campaign',
        email: 'xavi.lopez@acme.test',
        user_id: emu.state.user('xavi.lopez@acme.test')!.id,
        live: 'viewer',
        desired: 'editor',
        action: 'set_project_role',
        to: 'editor',
      }),
    ]);
    expect(report.changes).toEqual([
      expect.objectContaining({
        action: 'set_project_role',
        project_id: SPRING_CAMPAIGN,
        from: 'viewer',
        to: 'editor',
      }),
    ]);
    expect(nonGets(emu)).toHaveLength(EXAMPLE_CHANGES); // the apply's writes only
  });

  it("finds a project's restricted changed by hand, names the project, and carries its fields in JSON", async () => {
    const { emu, env } = await applied();
    emu.state.setProjectRestricted(ACME, BOARD_CUT, false);
    const text = await rolesync(['drift', 'examples/acme/'], env);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`Project Marketing / Board Cut (${BOARD_CUT})`);
    expect(text.stdout).toMatch(
      /! restricted\s+setting differs\s+live false, manifest true: apply would set restricted: true/,
    );

    const json = await rolesync(['drift', 'examples/acme/', '--format', 'json'], env);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { drift: Record<string, unknown>[] };
    expect(report.drift[0]).toEqual(
      expect.objectContaining({
        kind: 'setting_differs',
        account_id: ACME,
        workspace_id: MARKETING,
        workspace_name: 'Marketing',
        project_id: BOARD_CUT,
        project_name: 'Board Cut',
        setting: 'restricted',
        live: false,
        desired: true,
        action: 'set_project_restricted',
        to: true,
      }),
    );
    // Open again, Board Cut's grants are at or below their holders' workspace role (full_access): a
    // listing cannot tell them from access through the workspace, so they read as missing too.
    expect(report.drift.map((e) => `${e.kind} ${e.project_name} ${e.email ?? e.setting}`)).toEqual([
      'setting_differs Board Cut restricted',
      'missing_member Board Cut felix.berg@acme.test',
      'missing_member Board Cut kira.berg@acme.test',
    ]);
  });
});
