// Frame.io groups in the manifest (CONTRACT.md §1.2, issue 13): the `experimental: [frameio_groups]`
// opt-in, the top-level `frameio_groups:` and the grants under workspaces and projects, as both YAML
// readers load them, and every check on them with its exact message.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { parseBlockSubset } from '../../src/manifest/block-yaml.js';
import { extractFile } from '../../src/manifest/extract.js';
import { loadManifest, validateManifest, type DesiredAccount } from '../../src/manifest/index.js';
import { checkManifestSources } from '../../src/manifest/load.js';
import { parseYamlDocument } from '../../src/manifest/yaml.js';
import { fixture } from './helpers.js';

const ID = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const GROUP_ID = '1b67ac33-b557-4122-bd3a-f071b5458e55';
const at = (file: string, line: number, col: number) => ({ file, line, col });
const memory = (text: string) => ({ readFile: async () => text });
/** Lines 1-3 of every in-memory manifest; the body starts at line 4. */
const head = `version: 1\naccount:\n  id: ${ID}\n`;
const OPT_IN = 'experimental: [frameio_groups]\n';
const GROUP_ROLES = 'full_access, editor, edit_only, commenter, viewer';
const OPT_IN_MISSING =
  'frameio_groups is used here without the opt-in: Frame.io groups use experimental API endpoints; add ' +
  `'experimental: [frameio_groups]' at the top level of a file of account ${ID} (or remove every frameio_groups)`;

/** The parts of a loaded account this file is about. */
function groupsOf(account: DesiredAccount | undefined) {
  return {
    experimental: account?.experimental,
    frameioGroups: account?.frameioGroups,
    grants: account?.workspaces.map((w) => ({
      workspace: w.name,
      frameioGroups: w.frameioGroups,
      projects: w.projects.map((p) => ({ project: p.name, frameioGroups: p.frameioGroups })),
    })),
  };
}

/** Every diagnostic of several in-memory files of one manifest, as printed. */
function checkFiles(files: Record<string, string>): string[] {
  const sources = Object.entries(files).map(([path, content]) => ({ path, rel: path, content }));
  return checkManifestSources(sources).diagnostics.map(formatDiagnostic);
}

describe('frameio_groups: block YAML (the fast reader)', () => {
  const F = fixture('good', 'frameio-groups.yaml');

  it('is read by the fast reader, not the general parser', () => {
    expect(parseBlockSubset(F, readFileSync(F, 'utf8'))).not.toBeNull();
  });

  it('loads the opt-in, every group field and the grants, with positions; unwritten grants are null', async () => {
    const manifest = await loadManifest(F);
    expect(manifest.warnings).toEqual([]);
    expect(groupsOf(manifest.accounts[0])).toEqual({
      experimental: ['frameio_groups'],
      frameioGroups: [
        {
          name: 'Post Team',
          id: GROUP_ID,
          mode: 'authoritative',
          managed: true,
          members: [
            { email: 'erin@acme.test', pos: at(F, 13, 9) },
            { email: 'frank@acme.test', pos: at(F, 14, 9) },
          ],
          groups: [{ name: 'colorists', pos: at(F, 15, 14) }],
          pos: at(F, 9, 3),
        },
        // No value: membership not managed, the group only receives grants.
        { name: 'Okta Editors', mode: 'additive', managed: false, members: [], groups: [], pos: at(F, 16, 3) },
        // `members: []` is written: managed, nobody in it (additive: nobody is removed either).
        { name: 'Freelancers', mode: 'additive', managed: true, members: [], groups: [], pos: at(F, 17, 3) },
      ],
      grants: [
        {
          workspace: 'Marketing',
          frameioGroups: [
            { group: 'Post Team', role: 'editor', pos: at(F, 23, 7) },
            { group: 'Okta Editors', role: 'viewer', pos: at(F, 24, 7) },
          ],
          projects: [
            {
              project: 'Spring Campaign',
              frameioGroups: [{ group: 'Post Team', role: 'full_access', pos: at(F, 28, 11) }],
            },
            { project: 'Archive', frameioGroups: null },
          ],
        },
        { workspace: 'Color', frameioGroups: null, projects: [] },
      ],
    });
  });

  it('gives the same desired state and diagnostics through the general parser', () => {
    const text = readFileSync(F, 'utf8');
    const fast = parseBlockSubset(F, text)!;
    const full = parseYamlDocument(F, text);
    const fromFast = extractFile(F, fast.value, fast.positions);
    const fromFull = extractFile(F, full.value, full.positions);
    expect(fromFast.part.frameioGroups).toHaveLength(3);
    expect(fromFast.part.frameioGroupUses).toHaveLength(3);
    expect(fromFast).toEqual(fromFull);
  });
});

