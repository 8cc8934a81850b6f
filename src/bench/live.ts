// The live state a seed stands for, built in memory the way the client would return it (one user
// object per listing row), so the planner can be measured without the network.
import { BENCH_ADMIN_EMAIL } from '../emulator/index.js';
import type { EmulatorStateInput } from '../emulator/index.js';
import type { LiveState, LiveUser } from '../live/types.js';

export function liveFromSeed(state: EmulatorStateInput): LiveState {
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
      workspaces: (a.workspaces ?? []).map((w) => ({
        id: w.id,
        name: w.name,
        members: Object.entries(w.users ?? {}).map(([email, role]) => ({ user: user(email), role })),
      })),
    })),
  };
}
