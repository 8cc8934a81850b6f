// The order of changes and scopes with projects: every change class in one lock-out safe order,
// each workspace followed by its projects.
import { describe, expect, it } from 'vitest';
import { changePhase, compareScopes, sortChanges, type ScopePlace } from '../../src/plan/order.js';
import type { ProjectRole, SettableAccountRole, WorkspaceRole } from '../../src/api/index.js';
import type { Change } from '../../src/plan/types.js';
import { shuffle } from './builders.js';

type Where = { account: string; ws: string; project?: string };

const acct = (account: string, email: string, from: SettableAccountRole, to: SettableAccountRole): Change => ({
  action: 'set_account_role',
  account_id: account,
  user_id: `u-${email}`,
  email,
  from,
  to,
});
const wsAt = (where: Where) => ({
  account_id: where.account,
  workspace_id: `ws-${where.ws}`,
  workspace_name: where.ws,
});
const projectAt = (where: Where) => ({
  ...wsAt(where),
  project_id: `p-${where.ws}-${where.project}`,
  project_name: where.project ?? '',
});
const ws = (where: Where, email: string, from: WorkspaceRole | null, to: WorkspaceRole): Change => ({
  action: 'set_workspace_role',
  ...wsAt(where),
  user_id: `u-${email}`,
  email,
  from,
  to,
});
const rmWs = (where: Where, email: string, from: WorkspaceRole): Change => ({
  action: 'remove_workspace_user',
  ...wsAt(where),
  user_id: `u-${email}`,
  email,
  from,
  to: null,
});
const proj = (where: Where, email: string, from: ProjectRole | null, to: ProjectRole): Change => ({
  action: 'set_project_role',
  ...projectAt(where),
  user_id: `u-${email}`,
  email,
  from,
  to,
});
const rmProj = (where: Where, email: string, from: ProjectRole): Change => ({
  action: 'remove_project_user',
  ...projectAt(where),
  user_id: `u-${email}`,
  email,
  from,
  to: null,
});
const restrict = (where: Where, from: boolean, to: boolean): Change => ({
  action: 'set_project_restricted',
  ...projectAt(where),
  from,
  to,
});

/** `<action> <account> <workspace>[/<project>] [<email>] <from>><to>`. */
function label(c: Change): string {
  const where = 'workspace_name' in c ? c.workspace_name : '';
  const project = 'project_id' in c ? `/${c.project_name}` : '';
  const who = 'email' in c ? ` ${c.email}` : '';
  return `${c.action} ${c.account_id} ${where}${project}${who} ${c.from}>${c.to}`;
}

const M = { account: 'a1', ws: 'Marketing' };
const SPRING = { ...M, project: 'Spring' };
const autumn = { ...M, project: 'autumn' };

describe('phases of the project changes', () => {
  it.each<[string, Change, number]>([
    ['a project add is a grant', proj(SPRING, 'x', null, 'viewer'), 1],
    ['a project upgrade is a grant', proj(SPRING, 'x', 'viewer', 'editor'), 1],
    ['lifting a restriction gives access: a grant', restrict(SPRING, true, false), 1],
    ['a project downgrade', proj(SPRING, 'x', 'editor', 'viewer'), 2],
    ['a project removal', rmProj(SPRING, 'x', 'viewer'), 3],
    ['restricting takes access from workspace-only members: with the removals', restrict(SPRING, false, true), 3],
  ])('%s', (_name, change, phase) => {
    expect(changePhase(change)).toBe(phase);
  });
});

describe('change order across the six classes', () => {
  it('is promotions, grants (workspace, then its projects), downgrades, removals and restrictions, demotions', () => {
    const B = { account: 'a1', ws: 'beta' };
    const expected: Change[] = [
      acct('a1', 'p@x', 'member', 'admin'),
      // Grants: Marketing itself, then its projects, then beta and its project (names by code unit,
      // as the plan sorts; renderers regroup by name regardless of case).
      ws(M, 'z@x', null, 'viewer'),
      restrict(SPRING, true, false),
      proj(SPRING, 'a@x', 'viewer', 'full_access'),
      proj(SPRING, 'b@x', null, 'commenter'),
      proj(autumn, 'c@x', null, 'editor'),
      ws(B, 'a@x', null, 'viewer'),
      proj({ ...B, project: 'Reel' }, 'a@x', null, 'editor'),
      proj({ account: 'a2', ws: 'Alpha', project: 'One' }, 'a@x', null, 'viewer'),
      // Downgrades.
      ws(M, 'y@x', 'editor', 'viewer'),
      proj(SPRING, 'd@x', 'editor', 'viewer'),
      // Removals, and a restriction beside its project's removals (the setting before the users).
      rmWs(M, 'y@x', 'viewer'),
      rmProj(SPRING, 'f@x', 'commenter'),
      restrict(autumn, false, true),
      rmProj(autumn, 'e@x', 'viewer'),
      rmWs(B, 'g@x', 'viewer'),
      // Account demotions last.
      acct('a1', 'q@x', 'admin', 'member'),
    ];
    for (const seed of [1, 2, 3, 42]) {
      expect(sortChanges(shuffle(expected, seed)).map(label)).toEqual(expected.map(label));
    }
  });

  it('puts a restriction after every grant of the plan to its project, and lifting one before any removal', () => {
    const changes = sortChanges(
      shuffle(
        [
          restrict(SPRING, false, true),
          proj(SPRING, 'client@x', null, 'commenter'),
          proj(SPRING, 'lead@x', 'viewer', 'full_access'),
          rmProj(autumn, 'old@x', 'viewer'),
          restrict(autumn, true, false),
        ],
        7,
      ),
    );
    const at = (match: (c: Change) => boolean) => changes.findIndex(match);
    const restriction = at((c) => c.action === 'set_project_restricted' && c.to);
    const grants = changes.filter((c) => c.action === 'set_project_role').map((c) => changes.indexOf(c));
    expect(Math.max(...grants)).toBeLessThan(restriction);
    const unrestrict = at((c) => c.action === 'set_project_restricted' && !c.to);
    expect(unrestrict).toBeLessThan(at((c) => c.action === 'remove_project_user'));
  });
});

describe('the order of scopes', () => {
  const account: ScopePlace = { account_id: 'a1' };
  const place = (ws: string, project?: string, id?: string): ScopePlace => ({
    account_id: 'a1',
    workspace_id: `ws-${ws}`,
    workspace_name: ws,
    ...(project === undefined ? {} : { project_id: id ?? `p-${project}`, project_name: project }),
  });

  it('is the account, then each workspace followed by its projects, names regardless of case', () => {
    const expected = [
      account,
      place('alpha'),
      place('alpha', 'Zeta'),
      place('Beta'),
      place('Beta', 'april'),
      place('Beta', 'May', 'p-1'),
      place('Beta', 'May', 'p-2'),
      place('gamma', 'only a project'),
    ];
    for (const seed of [1, 5, 9]) {
      const sorted = shuffle(expected, seed).sort(compareScopes);
      expect(sorted).toEqual(expected);
    }
  });
});
