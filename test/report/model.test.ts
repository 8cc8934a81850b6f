// The report model and its renderers, pure: effective access from hand-built live state (inherited
// and direct project listings, restricted projects, groups, invited users), flags, CSV quoting and
// formula safety, the Markdown size cap, and the JSON schema.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { LiveAccount, LiveUser } from '../../src/live/types.js';
import type { AuditEvent } from '../../src/client/index.js';
import { ACTIVITY_MAX_PAGES, readActivity } from '../../src/report/activity.js';
import { buildReport, type ActivityRead } from '../../src/report/model.js';
import {
  csvCell,
  renderReportCsv,
  renderReportJson,
  renderReportMarkdown,
  renderReport,
  renderReportText,
} from '../../src/report/render.js';
import type { ReportRow } from '../../src/report/types.js';
import { liveAccount } from '../plan/builders.js';
import { BODY, LIVE, at, manifestOf } from '../plan/expiry-fixture.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const user = (n: string, extra: Partial<LiveUser> = {}): LiveUser => ({
  id: `id-${n}`,
  email: `${n}@x.test`,
  name: n,
  active: true,
  ...extra,
});
const ADMIN = user('admin');
const ANN = user('ann');
const BEN = user('ben');
const NEW = user('new', { id: null, active: null, name: null });
const OLD = user('old', { active: false });

function account(projectRows: { user: LiveUser; role: string }[], restricted: boolean | null = false): LiveAccount {
  return {
    id: 'acc',
    displayName: 'Acc',
    users: [
      { user: ADMIN, role: 'admin' },
      { user: ANN, role: 'member' },
      { user: BEN, role: 'member' },
      { user: NEW, role: 'member' },
      { user: OLD, role: 'member' },
    ],
    groups: [{ id: 'g1', name: 'Crew', source: 'frame', sync_status: null, members: [BEN] }],
    workspaces: [
      {
        id: 'w1',
        name: 'WS',
        members: [
          { user: ADMIN, role: 'admin' },
          { user: ANN, role: 'editor' },
          { user: NEW, role: 'viewer' },
          { user: OLD, role: 'viewer' },
        ],
        groupGrants: [{ group_id: 'g1', role: 'commenter' }],
        projects: [{ id: 'p1', name: 'P', restricted, members: projectRows as never, groupGrants: [] }],
      },
      // Not read (no members): not reported.
      { id: 'w2', name: 'Other' },
    ],
  };
}

const lines = (rows: ReportRow[]) =>
  rows.map(
    (r) =>
      `${r.project_name ?? r.workspace_name} ${r.email} ${r.role} ${r.sources.map((s) => `${s.kind}=${s.role}`).join('+')}` +
      (r.flags.length ? ` [${r.flags.join(' ')}]` : ''),
  );

const report = (a: LiveAccount, activity = new Map<string, ActivityRead>()) =>
  buildReport({ accounts: [a], manifest: null, source: { kind: 'account', account_id: 'acc' }, now: NOW, activity });

