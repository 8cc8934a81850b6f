// What `export --projects` costs once the projects are listed: one users listing per project (one
// call per page of 100), paced by that listing's documented rate limit; and `--groups` once the
// groups are: one members listing per frame group, one grants listing per scope. Said before spent.
import { rateLimitOf } from '../api/index.js';
import { aboutDuration } from '../plan/estimate.js';
import { counted } from '../plural.js';

export interface ProjectsCost {
  projects: number;
  /** The workspaces holding them. */
  workspaces: number;
  /** The users listings to come: one per project, more for a project with more than a page of users. */
  calls: number;
  /** Rate-limit time of those calls from a full bucket (the model of plan's estimate). */
  seconds: number;
  /** The listing's documented limit, per minute. */
  perMinute: number;
}

/** `projects`: how many projects each exported workspace has. */
export function projectsCost(projectsPerWorkspace: readonly number[]): ProjectsCost {
  const { limit, windowMs } = rateLimitOf('project_user_roles.index');
  const projects = projectsPerWorkspace.reduce((sum, n) => sum + n, 0);
  return {
    projects,
    workspaces: projectsPerWorkspace.filter((n) => n > 0).length,
    calls: projects,
    seconds: (Math.max(0, projects - limit) * windowMs) / limit / 1000,
    perMinute: (limit * 60_000) / windowMs,
  };
}

/**
 * "Reading the users of 12 projects in 3 workspaces: 12 more list calls, a few seconds at 100 reads
 * a minute (one more per further page of 100 users)".
 */
export function projectsCostLine(cost: ProjectsCost): string {
  if (cost.projects === 0) return 'No projects in the exported workspaces: no users to read';
  const where = `${counted(cost.projects, 'project')} in ${counted(cost.workspaces, 'workspace')}`;
  return (
    `Reading the users of ${where}: ${counted(cost.calls, 'more list call')}, ${aboutDuration(cost.seconds)} at ` +
    `${cost.perMinute} reads a minute (one more per further page of 100 users)`
  );
}

/** What `export --groups` costs once the groups are listed: reading members and group grants. */
export interface GroupsCost {
  /** The account's groups, as listed. */
  groups: number;
  /** Members listings to come: one per `frame` group. */
  frameGroups: number;
  /** Group-grant listings to come: one per exported workspace and project. */
  workspaces: number;
  projects: number;
  calls: number;
  /** Rate-limit time of those calls from full buckets; the listings' limits run side by side. */
  seconds: number;
}

/** Seconds `calls` calls of `op` wait for its bucket, from a full one (the model of plan's estimate). */
function listingSeconds(
  op: 'group_users.index' | 'workspace_group_roles.index' | 'project_group_roles.index',
  calls: number,
) {
  const { limit, windowMs } = rateLimitOf(op);
  return (Math.max(0, calls - limit) * windowMs) / limit / 1000;
}

export function groupsCost(count: {
  groups: number;
  frameGroups: number;
  workspaces: number;
  projects: number;
}): GroupsCost {
  return {
    ...count,
    calls: count.frameGroups + count.workspaces + count.projects,
    seconds: Math.max(
      listingSeconds('group_users.index', count.frameGroups),
      listingSeconds('workspace_group_roles.index', count.workspaces),
      listingSeconds('project_group_roles.index', count.projects),
    ),
  };
}

/**
 * "Reading Frame.io groups (5 in the account): the members of 3 frame groups and the group grants of
 * 6 workspaces, 2 projects: 11 more list calls, a few seconds (one more per synced group granted
 * there, and per further page of 100)".
 */
export function groupsCostLine(cost: GroupsCost): string {
  const grantsOf = [
    counted(cost.workspaces, 'workspace'),
    ...(cost.projects > 0 ? [counted(cost.projects, 'project')] : []),
  ];
  return (
    `Reading Frame.io groups (${cost.groups} in the account): the members of ${counted(cost.frameGroups, 'frame group')} ` +
    `and the group grants of ${grantsOf.join(', ')}: ${counted(cost.calls, 'more list call')}, ` +
    `${aboutDuration(cost.seconds)} (one more per synced group granted there, and per further page of 100)`
  );
}
