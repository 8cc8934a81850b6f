// The expiry scenario the planner, renderer and drift tests share: every scope kind with an end,
// and the live state where each of those grants is still live.
import { loadManifestSources } from '../../src/manifest/load.js';
import type { Manifest } from '../../src/manifest/types.js';
import type { LiveSpec } from './builders.js';

export const ID = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
export const at = (iso: string) => Date.parse(iso);

export function manifestOf(body: string): Manifest {
  const head = `version: 1\nexperimental: [frameio_groups]\naccount:\n  id: ${ID}\n`;
  return loadManifestSources([{ path: 'm.yaml', rel: 'm.yaml', content: head + body }]);
}

// Every scope kind, each grant additive (the default mode): only an end takes anything away here.
// Dates end at 00:00 UTC on 2027-01-31; dave's membership of colorists ends at 11:00 UTC that day.
export const BODY = `  users:
    alice@acme.test: { role: admin, expires: 2027-01-31 }
    bob@acme.test: admin
groups:
  colorists: [carol@acme.test, { email: dave@acme.test, expires: 2027-01-31T12:00:00+01:00 }]
frameio_groups:
  Post:
    members: [{ email: erin@acme.test, expires: 2027-01-31 }, fay@acme.test]
policy:
  max_removals: 10
workspaces:
  Marketing:
    users:
      tom@acme.test: { role: editor, expires: 2027-01-31 }
    groups: { colorists: viewer }
    frameio_groups: { Post: { role: commenter, expires: 2027-01-31 } }
    projects:
      Spring:
        users: { client@acme.test: { role: commenter, expires: 2027-01-31 } }
        frameio_groups: { Post: { role: viewer, expires: 2027-01-31 } }
`;

export const LIVE: LiveSpec = {
  id: ID,
  users: {
    owner: 'owner',
    svc: 'admin',
    alice: 'admin',
    bob: 'admin',
    carol: 'member',
    dave: 'member',
    erin: 'member',
    fay: 'member',
    tom: 'member',
    client: 'member',
  },
  groups: [{ name: 'Post', members: ['erin', 'fay'] }],
  workspaces: [
    {
      name: 'Marketing',
      members: { tom: 'editor', carol: 'viewer', dave: 'viewer' },
      groupGrants: { Post: 'commenter' },
      projects: [{ name: 'Spring', members: { client: 'commenter' }, groupGrants: { Post: 'viewer' } }],
    },
  ],
};
