// The report's formats: text (a terminal), Markdown (a PR or issue comment, size-capped), CSV (one
// row per user and scope, RFC 4180, safe to open in a spreadsheet), JSON (the model as is) and HTML
// (src/report/html.ts).
import { escapeMarkdown, fitted } from '../render/comment.js';
import { printable } from '../names.js';
import { renderReportHtml } from './html.js';
import type { Report, ReportRow } from './types.js';
import { activityLines, expiryLine, FLAG_WORDS, scopeTitle, sourceLabel, summaryLine } from './words.js';

export const REPORT_FORMATS = ['text', 'markdown', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const sourcesOf = (r: ReportRow) => r.sources.map((s) => sourceLabel(s, r.scope)).join('; ');
const managedWord = (m: boolean | null) => (m === null ? '' : m ? 'managed' : 'unmanaged');

interface ScopeGroup {
  key: string;
  title: string;
  rows: ReportRow[];
}

function byScope(report: Report): ScopeGroup[] {
  const out: ScopeGroup[] = [];
  for (const r of report.rows) {
    const key = `${r.account_id}\u0000${r.workspace_id}\u0000${r.project_id ?? ''}`;
    const last = out.at(-1);
    if (last?.key === key) last.rows.push(r);
    else out.push({ key, title: scopeTitle(r), rows: [r] });
  }
  return out;
}

export function renderReportText(report: Report): string {
  const lines = [`rolesync report (${report.generated_at})`, summaryLine(report), ''];
  for (const group of byScope(report)) {
    lines.push(printable(group.title));
    const width = Math.max(...group.rows.map((r) => r.email.length));
    for (const r of group.rows) {
      const extras = [
        managedWord(r.managed),
        r.status !== 'active' ? r.status : '',
        r.expires ? `expires ${r.expires}` : '',
        r.last_login ? `last login ${r.last_login}` : '',
        ...r.flags.map((f) => `! ${FLAG_WORDS[f]}`),
      ].filter((x) => x !== '');
      const tail = extras.length > 0 ? `  [${extras.join(', ')}]` : '';
      lines.push(`  ${printable(r.email).padEnd(width)}  ${r.role.padEnd(15)} ${printable(sourcesOf(r))}${tail}`);
    }
    lines.push('');
  }
  lines.push(...activityLines(report).map(printable));
  const expiry = expiryLine(report);
  if (expiry) lines.push(expiry);
  return `${lines.join('\n')}\n`;
}

export interface ReportMarkdownOptions {
  /** Past this many characters the tables give way to per-scope counts (default 60,000, as plan's). */
  maxChars?: number;
}

export function renderReportMarkdown(report: Report, options: ReportMarkdownOptions = {}): string {
  const render = (compact: boolean): string => {
    const out = ['### rolesync report', '', escapeMarkdown(summaryLine(report)), ''];
    const groups = byScope(report);
    if (compact) {
      out.push(
        `*${groups.length} scopes: too many rows for a comment; per-scope counts below. Use ` +
          '`--format csv` or `--format json` for every row.*',
        '',
        '| Scope | Users | Flags |',
        '|---|---|---|',
      );
      for (const g of groups) {
        const flagged = g.rows.filter((r) => r.flags.length > 0).length;
        out.push(`| ${escapeMarkdown(g.title)} | ${g.rows.length} | ${flagged} |`);
      }
      out.push('');
    } else {
      for (const g of groups) {
        out.push(
          `#### ${escapeMarkdown(g.title)}`,
          '',
          '| User | Role | From | Managed | Expires | Last login | Flags |',
        );
        out.push('|---|---|---|---|---|---|---|');
        for (const r of g.rows) {
          const status = r.status !== 'active' ? ` (${r.status})` : '';
          const flags = r.flags.map((f) => FLAG_WORDS[f]).join(', ');
          out.push(
            `| ${escapeMarkdown(r.email)}${status} | ${r.role} | ${escapeMarkdown(sourcesOf(r))} | ` +
              `${managedWord(r.managed) || '—'} | ${r.expires ?? '—'} | ${r.last_login ?? '—'} | ${escapeMarkdown(flags) || '—'} |`,
          );
        }
        out.push('');
      }
    }
    out.push(...activityLines(report).map((l) => `- ${escapeMarkdown(l)}`));
    const expiry = expiryLine(report);
    if (expiry) out.push(`- ${escapeMarkdown(expiry)}`);
    return `${out.join('\n')}\n`;
  };
  return fitted(render, options.maxChars !== undefined ? { maxChars: options.maxChars } : {});
}

export const CSV_COLUMNS = [
  'account_id',
  'account_name',
  'scope',
  'workspace_id',
  'workspace_name',
  'project_id',
  'project_name',
  'restricted',
  'user_id',
  'email',
  'name',
  'status',
  'account_role',
  'role',
  'sources',
  'managed',
  'expires',
  'last_login',
  'flags',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A
 * value a spreadsheet would run as a formula (leading = + - @, tab or CR) gets a leading `'`.
 */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderReportCsv(report: Report): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of report.rows) {
    const values: Record<(typeof CSV_COLUMNS)[number], string | boolean | null> = {
      ...r,
      sources: sourcesOf(r),
      flags: r.flags.join(' '),
    };
    lines.push(CSV_COLUMNS.map((c) => csvCell(values[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function renderReportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'text':
      return renderReportText(report);
    case 'markdown':
      return renderReportMarkdown(report);
    case 'csv':
      return renderReportCsv(report);
    case 'json':
      return renderReportJson(report);
    case 'html':
      return renderReportHtml(report);
  }
}
