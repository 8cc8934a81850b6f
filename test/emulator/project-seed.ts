// The demo seed with projects added in memory (the demo YAML has none of its own yet): a few
// hand-made ones in Marketing, Editorial, Client Reviews and Studio, and many in Archive for paging.
import type { EmulatorStateInput, ProjectListing, SeedProject } from '../../src/emulator/index.js';
import { WS, seed } from './helpers.js';

export const PROJECT = {
  /** Marketing, unrestricted: grants above, at and below the workspace role, and a project-only collaborator. */
  spring: '18d9023a-6b06-4417-b3f4-bf87865c183f',
  /** Marketing, restricted: one invitee. */
  vault: '2c4e6a80-1b3d-4f5a-8c7e-9a0b1c2d3e4f',
  /** Marketing, answers without a `restricted` key. */
  quiet: '3d5f7b91-2c4e-4a6b-9d8f-0b1c2d3e4f50',
  /** Editorial, with the same name as `spring`. */
  springTwin: '4e6a8c02-3d5f-4b7c-8e9a-1c2d3e4f5061',
  /** Client Reviews (251 members), unrestricted, no grants: a long inherited listing. */
  hub: '6a8c0e24-5f7b-4d9e-8abc-2d3e4f506172',
  /** Studio, in the Adobe-managed account. */
  reel: '7b9d1f35-6a8c-4eaf-9bcd-3e4f50617283',
};

/** Archive's generated projects for paging: "Batch 001" .. "Batch 130", no grants. */
export const ARCHIVE_PROJECTS = 130;

function batchId(n: number): string {
  return `5f7b9d13-4e6a-4c8d-9fab-${n.toString(16).padStart(12, '0')}`;
}

export const SPRING: SeedProject = {
  id: PROJECT.spring,
  name: 'Spring Campaign',
  restricted: false,
  users: {
    'dave@acme.test': 'editor', // not in Marketing: a project-only collaborator
    'bob@acme.test': 'full_access', // Marketing viewer: above what he inherits
    'carol@acme.test': 'viewer', // Marketing editor: below what she inherits
    'old.timer@acme.test': 'commenter', // deactivated
  },
};

/** The demo seed plus the projects above; `listing` sets `project_listing`. */
export function projectSeed(listing?: ProjectListing): EmulatorStateInput {
  const base = seed();
  const add: Record<string, SeedProject[]> = {
    [WS.marketing]: [
      SPRING,
      { id: PROJECT.vault, name: 'Vault', restricted: true, users: { 'bob@acme.test': 'commenter' } },
      { id: PROJECT.quiet, name: 'Quiet', restricted: true, restricted_in_listing: false, users: {} },
    ],
    [WS.editorial]: [{ id: PROJECT.springTwin, name: 'Spring Campaign', users: {} }],
    [WS.clientReviews]: [{ id: PROJECT.hub, name: 'Review Hub' }],
    [WS.studio]: [{ id: PROJECT.reel, name: 'Reel', users: { 'erin@acme.test': 'editor' } }],
    '5ef7a87f-4d20-44d7-a9cd-2754982046c1': Array.from({ length: ARCHIVE_PROJECTS }, (_, i) => ({
      id: batchId(i + 1),
      name: `Batch ${String(i + 1).padStart(3, '0')}`,
    })),
  };
  return {
    ...base,
    ...(listing ? { project_listing: listing } : {}),
    accounts: base.accounts.map((a) => ({
      ...a,
      workspaces: (a.workspaces ?? []).map((w) => (add[w.id] ? { ...w, projects: add[w.id] } : w)),
    })),
  };
}
