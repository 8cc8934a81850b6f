// Hand-built plans for the renderer tests (the planner is tested elsewhere): realistic Acme Post data.
import type { LiveProjectMember, LiveState, LiveWorkspaceMember } from '../../src/live/types.js';
import type {
  AddFrameioGroupMember,
  Change,
  CreateFrameioGroup,
  Plan,
  RemoveFrameioGroupMember,
  RemoveProjectGroup,
  RemoveWorkspaceGroup,
  SetProjectGroupRole,
  SetWorkspaceGroupRole,
  RemoveProjectUser,
  RemoveWorkspaceUser,
  SetAccountRole,
  SetProjectRestricted,
  SetProjectRole,
  SetWorkspaceRole,
} from '../../src/plan/types.js';
import type {
  GroupRole,
  ProjectListRole,
  ProjectRole,
  SettableAccountRole,
  WorkspaceRole,
} from '../../src/api/index.js';
import { writeCounts } from '../../src/plan/estimate.js';

export const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
export const STUDIO = 'adobe:2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg';
export const MARKETING = { id: '8897b795-ace2-4f12-b4b4-4a899aefa2d5', name: 'Marketing' };
export const COLOR = { id: '3c1d0e57-5a0b-4f43-9d3e-1b7f6f2f8a41', name: 'Color' };
export const SOUND = { id: 'b2f7a0c4-6e1d-4b8a-a2c9-7d5e3f1a9b60', name: 'Sound' };
export const CLIENT_REVIEWS = { id: 'e4a8c2d6-1f3b-4e5a-8c7d-9b0a2f4e6d81', name: 'Client Reviews' };
export const EDITORIAL = { id: '6d2e9f1a-3b5c-4a7e-9f0d-2c4b6a8e0f13', name: 'Editorial' };
/** Projects, each with its workspace. */
export const SPRING = { ...projectIn(MARKETING), id: '18d9023a-6b06-4417-b3f4-bf87865c183f', name: 'Spring Campaign' };
export const AUTUMN = { ...projectIn(MARKETING), id: '5a1c7e3b-9d2f-4b6a-8e0c-3f5d7b9a1c2e', name: 'autumn teaser' };
export const REEL = { ...projectIn(COLOR), id: '7c3e5a1b-2d4f-4e6a-9b8c-0d2f4a6c8e1b', name: 'Showreel' };

function projectIn(ws: { id: string; name: string }) {
  return { workspace_id: ws.id, workspace_name: ws.name };
}

type ProjectRef = { workspace_id: string; workspace_name: string; id: string; name: string };

export const ACCOUNT_NAMES = { [ACME]: 'Acme Post', [STUDIO]: 'Acme Studio (Adobe)' };

// Stable fake user ids derived from the email, so fixtures stay short and deterministic.
export function userId(email: string): string {
  let h = 0;
  for (const ch of email) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}

export function accountRole(
  email: string,
  from: SetAccountRole['from'],
  to: SettableAccountRole,
  account = ACME,
): SetAccountRole {
  return { action: 'set_account_role', account_id: account, user_id: userId(email), email, from, to };
}

export function workspaceRole(
  ws: { id: string; name: string },
  email: string,
  from: WorkspaceRole | null,
  to: WorkspaceRole,
  account = ACME,
): SetWorkspaceRole {
  return {
    action: 'set_workspace_role',
    account_id: account,
    workspace_id: ws.id,
    workspace_name: ws.name,
    user_id: userId(email),
    email,
    from,
    to,
  };
}

export function removal(
  ws: { id: string; name: string },
  email: string,
  from: WorkspaceRole,
  account = ACME,
): RemoveWorkspaceUser {
  return {
    action: 'remove_workspace_user',
    account_id: account,
    workspace_id: ws.id,
    workspace_name: ws.name,
    user_id: userId(email),
    email,
    from,
    to: null,
  };
}

