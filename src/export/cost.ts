// What `export --projects` costs once the projects are listed: one users listing per project (one
// call per page of 100), paced by that listing's documented rate limit. Said before it is spent.
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
