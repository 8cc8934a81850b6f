// `rolesync report` end to end: the built CLI against the emulator seed after hand edits (made through
// /_emulator/hand_edits as another user, logins through /_emulator/audit_events); the JSON's rows
// match an expected effective-access table exactly; each format; bad input is a usage error.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { Report, ReportRow } from '../../src/report/types.js';
import { runBuilt } from '../cli/run.js';
import { ACME, runCli, SEED, tempDir, TOKEN } from '../drift/cli.js';

const STUDIO_ACCOUNT = 'adobe:2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg';
const NOW = '2026-12-01T12:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (msBeforeNow: number) => new Date(Date.parse(NOW) - msBeforeNow).toISOString();

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** The seed on an emulator whose clock reads NOW (events after it are not served). */
async function started(): Promise<{ e: Emulator; env: Record<string, string> }> {
  emu = await startEmulator({ state: SEED, port: 0, timeScale: 600, now: () => Date.parse(NOW) });
  return { e: emu, env: { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: TOKEN, NO_COLOR: '1' } };
}

async function control(e: Emulator, path: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${e.url}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(200);
}

const handEdit = (e: Emulator, account: string, change: Record<string, unknown>) =>
  control(e, 'hand_edits', { account, as_user: 'grace@acme.test', at: at(2 * DAY), change });
const login = (e: Emulator, account: string, user: string, when: string) =>
  control(e, 'audit_events', { account, as_user: user, at: when, event_type: 'user_login' });

/** A row as the table below writes it: scope, user, role, its sources, managed, flags, last login. */
function line(r: ReportRow): string {
  const scope = r.project_name === null ? r.workspace_name : `${r.workspace_name}/${r.project_name}`;
  const sources = r.sources
    .map((s) => `${s.kind}${s.group_name ? `(${s.group_name})` : ''}@${s.on}=${s.role}`)
    .join(' ');
  const managed = r.managed === null ? '' : r.managed ? ' managed' : ' unmanaged';
  const flags = r.flags.length > 0 ? ` [${r.flags.join(' ')}]` : '';
  return `${scope} | ${r.email} | ${r.role} | ${sources}${managed}${flags}${r.last_login ? ` login ${r.last_login}` : ''}`;
}

function parsed(stdout: string): Report {
  const doc = JSON.parse(stdout) as Report;
  expect(validate(doc) ? [] : validate.errors).toEqual([]);
  return doc;
}

