// The project seed with Frame.io groups added in memory: a Frame group, one synced from the Adobe
// Admin Console and one from Workfront, a large Frame group for paging, and grants on Marketing and
// two of its projects.
import type { GroupRole } from '../../src/api/index.js';
import type { EmulatorStateInput, SeedGroup } from '../../src/emulator/index.js';
import { ACME, WS } from './helpers.js';
import { PROJECT, projectSeed } from './project-seed.js';

export const GROUP = {
  /** Frame: carol and dave (and old.timer, deactivated). Editor on Marketing, full_access on Spring Campaign. */
  post: '1b67ac33-b557-4122-bd3a-f071b5458e55',
  /** Adobe (sync completed): erin and frank. Viewer on Marketing, commenter on Vault. */
  okta: '2c78bd44-c668-4233-ae46-a182c6569f66',
  /** Workfront: bob. No grants. */
  workfront: '3d89ce55-d779-4344-bf57-b293d767aa77',
  /** Frame: CROWD_SIZE generated members, for paging. No grants. */
  crowd: '4e9adf66-e88a-4455-8068-c3a4e878bb88',
};

export const CROWD_SIZE = 150;

/** `project_listing` as projectSeed takes it; `extra` is merged over the top-level keys. */
export function groupSeed(
  listing?: 'direct' | 'inherited',
  extra: Partial<EmulatorStateInput> = {},
): EmulatorStateInput {
  const base = projectSeed(listing);
  return {
    ...base,
    ...extra,
    accounts: base.accounts.map((a) => {
      if (a.id !== ACME) return a;
      const crowd = Object.entries(a.users ?? {})
        .filter(
          ([email, role]) => role === 'member' && /^[a-z]+\.[a-z]+@/.test(email) && email !== 'old.timer@acme.test',
        )
        .slice(0, CROWD_SIZE)
        .map(([email]) => email);
      const groups: SeedGroup[] = [
        {
          id: GROUP.post,
          name: 'Post Team',
          emoji: 'movie_camera',
          members: ['carol@acme.test', 'dave@acme.test', 'old.timer@acme.test'],
        },
        { id: GROUP.okta, name: 'Okta Editors', source: 'adobe', members: ['erin@acme.test', 'frank@acme.test'] },
        { id: GROUP.workfront, name: 'Workfront Crew', source: 'workfront', members: ['bob@acme.test'] },
        { id: GROUP.crowd, name: 'Crowd', members: crowd },
      ];
      return {
        ...a,
        groups,
        workspaces: (a.workspaces ?? []).map((w) => {
          // The demo seed's own grants name its groups, which this list replaces.
          if (w.id !== WS.marketing) return { ...w, groups: {} as Record<string, GroupRole> };
          return {
            ...w,
            groups: { 'Post Team': 'editor', 'Okta Editors': 'viewer' },
            projects: (w.projects ?? []).map((p) => {
              if (p.id === PROJECT.spring) return { ...p, groups: { 'Post Team': 'full_access' } };
              if (p.id === PROJECT.vault) return { ...p, groups: { [GROUP.okta]: 'commenter' } };
              return p;
            }),
          };
        }),
      };
    }),
  };
}
