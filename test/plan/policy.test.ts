import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { checkPolicy, maxRemovalsExceeded } from '../../src/plan/policy.js';
import type { MaxRemovals } from '../../src/manifest/types.js';
import type { LiveSpec, AccountSpec } from './builders.js';
import { liveState, manifest, withInheritedRows } from './builders.js';

const pct = (value: number): MaxRemovals => ({ kind: 'percent', value });
const cnt = (value: number): MaxRemovals => ({ kind: 'count', value });

/** A live account with one workspace of `n` members m0..m(n-1) (viewers) plus an account-admin row. */
function bigWorkspace(n: number): LiveSpec {
  const users: LiveSpec['users'] = { owner: 'owner', alice: 'admin', svc: 'member' };
  const members: Record<string, 'viewer' | 'admin'> = { alice: 'admin' };
  for (let i = 0; i < n; i++) {
    users[`m${String(i).padStart(2, '0')}`] = 'member';
    members[`m${String(i).padStart(2, '0')}`] = 'viewer';
  }
  return { users, workspaces: [{ name: 'Marketing', members }] };
}

/** Keep the first `keep` members of bigWorkspace in an authoritative manifest: removes n - keep. */
function keeping(keep: number, maxRemovals: MaxRemovals, extra: Partial<AccountSpec> = {}): AccountSpec {
  const users: Record<string, 'viewer'> = {};
  for (let i = 0; i < keep; i++) users[`m${String(i).padStart(2, '0')}`] = 'viewer';
  return { policy: { maxRemovals }, workspaces: { Marketing: { mode: 'authoritative', users } }, ...extra };
}

describe('max_removals', () => {
  it.each<[string, MaxRemovals, number, number, string | null]>([
    ['percent within', pct(25), 7, 30, null],
    [
      'percent over, rounded down',
      pct(25),
      8,
      30,
      'W: 8 removals of 30 members (27%) exceed max_removals 25% (7); pass --force to allow',
    ],
    ['percent allows at least one on a small workspace', pct(25), 1, 3, null],
    [
      'percent: two of three is over',
      pct(25),
      2,
      3,
      'W: 2 removals of 3 members (67%) exceed max_removals 25% (1); pass --force to allow',
    ],
    [
      'percent never empties a workspace, even at 100%',
      pct(100),
      4,
      4,
      'W: 4 removals of 4 members (100%) would leave it with no members; max_removals 100% never allows that ' +
        '(set max_removals: 4 to allow it); pass --force to allow',
    ],
    [
      'percent: the single member of a workspace',
      pct(50),
      1,
      1,
      'W: 1 removal of 1 member (100%) would leave it with no members; max_removals 50% never allows that (set ' +
        'max_removals: 1 to allow it); pass --force to allow',
    ],
    [
      'percent 0 allows no removal',
      pct(0),
      1,
      10,
      'W: 1 removal of 10 members (10%) exceeds max_removals 0% (0); pass --force to allow',
    ],
    ['count within', cnt(3), 3, 10, null],
    ['count over', cnt(3), 4, 10, 'W: 4 removals of 10 members exceed max_removals 3; pass --force to allow'],
    ['count may explicitly allow emptying a workspace', cnt(2), 2, 2, null],
    ['no removals', pct(25), 0, 0, null],
  ])('%s', (_name, limit, removals, members, expected) => {
    expect(maxRemovalsExceeded(limit, removals, members, 'W')).toBe(expected);
  });

  it('counts the current removable members (not account-admin rows) and names the numbers', () => {
    const plan = buildPlan(manifest(keeping(21, pct(25))), liveState([bigWorkspace(30)]));
    expect(plan.summary.remove).toBe(9);
    expect(plan.policy).toEqual({
      ok: false,
      violations: [
        {
          rule: 'max_removals',
          account_id: 'acc-1',
          workspace_id: 'ws-marketing',
          workspace_name: 'Marketing',
          message: 'Marketing: 9 removals of 30 members (30%) exceed max_removals 25% (7); pass --force to allow',
          overridable: true,
        },
      ],
    });
  });

  it('--force lifts a max_removals violation', () => {
    const plan = buildPlan(manifest(keeping(21, pct(25))), liveState([bigWorkspace(30)]), { force: true });
    expect(plan.policy.ok).toBe(true);
    expect(plan.policy.violations.map((v) => v.rule)).toEqual(['max_removals']);
  });

  it('within the limit the verdict is ok', () => {
    const plan = buildPlan(manifest(keeping(23, pct(25))), liveState([bigWorkspace(30)]));
    expect(plan.summary.remove).toBe(7);
    expect(plan.policy).toEqual({ ok: true, violations: [] });
  });

  it('a tiny workspace cannot lose everyone on a typo', () => {
    // The list names the wrong people (here: only svc, who is not in the workspace yet).
    const live = bigWorkspace(2);
    const plan = buildPlan(
      manifest({
        policy: { maxRemovals: pct(50) },
        users: {},
        workspaces: { Marketing: { mode: 'authoritative', users: { svc: 'viewer' } } },
      }),
      liveState([live]),
    );
    expect(plan.summary.remove).toBe(2);
    expect(plan.policy.ok).toBe(false);
    expect(plan.policy.violations[0]?.message).toContain('would leave it with no members');
  });
});

