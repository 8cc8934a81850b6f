// Projects under a workspace (CONTRACT.md §1.1): what the loader makes of them, with the position of
// every field, the same from the fast block reader and from the general parser; and the checks on them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { parseBlockSubset } from '../../src/manifest/block-yaml.js';
import { extractFile } from '../../src/manifest/extract.js';
import { loadManifest, validateManifest, type DesiredProject } from '../../src/manifest/index.js';
import { parseYamlDocument } from '../../src/manifest/yaml.js';
import { fixture } from './helpers.js';

const ID = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const PROJECT_ID = '18d9023a-6b06-4417-b3f4-bf87865c183f';
const ADOBE_PROJECT = 'adobe:urn:aaid:sc:US:9f4e4d7a-4b6b-4c4f-9f00-b31a91cfc6f3';
const at = (file: string, line: number, col: number) => ({ file, line, col });
const memory = (text: string) => ({ readFile: async () => text });
const head = `version: 1\naccount:\n  id: ${ID}\n`;

/** Each workspace's name with its projects, as loaded. */
async function projectsOf(path: string): Promise<[string, DesiredProject[]][]> {
  const manifest = await loadManifest(path);
  return manifest.accounts.flatMap((a) => a.workspaces.map((w) => [w.name, w.projects] as [string, DesiredProject[]]));
}

describe('projects: block YAML (the fast reader)', () => {
  const F = fixture('good', 'projects.yaml');

  it('is read by the fast reader, not the general parser', () => {
    expect(parseBlockSubset(F, readFileSync(F, 'utf8'))).not.toBeNull();
  });

  it('loads every field, lower-cases UUIDs and emails, keeps adobe: ids as written, positions at the keys', async () => {
    expect(await projectsOf(F)).toEqual([
      [
        'Marketing',
        [
          {
            name: 'Spring Campaign',
            id: PROJECT_ID,
            mode: 'authoritative',
            restricted: true,
            restrictedPos: at(F, 15, 9),
            users: [
              { email: 'client@brand.test', role: 'commenter', pos: at(F, 17, 11) },
              { email: 'bob@acme.test', role: 'editor', pos: at(F, 18, 11) },
            ],
            groups: [{ group: 'colorists', role: 'full_access', pos: at(F, 20, 11) }],
            frameioGroups: null,
            pos: at(F, 12, 7),
          },
          {
            name: 'Workfront Launch',
            id: ADOBE_PROJECT,
            mode: 'additive',
            restricted: false,
            restrictedPos: at(F, 23, 9),
            users: [{ email: 'erin@acme.test', role: 'viewer', pos: at(F, 25, 11) }],
            groups: [],
            frameioGroups: null,
            pos: at(F, 21, 7),
          },
        ],
      ],
      [
        'Color',
        [
          {
            name: 'Dailies',
            mode: 'additive',
            users: [],
            groups: [{ group: 'colorists', role: 'edit_only', pos: at(F, 30, 11) }],
            frameioGroups: null,
            pos: at(F, 28, 7),
          },
        ],
      ],
    ]);
  });

  it('gives the same desired state and diagnostics through the general parser', () => {
    const text = readFileSync(F, 'utf8');
    const fast = parseBlockSubset(F, text)!;
    const full = parseYamlDocument(F, text);
    const fromFast = extractFile(F, fast.value, fast.positions);
    const fromFull = extractFile(F, full.value, full.positions);
    expect(fromFast.part.workspaces.flatMap((w) => w.projects)).toHaveLength(3);
    expect(fromFast).toEqual(fromFull);
  });
});

describe('projects: flow mappings and quoted names (the general parser)', () => {
  const F = fixture('good', 'projects-flow.yaml');

  it('is left to the general parser', () => {
    expect(parseBlockSubset(F, readFileSync(F, 'utf8'))).toBeNull();
  });

  it('loads the CONTRACT example, positions inside flow mappings included', async () => {
    expect(await projectsOf(F)).toEqual([
      [
        'Marketing',
        [
          {
            name: 'Spring Campaign',
            id: PROJECT_ID,
            mode: 'authoritative',
            restricted: true,
            restrictedPos: at(F, 14, 9),
            users: [{ email: 'client@brand.test', role: 'commenter', pos: at(F, 15, 18) }],
            groups: [{ group: 'colorists', role: 'editor', pos: at(F, 16, 19) }],
            frameioGroups: null,
            pos: at(F, 11, 7),
          },
          { name: 'Archive', mode: 'additive', users: [], groups: [], frameioGroups: null, pos: at(F, 17, 7) },
        ],
      ],
    ]);
  });
});

