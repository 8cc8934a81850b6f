// What a successful API write changed, as the emulator's audit log records it (audit.ts): the
// operation and the request's ids mapped to the log's changes.
import type { Operation } from '../api/index.js';
import type { Ctx, Result } from './access.js';
import type { AuditedChange } from './audit.js';

/**
 * What a successful API write changed, for the log; [] for reads. Called after the handler answered
 * 2xx, so the path's ids are known to be valid.
 */
export function changesOfWrite(operation: Operation, ctx: Ctx, result: Result): AuditedChange[] {
  const { userId = '', workspaceId = '', projectId = '', groupId = '' } = ctx.params;
  const account = ctx.state.account(ctx.params.accountId ?? '');
  const project = account && projectId !== '' ? ctx.state.project(account, projectId) : undefined;
  const projectWorkspace = project?.workspaceId ?? '';
  const role = (): string | null => {
    const data = (ctx.body as { data?: { role?: unknown } } | undefined)?.data;
    return typeof data?.role === 'string' ? data.role : null;
  };
  switch (operation) {
    case 'account_user_roles.update':
      return [{ kind: 'account_role', userId, role: role() }];
    case 'workspace_user_roles.update':
      return [{ kind: 'workspace_role', workspaceId, userId, role: role() }];
    case 'workspace_user_roles.delete':
      return [{ kind: 'workspace_role', workspaceId, userId, role: null }];
    case 'project_user_roles.update':
      return [{ kind: 'project_role', workspaceId: projectWorkspace, projectId, userId, role: role() }];
    case 'project_permissions.delete':
      return [{ kind: 'project_role', workspaceId: projectWorkspace, projectId, userId, role: null }];
    case 'projects.update':
      return [{ kind: 'project_updated', workspaceId: projectWorkspace, projectId }];
    case 'groups.create': {
      const id = (result.body as { data?: { id?: unknown } } | undefined)?.data?.id;
      return typeof id === 'string' ? [{ kind: 'group_created', groupId: id }] : [];
    }
    case 'group_users.add':
      return [{ kind: 'group_members', groupId, added: true }];
    case 'group_users.remove':
      return [{ kind: 'group_members', groupId, added: false }];
    case 'workspace_group_roles.update':
      return [{ kind: 'workspace_group_role', workspaceId, groupId, role: role() }];
    case 'workspace_group_roles.delete':
      return [{ kind: 'workspace_group_role', workspaceId, groupId, role: null }];
    case 'project_group_roles.update':
      return [{ kind: 'project_group_role', workspaceId: projectWorkspace, projectId, groupId, role: role() }];
    case 'project_group_roles.delete':
      return [{ kind: 'project_group_role', workspaceId: projectWorkspace, projectId, groupId, role: null }];
    default:
      return [];
  }
}
