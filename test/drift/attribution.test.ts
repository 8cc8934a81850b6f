// Drift attribution end to end: hand edits made through the emulator's control request (as another
// user, at a given time); `rolesync drift` names the editor and time of each, within the stated number
// of audit-log calls (counted from the emulator's request log); --no-attribution makes none; a token
// without audit-log access gets drift without attribution, said once.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTRIBUTION_MAX_CALLS, attributeDrift, type DriftEntry } from '../../src/drift/index.js';
import { FrameioClient } from '../../src/client/index.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { ACME, emulator, runCli, SEED, tempDir, TOKEN } from './cli.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const USER = {
  alice: 'afb91efe-db4d-424a-aeee-00adcd6059e8',
  grace: '90ffb4c6-f77c-4966-b2da-de97b9c5d8ed',
  owner: 'f3f56ea2-4a63-4ba9-bfd3-015356b19ef4',
};
const SPRING = 'Spring Campaign';

async function handEdit(e: Emulator, asUser: string, at: number, change: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${e.url}/_emulator/hand_edits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: ACME, as_user: asUser, at: new Date(at).toISOString(), change }),
  });
  expect(res.status, await res.text()).toBe(200);
}

const auditCalls = (e: Emulator) => e.log.filter((x) => x.operation === 'auditlog.index');

/** The manifest of the seed's live state (projects and groups too), and the emulator it came from. */
async function exported(clockOffset = 0): Promise<{ env: Record<string, string>; manifest: string }> {
  const started = await emulator();
  emu = started.emu;
  if (clockOffset !== 0) {
    // The same seed on an emulator whose clock runs `clockOffset` behind: its API writes are that old.
    await emu.close();
    emu = await startEmulator({ state: SEED, port: 0, timeScale: 600, now: () => Date.now() - clockOffset });
    started.env.FRAMEIO_API_URL = emu.url;
  }
  const manifest = join(tempDir(), 'acme.yaml');
  const done = await runCli(['export', '--account', ACME, '--projects', '--groups', '--out', manifest], started.env);
  expect(done.code, done.stderr).toBe(0);
  return { env: started.env, manifest };
}

