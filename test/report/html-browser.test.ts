// The HTML report in a real headless Chromium (Debian's, driven by playwright-core, which downloads
// nothing): the example report made by the built CLI against the emulator loads with no console error
// and no request but its own file, filters by typing and by flag, sorts by clicking a header, prints
// every row without controls; hostile names stay text. The screenshot goes to docs/ only when asked.
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/emulator/index.js';
import { renderReportHtml } from '../../src/report/html.js';
import { roleRank } from '../../src/report/model.js';
import type { Report, ReportRow } from '../../src/report/types.js';
import { runBuilt } from '../cli/run.js';
import { ACME, SEED, TOKEN, tempDir } from '../drift/cli.js';

const NOW = '2026-12-01T12:00:00.000Z';
const SCREENSHOT = fileURLToPath(new URL('../../docs/report-example.png', import.meta.url));

/** $CHROMIUM_PATH, /usr/bin/chromium, or a chromium on PATH; else a failure saying how to install it. */
function chromiumPath(): string {
  const onPath = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((d) => d !== '')
    .flatMap((d) => [join(d, 'chromium'), join(d, 'chromium-browser')]);
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', ...onPath];
  for (const path of candidates) {
    if (path === undefined || path === '' || !existsSync(path)) continue;
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  throw new Error(
    'Chromium is not installed, and the HTML report test needs it (a real browser; nothing is downloaded). ' +
      'On Debian or Ubuntu: apt-get install -y chromium (.ci/run does this when it is missing), ' +
      'or set CHROMIUM_PATH to a Chromium executable.',
  );
}

let browser: Browser | undefined;
let emu: Emulator | undefined;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath() });
});
afterAll(async () => {
  await browser?.close();
  await emu?.close();
});

interface Loaded {
  page: Page;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

/** The file opened in a fresh page; every request, console error, page error and dialog recorded. */
async function open(file: string): Promise<Loaded> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  const loaded: Loaded = { page, requests: [], errors: [], dialogs: [] };
  page.on('request', (r) => loaded.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') loaded.errors.push(m.text());
  });
  page.on('pageerror', (e) => loaded.errors.push(e.message));
  page.on('dialog', (d) => {
    loaded.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href);
  return loaded;
}

/** The first cell (the user's email) of each row shown, in order. */
const shownEmails = (page: Page) =>
  page
    .locator('#rows tbody tr:visible th')
    .evaluateAll((ths) => ths.map((th) => (th.firstChild?.textContent ?? '').trim()));
const shownRoles = (page: Page) =>
  page.locator('#rows tbody tr:visible td:nth-child(3)').evaluateAll((tds) => tds.map((td) => td.textContent ?? ''));

/**
 * Elements whose own text has a contrast below 4.5:1 (WCAG 2 AA) against the first opaque background
 * behind them. In-page code as a string: the tests' TypeScript has no DOM types.
 */
const LOW_CONTRAST = `(() => {
  const rgba = (c) => (c.match(/[\\d.]+/g) ?? []).map(Number);
  const lin = (v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  const background = (el) => {
    for (let e = el; e !== null; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own || el.getClientRects().length === 0) continue;
    const [a, b] = [lum(rgba(getComputedStyle(el).color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push(el.tagName + ' ' + ratio.toFixed(2) + ': ' + el.textContent.slice(0, 40));
  }
  return out;
})()`;
const lowContrast = (page: Page): Promise<string[]> => page.evaluate(LOW_CONTRAST);

async function control(e: Emulator, path: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${e.url}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(200);
}

