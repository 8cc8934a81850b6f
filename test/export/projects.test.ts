// `rolesync export --projects` end to end: the real CLI function against the emulator under both
// kinds of project listing (direct grants only, or with inherited rows): what it reads, what it says
// first, what it writes, and that validate, plan and drift of the result agree nothing would change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadStateFile,
  startEmulator,
  type Emulator,
  type EmulatorStateInput,
  type ProjectListing,
} from '../../src/emulator/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { DesiredWorkspace } from '../../src/manifest/types.js';
import { runCli } from '../cli/run.js';
import { ARCHIVE_PROJECTS, projectSeed } from '../emulator/project-seed.js';
import { tempDir } from '../support/tmp.js';
import { ACME, SEED, TOKEN } from '../drift/cli.js';

const LISTINGS: ProjectListing[] = ['direct', 'inherited'];

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function started(state: EmulatorStateInput): Promise<{ emu: Emulator; env: Record<string, string> }> {
  // 600×: an emulated minute of rate limits passes in 0.1 s.
  emu = await startEmulator({ state, port: 0, timeScale: 600 });
  return { emu, env: { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: TOKEN } };
}

function example(listing: ProjectListing): EmulatorStateInput {
  return { ...loadStateFile(SEED), project_listing: listing };
}

/** Validate, plan and drift of a manifest against the same emulator: valid, no change, no drift. */
async function roundTrip(file: string, env: Record<string, string>) {
  expect((await runCli(['validate', file], env)).code).toBe(0);
  const plan = await runCli(['plan', file, '--detailed-exitcode', '--format', 'json'], env);
  expect(plan.stderr).toBe('');
  expect(plan.code).toBe(0);
  const parsed = JSON.parse(plan.stdout) as { changes: unknown[]; notes: { kind: string; message: string }[] };
  expect(parsed.changes).toEqual([]);
  // A grant export listed at or below the workspace role would be a warning, not a change.
  expect(parsed.notes.filter((n) => n.kind === 'grant_no_effect')).toEqual([]);
  expect((await runCli(['drift', file], env)).code).toBe(0);
}

const grants = (ws: DesiredWorkspace | undefined, project: string) => {
  const p = ws?.projects.find((x) => x.name === project);
  return (
    p && { mode: p.mode, restricted: p.restricted, users: Object.fromEntries(p.users.map((u) => [u.email, u.role])) }
  );
};