function projectChange(project: ProjectRef, account: string) {
  return {
    account_id: account,
    workspace_id: project.workspace_id,
    workspace_name: project.workspace_name,
    project_id: project.id,
    project_name: project.name,
  };
}

export function projectRole(
  project: ProjectRef,
  email: string,
  from: ProjectRole | null,
  to: ProjectRole,
  account = ACME,
): SetProjectRole {
  return { action: 'set_project_role', ...projectChange(project, account), user_id: userId(email), email, from, to };
}

export function projectRemoval(
  project: ProjectRef,
  email: string,
  from: ProjectRole,
  account = ACME,
): RemoveProjectUser {
  return {
    action: 'remove_project_user',
    ...projectChange(project, account),
    user_id: userId(email),
    email,
    from,
    to: null,
  };
}

export function projectRestricted(
  project: ProjectRef,
  from: boolean,
  to: boolean,
  account = ACME,
): SetProjectRestricted {
  return { action: 'set_project_restricted', ...projectChange(project, account), from, to };
}

/** Counts and estimate computed as the contract defines them, so a fixture cannot contradict itself. */
export function planOf(changes: Change[], rest: Partial<Pick<Plan, 'notes' | 'policy'>> = {}): Plan {
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  const add = changes.filter(
    (c) =>
      c.action === 'create_frameio_group' ||
      c.action === 'add_frameio_group_member' ||
      ((c.action === 'set_workspace_role' ||
        c.action === 'set_project_role' ||
        c.action === 'set_workspace_group_role' ||
        c.action === 'set_project_group_role') &&
        c.from === null),
  ).length;
  const remove = changes.filter((c) => c.to === null).length;
  // Member adds go in calls of up to 100 per group.
  const adds = new Map<string, number>();
  for (const c of changes)
    if (c.action === 'add_frameio_group_member') {
      const group = c.group_id ?? `new:${c.group_name}`;
      adds.set(group, (adds.get(group) ?? 0) + 1);
    }
  const calls = {
    ...writeCounts([]),
    account_role_patch: count('set_account_role'),
    workspace_role_patch: count('set_workspace_role'),
    workspace_user_delete: count('remove_workspace_user'),
    project_role_patch: count('set_project_role'),
    project_user_delete: count('remove_project_user'),
    project_update: count('set_project_restricted'),
    group_create: count('create_frameio_group'),
    group_member_add: [...adds.values()].reduce((sum, n) => sum + Math.ceil(n / 100), 0),
    group_member_remove: count('remove_frameio_group_member'),
    workspace_group_patch: count('set_workspace_group_role'),
    workspace_group_delete: count('remove_workspace_group'),
    project_group_patch: count('set_project_group_role'),
    project_group_delete: count('remove_project_group'),
  };
  // Documented limits: 10 role (or project setting, group create, group add, group role) updates/min
  // per endpoint, 60 removals/min (200 for group member removals), each a bucket that starts full
  // (its limit at once); the classes run side by side.
  const after = (n: number, burst: number) => Math.max(0, n - burst);
  const minSeconds = Math.max(
    after(calls.account_role_patch, 10) * 6,
    after(calls.workspace_role_patch, 10) * 6,
    after(calls.workspace_user_delete, 60),
    after(calls.project_role_patch, 10) * 6,
    after(calls.project_user_delete, 60),
    after(calls.project_update, 10) * 6,
    after(calls.group_create, 10) * 6,
    after(calls.group_member_add, 10) * 6,
    after(calls.group_member_remove, 200) * 0.3,
    after(calls.workspace_group_patch, 10) * 6,
    after(calls.workspace_group_delete, 60),
    after(calls.project_group_patch, 10) * 6,
    after(calls.project_group_delete, 60),
  );
  return {
    format_version: 1,
    changes,
    summary: { add, change: changes.length - add - remove, remove, total: changes.length },
    notes: rest.notes ?? [],
    policy: rest.policy ?? { ok: true, violations: [] },
    estimate: { calls, min_seconds: minSeconds },
  };
}

