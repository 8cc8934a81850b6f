// Project changes as drift: one entry each, with the project named under its workspace; a held
// note in a project is a held entry there, as in a workspace. Built from a hand-made plan (the
// render fixtures), so the entries do not depend on the planner.
import { describe, expect, it } from 'vitest';
import { detectDrift, type DriftEntry } from '../../src/drift/index.js';
import { loadManifestSources } from '../../src/manifest/index.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '../../src/render/index.js';
import { ACCOUNT_NAMES, ACME, projectPlan } from '../render/fixtures.js';
import { expectGolden } from '../render/golden.js';

const MANIFEST = loadManifestSources([
  { path: 'acme.yaml', rel: 'acme.yaml', content: `version: 1\naccount:\n  id: ${ACME}\n  users: {}\n` },
]);

const report = () => detectDrift(projectPlan, MANIFEST);

const short = (e: DriftEntry) =>
  `${e.kind} ${e.workspace_name}${e.project_name ? ` / ${e.project_name}` : ''} ${e.email ?? e.setting} ` +
  `${e.live}->${e.desired} (${e.action}: ${e.to})`;

describe('drift in projects', () => {
  it('is one entry per project change, sorted by scope: each workspace followed by its projects', () => {
    expect(report().drift.map(short)).toEqual([
      'missing_member Color / Showreel carol@acme.test null->full_access (set_project_role: full_access)',
      'missing_member Marketing frank@acme.test null->commenter (set_workspace_role: commenter)',
      'setting_differs Marketing / autumn teaser restricted true->false (set_project_restricted: false)',
      'role_differs Marketing / autumn teaser dario.berg@acme.test full_access->viewer (set_project_role: viewer)',
      'setting_differs Marketing / Spring Campaign restricted false->true (set_project_restricted: true)',
      'role_differs Marketing / Spring Campaign ana.berg@acme.test editor->full_access (set_project_role: full_access)',
      'missing_member Marketing / Spring Campaign client@brand.test null->commenter (set_project_role: commenter)',
      'held Marketing / Spring Campaign erin@acme.test full_access->viewer (null: null)',
      'unmanaged_member Marketing / Spring Campaign old.agency@other.test editor->null (remove_project_user: null)',
    ]);
  });

  it('names the project and ids in each entry; a setting has no user', () => {
    const [restricted] = report().drift.filter((e) => e.kind === 'setting_differs' && e.to === true);
    expect(restricted).toEqual({
      kind: 'setting_differs',
      account_id: ACME,
      workspace_id: '8897b795-ace2-4f12-b4b4-4a899aefa2d5',
      workspace_name: 'Marketing',
      project_id: '18d9023a-6b06-4417-b3f4-bf87865c183f',
      project_name: 'Spring Campaign',
      setting: 'restricted',
      action: 'set_project_restricted',
      live: false,
      desired: true,
      to: true,
      message:
        'project Marketing / Spring Campaign is not restricted in Frame.io, the manifest says restricted: true; ' +
        'apply would restrict it',
    });
    const held = report().drift.find((e) => e.kind === 'held');
    expect(held).toMatchObject({
      project_id: '18d9023a-6b06-4417-b3f4-bf87865c183f',
      project_name: 'Spring Campaign',
      held_by: 'protected',
    });
    const removal = report().drift.find((e) => e.kind === 'unmanaged_member');
    expect(removal?.message).toBe(
      'old.agency@other.test is in project Marketing / Spring Campaign as editor but neither in the manifest nor ' +
        'in its workspace (mode: authoritative); apply would remove them',
    );
  });

  it('text', () => {
    const text = renderDriftText(report(), { color: false, accountNames: ACCOUNT_NAMES });
    expect(text).toContain(
      'Project Marketing / Spring Campaign (18d9023a-6b06-4417-b3f4-bf87865c183f)\n' +
        '  ! restricted             setting differs   live false, manifest true: apply would set restricted: true\n',
    );
    expectGolden('drift-projects.txt', text);
  });

  it('markdown', () => {
    const md = renderDriftMarkdown(report(), { accountNames: ACCOUNT_NAMES });
    expect(md).toContain('| setting differs | *restricted* (project setting) | false | true | set restricted: true |');
    expectGolden('drift-projects.md', md);
  });

  it('json', () => {
    const json = renderDriftJson(report());
    const entries = (JSON.parse(json) as { drift: Record<string, unknown>[] }).drift;
    expect(Object.keys(entries.find((e) => e.kind === 'setting_differs')!)).toEqual([
      'kind',
      'account_id',
      'workspace_id',
      'workspace_name',
      'project_id',
      'project_name',
      'setting',
      'live',
      'desired',
      'action',
      'to',
      'message',
    ]);
    expectGolden('drift-projects.json', json);
  });
});