/** The pages a listing has at page_size 100, asked of the emulator itself (links.next, plus page_size, to the end). */
async function pages(url: string, path: string, query: string): Promise<number> {
  let next: string | null = `${path}?page_size=100${query}`;
  let n = 0;
  while (next !== null) {
    const res = await fetch(`${url}${next}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { links?: { next?: string | null } };
    const link = body.links?.next ?? null;
    next = link === null ? null : `${link}&page_size=100`;
    n += 1;
  }
  return n;
}

describe.each(LISTINGS)('export --projects, project_listing: %s', (listing) => {
  it('writes every project of the example with its direct grants only, and plans to zero changes', async () => {
    const { emu, env } = await started(example(listing));
    const out = join(tempDir(), 'acme.yaml');
    const exported = await runCli(['export', '--account', ACME, '--projects', '--out', out], env);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`Wrote ${out} (6 workspaces, 3 projects)`);
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);
    await roundTrip(out, env);

    const [account] = (await loadManifest(out)).accounts;
    const marketing = account!.workspaces.find((w) => w.name === 'Marketing');
    expect(marketing?.projects.map((p) => p.name)).toEqual(['Board Cut', 'Internal Archive', 'Spring Campaign']);
    // ana.berg's editor is below her Marketing role (full_access): no grant, whatever the listing shows.
    expect(grants(marketing, 'Spring Campaign')).toEqual({
      mode: 'authoritative',
      restricted: false,
      users: {
        'ana.lopez@acme.test': 'editor',
        'ben.lopez@acme.test': 'commenter',
        'chloe.lopez@acme.test': 'viewer',
        'wen.lopez@acme.test': 'commenter',
      },
    });
    expect(grants(marketing, 'Internal Archive')).toEqual({
      mode: 'authoritative',
      restricted: true,
      users: { 'felix.berg@acme.test': 'viewer' },
    });
    // No direct grant: still written, so its setting is managed; additive, as nobody is listed.
    expect(grants(marketing, 'Board Cut')).toEqual({ mode: 'additive', restricted: false, users: {} });
    // Pinned like workspaces, so a rename in Frame.io keeps the match.
    expect(marketing?.projects.map((p) => p.id)).toEqual([
      '5c1e2f4a-8d3b-4e6f-9a7c-2b4d6e8f0a13',
      '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      '18d9023a-6b06-4417-b3f4-bf87865c183f',
    ]);
    for (const ws of account!.workspaces.filter((w) => w.name !== 'Marketing')) expect(ws.projects).toEqual([]);
    expect(readFileSync(out, 'utf8')).toContain('# - projects (export --projects) list each project');
  });

  it('reads one projects listing per exported workspace and one users listing per page of each project, saying the cost first', async () => {
    const { emu, env } = await started(projectSeed(listing));
    // 110 project-only collaborators on one project: more than a page under either listing.
    const outsiders = Object.entries(emu.state.accountUsers(ACME))
      .filter(([email, role]) => role === 'member' && emu.state.getWorkspaceRole(ACME, 'Archive', email) === null)
      .map(([email]) => email)
      .filter((email) => emu.state.user(email)?.id && emu.state.user(email)?.active === true)
      .slice(0, 110);
    expect(outsiders).toHaveLength(110);
    for (const email of outsiders) emu.state.setProjectRole(ACME, 'Batch 001', email, 'viewer');
    const out = join(tempDir(), 'acme.yaml');
    const exported = await runCli(['export', '--account', ACME, '--projects', '--out', out], env);
    expect(exported.code).toBe(0);
    const projects = ARCHIVE_PROJECTS + 5;
    expect(exported.stderr).toContain(
      `Reading the users of ${projects} projects in 4 workspaces: ${projects} more list calls, about 21 s at 100 ` +
        'reads a minute (one more per further page of 100 users)\n',
    );
    const calls = [...emu.log];
    await roundTrip(out, env);

    const listings = (operation: string) => {
      const byPath = new Map<string, { first: number; pages: number }>();
      for (const e of calls.filter((c) => c.operation === operation)) {
        const seen = byPath.get(e.path) ?? { first: 0, pages: 0 };
        seen.pages += 1;
        if (e.query['after'] === undefined) seen.first += 1;
        byPath.set(e.path, seen);
      }
      return byPath;
    };
    // The counts below are asked of the emulator itself: on full buckets, so no 429 depends on how
    // fast the machine ran the export and the round trip before them.
    emu.resetRateLimits();
    const workspaces = emu.state.workspaces(ACME);
    const projectLists = listings('projects.index');
    expect(projectLists.size).toBe(workspaces.length);
    for (const ws of workspaces) {
      const path = `/v4/accounts/${ACME}/workspaces/${ws.id}/projects`;
      expect(projectLists.get(path), ws.name).toEqual({ first: 1, pages: await pages(emu.url, path, '') });
    }
    const userLists = listings('project_user_roles.index');
    const all = workspaces.flatMap((ws) => emu.state.projects(ACME, ws.id));
    expect(all.length).toBe(projects);
    expect(userLists.size).toBe(all.length);
    const multiPage: string[] = [];
    for (const p of all) {
      const path = `/v4/accounts/${ACME}/projects/${p.id}/users`;
      const truth = await pages(emu.url, path, '&include_deactivated=true');
      if (truth > 1) multiPage.push(p.name);
      expect(userLists.get(path), p.name).toEqual({ first: 1, pages: truth });
    }
    // Under `inherited`, Review Hub lists Client Reviews' 251 members too.
    expect(multiPage).toEqual(
      expect.arrayContaining(listing === 'inherited' ? ['Batch 001', 'Review Hub'] : ['Batch 001']),
    );
  });

  it('--infer-groups lets a group carry project grants, and still plans to zero changes', async () => {
    const { emu, env } = await started(example(listing));
    // Two Client Reviews viewers with the same Board Cut grant; two people in no workspace with the
    // same grants in two projects.
    for (const email of ['kira.costa@acme.test', 'leo.costa@acme.test']) {
      expect(emu.state.getWorkspaceRole(ACME, 'Client Reviews', email)).toBe('viewer');
      emu.state.setProjectRole(ACME, 'Board Cut', email, 'editor');
    }
    for (const email of ['uma.lopez@acme.test', 'victor.lopez@acme.test']) {
      emu.state.setProjectRole(ACME, 'Board Cut', email, 'commenter');
      emu.state.setProjectRole(ACME, 'Internal Archive', email, 'viewer');
    }
    const out = join(tempDir(), 'grouped.yaml');
    const exported = await runCli(['export', '--account', ACME, '--projects', '--infer-groups', '--out', out], env);
    expect(exported.code).toBe(0);
    await roundTrip(out, env);

    const [account] = (await loadManifest(out)).accounts;
    const members = (name: string) => account!.groups.find((g) => g.name === name)?.members.map((m) => m.email);
    expect(members('client-reviews-viewer.marketing-board-cut-editor')).toEqual([
      'kira.costa@acme.test',
      'leo.costa@acme.test',
    ]);
    expect(members('marketing-board-cut-commenter.marketing-internal-archive-viewer')).toEqual([
      'uma.lopez@acme.test',
      'victor.lopez@acme.test',
    ]);
    const marketing = account!.workspaces.find((w) => w.name === 'Marketing')!;
    let used = 0;
    for (const project of marketing.projects) {
      for (const g of project.groups) {
        used += 1;
        const group = account!.groups.find((x) => x.name === g.group)!;
        for (const m of group.members)
          expect(emu.state.getProjectRole(ACME, project.name, m.email), `${m.email} in ${project.name}`).toBe(g.role);
      }
      // A grouped person has no direct line left.
      const grouped = new Set(account!.groups.flatMap((g) => g.members.map((m) => m.email)));
      for (const u of project.users) expect(grouped.has(u.email), u.email).toBe(false);
    }
    expect(used).toBe(3);
  });
});

describe('export --projects progress', () => {
  it('shows the cost and the projects read on a terminal, and neither with --quiet; without --projects no project is read', async () => {
    const { emu, env } = await started(example('direct'));
    const shown = await runCli(['export', '--account', ACME, '--projects'], env, undefined, { stderrIsTerminal: true });
    expect(shown.code).toBe(0);
    expect(shown.stderr).toContain(
      'Reading the users of 3 projects in 1 workspace: 3 more list calls, a few seconds at 100 reads a minute',
    );
    expect(shown.stderr).toMatch(/Reading live state from Frame\.io: \d+ calls[^\r\n]*; users of 3 of 3 projects read/);

    const quiet = await runCli(['export', '--account', ACME, '--projects', '--quiet'], env, undefined, {
      stderrIsTerminal: true,
    });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(shown.stdout);

    emu.clearLog();
    const plain = await runCli(['export', '--account', ACME], env);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).not.toContain('projects:');
    expect(emu.log.filter((e) => e.operation?.startsWith('project'))).toEqual([]);
  });
});
