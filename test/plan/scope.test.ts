// The scope model: a new scope is a table entry, not a copy of the diff. A fake third scope kind,
// defined here with its own roles, checks, words and actions, runs through the same diffScope the
// account and the workspaces use; the two real entries are checked against what they cost.
import { describe, expect, it } from 'vitest';
import type { LiveAccountUser, LiveUser } from '../../src/live/types.js';
import type { Mode } from '../../src/manifest/types.js';
import { estimate } from '../../src/plan/estimate.js';
import { WRITE_CLASSES } from '../../src/api/index.js';
import { diffScopes, userIndex } from '../../src/plan/scope.js';
import type { Check, ScopeContext, ScopeSpec, Through, UnlistedFact } from '../../src/plan/scope.js';
import { SCOPES, WRITE_CLASS_OF } from '../../src/plan/scopes.js';
import type { Change } from '../../src/plan/types.js';
import type { WorkspaceListRole } from '../../src/api/index.js';
import { em, liveUser } from './builders.js';

// ---- a fake project scope: its own roles (no workspace_admin), rows, actions and words ----

type ProjectRole = 'full_access' | 'editor' | 'commenter' | 'viewer';
type ProjectRoles = { live: WorkspaceListRole; written: ProjectRole; desired: ProjectRole };
const PROJECT_ROLES: readonly ProjectRole[] = ['full_access', 'editor', 'commenter', 'viewer'];
type ProjectAt = { account_id: string; workspace_id: string; workspace_name: string };
type ProjectChange =
  | {
      action: 'set_project_role';
      project: string;
      user_id: string;
      email: string;
      from: ProjectRole | null;
      to: ProjectRole;
    }
  | { action: 'remove_project_user'; project: string; user_id: string; email: string; from: ProjectRole };

interface FakeProject {
  name: string;
  mode: Mode;
  users: Record<string, ProjectRole>;
  rows: Record<string, WorkspaceListRole>;
}

const isProjectRole = (role: WorkspaceListRole): role is ProjectRole =>
  (PROJECT_ROLES as readonly string[]).includes(role);
const gone = (f: UnlistedFact<ProjectRoles>) => `${f.email} (${f.live}) left out of ${f.scope}`;

const PROJECT: ScopeSpec<
  ProjectRoles,
  ProjectAt,
  { account: string; users: LiveAccountUser[]; projects: FakeProject[] },
  ProjectChange
> = {
  roles: PROJECT_ROLES,
  rank: (role) => PROJECT_ROLES.length - PROJECT_ROLES.indexOf(role),
  // `workspace_admin`, `admin` and `owner` rows are access from above: never written here.
  writable: isProjectRole,
  inputs: ({ account, users, projects }) =>
    projects.map((p) => {
      const user = (name: string) => users.find((u) => u.user.email === em(name))!;
      const rows = Object.entries(p.rows).map(([name, role]) => ({ user: user(name).user, role }));
      const rowOf = userIndex(rows);
      const desired = Object.entries(p.users).map(([name, role], i) => {
        const pos = { file: 'p.yaml', line: i + 1, col: 3 };
        return { email: em(name), role, pos, via: null, user: user(name), row: rowOf(user(name).user) };
      });
      const at = { account_id: account, workspace_id: `p-${p.name}`, workspace_name: p.name };
      return { at, name: p.name, mode: p.mode, desired, rows };
    }),
  listed: [
    { check: 'account_row', says: (f) => `${f.email} has ${f.live} from above in ${f.scope}` },
    { check: 'not_writable' },
    { check: 'unchanged' },
    { check: 'protect', says: (f, guard) => `${f.email} kept at ${f.live} in ${f.scope} (${guard})` },
  ],
  unlisted: {
    // Only project-only collaborators are taken away: editors and above stay.
    takes: (role) => role === 'viewer' || role === 'commenter',
    checks: [
      { check: 'protect', says: (f, guard) => `${gone(f)}, kept (${guard})` },
      { check: 'invited', says: (f) => `${gone(f)}, invited` },
    ] satisfies Check<UnlistedFact<ProjectRoles>>[],
  },
  set: (at, who, from, to) => ({ action: 'set_project_role', project: at.workspace_name, ...who, from, to }),
  unset: (at, who, from) => ({ action: 'remove_project_user', project: at.workspace_name, ...who, from }),
  writes: { set_project_role: 'workspace_role_patch', remove_project_user: 'workspace_user_delete' },
};

