// Each bad manifest fixture must fail with exactly these messages, positions included.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, ManifestError } from '../../src/errors.js';
import { loadManifest, validateManifest } from '../../src/manifest/index.js';
import { fixture } from './helpers.js';

const ID = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const ROLES = 'workspace_admin, full_access, editor, edit_only, commenter, viewer';
const PROJECT_ROLES = 'full_access, editor, edit_only, commenter, viewer';
const SPRING = "project 'Spring Campaign' in workspace 'Marketing'";
const USE_MAX = "use a percent of a workspace's current members like 25%, or a count like 3";

/** [fixture, expected diagnostics as printed; `{F}` stands for the fixture's path] */
const CASES: [string, string[]][] = [
  ['wrong-role.yaml', [`{F}:8:22: error: role 'editr' is not a workspace role; use one of ${ROLES}`]],
  [
    'account-role.yaml',
    [
      "{F}:6:23: error: role 'owner' is not an account role a manifest can set; use one of admin, member (the " +
        'API cannot set owner or reviewer)',
    ],
  ],
  [
    'unknown-key.yaml',
    [
      "{F}:7:5: error: unknown key 'usres' in workspace 'Marketing'; allowed keys: id, mode, users, groups, " +
        'frameio_groups, projects',
    ],
  ],
  [
    'duplicate-key.yaml',
    ["{F}:12:3: error: duplicate key 'Marketing' in workspaces; it is already written at {F}:6:3"],
  ],
  [
    'case-duplicate-email.yaml',
    [
      "{F}:9:7: error: duplicate user 'Bob@Acme.test' in users of workspace 'Marketing': emails are " +
        "case-insensitive and 'bob@acme.test' is already listed at {F}:8:7",
    ],
  ],
  [
    'group-duplicate-email.yaml',
    [
      "{F}:6:48: error: 'CAROL@acme.test' is listed twice in group 'colorists' (emails are case-insensitive); it " +
        'is already listed at {F}:6:15',
    ],
  ],
  [
    'unknown-group.yaml',
    [
      "{F}:10:7: error: unknown group 'colorsts' in workspace 'Color' (did you mean 'colorists'?); groups defined " +
        `for account ${ID}: colorists`,
    ],
  ],
  ['max-removals-range.yaml', [`{F}:6:17: error: max_removals '150%' is over 100%; ${USE_MAX}`]],
  ['max-removals-syntax.yaml', [`{F}:6:17: error: max_removals 'a few' is not valid; ${USE_MAX}`]],
  ['syntax-error.yaml', ['{F}:7:1: error: YAML syntax error: All mapping items must start at the same column']],
  [
    'alias-bomb.yaml',
    [
      '{F}:8:10: error: YAML aliases expand more than 100 times in this file; refused as a possible "billion ' +
        'laughs" attack (write the entries out instead of nesting aliases)',
    ],
  ],
  ['wrong-version.yaml', ['{F}:2:10: error: unsupported manifest version 2; this rolesync reads version 1']],
  [
    'unknown-tag.yaml',
    ["{F}:5:13: error: unknown tag '!include'; rolesync reads plain YAML only (no custom tags, no includes)"],
  ],
  ['empty-group.yaml', ["{F}:6:14: error: group 'colorists' is empty; list at least one email, or remove the group"]],
  [
    'protected-not-email.yaml',
    [
      "{F}:6:39: error: protected entry 'svc-rolesync' is not an email address; policy.protected lists emails, " +
        'like name@example.com',
    ],
  ],
  [
    'missing-account-id.yaml',
    ["{F}:3:1: error: missing required key 'id' in account (the account's Frame.io UUID or its 'adobe:' id)"],
  ],
  [
    'split-duplicate-user',
    [
      `{F}/contractors.yaml:7:5: error: user 'bob@acme.test' is declared twice in account.users of account ` +
        `${ID}, at {F}/account.yaml:7:5 and at {F}/contractors.yaml:7:5; declare each user once`,
    ],
  ],
  [
    'split-duplicate-workspace',
    [
      `{F}/b.yaml:4:3: error: account.mode of account ${ID} is set twice, at {F}/a.yaml:4:3 and at ` +
        '{F}/b.yaml:4:3; set it in one file only',
      `{F}/b.yaml:6:3: error: workspace 'Marketing' of account ${ID} is declared twice, at {F}/a.yaml:6:3 and at ` +
        '{F}/b.yaml:6:3; declare each workspace, with its projects, in one place',
    ],
  ],
  [
    'project-role.yaml',
    [
      `{F}:12:26: error: role 'workspace_admin' is not a project role; use one of ${PROJECT_ROLES} (workspace_admin ` +
        "is a workspace role: give it under the workspace's users, where it covers every project of the workspace)",
      `{F}:13:28: error: role 'owner' is not a project role; use one of ${PROJECT_ROLES} (admin and owner come from ` +
        'the account role; set admins under account.users)',
      `{F}:15:22: error: role 'editr' is not a project role; use one of ${PROJECT_ROLES}`,
    ],
  ],
  [
    'project-unknown-group.yaml',
    [
      "{F}:13:11: error: unknown group 'colorsts' in project 'Dailies' of workspace 'Color' (did you mean " +
        `'colorists'?); groups defined for account ${ID}: colorists, editors`,
    ],
  ],
  [
    'project-unknown-key.yaml',
    [
      "{F}:9:9: error: unknown key 'usres' in project 'Spring Campaign' of workspace 'Marketing'; allowed keys: id, " +
        'mode, restricted, users, groups, frameio_groups',
    ],
  ],
  [
    'project-restricted.yaml',
    [
      `{F}:9:21: error: restricted of ${SPRING} must be true or false; got the string 'yes' (YAML 1.2 reads yes, ` +
        'no, on and off as text; write true or false)',
      "{F}:11:21: error: restricted of project 'Summer Campaign' in workspace 'Marketing' must be true or false; " +
        'got the number 1',
    ],
  ],
  [
    'project-bad-id.yaml',
    [
      `{F}:9:13: error: id 'spring-2025' of ${SPRING} is not a Frame.io project id; pin the project's UUID, like ` +
        "18d9023a-6b06-4417-b3f4-bf87865c183f, or its 'adobe:' id",
    ],
  ],
  [
    'project-case-duplicate-email.yaml',
    [
      `{F}:11:11: error: duplicate user 'Client@Brand.test' in users of ${SPRING}: emails are case-insensitive ` +
        "and 'client@brand.test' is already listed at {F}:10:11",
    ],
  ],
  [
    'project-duplicate-key.yaml',
    [
      `{F}:11:11: error: duplicate key 'bob@acme.test' in users of ${SPRING}; it is already written at {F}:10:11`,
      "{F}:12:7: error: duplicate key 'Spring Campaign' in projects of workspace 'Marketing'; it is already " +
        'written at {F}:8:7',
    ],
  ],
  [
    'project-duplicate-pin.yaml',
    [
      "{F}:10:7: error: projects 'Spring Campaign' and 'Spring Campaign (old name)' of workspace 'Marketing' pin " +
        'the same id 18d9023a-6b06-4417-b3f4-bf87865c183f, at {F}:8:7 and at {F}:10:7; a project is declared once',
      "{F}:14:7: error: project 'Spring Campaign' of workspace 'Marketing' and project 'Spring' of workspace " +
        "'Color' pin the same id 18d9023a-6b06-4417-b3f4-bf87865c183f, at {F}:8:7 and at {F}:14:7; a project " +
        'belongs to one workspace: declare it once, under that workspace',
    ],
  ],
  [
    'split-duplicate-project',
    [
      `{F}/b.yaml:6:3: error: workspace 'Marketing' of account ${ID} is declared twice, at {F}/a.yaml:6:3 and at ` +
        '{F}/b.yaml:6:3; declare each workspace, with its projects, in one place',
    ],
  ],
  [
    'split-duplicate-project-pin',
    [
      "{F}/marketing.yaml:7:7: error: project 'Spring' of workspace 'Color' and project 'Spring Campaign' of " +
        "workspace 'Marketing' pin the same id adobe:urn:aaid:sc:US:9f4e4d7a-4b6b-4c4f-9f00-b31a91cfc6f3, at " +
        '{F}/color.yaml:7:7 and at {F}/marketing.yaml:7:7; a project belongs to one workspace: declare it once, ' +
        'under that workspace',
    ],
  ],
];

