// `export --groups` against the emulator over real HTTP: which calls it makes (one groups listing,
// members of frame groups and of synced groups granted on an exported scope, one grants listing per
// exported workspace and project, the experimental header on exactly those), the cost it says first,
// what the manifest says (under both kinds of project listing), and an account without the API.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { isExperimental, type Operation } from '../../src/api/index.js';
import { clientFromEnv } from '../../src/client/index.js';
import {
  startEmulator,
  type Emulator,
  type EmulatorStateInput,
  type ProjectListing,
} from '../../src/emulator/index.js';
import { groupsCostLine, renderExportYaml, snapshotAccount, type GroupsCost } from '../../src/export/index.js';
import { readForExport, type ExportRequest } from '../../src/usecase/export.js';
import { runCli } from '../cli/run.js';
import { CROWD_SIZE, GROUP, groupSeed } from '../emulator/group-seed.js';
import { ACME, ADMIN_TOKEN, WS } from '../emulator/helpers.js';
import { PROJECT } from '../emulator/project-seed.js';
import { tempDir } from '../support/tmp.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function started(state: EmulatorStateInput) {
  // 600×: an emulated minute of rate limits passes in 0.1 s.
  emu = await startEmulator({ state, port: 0, timeScale: 600 });
  const env = { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: ADMIN_TOKEN };
  return { emu, env, client: clientFromEnv(env) };
}

const request = (extra: Partial<ExportRequest> = {}): ExportRequest => ({
  accountId: ACME,
  workspaces: ['Marketing'],
  inferGroups: false,
  cwd: '/nowhere',
  ...extra,
});

/** Calls per operation, and the paths each listed. */
function calls(e: Emulator, op: Operation): string[] {
  return e.log.filter((x) => x.operation === op).map((x) => x.path);
}

const MARKETING_PROJECTS = [PROJECT.spring, PROJECT.vault];

describe('export --groups: what it reads', () => {
  it('one groups listing; members of frame groups and of synced groups granted here; one grants listing per scope', async () => {
    const { emu, client } = await started(groupSeed());
    const costs: GroupsCost[] = [];
    await readForExport(client, request({ projects: true, groups: true, onGroups: (e) => costs.push(e.cost) }));
    const projects = emu.state.projects(ACME, 'Marketing').map((p) => p.id);
    expect(projects).toEqual(expect.arrayContaining(MARKETING_PROJECTS));

    expect(calls(emu, 'groups.index')).toHaveLength(1);
    // Post Team and Crowd (frame; Crowd's 150 members take two pages), Okta Editors (adobe, granted
    // on Marketing); Workfront Crew is synced and granted nowhere here: its members are not read.
    // (The listing's next page links to its `/members` alias, as the reference's example does.)
    const members = calls(emu, 'group_users.index').map((path) => path.split('/')[5]);
    expect(new Set(members)).toEqual(new Set([GROUP.post, GROUP.crowd, GROUP.okta]));
    expect(members).toHaveLength(4);
    expect(calls(emu, 'workspace_group_roles.index')).toEqual([
      `/v4/accounts/${ACME}/workspaces/${WS.marketing}/groups`,
    ]);
    expect(calls(emu, 'project_group_roles.index').sort()).toEqual(
      projects.map((p) => `/v4/accounts/${ACME}/projects/${p}/groups`).sort(),
    );
    // The experimental header on every call to an experimental endpoint, and on no other.
    for (const entry of emu.log) {
      const experimental = entry.operation !== null && isExperimental(entry.operation);
      expect(entry.apiVersion, `${entry.method} ${entry.path}`).toBe(experimental ? 'experimental' : null);
    }
    expect(emu.log.filter((e) => e.method !== 'GET')).toEqual([]);

    // Said before any of it was read: the counts above, but for the synced group and the extra page.
    expect(costs).toEqual([
      { groups: 4, frameGroups: 2, workspaces: 1, projects: projects.length, calls: 3 + projects.length, seconds: 0 },
    ]);
    expect(groupsCostLine(costs[0]!)).toBe(
      `Reading Frame.io groups (4 in the account): the members of 2 frame groups and the group grants of 1 ` +
        `workspace, ${projects.length} projects: ${3 + projects.length} more list calls, a few seconds (one more per ` +
        'synced group granted there, and per further page of 100)',
    );
  });

  it('without --groups no group is read, and the manifest names none', async () => {
    const { emu, client } = await started(groupSeed());
    const read = await readForExport(client, request({ projects: true }));
    expect(emu.log.filter((e) => e.operation !== null && /group/.test(e.operation))).toEqual([]);
    expect(emu.log.filter((e) => e.apiVersion !== null)).toEqual([]);
    const text = renderExportYaml(snapshotAccount(read.input), 'schema.json');
    expect(text).not.toContain('frameio_groups');
    expect(text).not.toContain('experimental');
  });
});

