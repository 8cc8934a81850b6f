import type { PlanNote } from '../../src/plan/types.js';
import { describe, expect, it } from 'vitest';
import { estimateSentence, summarySentence } from '../../src/render/index.js';
import { writeCounts } from '../../src/plan/estimate.js';

/** No write of any class. */
const NONE = writeCounts([]);

describe('sentences', () => {
  it('counts like Terraform', () => {
    expect(summarySentence({ add: 3, change: 2, remove: 1, total: 6 })).toBe(
      'Plan: 3 to add, 2 to change, 1 to remove.',
    );
    expect(summarySentence({ add: 0, change: 0, remove: 0, total: 0 })).toBe(
      'No changes. Live state matches the manifest.',
    );
  });

  it.each([
    [
      { ...NONE, account_role_patch: 0, workspace_role_patch: 5, workspace_user_delete: 1 },
      0,
      'apply will make 5 workspace role updates, 1 removal; a few seconds (estimate: the rate limits let these ' +
        'calls through at once)',
    ],
    [
      { ...NONE, account_role_patch: 11, workspace_role_patch: 0, workspace_user_delete: 0 },
      6,
      'apply will make 11 account role updates; about 6 s (estimate: 10 account role updates at once, then 10 a ' +
        'minute)',
    ],
    // Removals are the bottleneck only when there are six times as many of them past the burst.
    [
      { ...NONE, account_role_patch: 0, workspace_role_patch: 11, workspace_user_delete: 120 },
      60,
      'apply will make 11 workspace role updates, 120 removals; about 1 min (estimate: 60 removals at once, then ' +
        '60 a minute)',
    ],
  ])('estimates %j', (calls, seconds, expected) => {
    expect(estimateSentence({ calls, min_seconds: seconds })).toBe(expected);
  });

  it('has no estimate when apply would make no call', () => {
    expect(
      estimateSentence({
        calls: { ...NONE, account_role_patch: 0, workspace_role_patch: 0, workspace_user_delete: 0 },
        min_seconds: 0,
      }),
    ).toBeNull();
  });

  it('does not claim a match when a guard holds differences back', () => {
    const note = (kind: PlanNote['kind']): PlanNote =>
      ({ kind, account_id: 'a', email: 'x@y.test', message: 'm' }) as PlanNote;
    const none = { add: 0, change: 0, remove: 0, total: 0 };
    expect(summarySentence(none, [note('deactivated')])).toBe('No changes. Live state matches the manifest.');
    expect(summarySentence(none, [note('protected')])).toBe(
      'No changes. One difference from the manifest is held back (see the notes).',
    );
    expect(summarySentence(none, [note('self_untouchable'), note('reviewer_untouchable'), note('invited_no_id')])).toBe(
      'No changes. 2 differences from the manifest are held back (see the notes).',
    );
  });
});