/** Several workspaces, all three actions, account role changes, notes, a policy violation. */
export const fullPlan: Plan = planOf(
  [
    // In the planner's order (promotions and grants first); renderers regroup for display.
    accountRole('bob@acme.test', 'member', 'admin'),
    workspaceRole(COLOR, 'carol@acme.test', null, 'editor'),
    workspaceRole(COLOR, 'dave@acme.test', null, 'editor'),
    workspaceRole(COLOR, 'erin@acme.test', 'edit_only', 'full_access'),
    workspaceRole(MARKETING, 'frank@acme.test', null, 'commenter'),
    workspaceRole(MARKETING, 'ana.berg@acme.test', 'viewer', 'editor'),
    workspaceRole(SOUND, 'kim_ono@acme.test', null, 'editor'),
    accountRole('grace@acme.test', 'admin', 'member'),
    workspaceRole(COLOR, 'ben.berg@acme.test', 'full_access', 'viewer'),
    removal(MARKETING, 'chloe.berg@acme.test', 'viewer'),
    removal(MARKETING, 'dario.berg@acme.test', 'commenter'),
    removal(MARKETING, 'elena.berg@acme.test', 'viewer'),
  ],
  {
    notes: [
      {
        kind: 'owner_untouchable',
        account_id: ACME,
        email: 'owner@acme.test',
        user_id: userId('owner@acme.test'),
        role: 'owner',
        desired: 'member',
        message:
          "owner@acme.test is the account owner; the owner's role is never changed (the manifest says member at " +
          'acme/account.yaml:9:5)',
      },
      {
        kind: 'account_admin_in_workspace',
        account_id: ACME,
        workspace_id: MARKETING.id,
        workspace_name: MARKETING.name,
        email: 'alice@acme.test',
        user_id: userId('alice@acme.test'),
        role: 'admin',
        desired: 'viewer',
        message:
          'alice@acme.test is listed in Marketing as admin: their access comes from the account role, so the ' +
          "manifest's viewer is not set",
      },
      {
        kind: 'invited_no_id',
        account_id: ACME,
        workspace_id: MARKETING.id,
        workspace_name: MARKETING.name,
        email: 'new.hire@acme.test',
        role: 'viewer',
        message:
          'new.hire@acme.test is not in the manifest for Marketing but is invited without a Frame.io account ' +
          'yet; cannot be removed until they accept',
      },
    ],
    policy: {
      ok: false,
      violations: [
        {
          rule: 'max_removals',
          account_id: ACME,
          workspace_id: MARKETING.id,
          workspace_name: MARKETING.name,
          message: 'Marketing: 3 removals of 9 members (33%) exceed max_removals 25% (2); pass --force to allow',
          overridable: true,
        },
      ],
    },
  },
);

export const emptyPlan: Plan = planOf([]);

const PEOPLE = [
  'ana',
  'ben',
  'chloe',
  'dario',
  'elena',
  'felix',
  'greta',
  'hugo',
  'ines',
  'jonas',
  'kira',
  'leo',
  'maya',
  'nils',
  'olga',
  'paul',
];

/** One workspace past the fold threshold (32 changes), one below it; 38 changes in all. */
export const largePlan: Plan = planOf([
  ...PEOPLE.flatMap((p) => [
    workspaceRole(CLIENT_REVIEWS, `${p}.costa@acme.test`, null, 'commenter'),
    workspaceRole(CLIENT_REVIEWS, `${p}.diaz@acme.test`, null, 'viewer'),
  ]),
  ...PEOPLE.slice(0, 4).map((p) => workspaceRole(EDITORIAL, `${p}.eriksen@acme.test`, 'viewer', 'edit_only')),
  ...PEOPLE.slice(4, 6).map((p) => removal(EDITORIAL, `${p}.eriksen@acme.test`, 'viewer')),
]);

