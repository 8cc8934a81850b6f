// Counts for the plan's one-line summary: adds, role changes (account and workspace), removals.
import type { Change, PlanSummary } from './types.js';

export function summarize(changes: readonly Change[]): PlanSummary {
  let add = 0;
  let change = 0;
  let remove = 0;
  for (const c of changes) {
    switch (c.action) {
      case 'set_account_role':
        change += 1;
        break;
      case 'set_workspace_role':
        if (c.from === null) add += 1;
        else change += 1;
        break;
      case 'remove_workspace_user':
        remove += 1;
        break;
    }
  }
  return { add, change, remove, total: add + change + remove };
}