describe('buildReport', () => {
  it('a direct project listing: a grant at or below the inherited role has no effect; above it counts', () => {
    const r = report(
      account([
        { user: ANN, role: 'viewer' },
        { user: BEN, role: 'full_access' },
        { user: ADMIN, role: 'viewer' },
      ]),
    );
    expect(lines(r.rows)).toEqual([
      'WS admin@x.test admin account_admin=admin',
      'WS ann@x.test editor workspace_role=editor',
      'WS ben@x.test commenter frameio_group=commenter',
      'WS new@x.test viewer workspace_role=viewer [inactive_with_grant]',
      'WS old@x.test viewer workspace_role=viewer [inactive_with_grant]',
      'P admin@x.test admin account_admin=admin+project_grant=viewer [no_effect redundant_admin_grant]',
      'P ann@x.test editor workspace_role=editor+project_grant=viewer [no_effect]',
      'P ben@x.test full_access project_grant=full_access+frameio_group=commenter',
      'P new@x.test viewer workspace_role=viewer [inactive_with_grant]',
      'P old@x.test viewer workspace_role=viewer [inactive_with_grant]',
    ]);
    expect(r.rows.find((x) => x.email === 'new@x.test')!.status).toBe('invited');
    expect(r.rows.find((x) => x.email === 'old@x.test')!.status).toBe('deactivated');
    expect(r.rows.every((x) => x.managed === null && x.expires === null)).toBe(true);
    expect(r.expiry_supported).toBe(false);
    expect(r.summary).toEqual({
      rows: 10,
      users: 5,
      scopes: 2,
      flags: {
        undeclared: 0,
        no_effect: 2,
        redundant_admin_grant: 1,
        inactive_with_grant: 4,
        ending_soon: 0,
        expired: 0,
      },
    });
  });

  it('an inherited listing (it shows account admins): rows at or below the inherited role are that access', () => {
    const r = report(
      account([
        { user: ADMIN, role: 'admin' },
        { user: ANN, role: 'editor' },
        { user: BEN, role: 'commenter' },
      ]),
    );
    expect(lines(r.rows.filter((x) => x.scope === 'project'))).toEqual([
      'P admin@x.test admin account_admin=admin',
      'P ann@x.test editor workspace_role=editor',
      'P ben@x.test commenter frameio_group=commenter',
      'P new@x.test viewer workspace_role=viewer [inactive_with_grant]',
      'P old@x.test viewer workspace_role=viewer [inactive_with_grant]',
    ]);
  });

  it('a restricted project inherits nothing from its workspace', () => {
    const r = report(account([{ user: ANN, role: 'viewer' }], true));
    expect(lines(r.rows.filter((x) => x.scope === 'project'))).toEqual([
      'P admin@x.test admin account_admin=admin',
      'P ann@x.test viewer project_grant=viewer',
    ]);
  });

  it('last logins from the audit log; the report says its reach, or why there is none', () => {
    const logins = new Map([['id-ann', NOW - 3_600_000]]);
    const since = NOW - 30 * 86_400_000;
    const read: ActivityRead = { available: true, since, days: 30, calls: 2, complete: false, logins };
    const r = report(account([]), new Map([['acc', read]]));
    expect(r.rows.find((x) => x.email === 'ann@x.test')!.last_login).toBe('2026-12-01T11:00:00.000Z');
    expect(r.rows.find((x) => x.email === 'ben@x.test')!.last_login).toBeNull();
    expect(r.accounts[0]!.activity).toEqual({
      available: true,
      note: 'only the first 2 pages of logins were read: an older last login may be missing',
      since: '2026-11-01T12:00:00.000Z',
      days: 30,
      calls: 2,
    });
    expect(renderReportText(r)).toContain(
      'Last activity in Acc: user_login events since 2026-11-01T12:00:00.000Z (the audit log reaches back 30 days',
    );
    const denied = report(
      account([]),
      new Map([['acc', { available: false, reason: 'no access (HTTP 403)', days: 30, calls: 1 }]]),
    );
    expect(renderReportText(denied)).toContain('Last activity in Acc: unavailable: no access (HTTP 403)');
    expect(r.generated_at).toBe('2026-12-01T12:00:00.000Z');
  });
});

describe('buildReport: expiry from the manifest', () => {
  // The shared expiry scenario: grants end at 2027-01-31 00:00 UTC, dave's colorists membership at
  // 11:00 UTC; carol's is open-ended; the notice is the default 7 days.
  const at_ = (now: string) =>
    buildReport({
      accounts: [liveAccount(LIVE)],
      manifest: manifestOf(BODY),
      source: { kind: 'manifest', path: 'm.yaml' },
      now: at(now),
      activity: new Map(),
    });
  const marketing = (now: string) =>
    Object.fromEntries(
      at_(now)
        .rows.filter((r) => r.scope === 'workspace')
        .map((r) => [r.email.split('@')[0], `${r.expires ?? '-'} ${r.flags.join(' ')}`.trim()]),
    );
  const END = '2027-01-31T00:00:00.000Z';
  const DAVE = '2027-01-31T11:00:00.000Z';

  it('each row ends with the manifest grant that gives its role; through a group, grant or membership first', () => {
    expect(marketing('2027-01-20T00:00:00Z')).toEqual({
      alice: END, // account admin until then
      bob: '-',
      carol: '-', // colorists viewer, no end
      dave: DAVE, // colorists viewer: the grant is open, the membership ends
      erin: END, // Post commenter: grant and membership both end then
      fay: END, // Post commenter: the grant ends, the membership does not
      owner: '-',
      svc: '- undeclared',
      tom: END,
    });
    const r = at_('2027-01-20T00:00:00Z');
    expect(r.expiry_supported).toBe(true);
    // A project inherits the workspace's end; its own grant has its own.
    const spring = r.rows.filter((x) => x.project_name === 'Spring');
    expect(spring.find((x) => x.email === 'client@acme.test')!.expires).toBe(END);
    expect(spring.find((x) => x.email === 'tom@acme.test')!.expires).toBe(END);
  });

  it('ending_soon within policy.expiry_notice (7 days) of now: not a second before, yes at the boundary', () => {
    const soon = (now: string) =>
      at_(now)
        .rows.filter((r) => r.flags.includes('ending_soon'))
        .map((r) => `${r.project_name ?? r.workspace_name} ${r.email.split('@')[0]}`);
    expect(soon('2027-01-23T23:59:59Z')).toEqual([]);
    expect(soon('2027-01-24T00:00:00Z')).toEqual([
      'Marketing alice',
      'Marketing erin',
      'Marketing fay',
      'Marketing tom',
      'Spring alice',
      'Spring client',
      'Spring erin',
      'Spring fay',
      'Spring tom',
    ]);
    expect(soon('2027-01-24T11:00:00Z')).toContain('Marketing dave');
    expect(at_('2027-01-24T00:00:00Z').summary.flags).toMatchObject({ ending_soon: 9, expired: 0 });
  });

  it('expired: at its end a grant still live is flagged, the one ending later is ending soon; after, both', () => {
    expect(marketing('2027-01-30T23:59:59Z').tom).toBe(`${END} ending_soon`);
    expect(marketing('2027-01-31T00:00:00Z')).toMatchObject({
      alice: `${END} expired`,
      carol: '-',
      dave: `${DAVE} ending_soon`,
      erin: `${END} expired`,
      fay: `${END} expired`,
      tom: `${END} expired`,
    });
    expect(marketing('2027-02-01T00:00:00Z')).toMatchObject({ dave: `${DAVE} expired`, carol: '-', bob: '-' });
  });

  it('text and Markdown show the end and the flags; the JSON is valid against the schema', () => {
    const r = at_('2027-01-31T00:00:00Z');
    const text = renderReportText(r);
    expect(text).toMatch(
      /tom@acme\.test +editor +workspace role editor +\[managed, expires 2027-01-31T00:00:00\.000Z, ! grant ended, still live\]/,
    );
    expect(text).toMatch(/dave@acme\.test .*expires 2027-01-31T11:00:00\.000Z, ! ends soon\]/);
    expect(text).toContain('ended grants still live');
    expect(text).not.toContain('Expiry: none shown');
    expect(renderReportMarkdown(r)).toContain(
      `| tom@acme.test | editor | workspace role editor | managed | ${END} | — |`,
    );
    const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);
    expect(validate(JSON.parse(renderReportJson(r))) ? [] : validate.errors).toEqual([]);
  });
});

