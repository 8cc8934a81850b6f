// Maps a method and decoded path segments to an operation and its path parameters, by the
// operations' path templates in src/api.
import { OPERATIONS, OPERATION_FACTS, type Operation } from '../api/index.js';

export interface RouteParams {
  accountId?: string;
  workspaceId?: string;
  userId?: string;
  projectId?: string;
  groupId?: string;
}

export type RouteMatch =
  | { kind: 'found'; operation: Operation; params: RouteParams }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

interface Shape {
  /** Literal segments, `*` for a path parameter. */
  pattern: string[];
  methods: Partial<Record<string, Operation>>;
  /** Which segment holds which parameter. */
  params: [index: number, name: keyof RouteParams][];
}

const PARAM: Readonly<Record<string, keyof RouteParams>> = {
  '{account_id}': 'accountId',
  '{workspace_id}': 'workspaceId',
  '{user_id}': 'userId',
  '{project_id}': 'projectId',
  '{group_id}': 'groupId',
};

// One shape per path template of src/api (aliases included), its methods gathered; few enough to
// test in order.
const SHAPES: Shape[] = [];
for (const operation of OPERATIONS) {
  const { method, path: main, aliases = [] } = OPERATION_FACTS[operation];
  for (const path of [main, ...aliases]) addShape(operation, method, path);
}

function addShape(operation: Operation, method: string, path: string): void {
  const segments = path.replace(/^\//, '').split('/');
  const pattern = segments.map((s) => (s.startsWith('{') ? '*' : s));
  let shape = SHAPES.find((x) => x.pattern.join('/') === pattern.join('/'));
  if (!shape) {
    const params = segments.flatMap((s, i): Shape['params'] => {
      if (!s.startsWith('{')) return [];
      const name = PARAM[s];
      if (!name) throw new Error(`emulator: no route parameter for ${s} of ${path}`);
      return [[i, name]];
    });
    shape = { pattern, methods: {}, params };
    SHAPES.push(shape);
  }
  shape.methods[method] = operation;
}

export function matchRoute(method: string, segments: string[]): RouteMatch {
  for (const { pattern, methods, params } of SHAPES) {
    if (pattern.length !== segments.length) continue;
    if (!pattern.every((p, i) => (p === '*' ? segments[i] !== '' : p === segments[i]))) continue;
    const operation = methods[method];
    if (!operation) return { kind: 'method_not_allowed', allowed: Object.keys(methods) };
    return { kind: 'found', operation, params: Object.fromEntries(params.map(([i, name]) => [name, segments[i]!])) };
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
