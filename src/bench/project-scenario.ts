// The projects benchmark's world: a seed with projects in every workspace and a manifest that lists
// some of them (authoritative), differing from the seed in exactly a known number of project grants
// (set_project_role adds) and removals of project-only collaborators (remove_project_user).
import { PROJECT_ROLES, type ProjectRole } from '../api/index.js';
import type { SeedProject } from '../emulator/index.js';
import type { ListedProjects } from './minimum.js';
import { buildScenario, manifestSources, type PlainProject, type Scenario } from './scenario.js';

export interface ProjectScenarioOptions {
  users: number;
  workspaces: number;
  membersPerWorkspace: number;
  projectsPerWorkspace: number;
  /** Direct grants per project in the seed, drawn from all member users (most are not workspace members). */
  grantsPerProject: number;
  /** The first this many workspaces list projects in the manifest; the others list none (no projects call). */
  listingWorkspaces: number;
  /** Projects listed in each of those; the others are never read. Every other one pins its id. */
  listedPerWorkspace: number;
  /** set_project_role adds (users with no access to the project yet), spread over the listed projects. */
  grants: number;
  /** Project-only collaborators left out of their authoritative project, spread over the listed projects. */
  removals: number;
  seed?: number;
}

export interface ExpectedProjectChanges {
  set_project_role: number;
  remove_project_user: number;
}

export interface ProjectScenario extends Scenario {
  /** The projects the manifest lists, by workspace name: the ones a plan reads in full. */
  listed: ListedProjects;
  projectChanges: ExpectedProjectChanges;
}

/** As the planner's per-project max_removals (percent of the project's direct grants). */
const MAX_REMOVALS_PERCENT = 25;

function share(n: number, slots: number, i: number): number {
  return Math.floor(n / slots) + (i < n % slots ? 1 : 0);
}

export function buildProjectScenario(options: ProjectScenarioOptions): ProjectScenario {
  if (options.listingWorkspaces > options.workspaces || options.listedPerWorkspace > options.projectsPerWorkspace)
    throw new RangeError('bench projects scenario: more listed workspaces or projects than the seed has');
  const base = buildScenario({
    users: options.users,
    workspaces: options.workspaces,
    membersPerWorkspace: options.membersPerWorkspace,
    accountPatches: 0,
    workspacePatches: 0,
    deletes: 0,
    seed: options.seed ?? 7,
    projectsPerWorkspace: options.projectsPerWorkspace,
    grantsPerProject: options.grantsPerProject,
  });
  const account = base.state.accounts[0]!;
  const members = Object.keys(account.users ?? {})
    .filter((e) => account.users?.[e] === 'member')
    .sort();
  const slots: { ws: string; members: Record<string, unknown>; project: SeedProject; pinned: boolean }[] = [];
  for (const ws of (account.workspaces ?? []).slice(0, options.listingWorkspaces)) {
    const projects = [...(ws.projects ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
    projects.slice(0, options.listedPerWorkspace).forEach((project, i) => {
      slots.push({ ws: ws.name, members: ws.users ?? {}, project, pinned: i % 2 === 1 });
    });
  }
  if (slots.length === 0 && options.grants + options.removals > 0)
    throw new RangeError('bench projects scenario: changes but no listed project');

  // Removed users are never granted anywhere: a removal waits only for grants to its own user, and
  // this keeps the two lanes of the apply independent, as the floor assumes.
  const removedUsers = new Set<string>();
  const plan = slots.map((slot, i) => {
    const projectOnly = Object.keys(slot.project.users ?? {})
      .filter((e) => !(e in slot.members))
      .sort();
    const removals = share(options.removals, slots.length, i);
    // Only project-only collaborators' rows are surely direct grants: the planner counts at least these.
    if (removals > Math.max(1, Math.floor((projectOnly.length * MAX_REMOVALS_PERCENT) / 100))) {
      throw new RangeError(
        `bench projects scenario: ${removals} removals from ${slot.project.name} (${slot.ws}) would exceed ` +
          `max_removals ${MAX_REMOVALS_PERCENT}% of its ${projectOnly.length} project-only collaborators`,
      );
    }
    const removed = projectOnly.slice(0, removals);
    for (const e of removed) removedUsers.add(e);
    return { slot, projectOnly, removed };
  });

  const desired: Record<string, Record<string, PlainProject>> = {};
  const listed = new Map<string, Set<string>>();
  const expected: ExpectedProjectChanges = { set_project_role: 0, remove_project_user: 0 };
  let start = 0;
  plan.forEach(({ slot, projectOnly, removed }, i) => {
    const { project } = slot;
    const users: Record<string, ProjectRole> = {};
    for (const e of projectOnly) if (!removed.includes(e)) users[e] = project.users![e]!;
    const grants = share(options.grants, slots.length, i);
    for (let g = 0; g < grants; g++) {
      // Someone with no access yet: not in the workspace, no grant here, removed nowhere.
      let k = 0;
      let email: string | undefined;
      for (; k < members.length; k++) {
        const e = members[(start + k) % members.length]!;
        if (!(e in slot.members) && !(e in (project.users ?? {})) && !(e in users) && !removedUsers.has(e)) {
          email = e;
          break;
        }
      }
      if (email === undefined) throw new RangeError(`bench projects scenario: nobody left to grant ${project.name}`);
      start = (start + k + 1) % members.length;
      users[email] = PROJECT_ROLES[expected.set_project_role % PROJECT_ROLES.length]!;
      expected.set_project_role += 1;
    }
    expected.remove_project_user += removed.length;
    const entry: PlainProject = slot.pinned ? { id: project.id, users } : { users };
    const projects = desired[slot.ws] ?? {};
    projects[project.name] = entry;
    desired[slot.ws] = projects;
    const ids = listed.get(slot.ws) ?? new Set<string>();
    ids.add(project.id);
    listed.set(slot.ws, ids);
  });

  const withProjects = { ...base.desired, projects: desired };
  return {
    ...base,
    desired: withProjects,
    sources: manifestSources(withProjects, base.account.name, 100),
    listed,
    projectChanges: expected,
  };
}
