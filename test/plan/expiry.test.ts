// Expiry in the planner (CONTRACT.md §1.3) with a fixed `now`: before, at and after each end, a date
// (00:00 UTC) against a date-time with offset, in every scope kind (account admin, workspace user,
// manifest-group grant and membership, project user and group grant, Frame.io group member and
// grant), whatever the mode; notices within policy.expiry_notice; policy applies to expiry removals.
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { onlyExpiryChanges } from '../../src/plan/expiry.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { fmt, liveState } from './builders.js';
import { BODY, ID, LIVE, at, manifestOf } from './expiry-fixture.js';

/** One line per change, with its reason when it has one. */
const lines = (plan: Plan) =>
  plan.changes.map((c: Change) => `${fmt(c)}${'reason' in c && c.reason ? ` [${c.reason} ${c.expires}]` : ''}`);

const DATE_ENDS = [
  'acct alice admin>member [expired 2027-01-31]',
  'grm Post erin [expired 2027-01-31]',
  'rm Marketing tom editor [expired 2027-01-31]',
  'rmp Marketing/Spring client commenter [expired 2027-01-31]',
  'rmwsg Marketing Post commenter [expired 2027-01-31]',
  'rmpg Marketing/Spring Post viewer [expired 2027-01-31]',
];
const DAVE_ENDS = 'rm Marketing dave viewer [expired 2027-01-31T12:00:00+01:00]';

describe('expiry at a fixed now, every scope kind', () => {
  const m = manifestOf(BODY);
  const live = liveState([LIVE]);

  it.each([
    ['a second before the date', '2027-01-30T23:59:59Z', []],
    ['at the date (00:00 UTC)', '2027-01-31T00:00:00Z', DATE_ENDS],
    ['a second before the date-time', '2027-01-31T10:59:59Z', DATE_ENDS],
    ['at the date-time (11:00 UTC = 12:00+01:00)', '2027-01-31T11:00:00Z', [...DATE_ENDS, DAVE_ENDS]],
    ['a year after', '2028-01-31T00:00:00Z', [...DATE_ENDS, DAVE_ENDS]],
  ])('%s', (_when, now, expected) => {
    const plan = buildPlan(m, live, { now: at(now) });
    expect([...lines(plan)].sort()).toEqual([...expected].sort());
    expect(plan.now).toBe(new Date(at(now)).toISOString());
    expect(plan.policy.ok).toBe(true);
  });

  it('lists grants ending within the notice (7 days by default), none past it', () => {
    const plan = buildPlan(m, live, { now: at('2027-01-28T00:00:00Z') });
    expect(plan.changes).toEqual([]);
    expect(plan.notices?.map((n) => n.message)).toEqual([
      'ends in 3 days (2027-01-31): Frame.io group Post commenter in Marketing',
      'ends in 3 days (2027-01-31): Frame.io group Post viewer in Marketing / Spring',
      'ends in 3 days (2027-01-31): alice@acme.test admin of the account',
      'ends in 3 days (2027-01-31): client@acme.test commenter in Marketing / Spring',
      'ends in 3 days (2027-01-31): erin@acme.test member of Frame.io group Post',
      'ends in 3 days (2027-01-31): tom@acme.test editor in Marketing',
      'ends in 3 days (2027-01-31T12:00:00+01:00): dave@acme.test member of group colorists',
    ]);
    expect(plan.notices?.[0]).toMatchObject({
      kind: 'expires_soon',
      account_id: ID,
      workspace_name: 'Marketing',
      group_name: 'Post',
      expires: '2027-01-31',
      ends_at: '2027-01-31T00:00:00.000Z',
    });
    expect(buildPlan(m, live, { now: at('2027-01-23T23:59:59Z') }).notices).toBeUndefined();
  });

  it('counts hours when less than a day is left', () => {
    const plan = buildPlan(m, live, { now: at('2027-01-31T05:30:00Z') });
    expect(plan.notices?.map((n) => n.message)).toEqual([
      'ends in 6 hours (2027-01-31T12:00:00+01:00): dave@acme.test member of group colorists',
    ]);
  });

  it('takes an ended grant away in an authoritative scope too, with the reason', () => {
    const auth = manifestOf(BODY.replace('  Marketing:\n', '  Marketing:\n    mode: authoritative\n'));
    const plan = buildPlan(auth, live, { now: at('2027-02-01T00:00:00Z') });
    expect(lines(plan)).toContain('rm Marketing tom editor [expired 2027-01-31]');
    expect(lines(plan)).toContain(DAVE_ENDS);
  });

  it('keeps access another running grant gives: a direct end under a running group grant', () => {
    const body = BODY.replace('colorists: [carol@acme.test,', 'colorists: [carol@acme.test, tom@acme.test,');
    const plan = buildPlan(manifestOf(body), live, { now: at('2027-02-01T00:00:00Z') });
    // tom keeps viewer through colorists: a downgrade, not a removal (made because editor ended).
    expect(lines(plan)).toContain('ws Marketing tom editor>viewer [expired 2027-01-31]');
    expect(lines(plan).some((l) => l.startsWith('rm Marketing tom'))).toBe(false);
  });

  it('an ended grant of someone who has left the account is no error: nothing to take away', () => {
    const { tom: _gone, ...users } = LIVE.users;
    const workspaces = LIVE.workspaces!.map((w) => {
      const { tom: _t, ...members } = w.members!;
      return { ...w, members };
    });
    const plan = buildPlan(m, liveState([{ ...LIVE, users, workspaces }]), { now: at('2027-02-01T00:00:00Z') });
    expect(lines(plan).some((l) => l.includes(' tom '))).toBe(false);
    expect(plan.notices?.filter((n) => n.email === 'tom@acme.test').map((n) => n.kind)).toEqual(['expired_not_live']);
    // Before the end, the same manifest names a user the account lacks: the usual error.
    expect(() =>
      buildPlan(m, liveState([{ ...LIVE, users, workspaces }]), { now: at('2027-01-01T00:00:00Z') }),
    ).toThrow(/tom@acme\.test/);
  });

  it('a manifest without ends plans the same whenever it runs: no now, no notices', () => {
    const plain = manifestOf('  users:\n    bob@acme.test: admin\n');
    const early = buildPlan(plain, live, { now: at('2027-01-01T00:00:00Z') });
    const late = buildPlan(plain, live, { now: at('2030-01-01T00:00:00Z') });
    expect(early).toEqual(late);
    expect(early.now).toBeUndefined();
    expect(early.notices).toBeUndefined();
  });

  it('a plan without a clock refuses a manifest with ends (a programming error)', () => {
    expect(() => buildPlan(m, live)).toThrow(/needs `now`/);
  });
});

