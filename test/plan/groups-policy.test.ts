// The safety check with Frame.io groups (GROUPS-SPEC decision 5): max_removals per group over its
// member removals; group grant removals counted in their workspace or project like user removals;
// empty_scope for an emptied authoritative group, and not for a workspace whose access is all groups.
import { describe, expect, it } from 'vitest';
import type { MaxRemovals } from '../../src/manifest/types.js';
import type { PolicyViolation } from '../../src/plan/types.js';
import { type AccountSpec, type LiveSpec, buildGroupPlan, fmt, liveState, manifest } from './builders.js';

const pct = (value: number): MaxRemovals => ({ kind: 'percent', value });
const cnt = (value: number): MaxRemovals => ({ kind: 'count', value });

// post has ten members m0..m9; Marketing has bob and carol and three group grants; Spring has one
// direct grant (ext) and two group grants.
const members = Array.from({ length: 10 }, (_, i) => `m${i}`);
const LIVE: LiveSpec = {
  users: {
    svc: 'admin',
    bob: 'member',
    carol: 'member',
    ext: 'member',
    ...Object.fromEntries(members.map((m) => [m, 'member' as const])),
  },
  groups: [
    { name: 'post', members },
    { name: 'okta', source: 'adobe' },
    { name: 'crew', members: [] },
  ],
  workspaces: [
    {
      name: 'Marketing',
      members: { bob: 'viewer', carol: 'viewer' },
      groupGrants: { post: 'viewer', okta: 'editor', crew: 'viewer' },
      projects: [{ name: 'Spring', members: { ext: 'viewer' }, groupGrants: { okta: 'viewer', crew: 'editor' } }],
    },
  ],
};

function verdict(spec: AccountSpec, force = false) {
  const plan = buildGroupPlan(manifest(spec), liveState([LIVE]), { force });
  return { plan, violations: plan.policy.violations, ok: plan.policy.ok };
}

const keeping = (n: number) => members.slice(0, n);

describe('max_removals per Frame.io group', () => {
  it.each<[string, MaxRemovals, number, string | null]>([
    ['percent within', pct(25), 8, null],
    [
      'percent over',
      pct(25),
      6,
      'group "post": 4 removals of 10 members (40%) exceed max_removals 25% (2); pass --force to allow',
    ],
    ['count within', cnt(3), 7, null],
    ['count over', cnt(3), 5, 'group "post": 5 removals of 10 members exceed max_removals 3; pass --force to allow'],
  ])('%s', (_name, maxRemovals, keep, message) => {
    const { plan, violations } = verdict({
      policy: { maxRemovals },
      frameioGroups: { post: { mode: 'authoritative', members: keeping(keep) } },
    });
    expect(plan.changes.filter((c) => c.action === 'remove_frameio_group_member')).toHaveLength(10 - keep);
    expect(violations).toEqual(
      message === null
        ? []
        : [
            {
              rule: 'max_removals',
              account_id: 'acc-1',
              group_id: 'g-post',
              group_name: 'post',
              message,
              overridable: true,
            },
          ],
    );
  });

  it('--force lets it through', () => {
    const spec: AccountSpec = {
      policy: { maxRemovals: cnt(1) },
      frameioGroups: { post: { mode: 'authoritative', members: keeping(5) } },
    };
    expect(verdict(spec).ok).toBe(false);
    expect(verdict(spec, true).ok).toBe(true);
  });
});

