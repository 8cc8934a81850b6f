// Frame.io group changes in the plan's order, its notes' order, its estimate and its summary
// (GROUPS-SPEC decision 5): created before filled, filled before granted, granted before taken away;
// a group's member adds batched MAX_GROUP_USER_IDS to a call.
import { describe, expect, it } from 'vitest';
import { MAX_GROUP_USER_IDS, WRITE_CLASSES, WRITE_LIMITS, type WriteClass } from '../../src/api/index.js';
import { CallsLeft, describeEstimate, estimate, writeCounts } from '../../src/plan/estimate.js';
import { changePhase, compareNotes, sortChanges } from '../../src/plan/order.js';
import { summarize } from '../../src/plan/summary.js';
import type { Change, PlanNote } from '../../src/plan/types.js';
import { fmt, shuffle } from './builders.js';

const ws = (account_id: string, workspace: string) => ({
  account_id,
  workspace_id: `ws-${workspace}`,
  workspace_name: workspace,
});
const pr = (account_id: string, workspace: string, project: string) => ({
  ...ws(account_id, workspace),
  project_id: `p-${project}`,
  project_name: project,
});
const group = (name: string, created = false) => ({ group_id: created ? null : `g-${name}`, group_name: name });
const user = (name: string) => ({ user_id: `u-${name}`, email: `${name}@x` });

const create = (account_id: string, name: string): Change => ({
  action: 'create_frameio_group',
  account_id,
  group_id: null,
  group_name: name,
  emoji: '👥',
  from: null,
  to: 'frame',
});
const add = (account_id: string, name: string, who: string, created = false): Change => ({
  action: 'add_frameio_group_member',
  account_id,
  ...group(name, created),
  ...user(who),
  from: null,
  to: 'member',
});
const drop = (account_id: string, name: string, who: string): Change => ({
  action: 'remove_frameio_group_member',
  account_id,
  group_id: `g-${name}`,
  group_name: name,
  ...user(who),
  from: 'member',
  to: null,
});
type Role = 'editor' | 'viewer' | 'commenter' | 'full_access';
const wsg = (account: string, workspace: string, name: string, from: Role | null, to: Role): Change => ({
  action: 'set_workspace_group_role',
  ...ws(account, workspace),
  ...group(name),
  from,
  to,
});
const rmwsg = (account: string, workspace: string, name: string, from: Role): Change => ({
  action: 'remove_workspace_group',
  ...ws(account, workspace),
  group_id: `g-${name}`,
  group_name: name,
  from,
  to: null,
});
const pg = (
  account: string,
  workspace: string,
  project: string,
  name: string,
  from: Role | null,
  to: Role,
): Change => ({
  action: 'set_project_group_role',
  ...pr(account, workspace, project),
  ...group(name),
  from,
  to,
});
const rmpg = (account: string, workspace: string, project: string, name: string, from: Role): Change => ({
  action: 'remove_project_group',
  ...pr(account, workspace, project),
  group_id: `g-${name}`,
  group_name: name,
  from,
  to: null,
});
const acct = (account_id: string, who: string, from: 'member' | 'admin', to: 'member' | 'admin'): Change => ({
  action: 'set_account_role',
  account_id,
  ...user(who),
  from,
  to,
});
const wsSet = (account: string, workspace: string, who: string, from: Role | null, to: Role): Change => ({
  action: 'set_workspace_role',
  ...ws(account, workspace),
  ...user(who),
  from,
  to,
});
const rm = (account: string, workspace: string, who: string, from: Role): Change => ({
  action: 'remove_workspace_user',
  ...ws(account, workspace),
  ...user(who),
  from,
  to: null,
});
const proj = (
  account: string,
  workspace: string,
  project: string,
  who: string,
  from: Role | null,
  to: Role,
): Change => ({
  action: 'set_project_role',
  ...pr(account, workspace, project),
  ...user(who),
  from,
  to,
});

const label = (c: Change) => `${c.account_id} ${fmt(c)}`;

