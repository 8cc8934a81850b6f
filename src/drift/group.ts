// Groups drift entries by scope (the account, then each workspace) in the report's order.
import type { DriftEntry, DriftKind } from './types.js';

export interface DriftScope {
  kind: 'Account' | 'Workspace';
  account_id: string;
  /** Workspace name, or the account's display name when known. */
  name: string | null;
  id: string;
  entries: DriftEntry[];
}

/** Entries must be sorted by `compareDrift`. */
export function groupDrift(entries: readonly DriftEntry[], accountNames: Readonly<Record<string, string>> = {}): DriftScope[] {
  const scopes: DriftScope[] = [];
  for (const entry of entries) {
    const id = entry.workspace_id ?? entry.account_id;
    let scope = scopes.at(-1);
    if (!scope || scope.id !== id || scope.account_id !== entry.account_id) {
      scope =
        entry.workspace_id === undefined
          ? { kind: 'Account', account_id: entry.account_id, name: accountNames[entry.account_id] ?? null, id, entries: [] }
          : { kind: 'Workspace', account_id: entry.account_id, name: entry.workspace_name ?? null, id, entries: [] };
      scopes.push(scope);
    }
    scope.entries.push(entry);
  }
  return scopes;
}

/** How a kind reads in a table or a line. */
export const KIND_LABEL: Record<DriftKind, string> = {
  account_role_differs: 'account role differs',
  unlisted_admin: 'admin not in manifest',
  missing_member: 'missing member',
  role_differs: 'role differs',
  unmanaged_member: 'unmanaged member',
};

/** What apply would do, in a few words. */
export function applyWould(entry: DriftEntry): string {
  switch (entry.action) {
    case 'set_account_role':
      return `set account role ${entry.to}`;
    case 'set_workspace_role':
      return entry.live === null ? `add as ${entry.to}` : `set ${entry.to}`;
    case 'remove_workspace_user':
      return 'remove';
  }
}

export function countSentence(n: number): string {
  return `${n} difference${n === 1 ? '' : 's'}`;
}
