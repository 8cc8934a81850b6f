import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadStateFile } from '../../src/emulator/index.js';
import { FrameioClient } from '../../src/client/index.js';
import { ApiError } from '../../src/errors.js';
import { runApply, applyExitCode } from '../../src/usecase/apply.js';
import { renderApplyReport } from '../../src/render/index.js';
import { join } from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { isWrite, startGate, type Gate, type Passing } from '../support/gate.js';
import { tempDir } from '../support/tmp.js';
import { runCli } from './run.js';
import {
  ACME,
  BOARD_CUT,
  EXAMPLE_CHANGES,
  EXAMPLE_WRITES,
  MARKETING,
  SPRING_CAMPAIGN,
  manifestFile,
  seededEmulator,
  writes,
} from './setup.js';

let emu: Emulator | undefined;
let gate: Gate | undefined;
afterEach(async () => {
  await gate?.close();
  gate = undefined;
  await emu?.close();
  emu = undefined;
});

/**
 * The CLI's env pointed through a gate that interrupts (as Ctrl-C does) the moment the nth write is
 * answered, before apply can read on: no timer decides how far it got.
 */
async function interruptedAt(
  n: number,
  env: Record<string, string>,
): Promise<{ env: typeof env; signal: AbortSignal }> {
  const controller = new AbortController();
  let answered = 0;
  const onAnswer = (request: Passing) => isWrite(request) && ++answered === n && controller.abort();
  gate = await startGate(env.FRAMEIO_API_URL!, { onAnswer });
  return { env: { ...env, FRAMEIO_API_URL: gate.url }, signal: controller.signal };
}

const tempPlan = () => join(tempDir('rolesync-plan-'), 'plan.json');
/** `--journal` in a temp folder: without it (and without --plan) apply journals to .rolesync/ in the cwd, the repo. */
const journal = () => ['--journal', join(tempDir('rolesync-journal-'), 'journal.jsonl')];

