// Frame.io group changes as drift: one entry per change with a kind of its own (the group, its
// members, its grants on workspaces and projects), a held member removal as a held entry naming the
// group, and the group notes that are not drift. Built from hand-made plans, so the entries do not
// depend on the planner.
import { describe, expect, it } from 'vitest';
import { detectDrift, driftExitCode, type DriftEntry } from '../../src/drift/index.js';
import { loadManifestSources } from '../../src/manifest/index.js';
import { estimate } from '../../src/plan/index.js';
import type { Change, HeldNote, Plan, PlanNote } from '../../src/plan/types.js';
import { driftEntryJson } from '../../src/render/drift-json.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '../../src/render/index.js';
import { ACCOUNT_NAMES, ACME, MARKETING, SPRING, STUDIO, userId, workspaceRole } from '../render/fixtures.js';
import { expectGolden } from '../render/golden.js';

const MANIFEST = loadManifestSources([
  { path: 'acme.yaml', rel: 'acme.yaml', content: `version: 1\naccount:\n  id: ${ACME}\n  users: {}\n` },
]);

const POST = { group_id: '1b67ac33-b557-4122-bd3a-f071b5458e55', group_name: 'Post Team' };
const OKTA = { group_id: '2c78bd44-c668-4233-ae46-a182c6569f66', group_name: 'Okta Editors' };
const CREW = { group_id: '3d89ce55-d779-4344-bf57-b293d767aa77', group_name: 'Workfront Crew' };
/** Declared with members, not in Frame.io: created by the plan, so its changes carry no id. */
const NIGHT = { group_id: null, group_name: 'Night Crew' };

const inMarketing = { workspace_id: MARKETING.id, workspace_name: MARKETING.name };
const inSpring = { ...inMarketing, project_id: SPRING.id, project_name: SPRING.name };
const member = (email: string) => ({ user_id: userId(email), email });

/** Summary and estimate as the contract defines them; the entries read only changes and notes. */
function planOf(changes: Change[], notes: PlanNote[] = []): Plan {
  const remove = changes.filter((c) => c.to === null).length;
  return {
    format_version: 1,
    changes,
    summary: { add: changes.length - remove, change: 0, remove, total: changes.length },
    notes,
    policy: { ok: true, violations: [] },
    estimate: estimate(changes),
  };
}

const held: HeldNote = {
  kind: 'protected',
  account_id: ACME,
  ...POST,
  email: 'erin@acme.test',
  user_id: userId('erin@acme.test'),
  role: 'member',
  desired: null,
  message: 'erin@acme.test is protected (policy.protected): they stay in group "Post Team"',
};

// In no particular order: drift sorts by scope, then group, then email.
const groupPlan = planOf(
  [
    { action: 'remove_project_group', account_id: ACME, ...inSpring, ...OKTA, from: 'editor', to: null },
    { action: 'set_project_group_role', account_id: ACME, ...inSpring, ...POST, from: null, to: 'full_access' },
    { action: 'remove_workspace_group', account_id: ACME, ...inMarketing, ...CREW, from: 'commenter', to: null },
    { action: 'set_workspace_group_role', account_id: ACME, ...inMarketing, ...POST, from: 'viewer', to: 'editor' },
    { action: 'set_workspace_group_role', account_id: ACME, ...inMarketing, ...NIGHT, from: null, to: 'viewer' },
    workspaceRole(MARKETING, 'frank@acme.test', null, 'commenter'),
    {
      action: 'remove_frameio_group_member',
      account_id: ACME,
      ...POST,
      ...member('old.timer@acme.test'),
      from: 'member',
      to: null,
    },
    {
      action: 'add_frameio_group_member',
      account_id: ACME,
      ...POST,
      ...member('dave@acme.test'),
      from: null,
      to: 'member',
    },
    {
      action: 'add_frameio_group_member',
      account_id: ACME,
      ...NIGHT,
      ...member('nina@acme.test'),
      from: null,
      to: 'member',
    },
    {
      action: 'create_frameio_group',
      account_id: ACME,
      ...NIGHT,
      group_id: null,
      emoji: '👥',
      from: null,
      to: 'frame',
    },
  ],
  [held],
);

