// The benchmark's world: a generated seed state and a manifest that differs from it in exactly a
// known number of changes of each endpoint class (account PATCH, workspace PATCH, DELETE).
import { generateState } from '../emulator/index.js';
import type { EmulatorStateInput, SeedAccount } from '../emulator/index.js';
import type { ManifestSource } from '../manifest/index.js';
import { WORKSPACE_ROLES, type ProjectRole, type WorkspaceListRole, type WorkspaceRole } from '../api/index.js';

export interface ScenarioOptions {
  users: number;
  workspaces: number;
  membersPerWorkspace: number;
  /** Members promoted to account admin (they are taken out of every workspace first). */
  accountPatches: number;
  /** Workspace-role PATCHes; every fifth one adds a user who was not a member. */
  workspacePatches: number;
  /** Members left out of their (authoritative) workspace. */
  deletes: number;
  seed?: number;
  /** Workspaces per manifest file after account.yaml. Default 100. */
  workspacesPerFile?: number;
  /** Projects in every workspace of the seed, and direct grants in each (see generateState). Default none. */
  projectsPerWorkspace?: number;
  grantsPerProject?: number;
}

export interface ExpectedChanges {
  account_role_patch: number;
  workspace_role_patch: number;
  workspace_user_delete: number;
}

/** The desired state in the plain shape a hand-written script would use (see naive.ts). */
export interface PlainDesired {
  accountId: string;
  /** email -> admin | member */
  users: Record<string, 'admin' | 'member'>;
  /** workspace name -> email -> role; every workspace is authoritative. */
  workspaces: Record<string, Record<string, WorkspaceRole>>;
  /** workspace name -> project name -> its entry (authoritative); workspaces absent list no project. */
  projects?: Record<string, Record<string, PlainProject>>;
}

export interface PlainProject {
  /** Pinned in the manifest when set. */
  id?: string;
  /** email -> direct project grant. */
  users: Record<string, ProjectRole>;
}

export interface Scenario {
  state: EmulatorStateInput;
  account: { id: string; name: string };
  /** The manifest as files (account.yaml, workspaces-NNN.yaml). */
  sources: ManifestSource[];
  desired: PlainDesired;
  expected: ExpectedChanges;
}

const MAX_REMOVALS_PERCENT = 25;
const MEMBER_ROLES: readonly WorkspaceRole[] = WORKSPACE_ROLES.filter((r) => r !== 'workspace_admin');

/** `n` spread over `slots` as evenly as possible, the remainder to the first slots. */
function share(n: number, slots: number, i: number): number {
  return Math.floor(n / slots) + (i < n % slots ? 1 : 0);
}

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

