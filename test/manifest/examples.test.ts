// Examples are tests: every manifest under examples/ validates, uses only people and workspaces of
// the emulator seed, and the demo (examples/acme/) plans a modest change that the default policy allows.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/errors.js';
import { loadManifest, validateManifest, type DesiredAccount } from '../../src/manifest/index.js';
import { WORKSPACE_ROLES, type WorkspaceRole } from '../../src/api/index.js';
import { ROOT } from './helpers.js';

const EXAMPLES = join(ROOT, 'examples');
const NOT_MANIFESTS = new Set(['emulator-seed.yaml', 'ci']);

interface SeedAccount {
  id: string;
  users: Record<string, string>;
  workspaces: { id: string; name: string; users: Record<string, string> }[];
}

/** Each top-level file is a manifest, and so is each top-level directory (its files merge). */
async function exampleManifests(): Promise<string[]> {
  const entries = await readdir(EXAMPLES, { withFileTypes: true });
  return entries
    .filter(
      (e) => !NOT_MANIFESTS.has(e.name) && !e.name.startsWith('.') && (e.isDirectory() || /\.ya?ml$/.test(e.name)),
    )
    .map((e) => relative(process.cwd(), join(EXAMPLES, e.name)))
    .sort();
}

async function seedAccounts(): Promise<SeedAccount[]> {
  const seed = parse(await readFile(join(EXAMPLES, 'emulator-seed.yaml'), 'utf8')) as { accounts: SeedAccount[] };
  return seed.accounts;
}

const rank = (role: WorkspaceRole): number => WORKSPACE_ROLES.length - WORKSPACE_ROLES.indexOf(role);

/** A rough plan of `desired` against the seed, enough to keep the demo honest (the real planner lives in src/plan). */
function roughPlan(
  desired: DesiredAccount,
  live: SeedAccount,
): { changes: number; removals: Map<string, { removed: number; members: number }> } {
  let changes = 0;
  for (const user of desired.users)
    if (live.users[user.email] !== user.role && live.users[user.email] !== 'owner') changes += 1;
  const removals = new Map<string, { removed: number; members: number }>();
  for (const workspace of desired.workspaces) {
    const liveWs = live.workspaces.find((w) => (workspace.id ? w.id === workspace.id : w.name === workspace.name));
    expect(liveWs, `workspace ${workspace.name} exists in the seed`).toBeDefined();
    if (!liveWs) continue;
    const want = new Map<string, WorkspaceRole>();
    for (const ref of workspace.groups) {
      for (const m of desired.groups.find((g) => g.name === ref.group)?.members ?? []) {
        const had = want.get(m.email);
        if (!had || rank(ref.role) > rank(had)) want.set(m.email, ref.role);
      }
    }
    for (const u of workspace.users) want.set(u.email, u.role);
    for (const [email, role] of want) {
      const now = liveWs.users[email];
      if (now !== 'admin' && now !== 'owner' && now !== role) changes += 1;
    }
    const members = Object.values(liveWs.users).filter((r) => r !== 'admin' && r !== 'owner').length;
    let removed = 0;
    if (workspace.mode === 'authoritative') {
      for (const [email, role] of Object.entries(liveWs.users))
        if (role !== 'admin' && role !== 'owner' && !want.has(email)) removed += 1;
    }
    changes += removed;
    removals.set(workspace.name, { removed, members });
  }
  return { changes, removals };
}

describe('examples', () => {
  it('covers every *.yaml/*.yml under examples/ (but the seed and ci/)', async () => {
    const manifests = await exampleManifests();
    expect(manifests.map((m) => relative(EXAMPLES, m))).toEqual(expect.arrayContaining(['acme', 'small.yaml']));
  });

  it('every example manifest validates without errors or warnings', async () => {
    for (const path of await exampleManifests()) {
      const result = await validateManifest(path);
      expect(result.diagnostics.map(formatDiagnostic), path).toEqual([]);
      expect(result.ok, path).toBe(true);
    }
  });

  it('every example file points editors at the schema on line 1', async () => {
    for (const path of await exampleManifests()) {
      const manifest = await loadManifest(path);
      for (const file of manifest.accounts.flatMap((a) => a.files)) {
        const first = (await readFile(file, 'utf8')).split('\n')[0] ?? '';
        const target = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
        expect(target, file).toBeDefined();
        expect(resolve(dirname(file), target ?? ''), file).toBe(join(ROOT, 'schemas', 'manifest.schema.json'));
      }
    }
  });

  it('uses only users and workspaces of the emulator seed', async () => {
    const seed = await seedAccounts();
    for (const path of await exampleManifests()) {
      for (const account of (await loadManifest(path)).accounts) {
        const live = seed.find((a) => a.id === account.id);
        expect(live, `${path}: account ${account.id} is in the seed`).toBeDefined();
        const emails = [
          ...account.users.map((u) => u.email),
          ...account.groups.flatMap((g) => g.members.map((m) => m.email)),
          ...account.workspaces.flatMap((w) => w.users.map((u) => u.email)),
          ...account.policy.protected,
        ];
        for (const email of emails) expect(Object.keys(live?.users ?? {}), `${path}: ${email}`).toContain(email);
      }
    }
  });

  it('the demo (examples/acme) plans a modest change within the default policy', async () => {
    const [live] = await seedAccounts();
    const manifest = await loadManifest(relative(process.cwd(), join(EXAMPLES, 'acme')));
    const [desired] = manifest.accounts;
    expect(manifest.accounts).toHaveLength(1);
    expect(desired?.files.length).toBeGreaterThanOrEqual(3);
    expect(desired?.policy.protected).toContain('svc-rolesync@acme.test');
    expect(new Set(desired?.workspaces.map((w) => w.mode))).toEqual(new Set(['additive', 'authoritative']));
    expect(desired?.workspaces.map((w) => w.name).sort()).toEqual(['Color', 'Editorial', 'Marketing']);
    const plan = roughPlan(desired!, live!);
    expect(plan.changes).toBeGreaterThanOrEqual(10);
    expect(plan.changes).toBeLessThanOrEqual(20);
    for (const [name, { removed, members }] of plan.removals) {
      expect(removed, name).toBeLessThanOrEqual(Math.floor(members * 0.25));
    }
    expect(plan.removals.get('Marketing')?.removed).toBeGreaterThanOrEqual(2);
  });
});
