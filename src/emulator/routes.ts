// Maps a method and decoded path segments to an operation and its path parameters.
import type { Operation } from './types.js';

export interface RouteParams {
  accountId?: string;
  workspaceId?: string;
  userId?: string;
}

export type RouteMatch =
  | { kind: 'found'; operation: Operation; params: RouteParams }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

type Shape = { methods: Partial<Record<string, Operation>>; params: (segments: string[]) => RouteParams | undefined };

// `*` stands for one path parameter; the shapes are few enough to test in order.
const SHAPES: [pattern: string[], shape: Shape][] = [
  [['v4', 'me'], { methods: { GET: 'users.show' }, params: () => ({}) }],
  [['v4', 'accounts'], { methods: { GET: 'accounts.index' }, params: () => ({}) }],
  [['v4', 'accounts', '*', 'users'], { methods: { GET: 'account_user_roles.index' }, params: (s) => ({ accountId: s[2]! }) }],
  [['v4', 'accounts', '*', 'users', '*'], { methods: { PATCH: 'account_user_roles.update' }, params: (s) => ({ accountId: s[2]!, userId: s[4]! }) }],
  [['v4', 'accounts', '*', 'workspaces'], { methods: { GET: 'workspaces.index' }, params: (s) => ({ accountId: s[2]! }) }],
  [['v4', 'accounts', '*', 'workspaces', '*'], { methods: { GET: 'workspaces.show' }, params: (s) => ({ accountId: s[2]!, workspaceId: s[4]! }) }],
  [
    ['v4', 'accounts', '*', 'workspaces', '*', 'users'],
    { methods: { GET: 'workspace_user_roles.index' }, params: (s) => ({ accountId: s[2]!, workspaceId: s[4]! }) },
  ],
  [
    ['v4', 'accounts', '*', 'workspaces', '*', 'users', '*'],
    {
      methods: { PATCH: 'workspace_user_roles.update', DELETE: 'workspace_user_roles.delete' },
      params: (s) => ({ accountId: s[2]!, workspaceId: s[4]!, userId: s[6]! }),
    },
  ],
];

export function matchRoute(method: string, segments: string[]): RouteMatch {
  for (const [pattern, shape] of SHAPES) {
    if (pattern.length !== segments.length) continue;
    if (!pattern.every((p, i) => (p === '*' ? segments[i] !== '' : p === segments[i]))) continue;
    const operation = shape.methods[method];
    if (!operation) return { kind: 'method_not_allowed', allowed: Object.keys(shape.methods) };
    return { kind: 'found', operation, params: shape.params(segments) ?? {} };
  }
  return { kind: 'not_found' };
}

/** Splits a raw path into decoded segments; undefined when a segment's %-encoding is broken. */
export function decodeSegments(rawPath: string): string[] | undefined {
  const parts = rawPath.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}
