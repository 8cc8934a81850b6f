// Large deterministic states for benchmarks: N member users, M workspaces per account, members
// drawn by a seeded PRNG, plus an owner and an admin whose token the benchmark uses; optionally
// projects in each workspace with direct grants.
import {
  PROJECT_ROLES,
  WORKSPACE_ROLES,
  type AccountRole,
  type ProjectRole,
  type WorkspaceListRole,
} from '../api/index.js';
import { mulberry32, randomUuid, type Random } from './prng.js';
import type { EmulatorStateInput, SeedAccount, SeedProject, SeedUser } from './types.js';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token';
export const BENCH_MEMBER_TOKEN = 'bench-member-token';
export const BENCH_ADMIN_EMAIL = 'admin@bench.test';
export const BENCH_OWNER_EMAIL = 'owner@bench.test';

export interface GenerateOptions {
  /** Accounts, each with all users and its own workspaces. Default 1. */
  accounts?: number;
  /** Member users (the owner and the admin come on top). */
  users: number;
  /** Workspaces per account. */
  workspaces: number;
  /** Members per workspace, or a function of the workspace's index (0-based); capped at `users`. */
  membersPerWorkspace: number | ((workspaceIndex: number) => number);
  /** Default 1. */
  seed?: number;
  /** Projects per workspace, or a function of the workspace's index (0-based). Default 0: none. */
  projectsPerWorkspace?: number | ((workspaceIndex: number) => number);
  /** Direct grants per project, drawn from the member users; capped at `users`. Default 0. */
  grantsPerProject?: number;
}

/** Member roles only: admin/owner rows are not generated. */
const MEMBER_ROLES = WORKSPACE_ROLES.filter((r) => r !== 'workspace_admin');

export function generateState(opts: GenerateOptions): EmulatorStateInput {
  const random = mulberry32(opts.seed ?? 1);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const width = Math.max(5, String(opts.users).length);
  const users: SeedUser[] = [
    { id: randomUuid(random), email: BENCH_OWNER_EMAIL, name: 'Bench Owner', active: true },
    { id: randomUuid(random), email: BENCH_ADMIN_EMAIL, name: 'Bench Admin', active: true },
  ];
  const memberEmails: string[] = [];
  for (let i = 1; i <= opts.users; i++) {
    const email = `user${pad(i, width)}@bench.test`;
    memberEmails.push(email);
    users.push({ id: randomUuid(random), email, name: `User ${pad(i, width)}`, active: true });
  }

  const accounts: SeedAccount[] = [];
  const order = new Int32Array(opts.users);
  // Projects draw from a PRNG of their own, so a state without projects is the one generated before they existed.
  const projectRandom = mulberry32(((opts.seed ?? 1) ^ 0x5bd1e995) >>> 0);
  /**
   * Calls `each` with `wanted` distinct member indexes, uniformly drawn (partial Fisher-Yates over
   * `order`); `each` may draw from `random` too, between the picks.
   */
  const sample = (random: Random, wanted: number, each: (pick: number) => void): void => {
    const count = Math.max(0, Math.min(opts.users, Math.floor(wanted)));
    for (let i = 0; i < opts.users; i++) order[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (opts.users - i));
      const pick = order[j]!;
      order[j] = order[i]!;
      order[i] = pick;
      each(pick);
    }
  };
  for (let a = 0; a < (opts.accounts ?? 1); a++) {
    const roles: Record<string, AccountRole> = { [BENCH_OWNER_EMAIL]: 'owner', [BENCH_ADMIN_EMAIL]: 'admin' };
    for (const email of memberEmails) roles[email] = 'member';
    const account: SeedAccount = {
      id: randomUuid(random),
      display_name: `Bench Account ${a + 1}`,
      users: roles,
      workspaces: [],
    };
    for (let w = 0; w < opts.workspaces; w++) {
      const wanted =
        typeof opts.membersPerWorkspace === 'function' ? opts.membersPerWorkspace(w) : opts.membersPerWorkspace;
      const members: Record<string, WorkspaceListRole> = {};
      sample(random, wanted, (pick) => {
        members[memberEmails[pick]!] = MEMBER_ROLES[Math.floor(random() * MEMBER_ROLES.length)]!;
      });
      const workspace = { id: randomUuid(random), name: `Workspace ${pad(w + 1, 3)}`, users: members };
      const projectCount =
        typeof opts.projectsPerWorkspace === 'function'
          ? opts.projectsPerWorkspace(w)
          : (opts.projectsPerWorkspace ?? 0);
      if (projectCount > 0) {
        const projects: SeedProject[] = [];
        for (let p = 0; p < projectCount; p++) {
          const users: Record<string, ProjectRole> = {};
          sample(projectRandom, opts.grantsPerProject ?? 0, (pick) => {
            users[memberEmails[pick]!] = PROJECT_ROLES[Math.floor(projectRandom() * PROJECT_ROLES.length)]!;
          });
          projects.push({ id: randomUuid(projectRandom), name: `Project ${pad(p + 1, 3)}`, users });
        }
        account.workspaces!.push({ ...workspace, projects });
      } else account.workspaces!.push(workspace);
    }
    accounts.push(account);
  }

  const tokens: Record<string, string> = { [BENCH_ADMIN_TOKEN]: BENCH_ADMIN_EMAIL };
  if (memberEmails[0]) tokens[BENCH_MEMBER_TOKEN] = memberEmails[0];
  return { tokens, users, accounts };
}
