// Renders a drift report for a terminal or a cron log: one line per difference, grouped by scope.
import pc from 'picocolors';
import type { DriftEntry, DriftReport } from '../drift/index.js';
import { printable, scopeLabel } from '../names.js';
import { HELD_NOTE_KINDS } from '../plan/index.js';
import { counted } from '../plural.js';
import { groupByScope, scopeList, type RenderContext, type Scope } from './group.js';
import {
  applyWould,
  attributionWords,
  driftSubject,
  expiredSuffix,
  KIND_LABEL,
  NOT_IN_FRAMEIO_YET,
} from './drift-labels.js';
import { heldSuffix, NOTICES_HEADING } from './sentences.js';

export interface DriftTextOptions extends RenderContext {
  color: boolean;
}

/**
 * `Frame.io group Post Team (1b67…)`, `Frame.io group Night Crew (not in Frame.io yet)`; with several
 * accounts a scope also says whose it is (as the plan's headings do).
 */
function heading(scope: Scope<DriftEntry>): string {
  const label = scope.created
    ? printable(`${scope.name ?? ''} (${NOT_IN_FRAMEIO_YET})`)
    : scopeLabel(scope.id, scope.name);
  const within = scope.within === undefined ? '' : ` in ${printable(scope.within)}`;
  return `${scope.kind} ${label}${within}`;
}

function attributionLine(entry: DriftEntry): string[] {
  const words = attributionWords(entry);
  return words === undefined ? [] : [`      ${printable(words)}`];
}

export function renderDriftText(report: DriftReport, options: DriftTextOptions): string {
  const c = pc.createColors(options.color);
  const sections: string[][] = [];
  // A Frame.io group's own entries (the group, its members, a held member removal) are a section of their own.
  for (const scope of scopeList(groupByScope(report.drift, options, undefined, true))) {
    const width = Math.max(...scope.items.map((e) => printable(driftSubject(e)).length));
    const kindWidth = Math.max(...scope.items.map((e) => KIND_LABEL[e.kind].length));
    sections.push([
      c.bold(heading(scope)),
      ...scope.items.flatMap((e) => [
        `  ${c.yellow('!')} ${printable(driftSubject(e)).padEnd(width)}  ` +
          `${KIND_LABEL[e.kind].padEnd(kindWidth)}  live ${e.live ?? '—'}, manifest ${e.desired ?? '—'}: ` +
          `apply would ${e.kind === 'held' ? 'do ' : ''}${applyWould(e)}${expiredSuffix(e)}`,
        // Who made the change (the audit log), on a line of its own under the entry.
        ...attributionLine(e),
      ]),
    ]);
  }
  const { policy } = report.plan;
  // Guard notes are drift rows above (kind held): listing them again as "not drift" would contradict.
  const notes = report.plan.notes.filter((n) => !HELD_NOTE_KINDS.has(n.kind));
  if (notes.length > 0)
    sections.push([
      c.bold('Notes (not drift: rolesync cannot change these):'),
      ...notes.map((n) => `  • ${printable(n.message)}`),
    ]);
  const notices = report.plan.notices ?? [];
  if (notices.length > 0) {
    sections.push([c.bold(`${NOTICES_HEADING} (not drift):`), ...notices.map((n) => `  • ${printable(n.message)}`)]);
  }
  if (!policy.ok) {
    sections.push([
      c.red(c.bold('Policy: apply would refuse this plan (exit 3 for plan and apply; drift stays read-only):')),
      ...policy.violations.map((v) => `  ${c.red('✗')} ${printable(v.message)}`),
    ]);
  }
  const held = report.drift.filter((e) => e.kind === 'held').length;
  sections.push([
    report.in_sync
      ? c.green(c.bold('In sync: live state matches the manifest.'))
      : c.bold(
          `Drift: ${counted(report.drift.length, 'difference')} between Frame.io and the manifest. Each is a ` +
            'change made in Frame.io (or a manifest change not applied yet); apply would restore the ' +
            `manifest${heldSuffix(held)}.`,
        ),
  ]);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