const report = () => detectDrift(groupPlan, MANIFEST);

const short = (e: DriftEntry) =>
  `${e.kind} ${e.workspace_name ?? 'account'}${e.project_name ? ` / ${e.project_name}` : ''} ` +
  `${e.group_name ?? '-'} ${e.email ?? '-'} ${e.live}->${e.desired} (${e.action}: ${e.to})`;

describe('drift of Frame.io groups', () => {
  it('is one entry per group change, each kind its own; by scope, then group (the group first), then email', () => {
    expect(report().drift.map(short)).toEqual([
      'group_missing account Night Crew - null->frame (create_frameio_group: frame)',
      'group_member_missing account Night Crew nina@acme.test null->member (add_frameio_group_member: member)',
      'group_member_missing account Post Team dave@acme.test null->member (add_frameio_group_member: member)',
      'held account Post Team erin@acme.test member->null (null: null)',
      'unmanaged_group_member account Post Team old.timer@acme.test member->null (remove_frameio_group_member: null)',
      'missing_member Marketing - frank@acme.test null->commenter (set_workspace_role: commenter)',
      'group_grant_missing Marketing Night Crew - null->viewer (set_workspace_group_role: viewer)',
      'group_role_differs Marketing Post Team - viewer->editor (set_workspace_group_role: editor)',
      'unmanaged_group_grant Marketing Workfront Crew - commenter->null (remove_workspace_group: null)',
      'unmanaged_group_grant Marketing / Spring Campaign Okta Editors - editor->null (remove_project_group: null)',
      'group_grant_missing Marketing / Spring Campaign Post Team - null->full_access (set_project_group_role: full_access)',
    ]);
    expect(report().in_sync).toBe(false);
    expect(driftExitCode(report())).toBe(2);
  });

  it('names the group (id, or null for one apply creates), the user or the scope, and what apply would do', () => {
    const by = (kind: DriftEntry['kind']) => report().drift.filter((e) => e.kind === kind);
    expect(by('group_missing')).toEqual([
      {
        kind: 'group_missing',
        account_id: ACME,
        group_id: null,
        group_name: 'Night Crew',
        live: null,
        desired: 'frame',
        action: 'create_frameio_group',
        to: 'frame',
        message: 'group "Night Crew" is not in Frame.io, the manifest declares it with members; apply would create it',
      },
    ]);
    expect(by('group_member_missing').map((e) => e.message)).toEqual([
      'nina@acme.test is not a member of group "Night Crew", which is not in Frame.io yet, the manifest lists them; ' +
        'apply would add them',
      'dave@acme.test is not a member of group "Post Team", the manifest lists them; apply would add them',
    ]);
    expect(by('unmanaged_group_member')).toEqual([
      {
        kind: 'unmanaged_group_member',
        account_id: ACME,
        ...POST,
        email: 'old.timer@acme.test',
        user_id: userId('old.timer@acme.test'),
        live: 'member',
        desired: null,
        action: 'remove_frameio_group_member',
        to: null,
        message:
          'old.timer@acme.test is a member of group "Post Team" in Frame.io but not in the manifest (mode: ' +
          'authoritative); apply would take them out of the group',
      },
    ]);
    expect(by('group_role_differs')).toEqual([
      {
        kind: 'group_role_differs',
        account_id: ACME,
        ...POST,
        ...inMarketing,
        live: 'viewer',
        desired: 'editor',
        action: 'set_workspace_group_role',
        to: 'editor',
        message: 'group "Post Team" is viewer in Marketing, the manifest says editor; apply would set editor',
      },
    ]);
    expect(by('group_grant_missing').map((e) => [e.group_id, e.project_id ?? null, e.message])).toEqual([
      [null, null, 'group "Night Crew" has no role in Marketing, the manifest gives it viewer; apply would grant it'],
      [
        POST.group_id,
        SPRING.id,
        'group "Post Team" has no role in project Marketing / Spring Campaign, the manifest gives it full_access; ' +
          'apply would grant it',
      ],
    ]);
    expect(by('unmanaged_group_grant').map((e) => e.message)).toEqual([
      'group "Workfront Crew" is commenter in Marketing but not in the manifest (mode: authoritative); apply would ' +
        'take the grant away (the group stays)',
      'group "Okta Editors" is editor in project Marketing / Spring Campaign but not in the manifest (mode: ' +
        'authoritative); apply would take the grant away (the group stays)',
    ]);
    // A member removal a guard holds back is held drift, and says which group.
    expect(by('held')).toEqual([
      {
        kind: 'held',
        account_id: ACME,
        ...POST,
        email: 'erin@acme.test',
        user_id: userId('erin@acme.test'),
        live: 'member',
        desired: null,
        action: null,
        to: null,
        held_by: 'protected',
        message: held.message,
      },
    ]);
  });

  it('a renamed group and access through a group are notes, not drift', () => {
    const notes: PlanNote[] = [
      {
        kind: 'frameio_group_renamed',
        account_id: ACME,
        ...POST,
        message: 'group "Post Crew" (pinned id 1b67ac33-…) is named "Post Team" in Frame.io',
      },
      {
        kind: 'access_through_group',
        account_id: ACME,
        ...inMarketing,
        email: 'carol@acme.test',
        role: 'editor',
        via: ['Post Team'],
        group_role: 'editor',
        message: 'carol@acme.test keeps editor in Marketing through group "Post Team": not removed',
      },
    ];
    const quiet = detectDrift(planOf([], notes), MANIFEST);
    expect(quiet.drift).toEqual([]);
    expect(quiet.in_sync).toBe(true);
    expect(driftExitCode(quiet)).toBe(0);
    const text = renderDriftText(quiet, { color: false, accountNames: ACCOUNT_NAMES });
    expect(text).toContain(
      'Notes (not drift: rolesync cannot change these):\n' +
        '  • group "Post Crew" (pinned id 1b67ac33-…) is named "Post Team" in Frame.io\n' +
        '  • carol@acme.test keeps editor in Marketing through group "Post Team": not removed\n',
    );
  });

  it('text', () => {
    const text = renderDriftText(report(), { color: false, accountNames: ACCOUNT_NAMES });
    // A member is listed by email in their group's section (the column widths are the section's); a
    // held member removal too. A group apply would create has no id yet.
    expect(
      text.startsWith(
        'Frame.io group Night Crew (not in Frame.io yet)\n' +
          '  ! group Night Crew  group missing         live —, manifest frame: apply would create the group\n' +
          '  ! nina@acme.test    group member missing  live —, manifest member: apply would add to the group once ' +
          'created\n\n' +
          `Frame.io group Post Team (${POST.group_id})\n` +
          '  ! dave@acme.test       group member missing    live —, manifest member: apply would add to the group\n' +
          '  ! erin@acme.test       held by a guard         live member, manifest —: apply would do nothing — ' +
          'protected by policy.protected\n' +
          '  ! old.timer@acme.test  unmanaged group member  live member, manifest —: apply would remove from the ' +
          'group\n\n' +
          `Workspace Marketing (${MARKETING.id})\n`,
      ),
    ).toBe(true);
    expect(text).not.toContain('Account Acme Post');
    expect(text).toContain(
      "  ! group Post Team       group role differs     live viewer, manifest editor: apply would set the group's role " +
        'editor\n',
    );
    expectGolden('drift-groups.txt', text);
  });

  it('markdown', () => {
    const md = renderDriftMarkdown(report(), { accountNames: ACCOUNT_NAMES });
    expect(md).toContain("| unmanaged group grant | group Workfront Crew | commenter | — | remove the group's grant |");
    expect(md).toContain('| group missing | group Night Crew | — | frame | create the group |');
    // Each group's members are a table under the group's name, held member removal included.
    expect(md).toContain(
      `#### Frame.io group Post Team (\`${POST.group_id}\`)\n\n` +
        '| difference | member | live | manifest | apply would |\n' +
        '|---|---|---|---|---|\n' +
        '| group member missing | dave@acme.test | — | member | add to the group |\n' +
        '| held by a guard | erin@acme.test | member | — | nothing — protected by policy.protected |\n' +
        '| unmanaged group member | old.timer@acme.test | member | — | remove from the group |\n',
    );
    expect(md).toContain('#### Frame.io group Night Crew (not in Frame.io yet)\n');
    expect(md).not.toContain('#### Account');
    // Past the size cap, a line of counts per group.
    expect(renderDriftMarkdown(report(), { accountNames: ACCOUNT_NAMES, maxChars: 100 })).toContain(
      `- Frame.io group Post Team (\`${POST.group_id}\`): 3 differences (group member missing: 1, ` +
        'unmanaged group member: 1, held by a guard: 1)\n',
    );
    expectGolden('drift-groups.md', md);
  });

  it('with several accounts, a group section also says whose group it is (as the plan does)', () => {
    const twoAccounts = detectDrift(
      planOf([
        {
          action: 'add_frameio_group_member',
          account_id: ACME,
          ...POST,
          ...member('dave@acme.test'),
          from: null,
          to: 'member',
        },
        {
          action: 'remove_frameio_group_member',
          account_id: STUDIO,
          ...OKTA,
          ...member('old.timer@acme.test'),
          from: 'member',
          to: null,
        },
      ]),
      MANIFEST,
    );
    const text = renderDriftText(twoAccounts, { color: false, accountNames: ACCOUNT_NAMES });
    expect(text).toContain(`\nFrame.io group Okta Editors (${OKTA.group_id}) in Acme Studio (Adobe)\n`);
    expect(text.startsWith(`Frame.io group Post Team (${POST.group_id}) in Acme Post\n`)).toBe(true);
    const md = renderDriftMarkdown(twoAccounts, { accountNames: ACCOUNT_NAMES });
    expect(md).toContain(`#### Frame.io group Okta Editors (\`${OKTA.group_id}\`) in Acme Studio (Adobe)\n`);
  });

  it('json: each entry names its group by id and name, after the scope and before the user', () => {
    const entries = report().drift.map(driftEntryJson);
    expect(Object.keys(entries.find((e) => e.kind === 'unmanaged_group_member')!)).toEqual([
      'kind',
      'account_id',
      'group_id',
      'group_name',
      'email',
      'user_id',
      'live',
      'desired',
      'action',
      'to',
      'message',
    ]);
    expect(Object.keys(entries.find((e) => e.kind === 'group_role_differs')!)).toEqual([
      'kind',
      'account_id',
      'workspace_id',
      'workspace_name',
      'group_id',
      'group_name',
      'live',
      'desired',
      'action',
      'to',
      'message',
    ]);
    expect(entries.find((e) => e.kind === 'group_missing')).toMatchObject({ group_id: null, group_name: 'Night Crew' });
  });

  it('json: a held member removal in the document names its group', () => {
    // The plan part of the document is the plan renderer's; a plan of the held note alone keeps to drift's part.
    const doc = JSON.parse(renderDriftJson(detectDrift(planOf([], [held]), MANIFEST))) as {
      drift: Record<string, unknown>[];
      in_sync: boolean;
    };
    expect(doc.in_sync).toBe(false);
    expect(doc.drift).toEqual([
      {
        kind: 'held',
        account_id: ACME,
        ...POST,
        email: 'erin@acme.test',
        user_id: userId('erin@acme.test'),
        live: 'member',
        desired: null,
        action: null,
        to: null,
        held_by: 'protected',
        message: held.message,
      },
    ]);
  });
});