/** The README's example: the Acme seed after hand edits, for a manifest that manages part of it. */
async function exampleReport(): Promise<{ html: string; report: Report }> {
  emu = await startEmulator({ state: SEED, port: 0, timeScale: 600, now: () => Date.parse(NOW) });
  const env = { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: TOKEN, NO_COLOR: '1' };
  const edit = (change: Record<string, unknown>) =>
    control(emu!, 'hand_edits', { account: ACME, as_user: 'grace@acme.test', at: '2026-11-29T12:00:00Z', change });
  await edit({ type: 'workspace_role', workspace: 'Editorial', user: 'frank@acme.test', role: 'editor' });
  await edit({ type: 'project_role', project: 'Spring Campaign', user: 'grace@acme.test', role: 'viewer' });
  await edit({ type: 'project_group_role', project: 'Spring Campaign', group: 'Post Team', role: 'full_access' });
  await control(emu, 'audit_events', {
    account: ACME,
    as_user: 'carol@acme.test',
    at: '2026-11-30T09:00:00Z',
    event_type: 'user_login',
  });
  const dir = tempDir();
  const manifest = join(dir, 'acme.yaml');
  writeFileSync(
    manifest,
    [
      'version: 1',
      'experimental: [frameio_groups]',
      'account:',
      `  id: ${ACME}`,
      '  users: { grace@acme.test: admin }',
      'policy: { expiry_notice: 7d }',
      'frameio_groups:',
      '  Post Team: {}',
      'workspaces:',
      '  Marketing:',
      '    users: { carol@acme.test: { role: editor, expires: 2026-12-05 } }',
      '    projects:',
      '      Spring Campaign:',
      '        users: { ana.berg@acme.test: editor }',
      '  Editorial:',
      '    frameio_groups: { Post Team: viewer }',
      '',
    ].join('\n'),
  );
  const html = join(dir, 'access.html');
  const args = ['report', manifest, '--now', NOW, '--quiet'];
  const made = await runBuilt([...args, '--format', 'html', '--out', html], env);
  expect(made.code, made.stderr).toBe(0);
  const json = await runBuilt([...args, '--format', 'json'], env);
  expect(json.code, json.stderr).toBe(0);
  return { html, report: JSON.parse(json.stdout) as Report };
}

