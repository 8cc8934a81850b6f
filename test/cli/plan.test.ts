import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/types.js';
import { createServer, type AddressInfo } from 'node:net';
import { tempDir } from '../support/tmp.js';
import { runCli } from './run.js';
import { ACME, EXAMPLE_CHANGES, MARKETING, TOKEN, manifestFile, seededEmulator } from './setup.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** A change as a short line: what a reviewer checks. */
const line = (c: Plan['changes'][number]) =>
  c.action === 'set_account_role'
    ? `account ${c.email} ${c.from}->${c.to}`
    : c.action === 'set_project_restricted'
      ? `${c.workspace_name} / ${c.project_name} restricted ${c.from}->${c.to}`
      : 'group_name' in c
        ? `${c.action} ${c.group_name} ${c.from}->${c.to}`
        : `${c.workspace_name}${'project_id' in c ? ` / ${c.project_name}` : ''} ${c.email} ${c.from}->${c.to}`;

describe('rolesync plan against the emulator', () => {
  it('plans the example manifest into exactly the changes its comments describe, in lock-out-safe order', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const result = await runCli(['plan', 'examples/acme/', '--format', 'json', '--detailed-exitcode'], started.env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    const plan = JSON.parse(result.stdout) as Plan;
    expect(plan.changes.map(line)).toEqual([
      'account erin@acme.test member->admin',
      'Color carol@acme.test editor->full_access',
      'Color dave@acme.test editor->full_access',
      'Editorial ana.moreau@acme.test null->editor',
      'Editorial ben.moreau@acme.test null->commenter',
      'Marketing bob@acme.test viewer->commenter',
      'Marketing carol@acme.test editor->full_access',
      'Marketing dave@acme.test null->editor',
      'Marketing elena.berg@acme.test viewer->editor',
      'Marketing kira.costa@acme.test null->viewer',
      // Project grants after the workspace's own, before any removal.
      'Marketing / Board Cut felix.berg@acme.test null->editor',
      'Marketing / Board Cut kira.berg@acme.test null->full_access',
      'Marketing / Spring Campaign bob@acme.test null->editor',
      'Marketing / Spring Campaign xavi.lopez@acme.test null->editor',
      'Marketing frank@acme.test commenter->null',
      'Marketing jonas.costa@acme.test full_access->null',
      'Marketing tara.berg@acme.test viewer->null',
      // Restricting takes access away: with the removals, after Board Cut's grants.
      'Marketing / Board Cut restricted false->true',
      'Marketing / Spring Campaign wen.lopez@acme.test commenter->null',
    ]);
    // Every user id in the plan is the emulator's id for that email.
    for (const c of plan.changes) if ('user_id' in c) expect(c.user_id).toBe(emu.state.user(c.email)!.id);
    // Adds: 4 to workspaces, 4 to projects; changes: 6 roles and Board Cut's restricted; removals: 3 + wen.lopez.
    expect(plan.summary).toEqual({ add: 8, change: 7, remove: 4, total: EXAMPLE_CHANGES });
    expect(plan.policy.ok).toBe(true);
    // Planning writes nothing.
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('makes exactly the minimum of list calls: one per 100 members per managed workspace and listed project, one projects listing where projects are listed, plus the account listings and /v4/me', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const result = await runCli(['plan', 'examples/acme/'], started.env);
    expect(result.code).toBe(0);
    const managed = ['Marketing', 'Editorial', 'Color'];
    const ids = emu.state.workspaces(ACME).filter((w) => managed.includes(w.name));
    expect(ids).toHaveLength(3);
    const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
    const expected: Record<string, number> = {
      'users.show': 1,
      'accounts.index': 1, // the manifest names the account, so its live name is compared
      'account_user_roles.index': pages(Object.keys(emu.state.accountUsers(ACME)).length),
      'workspaces.index': pages(emu.state.workspaces(ACME).length),
      'workspace_user_roles.index': ids.reduce(
        (n, w) => n + pages(Object.keys(started.emu.state.workspaceUsers(ACME, w.id)).length),
        0,
      ),
      // Only Marketing lists projects; of its three, Internal Archive is not listed, so never read.
      'projects.index': pages(emu.state.projects(ACME, MARKETING).length),
      'project_user_roles.index': ['Spring Campaign', 'Board Cut'].reduce(
        (n, p) => n + pages(Object.keys(started.emu.state.projectUsers(ACME, p)).length),
        0,
      ),
    };
    const made: Record<string, number> = {};
    for (const e of emu.log) made[e.operation ?? e.path] = (made[e.operation ?? e.path] ?? 0) + 1;
    expect(made).toEqual(expected);
    expect(emu.log.every((e) => e.status === 200)).toBe(true);
    const listings = ['workspace_user_roles.index', 'projects.index', 'project_user_roles.index'];
    expect(
      emu.log.filter((e) => listings.includes(e.operation ?? '')).every((e) => e.query['page_size'] === '100'),
    ).toBe(true);
  });

  it('says "no changes" and exits 0 with --detailed-exitcode when the manifest equals live state', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const members = emu.state.workspaceUsers(ACME, MARKETING);
    const listed = Object.entries(members)
      .filter(([, role]) => role !== 'admin' && role !== 'owner')
      .map(([email, role]) => `      ${email}: ${role}`)
      .join('\n');
    const file = manifestFile(`workspaces:\n  Marketing:\n    mode: authoritative\n    users:\n${listed}\n`);
    const result = await runCli(['plan', file, '--detailed-exitcode'], started.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No changes. Live state matches the manifest.');
  });

  it('renders Markdown for a pull request and a role diff for reviewers', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const md = await runCli(['plan', 'examples/acme/', '--format', 'markdown'], started.env);
    expect(md.code).toBe(0);
    expect(md.stdout.split('\n')[0]).toBe('<!-- rolesync-plan -->');
    expect(md.stdout).toContain('kira.costa@acme.test');
    const diff = await runCli(['plan', 'examples/acme/', '--diff'], started.env);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/^-frank@acme\.test: commenter$/m);
    expect(diff.stdout).toMatch(/^\+kira\.costa@acme\.test: viewer$/m);
  });

  it('exits 3 and shows why when the plan breaks policy, and 1 with method, path and status on an API error', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const file = manifestFile(
      'workspaces:\n  Marketing:\n    mode: authoritative\n    users:\n      bob@acme.test: viewer\n',
    );
    const blocked = await runCli(['plan', file], started.env);
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toMatch(/Marketing: \d+ removals of \d+ members .* exceed max_removals 25%/);

    const denied = await runCli(['plan', 'examples/acme/'], {
      ...started.env,
      FRAMEIO_TOKEN: 'not-a-token-0123456789',
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/GET \/v4\/\S+ failed: HTTP 401/);
    expect(denied.stderr).not.toContain('not-a-token-0123456789');
    expect(denied.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('names every unknown email and workspace with file:line:col, and changes nothing', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const file = manifestFile(
      'workspaces:\n  Marketting:\n    users:\n      carl@acme.test: viewer\n  Color:\n    users:\n' +
        '      nobody@acme.test: editor\n',
    );
    const result = await runCli(['plan', file], started.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:5:3`); // Marketting
    expect(result.stderr).toContain(`${file}:10:7`); // nobody@acme.test
    expect(result.stderr).toContain('Marketting');
    expect(result.stderr).toContain('nobody@acme.test');
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
    expect(TOKEN).toBeTruthy();
  });

  it('fails the whole plan when a page cannot be read, and saves no plan from a partial live state', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    // More failures of one listing than the client's bounded retries absorb.
    emu.faults.failNext(20, 503, { method: 'GET', path: /\/users$/ });
    const planFile = join(tempDir('rolesync-partial-'), 'plan.json');
    const result = await runCli(['plan', 'examples/acme/', '--out', planFile], started.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GET \/v4\/accounts\/\S+\/users failed: HTTP 503/);
    expect(existsSync(planFile)).toBe(false);
  }, 120_000);

  it('names the manifest place of an account id the token cannot see', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const dir = tempDir('rolesync-acct-');
    const file = join(dir, 'other.yaml');
    writeFileSync(
      file,
      'version: 1\naccount:\n  id: 0f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e11\n  users:\n    alice@acme.test: admin\n',
    );
    const result = await runCli(['plan', file], started.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:2:1`);
    expect(result.stderr).toMatch(
      /account 0f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e11 is not one this token can manage \(GET \/v4\/accounts\/0f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e11\/\S+: HTTP 404/,
    );
  });

  it('counts its reads on stderr while it works, only when stderr is a terminal, and wipes the line', async () => {
    const started = await seededEmulator();
    emu = started.emu;
    const { code, stderr: progress } = await runCli(['plan', 'examples/acme/'], started.env, undefined, {
      stderrIsTerminal: true,
    });
    expect(code).toBe(0);
    const calls = emu.log.length;
    expect(progress).toContain(`\rReading live state from Frame.io: 1 call`.replace('\r', '\r\x1b[K'));
    expect(progress).toContain(`Reading live state from Frame.io: ${calls} calls`);
    expect(progress.endsWith('\r\x1b[K')).toBe(true);
    // Without a terminal: nothing on stderr (the other tests check it stays empty).
    const plain = await runCli(['plan', 'examples/acme/'], started.env);
    expect(plain.stderr).toBe('');
  });

  it('says where it tried and what to check when nothing answers, after one quick retry', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await runCli(['plan', 'examples/acme/'], {
      FRAMEIO_API_URL: `http://127.0.0.1:${port}`,
      FRAMEIO_TOKEN: 'tok-123456',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`failed: no answer: connection refused by 127.0.0.1:${port}, after 2 attempts`);
    expect(result.stderr).toContain(
      `Check FRAMEIO_API_URL (http://127.0.0.1:${port}) and that the API, or 'rolesync emulator', is running there.`,
    );
    expect(result.stderr).not.toContain('tok-123456');
  });
});
