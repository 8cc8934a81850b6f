// The apply journal: one JSON line per finished change, appended synchronously as each change
// finishes, so that a crash or Ctrl-C loses nothing and `--resume` makes no call twice.
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RolesyncError } from '../errors.js';
import type { Change } from '../plan/types.js';
import type { Outcome } from './types.js';

interface Header {
  journal: 1;
  plan_checksum: string;
}

export interface JournalEntry {
  key: string;
  outcome: Outcome;
  detail?: string;
}

/** A change's identity in a journal: every field that makes it this change, `from` and `to` included. */
export function changeKey(change: Change): string {
  const scope = change.action === 'set_account_role' ? '' : change.workspace_id;
  return [change.action, change.account_id, scope, change.user_id, change.from ?? '', change.to ?? ''].join('|');
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

  /** Opens the journal of an interrupted apply of the same plan. */
  static resume(file: string, planChecksum: string): Journal {
    if (!existsSync(file)) {
      throw new RolesyncError('PLAN_FILE', `no journal at ${file} to resume from; run apply without --resume (or pass --journal FILE)`);
    }
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
    let header: Partial<Header>;
    try {
      header = JSON.parse(lines[0] ?? '{}') as Partial<Header>;
    } catch {
      header = {};
    }
    if (header.journal !== 1 || header.plan_checksum !== planChecksum) {
      throw new RolesyncError('PLAN_FILE', `the journal ${file} belongs to another plan; resume with the plan it was written for, or run apply without --resume`);
    }
    const done = new Map<string, JournalEntry>();
    for (const line of lines.slice(1)) {
      try {
        const entry = JSON.parse(line) as JournalEntry;
        // Only what is done is skipped on resume: failed, blocked and stale changes are checked
        // against live state and tried again (a stale one is written only if live is back at `from`).
        if (entry.outcome === 'applied' || entry.outcome === 'already') done.set(entry.key, entry);
        else done.delete(entry.key);
      } catch {
        // A line cut short by a crash is a change that did not finish: it is checked again.
      }
    }
    return new Journal(file, done);
  }

  record(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}
