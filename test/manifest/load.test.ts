// Good manifests load into the expected desired state: merging, defaults, normalisation, positions.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { DEFAULT_POLICY, loadManifest, MAX_FILE_BYTES, validateManifest } from '../../src/manifest/index.js';
import { tempDir } from '../support/tmp.js';
import { fixture } from './helpers.js';

const ID = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const ADOBE = 'adobe:2A3C4E5F6A7B8C9D0E1F2A3B@AdobeOrg';
const at = (file: string, line: number, col: number) => ({ file, line, col });

/** In-memory single-file manifests. */
const memory = (text: string) => ({ readFile: async () => text });

describe('loadManifest: one file', () => {
  it('lower-cases emails and UUIDs, applies default modes and policy, keeps positions', async () => {
    const F = fixture('good', 'single.yaml');
    const manifest = await loadManifest(F);
    expect(manifest.warnings).toEqual([]);
    expect(manifest.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.accounts).toEqual([
      {
        id: ID,
        mode: 'additive',
        users: [
          { email: 'alice@acme.test', role: 'admin', pos: at(F, 6, 5) },
          { email: 'bob@acme.test', role: 'member', pos: at(F, 7, 5) },
        ],
        groups: [],
        policy: DEFAULT_POLICY,
        experimental: [],
        frameioGroups: [],
        workspaces: [
          {
            name: 'Marketing',
            mode: 'additive',
            users: [{ email: 'carol@acme.test', role: 'editor', pos: at(F, 11, 7) }],
            groups: [],
            frameioGroups: null,
            projects: [],
            pos: at(F, 9, 3),
          },
        ],
        files: [F],
        pos: at(F, 3, 1),
      },
    ]);
    expect(manifest.accounts[0]).not.toHaveProperty('name');
  });

  it('names positions with the path as given', async () => {
    const abs = resolve(fixture('good', 'single.yaml'));
    const manifest = await loadManifest(abs);
    expect(manifest.accounts[0]?.pos).toEqual(at(abs, 3, 1));
  });

  it('warns (and still loads) when an account admin is given a workspace role', async () => {
    const F = fixture('good', 'admin-warning.yaml');
    const result = await validateManifest(F);
    expect(result.ok).toBe(true);
    const expected = [
      `${F}:10:7: warning: alice@acme.test is an account admin (${F}:6:5); the role in workspace 'Marketing' has ` +
        'no effect, since admins already see every workspace',
    ];
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(expected);
    expect(result.manifest?.warnings.map(formatDiagnostic)).toEqual(expected);
  });
});

describe('loadManifest: a directory', () => {
  it('merges every *.yaml/*.yml below it per account.id, skipping dot-folders and other files', async () => {
    const D = fixture('good', 'split');
    const A = join(D, 'account.yaml');
    const C = join(D, 'workspaces', 'color.yml');
    const S = join(D, 'workspaces', 'studio.yaml');
    const manifest = await loadManifest(D);
    expect(manifest.warnings).toEqual([]);
    expect(manifest.accounts).toEqual([
      {
        id: ID,
        name: 'Acme Post',
        mode: 'authoritative',
        users: [
          { email: 'alice@acme.test', role: 'admin', pos: at(A, 7, 5) },
          { email: 'bob@acme.test', role: 'member', pos: at(A, 8, 5) },
          { email: 'erin@acme.test', role: 'member', pos: at(C, 5, 5) },
        ],
        groups: [
          {
            name: 'colorists',
            members: [
              { email: 'carol@acme.test', pos: at(A, 10, 15) },
              { email: 'dave@acme.test', pos: at(A, 10, 32) },
            ],
            pos: at(A, 10, 3),
          },
        ],
        policy: {
          maxRemovals: { kind: 'count', value: 3 },
          minAdmins: 1,
          protected: ['svc-rolesync@acme.test'],
          expiryNotice: 7 * 86_400_000,
        },
        experimental: [],
        frameioGroups: [],
        workspaces: [
          {
            name: 'Color',
            id: 'f7c2ab91-e3cb-471a-bb52-f7b652360009',
            mode: 'authoritative',
            users: [{ email: 'erin@acme.test', role: 'viewer', pos: at(C, 11, 7) }],
            groups: [{ group: 'colorists', role: 'full_access', pos: at(C, 13, 7) }],
            frameioGroups: null,
            projects: [],
            pos: at(C, 7, 3),
          },
        ],
        files: [A, C],
        pos: at(A, 2, 1),
      },
      {
        id: ADOBE,
        mode: 'additive',
        users: [],
        groups: [],
        policy: DEFAULT_POLICY,
        experimental: [],
        frameioGroups: [],
        workspaces: [
          {
            name: 'Studio',
            mode: 'additive',
            users: [{ email: 'bob@acme.test', role: 'editor', pos: at(S, 8, 7) }],
            groups: [],
            frameioGroups: null,
            projects: [],
            pos: at(S, 6, 3),
          },
        ],
        files: [S],
        pos: at(S, 3, 1),
      },
    ]);
  });

  it('computes a digest that does not depend on the cwd but does on every byte', async () => {
    const D = fixture('good', 'split');
    const relative = await loadManifest(D);
    const absolute = await loadManifest(resolve(D));
    expect(absolute.digest).toBe(relative.digest);
    const edited = await loadManifest(D, {
      readFile: async (p) => {
        const { readFile } = await import('node:fs/promises');
        const text = await readFile(p, 'utf8');
        return p.endsWith('studio.yaml') ? text.replace('editor', 'viewer') : text;
      },
    });
    expect(edited.digest).not.toBe(relative.digest);
  });
});