describe('drift attribution', () => {
  it('names the editor and time of each hand edit, within the stated number of audit-log calls', async () => {
    // The emulator's clock 5 days behind: its API writes happen before the hand edits below.
    const { env, manifest } = await exported(5 * DAY);
    const e = emu!;
    // Whole minutes some days back: each edit's time is exact, and inside the 30 days looked at.
    const base = Math.floor(Date.now() / MINUTE) * MINUTE - 4 * DAY;
    // Bob's Marketing role: first set through the API (by alice, the token's user), later by Grace by hand.
    const bob = e.state.user('bob@acme.test')!.id!;
    const marketing = e.state.workspaces(ACME).find((w) => w.name === 'Marketing')!.id;
    const patch = await fetch(`${e.url}/v4/accounts/${ACME}/workspaces/${marketing}/users/${bob}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { role: 'viewer' } }),
    });
    expect(patch.status).toBe(200);
    await handEdit(e, 'grace@acme.test', base + 9 * HOUR, {
      type: 'workspace_role',
      workspace: 'Marketing',
      user: 'bob@acme.test',
      role: 'editor',
    });
    await handEdit(e, 'grace@acme.test', base + DAY, {
      type: 'workspace_role',
      workspace: 'Color',
      user: 'frank@acme.test',
      role: 'viewer',
    });
    await handEdit(e, 'owner@acme.test', base + 2 * DAY + 30 * MINUTE, {
      type: 'workspace_role',
      workspace: 'Sound',
      user: 'erin@acme.test',
      role: null,
    });
    await handEdit(e, 'alice@acme.test', base + 3 * DAY, {
      type: 'account_role',
      user: 'grace@acme.test',
      role: 'member',
    });
    await handEdit(e, 'owner@acme.test', base + 3 * DAY + HOUR, {
      type: 'project_restricted',
      project: SPRING,
      restricted: true,
    });
    await handEdit(e, 'grace@acme.test', base + 3 * DAY + 2 * HOUR, {
      type: 'workspace_group_role',
      workspace: 'Editorial',
      group: 'Post Team',
      role: 'editor',
    });
    // Two edits in one project: one query serves both.
    await handEdit(e, 'grace@acme.test', base + 3 * DAY + 3 * HOUR, {
      type: 'project_role',
      project: SPRING,
      user: 'ana.lopez@acme.test',
      role: 'viewer',
    });
    // A membership change: the audit log names the group, not the member; said so, no call made for it.
    await handEdit(e, 'grace@acme.test', base + 3 * DAY + 4 * HOUR, {
      type: 'group_member',
      group: 'Post Team',
      user: 'carol@acme.test',
      member: false,
    });
    // A change no audit event explains (made without the control request): said so, not guessed.
    e.state.setWorkspaceRole(ACME, 'Marketing', 'carol@acme.test', 'viewer');
    e.clearLog();

    const sinceBefore = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
    const json = await runCli(['drift', manifest, '--format', 'json'], env);
    const sinceAfter = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
    expect(json.code, json.stderr).toBe(2);
    const drift = JSON.parse(json.stdout).drift as DriftEntry[];
    const row = (d: DriftEntry) => [
      d.kind,
      d.project_name ?? d.workspace_name ?? d.group_name ?? 'account',
      d.email ?? d.group_name ?? d.setting,
      d.attribution === null
        ? `unknown: ${d.attribution_reason?.replace(/since [\d-]+/, 'since DATE')}`
        : d.attribution?.email,
      d.attribution?.at ?? null,
      d.attribution?.event ?? null,
    ];
    const at = (ms: number) => new Date(ms).toISOString();
    expect(drift.map(row)).toEqual([
      [
        'account_role_differs',
        'account',
        'grace@acme.test',
        'alice@acme.test',
        at(base + 3 * DAY),
        'account_permissions_granted_to_user',
      ],
      [
        'group_member_missing',
        'Post Team',
        'carol@acme.test',
        "unknown: Frame.io's audit log names the group of a membership change, not the member",
        null,
        null,
      ],
      [
        'unmanaged_member',
        'Color',
        'frank@acme.test',
        'grace@acme.test',
        at(base + DAY),
        'workspace_permissions_granted_to_user',
      ],
      [
        'group_role_differs',
        'Editorial',
        'Post Team',
        'grace@acme.test',
        at(base + 3 * DAY + 2 * HOUR),
        'workspace_permissions_granted_to_account_user_group',
      ],
      [
        'role_differs',
        'Marketing',
        'bob@acme.test',
        'grace@acme.test',
        at(base + 9 * HOUR),
        'workspace_permissions_granted_to_user',
      ],
      [
        'role_differs',
        'Marketing',
        'carol@acme.test',
        'unknown: no audit-log event about it in workspace Marketing since DATE (the log reaches back 30 days)',
        null,
        null,
      ],
      ['setting_differs', SPRING, 'restricted', 'owner@acme.test', at(base + 3 * DAY + HOUR), 'project_updated'],
      [
        'role_differs',
        SPRING,
        'ana.lopez@acme.test',
        'grace@acme.test',
        at(base + 3 * DAY + 3 * HOUR),
        'project_permissions_granted_to_user',
      ],
      [
        'missing_member',
        'Sound',
        'erin@acme.test',
        'owner@acme.test',
        at(base + 2 * DAY + 30 * MINUTE),
        'role_removed',
      ],
    ]);
    expect(drift.find((d) => d.email === 'grace@acme.test')?.attribution?.user_id).toBe(USER.alice);
    // The window is the 30 days before the run.
    const carol = drift.find((d) => d.workspace_name === 'Marketing' && d.email === 'carol@acme.test');
    const since = /since ([\d-]+)/.exec(carol?.attribution_reason ?? '')?.[1];
    expect([sinceBefore, sinceAfter]).toContain(since);
    // One query per scope (the account's user, Color, Editorial, Marketing, the project for both of its
    // entries, Sound; none for the group member): one page each here, and never more than the bound.
    const calls = auditCalls(e);
    expect(calls).toHaveLength(6);
    expect(calls.length).toBeLessThanOrEqual(ATTRIBUTION_MAX_CALLS);
    expect(calls.every((c) => c.apiVersion === '4.0' && c.status === 200)).toBe(true);
    // Read-only still.
    expect(e.log.filter((x) => x.method !== 'GET')).toEqual([]);

    e.clearLog();
    const text = await runCli(['drift', manifest], env);
    expect(text.code).toBe(2);
    const day = (ms: number) => at(ms).slice(0, 19).replace('T', ' ');
    expect(text.stdout).toContain(
      `      changed by grace@acme.test at ${day(base + 9 * HOUR)} UTC (workspace_permissions_granted_to_user)\n`,
    );
    expect(text.stdout).toContain(
      '      changed by: unknown (no audit-log event about it in workspace Marketing since',
    );
    const md = await runCli(['drift', manifest, '--format', 'markdown'], env);
    expect(md.stdout).toContain(
      '| role differs | bob@acme.test | editor | viewer | set viewer | ' +
        `grace@acme.test at ${day(base + 9 * HOUR)} UTC (workspace\\_permissions\\_granted\\_to\\_user) |`,
    );
    expect(auditCalls(e)).toHaveLength(12);
  });

  it('--no-attribution makes no audit-log call and shows no attribution', async () => {
    const { env, manifest } = await exported();
    await handEdit(emu!, 'grace@acme.test', Date.now() - DAY, {
      type: 'workspace_role',
      workspace: 'Color',
      user: 'frank@acme.test',
      role: 'viewer',
    });
    emu!.clearLog();
    for (const format of ['text', 'json', 'markdown']) {
      const run = await runCli(['drift', manifest, '--no-attribution', '--format', format], env);
      expect(run.code).toBe(2);
      expect(run.stdout).not.toMatch(/changed by(?! hand)|attribution|audit log/);
    }
    expect(emu!.log.length).toBeGreaterThan(0);
    expect(auditCalls(emu!)).toEqual([]);
  });

  it('a token without audit-log access: drift as usual, attribution unavailable, said once', async () => {
    const { env, manifest } = await exported();
    await handEdit(emu!, 'grace@acme.test', Date.now() - DAY, {
      type: 'workspace_role',
      workspace: 'Color',
      user: 'frank@acme.test',
      role: 'viewer',
    });
    await handEdit(emu!, 'grace@acme.test', Date.now() - DAY, {
      type: 'workspace_role',
      workspace: 'Sound',
      user: 'erin@acme.test',
      role: null,
    });
    emu!.clearLog();
    const run = await runCli(['drift', manifest, '--format', 'json'], {
      ...env,
      FRAMEIO_TOKEN: 'fio-demo-member-token',
    });
    expect(run.code, run.stderr).toBe(2);
    const drift = JSON.parse(run.stdout).drift as DriftEntry[];
    expect(drift.map((d) => d.email)).toEqual(['frank@acme.test', 'erin@acme.test']);
    const path = `/v4/accounts/${ACME}/audit_logs`;
    const why = `attribution unavailable: the token cannot read the audit log of account ${ACME} (HTTP 403)`;
    expect(drift.map((d) => [d.attribution, d.attribution_reason])).toEqual([
      [null, why],
      [null, why],
    ]);
    expect(run.stderr.match(/drift attribution is unavailable/g)).toHaveLength(1);
    // The warning names the call and its answer.
    expect(run.stderr).toContain(
      `the token cannot read the audit log of account ${ACME} (GET ${path} failed: HTTP 403: Only account ` +
        'admins and the owner can read the audit log); drift is reported without it',
    );
    expect(run.stderr).not.toContain('fio-demo-member-token');
    // The first 403 ends the account's attribution: one call.
    expect(auditCalls(emu!)).toHaveLength(1);
  });

  it('stops at the page cap: a scope whose log goes on past it is said so, never guessed', async () => {
    const started = await emulator();
    emu = started.emu;
    const base = Date.now() - 2 * DAY;
    // 101 events about Bob in Marketing: two pages of 100.
    for (let i = 0; i <= 100; i++) {
      await handEdit(emu, i === 100 ? 'owner@acme.test' : 'grace@acme.test', base + i * MINUTE, {
        type: 'workspace_role',
        workspace: 'Marketing',
        user: 'bob@acme.test',
        role: i % 2 === 0 ? 'editor' : 'viewer',
      });
    }
    const marketing = emu.state.workspaces(ACME).find((w) => w.name === 'Marketing')!.id;
    const entry: DriftEntry = {
      kind: 'role_differs',
      account_id: ACME,
      workspace_id: marketing,
      workspace_name: 'Marketing',
      email: 'bob@acme.test',
      user_id: emu.state.user('bob@acme.test')!.id!,
      live: 'editor',
      desired: 'viewer',
      action: 'set_workspace_role',
      to: 'viewer',
      message: '',
    };
    const report = { in_sync: false, drift: [entry], plan: {} as never };
    const client = new FrameioClient({ token: TOKEN, baseUrl: emu.url });
    emu.clearLog();
    const whole = await attributeDrift(report, client, { now: Date.now() });
    expect(whole.report.drift[0]!.attribution).toEqual({
      user_id: USER.owner,
      email: 'owner@acme.test',
      event: 'workspace_permissions_granted_to_user',
      at: new Date(base + 100 * MINUTE).toISOString(),
    });
    expect(whole.calls).toBe(2);
    const capped = await attributeDrift(report, client, { now: Date.now(), pagesPerScope: 1 });
    expect(capped.calls).toBe(1);
    expect(capped.report.drift[0]!.attribution).toBeNull();
    expect(capped.report.drift[0]!.attribution_reason).toMatch(
      new RegExp(
        '^the audit log of workspace Marketing holds more events since \\d{4}-\\d\\d-\\d\\d than the 100 ' +
          'rolesync reads per scope, and the latest may be among the rest$',
      ),
    );
    expect(auditCalls(emu)).toHaveLength(3);
    // The run's budget: a second scope is not looked up once it is spent.
    const two = { ...report, drift: [entry, { ...entry, workspace_id: WS_SOUND, workspace_name: 'Sound' }] };
    const spent = await attributeDrift(two, client, { now: Date.now(), maxCalls: 2 });
    expect(spent.calls).toBe(2);
    expect(spent.report.drift.map((d) => d.attribution_reason ?? 'found')).toEqual([
      'found',
      "not looked up: this run's 2 audit-log calls were spent on earlier scopes",
    ]);
    expect(auditCalls(emu)).toHaveLength(5);
  });

  it('an audit log that keeps failing: no attribution, the failure named (method, path, status)', async () => {
    const started = await emulator();
    emu = started.emu;
    const warnings: string[] = [];
    const entry = (email: string, workspace: string): DriftEntry => ({
      kind: 'role_differs',
      account_id: ACME,
      workspace_id: workspace,
      workspace_name: 'W',
      email,
      user_id: emu!.state.user(email)!.id!,
      live: 'editor',
      desired: 'viewer',
      action: 'set_workspace_role',
      to: 'viewer',
      message: '',
    });
    const report = {
      in_sync: false,
      drift: [entry('bob@acme.test', WS_SOUND), entry('erin@acme.test', WS_MARKETING)],
      plan: {} as never,
    };
    emu.faults.failNext(6, 500, { path: /audit_logs$/ });
    const client = new FrameioClient({ token: TOKEN, baseUrl: emu.url, retry: { baseMs: 1, maxRetries: 5 } });
    const result = await attributeDrift(report, client, { now: Date.now(), onWarning: (w) => warnings.push(w) });
    const path = `/v4/accounts/${ACME}/audit_logs`;
    const why = `attribution unavailable: the audit log of account ${ACME} could not be read (HTTP 500)`;
    expect(result.report.drift.map((d) => [d.attribution, d.attribution_reason])).toEqual([
      [null, why],
      [null, why],
    ]);
    expect(warnings).toEqual([
      `drift attribution is unavailable: the audit log of account ${ACME} could not be read (GET ${path} ` +
        'failed: HTTP 500: Injected fault: HTTP 500 (after 6 attempts)); drift is reported without it',
    ]);
    // One call and its 5 re-sends; the second scope of the account is not tried.
    expect(auditCalls(emu)).toHaveLength(6);
  });
});

const WS_MARKETING = '8897b795-ace2-4f12-b4b4-4a899aefa2d5';
const WS_SOUND = '24f25a52-da2b-4d31-a43a-7ad0f2b97677';
