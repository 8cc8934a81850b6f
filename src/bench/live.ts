// The live state a seed stands for, built in memory the way the client would return it (one user
// object per listing row), so the planner can be measured without the network.
import { BENCH_ADMIN_EMAIL } from '../emulator/index.js';
import type { EmulatorStateInput } from '../emulator/index.js';
import type { LiveProject, LiveState, LiveUser, LiveWorkspace } from '../live/types.js';
import { projectListing, type ListedProjects } from './minimum.js';

/**
 * `listed`: the projects a manifest lists, by workspace name. As the live read does, a workspace
 * that lists projects gets all of them, and only the listed ones their users; the others none.
 */
export function liveFromSeed(state: EmulatorStateInput, listed?: ListedProjects): LiveState {
  const people = new Map(state.users.map((u) => [u.email, u]));
  const user = (email: string): LiveUser => {
    const u = people.get(email);
    if (!u) throw new Error(`bench: ${email} is not a user of the seed`);
    return { id: u.id, email: u.email, name: u.name, active: u.active };
  };
  const self = user(BENCH_ADMIN_EMAIL);
  return {
    self: { id: self.id!, email: self.email, name: self.name },
    accounts: state.accounts.map((a) => ({
      id: a.id,
      displayName: a.display_name,
      users: Object.entries(a.users ?? {}).map(([email, role]) => ({ user: user(email), role })),
      workspaces: (a.workspaces ?? []).map((w): LiveWorkspace => {
        const ws: LiveWorkspace = {
          id: w.id,
          name: w.name,
          members: Object.entries(w.users ?? {}).map(([email, role]) => ({ user: user(email), role })),
        };
        const ids = listed?.get(w.name);
        if (!ids || ids.size === 0) return ws;
        ws.projects = (w.projects ?? []).map((p): LiveProject => {
          const restricted = p.restricted_in_listing === false ? null : (p.restricted ?? false);
          const project: LiveProject = { id: p.id, name: p.name, restricted };
          if (!ids.has(p.id)) return project;
          const rows = [...projectListing(state, a, w, p)];
          return { ...project, members: rows.map(([email, role]) => ({ user: user(email), role })) };
        });
        return ws;
      }),
    })),
  };
}
