// `plan --suggest-groups` as a pure function of the resolved manifest: which users cluster, what
// one group would cost against their role updates, which clusters are worth it, in which order.
import { describe, expect, it } from 'vitest';
import type { WorkspaceRole } from '../../src/api/index.js';
import { resolve } from '../../src/plan/index.js';
import { suggestGroups, type GroupSuggestion } from '../../src/plan/suggest-groups.js';
import {
  renderJsonWithSuggestions,
  suggestionsJson,
  suggestionsMarkdown,
  suggestionsText,
} from '../../src/render/suggestions.js';
import { type AccountSpec, type LiveSpec, liveState, manifest } from './builders.js';

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Every name a member of the account, each workspace read (and its projects): what resolve needs. */
function live(spec: AccountSpec, extra: LiveSpec['users'] = {}): LiveSpec {
  const users: LiveSpec['users'] = {};
  for (const ws of Object.values(spec.workspaces ?? {})) {
    for (const name of Object.keys(ws.users ?? {})) users[name] = 'member';
    for (const p of Object.values(ws.projects ?? {}))
      for (const name of Object.keys(p.users ?? {})) users[name] = 'member';
  }
  return {
    id: spec.id,
    users: { ...users, ...extra },
    workspaces: Object.entries(spec.workspaces ?? {}).map(([name, ws]) => ({
      name,
      members: {},
      ...(ws.projects ? { projects: Object.keys(ws.projects).map((p) => ({ name: p, members: {} })) } : {}),
    })),
  };
}

function suggest(spec: AccountSpec, options: { extra?: LiveSpec['users']; max?: number } = {}) {
  return suggestGroups(resolve(manifest(spec), liveState([live(spec, options.extra)])), options.max);
}

const same = (users: string[], role: WorkspaceRole) => Object.fromEntries(users.map((u) => [u, role]));

/** `3 users: Marketing=editor, Sound=viewer; 6 -> 4 calls` */
const short = (s: GroupSuggestion) =>
  `${s.users.length} users: ${s.grants
    .map((g) => `${g.project_name ? `${g.workspace_name}/${g.project_name}` : g.workspace_name}=${g.role}`)
    .join(', ')}; ${s.per_user.calls} -> ${s.via_group.calls} calls`;

