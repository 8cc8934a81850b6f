// `expires:` on grants and member-list items, and `policy.expiry_notice` (CONTRACT.md §1.3): what is
// read, and each bad input with its exact message and position.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { checkManifestSources } from '../../src/manifest/load.js';
import { parseDuration, parseMoment } from '../../src/manifest/expiry.js';

const ID = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const head = `version: 1\nexperimental: [frameio_groups]\naccount:\n  id: ${ID}\n`;
const FORMS =
  'write an ISO 8601 date like 2027-01-31 (the grant ends at 00:00 UTC that day) or a date-time with an offset ' +
  'like 2027-01-31T18:00:00Z or 2027-01-31T18:00:00+01:00';

function check(body: string) {
  const result = checkManifestSources([{ path: 'm.yaml', rel: 'm.yaml', content: head + body }]);
  return { result, printed: result.diagnostics.map(formatDiagnostic) };
}

describe('parseMoment', () => {
  it.each([
    ['2027-01-31', Date.UTC(2027, 0, 31)],
    ['2028-02-29', Date.UTC(2028, 1, 29)],
    ['2027-01-31T18:00:00Z', Date.UTC(2027, 0, 31, 18)],
    ['2027-01-31T18:00:00+01:00', Date.UTC(2027, 0, 31, 17)],
    ['2027-01-31T18:00+0100', Date.UTC(2027, 0, 31, 17)],
    ['2027-01-31T00:30:00.5-02:00', Date.UTC(2027, 0, 31, 2, 30, 0, 500)],
  ])('%s is read as its instant', (text, at) => {
    expect(parseMoment(text, 'expires')).toEqual({ ok: true, value: { at, text } });
  });

  it.each([
    ['2027-02-30', `expires '2027-02-30' is not a calendar date (February 2027 has 28 days); ${FORMS}`],
    ['2027-13-01', `expires '2027-13-01' is not a calendar date (there is no month 13); ${FORMS}`],
    ['tomorrow', `expires 'tomorrow' is not a date; ${FORMS}`],
    ['2027-01-31T25:00:00Z', `expires '2027-01-31T25:00:00Z' is not a time of day (00:00:00 to 23:59:59); ${FORMS}`],
    [
      '2027-01-31T18:00:00',
      "expires '2027-01-31T18:00:00' has no offset, so the moment it names would depend on where rolesync runs; " +
        'add one, like 2027-01-31T18:00:00Z (UTC) or 2027-01-31T18:00:00+01:00, or write the date alone ' +
        '(2027-01-31: 00:00 UTC)',
    ],
  ])('%s is refused, saying what to write', (text, message) => {
    expect(parseMoment(text, 'expires')).toEqual({ ok: false, message });
  });

  it('reads a year before 100 as that year, in a date as in a date-time (Date.UTC would add 1900)', () => {
    const year99 = new Date(0);
    year99.setUTCFullYear(99, 2, 1);
    expect(parseMoment('0099-03-01', 'expires')).toEqual({
      ok: true,
      value: { at: year99.getTime(), text: '0099-03-01' },
    });
    expect(parseMoment('0099-03-01T00:00:00Z', 'expires')).toMatchObject({ ok: true, value: { at: year99.getTime() } });
    // Year 4 was a leap year, 1904 too: the day count must come from year 4 itself; year 100 was not.
    expect(parseMoment('0004-02-29', 'expires').ok).toBe(true);
    expect(parseMoment('0100-02-29', 'expires')).toMatchObject({ ok: false });
  });

  it('reads durations in hours and days', () => {
    expect(parseDuration('36h')).toEqual({ ok: true, value: 36 * 3_600_000 });
    expect(parseDuration('14d')).toEqual({ ok: true, value: 14 * 86_400_000 });
    expect(parseDuration('2w').ok).toBe(false);
  });
});