describe('min_admins', () => {
  const LIVE: LiveSpec = {
    users: {
      owner: 'owner',
      alice: 'admin',
      grace: 'admin',
      bob: 'member',
      svc: 'member',
      gone: { role: 'admin', active: false },
    },
    workspaces: [],
  };

  it.each<[string, AccountSpec, boolean, string[]]>([
    [
      'the owner counts as an admin',
      { mode: 'authoritative', users: { bob: 'member' }, policy: { minAdmins: 1 } },
      true,
      [],
    ],
    [
      'demoting below min_admins is refused',
      { mode: 'authoritative', users: { bob: 'member' }, policy: { minAdmins: 2 } },
      false,
      ['min_admins'],
    ],
    [
      'a promotion in the same plan counts',
      { mode: 'authoritative', users: { bob: 'admin' }, policy: { minAdmins: 2 } },
      true,
      [],
    ],
    [
      'deactivated admins do not count',
      { users: { alice: 'member', grace: 'member' }, policy: { minAdmins: 2 } },
      false,
      ['min_admins'],
    ],
    ['already fewer than min_admins live is reported', { policy: { minAdmins: 4 } }, false, ['min_admins']],
  ])('%s', (_name, spec, ok, rules) => {
    const plan = buildPlan(manifest(spec), liveState([LIVE]));
    expect(plan.policy.ok).toBe(ok);
    expect(plan.policy.violations.map((v) => v.rule)).toEqual(rules);
    expect(plan.policy.violations.every((v) => !v.overridable)).toBe(true);
  });

  it('names the numbers, and --force does not lift it', () => {
    const plan = buildPlan(
      manifest({ mode: 'authoritative', users: { bob: 'member' }, policy: { minAdmins: 2 } }),
      liveState([LIVE]),
      { force: true },
    );
    expect(plan.policy.ok).toBe(false);
    expect(plan.policy.violations[0]?.message).toBe(
      'account Acme Post (acc-1): 1 active admin after this plan (owner included), fewer than min_admins 2; list ' +
        'more admins under account.users or lower policy.min_admins (--force does not lift this)',
    );
  });
});

describe('empty_scope', () => {
  it('an authoritative workspace with no users and no groups that would remove members is refused, even with --force', () => {
    const plan = buildPlan(
      manifest({ policy: { maxRemovals: cnt(100) }, workspaces: { Marketing: { mode: 'authoritative' } } }),
      liveState([bigWorkspace(3)]),
      { force: true },
    );
    expect(plan.summary.remove).toBe(3);
    expect(plan.policy.ok).toBe(false);
    expect(plan.policy.violations).toEqual([
      {
        rule: 'empty_scope',
        account_id: 'acc-1',
        workspace_id: 'ws-marketing',
        workspace_name: 'Marketing',
        message:
          'Marketing: authoritative with no users and no groups, this plan would remove 3 members; list its ' +
          'members, or use mode: additive (--force does not lift this)',
        overridable: false,
      },
    ]);
  });

  it('an authoritative account with no users that would demote admins is refused', () => {
    const live: LiveSpec = { users: { owner: 'owner', alice: 'admin', bob: 'member', svc: 'member' } };
    const plan = buildPlan(manifest({ mode: 'authoritative' }), liveState([live]), { force: true });
    expect(plan.changes).toHaveLength(1);
    expect(plan.policy.violations.map((v) => [v.rule, v.overridable])).toEqual([['empty_scope', false]]);
    expect(plan.policy.ok).toBe(false);
  });

  it('--force lifts max_removals but not the other rules in the same verdict', () => {
    const live = bigWorkspace(4);
    const spec: AccountSpec = {
      mode: 'authoritative',
      policy: { minAdmins: 2 },
      workspaces: { Marketing: { mode: 'authoritative', users: { m00: 'viewer' } } },
    };
    const desired = manifest(spec);
    const plan = buildPlan(desired, liveState([live]));
    expect(plan.policy.violations.map((v) => v.rule).sort()).toEqual(['empty_scope', 'max_removals', 'min_admins']);
    const forced = checkPolicy(plan, desired, liveState([live]), { force: true });
    expect(forced.ok).toBe(false);
    const onlyRemovals = checkPolicy(
      { changes: plan.changes.filter((c) => c.action === 'remove_workspace_user') },
      desired,
      liveState([live]),
      { force: true },
    );
    expect(onlyRemovals.violations.map((v) => v.rule)).toEqual(['max_removals']);
    expect(onlyRemovals.ok).toBe(true);
    expect(
      checkPolicy(
        { changes: plan.changes.filter((c) => c.action === 'remove_workspace_user') },
        desired,
        liveState([live]),
      ).ok,
    ).toBe(false);
  });
});