describe('phases of the group changes', () => {
  it.each<[string, Change, number]>([
    ['a group is created with the first', create('a', 'G'), 0],
    ['a member add gives access: with the first', add('a', 'G', 'x'), 0],
    ['a group grant added is a grant', wsg('a', 'W', 'G', null, 'viewer'), 1],
    ['a group grant raised is a grant', pg('a', 'W', 'P', 'G', 'viewer', 'editor'), 1],
    ['a group grant lowered is a downgrade', wsg('a', 'W', 'G', 'editor', 'viewer'), 2],
    ['a project group grant lowered is a downgrade', pg('a', 'W', 'P', 'G', 'editor', 'commenter'), 2],
    ['a workspace group grant removed', rmwsg('a', 'W', 'G', 'viewer'), 3],
    ['a project group grant removed', rmpg('a', 'W', 'P', 'G', 'viewer'), 3],
    ['a member removed', drop('a', 'G', 'x'), 3],
  ])('%s', (_name, change, phase) => {
    expect(changePhase(change)).toBe(phase);
  });
});

describe('change order with groups', () => {
  it('creates, member adds, promotions; group grants with user grants; group removals with removals', () => {
    const expected: Change[] = [
      create('a1', 'zeta'),
      create('a2', 'alpha'),
      add('a1', 'beta', 'bob'),
      add('a1', 'zeta', 'carol', true),
      add('a2', 'alpha', 'bob', true),
      acct('a1', 'pat', 'member', 'admin'),
      // A workspace's group grants before its users' (no email sorts first), then its projects'.
      wsg('a1', 'Alpha', 'beta', null, 'editor'),
      wsg('a1', 'Alpha', 'zeta', 'viewer', 'editor'),
      wsSet('a1', 'Alpha', 'carol', null, 'viewer'),
      pg('a1', 'Alpha', 'Spring', 'beta', null, 'viewer'),
      proj('a1', 'Alpha', 'Spring', 'dave', null, 'editor'),
      wsg('a1', 'Beta', 'beta', null, 'commenter'),
      wsg('a1', 'Alpha', 'omega', 'editor', 'viewer'),
      wsSet('a1', 'Alpha', 'erin', 'editor', 'viewer'),
      // Member removals have no workspace: an account's first among the removals.
      drop('a1', 'beta', 'frank'),
      drop('a1', 'beta', 'gina'),
      drop('a1', 'delta', 'bob'),
      rmwsg('a1', 'Alpha', 'omega', 'viewer'),
      rm('a1', 'Alpha', 'gina', 'viewer'),
      rmpg('a1', 'Alpha', 'Spring', 'omega', 'viewer'),
      acct('a1', 'sam', 'admin', 'member'),
    ];
    for (const seed of [1, 2, 3, 42]) {
      expect(sortChanges(shuffle(expected, seed)).map(label)).toEqual(expected.map(label));
    }
  });
});

describe('note order with groups', () => {
  const note = (group_name: string | undefined, message: string, workspace_name?: string): PlanNote =>
    ({
      kind: 'self_untouchable',
      account_id: 'a',
      ...(workspace_name ? { workspace_id: `ws-${workspace_name}`, workspace_name } : {}),
      ...(group_name ? { group_id: `g-${group_name}`, group_name } : {}),
      email: 'svc@x',
      user_id: 'u-svc',
      role: 'member',
      desired: null,
      message,
    }) as PlanNote;

  it("an account's group notes come before its workspaces', by group name, whatever their sentences", () => {
    const expected = [note('alpha', 'z'), note('beta', 'a'), note('gamma', 'm'), note(undefined, 'a', 'Marketing')];
    for (const seed of [1, 5, 9]) expect(shuffle(expected, seed).sort(compareNotes)).toEqual(expected);
  });
});