describe('group grant removals count in their workspace and project', () => {
  const only = (violations: PolicyViolation[]) => violations.map((v) => `${v.rule}: ${v.message}`);

  it('a workspace: its removed users and group grants against its members and group grants', () => {
    const { plan, violations } = verdict({
      policy: { maxRemovals: cnt(1) },
      frameioGroups: { post: {} },
      workspaces: { Marketing: { mode: 'authoritative', users: { bob: 'viewer' }, frameioGroups: { post: 'viewer' } } },
    });
    expect(plan.changes.map(fmt)).toEqual([
      'rmwsg Marketing crew viewer',
      'rmwsg Marketing okta editor',
      'rm Marketing carol viewer',
    ]);
    expect(only(violations)).toEqual([
      'max_removals: Marketing: 3 removals of 5 members and group grants exceed max_removals 1; pass --force to allow',
    ]);
  });

  it('a project: its removed direct and group grants against its direct and group grants', () => {
    const { plan, violations } = verdict({
      policy: { maxRemovals: pct(50) },
      frameioGroups: { post: {} },
      workspaces: { Marketing: { projects: { Spring: { mode: 'authoritative', frameioGroups: {} } } } },
    });
    expect(plan.changes.map(fmt)).toEqual([
      'rmpg Marketing/Spring crew editor',
      'rmpg Marketing/Spring okta viewer',
      'rmp Marketing/Spring ext viewer',
    ]);
    expect(only(violations)).toEqual([
      'max_removals: project "Spring" (Marketing): 3 removals of 3 direct and group grants (100%) would leave it ' +
        'with no direct and group grants; max_removals 50% never allows that (set max_removals: 3 to allow it); ' +
        'pass --force to allow',
    ]);
  });
});

describe('group grants read only to see access do not count', () => {
  const only = (violations: PolicyViolation[]) => violations.map((v) => `${v.rule}: ${v.message}`);

  it('a workspace and a project without a frameio_groups key: their users alone', () => {
    const { plan, violations } = verdict({
      policy: { maxRemovals: cnt(0) },
      frameioGroups: {},
      workspaces: {
        Marketing: {
          mode: 'authoritative',
          users: { bob: 'viewer' },
          projects: { Spring: { mode: 'authoritative' } },
        },
      },
    });
    expect(plan.changes.map(fmt)).toEqual(['rm Marketing carol viewer', 'rmp Marketing/Spring ext viewer']);
    // Not "of 5 members and group grants" nor "of 3 direct and group grants": the plan removes no grant there.
    expect(only(violations)).toEqual([
      'max_removals: Marketing: 1 removal of 2 members exceeds max_removals 0; pass --force to allow',
      'max_removals: project "Spring" (Marketing): 1 removal of 1 direct grant exceeds max_removals 0; pass --force ' +
        'to allow',
    ]);
  });
});

describe('empty_scope with groups', () => {
  it('an authoritative workspace whose access is all Frame.io groups is not empty', () => {
    const { plan, violations } = verdict({
      policy: { maxRemovals: cnt(10) },
      frameioGroups: { post: {}, okta: {}, crew: {} },
      workspaces: {
        Marketing: { mode: 'authoritative', frameioGroups: { post: 'viewer', okta: 'editor', crew: 'viewer' } },
      },
    });
    expect(plan.changes.map(fmt)).toEqual(['rm Marketing bob viewer', 'rm Marketing carol viewer']);
    expect(violations).toEqual([]);
  });

  it('an authoritative workspace with nothing listed would lose its group grants: refused', () => {
    const { violations } = verdict({
      policy: { maxRemovals: cnt(10) },
      frameioGroups: { post: {} },
      workspaces: {
        Marketing: { mode: 'authoritative', users: { bob: 'viewer', carol: 'viewer' }, frameioGroups: {} },
      },
    });
    expect(violations).toEqual([]);
    const empty = verdict({
      policy: { maxRemovals: cnt(10) },
      frameioGroups: { post: {} },
      workspaces: { Marketing: { mode: 'authoritative', frameioGroups: {} } },
    });
    expect(empty.violations.map((v) => `${v.rule} ${v.overridable}: ${v.message}`)).toEqual([
      'empty_scope false: Marketing: authoritative with no users and no groups, this plan would remove 2 members ' +
        'and 3 group grants; list its members, or use mode: additive (--force does not lift this)',
    ]);
  });

  it('an authoritative Frame.io group with no members listed would be emptied: refused', () => {
    const { violations } = verdict({
      policy: { maxRemovals: cnt(20) },
      frameioGroups: { post: { mode: 'authoritative', members: [] } },
    });
    expect(violations).toEqual([
      {
        rule: 'empty_scope',
        account_id: 'acc-1',
        group_id: 'g-post',
        group_name: 'post',
        message:
          'group "post": authoritative with no members and no groups, this plan would remove 10 members; ' +
          'list its members, or use mode: additive (--force does not lift this)',
        overridable: false,
      },
    ]);
  });
});