describe('frameio_groups: the CONTRACT.md §1.2 example (the general parser)', () => {
  const F = fixture('good', 'frameio-groups-flow.yaml');

  it('is left to the general parser', () => {
    expect(parseBlockSubset(F, readFileSync(F, 'utf8'))).toBeNull();
  });

  it('loads it, positions inside flow mappings included', async () => {
    const manifest = await loadManifest(F);
    expect(manifest.warnings).toEqual([]);
    expect(groupsOf(manifest.accounts[0])).toEqual({
      experimental: ['frameio_groups'],
      frameioGroups: [
        {
          name: 'Post Team',
          id: GROUP_ID,
          mode: 'authoritative',
          managed: true,
          members: [
            { email: 'carol@acme.test', pos: at(F, 12, 15) },
            { email: 'dave@acme.test', pos: at(F, 12, 32) },
          ],
          groups: [{ name: 'colorists', pos: at(F, 13, 14) }],
          pos: at(F, 9, 3),
        },
        { name: 'Okta Editors', mode: 'additive', managed: false, members: [], groups: [], pos: at(F, 14, 3) },
      ],
      grants: [
        {
          workspace: 'Marketing',
          frameioGroups: [
            { group: 'Post Team', role: 'editor', pos: at(F, 17, 23) },
            { group: 'Okta Editors', role: 'viewer', pos: at(F, 17, 42) },
          ],
          projects: [
            {
              project: 'Spring Campaign',
              frameioGroups: [{ group: 'Post Team', role: 'full_access', pos: at(F, 20, 27) }],
            },
          ],
        },
      ],
    });
  });
});

describe('frameio_groups: what the manifest manages', () => {
  const load = async (body: string) => loadManifest('m.yaml', memory(`${head}${body}`));

  it('is empty without the key: no opt-in, no groups, grants null (not managed)', async () => {
    const account = (await load('workspaces:\n  Marketing:\n    users: { bob@acme.test: viewer }\n')).accounts[0];
    expect(groupsOf(account)).toEqual({
      experimental: [],
      frameioGroups: [],
      grants: [{ workspace: 'Marketing', frameioGroups: null, projects: [] }],
    });
  });

  it('manages a scope whose frameio_groups is written empty (an empty list, not null)', async () => {
    const body =
      `${OPT_IN}workspaces:\n  Marketing:\n    frameio_groups: {}\n    projects:\n      Archive:\n` +
      '        frameio_groups: {}\n';
    expect(groupsOf((await load(body)).accounts[0]).grants).toEqual([
      { workspace: 'Marketing', frameioGroups: [], projects: [{ project: 'Archive', frameioGroups: [] }] },
    ]);
  });

  it('counts a group as managed when members or groups is written, whatever else it has', async () => {
    const body =
      `${OPT_IN}groups:\n  colorists: [carol@acme.test]\nframeio_groups:\n  A: {}\n  B: { id: ${GROUP_ID} }\n` +
      '  C: { members: [] }\n  D: { groups: [colorists] }\n  E: { mode: additive }\n';
    const managed = (await load(body)).accounts[0]?.frameioGroups.map((g) => [g.name, g.managed]);
    expect(managed).toEqual([
      ['A', false],
      ['B', false],
      ['C', true],
      ['D', true],
      ['E', false],
    ]);
  });

  it('takes the opt-in from any file of the account, once, and only for that account', () => {
    const other = '2a8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
    const sources = [
      { path: 'a.yaml', rel: 'a.yaml', content: `${head}${OPT_IN}` },
      { path: 'b.yaml', rel: 'b.yaml', content: `${head}${OPT_IN}frameio_groups:\n  Post Team: {}\n` },
      { path: 'c.yaml', rel: 'c.yaml', content: `version: 1\naccount:\n  id: ${other}\n` },
    ];
    const result = checkManifestSources(sources);
    expect(result.diagnostics).toEqual([]);
    expect(result.manifest?.accounts.map((a) => [a.id, a.experimental])).toEqual([
      [ID, ['frameio_groups']],
      [other, []],
    ]);
  });
});

