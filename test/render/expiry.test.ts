// Expiry in what people and tools read: plan text, Markdown and JSON (valid against
// schemas/plan.schema.json) say "expired on DATE" and list the notices; drift reports an ended grant
// still live as kind `expired` (exit 2) and lists soon-ending grants as notices, not drift.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { detectDrift, driftExitCode } from '../../src/drift/index.js';
import { buildPlan } from '../../src/plan/build.js';
import {
  renderDriftJson,
  renderDriftMarkdown,
  renderDriftText,
  renderJson,
  renderMarkdown,
  renderText,
} from '../../src/render/index.js';
import { liveState } from '../plan/builders.js';
import { at, BODY, LIVE, manifestOf } from '../plan/expiry-fixture.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const m = manifestOf(BODY);
const live = liveState([LIVE]);
const ended = buildPlan(m, live, { now: at('2027-01-31T06:00:00Z') });

describe('a plan with ended and ending grants', () => {
  it('text says "expired on DATE" on each expiry change and lists the notices', () => {
    const text = renderText(ended, { color: false });
    expect(text).toContain('~ alice@acme.test  admin → member  (expired on 2027-01-31)');
    expect(text).toMatch(/- tom@acme\.test +editor {2}\(expired on 2027-01-31\)/);
    expect(text).toMatch(/- group Post +commenter {2}\(expired on 2027-01-31\)/);
    expect(text).toContain(
      'Expiry notices:\n  • ends in 5 hours (2027-01-31T12:00:00+01:00): dave@acme.test member of group colorists',
    );
  });

  it('Markdown says it in the last cell and has a notices section', () => {
    const md = renderMarkdown(ended);
    expect(md).toContain('| `-` | tom@acme.test | editor | — (expired on 2027-01-31) |');
    expect(md).toContain('| `~` | alice@acme.test | admin | member (expired on 2027-01-31) |');
    expect(md).toContain('#### Expiry notices\n\n- ends in 5 hours');
  });

  it('JSON carries now, reason and expires on the changes, and the notices; it validates', () => {
    const doc = JSON.parse(renderJson(ended)) as Record<string, unknown> & { changes: Record<string, unknown>[] };
    expect(Object.keys(doc).slice(0, 2)).toEqual(['format_version', 'now']);
    expect(doc.now).toBe('2027-01-31T06:00:00.000Z');
    expect(doc.changes.find((c) => c.email === 'tom@acme.test')).toMatchObject({
      action: 'remove_workspace_user',
      from: 'editor',
      to: null,
      reason: 'expired',
      expires: '2027-01-31',
    });
    expect(doc.notices).toEqual([
      {
        kind: 'expires_soon',
        account_id: LIVE.id,
        email: 'dave@acme.test',
        expires: '2027-01-31T12:00:00+01:00',
        ends_at: '2027-01-31T11:00:00.000Z',
        message: 'ends in 5 hours (2027-01-31T12:00:00+01:00): dave@acme.test member of group colorists',
      },
    ]);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });
});

describe('drift of ended grants', () => {
  it('each ended grant still live is kind expired (exit 2), with its end; notices are not drift', () => {
    const report = detectDrift(ended, m);
    expect(driftExitCode(report)).toBe(2);
    expect(report.drift.map((e) => e.kind)).toEqual(Array(6).fill('expired'));
    expect(report.drift.find((e) => e.email === 'tom@acme.test')).toMatchObject({
      kind: 'expired',
      live: 'editor',
      desired: null,
      action: 'remove_workspace_user',
      to: null,
      reason: 'expired',
      expires: '2027-01-31',
      message:
        "tom@acme.test's grant (editor) in Marketing expired on 2027-01-31 but is still live; apply would remove them",
    });
    const text = renderDriftText(report, { color: false });
    expect(text).toMatch(
      /tom@acme\.test +expired grant +live editor, manifest —: apply would remove \(expired on 2027-01-31\)/,
    );
    expect(text).toContain('Expiry notices (not drift):\n  • ends in 5 hours');
    const md = renderDriftMarkdown(report);
    expect(md).toContain('| expired grant | tom@acme.test | editor | — | remove (expired on 2027-01-31) |');
    expect(md).toContain('#### Expiry notices (not drift)\n\n- ends in 5 hours');
    const json = JSON.parse(renderDriftJson(report)) as { drift: Record<string, unknown>[]; notices: unknown[] };
    expect(json.drift[0]).toMatchObject({ kind: 'expired', reason: 'expired' });
    expect(json.notices).toHaveLength(1);
  });

  it('an ended grant above a running one: kind expired, the manifest side the role that remains', () => {
    const body = BODY.replace('colorists: [carol@acme.test,', 'colorists: [tom@acme.test, carol@acme.test,');
    const report = detectDrift(buildPlan(manifestOf(body), live, { now: at('2027-01-31T06:00:00Z') }), m);
    expect(report.drift.find((e) => e.email === 'tom@acme.test')).toMatchObject({
      kind: 'expired',
      live: 'editor',
      desired: 'viewer',
      action: 'set_workspace_role',
      message:
        "tom@acme.test's grant (editor) in Marketing expired on 2027-01-31 but is still live; apply would set viewer",
    });
    expect(renderDriftText(report, { color: false })).toMatch(
      /tom@acme\.test +expired grant +live editor, manifest viewer: apply would set viewer \(expired on 2027-01-31\)/,
    );
    // The lowering carries reason and expires in the plan and drift documents, as the schema allows.
    const doc = JSON.parse(renderDriftJson(report)) as object;
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it('before the ends: in sync (exit 0), the ending grants only notices', () => {
    const report = detectDrift(buildPlan(m, live, { now: at('2027-01-30T00:00:00Z') }), m);
    expect(driftExitCode(report)).toBe(0);
    expect(renderDriftMarkdown(report)).toContain('#### Expiry notices (not drift)\n\n- ends in 1 day (2027-01-31)');
  });
});
