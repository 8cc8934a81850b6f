// Export of projects with a fake reader: which rows are direct grants, keys, settings, modes and
// groups; each export must still validate and plan to zero changes (exportManifest proves both
// before it returns, and throws otherwise), and the text is checked for what it says.
import { describe, expect, it } from 'vitest';
import type { LiveAccountUser, LiveProjectMember, LiveWorkspaceMember } from '../../src/live/types.js';
import { projectsCost, projectsCostLine } from '../../src/export/index.js';
import { exportManifest, type ExportReader, type ProjectsEvent } from '../../src/usecase/export.js';

const A = '11111111-2222-4333-8444-555555555555';
const user = (email: string, extra: Partial<LiveAccountUser['user']> = {}) => ({
  id: `id-${email}`,
  email,
  name: null,
  active: true,
  ...extra,
});
const wid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const pid = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;

interface FakeProject {
  id: string;
  name: string;
  restricted: boolean | null;
  users: LiveProjectMember[];
}
interface FakeWorkspace {
  id: string;
  name: string;
  members: LiveWorkspaceMember[];
  projects: FakeProject[];
}

/** A reader over fixed data that records each call, and refuses project calls it was not meant to get. */
function reader(users: LiveAccountUser[], workspaces: FakeWorkspace[], calls: string[] = []): ExportReader {
  return {
    me: async () => ({ id: 'id-me', email: 'me@x.test', name: null }),
    listAccounts: async () => [{ id: A, displayName: 'Test' }],
    listAccountUsers: async () => users,
    listWorkspaces: async () => workspaces.map(({ id, name }) => ({ id, name })),
    listWorkspaceUsers: async (_a, id) => workspaces.find((w) => w.id === id)!.members,
    listProjects: async (_a, id) => {
      calls.push(`projects ${id}`);
      return workspaces
        .find((w) => w.id === id)!
        .projects.map(({ id: p, name, restricted }) => ({ id: p, name, restricted }));
    },
    listProjectUsers: async (_a, id) => {
      calls.push(`users ${id}`);
      return workspaces.flatMap((w) => w.projects).find((p) => p.id === id)!.users;
    },
  };
}

const run = (r: ExportReader, options: { inferGroups?: boolean; onProjects?: (e: ProjectsEvent) => void } = {}) =>
  exportManifest(r, {
    accountId: A,
    workspaces: [],
    inferGroups: options.inferGroups ?? false,
    projects: true,
    cwd: '/nowhere',
    ...(options.onProjects ? { onProjects: options.onProjects } : {}),
  });

/** The YAML from `workspaces:` on (the header and account are checked elsewhere). */
const body = (text: string) => text.slice(text.indexOf('\nworkspaces:\n') + 1);

const USERS: LiveAccountUser[] = [
  { user: user('boss@x.test'), role: 'owner' },
  { user: user('adm@x.test'), role: 'admin' },
  { user: user('ed@x.test'), role: 'member' },
  { user: user('vi@x.test'), role: 'member' },
  { user: user('free@x.test'), role: 'member' },
];
const MEMBERS: LiveWorkspaceMember[] = [
  { user: user('adm@x.test'), role: 'admin' },
  { user: user('ed@x.test'), role: 'editor' },
  { user: user('vi@x.test'), role: 'viewer' },
];

