// schemas/plan.schema.json describes what the planner makes: a plan with every change action, the
// project notes and a project's policy violation validates, and the project changes' shapes are held;
// as does a plan with every Frame.io group change, its notes and a group's violation, once the schema
// lists them (the schema is written beside the renderers).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { GROUP_CREATE_WRITES, GROUP_GRANT_WRITES, GROUP_MEMBER_SCOPE, WRITE_CLASS_OF } from '../../src/plan/scopes.js';
import type { Plan } from '../../src/plan/types.js';
import { type LiveSpec, buildGroupPlan, liveState, manifest } from './builders.js';

const schemaText = readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8');
const schema = JSON.parse(schemaText) as object;
const GROUP_ACTIONS = new Set(
  Object.keys({ ...GROUP_CREATE_WRITES, ...GROUP_MEMBER_SCOPE.writes, ...GROUP_GRANT_WRITES }),
);
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function errorsOf(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** The plan as a document: the notes' `user_id` and `desired` are for drift, not the document. */
function documentOf(plan: Plan): Record<string, unknown> & { changes: Record<string, unknown>[] } {
  const notes = plan.notes.map((n) => {
    const { user_id: _u, desired: _d, ...rest } = n as typeof n & { user_id?: unknown; desired?: unknown };
    return rest;
  });
  return JSON.parse(JSON.stringify({ ...plan, notes }));
}

const LIVE: LiveSpec = {
  users: {
    svc: 'admin',
    bob: 'member',
    carol: 'member',
    dave: 'member',
    erin: 'member',
    ext: 'member',
    ext2: 'member',
  },
  workspaces: [
    {
      name: 'Marketing',
      members: { bob: 'viewer', carol: 'editor', dave: 'viewer', erin: 'viewer' },
      projects: [
        { name: 'Spring', id: 'p-spring', members: { ext: 'commenter', ext2: 'viewer' } },
        { name: 'Fog', restricted: null, members: {} },
      ],
    },
  ],
};

const PLAN = buildPlan(
  manifest({
    users: { bob: 'admin' },
    policy: { maxRemovals: { kind: 'count', value: 0 } },
    workspaces: {
      Marketing: {
        mode: 'authoritative',
        users: { carol: 'editor', dave: 'editor' },
        projects: {
          'Old Spring': {
            id: 'p-spring',
            mode: 'authoritative',
            restricted: true,
            users: { carol: 'editor', ext: 'viewer' },
          },
          Fog: { users: { carol: 'viewer' } },
        },
      },
    },
  }),
  liveState([LIVE]),
);

describe('schemas/plan.schema.json and projects', () => {
  const document = documentOf(PLAN);

  it('validates a plan with every change action, the project notes and a project violation', () => {
    const userActions = Object.keys(WRITE_CLASS_OF).filter((a) => !GROUP_ACTIONS.has(a));
    expect(new Set(PLAN.changes.map((c) => c.action))).toEqual(new Set(userActions));
    expect(new Set(PLAN.notes.map((n) => n.kind))).toEqual(
      new Set([
        'account_admin_in_workspace',
        'grant_no_effect',
        'project_renamed',
        'project_restricted_unknown',
        'project_restriction_hides',
      ]),
    );
    expect(PLAN.policy.violations.map((v) => v.project_name ?? v.workspace_name)).toEqual(['Marketing', 'Spring']);
    expect(errorsOf(document)).toEqual([]);
  });

  const at = (action: string) => document.changes.findIndex((c) => c.action === action);
  const withChange = (action: string, patch: Record<string, unknown>) => ({
    ...document,
    changes: document.changes.map((c, i) => (i === at(action) ? { ...c, ...patch } : c)),
  });
  const without = (action: string, key: string) => ({
    ...document,
    changes: document.changes.map((c, i) => {
      if (i !== at(action)) return c;
      const { [key]: _dropped, ...rest } = c;
      return rest;
    }),
  });

  it.each([
    ['a project grant without its project id', without('set_project_role', 'project_id')],
    ['a project grant without its workspace', without('set_project_role', 'workspace_id')],
    ['a project grant of workspace_admin', withChange('set_project_role', { to: 'workspace_admin' })],
    ['a project removal whose to is a role', withChange('remove_project_user', { to: 'viewer' })],
    ['a project removal from nothing', withChange('remove_project_user', { from: null })],
    ['a restricted setting that is not a boolean', withChange('set_project_restricted', { to: 'yes' })],
    ['a restricted setting naming a user', withChange('set_project_restricted', { email: 'bob@acme.test' })],
  ])('rejects %s', (_name, bad) => {
    expect(errorsOf(bad).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!schemaText.includes('create_frameio_group'))('schemas/plan.schema.json and Frame.io groups', () => {
  const live: LiveSpec = {
    users: { svc: 'admin', bob: 'member', carol: 'member', dave: 'member', erin: 'member' },
    groups: [
      { name: 'post', members: ['dave', 'erin'] },
      { name: 'okta', source: 'adobe', members: ['carol'] },
    ],
    workspaces: [
      {
        name: 'Marketing',
        members: { bob: 'viewer', carol: 'viewer' },
        groupGrants: { okta: 'editor' },
        projects: [{ name: 'Spring', members: {}, groupGrants: { okta: 'viewer' } }],
      },
      { name: 'Design', members: { dave: 'viewer' }, groupGrants: { post: 'viewer' } },
    ],
  };
  const plan = buildGroupPlan(
    manifest({
      policy: { maxRemovals: { kind: 'count', value: 0 } },
      frameioGroups: { post: { mode: 'authoritative', members: ['dave'] }, fresh: { members: ['bob'] }, okta: {} },
      workspaces: {
        Marketing: {
          mode: 'authoritative',
          users: { bob: 'viewer' },
          frameioGroups: { fresh: 'editor' },
          projects: { Spring: { mode: 'authoritative', frameioGroups: { post: 'editor' } } },
        },
        Design: { mode: 'authoritative', frameioGroups: { post: 'editor' } },
      },
    }),
    liveState([live]),
  );

  it('validates a plan with every group change, its notes and a group violation', () => {
    const actions = new Set<string>(plan.changes.map((c) => c.action));
    expect([...GROUP_ACTIONS].filter((a) => !actions.has(a))).toEqual([]);
    expect(plan.notes.map((n) => n.kind)).toContain('access_through_group');
    expect(plan.policy.violations.map((v) => v.group_name ?? v.project_name ?? v.workspace_name)).toContain('post');
    expect(errorsOf(documentOf(plan))).toEqual([]);
  });
});