describe.each(['direct', 'inherited'] as ProjectListing[])('export --groups, project_listing: %s', (listing) => {
  it('pins every group by id, lists frame groups’ members, synced ones by id alone, and each scope’s grants', async () => {
    const { client, emu } = await started(groupSeed(listing));
    const read = await readForExport(client, request({ projects: true, groups: true }));
    const text = renderExportYaml(snapshotAccount(read.input), 'schema.json');
    // Same reads, same bytes.
    expect(
      renderExportYaml(
        snapshotAccount((await readForExport(client, request({ projects: true, groups: true }))).input),
        'schema.json',
      ),
    ).toBe(text);

    const doc = parse(text) as {
      experimental: string[];
      frameio_groups: Record<string, { id: string; mode?: string; members?: string[] }>;
      workspaces: Record<
        string,
        {
          mode: string;
          frameio_groups?: Record<string, string>;
          projects: Record<
            string,
            { mode: string; users?: Record<string, string>; frameio_groups?: Record<string, string> }
          >;
        }
      >;
    };
    expect(doc.experimental).toEqual(['frameio_groups']);
    const crowd = emu.state.group(ACME, GROUP.crowd).members;
    expect(crowd).toHaveLength(CROWD_SIZE);
    expect(doc.frameio_groups).toEqual({
      Crowd: { id: GROUP.crowd, mode: 'authoritative', members: [...crowd].sort() },
      'Okta Editors': { id: GROUP.okta },
      'Post Team': {
        id: GROUP.post,
        mode: 'authoritative',
        members: ['carol@acme.test', 'dave@acme.test', 'old.timer@acme.test'],
      },
      'Workfront Crew': { id: GROUP.workfront },
    });
    expect(Object.keys(doc.frameio_groups)).toEqual(['Crowd', 'Okta Editors', 'Post Team', 'Workfront Crew']);
    // Listed, so an authoritative group does not take them out; resolve notes them, apply never writes them.
    expect(text).toContain('      - old.timer@acme.test  # deactivated\n');
    expect(text).toContain(
      '  # synced from adobe (sync completed): its members are managed in the Adobe Admin Console; only its grants ' +
        'are managed here\n  Okta Editors:\n    id: 2c78bd44-c668-4233-ae46-a182c6569f66\n',
    );

    const marketing = doc.workspaces.Marketing!;
    expect(marketing.mode).toBe('authoritative');
    expect(marketing.frameio_groups).toEqual({ 'Okta Editors': 'viewer', 'Post Team': 'editor' });
    expect(marketing.projects['Spring Campaign']?.frameio_groups).toEqual({ 'Post Team': 'full_access' });
    // Vault's grant names the group by id in the seed: the manifest names it by its key.
    expect(marketing.projects.Vault?.frameio_groups).toEqual({ 'Okta Editors': 'commenter' });
    // Access through a group is not a direct grant, whichever listing shows it: carol and dave (Post
    // Team, full_access on Spring) and erin and frank (Okta Editors, commenter on Vault) are not listed.
    for (const project of ['Spring Campaign', 'Vault']) {
      const users = Object.keys(marketing.projects[project]?.users ?? {});
      for (const email of ['carol@acme.test', 'dave@acme.test', 'erin@acme.test', 'frank@acme.test'])
        expect(users, `${project} ${email}`).not.toContain(email);
    }
    // The live state handed to the round trip carries what was read.
    const account = read.live.accounts[0]!;
    expect(account.groups?.map((g) => [g.name, g.members?.length ?? null])).toEqual([
      ['Crowd', CROWD_SIZE],
      ['Okta Editors', 2],
      ['Post Team', 3],
      ['Workfront Crew', null],
    ]);
    const ws = account.workspaces.find((w) => w.id === WS.marketing);
    expect(ws?.groupGrants).toEqual([
      { group_id: GROUP.okta, role: 'viewer' },
      { group_id: GROUP.post, role: 'editor' },
    ]);
  });
});

describe('export --groups on an account without the experimental API', () => {
  it('stops with an error naming the feature, exit 1, and writes nothing', async () => {
    const { env } = await started(groupSeed(undefined, { experimental: false }));
    const out = join(tempDir(), 'acme.yaml');
    const result = await runCli(['export', '--account', ACME, '--groups', '--out', out], env);
    expect(result.code).toBe(1);
    // The groups listing is stable API: the cost is said before the first experimental call fails.
    expect(result.stderr).toContain('Reading Frame.io groups (4 in the account): the members of 2 frame groups');
    expect(result.stderr).toMatch(
      /^rolesync: Frame\.io groups are an experimental API this account does not offer: GET \/v4\/accounts\/\S+ answered HTTP 404/m,
    );
    expect(result.stderr).toContain('leave Frame.io groups out');
    expect(result.stderr).not.toContain(ADMIN_TOKEN);
    expect(existsSync(out)).toBe(false);
  });
});
