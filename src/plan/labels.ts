// How plan messages name accounts and workspaces, so every message says it the same way.
import type { LiveAccount } from '../live/types.js';

/** `Acme Post (1f8a…)` when the account has a display name, else the bare id. */
export function accountLabel(account: Pick<LiveAccount, 'id' | 'displayName'>): string {
  return account.displayName ? `${account.displayName} (${account.id})` : account.id;
}
