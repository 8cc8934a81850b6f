// How an account or workspace is named in human output: its name and its id, since names can repeat.
import type { LiveState } from '../live/types.js';
import type { AccountGroup, WorkspaceGroup } from './group.js';

export function accountLabel(account: Pick<AccountGroup, 'id' | 'name'>): string {
  return printable(account.name === null ? account.id : `${account.name} (${account.id})`);
}

export function workspaceLabel(workspace: Pick<WorkspaceGroup, 'id' | 'name'>): string {
  return printable(`${workspace.name} (${workspace.id})`);
}

/**
 * Names and emails come from other people's Frame.io data: control characters in them could
 * move the cursor or recolour a terminal, or break a line-based format. Shown as `\xNN` instead.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
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
