// The attribution lines of a drift report in each format: found (with or without the actor's email),
// not found (with the reason), and not looked up (no line, no column, no key: the output of before).
import { describe, expect, it } from 'vitest';
import { detectDrift, type DriftEntry, type DriftReport } from '../../src/drift/index.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '../../src/render/index.js';
import { manifest } from '../plan/builders.js';
import { ACCOUNT_NAMES, ACME, MARKETING, planOf, workspaceRole } from './fixtures.js';

const plain = detectDrift(
  planOf([
    workspaceRole(MARKETING, 'bob@acme.test', 'editor', 'viewer'),
    workspaceRole(MARKETING, 'carol@acme.test', 'viewer', 'editor'),
    workspaceRole(MARKETING, 'dave@acme.test', 'viewer', 'editor'),
  ]),
  manifest({ id: ACME }),
);
const GRACE = '90ffb4c6-f77c-4966-b2da-de97b9c5d8ed';
const found: Partial<DriftEntry>[] = [
  {
    attribution: {
      user_id: GRACE,
      email: 'grace@acme.test',
      event: 'workspace_permissions_granted_to_user',
      at: '2026-11-28T09:00:00.000Z',
    },
  },
  { attribution: { user_id: GRACE, event: 'workspace_permissions_granted_to_user', at: '2026-11-29T10:30:00.000Z' } },
  { attribution: null, attribution_reason: 'no audit-log event about it in workspace Marketing since 2026-11-01' },
];
const attributed: DriftReport = { ...plain, drift: plain.drift.map((e, i) => ({ ...e, ...found[i] })) };

describe('drift attribution in each format', () => {
  it('text: a line under each entry', () => {
    const text = renderDriftText(attributed, { color: false, accountNames: ACCOUNT_NAMES });
    expect(text).toContain(
      '  ! bob@acme.test    role differs  live editor, manifest viewer: apply would set viewer\n' +
        '      changed by grace@acme.test at 2026-11-28 09:00:00 UTC (workspace_permissions_granted_to_user)\n',
    );
    expect(text).toContain(`      changed by user ${GRACE} at 2026-11-29 10:30:00 UTC (`);
    expect(text).toContain(
      '      changed by: unknown (no audit-log event about it in workspace Marketing since 2026-11-01)\n',
    );
  });

  it('markdown: a "changed by" column', () => {
    const md = renderDriftMarkdown(attributed, { accountNames: ACCOUNT_NAMES });
    expect(md).toContain('| difference | user | live | manifest | apply would | changed by (audit log) |');
    expect(md).toContain(
      '| role differs | bob@acme.test | editor | viewer | set viewer | grace@acme.test at 2026-11-28 09:00:00 UTC ' +
        '(workspace\\_permissions\\_granted\\_to\\_user) |',
    );
    expect(md).toContain('| unknown (no audit-log event about it in workspace Marketing since 2026-11-01) |');
  });

  it('json: attribution after the entry’s message, null with its reason', () => {
    const doc = JSON.parse(renderDriftJson(attributed)) as { drift: Record<string, unknown>[] };
    expect(Object.keys(doc.drift[0]!).slice(-1)).toEqual(['attribution']);
    expect(doc.drift[0]!.attribution).toEqual(found[0]!.attribution);
    expect(doc.drift[1]!.attribution).not.toHaveProperty('email');
    expect(Object.keys(doc.drift[2]!).slice(-2)).toEqual(['attribution', 'attribution_reason']);
    expect(doc.drift[2]!.attribution).toBeNull();
  });

  it('not looked up: the output is exactly that of a report without attribution', () => {
    const withNone: DriftReport = { ...plain, drift: plain.drift.map((e) => ({ ...e })) };
    expect(renderDriftText(withNone, { color: false })).not.toContain('changed by');
    expect(renderDriftMarkdown(withNone)).not.toMatch(/changed by(?! hand)/);
    expect(renderDriftJson(withNone)).not.toContain('attribution');
  });
});