const USERS: LiveAccountUser[] = [
  { user: liveUser('svc'), role: 'admin' },
  { user: liveUser('alice'), role: 'admin' },
  { user: liveUser('bob'), role: 'member' },
  { user: liveUser('carol'), role: 'member' },
  { user: liveUser('dave'), role: 'member' },
  { user: liveUser('erin'), role: 'member' },
  { user: liveUser('inv', null, null), role: 'member' },
  { user: liveUser('pat'), role: 'member' },
];

function context(protectedNames: string[] = []): ScopeContext {
  return {
    self: { id: 'u-svc', email: em('svc'), name: null },
    protectedEmails: new Set(protectedNames.map(em)),
    accountUser: userIndex(USERS),
    inherited: () => null,
  };
}

const short = (c: ProjectChange) =>
  `${c.action} ${c.project} ${c.email.split('@')[0]} ${c.from}>${'to' in c ? c.to : '-'}`;

describe('diffScope over a scope kind it has never seen', () => {
  const spring: FakeProject = {
    name: 'Spring',
    mode: 'authoritative',
    users: { alice: 'viewer', bob: 'editor', carol: 'viewer', dave: 'full_access', pat: 'viewer' },
    rows: {
      alice: 'admin',
      bob: 'viewer',
      carol: 'editor',
      erin: 'commenter',
      inv: 'viewer',
      svc: 'viewer',
      pat: 'editor',
      frank: 'editor',
    },
  };
  const resolved = {
    account: 'acc-1',
    users: [...USERS, { user: liveUser('frank'), role: 'member' as const }],
    projects: [spring],
  };

  it("plans adds, changes and removals with the entry's own actions", () => {
    const diff = diffScopes(PROJECT, resolved, context(['pat']));
    expect(diff.changes.map(short)).toEqual([
      'set_project_role Spring bob viewer>editor',
      'set_project_role Spring carol editor>viewer',
      'set_project_role Spring dave null>full_access',
      'remove_project_user Spring erin commenter>-',
    ]);
  });

  it("applies the shared guards in the entry's order and words, with the user id and both roles on held notes", () => {
    const diff = diffScopes(PROJECT, resolved, context(['pat']));
    expect(diff.notes).toEqual([
      {
        kind: 'account_admin_in_workspace',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('alice'),
        user_id: 'u-alice',
        role: 'admin',
        desired: 'viewer',
        message: `${em('alice')} has admin from above in Spring`,
      },
      {
        kind: 'protected',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('pat'),
        user_id: 'u-pat',
        role: 'editor',
        desired: 'viewer',
        message: `${em('pat')} kept at editor in Spring (protected)`,
      },
      {
        kind: 'invited_no_id',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('inv'),
        role: 'viewer',
        message: `${em('inv')} (viewer) left out of Spring, invited`,
      },
      {
        kind: 'self_untouchable',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('svc'),
        user_id: 'u-svc',
        role: 'viewer',
        desired: null,
        message: `${em('svc')} (viewer) left out of Spring, kept (self_untouchable)`,
      },
    ]);
    // frank (editor, unlisted) is not taken: the entry's `takes` keeps editors.
    expect(diff.changes.some((c) => c.email === em('frank'))).toBe(false);
  });

  it('additive mode never takes anything away', () => {
    const diff = diffScopes(PROJECT, { ...resolved, projects: [{ ...spring, mode: 'additive' }] }, context());
    expect(diff.changes.filter((c) => c.action === 'remove_project_user')).toEqual([]);
    expect(diff.notes.map((n) => n.kind)).toEqual(['account_admin_in_workspace']);
  });

  it('`covered`: a listed grant at or below what the scope above gives is a note, unless live is higher', () => {
    // Roles from above (the fake's parent scope): carol editor, dave viewer, bob full_access.
    const fromAbove: Record<string, ProjectRole> = { carol: 'editor', dave: 'viewer', bob: 'full_access' };
    const covering = {
      ...PROJECT,
      listed: [{ check: 'covered', says: (f, above) => `${f.email} has ${above.role} from above` }, ...PROJECT.listed],
      inputs: (r) =>
        PROJECT.inputs(r).map((input) => ({
          ...input,
          above: (u: LiveAccountUser) => {
            const role = fromAbove[u.user.email.split('@')[0]!];
            return role ? { role, rank: PROJECT.rank(role) } : null;
          },
        })),
    } satisfies typeof PROJECT;
    const diff = diffScopes(covering, { ...resolved, projects: [{ ...spring, mode: 'additive' }] }, context(['pat']));
    // carol: viewer below editor from above, her live editor row no higher: a note, no change. bob: editor
    // below full_access: a note. dave: full_access above viewer: written.
    expect(diff.changes.map(short)).toEqual(['set_project_role Spring dave null>full_access']);
    expect(diff.notes.filter((n) => n.kind === 'grant_no_effect')).toEqual([
      {
        kind: 'grant_no_effect',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('bob'),
        user_id: 'u-bob',
        role: 'viewer',
        desired: 'editor',
        inherited_role: 'full_access',
        message: `${em('bob')} has full_access from above`,
      },
      {
        kind: 'grant_no_effect',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('carol'),
        user_id: 'u-carol',
        role: 'editor',
        desired: 'viewer',
        inherited_role: 'editor',
        message: `${em('carol')} has editor from above`,
      },
    ]);
    // A live grant above what comes from above still counts: lowering it is written.
    fromAbove.carol = 'commenter';
    const lowered = diffScopes(covering, { ...resolved, projects: [{ ...spring, mode: 'additive' }] }, context());
    expect(lowered.changes.map(short)).toContain('set_project_role Spring carol editor>viewer');
  });

  it('`through_group`: an unlisted row at or below what a group gives after the plan is kept with a note', () => {
    // The fake's groups: erin (commenter row) and svc (viewer row) get editor through "crew", so their
    // rows stay (svc's before the self guard is asked); frank's editor row is above the viewer crew and
    // post give him: removed. bob is listed: what a group gives him does not change his grant.
    const through: Record<string, Through> = {
      erin: { role: 'editor', rank: PROJECT.rank('editor'), via: ['crew'] },
      svc: { role: 'editor', rank: PROJECT.rank('editor'), via: ['crew'] },
      frank: { role: 'viewer', rank: PROJECT.rank('viewer'), via: ['crew', 'post'] },
      bob: { role: 'full_access', rank: PROJECT.rank('full_access'), via: ['crew'] },
    };
    const grouped = {
      ...PROJECT,
      unlisted: {
        takes: () => true,
        checks: [
          { check: 'through_group', says: (f, t) => `${f.email} (${f.live}) gets ${t.role} via ${t.via.join('+')}` },
          ...PROJECT.unlisted.checks,
        ],
      },
      inputs: (r) =>
        PROJECT.inputs(r).map((input) => ({
          ...input,
          throughGroup: (u: LiveUser) => through[u.email.split('@')[0]!] ?? null,
        })),
    } satisfies typeof PROJECT;
    const diff = diffScopes(grouped, resolved, context(['pat']));
    expect(diff.changes.map(short)).toEqual([
      'set_project_role Spring bob viewer>editor',
      'set_project_role Spring carol editor>viewer',
      'set_project_role Spring dave null>full_access',
      'remove_project_user Spring frank editor>-',
    ]);
    expect(diff.notes.filter((n) => n.kind === 'access_through_group')).toEqual([
      {
        kind: 'access_through_group',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('erin'),
        role: 'commenter',
        via: ['crew'],
        group_role: 'editor',
        message: `${em('erin')} (commenter) gets editor via crew`,
      },
      {
        kind: 'access_through_group',
        account_id: 'acc-1',
        workspace_id: 'p-Spring',
        workspace_name: 'Spring',
        email: em('svc'),
        role: 'viewer',
        via: ['crew'],
        group_role: 'editor',
        message: `${em('svc')} (viewer) gets editor via crew`,
      },
    ]);
  });

  it('an entry naming a check the routine does not know fails loudly', () => {
    const broken = { ...PROJECT, listed: [{ check: 'expired' } as never] };
    expect(() => diffScopes(broken, resolved, context())).toThrow('unknown scope check: {"check":"expired"}');
  });
});