describe('suggestGroups', () => {
  it.each([
    {
      name: 'three users with the same role on two workspaces: 6 role updates against 1 create, 1 add, 2 grants',
      spec: {
        workspaces: {
          Marketing: { users: same(['a', 'b', 'c'], 'editor') },
          Sound: { users: same(['a', 'b', 'c'], 'editor') },
        },
      },
      want: ['3 users: Marketing=editor, Sound=editor; 6 -> 4 calls'],
    },
    {
      name: 'two users on two workspaces: 4 calls either way, no saving, no suggestion',
      spec: {
        workspaces: { Marketing: { users: same(['a', 'b'], 'editor') }, Sound: { users: same(['a', 'b'], 'editor') } },
      },
      want: [],
    },
    {
      name: 'one group grant per scope carries its own role: the same roles per scope cluster',
      spec: {
        workspaces: {
          Marketing: { users: same(['a', 'b', 'c'], 'editor') },
          Sound: { users: same(['a', 'b', 'c'], 'viewer') },
        },
      },
      want: ['3 users: Marketing=editor, Sound=viewer; 6 -> 4 calls'],
    },
    {
      name: 'one grant more or another role parts users: each cluster on its own',
      spec: {
        workspaces: {
          Marketing: { users: { ...same(['a', 'b', 'c', 'd', 'e', 'f'], 'editor'), g: 'viewer' } },
          Sound: { users: { ...same(['a', 'b', 'c'], 'viewer'), ...same(['d', 'e', 'f', 'g'], 'commenter') } },
          Color: { users: same(['d', 'e', 'f'], 'viewer') },
        },
      },
      want: [
        '3 users: Color=viewer, Marketing=editor, Sound=commenter; 9 -> 5 calls',
        '3 users: Marketing=editor, Sound=viewer; 6 -> 4 calls',
      ],
    },
    {
      name: 'project grants count as project role updates, and the group grants the project',
      spec: {
        workspaces: {
          Marketing: {
            users: same(['a', 'b', 'c'], 'viewer'),
            projects: { 'Spring Campaign': { users: { a: 'full_access', b: 'full_access', c: 'full_access' } } },
          },
        },
      },
      want: ['3 users: Marketing=viewer, Marketing/Spring Campaign=full_access; 6 -> 4 calls'],
    },
    {
      name: 'a group cannot hold workspace_admin: those grants stay per user, the rest still cluster',
      spec: {
        workspaces: {
          Marketing: { users: same(['a', 'b', 'c'], 'editor') },
          Sound: { users: same(['a', 'b', 'c'], 'editor') },
          Color: { users: { a: 'workspace_admin' } },
        },
      },
      want: ['3 users: Marketing=editor, Sound=editor; 6 -> 4 calls'],
    },
  ] as { name: string; spec: AccountSpec; want: string[] }[])('$name', ({ spec, want }) => {
    expect(suggest(spec).clusters.map(short)).toEqual(want);
  });

  it('leaves out invited and deactivated users: a group takes active users only', () => {
    const spec: AccountSpec = {
      workspaces: {
        Marketing: { users: same(['a', 'b', 'c', 'inv', 'gone'], 'editor') },
        Sound: { users: same(['a', 'b', 'c', 'inv', 'gone'], 'editor') },
      },
    };
    const extra = {
      inv: { role: 'member' as const, id: null, active: null },
      gone: { role: 'member' as const, active: false },
    };
    expect(suggest(spec, { extra }).clusters.map((s) => s.users)).toEqual([
      ['a@acme.test', 'b@acme.test', 'c@acme.test'],
    ]);
  });

  it('500 users onboarded to 10 workspaces: 5,000 role updates at 10 a minute against 16 calls', () => {
    const users = names('u', 500);
    const workspaces = Object.fromEntries(names('ws', 10).map((w) => [w, { users: same(users, 'editor') }]));
    const [cluster, ...rest] = suggest({ workspaces }).clusters;
    expect(rest).toEqual([]);
    expect(cluster?.users).toHaveLength(500);
    expect(cluster?.grants.map((g) => g.workspace_name)).toEqual(names('ws', 10).sort());
    // The estimate's model: 10 at once, then one every 6 s.
    expect(cluster?.per_user).toEqual({ calls: 5000, min_seconds: (5000 - 10) * 6 });
    // 5 adds of 100 users and 10 grants fit their buckets of 10.
    expect(cluster?.via_group).toEqual({ calls: 16, min_seconds: 0, create: 1, member_adds: 5, grants: 10 });
    expect(cluster?.saved_calls).toBe(4984);
    expect(cluster?.saved_seconds).toBe(29_940);
  });

  it('orders by calls saved, largest first, capped; the rest are counted', () => {
    const spec: AccountSpec = {
      workspaces: {
        A: {
          users: {
            ...same(names('x', 4), 'viewer'),
            ...same(names('y', 3), 'editor'),
            ...same(names('z', 5), 'commenter'),
          },
        },
        B: {
          users: {
            ...same(names('x', 4), 'viewer'),
            ...same(names('y', 3), 'editor'),
            ...same(names('z', 5), 'commenter'),
          },
        },
      },
    };
    const all = suggest(spec);
    expect(all.clusters.map((s) => [s.users[0], s.saved_calls])).toEqual([
      ['z1@acme.test', 6],
      ['x1@acme.test', 4],
      ['y1@acme.test', 2],
    ]);
    expect(all.left_out).toBe(0);
    const capped = suggest(spec, { max: 2 });
    expect(capped.clusters.map((s) => s.users[0])).toEqual(['z1@acme.test', 'x1@acme.test']);
    expect(capped.left_out).toBe(1);
  });

  it('never clusters across accounts', () => {
    const one: AccountSpec = {
      id: 'acc-1',
      workspaces: { M: { users: same(['a', 'b', 'c'], 'editor') }, S: { users: same(['a', 'b', 'c'], 'editor') } },
    };
    const two: AccountSpec = { ...one, id: 'acc-2' };
    const resolution = resolve(manifest(one, two), liveState([live(one), live(two)]));
    expect(suggestGroups(resolution).clusters.map((s) => [s.account_id, s.users.length])).toEqual([
      ['acc-1', 3],
      ['acc-2', 3],
    ]);
  });

  it('is empty for a manifest without shared grants', () => {
    expect(suggest({ workspaces: { M: { users: { a: 'editor', b: 'viewer' } } } })).toEqual({
      clusters: [],
      left_out: 0,
    });
  });
});