/** [what, manifest body after `head` (line 4 on), diagnostics as printed] */
const CASES: [string, string, string[]][] = [
  // The opt-in: one error per account, at the first use in reading order.
  [
    'no opt-in: the first use, not every use',
    'frameio_groups:\n  Post Team: {}\nworkspaces:\n  Marketing:\n    frameio_groups: { Post Team: editor }\n',
    [`m.yaml:4:1: error: ${OPT_IN_MISSING}`],
  ],
  [
    'no opt-in: a grant written before the declarations is the first use',
    'workspaces:\n  Marketing:\n    projects:\n      Archive:\n        frameio_groups: {}\n' +
      '    frameio_groups: { Post Team: editor }\nframeio_groups:\n  Post Team: {}\n',
    [`m.yaml:8:9: error: ${OPT_IN_MISSING}`],
  ],
  [
    'no opt-in: another experimental list does not count',
    'experimental: []\nframeio_groups: {}\n',
    [`m.yaml:5:1: error: ${OPT_IN_MISSING}`],
  ],
  // Unknown experimental features and the list itself.
  [
    'an unknown experimental feature, with a guess',
    'experimental: [frameio_group]\n',
    [
      "m.yaml:4:16: error: unknown experimental feature 'frameio_group' (did you mean 'frameio_groups'?); the " +
        'features rolesync knows: frameio_groups',
    ],
  ],
  [
    'an unknown experimental feature, none near',
    'experimental: [audit_log]\n',
    ["m.yaml:4:16: error: unknown experimental feature 'audit_log'; the features rolesync knows: frameio_groups"],
  ],
  [
    'a feature listed twice',
    'experimental: [frameio_groups, frameio_groups]\n',
    [
      "m.yaml:4:32: error: experimental lists 'frameio_groups' twice; it is already listed at m.yaml:4:16; list " +
        'each feature once',
    ],
  ],
  [
    'the opt-in written as a string',
    'experimental: frameio_groups\n',
    [
      "m.yaml:4:15: error: experimental must be a list; got the string 'frameio_groups' (write experimental: " +
        '[frameio_groups])',
    ],
  ],
  // Grants name declared Frame.io groups.
  [
    'a workspace grant naming an undeclared group, with a guess',
    `${OPT_IN}frameio_groups:\n  Post Team: {}\n  Okta Editors: {}\n` +
      'workspaces:\n  Marketing:\n    frameio_groups: { Post Teem: editor }\n',
    [
      "m.yaml:10:23: error: unknown Frame.io group 'Post Teem' in workspace 'Marketing' (did you mean 'Post " +
        `Team'?); Frame.io groups declared for account ${ID}: Okta Editors, Post Team`,
    ],
  ],
  [
    'a project grant naming an undeclared group when none is declared',
    `${OPT_IN}workspaces:\n  Marketing:\n    projects:\n      Archive:\n        frameio_groups:\n` +
      '          Editors: viewer\n',
    [
      "m.yaml:10:11: error: unknown Frame.io group 'Editors' in project 'Archive' of workspace 'Marketing'; no " +
        `Frame.io groups are declared for account ${ID}; declare it under the top-level 'frameio_groups:'`,
    ],
  ],
  [
    'a grant naming a manifest group',
    `${OPT_IN}groups:\n  colorists: [carol@acme.test]\nframeio_groups:\n  Post Team: {}\n` +
      'workspaces:\n  Marketing:\n    frameio_groups: { colorists: viewer }\n',
    [
      "m.yaml:11:23: error: unknown Frame.io group 'colorists' in workspace 'Marketing'; Frame.io groups declared " +
        `for account ${ID}: Post Team ('colorists' is a manifest group: grant it under 'groups:')`,
    ],
  ],
  [
    "a workspace's groups naming a Frame.io group",
    `${OPT_IN}frameio_groups:\n  editors: {}\nworkspaces:\n  Marketing:\n    groups: { editors: viewer }\n`,
    [
      "m.yaml:9:15: error: unknown group 'editors' in workspace 'Marketing'; no groups are defined for account " +
        `${ID}; define it under 'groups:' ('editors' is a Frame.io group: grant it under 'frameio_groups:')`,
    ],
  ],
  // The groups of a Frame.io group are manifest groups.
  [
    'a Frame.io group naming an undefined manifest group, with a guess',
    `${OPT_IN}groups:\n  colorists: [carol@acme.test]\nframeio_groups:\n  Post Team: { groups: [colorsts] }\n`,
    [
      "m.yaml:8:25: error: unknown manifest group 'colorsts' in groups of Frame.io group 'Post Team' (did you " +
        `mean 'colorists'?); groups defined for account ${ID}: colorists`,
    ],
  ],
  [
    'a Frame.io group naming a manifest group when none is defined',
    `${OPT_IN}frameio_groups:\n  Post Team:\n    groups: [colorists]\n`,
    [
      "m.yaml:7:14: error: unknown manifest group 'colorists' in groups of Frame.io group 'Post Team'; no groups " +
        `are defined for account ${ID}; define it under the top-level 'groups:'`,
    ],
  ],
  [
    'a Frame.io group naming another Frame.io group',
    `${OPT_IN}frameio_groups:\n  editors: {}\n  Post Team:\n    groups: [editors]\n`,
    [
      "m.yaml:8:14: error: unknown manifest group 'editors' in groups of Frame.io group 'Post Team'; no groups " +
        `are defined for account ${ID}; define it under the top-level 'groups:' ('editors' is a Frame.io group; ` +
        'the groups of a Frame.io group are manifest groups)',
    ],
  ],
  // Roles a group can hold.
  [
    'workspace_admin on a workspace grant',
    `${OPT_IN}frameio_groups:\n  Post Team: {}\nworkspaces:\n  Marketing:\n    frameio_groups:\n` +
      '      Post Team: workspace_admin\n',
    [
      "m.yaml:10:18: error: role 'workspace_admin' is not a role a Frame.io group can hold; use one of " +
        `${GROUP_ROLES} (workspace_admin is given to users only: list them under the workspace's users)`,
    ],
  ],
  [
    'admin on a project grant, and a typo',
    `${OPT_IN}frameio_groups:\n  Post Team: {}\n  Okta: {}\nworkspaces:\n  Marketing:\n    projects:\n` +
      '      Archive:\n        frameio_groups: { Post Team: admin, Okta: editr }\n',
    [
      `m.yaml:12:38: error: role 'admin' is not a role a Frame.io group can hold; use one of ${GROUP_ROLES} (admin ` +
        'and owner come from the account role; set admins under account.users)',
      `m.yaml:12:51: error: role 'editr' is not a role a Frame.io group can hold; use one of ${GROUP_ROLES}`,
    ],
  ],
  // Mode.
  [
    'authoritative with no members and no groups',
    `${OPT_IN}frameio_groups:\n  Okta Editors:\n    mode: authoritative\n`,
    [
      "m.yaml:7:5: error: Frame.io group 'Okta Editors' is authoritative but has no members or groups: its " +
        "membership is not managed, so there is nothing to compare it with; list its members under 'members:' (or " +
        "manifest groups under 'groups:'), or remove the mode",
    ],
  ],
  [
    'authoritative with empty lists: a warning',
    `${OPT_IN}frameio_groups:\n  Post Team:\n    mode: authoritative\n    members: []\n    groups: []\n`,
    [
      "m.yaml:7:5: warning: Frame.io group 'Post Team' is authoritative but lists nobody: every member would be " +
        'removed',
    ],
  ],
  // Twice.
  [
    'one id pinned by two groups',
    `${OPT_IN}frameio_groups:\n  Post Team: { id: ${GROUP_ID} }\n  Post: { id: ${GROUP_ID.toUpperCase()} }\n`,
    [
      `m.yaml:7:3: error: Frame.io groups 'Post Team' and 'Post' pin the same id ${GROUP_ID}, at m.yaml:6:3 and at ` +
        'm.yaml:7:3; a Frame.io group is declared once',
    ],
  ],
  [
    'an email twice in members, in any case',
    `${OPT_IN}frameio_groups:\n  Post Team:\n    members:\n      - carol@acme.test\n      - dave@acme.test\n` +
      '      - Carol@Acme.test\n      - dave@acme.test\n',
    [
      "m.yaml:10:9: error: 'Carol@Acme.test' is listed twice in members of Frame.io group 'Post Team' (emails are " +
        'case-insensitive); it is already listed at m.yaml:8:9',
      "m.yaml:11:9: error: 'dave@acme.test' is listed twice in members of Frame.io group 'Post Team'; it is " +
        'already listed at m.yaml:9:9',
    ],
  ],
  [
    'a manifest group twice in groups',
    `${OPT_IN}groups:\n  colorists: [carol@acme.test]\nframeio_groups:\n` +
      '  Post Team: { groups: [colorists, colorists] }\n',
    [
      "m.yaml:8:36: error: manifest group 'colorists' is listed twice in groups of Frame.io group 'Post Team'; it " +
        'is already listed at m.yaml:8:25',
    ],
  ],
  // Shapes.
  [
    'a group written as a list, an unknown key, a bad id, member and group name',
    `${OPT_IN}frameio_groups:\n  Post Team: [carol@acme.test]\n  Okta:\n    id: 42\n    member: []\n` +
      '  Freelancers:\n    id: not-a-uuid\n    members: [carol]\n    groups: [Post Team]\n',
    [
      "m.yaml:6:14: error: Frame.io group 'Post Team' must be a mapping (key: value) or empty; got a list",
      "m.yaml:8:9: error: id of Frame.io group 'Okta' must be a string; got the number 42",
      "m.yaml:9:5: error: unknown key 'member' in Frame.io group 'Okta'; allowed keys: id, mode, members, groups",
      "m.yaml:11:9: error: id 'not-a-uuid' of Frame.io group 'Freelancers' is not a UUID; pin the group's Frame.io " +
        'id, like 1b67ac33-b557-4122-bd3a-f071b5458e55',
      "m.yaml:12:15: error: member 'carol' of Frame.io group 'Freelancers' is not an email address; members lists " +
        'emails, like name@example.com',
      "m.yaml:13:14: error: 'Post Team' in groups of Frame.io group 'Freelancers' is not a manifest group name; " +
        "groups lists manifest groups (defined under the top-level 'groups:'), whose members become members of the " +
        'Frame.io group',
      // As for a workspace's groups: the name is also not a defined manifest group, and this says why.
      "m.yaml:13:14: error: unknown manifest group 'Post Team' in groups of Frame.io group 'Freelancers'; no " +
        `groups are defined for account ${ID}; define it under the top-level 'groups:' ('Post Team' is a Frame.io ` +
        'group; the groups of a Frame.io group are manifest groups)',
    ],
  ],
  [
    'an empty group name, and grants written as a list',
    `${OPT_IN}frameio_groups:\n  "": {}\nworkspaces:\n  Marketing:\n    frameio_groups: [Post Team]\n`,
    [
      'm.yaml:6:3: error: a Frame.io group name must not be empty',
      "m.yaml:9:21: error: frameio_groups of workspace 'Marketing' must be a mapping (key: value); got a list",
    ],
  ],
  // Group grants count as listing someone in an authoritative scope; an empty map does not.
  [
    'an authoritative workspace listing only group grants, and one listing none',
    `${OPT_IN}frameio_groups:\n  Post Team: {}\nworkspaces:\n  Marketing:\n    mode: authoritative\n` +
      '    frameio_groups: { Post Team: viewer }\n  Archive:\n    mode: authoritative\n    frameio_groups: {}\n',
    ["m.yaml:11:3: warning: workspace 'Archive' is authoritative but lists nobody: every member would be removed"],
  ],
];

