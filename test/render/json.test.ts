import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { renderJson } from '../../src/render/index.js';
import {
  ACME,
  accountRole,
  emptyPlan,
  fullPlan,
  largePlan,
  MARKETING,
  removal,
  STUDIO,
  workspaceRole,
} from './fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/plan.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function errorsOf(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const multiAccount: Plan = {
  ...fullPlan,
  changes: [
    accountRole('grace@acme.test', 'admin', 'member', STUDIO),
    workspaceRole(
      { id: 'a9ade5bb-0f31-4bef-b7a4-2ce922cbbd98', name: 'Studio' },
      'erin@acme.test',
      'viewer',
      'editor',
      STUDIO,
    ),
  ],
};

describe('renderJson', () => {
  it.each([
    ['fullPlan', fullPlan],
    ['emptyPlan', emptyPlan],
    ['largePlan', largePlan],
    ['multiAccount', multiAccount],
  ])('renders %s as a document valid against schemas/plan.schema.json', (_name, plan) => {
    expect(errorsOf(JSON.parse(renderJson(plan)))).toEqual([]);
  });

  it('orders keys as the contract does, whatever order the plan object was built in', () => {
    const c = removal(MARKETING, 'eve@acme.test', 'viewer');
    const shuffled = {
      estimate: fullPlan.estimate,
      policy: fullPlan.policy,
      notes: fullPlan.notes,
      changes: [
        {
          to: null,
          from: c.from,
          email: c.email,
          user_id: c.user_id,
          workspace_name: c.workspace_name,
          workspace_id: c.workspace_id,
          account_id: c.account_id,
          action: c.action,
        },
      ],
      summary: { total: 1, remove: 1, change: 0, add: 0 },
      format_version: 1,
    } as Plan;
    const document = JSON.parse(renderJson(shuffled)) as Record<string, unknown> & {
      changes: object[];
      summary: object;
    };
    expect(Object.keys(document)).toEqual(['format_version', 'summary', 'changes', 'notes', 'policy', 'estimate']);
    expect(Object.keys(document.changes[0]!)).toEqual([
      'action',
      'account_id',
      'workspace_id',
      'workspace_name',
      'user_id',
      'email',
      'from',
      'to',
    ]);
    expect(Object.keys(document.summary)).toEqual(['add', 'change', 'remove', 'total']);
  });

  it('keeps fields added later (a saved plan’s metadata) after the contract fields, and they validate', () => {
    const saved = {
      ...fullPlan,
      saved: { checksum: 'sha256:abc', manifest_digest: 'sha256:def', rolesync_version: '0.1.0' },
    };
    const text = renderJson(saved);
    const document = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(document).at(-1)).toBe('saved');
    expect(errorsOf(document)).toEqual([]);
  });

  it('keeps keys a change has beyond the contract’s after them, sorted; undefined ones left out; a note keeps only the schema’s', () => {
    const change = { ...removal(MARKETING, 'eve@acme.test', 'viewer'), zeta: 1, alpha: 2, skipped: undefined };
    const note = { kind: 'owner_untouchable', account_id: ACME, message: 'm', extra: true } as never;
    const text = renderJson({ ...fullPlan, changes: [change], notes: [note] });
    const document = JSON.parse(text) as { changes: object[]; notes: object[] };
    const contract = ['action', 'account_id', 'workspace_id', 'workspace_name', 'user_id', 'email', 'from', 'to'];
    expect(Object.keys(document.changes[0]!)).toEqual([...contract, 'alpha', 'zeta']);
    expect(Object.keys(document.notes[0]!)).toEqual(['kind', 'account_id', 'message']);
  });

  it('is two-space indented and newline-terminated', () => {
    const text = renderJson(emptyPlan);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "format_version": 1,');
  });
});

describe('schemas/plan.schema.json', () => {
  const valid = JSON.parse(renderJson(fullPlan)) as { changes: Record<string, unknown>[] } & Record<string, unknown>;
  const withChange = (index: number, patch: Record<string, unknown>) => ({
    ...valid,
    changes: valid.changes.map((c, i) => (i === index ? { ...c, ...patch } : c)),
  });
  const removeIndex = valid.changes.findIndex((c) => c.action === 'remove_workspace_user');
  const accountIndex = valid.changes.findIndex((c) => c.action === 'set_account_role');

  it.each([
    [
      'a document without changes',
      (() => {
        const { changes: _c, ...rest } = valid;
        return rest;
      })(),
    ],
    ['another format_version', { ...valid, format_version: 2 }],
    ['a removal whose to is a role', withChange(removeIndex, { to: 'viewer' })],
    ['an account change carrying a workspace', withChange(accountIndex, { workspace_id: MARKETING.id })],
    ['an account change to owner (the API cannot set it)', withChange(accountIndex, { to: 'owner' })],
    ['an unknown action', withChange(0, { action: 'delete_user' })],
    [
      'a change without user_id',
      (() => {
        const { user_id: _u, ...rest } = valid.changes[0]!;
        return { ...valid, changes: [rest] };
      })(),
    ],
  ])('rejects %s', (_name, document) => {
    expect(errorsOf(document).length).toBeGreaterThan(0);
  });
});
