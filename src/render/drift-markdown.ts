// Renders a drift report as an issue body: a findable marker line (a cron job updates one issue by
// it), the verdict, one table per scope, then notes and policy. No timestamps: same state, same text.
// Past the size cap (as for a plan's comment), counts per scope instead of the tables.
import type { DriftEntry, DriftKind, DriftReport } from '../drift/index.js';
import { HELD_NOTE_KINDS } from '../plan/index.js';
import { counted } from '../plural.js';
import { escapeMarkdown, fitted, scopeTitle, type CommentOptions } from './comment.js';
import { groupByScope, scopeList, type Scope } from './group.js';
import {
  applyWould,
  attributionWords,
  driftSubject,
  expiredSuffix,
  KIND_LABEL,
  NOT_IN_FRAMEIO_YET,
} from './drift-labels.js';
import { NOTICES_HEADING } from './sentences.js';

export const DRIFT_MARKER = '<!-- rolesync-drift -->';

export type DriftMarkdownOptions = CommentOptions;

const KINDS = Object.keys(KIND_LABEL) as DriftKind[];

/** `500 differences (missing member: 499, held by a guard: 1)`. */
function counts(entries: readonly DriftEntry[]): string {
  const kinds = KINDS.map((kind) => [KIND_LABEL[kind], entries.filter((e) => e.kind === kind).length] as const);
  const parts = kinds.filter(([, n]) => n > 0).map(([label, n]) => `${label}: ${n}`);
  return `${counted(entries.length, 'difference')} (${parts.join(', ')})`;
}

/** The user, a Frame.io group (or a member of one), or a project setting in words (as the plan's table shows it). */
function subjectCell(entry: DriftEntry): string {
  if (entry.group_name !== undefined) return escapeMarkdown(driftSubject(entry));
  return entry.email === undefined ? `*${driftSubject(entry)}* (project setting)` : escapeMarkdown(entry.email);
}

/**
 * A scope's title as the plan's (the account too when there are several), but a Frame.io group apply
 * would create is `not in Frame.io yet`.
 */
function title(scope: Scope<DriftEntry>): string {
  if (!scope.created) return scopeTitle(scope, true);
  const within = scope.within === undefined ? '' : ` in ${escapeMarkdown(scope.within)}`;
  return `${scope.kind} ${escapeMarkdown(scope.name ?? '')} (${NOT_IN_FRAMEIO_YET})${within}`;
}

/** A Frame.io group's section lists its members (and the group itself); other scopes, their users. */
function scopeTable(scope: Scope<DriftEntry>): string[] {
  const subject = scope.kind === 'Frame.io group' ? 'member' : 'user';
  // A "changed by" column when attribution was looked up (not with --no-attribution).
  const by = scope.items.some((e) => e.attribution !== undefined);
  return [
    `#### ${title(scope)}`,
    '',
    `| difference | ${subject} | live | manifest | apply would |${by ? ' changed by (audit log) |' : ''}`,
    `|---|---|---|---|---|${by ? '---|' : ''}`,
    ...scope.items.map(
      (e) =>
        `| ${KIND_LABEL[e.kind]} | ${subjectCell(e)} | ${e.live ?? '—'} | ${e.desired ?? '—'} | ` +
        `${applyWould(e)}${expiredSuffix(e)} |${by ? ` ${attributionCell(e)} |` : ''}`,
    ),
  ];
}

function attributionCell(entry: DriftEntry): string {
  const words = attributionWords(entry);
  return words === undefined ? '—' : escapeMarkdown(words.replace(/^changed by:? /, ''));
}

export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions = {}): string {
  return fitted((compact) => render(report, options, compact), options);
}

function render(report: DriftReport, options: DriftMarkdownOptions, compact: boolean): string {
  const sections: string[][] = [[DRIFT_MARKER, `### ${escapeMarkdown(options.title ?? 'rolesync drift')}`]];
  const drift = `⚠️ **Drift: ${counted(report.drift.length, 'difference')}** between Frame.io and the manifest.`;
  if (report.in_sync) {
    sections.push(['✅ **In sync.** Live state matches the manifest.']);
  } else if (compact) {
    const scopes = scopeList(groupByScope(report.drift, options, undefined, true));
    sections.push([
      `${drift} They are too many to list in one issue; the counts per scope follow. ` +
        '`rolesync drift --format text` and `--format json` list every one.',
      '',
      ...scopes.map((scope) => `- ${title(scope)}: ${counts(scope.items)}`),
    ]);
  } else {
    sections.push([
      `${drift} Each row is a place where live state moved away from the manifest (changed by hand in Frame.io, ` +
        'or a manifest change not applied yet); the last column is what `rolesync apply` would do.',
    ]);
    // A Frame.io group's own entries (the group, its members, a held member removal) are a table of their own.
    for (const scope of scopeList(groupByScope(report.drift, options, undefined, true))) {
      sections.push(scopeTable(scope));
    }
  }
  const { policy } = report.plan;
  // Guard notes are drift rows above (kind held): listing them again as "not drift" would contradict.
  const notes = report.plan.notes.filter((n) => !HELD_NOTE_KINDS.has(n.kind));
  if (!policy.ok) {
    sections.push([
      '⛔ **Apply would be blocked by policy:**',
      '',
      ...policy.violations.map((v) => `- ${escapeMarkdown(v.message)}`),
    ]);
  }
  if (notes.length > 0) {
    const heading = '#### Notes (not drift: rolesync cannot change these)';
    sections.push(
      compact
        ? [heading, '', `${counted(notes.length, 'note')}: see \`rolesync drift --format text\`.`]
        : [heading, '', ...notes.map((n) => `- ${escapeMarkdown(n.message)}`)],
    );
  }
  // Grants that end soon: not drift yet, but what a cron's issue should warn of.
  const notices = report.plan.notices ?? [];
  if (notices.length > 0) {
    sections.push([`#### ${NOTICES_HEADING} (not drift)`, '', ...notices.map((n) => `- ${escapeMarkdown(n.message)}`)]);
  }
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