/** Live state around `fullPlan`'s workspaces, for the role diff with context. */
export const fullLive: LiveState = {
  self: { id: userId('svc-rolesync@acme.test'), email: 'svc-rolesync@acme.test', name: 'Service Account User' },
  accounts: [
    {
      id: ACME,
      displayName: 'Acme Post',
      users: (
        [
          ['owner@acme.test', 'owner'],
          ['alice@acme.test', 'admin'],
          ['grace@acme.test', 'admin'],
          ['bob@acme.test', 'member'],
          ['carol@acme.test', 'member'],
          ['dave@acme.test', 'member'],
          ['svc-rolesync@acme.test', 'member'],
        ] as const
      ).map(([email, role]) => ({ user: { id: userId(email), email, name: null, active: true }, role })),
      workspaces: [
        {
          ...MARKETING,
          members: (
            [
              ['alice@acme.test', 'admin'],
              ['ana.berg@acme.test', 'viewer'],
              ['bob@acme.test', 'editor'],
              ['chloe.berg@acme.test', 'viewer'],
              ['dario.berg@acme.test', 'commenter'],
              ['elena.berg@acme.test', 'viewer'],
              ['felix.berg@acme.test', 'viewer'],
              ['greta.berg@acme.test', 'commenter'],
            ] as const
          )
            .map(
              ([email, role]): LiveWorkspaceMember => ({
                user: { id: userId(email), email, name: null, active: true },
                role,
              }),
            )
            // Invited, no Frame.io account yet: listed without an id, keyed by email in the diff.
            .concat([{ user: { id: null, email: 'New.Hire@acme.test', name: null, active: true }, role: 'viewer' }]),
        },
        {
          ...COLOR,
          members: (
            [
              ['ben.berg@acme.test', 'full_access'],
              ['erin@acme.test', 'edit_only'],
            ] as const
          ).map(([email, role]) => ({ user: { id: userId(email), email, name: null, active: true }, role })),
        },
        // Sound's members were not read: the diff falls back to the changed users there.
        { ...SOUND },
        { ...EDITORIAL },
      ],
    },
  ],
};

/**
 * Projects under their workspaces: a restriction with the grants that come before it, an upgrade, a
 * project-only collaborator removed, a workspace that has only a project's changes (Color), two
 * projects of one workspace in name order regardless of case, and a note about a project.
 */
export const projectPlan: Plan = planOf(
  [
    // In the planner's order (test/render/projects.test.ts checks it); renderers regroup for display.
    projectRole(REEL, 'carol@acme.test', null, 'full_access'),
    workspaceRole(MARKETING, 'frank@acme.test', null, 'commenter'),
    projectRole(SPRING, 'ana.berg@acme.test', 'editor', 'full_access'),
    projectRole(SPRING, 'client@brand.test', null, 'commenter'),
    projectRestricted(AUTUMN, true, false),
    projectRole(AUTUMN, 'dario.berg@acme.test', 'full_access', 'viewer'),
    projectRestricted(SPRING, false, true),
    projectRemoval(SPRING, 'old.agency@other.test', 'editor'),
  ],
  {
    notes: [
      {
        kind: 'protected',
        account_id: ACME,
        workspace_id: MARKETING.id,
        workspace_name: MARKETING.name,
        project_id: SPRING.id,
        project_name: SPRING.name,
        email: 'erin@acme.test',
        user_id: userId('erin@acme.test'),
        role: 'full_access',
        desired: 'viewer',
        message:
          'erin@acme.test is protected (policy.protected): their full_access in Marketing / Spring Campaign is not ' +
          'lowered to viewer',
      },
    ],
  },
);

const member = (email: string, role: ProjectListRole): LiveProjectMember => ({
  user: { id: userId(email), email, name: null, active: true },
  role,
});