describe('expires in a manifest', () => {
  const body = `  users:
    ann@acme.test: { role: admin, expires: 2027-01-31 }
    bob@acme.test: member
groups:
  colorists:
    - carol@acme.test
    - email: dave@acme.test
      expires: 2027-02-01T09:00:00+01:00
frameio_groups:
  Post Team:
    members: [{ email: erin@acme.test, expires: 2027-03-01 }, fay@acme.test]
policy:
  expiry_notice: 36h
workspaces:
  Marketing:
    users:
      tom@freelance.test:
        role: editor
        expires: 2027-01-15
    groups:
      colorists: { role: viewer, expires: 2027-04-01 }
    frameio_groups:
      Post Team: { role: commenter, expires: 2027-05-01 }
    projects:
      Spring:
        users: { client@brand.test: { role: commenter, expires: 2027-06-01 } }
        groups: { colorists: { role: editor, expires: 2027-07-01 } }
`;

  it('reads every grant and member form (block and flow), with its instant and text', () => {
    const { result, printed } = check(body);
    expect(printed).toEqual([]);
    const [account] = result.manifest!.accounts;
    const day = (m: number, d: number) => ({ at: Date.UTC(2027, m - 1, d), text: expect.any(String) });
    expect(account!.policy.expiryNotice).toBe(36 * 3_600_000);
    expect(account!.users.map((u) => [u.email, u.role, u.expires])).toEqual([
      ['ann@acme.test', 'admin', { at: Date.UTC(2027, 0, 31), text: '2027-01-31' }],
      ['bob@acme.test', 'member', undefined],
    ]);
    expect(account!.groups[0]!.members.map((m) => [m.email, m.expires])).toEqual([
      ['carol@acme.test', undefined],
      ['dave@acme.test', { at: Date.UTC(2027, 1, 1, 8), text: '2027-02-01T09:00:00+01:00' }],
    ]);
    expect(account!.frameioGroups[0]!.members.map((m) => [m.email, m.expires])).toEqual([
      ['erin@acme.test', day(3, 1)],
      ['fay@acme.test', undefined],
    ]);
    const ws = account!.workspaces[0]!;
    expect(ws.users[0]).toMatchObject({ email: 'tom@freelance.test', role: 'editor', expires: day(1, 15) });
    expect(ws.groups[0]).toMatchObject({ group: 'colorists', role: 'viewer', expires: day(4, 1) });
    expect(ws.frameioGroups![0]).toMatchObject({ group: 'Post Team', role: 'commenter', expires: day(5, 1) });
    expect(ws.projects[0]!.users[0]).toMatchObject({ role: 'commenter', expires: day(6, 1) });
    expect(ws.projects[0]!.groups[0]).toMatchObject({ role: 'editor', expires: day(7, 1) });
  });

  it('defaults expiry_notice to 7 days', () => {
    const { result } = check('  users: { ann@acme.test: admin }\n');
    expect(result.manifest!.accounts[0]!.policy.expiryNotice).toBe(7 * 86_400_000);
  });

  it.each([
    [
      'an impossible date',
      '  users:\n    ann@acme.test: { role: admin, expires: 2027-02-30 }\n',
      `m.yaml:6:44: error: expires '2027-02-30' is not a calendar date (February 2027 has 28 days); ${FORMS}`,
    ],
    [
      'a word',
      'workspaces:\n  M:\n    users:\n      tom@acme.test: { role: editor, expires: tomorrow }\n',
      `m.yaml:8:47: error: expires 'tomorrow' is not a date; ${FORMS}`,
    ],
    [
      'a date-time without an offset',
      'groups:\n  g: [{ email: tom@acme.test, expires: 2027-01-31T18:00 }]\n',
      "m.yaml:6:40: error: expires '2027-01-31T18:00' has no offset, so the moment it names would depend on where " +
        'rolesync runs; add one, like 2027-01-31T18:00Z (UTC) or 2027-01-31T18:00+01:00, or write the date alone ' +
        '(2027-01-31: 00:00 UTC)',
    ],
    [
      'a number',
      'groups:\n  g: [{ email: tom@acme.test, expires: 20270131 }]\n',
      `m.yaml:6:40: error: expires must be ${FORMS.replace('write ', '')}; got the number 20270131`,
    ],
    [
      'a grant object without expires',
      'workspaces:\n  M:\n    users:\n      tom@acme.test: { role: editor }\n',
      "m.yaml:8:7: error: missing required key 'expires' in the role of 'tom@acme.test' in workspace 'M'; write " +
        'the date the grant ends, like expires: 2027-01-31, or give the role alone for a grant that does not end',
    ],
    [
      'an unknown key in a grant object',
      'workspaces:\n  M:\n    users:\n      tom@acme.test: { role: editor, until: 2027-01-31 }\n',
      "m.yaml:8:7: error: missing required key 'expires' in the role of 'tom@acme.test' in workspace 'M'; write " +
        'the date the grant ends, like expires: 2027-01-31, or give the role alone for a grant that does not end\n' +
        "m.yaml:8:38: error: unknown key 'until' in the role of 'tom@acme.test' in workspace 'M'; allowed keys: role, " +
        'expires',
    ],
    [
      'a bad role in a grant object',
      'workspaces:\n  M:\n    frameio_groups:\n      T: { role: workspace_admin, expires: 2027-01-31 }\n',
      "m.yaml:8:18: error: role 'workspace_admin' is not a role a Frame.io group can hold; use one of full_access, " +
        "editor, edit_only, commenter, viewer (workspace_admin is given to users only: list them under the workspace's " +
        'users)',
    ],
    [
      'a bad notice',
      'policy:\n  expiry_notice: soon\n',
      "m.yaml:6:18: error: policy.expiry_notice 'soon' is not a duration; write a number of hours or days, like 36h " +
        'or 14d',
    ],
  ])('%s is an error at its place', (_what, text, message) => {
    const { result, printed } = check(text);
    expect(result.manifest).toBeUndefined();
    expect(printed.filter((p) => p.includes('error')).join('\n')).toEqual(message);
  });

  it('warns when a protected user is given an end: the guard wins', () => {
    const { result, printed } = check(
      'policy:\n  protected: [tom@acme.test]\nworkspaces:\n  M:\n    users:\n' +
        '      tom@acme.test: { role: editor, expires: 2027-01-31 }\n',
    );
    expect(result.manifest).toBeDefined();
    expect(printed).toEqual([
      "m.yaml:10:7: warning: tom@acme.test has expires: 2027-01-31 in workspace 'M', but is in policy.protected: " +
        'the guard wins and the grant is never removed; take them out of policy.protected for it to end, or drop ' +
        'the expires',
    ]);
  });
});
