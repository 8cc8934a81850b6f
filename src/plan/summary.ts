// Counts for the plan's one-line summary: adds (to a workspace or project, a group grant, a Frame.io
// group and its members), changes (roles, group roles, a project's `restricted`), removals.
import { assertNever } from '../never.js';
import type { Change, PlanNote, PlanSummary } from './types.js';

export function summarize(changes: readonly Change[]): PlanSummary {
  let add = 0;
  let change = 0;
  let remove = 0;
  for (const c of changes) {
    switch (c.action) {
      case 'set_account_role':
      case 'set_project_restricted':
        change += 1;
        break;
      case 'create_frameio_group':
      case 'add_frameio_group_member':
        add += 1;
        break;
      case 'set_workspace_role':
      case 'set_project_role':
      case 'set_workspace_group_role':
      case 'set_project_group_role':
        if (c.from === null) add += 1;
        else change += 1;
        break;
      case 'remove_workspace_user':
      case 'remove_project_user':
      case 'remove_frameio_group_member':
      case 'remove_workspace_group':
      case 'remove_project_group':
        remove += 1;
        break;
      default:
        assertNever(c, 'change');
    }
  }
  return { add, change, remove, total: add + change + remove };
}

/**
 * Notes that stand for a difference the manifest asks for but a guard holds back (the owner, a
 * reviewer, the token's own user, a protected user): live does not match the manifest there.
 */
export const HELD_NOTE_KINDS: ReadonlySet<PlanNote['kind']> = new Set([
  'owner_untouchable',
  'reviewer_untouchable',
  'self_untouchable',
  'protected',
]);

export function heldBack(notes: readonly PlanNote[]): number {
  return notes.filter((note) => HELD_NOTE_KINDS.has(note.kind)).length;
}
