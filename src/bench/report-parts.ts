// Pieces the report's API sections share: endpoint labels, per-endpoint cells, a phase's floor row.
import { OPERATIONS, type Operation } from '../api/index.js';
import type { PhaseFigures } from './api.js';
import type { Counts } from './calls.js';
import { int, ratio, seconds } from './format.js';

export const ENDPOINT: Record<Operation, string> = {
  'users.show': 'GET /v4/me',
  'accounts.index': 'GET /v4/accounts',
  'workspaces.index': 'GET …/workspaces',
  'workspaces.show': 'GET …/workspaces/{w}',
  'account_user_roles.index': 'GET …/users (account)',
  'account_user_roles.update': 'PATCH …/users/{u} (account role)',
  'workspace_user_roles.index': 'GET …/workspaces/{w}/users',
  'workspace_user_roles.update': 'PATCH …/workspaces/{w}/users/{u}',
  'workspace_user_roles.delete': 'DELETE …/workspaces/{w}/users/{u}',
  'projects.index': 'GET …/workspaces/{w}/projects',
  'projects.show': 'GET …/projects/{p}',
  'projects.update': 'PATCH …/projects/{p}',
  'project_user_roles.index': 'GET …/projects/{p}/users',
  'project_user_roles.update': 'PATCH …/projects/{p}/users/{u}',
  'project_permissions.delete': 'DELETE …/projects/{p}/users/{u}',
  'groups.index': 'GET …/groups',
  'groups.show': 'GET …/groups/{g}',
  'groups.create': 'POST …/groups',
  'group_users.index': 'GET …/groups/{g}/users (experimental)',
  'group_users.add': 'POST …/groups/{g}/users (experimental)',
  'group_users.remove': 'DELETE …/groups/{g}/users/{u} (experimental)',
  'workspace_group_roles.index': 'GET …/workspaces/{w}/groups (experimental)',
  'workspace_group_roles.update': 'PATCH …/workspaces/{w}/groups/{g} (experimental)',
  'workspace_group_roles.delete': 'DELETE …/workspaces/{w}/groups/{g} (experimental)',
  'project_group_roles.index': 'GET …/projects/{p}/groups (experimental)',
  'project_group_roles.update': 'PATCH …/projects/{p}/groups/{g} (experimental)',
  'project_group_roles.delete': 'DELETE …/projects/{p}/groups/{g} (experimental)',
  'auditlog.index': 'GET …/audit_logs',
};

export const LIST_OPS: Operation[] = [
  'users.show',
  'accounts.index',
  'account_user_roles.index',
  'workspaces.index',
  'workspace_user_roles.index',
  'projects.index',
  'projects.show',
  'project_user_roles.index',
];

export function usedOps(...counts: Counts[]): Operation[] {
  return OPERATIONS.filter((op) => counts.some((c) => (c[op] ?? 0) > 0));
}

export const n = (c: Counts | undefined, op: Operation): string => int(c?.[op] ?? 0);
export const yes = (ok: boolean): string => (ok ? 'yes' : '**no**');

export function sameCounts(a: Counts, b: Counts, ops: Operation[]): boolean {
  return ops.every((op) => (a[op] ?? 0) === (b[op] ?? 0));
}

export function phaseRow(
  name: string,
  f: PhaseFigures,
  windowMs: number,
  floorOverride?: PhaseFigures['floor'],
): string[] {
  const floor = floorOverride ?? f.floor;
  const emulated = (ms: number) => `${(ms / windowMs).toFixed(2)}`;
  return [
    name,
    seconds(f.wallMs),
    `${seconds(floor.simpleMs)} (${emulated(floor.simpleMs)} min)`,
    `${seconds(floor.trueMs)} (${emulated(floor.trueMs)} min)`,
    floor.bottleneck ? ENDPOINT[floor.bottleneck] : '—',
    ratio(f.wallMs, floor.trueMs),
    ratio(f.wallMs, floor.simpleMs),
    int(f.tally.total429),
  ];
}

/** The floor table's header, for `phaseRow` rows. */
export const FLOOR_HEADER = [
  'phase',
  'wall',
  'floor: calls ÷ rate',
  'true floor: (calls − limit) ÷ rate',
  'slowest endpoint',
  'wall ÷ true floor',
  'wall ÷ calls÷rate',
  '429s',
];