describe('rolesync report', () => {
  it('--account: the whole effective-access table of an account after hand edits, with last logins', async () => {
    const { e, env } = await started();
    await handEdit(e, STUDIO_ACCOUNT, {
      type: 'workspace_role',
      workspace: 'Studio',
      user: 'grace@acme.test',
      role: 'editor',
    });
    await handEdit(e, STUDIO_ACCOUNT, {
      type: 'workspace_role',
      workspace: 'Studio',
      user: 'bob@acme.test',
      role: 'commenter',
    });
    await login(e, STUDIO_ACCOUNT, 'bob@acme.test', at(5 * DAY));
    await login(e, STUDIO_ACCOUNT, 'bob@acme.test', at(3 * HOUR));
    await login(e, STUDIO_ACCOUNT, 'erin@acme.test', at(10 * DAY));
    const run = await runBuilt(['report', '--account', STUDIO_ACCOUNT, '--format', 'json', '--now', NOW], env);
    expect(run.code, run.stderr).toBe(0);
    const report = parsed(run.stdout);
    expect(report.rows.map(line)).toEqual([
      'Studio | alice@acme.test | owner | owner@account=owner',
      `Studio | bob@acme.test | commenter | workspace_role@workspace=commenter login ${at(3 * HOUR)}`,
      `Studio | erin@acme.test | viewer | workspace_role@workspace=viewer login ${at(10 * DAY)}`,
      'Studio | grace@acme.test | admin | account_admin@account=admin workspace_role@workspace=editor [redundant_admin_grant]',
    ]);
    expect(report.generated_at).toBe(NOW);
    expect(report.accounts).toEqual([
      {
        id: STUDIO_ACCOUNT,
        name: 'Acme Studio (Adobe)',
        groups_read: false,
        activity: { available: true, note: null, since: at(30 * DAY), days: 30, calls: 1 },
      },
    ]);
    expect(report.rows.every((r) => r.expires === null && r.managed === null)).toBe(true);
    // One audit-log call: the bound holds.
    expect(e.log.filter((x) => x.operation === 'auditlog.index')).toHaveLength(1);
  });

  it('<path>: projects, Frame.io groups, a restricted project, managed and every flag, for the users edited', async () => {
    const { e, env } = await started();
    await handEdit(e, ACME, {
      type: 'workspace_role',
      workspace: 'Editorial',
      user: 'frank@acme.test',
      role: 'editor',
    });
    await handEdit(e, ACME, {
      type: 'project_role',
      project: 'Internal Archive',
      user: 'carol@acme.test',
      role: 'commenter',
    });
    await handEdit(e, ACME, {
      type: 'project_role',
      project: 'Spring Campaign',
      user: 'grace@acme.test',
      role: 'viewer',
    });
    await handEdit(e, ACME, {
      type: 'project_group_role',
      project: 'Spring Campaign',
      group: 'Post Team',
      role: 'full_access',
    });
    const dir = tempDir();
    const manifest = join(dir, 'acme.yaml');
    writeFileSync(
      manifest,
      [
        'version: 1',
        'experimental: [frameio_groups]',
        'account:',
        `  id: ${ACME}`,
        '  users: { grace@acme.test: admin }',
        'frameio_groups:',
        '  Post Team: {}',
        'workspaces:',
        '  Marketing:',
        '    users: { carol@acme.test: editor }',
        '    projects:',
        '      Spring Campaign:',
        '        users: { ana.berg@acme.test: editor }',
        '  Editorial:',
        '    frameio_groups: { Post Team: viewer }',
        '',
      ].join('\n'),
    );
    const run = await runBuilt(['report', manifest, '--format', 'json', '--now', NOW, '--no-activity'], env);
    expect(run.code, run.stderr).toBe(0);
    const report = parsed(run.stdout);
    const who = new Set(['carol@acme.test', 'frank@acme.test', 'ana.berg@acme.test', 'felix.berg@acme.test']);
    who.add('grace@acme.test').add('old.timer@acme.test').add('wen.lopez@acme.test');
    expect(report.rows.filter((r) => who.has(r.email)).map(line)).toEqual(EXPECTED_ACME);
    expect(report.accounts[0]!.activity).toEqual({
      available: false,
      note: 'the audit log was not read',
      since: null,
      days: 0,
      calls: 0,
    });
  });

  it('a manifest with expires: each row its end, ending soon and then expired, as of --now (a date-time or a date)', async () => {
    const { env } = await started();
    const dir = tempDir();
    const manifest = join(dir, 'acme.yaml');
    writeFileSync(
      manifest,
      [
        'version: 1',
        'account:',
        `  id: ${ACME}`,
        '  users: { grace@acme.test: admin }',
        'policy: { expiry_notice: 5d }',
        'workspaces:',
        '  Marketing:',
        '    users: { carol@acme.test: { role: editor, expires: 2026-12-05 } }',
        '',
      ].join('\n'),
    );
    const carol = async (now: string) => {
      const run = await runBuilt(['report', manifest, '--format', 'json', '--now', now, '--no-activity'], env);
      expect(run.code, run.stderr).toBe(0);
      const report = parsed(run.stdout);
      expect(report.expiry_supported).toBe(true);
      const row = report.rows.find((r) => r.scope === 'workspace' && r.email === 'carol@acme.test')!;
      const grace = report.rows.find((r) => r.scope === 'workspace' && r.email === 'grace@acme.test')!;
      expect(grace.expires).toBeNull();
      return `${row.role} ${row.expires} ${row.flags.join(' ')}`.trim();
    };
    // 2026-12-05 is 00:00 UTC; the notice is 5 days.
    expect(await carol('2026-11-29T23:59:59Z')).toBe('editor 2026-12-05T00:00:00.000Z');
    expect(await carol(NOW)).toBe('editor 2026-12-05T00:00:00.000Z ending_soon');
    expect(await carol('2026-12-05')).toBe('editor 2026-12-05T00:00:00.000Z expired');
    const text = await runBuilt(['report', manifest, '--now', '2026-12-06T00:00:00+01:00', '--no-activity'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      /carol@acme\.test +editor +workspace role editor +\[managed, expires 2026-12-05T00:00:00\.000Z, ! grant ended, still live\]/,
    );
    expect(text.stdout).not.toContain('Expiry: none shown');
  });

  it('text, markdown and csv show the same rows; --out writes the file', async () => {
    const { env } = await started();
    const args = ['report', '--account', STUDIO_ACCOUNT, '--now', NOW];
    const text = await runCli([...args], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Acme Studio (Adobe) / Studio');
    expect(text.stdout).toMatch(
      /grace@acme\.test +admin +account admin; workspace role editor|grace@acme\.test +admin +account admin\s/,
    );
    expect(text.stdout).toContain('Last activity in Acme Studio (Adobe): user_login events since');
    expect(text.stdout).toContain('Expiry: none shown: live state has no expiry');
    const md = await runCli([...args, '--format', 'markdown'], env);
    expect(md.stdout).toContain('| User | Role | From | Managed | Expires | Last login | Flags |');
    expect(md.stdout).toContain('| bob@acme.test | editor | workspace role editor | — | — | — | — |');
    const out = join(tempDir(), 'access.csv');
    const csv = await runCli([...args, '--format', 'csv', '--out', out], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe('');
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^account_id,account_name,scope,/);
    expect(lines).toHaveLength(5 + 1);
    expect(lines.at(-1)).toBe('');
    expect(lines[2]).toContain(',bob@acme.test,Bob Member,active,member,editor,workspace role editor,,,,');
  });

  it('the activity of an account whose audit log the token cannot read: said, the report goes on', async () => {
    const { e, env } = await started();
    e.faults.failNext(1, 403, { path: /audit_logs$/ });
    const run = await runCli(['report', '--account', STUDIO_ACCOUNT, '--format', 'json', '--now', NOW], env);
    expect(run.code, run.stderr).toBe(0);
    const activity = parsed(run.stdout).accounts[0]!.activity;
    expect(activity.available).toBe(false);
    expect(activity.note).toBe('the token cannot read the audit log of this account (HTTP 403): no last activity');
  });

  it('--account --projects --groups: the cost of each is said on stderr before it is read; --quiet says none', async () => {
    const { env } = await started();
    const args = [
      'report',
      '--account',
      ACME,
      '--projects',
      '--groups',
      '--format',
      'json',
      '--no-activity',
      '--now',
      NOW,
    ];
    const run = await runCli(args, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Reading the users of 3 projects in 1 workspace: 3 more list calls');
    expect(run.stderr).toContain('Reading Frame.io groups (2 in the account): the members of 1 frame group');
    const report = parsed(run.stdout);
    expect(new Set(report.rows.map((r) => r.project_name ?? r.workspace_name))).toEqual(
      new Set(
        ['Archive', 'Board Cut', 'Client Reviews', 'Color', 'Editorial', 'Internal Archive', 'Marketing'].concat([
          'Sound',
          'Spring Campaign',
        ]),
      ),
    );
    expect(report.accounts[0]!.groups_read).toBe(true);
    const quiet = await runCli([...args, '--quiet'], env);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(run.stdout);
  });

  it("--account --projects --groups: every role is the emulator's own effective role; nobody with access is missing", async () => {
    const { e, env } = await started();
    await handEdit(e, ACME, {
      type: 'workspace_role',
      workspace: 'Editorial',
      user: 'frank@acme.test',
      role: 'editor',
    });
    await handEdit(e, ACME, {
      type: 'project_group_role',
      project: 'Board Cut',
      group: 'Okta Editors',
      role: 'editor',
    });
    await handEdit(e, ACME, {
      type: 'project_role',
      project: 'Internal Archive',
      user: 'carol@acme.test',
      role: 'viewer',
    });
    await handEdit(e, ACME, {
      type: 'workspace_group_role',
      workspace: 'Color',
      group: 'Post Team',
      role: 'full_access',
    });
    const run = await runCli(
      ['report', '--account', ACME, '--projects', '--groups', '--format', 'json', '--now', NOW],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const got = new Map(parsed(run.stdout).rows.map((r) => [`${r.project_id ?? r.workspace_id} ${r.email}`, r.role]));
    const want = new Map<string, string>();
    for (const { email } of e.state.users()) {
      for (const ws of e.state.workspaces(ACME)) {
        const role = e.state.effectiveWorkspaceRole(ACME, ws.id, email);
        if (role !== null) want.set(`${ws.id} ${email}`, role);
        for (const project of e.state.projects(ACME, ws.id)) {
          const inProject = e.state.effectiveProjectRole(ACME, project.id, email);
          if (inProject !== null) want.set(`${project.id} ${email}`, inProject);
        }
      }
    }
    expect(want.size).toBeGreaterThan(600);
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...want].sort()));
  });

  it("<path>: the manifest's warnings on stderr, the report on stdout", async () => {
    const { env } = await started();
    const manifest = join(tempDir(), 'studio.yaml');
    writeFileSync(
      manifest,
      [
        'version: 1',
        'account:',
        `  id: "${STUDIO_ACCOUNT}"`,
        '  mode: authoritative',
        'workspaces:',
        '  Studio: {}',
        '',
      ].join('\n'),
    );
    const run = await runCli(['report', manifest, '--format', 'csv', '--no-activity'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/studio\.yaml:4:\d+: warning: account .* is authoritative but lists no users/);
    expect(run.stdout.split('\r\n')).toHaveLength(4 + 2);
  });

  it('bad input: a clear message and exit 1', async () => {
    const { env } = await started();
    const cases: [string[], RegExp][] = [
      [
        ['report', '--account', 'nope'],
        /account nope is not an account this token can see; it can see .*check --account/,
      ],
      [['report', 'x.yaml', '--account', ACME], /report takes a manifest path or --account ID, not both/],
      [
        ['report', '--account', ACME, '--format', 'pdf'],
        /--format must be text, markdown, csv, json or html, not 'pdf'/,
      ],
      [['report'], /report needs a manifest path \(its scopes\) or --account ID/],
      [['report', '--account', ACME, '--now', 'yesterday'], /--now 'yesterday' is not a date; give an ISO 8601 date/],
      [['report', 'x.yaml', '--projects'], /--projects and --groups go with --account/],
      [['report', 'missing-dir/none.yaml'], /missing-dir\/none\.yaml/],
    ];
    for (const [argv, message] of cases) {
      const run = await runCli(argv, env);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

// Each row reasoned from the seed and the edits above (README "Projects", "Frame.io groups").
const EXPECTED_ACME: string[] = [
  'Editorial | carol@acme.test | viewer | frameio_group(Post Team)@workspace=viewer managed',
  'Editorial | frank@acme.test | editor | workspace_role@workspace=editor frameio_group(Post Team)@workspace=viewer unmanaged [undeclared]',
  'Editorial | grace@acme.test | admin | account_admin@account=admin managed',
  'Editorial | old.timer@acme.test | editor | workspace_role@workspace=editor unmanaged [undeclared inactive_with_grant]',
  'Marketing | ana.berg@acme.test | full_access | workspace_role@workspace=full_access unmanaged [undeclared]',
  'Marketing | carol@acme.test | editor | workspace_role@workspace=editor managed',
  'Marketing | felix.berg@acme.test | full_access | workspace_role@workspace=full_access unmanaged [undeclared]',
  'Marketing | frank@acme.test | commenter | workspace_role@workspace=commenter unmanaged [undeclared]',
  'Marketing | grace@acme.test | admin | account_admin@account=admin managed',
  'Marketing/Board Cut | ana.berg@acme.test | full_access | workspace_role@workspace=full_access unmanaged [undeclared]',
  'Marketing/Board Cut | carol@acme.test | editor | workspace_role@workspace=editor managed',
  'Marketing/Board Cut | felix.berg@acme.test | full_access | workspace_role@workspace=full_access unmanaged [undeclared]',
  'Marketing/Board Cut | frank@acme.test | commenter | workspace_role@workspace=commenter unmanaged [undeclared]',
  'Marketing/Board Cut | grace@acme.test | admin | account_admin@account=admin managed',
  'Marketing/Internal Archive | carol@acme.test | commenter | project_grant@project=commenter unmanaged [undeclared]',
  'Marketing/Internal Archive | felix.berg@acme.test | viewer | project_grant@project=viewer unmanaged [undeclared]',
  'Marketing/Internal Archive | grace@acme.test | admin | account_admin@account=admin managed',
  'Marketing/Spring Campaign | ana.berg@acme.test | full_access | workspace_role@workspace=full_access project_grant@project=editor unmanaged [undeclared no_effect]',
  'Marketing/Spring Campaign | carol@acme.test | full_access | frameio_group(Post Team)@project=full_access workspace_role@workspace=editor unmanaged [undeclared]',
  'Marketing/Spring Campaign | felix.berg@acme.test | full_access | workspace_role@workspace=full_access unmanaged [undeclared]',
  'Marketing/Spring Campaign | frank@acme.test | full_access | frameio_group(Post Team)@project=full_access workspace_role@workspace=commenter unmanaged [undeclared]',
  'Marketing/Spring Campaign | grace@acme.test | admin | account_admin@account=admin project_grant@project=viewer managed [undeclared no_effect redundant_admin_grant]',
  'Marketing/Spring Campaign | wen.lopez@acme.test | commenter | project_grant@project=commenter unmanaged [undeclared]',
];