describe('the scope table', () => {
  it('names a write class for every change action, the classes the estimate counts', () => {
    const who = { account_id: 'a', user_id: 'u', email: 'x@y.test' };
    const ws = { ...who, workspace_id: 'w', workspace_name: 'W' };
    const wsAt = { account_id: 'a', workspace_id: 'w', workspace_name: 'W' };
    const samples: Change[] = [
      { action: 'set_account_role', ...who, from: 'member', to: 'admin' },
      { action: 'set_workspace_role', ...ws, from: null, to: 'viewer' },
      { action: 'remove_workspace_user', ...ws, from: 'viewer', to: null },
      { action: 'set_project_role', ...ws, project_id: 'p', project_name: 'P', from: null, to: 'editor' },
      { action: 'remove_project_user', ...ws, project_id: 'p', project_name: 'P', from: 'viewer', to: null },
      {
        action: 'set_project_restricted',
        account_id: 'a',
        workspace_id: 'w',
        workspace_name: 'W',
        project_id: 'p',
        project_name: 'P',
        from: false,
        to: true,
      },
      {
        action: 'create_frameio_group',
        account_id: 'a',
        group_id: null,
        group_name: 'G',
        emoji: '👥',
        from: null,
        to: 'frame',
      },
      { action: 'add_frameio_group_member', ...who, group_id: null, group_name: 'G', from: null, to: 'member' },
      { action: 'remove_frameio_group_member', ...who, group_id: 'g', group_name: 'G', from: 'member', to: null },
      { action: 'set_workspace_group_role', ...wsAt, group_id: 'g', group_name: 'G', from: null, to: 'editor' },
      { action: 'remove_workspace_group', ...wsAt, group_id: 'g', group_name: 'G', from: 'editor', to: null },
      {
        action: 'set_project_group_role',
        ...wsAt,
        project_id: 'p',
        project_name: 'P',
        group_id: 'g',
        group_name: 'G',
        from: 'viewer',
        to: 'editor',
      },
      {
        action: 'remove_project_group',
        ...wsAt,
        project_id: 'p',
        project_name: 'P',
        group_id: 'g',
        group_name: 'G',
        from: 'viewer',
        to: null,
      },
    ];
    expect(samples.map((c) => c.action).sort()).toEqual(Object.keys(WRITE_CLASS_OF).sort());
    for (const c of samples) {
      const calls = estimate([c]).calls;
      expect(WRITE_CLASSES.filter((k) => calls[k] === 1)).toEqual([WRITE_CLASS_OF[c.action]]);
    }
  });

  it.each([
    ['account', SCOPES.account.roles.map((r) => SCOPES.account.rank(r))],
    ['group members', SCOPES.groupMembers.roles.map((r) => SCOPES.groupMembers.rank(r))],
    ['workspace', SCOPES.workspace.roles.map((r) => SCOPES.workspace.rank(r))],
    ['project', SCOPES.project.roles.map((r) => SCOPES.project.rank(r))],
  ])('%s: roles are listed highest first, each its own rank', (_kind, ranks) => {
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(ranks.length);
  });
});
