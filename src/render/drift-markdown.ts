// Renders a drift report as an issue body: a findable marker line (a cron job updates one issue by
// it), the verdict, one table per scope, then notes and policy. No timestamps: same state, same text.
import { isGuardKind, type DriftReport } from '../drift/index.js';
import { counted } from '../plural.js';
import { groupByScope, scopeList, type RenderContext } from './group.js';
import { applyWould, KIND_LABEL } from './labels.js';
import { escapeMarkdown } from './markdown.js';

export const DRIFT_MARKER = '<!-- rolesync-drift -->';

export interface DriftMarkdownOptions extends RenderContext {
  /** The heading; `rolesync drift` by default. */
  title?: string;
}

export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions = {}): string {
  const sections: string[][] = [[DRIFT_MARKER, `### ${escapeMarkdown(options.title ?? 'rolesync drift')}`]];
  if (report.in_sync) {
    sections.push(['✅ **In sync.** Live state matches the manifest.']);
  } else {
    sections.push([
      `⚠️ **Drift: ${counted(report.drift.length, 'difference')}** between Frame.io and the manifest. Each row is a place where live state moved away from the manifest (changed by hand in Frame.io, or a manifest change not applied yet); the last column is what \`rolesync apply\` would do.`,
    ]);
    for (const scope of scopeList(groupByScope(report.drift, options))) {
      const name = scope.name === null ? '' : `${escapeMarkdown(scope.name)} `;
      sections.push([
        `#### ${scope.kind} ${name}(\`${scope.id}\`)`,
        '',
        '| difference | user | live | manifest | apply would |',
        '|---|---|---|---|---|',
        ...scope.items.map((e) => `| ${KIND_LABEL[e.kind]} | ${escapeMarkdown(e.email)} | ${e.live ?? '—'} | ${e.desired ?? '—'} | ${applyWould(e)} |`),
      ]);
    }
  }
  const { policy } = report.plan;
  // Guard notes are drift rows above (kind held): listing them again as "not drift" would contradict.
  const notes = report.plan.notes.filter((n) => !isGuardKind(n.kind));
  if (!policy.ok) {
    sections.push(['⛔ **Apply would be blocked by policy:**', '', ...policy.violations.map((v) => `- ${escapeMarkdown(v.message)}`)]);
  }
  if (notes.length > 0) {
    sections.push(['#### Notes (not drift: rolesync cannot change these)', '', ...notes.map((n) => `- ${escapeMarkdown(n.message)}`)]);
  }
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