describe('estimate with groups', () => {
  const adds = (account: string, name: string, n: number, created = false) =>
    Array.from({ length: n }, (_, i) => add(account, name, `m${i}`, created));

  it.each<[string, Change[], number]>([
    ['one add is one call', adds('a', 'post', 1), 1],
    [`${MAX_GROUP_USER_IDS} adds to one group are one call`, adds('a', 'post', MAX_GROUP_USER_IDS), 1],
    [`${MAX_GROUP_USER_IDS + 1} adds to one group are two`, adds('a', 'post', MAX_GROUP_USER_IDS + 1), 2],
    [
      'per group: 250 to post, 50 to a group created by the plan, 30 to another account’s post',
      [...adds('a', 'post', 250), ...adds('a', 'fresh', 50, true), ...adds('b', 'post', 30)],
      5,
    ],
    ['two groups of 10 are two calls', [...adds('a', 'post', 10), ...adds('a', 'crew', 10)], 2],
  ])('%s', (_name, changes, calls) => {
    expect(estimate(changes).calls.group_member_add).toBe(calls);
    expect(writeCounts(changes).group_member_add).toBe(calls);
  });

  it('every other group class is a call a change', () => {
    const changes = [
      create('a', 'G'),
      create('a', 'H'),
      drop('a', 'G', 'x'),
      drop('a', 'G', 'y'),
      wsg('a', 'W', 'G', null, 'viewer'),
      rmwsg('a', 'W', 'H', 'viewer'),
      pg('a', 'W', 'P', 'G', null, 'editor'),
      pg('a', 'W', 'Q', 'G', null, 'editor'),
      rmpg('a', 'W', 'P', 'H', 'viewer'),
    ];
    const { calls } = estimate(changes);
    expect(WRITE_CLASSES.filter((k) => calls[k] > 0).map((k) => `${k} ${calls[k]}`)).toEqual([
      'group_create 2',
      'group_member_remove 2',
      'workspace_group_patch 1',
      'workspace_group_delete 1',
      'project_group_patch 2',
      'project_group_delete 1',
    ]);
  });

  it('1,500 members onboarded into one group: 15 calls, not 1,500 role updates', () => {
    const est = estimate(adds('a', 'post', 1500));
    expect(est.calls.group_member_add).toBe(15);
    // 10 at once, then 10 a minute: five more calls, 6 s apart.
    expect(est.min_seconds).toBe(30);
    expect(describeEstimate(est)).toBe(
      `about 30 s (estimate: 10 group member adds of up to ${MAX_GROUP_USER_IDS} users at once, then 10 a minute)`,
    );
  });

  it.each<[WriteClass, string]>([
    ['group_create', 'group creations'],
    ['group_member_remove', 'group member removals'],
    ['workspace_group_patch', 'workspace group role updates'],
    ['workspace_group_delete', 'workspace group removals'],
    ['project_group_patch', 'project group role updates'],
    ['project_group_delete', 'project group removals'],
  ])('describeEstimate has words for %s', (cls, words) => {
    const calls = Object.fromEntries(WRITE_CLASSES.map((k) => [k, 0])) as Record<WriteClass, number>;
    calls[cls] = WRITE_LIMITS[cls].limit * 3;
    const perMinute = (WRITE_LIMITS[cls].limit * 60_000) / WRITE_LIMITS[cls].windowMs;
    expect(describeEstimate({ calls, min_seconds: 120 })).toBe(
      `about 2 min (estimate: ${WRITE_LIMITS[cls].limit} ${words} at once, then ${perMinute} a minute)`,
    );
  });

  it('calls left count down as the changes finish: a batch call finishes with its last member', () => {
    const changes = [...adds('a', 'post', 150), create('a', 'G')];
    const left = new CallsLeft(changes);
    expect(left.counts.group_member_add).toBe(2);
    const finished = changes.map((c) => left.done(c));
    // The 50th add leaves 100 (one call's worth), the 150th none; the create is a call of its own.
    expect(finished.flatMap((n, i) => (n > 0 ? [`${i + 1}:${n}`] : []))).toEqual(['50:1', '150:1', '151:1']);
    expect(left.counts.group_member_add).toBe(0);
    expect(left.counts.group_create).toBe(0);
  });
});

describe('summary with groups', () => {
  it('counts creates, member adds and new group grants as adds, role changes as changes, removals as removals', () => {
    const changes = [
      create('a', 'G'),
      add('a', 'G', 'x', true),
      add('a', 'H', 'y'),
      wsg('a', 'W', 'G', null, 'viewer'),
      wsg('a', 'W', 'H', 'viewer', 'editor'),
      pg('a', 'W', 'P', 'G', null, 'editor'),
      pg('a', 'W', 'P', 'H', 'editor', 'viewer'),
      drop('a', 'H', 'z'),
      rmwsg('a', 'W', 'K', 'viewer'),
      rmpg('a', 'W', 'P', 'K', 'viewer'),
    ];
    expect(summarize(changes)).toEqual({ add: 5, change: 2, remove: 3, total: 10 });
  });
});