describe('rolesync apply against the emulator', () => {
  it('applies the reviewed example plan, converges, and a second apply makes no write', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = tempPlan();
    expect((await runCli(['plan', 'examples/acme/', '--out', planFile], started.env)).code).toBe(0);
    const saved = JSON.parse(readFileSync(planFile, 'utf8'));
    expect(saved.saved.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(planFile, 'utf8')).not.toContain('fio-demo-admin-token');

    const applied = await runCli(['apply', 'examples/acme/', '--plan', planFile, '--yes'], started.env);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Apply: ${EXAMPLE_CHANGES} applied.`);
    expect(applied.stdout).toContain('Verified: live state now matches the manifest.');
    expect(applied.stdout).toContain(`API writes: ${EXAMPLE_WRITES}.`);
    expect(writes(emu)).toHaveLength(EXAMPLE_CHANGES);
    expect(new Set(writes(emu)).size).toBe(EXAMPLE_CHANGES);
    expect(emu.log.filter((e) => e.status === 429)).toEqual([]);
    expect(emu.state.getWorkspaceRole(ACME, MARKETING, 'kira.costa@acme.test')).toBe('viewer');
    expect(emu.state.getWorkspaceRole(ACME, MARKETING, 'frank@acme.test')).toBeNull();
    expect(emu.state.getAccountRole(ACME, 'erin@acme.test')).toBe('admin');
    expect(emu.state.getProjectRole(ACME, SPRING_CAMPAIGN, 'xavi.lopez@acme.test')).toBe('editor');
    expect(emu.state.getProjectRole(ACME, SPRING_CAMPAIGN, 'wen.lopez@acme.test')).toBeNull();
    expect(emu.state.projects(ACME, MARKETING).find((p) => p.id === BOARD_CUT)?.restricted).toBe(true);

    expect((await runCli(['plan', 'examples/acme/', '--detailed-exitcode'], started.env)).code).toBe(0);
    emu.clearLog();
    const again = await runCli(['apply', 'examples/acme/', '--yes', ...journal()], started.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('converges through injected 5xx answers, dropped connections and a 429 burst, with no change applied twice or lost', async () => {
    const started = await seededEmulator({ seed: 7 });
    emu = started.emu;
    emu.faults.failNext(2, 503, { method: 'PATCH' });
    emu.faults.dropNext(2, { method: 'PATCH' });
    emu.faults.failNext(1, 502, { method: 'DELETE' });
    emu.faults.rateLimitNext(3, { method: 'PATCH' });
    emu.faults.failNext(1, 500, { method: 'GET' });
    const result = await runCli(['apply', 'examples/acme/', '--yes', ...journal()], started.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Verified: live state now matches the manifest.');
    expect(emu.faults.pending()).toEqual([]); // every injected fault was met
    const done = writes(emu);
    expect(done).toHaveLength(EXAMPLE_CHANGES);
    expect(new Set(done).size).toBe(EXAMPLE_CHANGES);
    expect(emu.log.filter((e) => e.fault).length).toBeGreaterThanOrEqual(9);
  });

  it('skips a change whose role was changed by hand after the plan, reports it as stale, and exits 4', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = tempPlan();
    await runCli(['plan', 'examples/acme/', '--out', planFile], started.env);
    emu.state.setWorkspaceRole(ACME, MARKETING, 'bob@acme.test', 'editor'); // a hand edit in the web UI
    const result = await runCli(['apply', 'examples/acme/', '--plan', planFile, '--yes'], started.env);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(
      /STALE\s+bob@acme\.test in Marketing: viewer → commenter — the plan expected viewer, live has editor now/,
    );
    expect(result.stdout).toContain(`Apply: ${EXAMPLE_CHANGES - 1} applied, 1 stale.`);
    expect(emu.state.getWorkspaceRole(ACME, MARKETING, 'bob@acme.test')).toBe('editor');
    // No write to bob's workspace role; his Spring Campaign grant is another change, whose
    // precondition (no direct grant) still holds.
    const bobInMarketing = `/workspaces/${MARKETING}/users/${emu.state.user('bob@acme.test')!.id!}`;
    expect(writes(emu).filter((w) => w.includes(bobInMarketing))).toEqual([]);
    expect(emu.state.getProjectRole(ACME, SPRING_CAMPAIGN, 'bob@acme.test')).toBe('editor');
  });

  it('resumes an interrupted apply from its journal without repeating a call', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = tempPlan();
    await runCli(['plan', 'examples/acme/', '--out', planFile], started.env);
    const interrupted = await interruptedAt(3, started.env);
    const first = await runCli(
      ['apply', 'examples/acme/', '--plan', planFile, '--yes'],
      interrupted.env,
      interrupted.signal,
    );
    expect(first.code).toBe(130);
    expect(first.stdout).toContain(`continue with: rolesync apply examples/acme/ --plan ${planFile} --yes --resume`);
    const before = writes(emu);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(EXAMPLE_CHANGES);
    expect(existsSync(`${planFile}.journal`)).toBe(true);

    const resumed = await runCli(['apply', 'examples/acme/', '--plan', planFile, '--yes', '--resume'], started.env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('Verified: live state now matches the manifest.');
    const all = writes(emu);
    expect(all).toHaveLength(EXAMPLE_CHANGES);
    expect(new Set(all).size).toBe(EXAMPLE_CHANGES);
  });

  it('refuses with nothing changed: too many removals, fewer admins than min_admins, no terminal without --yes, a plan of another manifest', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const removals = manifestFile(
      'workspaces:\n  Marketing:\n    mode: authoritative\n    users:\n      bob@acme.test: viewer\n',
    );
    const tooMany = await runCli(['apply', removals, '--yes', ...journal()], started.env);
    expect(tooMany.code).toBe(3);
    expect(tooMany.stderr).toContain('apply refused by policy; nothing was changed');

    const admins = manifestFile(
      '  mode: authoritative\n  users:\n    alice@acme.test: admin\npolicy:\n  min_admins: 3\n',
    );
    const fewAdmins = await runCli(['apply', admins, '--yes', '--force', ...journal()], started.env);
    expect(fewAdmins.code).toBe(3);
    expect(fewAdmins.stdout).toMatch(/min_admins/);

    const noTty = await runCli(['apply', 'examples/acme/', ...journal()], started.env);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain('pass --yes');

    const planFile = tempPlan();
    await runCli(['plan', 'examples/acme/', '--out', planFile], started.env);
    const other = await runCli(['apply', 'examples/small.yaml', '--plan', planFile, '--yes'], started.env);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('was made from another manifest');

    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it("never demotes or removes the token's own user: the plan reports it instead", async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const self = manifestFile(
      '  mode: authoritative\n  users:\n    alice@acme.test: member\n    grace@acme.test: admin\n',
    );
    const result = await runCli(['apply', self, '--yes', ...journal()], started.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes');
    expect(emu.state.getAccountRole(ACME, 'alice@acme.test')).toBe('admin');
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
    const plan = await runCli(['plan', self], started.env);
    expect(plan.stdout).toMatch(/alice@acme\.test.*(token|own user|yourself)/i);
  });

  it('refuses a saved plan that was edited after it was saved', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = tempPlan();
    await runCli(['plan', 'examples/acme/', '--out', planFile], started.env);
    writeFileSync(planFile, readFileSync(planFile, 'utf8').replace('"to": "viewer"', '"to": "full_access"'));
    const result = await runCli(['apply', 'examples/acme/', '--plan', planFile, '--yes'], started.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('was changed after it was saved (checksum mismatch)');
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('lets --force lift max_removals, and only that', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const file = manifestFile(
      'workspaces:\n  Color:\n    mode: authoritative\n    users:\n      carol@acme.test: editor\n' +
        '      dave@acme.test: editor\n',
    );
    const members = Object.keys(emu.state.workspaceUsers(ACME, 'Color')).length;
    expect((await runCli(['apply', file, '--yes', ...journal()], started.env)).code).toBe(3);
    const forced = await runCli(['apply', file, '--yes', '--force', ...journal()], started.env);
    expect(forced.code).toBe(0);
    expect(writes(emu)).toHaveLength(members - 2);
    expect(Object.keys(emu.state.workspaceUsers(ACME, 'Color')).sort()).toEqual(['carol@acme.test', 'dave@acme.test']);
  });

  it('shows progress on stderr only when stderr is a terminal', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { code, stderr: progress } = await runCli(
      ['apply', 'examples/acme/', '--yes', ...journal()],
      started.env,
      undefined,
      { stderrIsTerminal: true },
    );
    expect(code).toBe(0);
    expect(progress).toContain(`Applying: ${EXAMPLE_CHANGES}/${EXAMPLE_CHANGES} changes`);
    expect(progress).toContain(`Applying: 1/${EXAMPLE_CHANGES} changes, 1/min, a few seconds left`);
  });

  it("guards the applying token's own user even when another token made the saved plan", async () => {
    const state = loadStateFile('examples/emulator-seed.yaml');
    state.tokens['grace-token'] = 'grace@acme.test'; // a second admin, e.g. CI's write token
    const started = await seededEmulator({ state });
    emu = started.emu;
    const planFile = tempPlan();
    // Authoritative account: every unlisted admin (grace) is demoted; alice plans it.
    const file = manifestFile(
      '  mode: authoritative\n  users:\n    alice@acme.test: admin\n    erin@acme.test: admin\n',
    );
    expect((await runCli(['plan', file, '--out', planFile], started.env)).code).toBe(0);
    const result = await runCli(['apply', file, '--plan', planFile, '--yes'], {
      ...started.env,
      FRAMEIO_TOKEN: 'grace-token',
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(
      /BLOCKED\s+account role of grace@acme\.test: admin → member — this is the token's own user/,
    );
    expect(emu.state.getAccountRole(ACME, 'grace@acme.test')).toBe('admin');
    expect(emu.state.getAccountRole(ACME, 'erin@acme.test')).toBe('admin');
  });

  it('refuses a blocked saved plan whose policy verdict was edited to pass', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = tempPlan();
    const file = manifestFile(
      'workspaces:\n  Marketing:\n    mode: authoritative\n    users:\n      bob@acme.test: viewer\n',
    );
    expect((await runCli(['plan', file, '--out', planFile], started.env)).code).toBe(3);
    const saved = JSON.parse(readFileSync(planFile, 'utf8'));
    saved.policy = { ok: true, violations: [] };
    writeFileSync(planFile, JSON.stringify(saved));
    const result = await runCli(['apply', file, '--plan', planFile, '--yes'], started.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('checksum mismatch');
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('reports the applied changes when the verifying read fails, with the exit code of the changes', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const real = new FrameioClient({ baseUrl: emu.url, token: 'fio-demo-admin-token', retry: { maxRetries: 0 } });
    let mes = 0;
    // The second /v4/me is the verifying plan's: it fails as a network outage would.
    const client = {
      baseUrl: real.baseUrl,
      me: async () => {
        mes += 1;
        if (mes === 2) throw new ApiError('GET', '/v4/me', 503, 'unavailable');
        return real.me();
      },
      listAccounts: () => real.listAccounts(),
      listAccountUsers: (a: string, o: { includeDeactivated: boolean }) => real.listAccountUsers(a, o),
      listWorkspaces: (a: string) => real.listWorkspaces(a),
      listWorkspaceUsers: (a: string, w: string, o: { includeDeactivated: boolean }) =>
        real.listWorkspaceUsers(a, w, o),
      setAccountRole: (a: string, u: string, r: 'admin' | 'member') => real.setAccountRole(a, u, r),
      setWorkspaceRole: (a: string, w: string, u: string, r: Parameters<FrameioClient['setWorkspaceRole']>[3]) =>
        real.setWorkspaceRole(a, w, u, r),
      removeWorkspaceUser: (a: string, w: string, u: string) => real.removeWorkspaceUser(a, w, u),
      createGroup: (a: string, n: string, e: string) => real.createGroup(a, n, e),
      addGroupMembers: (a: string, g: string, u: readonly string[]) => real.addGroupMembers(a, g, u),
      removeGroupMember: (a: string, g: string, u: string) => real.removeGroupMember(a, g, u),
      setWorkspaceGroupRole: (
        a: string,
        w: string,
        g: string,
        r: Parameters<FrameioClient['setWorkspaceGroupRole']>[3],
      ) => real.setWorkspaceGroupRole(a, w, g, r),
      removeWorkspaceGroup: (a: string, w: string, g: string) => real.removeWorkspaceGroup(a, w, g),
      setProjectGroupRole: (a: string, p: string, g: string, r: Parameters<FrameioClient['setProjectGroupRole']>[3]) =>
        real.setProjectGroupRole(a, p, g, r),
      removeProjectGroup: (a: string, p: string, g: string) => real.removeProjectGroup(a, p, g),
      listProjects: (a: string, w: string) => real.listProjects(a, w),
      showProject: (a: string, p: string) => real.showProject(a, p),
      listProjectUsers: (a: string, p: string, o?: { includeDeactivated?: boolean }) => real.listProjectUsers(a, p, o),
      setProjectRole: (a: string, p: string, u: string, r: Parameters<FrameioClient['setProjectRole']>[3]) =>
        real.setProjectRole(a, p, u, r),
      removeProjectUser: (a: string, p: string, u: string) => real.removeProjectUser(a, p, u),
      setProjectRestricted: (a: string, p: string, r: boolean) => real.setProjectRestricted(a, p, r),
      listGroups: (a: string) => real.listGroups(a),
      showGroup: (a: string, g: string) => real.showGroup(a, g),
      listGroupMembers: (a: string, g: string) => real.listGroupMembers(a, g),
      listWorkspaceGroups: (a: string, w: string) => real.listWorkspaceGroups(a, w),
      listProjectGroups: (a: string, p: string) => real.listProjectGroups(a, p),
    };
    const journalFile = join(tempDir('rolesync-verify-'), 'journal.jsonl');
    const outcome = await runApply(
      { path: 'examples/acme/', yes: true, force: false, resume: false, journalFile },
      { client },
    );
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.verifyError).toBe('GET /v4/me failed: HTTP 503: unavailable');
    expect(applyExitCode(outcome)).toBe(0);
    expect(renderApplyReport(outcome.report, outcome.verify, outcome.journal, outcome.verifyError)).toContain(
      `Apply: ${EXAMPLE_CHANGES} applied.`,
    );
    expect(writes(emu)).toHaveLength(EXAMPLE_CHANGES);
  });

  it('writes a saved plan into a folder that does not exist yet', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = join(tempDir('rolesync-nested-'), 'plans', 'pr-12', 'plan.json');
    expect((await runCli(['plan', 'examples/acme/', '--out', planFile], started.env)).code).toBe(0);
    expect(JSON.parse(readFileSync(planFile, 'utf8')).changes).toHaveLength(EXAMPLE_CHANGES);
  });

  it('plans and applies with --yes reading each list once before the writes (the plan is the precondition snapshot), and once to verify', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const result = await runCli(['apply', 'examples/acme/', '--yes', ...journal()], started.env);
    expect(result.code).toBe(0);
    const firstWrite = emu.log.findIndex((e) => e.method !== 'GET');
    const lastWrite = emu.log.length - 1 - [...emu.log].reverse().findIndex((e) => e.method !== 'GET');
    const LISTS = ['workspace_user_roles.index', 'projects.index', 'project_user_roles.index'];
    const lists = (from: number, to?: number) => {
      const counted: Record<string, number> = {};
      for (const { operation: op } of emu!.log.slice(from, to))
        if (op && LISTS.includes(op)) counted[op] = (counted[op] ?? 0) + 1;
      return counted;
    };
    const between = emu.log.slice(firstWrite, lastWrite + 1).filter((e) => e.method === 'GET');
    // Marketing (40 members), Editorial (123) and Color (22): 1 + 2 + 1 pages; Marketing's projects
    // once, and the users of its two listed projects (a handful of direct grants each) once each.
    const once = { 'workspace_user_roles.index': 4, 'projects.index': 1, 'project_user_roles.index': 2 };
    expect(lists(0, firstWrite)).toEqual(once);
    expect(between).toEqual([]);
    expect(lists(lastWrite + 1)).toEqual(once);
  });

  it('after an interruption without a saved plan, says to run the same command again, which does only what is left', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const interrupted = await interruptedAt(2, started.env);
    const first = await runCli(['apply', 'examples/acme/', '--yes', ...journal()], interrupted.env, interrupted.signal);
    expect(first.code).toBe(130);
    expect(first.stdout).toContain('run the same command again: it plans afresh and does only what is left');
    const done = writes(emu).length;
    expect(done).toBeLessThan(EXAMPLE_CHANGES);
    // Board Cut's grants (kira.berg and felix.berg) are at or below their workspace role, so while
    // the project is still open they read as no grant: a listing that shows inherited access would
    // show the very same rows, so no read can tell a grant the first run made from inherited access.
    // The new plan grants them again, an upsert of the same role: the one call that may repeat.
    const boardCut = emu.state.projects(ACME, MARKETING).find((p) => p.id === BOARD_CUT)!;
    const regranted = boardCut.restricted ? 0 : Object.keys(emu.state.projectUsers(ACME, BOARD_CUT)).length;
    const again = await runCli(['apply', 'examples/acme/', '--yes', ...journal()], started.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Apply: ${EXAMPLE_CHANGES - done + regranted} applied.`);
    expect(writes(emu)).toHaveLength(EXAMPLE_CHANGES + regranted);
    expect(new Set(writes(emu)).size).toBe(EXAMPLE_CHANGES);
  });

  it('says in words why a saved plan cannot be read', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const missing = await runCli(['apply', 'examples/acme/', '--plan', 'no-such-plan.json', '--yes'], started.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('rolesync: cannot read the saved plan no-such-plan.json: no such file or directory\n');
    const folder = await runCli(['apply', 'examples/acme/', '--plan', 'examples', '--yes'], started.env);
    expect(folder.stderr).toBe('rolesync: cannot read the saved plan examples: is a directory\n');
  });

  it('keeps the account names of the reviewed plan, to show it again at apply time as it was reviewed', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = tempPlan();
    await runCli(['plan', 'examples/acme/', '--out', planFile], started.env);
    expect(JSON.parse(readFileSync(planFile, 'utf8')).saved.account_names).toEqual({ [ACME]: 'Acme Post' });
    const client = new FrameioClient({ baseUrl: emu.url, token: 'fio-demo-admin-token' });
    let shown: Record<string, string> | undefined;
    const outcome = await runApply(
      { path: 'examples/acme/', planFile, yes: false, force: false, resume: false },
      {
        client,
        confirm: async (_plan, names) => {
          shown = names;
          return false;
        },
      },
    );
    expect(outcome.kind).toBe('declined');
    expect(shown).toEqual({ [ACME]: 'Acme Post' });
    expect(outcome.accountNames).toEqual({ [ACME]: 'Acme Post' });
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('never re-grants someone who left the account or was deactivated since the plan: stale, no call, exit 4', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const planFile = join(tempDir(), 'plan.json');
    expect((await runCli(['plan', 'examples/acme/', '--out', planFile], started.env)).code).toBe(0);
    // The plan adds both; then one leaves the account and the other is deactivated.
    emu.state.setAccountRole(ACME, 'kira.costa@acme.test', null);
    emu.state.setUserActive('ana.moreau@acme.test', false);
    const result = await runCli(['apply', 'examples/acme/', '--plan', planFile, '--yes'], started.env);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(
      /STALE\s+add kira\.costa@acme\.test to Marketing as viewer — kira\.costa@acme\.test is no longer a user of the account/,
    );
    expect(result.stdout).toMatch(
      /STALE\s+add ana\.moreau@acme\.test to Editorial as editor — ana\.moreau@acme\.test has been deactivated since the plan/,
    );
    expect(result.stdout).toContain(`Apply: ${EXAMPLE_CHANGES - 2} applied, 2 stale.`);
    const ids = ['kira.costa@acme.test', 'ana.moreau@acme.test'].map((email) => emu!.state.user(email)!.id!);
    expect(emu.log.filter((e) => e.method !== 'GET' && ids.some((id) => e.path.includes(id)))).toEqual([]);
    expect(emu.state.getAccountRole(ACME, 'kira.costa@acme.test')).toBeNull();
    expect(emu.state.getWorkspaceRole(ACME, 'Editorial', 'ana.moreau@acme.test')).toBeNull();
  });

  it('counts in "API writes" only the writes the API accepted', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    // A workspace removal (frank's, the first): the project removal's DELETE runs in a lane of its own.
    emu.faults.failNext(1, 409, { method: 'DELETE', path: /\/workspaces\// });
    const result = await runCli(
      ['apply', 'examples/acme/', '--yes', '--journal', join(tempDir(), 'journal.jsonl')],
      started.env,
    );
    expect(result.code).toBe(4);
    expect(result.stdout).toContain(`Apply: ${EXAMPLE_CHANGES - 1} applied, 1 failed.`);
    expect(result.stdout).toContain(`API writes: ${EXAMPLE_WRITES.replace('3 removals', '2 removals')}.`);
  });
});