describe('export --projects', () => {
  it('lists direct grants only: rows at or below the workspace role and admin rows are left out, under either listing', async () => {
    const direct: LiveProjectMember[] = [
      { user: user('vi@x.test'), role: 'editor' }, // above viewer: a grant
      { user: user('ed@x.test'), role: 'commenter' }, // below editor: none
      { user: user('free@x.test'), role: 'commenter' }, // not in the workspace: a grant
    ];
    // What a listing with inherited access shows for the same project.
    const inherited: LiveProjectMember[] = [
      { user: user('boss@x.test'), role: 'owner' },
      { user: user('adm@x.test'), role: 'admin' },
      { user: user('ed@x.test'), role: 'editor' },
      { user: user('vi@x.test'), role: 'editor' },
      { user: user('free@x.test'), role: 'commenter' },
    ];
    const texts: string[] = [];
    for (const users of [direct, inherited]) {
      const result = await run(
        reader(USERS, [
          {
            id: wid(1),
            name: 'Team',
            members: MEMBERS,
            projects: [{ id: pid(1), name: 'Promo', restricted: false, users }],
          },
        ]),
      );
      texts.push(result.text);
    }
    expect(texts[1]).toBe(texts[0]);
    expect(body(texts[0]!)).toContain(
      [
        '    projects:',
        '      Promo:',
        `        id: ${pid(1)}`,
        '        mode: authoritative',
        '        restricted: false',
        '        users:',
        '          free@x.test: commenter',
        '          vi@x.test: editor',
        '',
      ].join('\n'),
    );
  });

  it('in a restricted project every project-role row is a grant, even at the workspace role', async () => {
    const result = await run(
      reader(USERS, [
        {
          id: wid(1),
          name: 'Team',
          members: MEMBERS,
          projects: [
            {
              id: pid(1),
              name: 'Vault',
              restricted: true,
              users: [
                { user: user('adm@x.test'), role: 'admin' },
                { user: user('ed@x.test'), role: 'editor' },
              ],
            },
          ],
        },
      ]),
    );
    expect(body(result.text)).toContain(
      `      Vault:\n        id: ${pid(1)}\n        mode: authoritative\n        restricted: true\n        users:\n          ed@x.test: editor\n`,
    );
  });

  it('names repeated in a workspace get `Name (id)` keys and pinned ids; restricted unknown is left out; no grants is additive', async () => {
    const result = await run(
      reader(USERS, [
        {
          id: wid(1),
          name: 'Team',
          members: MEMBERS,
          projects: [
            { id: pid(2), name: 'Cut', restricted: null, users: [] },
            { id: pid(1), name: 'Cut', restricted: false, users: [{ user: user('free@x.test'), role: 'viewer' }] },
          ],
        },
        // The same project name in another workspace needs no pin.
        {
          id: wid(2),
          name: 'Other',
          members: [],
          projects: [{ id: pid(3), name: 'Cut', restricted: false, users: [] }],
        },
      ]),
    );
    const text = body(result.text);
    expect(text).toContain(
      [
        '      # named "Cut" in Frame.io, like 1 other project of this workspace: the key adds the id to stay unique; the pinned id is what matches',
        `      Cut (${pid(1)}):`,
        `        id: ${pid(1)}`,
        '        mode: authoritative',
        '        restricted: false',
        '        users:',
        '          free@x.test: viewer',
        '      # named "Cut" in Frame.io, like 1 other project of this workspace: the key adds the id to stay unique; the pinned id is what matches',
        '      # additive: no direct grants to list; an authoritative empty list would remove any project-only collaborator added later',
        '      # Frame.io does not say whether it is restricted: restricted is left out, as it is',
        `      Cut (${pid(2)}):`,
        `        id: ${pid(2)}`,
        '        mode: additive',
      ].join('\n'),
    );
    expect(text).toContain(
      `    projects:\n      # additive: no direct grants to list; an authoritative empty list would remove any project-only collaborator added later\n      Cut:\n        id: ${pid(3)}\n        mode: additive\n        restricted: false\n`,
    );
  });

  it('a grant rolesync cannot list (not an account user, a reviewer) is a comment, and the project additive', async () => {
    const users: LiveAccountUser[] = [...USERS, { user: user('rev@x.test'), role: 'reviewer' }];
    const result = await run(
      reader(users, [
        {
          id: wid(1),
          name: 'Team',
          members: MEMBERS,
          projects: [
            {
              id: pid(1),
              name: 'Promo',
              restricted: false,
              users: [
                { user: user('guest@y.test'), role: 'viewer' },
                { user: user('rev@x.test'), role: 'commenter' },
                { user: user('free@x.test'), role: 'editor' },
              ],
            },
          ],
        },
      ]),
    );
    expect(body(result.text)).toContain(
      [
        '      # additive: 2 direct grants cannot be listed (the comments below say why), and authoritative mode would remove those of project-only collaborators',
        '      Promo:',
        `        id: ${pid(1)}`,
        '        mode: additive',
        '        restricted: false',
        '        users:',
        '          free@x.test: editor',
        '          # guest@y.test: viewer  (not a user of the account as the API lists it; rolesync cannot manage them)',
        '          # rev@x.test: commenter  (a reviewer of the account: the API cannot set their project role; left as it is)',
      ].join('\n'),
    );
  });

  it("lists every workspace's projects before the first users listing, says the cost between, and counts the projects read", async () => {
    const calls: string[] = [];
    const events: string[] = [];
    const project = (n: number, name: string): FakeProject => ({ id: pid(n), name, restricted: false, users: [] });
    const r = reader(
      USERS,
      [
        { id: wid(1), name: 'One', members: MEMBERS, projects: [project(1, 'A'), project(2, 'B')] },
        { id: wid(2), name: 'Two', members: MEMBERS, projects: [project(3, 'C')] },
        { id: wid(3), name: 'Empty', members: MEMBERS, projects: [] },
      ],
      calls,
    );
    await run(r, {
      onProjects: (e) => {
        events.push(e.type === 'cost' ? `cost ${e.cost.projects}/${e.cost.workspaces}` : `read ${e.done}/${e.total}`);
        calls.push(e.type);
      },
    });
    const firstUsers = calls.findIndex((c) => c.startsWith('users '));
    expect(calls.slice(0, firstUsers).sort()).toEqual([
      'cost',
      `projects ${wid(1)}`,
      `projects ${wid(2)}`,
      `projects ${wid(3)}`,
    ]);
    expect(calls[firstUsers - 1]).toBe('cost');
    expect(calls.filter((c) => c.startsWith('users ')).sort()).toEqual([
      `users ${pid(1)}`,
      `users ${pid(2)}`,
      `users ${pid(3)}`,
    ]);
    expect(events).toEqual(['cost 3/2', 'read 1/3', 'read 2/3', 'read 3/3']);
  });

  it("reads projects' users while a workspace's members are still being read: they wait for the listings only", async () => {
    const calls: string[] = [];
    const project = (n: number, name: string): FakeProject => ({ id: pid(n), name, restricted: false, users: [] });
    const base = reader(
      USERS,
      [
        { id: wid(1), name: 'One', members: MEMBERS, projects: [project(1, 'A')] },
        { id: wid(2), name: 'Two', members: MEMBERS, projects: [project(2, 'B')] },
      ],
      calls,
    );
    // Workspace Two's members answer only once both projects' users have been asked for.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const r: ExportReader = {
      ...base,
      listWorkspaceUsers: async (a, id, options) => {
        if (id === wid(2)) {
          await held;
          calls.push(`members ${id}`);
        }
        return base.listWorkspaceUsers(a, id, options);
      },
      listProjectUsers: async (a, id, options) => {
        const users = await base.listProjectUsers(a, id, options);
        if (calls.filter((c) => c.startsWith('users ')).length === 2) release();
        return users;
      },
    };
    const result = await run(r);
    expect(calls.indexOf(`members ${wid(2)}`)).toBeGreaterThan(calls.indexOf(`users ${pid(2)}`));
    expect(body(result.text)).toContain('      B:');
  });

  it('without projects, no project call is made and no projects key written', async () => {
    const calls: string[] = [];
    const result = await exportManifest(
      reader(
        USERS,
        [
          {
            id: wid(1),
            name: 'Team',
            members: MEMBERS,
            projects: [{ id: pid(1), name: 'P', restricted: true, users: [] }],
          },
        ],
        calls,
      ),
      { accountId: A, workspaces: [], inferGroups: false, cwd: '/nowhere' },
    );
    expect(calls).toEqual([]);
    expect(result.text).not.toContain('projects');
  });

  it('--infer-groups: people sharing workspace and project grants form a group used in both; a remarked person joins none', async () => {
    const users: LiveAccountUser[] = [
      ...USERS,
      { user: user('c1@x.test'), role: 'member' },
      { user: user('c2@x.test'), role: 'member' },
      { user: user('c3@x.test'), role: 'member' },
      { user: user('gone@x.test', { active: false }), role: 'member' },
    ];
    const members: LiveWorkspaceMember[] = [
      ...MEMBERS,
      { user: user('c1@x.test'), role: 'viewer' },
      { user: user('c2@x.test'), role: 'viewer' },
      { user: user('c3@x.test'), role: 'viewer' },
      { user: user('gone@x.test', { active: false }), role: 'viewer' },
    ];
    const grant = (email: string, role: LiveProjectMember['role']): LiveProjectMember => ({
      user: user(email, email === 'gone@x.test' ? { active: false } : {}),
      role,
    });
    const result = await run(
      reader(users, [
        {
          id: wid(1),
          name: 'Team',
          members,
          projects: [
            {
              id: pid(1),
              name: 'Promo',
              restricted: false,
              // c3 differs (commenter): the same workspace role is not enough.
              users: [
                grant('c1@x.test', 'editor'),
                grant('c2@x.test', 'editor'),
                grant('c3@x.test', 'commenter'),
                grant('gone@x.test', 'editor'),
              ],
            },
          ],
        },
      ]),
      { inferGroups: true },
    );
    expect(result.model.groups).toEqual([
      {
        name: 'team-viewer.team-promo-editor',
        members: ['c1@x.test', 'c2@x.test'],
        shares: [
          { workspace: 'Team', role: 'viewer' },
          { workspace: 'Team', project: 'Promo', role: 'editor' },
        ],
      },
    ]);
    const text = body(result.text);
    expect(text).toContain('    groups:\n      team-viewer.team-promo-editor: viewer\n');
    expect(text).toContain(
      [
        '      Promo:',
        `        id: ${pid(1)}`,
        '        mode: authoritative',
        '        restricted: false',
        '        users:',
        '          c3@x.test: commenter',
        '          gone@x.test: editor  # deactivated',
        '        groups:',
        '          team-viewer.team-promo-editor: editor',
      ].join('\n'),
    );
  });
});

describe('the cost line', () => {
  it('names the calls and the time at the documented rate, from a full bucket', () => {
    expect(projectsCostLine(projectsCost([2, 0, 1]))).toBe(
      'Reading the users of 3 projects in 2 workspaces: 3 more list calls, a few seconds at 100 reads a minute ' +
        '(one more per further page of 100 users)',
    );
    expect(projectsCostLine(projectsCost([1]))).toContain(
      'Reading the users of 1 project in 1 workspace: 1 more list call,',
    );
    // 100 at once, then one every 0.6 s: 150 more take 90 s.
    expect(projectsCostLine(projectsCost([150, 100]))).toContain(
      '250 more list calls, about 1.5 min at 100 reads a minute',
    );
    expect(projectsCostLine(projectsCost([0, 0]))).toBe('No projects in the exported workspaces: no users to read');
  });
});
