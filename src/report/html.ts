// The report as one self-contained HTML page: inline CSS and JS only (a CSP forbids anything else), every
// value escaped, a users x scopes matrix and a per-row table that filters by text and flag and sorts by
// clicking a header; printed, it shows every row and no controls.
import { printable } from '../names.js';
import { roleRank } from './model.js';
import { activityLines, expiryLine, FLAG_WORDS, scopeTitle, sourceLabel, summaryLine } from './words.js';
import { REPORT_FLAGS, type Report, type ReportRow } from './types.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in an element or a quoted attribute; control characters shown as `\xNN`. */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

// The arrows' `/ ''` keeps them out of the buttons' accessible names (aria-sort says the order).
// Colours: text #1a1a1a and flags #8b1a1a on white, links none; every pair above 4.5:1 (7:1 and more).
const STYLE = `
:root { color: #1a1a1a; background: #fff; font: 14px/1.4 system-ui, sans-serif; }
body { margin: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin: 1rem 0 .5rem; }
.controls label { display: flex; flex-direction: column; font-weight: 600; gap: .2rem; }
.controls input, .controls select { font: inherit; padding: .3rem .4rem; border: 1px solid #595959; min-width: 16rem; }
:focus-visible { outline: 3px solid #1a4fa0; outline-offset: 1px; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #8c8c8c; padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e8e8e8; }
tbody th { font-weight: normal; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button::after { content: ' \\2195' / ''; color: #4d4d4d; }
th[aria-sort=ascending] button::after { content: ' \\2191' / ''; }
th[aria-sort=descending] button::after { content: ' \\2193' / ''; }
.flag { color: #8b1a1a; font-weight: 600; }
.none { color: #4d4d4d; }
.notes { margin: 1rem 0; padding-left: 1.2rem; }
@media print {
  :root { font-size: 10px; }
  body { margin: 0; }
  .controls, #count { display: none; }
  tr[hidden] { display: table-row; }
  th button::after { content: ''; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
`;

// Runs in the page: filters rows by every typed word (user, name, scope) and by flag, hides the
// matrix's users with no row shown, and sorts the rows by a header's column (data-sort when set).
const SCRIPT = `
(() => {
  const table = document.getElementById('rows');
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const matrixRows = Array.from(document.getElementById('matrix').tBodies[0].rows);
  const input = document.getElementById('filter');
  const flag = document.getElementById('flag');
  const count = document.getElementById('count');
  const apply = () => {
    const words = input.value.toLowerCase().split(/\\s+/).filter((w) => w !== '');
    const wanted = flag.value;
    const users = new Set();
    let shown = 0;
    for (const tr of rows) {
      const flags = tr.dataset.flags.split(' ').filter((f) => f !== '');
      const byFlag = wanted === '' || (wanted === 'any' ? flags.length > 0 : flags.includes(wanted));
      const ok = byFlag && words.every((w) => tr.dataset.text.includes(w));
      tr.hidden = !ok;
      if (ok) {
        shown += 1;
        users.add(tr.dataset.user);
      }
    }
    for (const tr of matrixRows) tr.hidden = !users.has(tr.dataset.user);
    count.textContent = shown + ' of ' + rows.length + ' rows shown';
  };
  // Enter in the field would submit the form: a navigation, so a request; filtering is live instead.
  document.querySelector('form.controls').addEventListener('submit', (e) => e.preventDefault());
  input.addEventListener('input', apply);
  flag.addEventListener('change', apply);
  const headers = Array.from(table.tHead.rows[0].cells);
  for (const th of headers) {
    const button = th.querySelector('button');
    button.addEventListener('click', () => {
      const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      for (const other of headers) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', dir);
      const i = th.cellIndex;
      const sign = dir === 'ascending' ? 1 : -1;
      const key = (tr) => tr.cells[i].dataset.sort ?? tr.cells[i].textContent;
      const order = (a, b) => Number(a.dataset.index) - Number(b.dataset.index);
      const sorted = rows.slice().sort((a, b) => sign * key(a).localeCompare(key(b), 'en', { numeric: true }) || order(a, b));
      body.append(...sorted);
    });
  }
  apply();
})();
`;

const dash = '<span class="none">—</span>';
const cell = (text: string | null) => (text === null || text === '' ? dash : escapeHtml(text));
const userKey = (r: ReportRow) => r.email.toLowerCase();

