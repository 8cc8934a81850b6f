import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { planChecksum } from '../../src/plan/checksum.js';
import { changePhase, sortChanges } from '../../src/plan/order.js';
import type { Change } from '../../src/plan/types.js';
import type { DesiredAccount, Manifest } from '../../src/manifest/types.js';
import type { LiveState } from '../../src/live/types.js';
import { type LiveSpec, desiredAccount, fmt, liveState, manifest, shuffle } from './builders.js';

const acct = (account_id: string, email: string, from: Change['from'], to: 'admin' | 'member'): Change =>
  ({ action: 'set_account_role', account_id, user_id: `u-${email}`, email, from, to }) as Change;
const wsSet = (
  account_id: string,
  workspace_name: string,
  email: string,
  from: Change['from'],
  to: string,
  workspace_id = `ws-${workspace_name}`,
): Change =>
  ({
    action: 'set_workspace_role',
    account_id,
    workspace_id,
    workspace_name,
    user_id: `u-${email}`,
    email,
    from,
    to,
  }) as Change;
const rm = (account_id: string, workspace_name: string, email: string, from: string): Change =>
  ({
    action: 'remove_workspace_user',
    account_id,
    workspace_id: `ws-${workspace_name}`,
    workspace_name,
    user_id: `u-${email}`,
    email,
    from,
    to: null,
  }) as Change;

const label = (c: Change) => `${c.account_id} ${fmt(c)}${'workspace_id' in c ? ` ${c.workspace_id}` : ''}`;

