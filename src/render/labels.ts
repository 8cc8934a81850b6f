// How roles are named in human output, and where account names come from (an account or a
// workspace as name and id: src/names.ts). Drift's words are in drift-labels.ts.
import type { LiveState } from '../live/types.js';

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
