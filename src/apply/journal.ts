// The apply journal: one JSON line per finished change, appended synchronously as each change
// finishes, so that a crash or Ctrl-C loses nothing and `--resume` makes no call twice.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RolesyncError } from '../errors.js';
import { assertNever } from '../never.js';
import type { Change } from '../plan/types.js';
import { check, summary } from './schemas.js';
import type { Outcome } from './types.js';

/** The one group, by its id, or by its name for a group this plan creates (the changes' shared key). */
export function groupRef(change: { account_id: string; group_id: string | null; group_name: string }): string {
  return change.group_id ?? `new:${change.group_name}`;
}

/** The first line (schemas/journal.schema.json `#/$defs/header`). */
interface Header {
  journal: 1;
  plan_checksum: string;
}

/** The outcomes a journal records: those of a change that finished in this run. */
export type JournalOutcome = Exclude<Outcome, 'resumed' | 'not_started'>;

/** Every later line (schemas/journal.schema.json `#/$defs/entry`). */
export interface JournalEntry {
  key: string;
  outcome: JournalOutcome;
  detail?: string;
  /** `create_frameio_group` applied: the group it made, which a resumed run takes up. */
  group_id?: string;
}

/**
 * A change's identity in a journal: every field that makes it this change, `from` and `to` included.
 * The scope is the workspace, or the project (project ids are unique in an account), empty for the
 * account, the group for a group's creation and members; the subject is the user, or the group of a
 * group grant, empty for a project's setting and a group's creation. A group is its id, or `new:` and
 * its name for a group the plan creates (the same in every run of the plan).
 */
export function changeKey(change: Change): string {
  let scope: string;
  let subject: string;
  switch (change.action) {
    case 'set_account_role':
      [scope, subject] = ['', change.user_id];
      break;
    case 'set_workspace_role':
    case 'remove_workspace_user':
      [scope, subject] = [change.workspace_id, change.user_id];
      break;
    case 'set_project_role':
    case 'remove_project_user':
      [scope, subject] = [change.project_id, change.user_id];
      break;
    case 'set_project_restricted':
      [scope, subject] = [change.project_id, ''];
      break;
    case 'create_frameio_group':
      [scope, subject] = [groupRef(change), ''];
      break;
    case 'add_frameio_group_member':
    case 'remove_frameio_group_member':
      [scope, subject] = [groupRef(change), change.user_id];
      break;
    case 'set_workspace_group_role':
    case 'remove_workspace_group':
      [scope, subject] = [change.workspace_id, groupRef(change)];
      break;
    case 'set_project_group_role':
    case 'remove_project_group':
      [scope, subject] = [change.project_id, groupRef(change)];
      break;
    default:
      return assertNever(change, 'change action');
  }
  const value = (v: string | boolean | null) => (v === null ? '' : String(v));
  return [change.action, change.account_id, scope, subject, value(change.from), value(change.to)].join('|');
}

export class Journal {
  readonly file: string;
  /** Outcomes already recorded, by change key (from a resumed journal). */
  readonly done: Map<string, JournalEntry>;

  private constructor(file: string, done: Map<string, JournalEntry>) {
    this.file = file;
    this.done = done;
  }

  /** Starts a new journal for a plan, replacing any old one. */
  static create(file: string, planChecksum: string): Journal {
    mkdirSync(dirname(file), { recursive: true });
    const header: Header = { journal: 1, plan_checksum: planChecksum };
    writeFileSync(file, `${JSON.stringify(header)}\n`);
    return new Journal(file, new Map());
  }

  /** Opens the journal of an interrupted apply of the same plan; each line is checked against its schema. */
  static resume(file: string, planChecksum: string): Journal {
    if (!existsSync(file)) {
      throw new RolesyncError(
        'PLAN_FILE',
        `no journal at ${file} to resume from; run apply without --resume (or pass --journal FILE)`,
      );
    }
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    if (lines[0]!.trim() === '') throw refusal(file, 1, 'there is no header line');
    const header = read<Header>(file, lines, 0, '#/$defs/header');
    if (header === undefined) throw refusal(file, 1, 'the header is not JSON');
    if (header.plan_checksum !== planChecksum) {
      throw new RolesyncError(
        'PLAN_FILE',
        `the journal ${file} belongs to another plan; resume with the plan it was written for, or run apply ` +
          'without --resume',
      );
    }
    const done = new Map<string, JournalEntry>();
    for (let index = 1; index < lines.length; index += 1) {
      if (lines[index]!.trim() === '') continue;
      // A line cut short by a crash is not JSON: a change that did not finish, checked again.
      const entry = read<JournalEntry>(file, lines, index, '#/$defs/entry');
      if (entry === undefined) continue;
      // Only what is done is skipped on resume: failed, blocked and stale changes are checked
      // against live state and tried again (a stale one is written only if live is back at `from`).
      if (entry.outcome === 'applied' || entry.outcome === 'already') done.set(entry.key, entry);
      else done.delete(entry.key);
    }
    // After a line cut short, the next entry starts on a line of its own rather than inside it.
    if (!text.endsWith('\n')) appendFileSync(file, '\n');
    return new Journal(file, done);
  }

  record(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}

/** Line `index` checked against its part of schemas/journal.schema.json; undefined when it is not JSON. */
function read<T>(file: string, lines: readonly string[], index: number, ref: string): T | undefined {
  let data: unknown;
  try {
    data = JSON.parse(lines[index]!);
  } catch {
    return undefined;
  }
  const checked = check<T>('journal', data, 'the line', ref);
  if (!checked.ok) throw refusal(file, index + 1, summary(checked.problems));
  return checked.value;
}

/** A journal that is not what rolesync wrote: resuming from it could skip a change never made. */
function refusal(file: string, line: number, problem: string): RolesyncError {
  return new RolesyncError(
    'PLAN_FILE',
    `${file}:${line}: ${problem}: the file is not a journal rolesync wrote, or was edited; ` +
      'run apply without --resume (each change is checked against live state first, so none is made twice)',
  );
}