/** Live state around `projectPlan`'s projects, for the role diff with context (Spring's listing only). */
export const projectLive: LiveState = {
  ...fullLive,
  accounts: fullLive.accounts.map((account) => ({
    ...account,
    workspaces: account.workspaces.map((ws) =>
      ws.id !== MARKETING.id
        ? ws
        : {
            ...ws,
            projects: [
              {
                id: SPRING.id,
                name: SPRING.name,
                restricted: false,
                members: [
                  member('alice@acme.test', 'admin'),
                  member('ana.berg@acme.test', 'editor'),
                  member('old.agency@other.test', 'editor'),
                  member('felix.berg@acme.test', 'viewer'),
                ],
              },
              { id: AUTUMN.id, name: AUTUMN.name, restricted: null },
            ],
          },
    ),
  })),
};

// ---- Frame.io groups ----

/** Frame.io groups: one this plan creates (no id yet), a frame group, a synced one, an unlisted one. */
export const POST_TEAM = { id: null, name: 'Post Team' } as const;
export const COLORISTS = { id: '1b67ac33-b557-4122-bd3a-f071b5458e55', name: 'Colorists' } as const;
export const OKTA = { id: '2c78bd44-c668-4233-ae46-a182c6569f66', name: 'Okta Editors' } as const;
export const OLD_CREW = { id: '3d89ce55-d779-4344-bf57-b293d767aa77', name: 'Old Crew' } as const;

type GroupRef = { id: string | null; name: string };
type LiveGroupRef = { id: string; name: string };

export function createGroup(group: { name: string }, account = ACME): CreateFrameioGroup {
  return {
    action: 'create_frameio_group',
    account_id: account,
    group_id: null,
    group_name: group.name,
    emoji: '👥',
    from: null,
    to: 'frame',
  };
}

export function groupAdd(group: GroupRef, email: string, account = ACME): AddFrameioGroupMember {
  return {
    action: 'add_frameio_group_member',
    account_id: account,
    group_id: group.id,
    group_name: group.name,
    user_id: userId(email),
    email,
    from: null,
    to: 'member',
  };
}

export function groupRemoval(group: LiveGroupRef, email: string, account = ACME): RemoveFrameioGroupMember {
  return {
    action: 'remove_frameio_group_member',
    account_id: account,
    group_id: group.id,
    group_name: group.name,
    user_id: userId(email),
    email,
    from: 'member',
    to: null,
  };
}

export function workspaceGroupRole(
  ws: { id: string; name: string },
  group: GroupRef,
  from: WorkspaceRole | null,
  to: GroupRole,
  account = ACME,
): SetWorkspaceGroupRole {
  return {
    action: 'set_workspace_group_role',
    account_id: account,
    workspace_id: ws.id,
    workspace_name: ws.name,
    group_id: group.id,
    group_name: group.name,
    from,
    to,
  };
}

export function workspaceGroupRemoval(
  ws: { id: string; name: string },
  group: LiveGroupRef,
  from: WorkspaceRole,
  account = ACME,
): RemoveWorkspaceGroup {
  return {
    action: 'remove_workspace_group',
    account_id: account,
    workspace_id: ws.id,
    workspace_name: ws.name,
    group_id: group.id,
    group_name: group.name,
    from,
    to: null,
  };
}

export function projectGroupRole(
  project: ProjectRef,
  group: GroupRef,
  from: WorkspaceRole | null,
  to: GroupRole,
  account = ACME,
): SetProjectGroupRole {
  return {
    action: 'set_project_group_role',
    ...projectChange(project, account),
    group_id: group.id,
    group_name: group.name,
    from,
    to,
  };
}

export function projectGroupRemoval(
  project: ProjectRef,
  group: LiveGroupRef,
  from: WorkspaceRole,
  account = ACME,
): RemoveProjectGroup {
  return {
    action: 'remove_project_group',
    ...projectChange(project, account),
    group_id: group.id,
    group_name: group.name,
    from,
    to: null,
  };
}

/**
 * Every group change: a group created and filled, a frame group's members added and removed, group
 * grants given (one to the created group), changed, lowered and taken away on workspaces and a
 * project, beside a user's grant; the two group notes and a group's policy violation.
 */