describe('frameio_groups: checks, one manifest file', () => {
  it.each(CASES)('%s', async (_what, body, expected) => {
    const result = await validateManifest('m.yaml', memory(`${head}${body}`));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(expected);
    expect(result.ok).toBe(expected.every((line) => !line.includes(': error: ')));
  });
});

const declared = `${OPT_IN}frameio_groups:\n  Post Team:\n    members: [carol@acme.test]\n`;

/** [what, files of one manifest, diagnostics as printed] */
const SPLIT_CASES: [string, Record<string, string>, string[]][] = [
  [
    'no opt-in in any file: the first use in file order',
    {
      'a.yaml': `${head}workspaces:\n  Marketing:\n    frameio_groups: { Post Team: editor }\n`,
      'b.yaml': `${head}frameio_groups:\n  Post Team: {}\n`,
    },
    [`a.yaml:6:5: error: ${OPT_IN_MISSING}`],
  ],
  [
    'a group declared in two files',
    { 'a.yaml': `${head}${declared}`, 'b.yaml': `${head}frameio_groups:\n  Post Team: {}\n` },
    [
      `b.yaml:5:3: error: Frame.io group 'Post Team' of account ${ID} is declared twice, at a.yaml:6:3 and at ` +
        'b.yaml:5:3; declare each Frame.io group once',
    ],
  ],
  [
    'one id pinned in two files',
    {
      'a.yaml': `${head}${OPT_IN}frameio_groups:\n  Post Team: { id: ${GROUP_ID} }\n`,
      'b.yaml': `${head}frameio_groups:\n  Post: { id: ${GROUP_ID} }\n`,
    },
    [
      `b.yaml:5:3: error: Frame.io groups 'Post Team' and 'Post' pin the same id ${GROUP_ID}, at a.yaml:6:3 and at ` +
        'b.yaml:5:3; a Frame.io group is declared once',
    ],
  ],
  [
    'a grant in one file of a group declared in another',
    {
      'a.yaml': `${head}${declared}`,
      'b.yaml': `${head}workspaces:\n  Marketing:\n    frameio_groups: { Post Team: editor, Post Teams: viewer }\n`,
    },
    [
      "b.yaml:6:42: error: unknown Frame.io group 'Post Teams' in workspace 'Marketing' (did you mean 'Post " +
        `Team'?); Frame.io groups declared for account ${ID}: Post Team`,
    ],
  ],
];

describe('frameio_groups: checks across the files of one account', () => {
  it.each(SPLIT_CASES)('%s', (_what, files, expected) => {
    expect(checkFiles(files)).toEqual(expected);
  });
});