describe('max_removals per project', () => {
  // Spring's direct grants: ext0..ext4 (project-only), bob's editor above his viewer. Carol's commenter is
  // hidden under her workspace editor and alice's under her admin role: neither counts.
  const LIVE: LiveSpec = {
    users: {
      alice: 'admin',
      svc: 'admin',
      bob: 'member',
      carol: 'member',
      ext0: 'member',
      ext1: 'member',
      ext2: 'member',
      ext3: 'member',
      ext4: 'member',
    },
    workspaces: [
      {
        name: 'Marketing',
        members: { alice: 'admin', bob: 'viewer', carol: 'editor' },
        projects: [
          {
            name: 'Spring',
            members: {
              alice: 'editor',
              bob: 'editor',
              carol: 'commenter',
              ext0: 'viewer',
              ext1: 'viewer',
              ext2: 'viewer',
              ext3: 'viewer',
              ext4: 'viewer',
            },
          },
          { name: 'Solo', members: { ext0: 'commenter' } },
        ],
      },
    ],
  };
  const keeping = (users: Record<string, 'viewer' | 'commenter'>, maxRemovals: MaxRemovals): AccountSpec => ({
    policy: { maxRemovals },
    workspaces: { Marketing: { projects: { Spring: { mode: 'authoritative', users } } } },
  });

  it.each([
    ['direct grants only', liveState([LIVE])],
    ['inherited access listed too', withInheritedRows(liveState([LIVE]))],
  ])('counts the direct grants of the project, naming it (%s)', (_variant, live) => {
    const plan = buildPlan(manifest(keeping({ ext0: 'viewer', ext1: 'viewer' }, pct(25))), live);
    expect(plan.changes.filter((c) => c.action === 'remove_project_user')).toHaveLength(3);
    expect(plan.policy).toEqual({
      ok: false,
      violations: [
        {
          rule: 'max_removals',
          account_id: 'acc-1',
          workspace_id: 'ws-marketing',
          workspace_name: 'Marketing',
          project_id: 'p-spring',
          project_name: 'Spring',
          message:
            'project "Spring" (Marketing): 3 removals of 6 direct grants (50%) exceed max_removals 25% (1); pass ' +
            '--force to allow',
          overridable: true,
        },
      ],
    });
  });

  it.each<[string, AccountSpec, string[]]>([
    ['within a percent', keeping({ ext0: 'viewer', ext1: 'viewer', ext2: 'viewer', ext3: 'viewer' }, pct(25)), []],
    ['within a count', keeping({ ext0: 'viewer' }, cnt(4)), []],
    [
      'over a count',
      keeping({ ext0: 'viewer' }, cnt(3)),
      ['project "Spring" (Marketing): 4 removals of 6 direct grants exceed max_removals 3; pass --force to allow'],
    ],
    [
      'a percent never takes every direct grant of a project',
      {
        policy: { maxRemovals: pct(100) },
        workspaces: { Marketing: { projects: { Solo: { mode: 'authoritative' } } } },
      },
      [
        'project "Solo" (Marketing): 1 removal of 1 direct grant (100%) would leave it with no direct grants; ' +
          'max_removals 100% never allows that (set max_removals: 1 to allow it); pass --force to allow',
      ],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(buildPlan(manifest(spec), liveState([LIVE])).policy.violations.map((v) => v.message)).toEqual(expected);
  });

  it('each project on its own, and --force lifts it', () => {
    const spec: AccountSpec = {
      policy: { maxRemovals: cnt(0) },
      workspaces: {
        Marketing: { projects: { Spring: { mode: 'authoritative' }, Solo: { mode: 'authoritative' } } },
      },
    };
    const plan = buildPlan(manifest(spec), liveState([LIVE]));
    expect(plan.policy.violations.map((v) => [v.project_name, v.message.split(':')[1]])).toEqual([
      ['Solo', ' 1 removal of 1 direct grant exceeds max_removals 0; pass --force to allow'],
      ['Spring', ' 5 removals of 6 direct grants exceed max_removals 0; pass --force to allow'],
    ]);
    expect(buildPlan(manifest(spec), liveState([LIVE]), { force: true }).policy.ok).toBe(true);
  });
});
