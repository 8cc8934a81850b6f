// Held notes carry what drift names (the user id, the live and the desired role, the scope), so
// drift reads them from the plan alone; the plan document keeps the schema's note keys only.
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/drift/index.js';
import { buildPlan, HELD_NOTE_KINDS } from '../../src/plan/index.js';
import type { HeldNoteKind } from '../../src/plan/types.js';
import { renderJson } from '../../src/render/index.js';
import { type LiveSpec, liveState, manifest } from '../plan/builders.js';

const LIVE: LiveSpec = {
  users: {
    owner: 'owner',
    alice: 'admin',
    svc: 'admin',
    bob: 'member',
    carol: 'member',
    rev: 'reviewer',
    inv: { role: 'member', id: null, active: null },
  },
  workspaces: [
    { name: 'Marketing', members: { owner: 'owner', bob: 'viewer', carol: 'editor', svc: 'viewer', inv: 'commenter' } },
  ],
};
const SPEC = {
  users: { owner: 'member' as const, rev: 'member' as const, svc: 'member' as const },
  policy: { protected: ['carol'] },
  workspaces: {
    Marketing: {
      mode: 'authoritative' as const,
      users: { bob: 'viewer' as const, carol: 'viewer' as const, rev: 'editor' as const },
    },
  },
};

describe('held notes', () => {
  it('drift builds its held entries from the notes alone (no live state, no second resolve)', () => {
    const desired = manifest(SPEC);
    const plan = buildPlan(desired, liveState([LIVE]));
    const report = detectDrift(plan, desired);
    const held = report.drift.filter((d) => d.kind === 'held');
    expect(
      held.map((d) => `${d.held_by} ${d.workspace_name ?? 'account'} ${d.email} ${d.user_id} ${d.live}>${d.desired}`),
    ).toEqual([
      'owner_untouchable account owner@acme.test u-owner owner>member',
      'reviewer_untouchable account rev@acme.test u-rev reviewer>member',
      'self_untouchable account svc@acme.test u-svc admin>member',
      'protected Marketing carol@acme.test u-carol editor>viewer',
      'reviewer_untouchable Marketing rev@acme.test u-rev null>editor',
    ]);
    // Each is its note, field for field.
    for (const d of held) {
      const note = plan.notes.find(
        (n) => n.kind === d.held_by && n.email === d.email && n.workspace_id === d.workspace_id,
      );
      expect(note).toMatchObject({ user_id: d.user_id, role: d.live, desired: d.desired, message: d.message });
    }
  });

  it('the plan document leaves user_id and desired out of its notes', () => {
    const plan = buildPlan(manifest(SPEC), liveState([LIVE]));
    expect(plan.notes.some((n) => 'user_id' in n && 'desired' in n)).toBe(true);
    const document = JSON.parse(renderJson(plan)) as { notes: Record<string, unknown>[] };
    expect(document.notes).toHaveLength(plan.notes.length);
    for (const note of document.notes) {
      expect(
        Object.keys(note).every((k) =>
          ['kind', 'account_id', 'workspace_id', 'workspace_name', 'email', 'role', 'message'].includes(k),
        ),
      ).toBe(true);
    }
  });

  it("the held kinds the summary counts are the held note variant's kinds", () => {
    const kinds: Record<HeldNoteKind, true> = {
      owner_untouchable: true,
      reviewer_untouchable: true,
      self_untouchable: true,
      protected: true,
    };
    expect([...HELD_NOTE_KINDS].sort()).toEqual(Object.keys(kinds).sort());
  });
});