export function buildScenario(options: ScenarioOptions): Scenario {
  const state = generateState({
    users: options.users,
    workspaces: options.workspaces,
    membersPerWorkspace: options.membersPerWorkspace,
    seed: options.seed ?? 7,
    ...(options.projectsPerWorkspace ? { projectsPerWorkspace: options.projectsPerWorkspace } : {}),
    ...(options.grantsPerProject ? { grantsPerProject: options.grantsPerProject } : {}),
  });
  const account = state.accounts[0] as SeedAccount & {
    users: Record<string, string | null>;
    workspaces: NonNullable<SeedAccount['workspaces']>;
  };
  const members = sortedKeys(account.users).filter((e) => account.users[e] === 'member');
  if (options.accountPatches > members.length)
    throw new RangeError('bench scenario: more account patches than members');

  // Promoted users leave every workspace first: an account admin's workspace rows are `admin` rows
  // the planner reports instead of writing, which would blur the count of workspace changes.
  const stride = Math.max(1, Math.floor(members.length / Math.max(1, options.accountPatches)));
  const promoted = new Set<string>();
  for (let i = 0; i < options.accountPatches; i++) promoted.add(members[(i * stride) % members.length]!);
  for (const ws of account.workspaces) for (const email of promoted) delete ws.users?.[email];

  const desired: PlainDesired = { accountId: account.id, users: {}, workspaces: {} };
  for (const email of members) desired.users[email] = promoted.has(email) ? 'admin' : 'member';

  const eligible = members.filter((e) => !promoted.has(e));
  const expected: ExpectedChanges = {
    account_role_patch: promoted.size,
    workspace_role_patch: 0,
    workspace_user_delete: 0,
  };
  const W = account.workspaces.length;
  let patchIndex = 0;
  account.workspaces.forEach((ws, w) => {
    const live = ws.users ?? {};
    const emails = sortedKeys(live);
    const patches = share(options.workspacePatches, W, w);
    const deletes = share(options.deletes, W, w);
    const want: Record<string, WorkspaceRole> = {};
    for (const e of emails) want[e] = live[e] as WorkspaceRole;
    let next = 0;
    for (let p = 0; p < patches; p++, patchIndex++) {
      if (patchIndex % 5 === 4) {
        // An add: the first eligible user not in the workspace yet (PATCH is an upsert).
        const outsider =
          eligible.find((e, k) => k >= (w * 7) % eligible.length && !(e in live) && !(e in want)) ??
          eligible.find((e) => !(e in live) && !(e in want));
        if (!outsider) throw new RangeError(`bench scenario: ${ws.name} has no outsider to add`);
        want[outsider] = 'viewer';
      } else {
        const email = emails[next++];
        if (email === undefined) throw new RangeError(`bench scenario: ${ws.name} has too few members for its changes`);
        const from = live[email] as WorkspaceListRole;
        want[email] = MEMBER_ROLES[(MEMBER_ROLES.indexOf(from as WorkspaceRole) + 1) % MEMBER_ROLES.length]!;
      }
      expected.workspace_role_patch += 1;
    }
    if (deletes > Math.max(1, Math.floor((emails.length * MAX_REMOVALS_PERCENT) / 100))) {
      throw new RangeError(
        `bench scenario: ${deletes} removals from ${ws.name} would exceed max_removals ${MAX_REMOVALS_PERCENT}%`,
      );
    }
    for (let d = 0; d < deletes; d++) {
      const email = emails[next++];
      if (email === undefined) throw new RangeError(`bench scenario: ${ws.name} has too few members for its changes`);
      delete want[email];
      expected.workspace_user_delete += 1;
    }
    desired.workspaces[ws.name] = want;
  });

  const name = account.display_name;
  return {
    state,
    account: { id: account.id, name },
    sources: manifestSources(desired, name, options.workspacesPerFile ?? 100),
    desired,
    expected,
  };
}

/** The manifest text: account.yaml with the users and policy, then the workspaces (and their projects) in chunks. */
export function manifestSources(desired: PlainDesired, name: string, perFile: number): ManifestSource[] {
  const head = ['version: 1', 'account:', `  id: ${desired.accountId}`];
  const account = [...head, `  name: ${JSON.stringify(name)}`, '  mode: additive', '  users:'];
  for (const email of sortedKeys(desired.users)) account.push(`    ${email}: ${desired.users[email]}`);
  account.push('policy:', `  max_removals: ${MAX_REMOVALS_PERCENT}%`, '  min_admins: 1');
  const sources: ManifestSource[] = [{ path: 'account.yaml', rel: 'account.yaml', content: `${account.join('\n')}\n` }];
  const names = Object.keys(desired.workspaces);
  for (let start = 0; start < names.length; start += perFile) {
    const lines = [...head, 'workspaces:'];
    for (const ws of names.slice(start, start + perFile)) {
      lines.push(`  ${ws}:`, '    mode: authoritative');
      const users = desired.workspaces[ws]!;
      const emails = sortedKeys(users);
      if (emails.length > 0) lines.push('    users:');
      for (const email of emails) lines.push(`      ${email}: ${users[email]}`);
      const projects = desired.projects?.[ws];
      if (projects && Object.keys(projects).length > 0) lines.push('    projects:');
      for (const name of sortedKeys(projects ?? {})) {
        const project = projects![name]!;
        lines.push(`      ${name}:`, '        mode: authoritative');
        if (project.id) lines.push(`        id: ${project.id}`);
        const grantees = sortedKeys(project.users);
        if (grantees.length > 0) lines.push('        users:');
        for (const email of grantees) lines.push(`          ${email}: ${project.users[email]}`);
      }
    }
    const rel = `workspaces-${String(start / perFile + 1).padStart(3, '0')}.yaml`;
    sources.push({ path: rel, rel, content: `${lines.join('\n')}\n` });
  }
  return sources;
}