describe('expiry and policy', () => {
  const live = liveState([LIVE]);
  const now = at('2027-02-01T00:00:00Z');

  it('max_removals counts expiry removals like any other', () => {
    const plan = buildPlan(manifestOf(BODY.replace('max_removals: 10', 'max_removals: 1')), live, { now });
    expect(plan.policy.ok).toBe(false);
    expect(plan.policy.violations.map((v) => v.rule)).toContain('max_removals');
  });

  it('min_admins holds an admin demotion back when it would leave too few', () => {
    const plan = buildPlan(manifestOf(BODY.replace('max_removals: 10', 'max_removals: 10\n  min_admins: 4')), live, {
      now,
    });
    expect(plan.policy.violations.map((v) => v.rule)).toEqual(['min_admins']);
  });

  it('a protected user is not removed when their grant ends: the guard wins, held', () => {
    const body = BODY.replace('max_removals: 10', 'max_removals: 10\n  protected: [tom@acme.test]');
    const plan = buildPlan(manifestOf(body), live, { now });
    expect(lines(plan).some((l) => l.includes(' tom '))).toBe(false);
    expect(plan.notes.find((n) => n.email === 'tom@acme.test')).toMatchObject({
      kind: 'protected',
      message:
        'tom@acme.test is editor in Marketing, a grant that expired on 2027-01-31; not removed, as the user is ' +
        'protected by policy.protected',
    });
  });

  it('an end on the owner or the token user never comes: a notice says so', () => {
    const body = BODY.replace(
      '    bob@acme.test: admin\n',
      '    bob@acme.test: admin\n    owner@acme.test: { role: admin, expires: 2027-01-31 }\n',
    );
    const plan = buildPlan(manifestOf(body), live, { now: at('2027-01-01T00:00:00Z') });
    expect(plan.notices?.filter((n) => n.kind === 'expiry_guarded').map((n) => n.message)).toEqual([
      'owner@acme.test admin of the account has expires: 2027-01-31, but owner@acme.test is the account owner, ' +
        'whom rolesync never demotes or removes: the grant will not end; drop the expires',
    ]);
  });

  it("after the owner's end: only the guarded notice, not 'not live there: it will not be added'", () => {
    // The owner holds more than admin: their admin grant is live, and nothing is added.
    const body = BODY.replace(
      '    bob@acme.test: admin\n',
      '    bob@acme.test: admin\n    owner@acme.test: { role: admin, expires: 2027-01-31 }\n',
    );
    const plan = buildPlan(manifestOf(body), live, { now: at('2027-02-01T00:00:00Z') });
    const owner = plan.notices?.filter((n) => n.email === 'owner@acme.test').map((n) => n.kind);
    expect(owner).toEqual(['expiry_guarded']);
  });

  it('in every scope kind, an ended grant with nothing live is a notice, not a change', () => {
    // Everything of BODY already gone by hand: alice a member, erin out of Post, nobody in Marketing.
    const gone = liveState([
      {
        ...LIVE,
        users: { ...LIVE.users, alice: 'member' },
        groups: [{ name: 'Post', members: ['fay'] }],
        workspaces: [
          {
            name: 'Marketing',
            members: {},
            groupGrants: {},
            projects: [{ name: 'Spring', members: {}, groupGrants: {} }],
          },
        ],
      },
    ]);
    const plan = buildPlan(manifestOf(BODY), gone, { now: at('2027-02-01T00:00:00Z') });
    expect(plan.changes.filter((c) => 'reason' in c && c.reason)).toEqual([]);
    expect(plan.notices?.filter((n) => n.kind === 'expired_not_live').map((n) => n.message)).toEqual([
      "Frame.io group Post's grant in Marketing / Spring expired on 2027-01-31 and is not live there: it will not be added",
      "Frame.io group Post's grant in Marketing expired on 2027-01-31 and is not live there: it will not be added",
      "alice@acme.test's admin grant in the account expired on 2027-01-31 and is not live there: it will not be added",
      'client@acme.test in Marketing / Spring expired on 2027-01-31 and is not live there: it will not be added',
      'dave@acme.test in Marketing expired on 2027-01-31T12:00:00+01:00 and is not live there: it will not be added',
      'erin@acme.test in Frame.io group Post expired on 2027-01-31 and is not live there: it will not be added',
      'tom@acme.test in Marketing expired on 2027-01-31 and is not live there: it will not be added',
    ]);
  });

  it('an ended grant that is not live is not added, and says so', () => {
    const body = BODY.replace(
      '      tom@acme.test: { role: editor, expires: 2027-01-31 }\n',
      '      tom@acme.test: { role: editor, expires: 2027-01-31 }\n      fay@acme.test: { role: viewer, expires: 2027-01-15 }\n',
    );
    const plan = buildPlan(manifestOf(body), live, { now });
    expect(lines(plan).some((l) => l.includes(' fay'))).toBe(false);
    expect(plan.notices?.filter((n) => n.kind === 'expired_not_live').map((n) => n.message)).toEqual([
      'fay@acme.test in Marketing expired on 2027-01-15 and is not live there: it will not be added',
    ]);
  });
});

describe('an ended grant above a running one', () => {
  // tom's editor grant ends; colorists (tom among them) keep viewer: his access beyond viewer ends.
  const body = BODY.replace(
    'groups:\n  colorists: [carol@acme.test,',
    'groups:\n  colorists: [tom@acme.test, carol@acme.test,',
  );
  const live = liveState([LIVE]);

  it('lowers the role with the reason expired, so apply --only-expired ends that access too', () => {
    const plan = buildPlan(manifestOf(body), live, { now: at('2027-01-31T00:00:00Z') });
    const tom = lines(plan).filter((l) => l.includes(' tom '));
    expect(tom).toEqual(['ws Marketing tom editor>viewer [expired 2027-01-31]']);
    expect(lines(onlyExpiryChanges(plan)).filter((l) => l.includes(' tom '))).toEqual(tom);
  });

  it('is no expiry change before the end', () => {
    const plan = buildPlan(manifestOf(body), live, { now: at('2027-01-30T23:59:59Z') });
    expect(lines(plan).filter((l) => l.includes(' tom '))).toEqual([]);
  });
});
