// Plan and drift list scopes in one order: accounts as the plan has them, each account before its
// workspaces, workspaces by name regardless of case (`alpha` before `Beta`, as people sort).
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/drift/index.js';
import { buildPlan } from '../../src/plan/index.js';
import {
  accountNamesFrom,
  renderDriftJson,
  renderDriftMarkdown,
  renderDriftText,
  renderMarkdown,
  renderRoleDiff,
  renderText,
} from '../../src/render/index.js';
import { liveState, manifest } from '../plan/builders.js';

// Two accounts: `acc-b` has a promotion (the planner's first phase), so the plan lists it first
// although `acc-a` sorts first by id; in `acc-a`, `alpha` and `Beta` differ in case.
const DESIRED = manifest(
  {
    id: 'acc-a',
    users: { dan: 'member' },
    workspaces: { Beta: { users: { dan: 'viewer' } }, alpha: { users: { dan: 'editor' } } },
  },
  { id: 'acc-b', users: { eve: 'admin', fay: 'member' }, workspaces: { Zoo: { users: { fay: 'viewer' } } } },
);
const LIVE = liveState([
  {
    id: 'acc-a',
    displayName: 'Alpha Films',
    users: { svc: 'admin', dan: 'member' },
    workspaces: [
      { name: 'Beta', members: {} },
      { name: 'alpha', members: {} },
    ],
  },
  {
    id: 'acc-b',
    displayName: 'Beta Films',
    users: { svc: 'admin', eve: 'member', fay: 'member' },
    workspaces: [{ name: 'Zoo', members: {} }],
  },
]);
const EXPECTED = ['Account acc-b', 'Workspace ws-zoo', 'Workspace ws-alpha', 'Workspace ws-beta'];

/** `Account <id>` / `Workspace <id>` for each scope heading, in order. */
function scopes(output: string, heading: RegExp): string[] {
  return [...output.matchAll(heading)].map((m) => `${m[1]} ${m[2]}`);
}
const TEXT_HEADING = /^(Account|Workspace) .*?\(([^)]+)\)/gm;
const MARKDOWN_HEADING = /^#### (Account|Workspace) .*?\(`([^`]+)`\)/gm;

describe('the order of scopes', () => {
  const plan = buildPlan(DESIRED, LIVE);
  const drift = detectDrift(plan, DESIRED);
  const accountNames = accountNamesFrom(LIVE);

  it('is the plan order in the plan renderers', () => {
    expect(scopes(renderText(plan, { color: false, accountNames }), TEXT_HEADING)).toEqual(EXPECTED);
    expect(scopes(renderMarkdown(plan, { accountNames }), MARKDOWN_HEADING)).toEqual(EXPECTED);
    const diffPaths = [...renderRoleDiff(plan, LIVE).matchAll(/^--- a\/(.*)$/gm)].map((m) => m[1]);
    expect(diffPaths).toEqual([
      'Beta Films/account',
      'Beta Films/workspaces/Zoo',
      'Alpha Films/workspaces/alpha',
      'Alpha Films/workspaces/Beta',
    ]);
  });

  it('is the same in every drift format', () => {
    expect(scopes(renderDriftText(drift, { color: false, accountNames }), TEXT_HEADING)).toEqual(EXPECTED);
    expect(scopes(renderDriftMarkdown(drift, { accountNames }), MARKDOWN_HEADING)).toEqual(EXPECTED);
    type Entry = { workspace_id?: string; account_id: string };
    const entries = (JSON.parse(renderDriftJson(drift)) as { drift: Entry[] }).drift;
    const where = (e: Entry) => (e.workspace_id ? `Workspace ${e.workspace_id}` : `Account ${e.account_id}`);
    expect(entries.map(where)).toEqual(EXPECTED);
    expect(drift.drift.map((e) => e.workspace_name ?? e.account_id)).toEqual(['acc-b', 'Zoo', 'alpha', 'Beta']);
  });
});
