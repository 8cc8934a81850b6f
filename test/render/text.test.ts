import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { renderText } from '../../src/render/index.js';
import { ACCOUNT_NAMES, accountRole, emptyPlan, fullPlan, planOf, STUDIO, workspaceRole } from './fixtures.js';

const ESC = '\u001b[';

describe('renderText', () => {
  it('says there is nothing to do for an empty plan, and nothing else', () => {
    expect(renderText(emptyPlan, { color: false })).toBe('No changes. Live state matches the manifest.\n');
  });

  it('still lists the notes of a plan without changes', () => {
    // An owner note holds a difference back; an account-admin note does not.
    const held: Plan = { ...emptyPlan, notes: fullPlan.notes.slice(0, 1) };
    const text = renderText(held, { color: false });
    expect(text).toContain(`  • ${fullPlan.notes[0]!.message}\n`);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'No changes. One difference from the manifest is held back (see the notes).',
    );
    const informational: Plan = { ...emptyPlan, notes: fullPlan.notes.slice(1, 2) };
    expect(renderText(informational, { color: false }).trimEnd().split('\n').at(-1)).toBe(
      'No changes. Live state matches the manifest.',
    );
  });

  it('colours + ~ - only when asked', () => {
    const plain = renderText(fullPlan, { color: false, accountNames: ACCOUNT_NAMES });
    const colored = renderText(fullPlan, { color: true, accountNames: ACCOUNT_NAMES });
    expect(plain).not.toContain(ESC);
    expect(colored).toContain(`${ESC}32m+${ESC}39m carol@acme.test`);
    expect(colored).toContain(`${ESC}33m~${ESC}39m bob@acme.test`);
    expect(colored).toContain(`${ESC}31m-${ESC}39m chloe.berg@acme.test`);
    // Same text once the escapes are stripped: colour never changes the content.
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('names an account by id when no name is known, and says whose workspace it is with several accounts', () => {
    const plan = planOf([
      accountRole('bob@acme.test', 'member', 'admin'),
      workspaceRole(
        { id: 'a9ade5bb-0f31-4bef-b7a4-2ce922cbbd98', name: 'Studio' },
        'erin@acme.test',
        'viewer',
        'editor',
        STUDIO,
      ),
    ]);
    const text = renderText(plan, { color: false, accountNames: { [STUDIO]: 'Acme Studio (Adobe)' } });
    expect(text).toContain('Account 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10\n  ~ bob@acme.test  member → admin\n');
    expect(text).toContain(
      'Workspace Studio (a9ade5bb-0f31-4bef-b7a4-2ce922cbbd98) in Acme Studio (Adobe)\n' +
        '  ~ erin@acme.test  viewer → editor\n',
    );
  });

  it('lists every policy violation under the exit-3 verdict, and the estimate last', () => {
    const message =
      'account Acme Post (1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10): 0 active admins after this plan (owner ' +
      'included), fewer than min_admins 1; list more admins under account.users or lower policy.min_admins ' +
      '(--force does not lift this)';
    const plan: Plan = {
      ...planOf([accountRole('alice@acme.test', 'admin', 'member')]),
      policy: { ok: false, violations: [{ rule: 'min_admins', account_id: 'x', message, overridable: false }] },
    };
    const lines = renderText(plan, { color: false }).trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      'Blocked by policy (exit 3): apply would refuse this plan.',
      `  ✗ ${message}`,
      '',
      'Plan: 0 to add, 1 to change, 0 to remove.',
      'Apply will make 1 account role update; a few seconds (estimate: the rate limits let these calls through ' +
        'at once).',
    ]);
  });

  it('has no policy section when the policy passes', () => {
    expect(renderText(planOf([accountRole('bob@acme.test', 'member', 'admin')]), { color: false })).not.toContain(
      'policy',
    );
  });
});

describe('renderText with hostile names', () => {
  it('never passes control characters from names or emails to the terminal', () => {
    const ws = { id: '0b6f3c2e-8d4a-4f1b-9e7c-5a2d1f0e3b94', name: 'Promo\u001b[2J\nReels' };
    const text = renderText(planOf([workspaceRole(ws, 'x\u0007@acme.test', null, 'viewer')]), { color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain(
      'Workspace Promo\\x1b[2J\\x0aReels (0b6f3c2e-8d4a-4f1b-9e7c-5a2d1f0e3b94)\n  + x\\x07@acme.test  viewer\n',
    );
  });
});