describe('loadManifest: reading', () => {
  it('reports a missing path', async () => {
    const result = await validateManifest('no/such/manifest.yaml');
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'no/such/manifest.yaml:1:1: error: cannot read the manifest: no such file or directory',
    ]);
  });

  it('reports a directory without manifests, and a file over the size limit', async () => {
    const tmp = tempDir('rolesync-manifest-');
    expect((await validateManifest(tmp)).diagnostics.map(formatDiagnostic)).toEqual([
      `${tmp}:1:1: error: no *.yaml or *.yml files in this directory`,
    ]);
    const big = join(tmp, 'big.yaml');
    await writeFile(big, Buffer.alloc(6 * 1024 * 1024, 0x20));
    expect((await validateManifest(tmp)).diagnostics.map(formatDiagnostic)).toEqual([
      `${big}:1:1: error: the file is 6.0 MiB; a manifest file may be at most 5 MiB (split it into several files ` +
        'in a directory)',
    ]);
  });

  it('applies the size limit to injected readers too', async () => {
    const result = await validateManifest('big.yaml', memory('#'.repeat(MAX_FILE_BYTES + 1)));
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.message).toMatch(/^the file is 5\.0 MiB; a manifest file may be at most 5 MiB/);
  });
});

describe('loadManifest: in-memory edge cases', () => {
  const head = `version: 1\naccount:\n  id: ${ID}\n`;

  it('maps errors inside keys with slashes and tildes back to their node', async () => {
    const text = `${head}workspaces:\n  "Client / Reviews ~ 2024":\n    users:\n      bob@acme.test: owner\n`;
    const result = await validateManifest('m.yaml', memory(text));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `m.yaml:7:22: error: role 'owner' is not a workspace role; use one of workspace_admin, full_access, ` +
        'editor, edit_only, commenter, viewer (admin and owner come from the account role; set admins under ' +
        'account.users)',
    ]);
  });

  it('reports schema and semantic errors of one file together', async () => {
    const text = `${head}workspaces:\n  Color:\n    mode: authoritive\n    groups:\n      colorists: editor\n`;
    const result = await validateManifest('m.yaml', memory(text));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "m.yaml:6:11: error: mode 'authoritive' is not a mode; use one of additive, authoritative",
      `m.yaml:8:7: error: unknown group 'colorists' in workspace 'Color'; no groups are defined for account ` +
        `${ID}; define it under 'groups:'`,
    ]);
  });

  it('warns when an authoritative list is empty', async () => {
    const text =
      `version: 1\naccount:\n  id: ${ID}\n  mode: authoritative\n` +
      'workspaces:\n  Archive:\n    mode: authoritative\n';
    const result = await validateManifest('m.yaml', memory(text));
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `m.yaml:4:3: warning: account ${ID} is authoritative but lists no users: every admin but the owner would ` +
        'be demoted to member',
      "m.yaml:6:3: warning: workspace 'Archive' is authoritative but lists nobody: every member would be removed",
    ]);
  });

  it('treats __proto__ as an ordinary, unknown key', async () => {
    const result = await validateManifest('m.yaml', memory(`${head}__proto__: {polluted: true}\n`));
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "m.yaml:4:1: error: unknown key '__proto__' in the manifest; allowed keys: version, account, experimental, " +
        'groups, frameio_groups, policy, workspaces',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('allows a few honest aliases but not recursive ones', async () => {
    const ok = `${head}groups:\n  a: &team [carol@acme.test]\n  b: *team\n`;
    const manifest = await loadManifest('m.yaml', memory(ok));
    expect(manifest.accounts[0]?.groups.map((g) => [g.name, g.members.map((m) => m.email)])).toEqual([
      ['a', ['carol@acme.test']],
      ['b', ['carol@acme.test']],
    ]);
    const loop = `version: 1\naccount: &x\n  id: ${ID}\n  users: *x\n`;
    const result = await validateManifest('m.yaml', memory(loop));
    expect(result.diagnostics.map(formatDiagnostic)).toContain(
      "m.yaml:4:10: error: alias '*x' refers to a node that contains it; a manifest cannot be recursive",
    );
  });

  it('refuses more than one YAML document, an empty file, and YAML 1.1 tags', async () => {
    const two = await validateManifest('m.yaml', memory(`${head}---\n${head}`));
    expect(two.diagnostics.map(formatDiagnostic)).toEqual([
      'm.yaml:4:1: error: a manifest file holds one YAML document; move each `---` document into a file of its own',
    ]);
    const empty = await validateManifest('m.yaml', memory('# nothing\n'));
    expect(empty.diagnostics.map(formatDiagnostic)).toEqual([
      "m.yaml:1:1: error: the file is empty; a manifest needs at least 'version: 1' and 'account: {id: ...}'",
    ]);
    const binary = await validateManifest('m.yaml', memory(`${head}groups: !!binary aGVsbG8=\n`));
    expect(binary.diagnostics.map(formatDiagnostic)).toEqual([
      "m.yaml:4:9: error: unknown tag 'tag:yaml.org,2002:binary'; rolesync reads plain YAML only (no custom " +
        'tags, no includes)',
    ]);
  });
});