describe('bad manifests', () => {
  it.each(CASES)('%s', async (name, expected) => {
    const path = fixture('bad', name);
    const result = await validateManifest(path);
    expect(result.ok).toBe(false);
    expect(result.manifest).toBeUndefined();
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(expected.map((line) => line.replaceAll('{F}', path)));
  });

  it('reports every error of every file at once, sorted by file, line and col', async () => {
    const path = fixture('bad');
    const result = await validateManifest(path);
    // Cross-file checks change some messages here (one account spans the folder), so check that
    // every file is reported, not the exact texts (those are the table's job).
    const files = new Set(result.diagnostics.map((d) => d.pos.file));
    for (const [name] of CASES) {
      if (name.endsWith('.yaml')) expect(files).toContain(fixture('bad', name));
    }
    const keys = result.diagnostics.map((d) => [d.pos.file, d.pos.line, d.pos.col] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    expect(keys).toEqual(sorted);
  });

  it('loadManifest throws one ManifestError listing every diagnostic', async () => {
    const path = fixture('bad', 'split-duplicate-workspace');
    const err = await loadManifest(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    const me = err as ManifestError;
    expect(me.code).toBe('MANIFEST_INVALID');
    expect(me.diagnostics).toHaveLength(2);
    expect(me.message.split('\n')[0]).toBe(`manifest ${path} is invalid (2 errors):`);
    expect(me.message.split('\n').slice(1)).toEqual(me.diagnostics.map(formatDiagnostic));
  });
});