describe('projects: checks', () => {
  const check = async (body: string): Promise<string[]> =>
    (await validateManifest('m.yaml', memory(`${head}${body}`))).diagnostics.map(formatDiagnostic);

  it('warns (and still loads) when an account admin is given a project role', async () => {
    const text =
      `${head}  users:\n    alice@acme.test: admin\n` +
      'workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n        users:\n' +
      '          alice@acme.test: viewer\n';
    const result = await validateManifest('m.yaml', memory(text));
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "m.yaml:11:11: warning: alice@acme.test is an account admin (m.yaml:5:5); the role in project 'Spring " +
        "Campaign' of workspace 'Marketing' has no effect, since admins already see every project",
    ]);
  });

  it('warns when an authoritative project lists nobody', async () => {
    expect(
      await check('workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n        mode: authoritative\n'),
    ).toEqual([
      "m.yaml:7:7: warning: project 'Spring Campaign' of workspace 'Marketing' is authoritative but lists nobody: " +
        'every project-only collaborator would lose their project grant',
    ]);
  });

  it('names an unknown group without a guess when none is near, and says when no group is defined', async () => {
    const body = 'workspaces:\n  Color:\n    projects:\n      Dailies:\n        groups: { finance: viewer }\n';
    expect(await check(`groups:\n  colorists: [carol@acme.test]\n${body}`)).toEqual([
      "m.yaml:10:19: error: unknown group 'finance' in project 'Dailies' of workspace 'Color'; groups defined for " +
        `account ${ID}: colorists`,
    ]);
    expect(await check(body)).toEqual([
      "m.yaml:8:19: error: unknown group 'finance' in project 'Dailies' of workspace 'Color'; no groups are " +
        `defined for account ${ID}; define it under 'groups:'`,
    ]);
  });

  it('says where a project entry or its maps have the wrong shape', async () => {
    expect(await check('workspaces:\n  Marketing:\n    projects: [Spring Campaign]\n')).toEqual([
      "m.yaml:6:15: error: projects of workspace 'Marketing' must be a mapping (key: value); got a list",
    ]);
    expect(await check('workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n')).toEqual([
      "m.yaml:7:7: error: project 'Spring Campaign' of workspace 'Marketing' must be a mapping (key: value); got " +
        'an empty value',
    ]);
    expect(await check('workspaces:\n  Marketing:\n    projects:\n      "": {}\n')).toEqual([
      'm.yaml:7:7: error: a project name must not be empty',
    ]);
    expect(
      await check('workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n        users: [bob@acme.test]\n'),
    ).toEqual([
      "m.yaml:8:16: error: users of project 'Spring Campaign' in workspace 'Marketing' must be a mapping (key: " +
        'value); got a list',
    ]);
  });

  it('asks for emails as project user keys and group names as project group keys', async () => {
    const body =
      'workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n        users:\n          bob: viewer\n' +
      '        groups:\n          _team: viewer\n';
    expect(await check(body)).toEqual([
      "m.yaml:9:11: error: 'bob' is not an email address; users of project 'Spring Campaign' in workspace " +
        "'Marketing' is keyed by email, like name@example.com",
      "m.yaml:11:11: error: '_team' is not a valid group name; use letters, digits, '.', '_' or '-', starting with " +
        'a letter or digit',
      // As for a workspace: the name is also not a defined group.
      "m.yaml:11:11: error: unknown group '_team' in project 'Spring Campaign' of workspace 'Marketing'; no groups " +
        `are defined for account ${ID}; define it under 'groups:'`,
    ]);
  });

  it("pins a UUID or an 'adobe:' id, the prefix in lower case as Frame.io writes it", async () => {
    expect(
      await check('workspaces:\n  Marketing:\n    projects:\n      Spring Campaign:\n        id: ADOBE:urn:x\n'),
    ).toEqual([
      "m.yaml:8:13: error: id 'ADOBE:urn:x' of project 'Spring Campaign' in workspace 'Marketing' is not a " +
        "Frame.io project id; pin the project's UUID, like 18d9023a-6b06-4417-b3f4-bf87865c183f, or its 'adobe:' id",
    ]);
  });
});
