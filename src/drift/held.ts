// Which plan notes are held-back differences (drift of kind `held`) rather than plain notes.
import { HELD_NOTE_KINDS } from '../plan/index.js';
import type { HeldNote, PlanNote } from '../plan/types.js';
import type { GuardNoteKind } from './types.js';

function isGuardKind(kind: PlanNote['kind']): kind is GuardNoteKind {
  return HELD_NOTE_KINDS.has(kind);
}

export function isHeldNote(note: PlanNote): note is HeldNote {
  return isGuardKind(note.kind);
}