describe('the HTML report in Chromium', () => {
  it('loads offline, filters by typing and by flag, sorts by a header, prints whole; the screenshot', async () => {
    const { html, report } = await exampleReport();
    const rows = report.rows;
    expect(rows.length).toBeGreaterThan(20);
    const { page, requests, errors } = await open(html);
    const users = [...new Set(rows.map((r) => r.email))];

    expect(await shownEmails(page)).toEqual(rows.map((r) => r.email));
    expect(await page.locator('#matrix tbody tr:visible').count()).toBe(users.length);
    expect(await page.locator('#count').textContent()).toBe(`${rows.length} of ${rows.length} rows shown`);

    // Typing: every word must match the user (email or name) or the scope.
    const filter = page.getByLabel('Filter by user or scope');
    await filter.pressSequentially('carol');
    const carol = rows.filter((r) => r.email.startsWith('carol@'));
    expect(carol.length).toBeGreaterThan(2);
    expect(await shownEmails(page)).toEqual(carol.map((r) => r.email));
    expect(await page.locator('#matrix tbody tr:visible th').allTextContents()).toEqual(['carol@acme.test']);
    await filter.pressSequentially(' spring');
    expect(await shownEmails(page)).toEqual(['carol@acme.test']);
    expect(await page.locator('#count').textContent()).toBe(`1 of ${rows.length} rows shown`);
    await filter.press('Enter'); // no form submission (it would be a request)
    await filter.fill('');
    expect(await page.locator('#rows tbody tr:visible').count()).toBe(rows.length);

    // A flag.
    const flag = page.getByLabel('Flag');
    const count = (f: string) => rows.filter((r) => r.flags.includes(f as ReportRow['flags'][number])).length;
    for (const f of ['no_effect', 'ending_soon', 'undeclared']) {
      expect(count(f), f).toBeGreaterThan(0);
      await flag.selectOption(f);
      expect(await page.locator('#rows tbody tr:visible').count(), f).toBe(count(f));
    }
    await flag.selectOption('any');
    expect(await page.locator('#rows tbody tr:visible').count()).toBe(rows.filter((r) => r.flags.length > 0).length);
    await flag.selectOption('');

    // Sorting: by user, then by role (twice: highest first), equal keys kept in report order.
    const byUser = page.getByRole('button', { name: 'User', exact: true });
    await byUser.click();
    const userHeader = page.locator('#rows thead th').first();
    expect(await userHeader.getAttribute('aria-sort')).toBe('ascending');
    const emails = rows.map((r) => r.email.toLowerCase());
    expect(await shownEmails(page)).toEqual([...emails].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
    await byUser.click();
    expect(await userHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await shownEmails(page)).toEqual([...emails].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })));
    const byRole = page.getByRole('button', { name: 'Role', exact: true });
    await byRole.click();
    await byRole.click();
    expect(await userHeader.getAttribute('aria-sort')).toBeNull();
    const roles = rows.map((r, i) => ({ role: r.role, i }));
    roles.sort((a, b) => roleRank(b.role) - roleRank(a.role) || a.i - b.i);
    expect(await shownRoles(page)).toEqual(roles.map((r) => r.role));

    // Printed: no controls, every row even when filtered.
    await filter.fill('carol');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.controls').isVisible()).toBe(false);
    expect(await page.locator('#rows tbody tr:visible').count()).toBe(rows.length);
    await page.emulateMedia({ media: 'screen' });

    // Contrast: every element with text of its own, its colour on the first opaque background behind it.
    expect(await lowContrast(page)).toEqual([]);

    // The screenshot: of the page as opened, into docs/ only when asked (UPDATE_SCREENSHOT=1).
    await page.reload();
    const shot = process.env['UPDATE_SCREENSHOT'] === '1' ? SCREENSHOT : join(tempDir(), 'report-example.png');
    await page.screenshot({ path: shot });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');

    expect(errors).toEqual([]);
    const self = pathToFileURL(html).href;
    expect(requests).toEqual([self, self]); // the load and the reload, nothing else
    await page.close();
  });

  it('names that hold markup stay text: no script runs, nothing is fetched', async () => {
    const hostile = '<script>alert(1)</script>';
    const row: ReportRow = {
      account_id: 'acc',
      account_name: `Acme ${hostile}`,
      scope: 'workspace',
      workspace_id: 'ws',
      workspace_name: '"><img src=x onerror=alert(2)>',
      project_id: null,
      project_name: null,
      restricted: null,
      user_id: 'u1',
      email: `${hostile}@x.test`,
      name: "</th><img src='https://example.com/x.png'>",
      status: 'active',
      account_role: 'member',
      role: 'editor',
      sources: [{ kind: 'frameio_group', role: 'editor', on: 'workspace', group_id: 'g', group_name: hostile }],
      managed: null,
      expires: null,
      last_login: null,
      flags: [],
    };
    const report: Report = {
      version: 1,
      generated_at: NOW,
      source: { kind: 'account', account_id: 'acc' },
      expiry_supported: false,
      accounts: [
        {
          id: 'acc',
          name: hostile,
          groups_read: true,
          activity: { available: false, note: hostile, since: null, days: 0, calls: 0 },
        },
      ],
      rows: [row],
      summary: { rows: 1, users: 1, scopes: 1, flags: zeroFlags() },
    };
    const file = join(tempDir(), 'hostile.html');
    writeFileSync(file, renderReportHtml(report));
    const { page, requests, errors, dialogs } = await open(file);
    expect(await page.locator('#rows tbody th').first().textContent()).toBe(`${row.email} (${row.name})`);
    expect(await page.locator('#rows tbody td').first().textContent()).toBe(`Acme ${hostile} / ${row.workspace_name}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    await page.getByLabel('Filter by user or scope').pressSequentially('<script>');
    expect(await page.locator('#rows tbody tr:visible').count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });
});

function zeroFlags(): Report['summary']['flags'] {
  return { undeclared: 0, no_effect: 0, redundant_admin_grant: 0, inactive_with_grant: 0, ending_soon: 0, expired: 0 };
}
