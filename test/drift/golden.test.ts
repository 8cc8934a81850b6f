// The drift report in each format, compared with test/golden/drift.* exactly. Built from hand-made
// fixtures (a manifest and a live state), so file paths and ids are stable.
//   UPDATE_GOLDEN=1 npx vitest run test/drift && git diff test/golden
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/drift/index.js';
import { DRIFT_MARKER, renderDriftJson, renderDriftMarkdown, renderDriftText } from '../../src/render/index.js';
import type { LiveState } from '../../src/live/types.js';
import { loadManifestSources } from '../../src/manifest/index.js';
import { buildPlan } from '../../src/plan/index.js';
import { expectGolden } from '../render/golden.js';

const A = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
const MKT = '8897b795-ace2-4f12-b4b4-4a899aefa2d5';
const ED = 'b39d2d7d-71e8-4bac-af70-423a40be9822';

const MANIFEST = `version: 1
account:
  id: ${A}
  name: Acme Post
  mode: authoritative
  users:
    alice@acme.test: admin
    bob@acme.test: admin
    carol@acme.test: member
    owner@acme.test: member
policy:
  max_removals: 1
  protected: [erin@acme.test]
workspaces:
  Marketing:
    id: ${MKT}
    mode: authoritative
    users:
      bob@acme.test: viewer
      carol@acme.test: editor
      new.hire@acme.test: viewer
  Editorial:
    id: ${ED}
    users:
      erin@acme.test: editor
      frank@acme.test: commenter
`;

const u = (n: string, extra: { id?: string | null; active?: boolean | null } = {}) => ({
  id: `00000000-0000-4000-8000-${n.padStart(12, '0')}`,
  email: `${n}@acme.test`,
  name: null,
  active: true,
  ...extra,
});
const LIVE: LiveState = {
  self: { ...u('alice'), name: 'Alice' } as LiveState['self'],
  accounts: [
    {
      id: A,
      displayName: 'Acme Post',
      users: [
        { user: u('alice'), role: 'admin' },
        { user: u('bob'), role: 'member' },
        { user: u('carol'), role: 'member' },
        { user: u('dave'), role: 'admin' },
        { user: u('erin'), role: 'member' },
        { user: u('frank'), role: 'member' },
        { user: u('gus'), role: 'member' },
        { user: u('new.hire', { id: null, active: null }), role: 'member' },
        { user: u('owner'), role: 'owner' },
      ],
      workspaces: [
        {
          id: MKT,
          name: 'Marketing',
          members: [
            { user: u('alice'), role: 'admin' },
            { user: u('bob'), role: 'editor' },
            { user: u('frank'), role: 'commenter' },
            { user: u('gus'), role: 'viewer' },
          ],
        },
        {
          id: ED,
          name: 'Editorial',
          members: [
            { user: u('erin'), role: 'full_access' },
            { user: u('frank'), role: 'viewer' },
          ],
        },
      ],
    },
  ],
};

function report() {
  const manifest = loadManifestSources([{ path: 'access/acme.yaml', rel: 'acme.yaml', content: MANIFEST }]);
  return detectDrift(buildPlan(manifest, LIVE), manifest);
}

describe('drift report goldens', () => {
  it('finds one entry per difference, of each kind, held ones included', () => {
    expect(report().drift.map((d) => `${d.kind} ${d.email}`)).toEqual([
      'account_role_differs bob@acme.test',
      'unlisted_admin dave@acme.test',
      'held owner@acme.test',
      'held erin@acme.test',
      'role_differs frank@acme.test',
      'missing_member carol@acme.test',
      'unmanaged_member frank@acme.test',
      'unmanaged_member gus@acme.test',
    ]);
  });

  it('markdown', () => {
    const md = renderDriftMarkdown(report(), { accountNames: { [A]: 'Acme Post' } });
    expect(md.startsWith(`${DRIFT_MARKER}\n`)).toBe(true);
    expectGolden('drift.md', md);
  });

  it('json', () => {
    const json = renderDriftJson(report());
    expect(Object.keys(JSON.parse(json))).toEqual([
      'format_version',
      'summary',
      'changes',
      'notes',
      'policy',
      'estimate',
      'drift',
      'in_sync',
    ]);
    expectGolden('drift.json', json);
  });

  it('text', () => {
    expectGolden('drift.txt', renderDriftText(report(), { color: false, accountNames: { [A]: 'Acme Post' } }));
  });

  it('in sync', () => {
    const manifest = loadManifestSources([
      {
        path: 'a.yaml',
        rel: 'a.yaml',
        content: `version: 1\naccount:\n  id: ${A}\n  users:\n    alice@acme.test: admin\n`,
      },
    ]);
    const r = detectDrift(buildPlan(manifest, LIVE), manifest);
    expect(r.in_sync).toBe(true);
    expectGolden('drift.in-sync.md', renderDriftMarkdown(r));
  });
});