function matrix(report: Report): string {
  const scopes: { key: string; title: string }[] = [];
  const seen = new Set<string>();
  const users = new Map<string, ReportRow>();
  const roles = new Map<string, ReportRow>();
  for (const r of report.rows) {
    const key = `${r.account_id}\u0000${r.workspace_id}\u0000${r.project_id ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      scopes.push({ key, title: scopeTitle(r) });
    }
    if (!users.has(userKey(r))) users.set(userKey(r), r);
    roles.set(`${userKey(r)}\u0000${key}`, r);
  }
  const head = scopes.map((s) => `<th scope="col">${escapeHtml(s.title)}</th>`).join('');
  const body = [...users.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([user, first]) => {
      const cells = scopes.map((s) => {
        const r = roles.get(`${user}\u0000${s.key}`);
        if (r === undefined) return `<td>${dash}</td>`;
        return r.flags.length > 0 ? `<td class="flag">${escapeHtml(r.role)} *</td>` : `<td>${escapeHtml(r.role)}</td>`;
      });
      return `<tr data-user="${escapeHtml(user)}"><th scope="row">${escapeHtml(first.email)}</th>${cells.join('')}</tr>`;
    });
  return [
    '<table id="matrix">',
    '<caption>Effective role by user and scope (* flagged: see the rows below)</caption>',
    `<thead><tr><th scope="col">User</th>${head}</tr></thead>`,
    `<tbody>${body.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

const COLUMNS = ['User', 'Scope', 'Role', 'From', 'Status', 'Managed', 'Expires', 'Last login', 'Flags'];

function rowsTable(report: Report): string {
  const head = COLUMNS.map((c) => `<th scope="col"><button type="button">${c}</button></th>`).join('');
  const body = report.rows.map((r, i) => {
    const title = scopeTitle(r);
    const sources = r.sources.map((s) => sourceLabel(s, r.scope)).join('; ');
    const text = [r.email, r.name ?? '', title].join(' ').toLowerCase();
    const managed = r.managed === null ? null : r.managed ? 'managed' : 'unmanaged';
    const flags = r.flags.map((f) => FLAG_WORDS[f]).join('; ');
    const name = r.name ? ` <span class="none">(${escapeHtml(r.name)})</span>` : '';
    return [
      `<tr data-index="${i}" data-user="${escapeHtml(userKey(r))}" data-flags="${r.flags.join(' ')}" data-text="${escapeHtml(text)}">`,
      `<th scope="row" data-sort="${escapeHtml(r.email.toLowerCase())}">${escapeHtml(r.email)}${name}</th>`,
      `<td data-sort="${String(i).padStart(6, '0')}">${escapeHtml(title)}</td>`,
      `<td data-sort="${String(roleRank(r.role)).padStart(3, '0')}">${escapeHtml(r.role)}</td>`,
      `<td>${cell(sources)}</td><td>${escapeHtml(r.status)}</td><td>${cell(managed)}</td>`,
      `<td>${cell(r.expires)}</td><td>${cell(r.last_login)}</td>`,
      `<td${flags ? ' class="flag"' : ''}>${cell(flags)}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<table id="rows">',
    '<caption>Every user and scope: the effective role, where it comes from, and flags</caption>',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>${body.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function controls(report: Report): string {
  const options = REPORT_FLAGS.map(
    (f) => `<option value="${f}">${escapeHtml(FLAG_WORDS[f])} (${report.summary.flags[f]})</option>`,
  );
  return [
    '<form class="controls" role="search">',
    '<label for="filter">Filter by user or scope <input id="filter" type="search" autocomplete="off"></label>',
    '<label for="flag">Flag <select id="flag"><option value="">all rows</option>',
    `<option value="any">any flag</option>${options.join('')}</select></label>`,
    '</form>',
    `<p id="count" aria-live="polite">${report.rows.length} of ${report.rows.length} rows shown</p>`,
  ].join('\n');
}

export function renderReportHtml(report: Report): string {
  const notes = [...activityLines(report), expiryLine(report)].filter((l) => l !== '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rolesync report (${escapeHtml(report.generated_at)})</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>rolesync report</h1>
<p>As of ${escapeHtml(report.generated_at)}. ${escapeHtml(summaryLine(report))}</p>
<ul class="notes">${notes.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
${controls(report)}
<h2>By user and scope</h2>
${matrix(report)}
<h2>Rows</h2>
${rowsTable(report)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
