// Backoff arithmetic (doubling with bounded jitter, 429 waits scaled to the window, Retry-After),
// and the documented limits each operation's bucket starts from.
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_LIMITS, operationOf } from '../../src/client/limits.js';
import { backoffMs, parseRetryAfter, rateLimitBackoffMs } from '../../src/client/retry.js';

describe('backoff', () => {
  it('doubles from the base, jitters upward by at most half, and stops at the cap', () => {
    expect([0, 1, 2, 3].map((a) => backoffMs(a, 100, 10_000, () => 0))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(2, 100, 10_000, () => 0.999)).toBe(600);
    expect(backoffMs(20, 100, 10_000, () => 0.5)).toBe(10_000);
  });

  it('waits at least one refill slot and 1/60 of the window after a 429, doubling', () => {
    // Real API, 10/min: one slot = 6 s.
    expect(rateLimitBackoffMs(0, 60_000, 10, 60_000, () => 0)).toBe(6_000);
    // Real API, 100/min: 1/60 of a minute = 1 s beats 600 ms.
    expect(rateLimitBackoffMs(0, 60_000, 100, 60_000, () => 0)).toBe(1_000);
    expect(rateLimitBackoffMs(2, 60_000, 100, 60_000, () => 0)).toBe(4_000);
    // Emulator at timeScale 60 (window 1000 ms), 5/min: 200 ms.
    expect(rateLimitBackoffMs(0, 1_000, 5, 60_000, () => 0)).toBe(200);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('2', 0)).toBe(2_000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:03 GMT', now)).toBe(3_000);
  });
});

describe('documented limits and routing', () => {
  it('seeds every operation from the documented limits and maps each call to its operation', () => {
    expect(
      Object.fromEntries(Object.entries(DOCUMENTED_LIMITS).map(([op, l]) => [op, `${l.limit}/${l.windowMs}`])),
    ).toEqual({
      'users.show': '100/60000',
      'accounts.index': '100/60000',
      'account_user_roles.index': '100/60000',
      'account_user_roles.update': '10/60000',
      'workspaces.index': '100/60000',
      'workspace_user_roles.index': '100/60000',
      'workspace_user_roles.update': '10/60000',
      'workspace_user_roles.delete': '60/60000',
      'projects.index': '100/60000',
      'projects.show': '100/60000',
      'projects.update': '10/60000',
      'project_user_roles.index': '100/60000',
      'project_user_roles.update': '10/60000',
      'project_permissions.delete': '60/60000',
      'groups.index': '100/60000',
      'groups.show': '100/60000',
      'groups.create': '10/60000',
      'group_users.index': '200/60000',
      'group_users.add': '10/60000',
      'group_users.remove': '200/60000',
      'workspace_group_roles.index': '100/60000',
      'workspace_group_roles.update': '10/60000',
      'workspace_group_roles.delete': '60/60000',
      'project_group_roles.index': '100/60000',
      'project_group_roles.update': '10/60000',
      'project_group_roles.delete': '60/60000',
      'auditlog.index': '100/60000',
    });
    expect(operationOf('GET', '/v4/me')).toBe('users.show');
    expect(operationOf('GET', '/v4/accounts/adobe%3Ax%40AdobeOrg/users')).toBe('account_user_roles.index');
    expect(operationOf('PATCH', '/v4/accounts/a/users/u')).toBe('account_user_roles.update');
    expect(operationOf('PATCH', '/v4/accounts/a/workspaces/w/users/u')).toBe('workspace_user_roles.update');
    expect(operationOf('DELETE', '/v4/accounts/a/workspaces/w/users/u')).toBe('workspace_user_roles.delete');
    expect(operationOf('GET', '/v4/accounts/a/workspaces/w/projects')).toBe('projects.index');
    expect(operationOf('GET', '/v4/accounts/a/projects/p')).toBe('projects.show');
    expect(operationOf('PATCH', '/v4/accounts/a/projects/p')).toBe('projects.update');
    expect(operationOf('GET', '/v4/accounts/a/projects/p/users')).toBe('project_user_roles.index');
    expect(operationOf('PATCH', '/v4/accounts/a/projects/p/users/u')).toBe('project_user_roles.update');
    expect(operationOf('DELETE', '/v4/accounts/a/projects/p/users/u')).toBe('project_permissions.delete');
    expect(operationOf('GET', '/v4/accounts/a/groups')).toBe('groups.index');
    expect(operationOf('POST', '/v4/accounts/a/groups')).toBe('groups.create');
    expect(operationOf('GET', '/v4/accounts/a/groups/g')).toBe('groups.show');
    expect(operationOf('GET', '/v4/accounts/a/groups/g/users')).toBe('group_users.index');
    expect(operationOf('GET', '/v4/accounts/a/groups/g/members')).toBe('group_users.index');
    expect(operationOf('POST', '/v4/accounts/a/groups/g/users')).toBe('group_users.add');
    expect(operationOf('DELETE', '/v4/accounts/a/groups/g/users/u')).toBe('group_users.remove');
    expect(operationOf('PATCH', '/v4/accounts/a/workspaces/w/groups/g')).toBe('workspace_group_roles.update');
    expect(operationOf('DELETE', '/v4/accounts/a/projects/p/groups/g')).toBe('project_group_roles.delete');
    expect(operationOf('DELETE', '/v4/accounts/a/groups/g')).toBeUndefined();
    expect(operationOf('DELETE', '/v4/accounts/a/projects/p')).toBeUndefined();
    expect(operationOf('DELETE', '/v4/accounts/a/users/u')).toBeUndefined();
  });
});
