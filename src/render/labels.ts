// How a workspace and a role are named in human output (an account: src/names.ts).
import type { LiveState } from '../live/types.js';
import { printable } from '../names.js';
import type { WorkspaceGroup } from './group.js';

export function workspaceLabel(workspace: Pick<WorkspaceGroup, 'id' | 'name'>): string {
  return printable(`${workspace.name} (${workspace.id})`);
}

/** The `accountNames` of a `RenderContext`, from the live state's display names. */
export function accountNamesFrom(live: LiveState): Record<string, string> {
  const names: Record<string, string> = {};
  for (const account of live.accounts) if (account.displayName) names[account.id] = account.displayName;
  return names;
}

/** A null account role is shown as `(none)`: the API may list a user without one. */
export function roleLabel(role: string | null): string {
  return role ?? '(none)';
}