export const groupPlan: Plan = planOf(
  [
    // Created first, then members, then grants; removals last (decision 5 of issue 13).
    createGroup(POST_TEAM),
    groupAdd(POST_TEAM, 'carol@acme.test'),
    groupAdd(POST_TEAM, 'dave@acme.test'),
    groupAdd(COLORISTS, 'erin@acme.test'),
    workspaceGroupRole(COLOR, OKTA, 'viewer', 'commenter'),
    workspaceGroupRole(MARKETING, POST_TEAM, null, 'editor'),
    workspaceRole(MARKETING, 'frank@acme.test', null, 'commenter'),
    projectGroupRole(SPRING, COLORISTS, null, 'full_access'),
    workspaceGroupRole(SOUND, OKTA, 'editor', 'viewer'),
    groupRemoval(COLORISTS, 'ben.berg@acme.test'),
    workspaceGroupRemoval(MARKETING, OLD_CREW, 'viewer'),
    projectGroupRemoval(SPRING, OKTA, 'commenter'),
  ],
  {
    notes: [
      {
        kind: 'frameio_group_renamed',
        account_id: ACME,
        group_id: COLORISTS.id,
        group_name: COLORISTS.name,
        message:
          'the Frame.io group pinned as 1b67ac33-b557-4122-bd3a-f071b5458e55 (Color Team in acme/groups.yaml:3:3) ' +
          'is named Colorists in Frame.io; its changes name it so',
      },
      {
        kind: 'access_through_group',
        account_id: ACME,
        workspace_id: MARKETING.id,
        workspace_name: MARKETING.name,
        email: 'greta.berg@acme.test',
        role: 'commenter',
        via: [OKTA.name],
        group_role: 'commenter',
        message:
          'greta.berg@acme.test is not in the manifest for Marketing, but has commenter there through the ' +
          'Frame.io group Okta Editors: not removed as a direct member',
      },
    ],
    policy: {
      ok: false,
      violations: [
        {
          rule: 'max_removals',
          account_id: ACME,
          group_id: COLORISTS.id,
          group_name: COLORISTS.name,
          message:
            'Frame.io group Colorists: 1 member removal of 2 members (50%) exceeds max_removals 25% (0); pass ' +
            '--force to allow',
          overridable: true,
        },
      ],
    },
  },
);

const liveUser = (email: string) => ({ id: userId(email), email, name: null, active: true });

/** Live state around `groupPlan`: the account's groups (Colorists' members read), the scopes' group grants. */
export const groupLive: LiveState = {
  ...fullLive,
  accounts: fullLive.accounts.map((account) => ({
    ...account,
    groups: [
      {
        ...COLORISTS,
        source: 'frame',
        sync_status: null,
        members: [liveUser('ben.berg@acme.test'), liveUser('kim_ono@acme.test')],
      },
      { ...OKTA, source: 'adobe', sync_status: 'completed' },
      { ...OLD_CREW, source: 'frame', sync_status: null },
    ],
    workspaces: account.workspaces.map((ws) => {
      if (ws.id === MARKETING.id)
        return {
          ...ws,
          groupGrants: [{ group_id: OLD_CREW.id, role: 'viewer' as const }],
          projects: [
            {
              id: SPRING.id,
              name: SPRING.name,
              restricted: false,
              groupGrants: [{ group_id: OKTA.id, role: 'commenter' as const }],
              members: [member('ana.berg@acme.test', 'editor')],
            },
          ],
        };
      if (ws.id === COLOR.id) return { ...ws, groupGrants: [{ group_id: OKTA.id, role: 'viewer' as const }] };
      // A grant of a group the account's listing does not name: shown by its id.
      if (ws.id === SOUND.id)
        return {
          ...ws,
          groupGrants: [
            { group_id: OKTA.id, role: 'editor' as const },
            { group_id: '9e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', role: 'viewer' as const },
          ],
        };
      return ws;
    }),
  })),
};
