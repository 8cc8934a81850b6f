// The fewest calls a job can make, from the state it reads: every list costs ceil(rows / 100) pages
// at the largest page size (at least one page, even when empty), every change one write.
import type { EmulatorStateInput } from '../emulator/index.js';
import { WRITE_OPERATION } from '../api/index.js';
import { writeClassOf } from '../plan/estimate.js';
import type { Change } from '../plan/types.js';
import type { Counts } from './calls.js';

export const MAX_PAGE_SIZE = 100;

export function pagesFor(rows: number, pageSize = MAX_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(rows / pageSize));
}

function accountOf(state: EmulatorStateInput, accountId: string) {
  const account = state.accounts.find((a) => a.id === accountId);
  if (!account) throw new Error(`bench: no account ${accountId} in the state`);
  return account;
}

/**
 * A plan's reads: /v4/me, /v4/accounts when the manifest names the account, the account's users
 * (deactivated included), its workspace list, and the members of every managed workspace.
 */
export function minimumPlanCalls(
  state: EmulatorStateInput,
  accountId: string,
  options: { namesAccount: boolean; managed?: ReadonlySet<string> },
  pageSize = MAX_PAGE_SIZE,
): Counts {
  const account = accountOf(state, accountId);
  const workspaces = account.workspaces ?? [];
  const managed = workspaces.filter((w) => !options.managed || options.managed.has(w.name));
  const counts: Counts = {
    'users.show': 1,
    'account_user_roles.index': pagesFor(Object.keys(account.users ?? {}).length, pageSize),
    'workspaces.index': pagesFor(workspaces.length, pageSize),
    'workspace_user_roles.index': managed.reduce(
      (n, w) => n + pagesFor(Object.keys(w.users ?? {}).length, pageSize),
      0,
    ),
  };
  if (options.namesAccount) counts['accounts.index'] = pagesFor(state.accounts.length, pageSize);
  return counts;
}

/** An apply's writes: one call per change, by endpoint. */
export function minimumWrites(changes: readonly Change[]): Counts {
  const counts: Counts = {};
  for (const c of changes) {
    const op = WRITE_OPERATION[writeClassOf(c)];
    counts[op] = (counts[op] ?? 0) + 1;
  }
  return counts;
}

/** Precondition reads if each scope a change touches is listed exactly once before its first write. */
export function minimumScopeReads(changes: readonly Change[], state: EmulatorStateInput): Counts {
  const counts: Counts = {};
  const seen = new Set<string>();
  for (const c of changes) {
    if ('project_id' in c) throw new Error('bench: the scenarios write no project roles; count their reads first');
    const key = c.action === 'set_account_role' ? `a|${c.account_id}` : `w|${c.account_id}|${c.workspace_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const account = accountOf(state, c.account_id);
    if (c.action === 'set_account_role') {
      counts['account_user_roles.index'] =
        (counts['account_user_roles.index'] ?? 0) + pagesFor(Object.keys(account.users ?? {}).length);
    } else {
      const ws = (account.workspaces ?? []).find((w) => w.id === c.workspace_id);
      counts['workspace_user_roles.index'] =
        (counts['workspace_user_roles.index'] ?? 0) + pagesFor(Object.keys(ws?.users ?? {}).length);
    }
  }
  return counts;
}