describe('report formats', () => {
  it('CSV cells: RFC 4180 quoting, and a leading = + - @ (or tab, CR) made inert with a quote', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('CSV: a header and one CRLF line per row, a hostile name quoted and inert', () => {
    const a = account([]);
    a.users[1]!.user.name = '=cmd|" /C calc"!A0, x';
    const csv = renderReportCsv(report(a));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(report(a).rows.length + 2);
    expect(lines[2]).toContain(`,ann@x.test,"'=cmd|"" /C calc""!A0, x",active,`);
  });

  it('Markdown: past the cap, per-scope counts instead of the tables; names escaped', () => {
    const a = account([]);
    a.workspaces[0]!.name = 'W|S *bold*';
    const full = renderReportMarkdown(report(a));
    expect(full).toContain('#### Acc / W\\|S \\*bold\\*');
    expect(full).toContain('| ann@x.test | editor | workspace role editor | — | — | — |');
    const compact = renderReportMarkdown(report(a), { maxChars: 200 });
    expect(compact).not.toContain('| User |');
    expect(compact).toContain('| Scope | Users | Flags |');
    expect(compact).toContain('| Acc / W\\|S \\*bold\\* | 5 | 2 |');
  });

  it('HTML: self-contained (a CSP allowing only inline style and script, no URL anywhere), names escaped', () => {
    const a = account([]);
    a.users[1]!.user.name = '<script>alert(1)</script>';
    a.workspaces[0]!.name = '"><img src=x onerror="alert(2)">&amp;';
    const html = renderReport(report(a), 'html');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img/i);
    expect(renderReport(report(account([])), 'html')).not.toMatch(/\b(src|href)=|url\(|@import|https?:/i);
    expect(html).toContain('(&lt;script&gt;alert(1)&lt;/script&gt;)');
    expect(html).toContain('Acc / &quot;&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&amp;amp;</th>');
    expect(html.match(/<tr data-index=/g)).toHaveLength(report(a).rows.length);
  });

  it('JSON: valid against schemas/report.schema.json', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema as object);
    const doc = JSON.parse(renderReportJson(report(account([{ user: BEN, role: 'full_access' }], null))));
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });
});

describe('readActivity', () => {
  const event = (userId: string, at: number, eventType = 'user_login'): AuditEvent => ({
    eventType,
    resourceType: 'user',
    resourceId: userId,
    userId,
    userEmail: null,
    workspaceId: null,
    projectId: null,
    insertedAt: new Date(at).toISOString(),
    at,
  });

  it('the latest login per user within the 30 days looked back, from one bounded, filtered read', async () => {
    const since = NOW - 30 * 86_400_000;
    const asked: unknown[] = [];
    const reader = {
      auditLog: async (account: string, filters: object, maxPages: number) => {
        asked.push({ account, filters, maxPages });
        return {
          calls: 1,
          complete: true,
          events: [
            event('id-ann', NOW - 5 * 3_600_000),
            event('id-ann', NOW - 2 * 3_600_000),
            event('id-ann', NOW + 3_600_000), // after now: not yet
            event('id-ben', since - 3_600_000), // the from_date's day, but before the window
            event('id-ben', NOW - 3_600_000, 'user_logout'),
          ],
        };
      },
    };
    const read = await readActivity(reader, ['acc'], NOW);
    expect(asked).toEqual([
      { account: 'acc', filters: { event_type: 'user_login', from_date: '2026-11-01' }, maxPages: ACTIVITY_MAX_PAGES },
    ]);
    const acc = read.get('acc');
    expect(acc?.available && [...acc.logins]).toEqual([['id-ann', NOW - 2 * 3_600_000]]);
  });
});