describe('change order', () => {
  it.each<[string, Change, number]>([
    ['member -> admin is a promotion', acct('a', 'x', 'member', 'admin'), 0],
    ['reviewer -> member is a promotion', acct('a', 'x', 'reviewer', 'member'), 0],
    ['none -> member is a promotion', acct('a', 'x', null, 'member'), 0],
    ['an add is a grant', wsSet('a', 'W', 'x', null, 'viewer'), 1],
    ['viewer -> editor is a grant', wsSet('a', 'W', 'x', 'viewer', 'editor'), 1],
    ['editor -> viewer is a downgrade', wsSet('a', 'W', 'x', 'editor', 'viewer'), 2],
    ['a removal', rm('a', 'W', 'x', 'viewer'), 3],
    ['admin -> member is a demotion, last', acct('a', 'x', 'admin', 'member'), 4],
  ])('%s', (_name, change, phase) => {
    expect(changePhase(change)).toBe(phase);
  });

  it('sorts lock-out safe: grants before downgrades, removals, then account demotions; ties by account, workspace name, id, email', () => {
    const expected: Change[] = [
      acct('a1', 'b@x', 'member', 'admin'),
      acct('a1', 'c@x', 'reviewer', 'member'),
      acct('a2', 'a@x', 'member', 'admin'),
      wsSet('a1', 'Alpha', 'z@x', null, 'viewer'),
      wsSet('a1', 'Beta', 'a@x', 'viewer', 'editor', 'ws-1'),
      wsSet('a1', 'Beta', 'a@x', null, 'editor', 'ws-2'),
      wsSet('a1', 'Beta', 'b@x', null, 'viewer', 'ws-2'),
      wsSet('a2', 'Alpha', 'a@x', null, 'viewer'),
      wsSet('a1', 'Alpha', 'a@x', 'editor', 'viewer'),
      rm('a1', 'Alpha', 'y@x', 'viewer'),
      rm('a1', 'Beta', 'a@x', 'viewer'),
      rm('a2', 'Alpha', 'a@x', 'viewer'),
      acct('a1', 'd@x', 'admin', 'member'),
      acct('a2', 'b@x', 'admin', 'member'),
    ];
    for (const seed of [1, 2, 3, 42]) {
      const input = shuffle(expected, seed);
      expect(sortChanges(input).map(label)).toEqual(expected.map(label));
    }
  });

  it('an apply cut off at any point has promoted before it demoted', () => {
    // Swap the admin: bob in, alice out. Every prefix of the plan keeps at least one admin.
    const plan = buildPlan(
      manifest({
        mode: 'authoritative',
        users: { bob: 'admin' },
        workspaces: { W: { mode: 'authoritative', users: { carol: 'viewer' } } },
      }),
      liveState([
        {
          users: { alice: 'admin', bob: 'member', carol: 'member', dave: 'member', svc: 'member' },
          workspaces: [{ name: 'W', members: { carol: 'editor', dave: 'viewer', alice: 'admin' } }],
        },
      ]),
    );
    expect(plan.changes.map(fmt)).toEqual([
      'acct bob member>admin',
      'ws W carol editor>viewer',
      'rm W dave viewer',
      'acct alice admin>member',
    ]);
    const admins = new Set(['alice@acme.test']);
    for (const c of plan.changes) {
      if (c.action === 'set_account_role') {
        if (c.to === 'admin') admins.add(c.email);
        else admins.delete(c.email);
      }
      expect(admins.size).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('determinism', () => {
  const LIVE: LiveSpec = {
    users: {
      owner: 'owner',
      alice: 'admin',
      grace: 'admin',
      svc: 'admin',
      bob: 'member',
      carol: 'member',
      dave: 'member',
      erin: 'member',
      frank: 'member',
    },
    workspaces: [
      {
        name: 'Marketing',
        members: { owner: 'owner', bob: 'viewer', carol: 'editor', erin: 'commenter', frank: 'viewer' },
      },
      { name: 'Design', members: { bob: 'full_access', dave: 'viewer' } },
      { name: 'Sound', members: { carol: 'editor', frank: 'edit_only' } },
    ],
  };
  const DESIRED = desiredAccount({
    mode: 'authoritative',
    users: { alice: 'admin', bob: 'admin', carol: 'member' },
    groups: { colorists: ['carol', 'dave'], editors: ['dave', 'erin'] },
    policy: { maxRemovals: { kind: 'count', value: 10 } },
    workspaces: {
      Marketing: {
        mode: 'authoritative',
        users: { carol: 'viewer' },
        groups: { colorists: 'editor', editors: 'full_access' },
      },
      Design: { users: { frank: 'editor' }, groups: { editors: 'viewer' } },
      Sound: { mode: 'authoritative', groups: { colorists: 'commenter' } },
    },
  });

  function shuffled(seed: number): { m: Manifest; l: LiveState } {
    const d: DesiredAccount = {
      ...DESIRED,
      users: shuffle(DESIRED.users, seed),
      groups: shuffle(DESIRED.groups, seed + 1).map((g) => ({ ...g, members: shuffle(g.members, seed + 2) })),
      workspaces: shuffle(DESIRED.workspaces, seed + 3).map((w) => ({
        ...w,
        users: shuffle(w.users, seed + 4),
        groups: shuffle(w.groups, seed + 5),
      })),
    };
    const base = liveState([LIVE]);
    const l: LiveState = {
      self: base.self,
      accounts: base.accounts.map((a) => ({
        ...a,
        users: shuffle(a.users, seed + 6),
        workspaces: shuffle(a.workspaces, seed + 7).map((w) => ({ ...w, members: shuffle(w.members ?? [], seed + 8) })),
      })),
    };
    return { m: manifest(d), l };
  }

  const reference = buildPlan(manifest(DESIRED), liveState([LIVE]));

  it('the reference plan is not trivial', () => {
    expect(reference.changes.length).toBeGreaterThan(8);
    expect(new Set(reference.changes.map((c) => c.action)).size).toBe(3);
  });

  it.each([1, 7, 99, 2024, 31337])('shuffled inputs (seed %i) give the identical plan and checksum', (seed) => {
    const { m, l } = shuffled(seed);
    const again = buildPlan(m, l);
    expect(again).toEqual(reference);
    expect(JSON.stringify(again)).toBe(JSON.stringify(reference));
    expect(planChecksum(again)).toBe(planChecksum(reference));
  });
});
