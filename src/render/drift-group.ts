// Groups drift entries by scope (the account, then each workspace) in the report's order.
import { counted } from '../plural.js';
import type { DriftEntry, DriftKind, GuardNoteKind } from '../drift/index.js';

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
  held: 'held by a guard',
};

/** Why apply leaves a `held` entry alone, in a few words. */
const HELD_REASON: Record<GuardNoteKind, string> = {
  owner_untouchable: "the account owner's role is never changed",
  reviewer_untouchable: "the API cannot change a reviewer's role",
  self_untouchable: "the token's own user is never demoted or removed",
  protected: 'protected by policy.protected',
};

/** What apply would do, in a few words. */
export function applyWould(entry: DriftEntry): string {
  if (entry.kind === 'held' || entry.action === null) return `nothing — ${entry.held_by ? HELD_REASON[entry.held_by] : 'held back'}`;
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
  return counted(n, 'difference');
}

/** How many entries apply would leave as they are. */
export function heldCount(entries: readonly DriftEntry[]): number {
  return entries.filter((e) => e.kind === 'held').length;
}
