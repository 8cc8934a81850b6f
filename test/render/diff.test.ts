import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { renderRoleDiff } from '../../src/render/index.js';
import { ACME, emptyPlan, fullLive, fullPlan, MARKETING, planOf, removal, workspaceRole } from './fixtures.js';

describe('renderRoleDiff', () => {
  it('is empty for an empty plan', () => {
    expect(renderRoleDiff(emptyPlan, fullLive)).toBe('');
  });

  it('does not depend on the order of the changes', () => {
    const reversed: Plan = { ...fullPlan, changes: [...fullPlan.changes].reverse() };
    expect(renderRoleDiff(reversed, fullLive)).toBe(renderRoleDiff(fullPlan, fullLive));
    expect(renderRoleDiff(reversed)).toBe(renderRoleDiff(fullPlan));
  });

  it('lists unchanged members as context only when the live state is given', () => {
    const plan = planOf([removal(MARKETING, 'chloe.berg@acme.test', 'viewer')]);
    expect(renderRoleDiff(plan)).toBe(
      '--- a/1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10/workspaces/Marketing\n' +
        '+++ b/1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10/workspaces/Marketing\n@@ -1,1 +0,0 @@\n' +
        '-chloe.berg@acme.test: viewer\n',
    );
    const withLive = renderRoleDiff(plan, fullLive);
    expect(withLive).toContain('--- a/Acme Post/workspaces/Marketing\n');
    expect(withLive).toContain(
      ' bob@acme.test: editor\n-chloe.berg@acme.test: viewer\n dario.berg@acme.test: commenter\n',
    );
  });

  it('matches a change to a live member by id even when the emails differ in case', () => {
    const change = { ...workspaceRole(MARKETING, 'Bob@ACME.test', 'editor', 'full_access') };
    const text = renderRoleDiff(planOf([change]), fullLive);
    expect(text).toContain('-bob@acme.test: editor\n+bob@acme.test: full_access\n');
    expect(text).not.toContain('Bob@ACME.test');
  });

  it('tells two workspaces of the same name apart by id', () => {
    const other = { id: '11111111-2222-4333-8444-555555555555', name: MARKETING.name };
    const text = renderRoleDiff(
      planOf([
        workspaceRole(MARKETING, 'frank@acme.test', null, 'viewer'),
        workspaceRole(other, 'frank@acme.test', null, 'viewer'),
      ]),
      undefined,
      {
        accountNames: { [ACME]: 'Acme Post' },
      },
    );
    expect(text).toContain(`+++ b/Acme Post/workspaces/Marketing (${MARKETING.id})\n`);
    expect(text).toContain(`+++ b/Acme Post/workspaces/Marketing (${other.id})\n`);
  });
});
