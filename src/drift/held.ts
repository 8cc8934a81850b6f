// Which plan notes are held-back differences (drift of kind `held`) rather than plain notes, and how
// the reports' closing sentence admits that apply leaves them as they are.
import { HELD_NOTE_KINDS } from '../plan/index.js';
import type { HeldNote, PlanNote } from '../plan/types.js';
import type { GuardNoteKind } from './types.js';

export function isGuardKind(kind: PlanNote['kind']): kind is GuardNoteKind {
  return HELD_NOTE_KINDS.has(kind);
}

export function isHeldNote(note: PlanNote): note is HeldNote {
  return isGuardKind(note.kind);
}

/** Appended to "apply would restore the manifest" / "what apply would do". */
export function heldSuffix(held: number): string {
  if (held === 0) return '';
  return held === 1 ? ' (except the one held back by a guard, which it leaves as it is)' : ` (except the ${held} held back by a guard, which it leaves as they are)`;
}