describe('rendered suggestions', () => {
  const users = names('u', 500);
  const workspaces = Object.fromEntries(names('ws', 10).map((w) => [w, { users: same(users, 'editor') }]));
  const big = suggest({ workspaces });

  it('text: the users and grants (first few), both costs and the saving', () => {
    expect(suggestionsText(big, (t) => t)).toEqual([
      'Group suggestions (--suggest-groups; advice, not part of the plan):',
      '  • 500 users with the same 10 grants: ws1: editor, ws10: editor, ws2: editor, ws3: editor and 6 more',
      // By code unit, as every list of emails: `0` sorts before `@`.
      '    users: u100@acme.test, u101@acme.test, u102@acme.test, u103@acme.test, u104@acme.test and 495 more',
      '    user by user 5000 calls, about 8 h 19 min; one Frame.io group 16 calls (1 create, 5 member adds, ' +
        '10 grants), a few seconds: saves 4984 calls and about 8 h 19 min',
      '  To use one: declare the group under frameio_groups: (with experimental: [frameio_groups]), list the users ' +
        'as its members and grant it the role where they have it. rolesync does not restructure access on its own.',
    ]);
    expect(suggestionsText({ clusters: [], left_out: 0 }, (t) => t)).toEqual([
      'Group suggestions (--suggest-groups; advice, not part of the plan):',
      '  None: no users share the same grants widely enough for one Frame.io group to save calls.',
    ]);
  });

  it('markdown: a table, or a count in a comment past its size cap', () => {
    const md = suggestionsMarkdown(big, false).join('\n');
    expect(md).toContain(
      '| u100@acme.test, u101@acme.test, u102@acme.test, u103@acme.test, u104@acme.test and 495 more (500) | ' +
        'ws1: editor, ws10: editor, ws2: editor, ws3: editor and 6 more | 5000 calls, about 8 h 19 min | 16 calls, ' +
        'a few seconds | 4984 calls and about 8 h 19 min |',
    );
    expect(suggestionsMarkdown(big, true)).toEqual([
      '#### Group suggestions',
      '',
      'Advice, not part of the plan: where one Frame.io group grant would replace identical user grants. 1 cluster ' +
        'would save 4984 calls: see `rolesync plan --suggest-groups --format text`.',
    ]);
  });

  it('json: every user and grant, keys in a fixed order, after the plan document', () => {
    const json = suggestionsJson(big) as { clusters: Record<string, unknown>[]; left_out: number };
    expect(Object.keys(json.clusters[0]!)).toEqual([
      'account_id',
      'users',
      'grants',
      'per_user',
      'via_group',
      'saved_calls',
      'saved_seconds',
    ]);
    expect((json.clusters[0]!.users as string[]).length).toBe(500);
    const plan = { format_version: 1 as const, changes: [], summary: { add: 0, change: 0, remove: 0, total: 0 } };
    const doc = JSON.parse(
      renderJsonWithSuggestions(
        { ...plan, notes: [], policy: { ok: true, violations: [] }, estimate: { calls: {} as never, min_seconds: 0 } },
        big,
      ),
    ) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual([
      'format_version',
      'summary',
      'changes',
      'notes',
      'policy',
      'estimate',
      'suggestions',
    ]);
    expect(doc.suggestions).toEqual(json);
  });
});
