import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../src/compare.js';
import { WORKSPACE_ROLES, accountRoleRank, isWorkspaceRole, workspaceRoleRank } from '../../src/api/index.js';

describe('roles', () => {
  it('ranks workspace roles from workspace_admin down to viewer', () => {
    const ranks = WORKSPACE_ROLES.map(workspaceRoleRank);
    expect(ranks).toEqual([6, 5, 4, 3, 2, 1]);
  });
  it('ranks account roles owner > admin > member > reviewer > none', () => {
    const order = (['reviewer', null, 'owner', 'member', 'admin'] as const)
      .slice()
      .sort((a, b) => accountRoleRank(b) - accountRoleRank(a));
    expect(order).toEqual(['owner', 'admin', 'member', 'reviewer', null]);
  });
  it.each([
    ['editor', true],
    ['editr', false],
    ['admin', false],
    [3, false],
  ])('isWorkspaceRole(%j) is %s', (value, expected) => {
    expect(isWorkspaceRole(value)).toBe(expected);
  });
  it('normalizes emails for case-insensitive comparison', () => {
    expect(normalizeEmail('  Alice@ACME.test ')).toBe('alice@acme.test');
  });
});
