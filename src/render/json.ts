// Renders a plan as the contract's JSON document (CONTRACT.md §4) with a fixed key order, so saved
// plans and CI artifacts diff cleanly and hash the same however the plan object was built.
import { assertNever } from '../never.js';
import type { Change, Plan } from '../plan/types.js';

type Json = Record<string, unknown>;

/** Only these keys, in this order: what the document holds of a value that carries more. */
function only(value: object, keys: readonly string[]): Json {
  const source = value as Json;
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

// Known keys first, in the given order; keys added later (checksum, saved-plan metadata) follow,
// sorted. Undefined values are dropped as JSON.stringify would.
function ordered(value: object, keys: readonly string[]): Json {
  const source = value as Json;
  const out = only(value, keys);
  for (const key of Object.keys(source).sort()) if (!(key in out) && source[key] !== undefined) out[key] = source[key];
  return out;
}

// A note's `user_id` and `desired` are for drift, not the document: the note keeps the schema's keys.
const NOTE_KEYS = ['kind', 'account_id', 'workspace_id', 'workspace_name', 'email', 'role', 'message'] as const;

const ACCOUNT_CHANGE_KEYS = ['action', 'account_id', 'user_id', 'email', 'from', 'to'] as const;
const WORKSPACE_CHANGE_KEYS = ['action', 'account_id', 'workspace_id', 'workspace_name', 'user_id', 'email', 'from', 'to'] as const;

function changeJson(change: Change): Json {
  switch (change.action) {
    case 'set_account_role':
      return ordered(change, ACCOUNT_CHANGE_KEYS);
    case 'set_workspace_role':
    case 'remove_workspace_user':
      return ordered(change, WORKSPACE_CHANGE_KEYS);
    default: {
      return assertNever(change, 'change action');
    }
  }
}

export function renderJson(plan: Plan): string {
  const document = ordered(
    {
      ...plan,
      summary: ordered(plan.summary, ['add', 'change', 'remove', 'total']),
      changes: plan.changes.map(changeJson),
      notes: plan.notes.map((note) => only(note, NOTE_KEYS)),
      policy: ordered(
        {
          ...plan.policy,
          violations: plan.policy.violations.map((v) =>
            ordered(v, ['rule', 'account_id', 'workspace_id', 'workspace_name', 'message', 'overridable']),
          ),
        },
        ['ok', 'violations'],
      ),
      estimate: ordered(
        { ...plan.estimate, calls: ordered(plan.estimate.calls, ['account_role_patch', 'workspace_role_patch', 'workspace_user_delete']) },
        ['calls', 'min_seconds'],
      ),
    },
    ['format_version', 'summary', 'changes', 'notes', 'policy', 'estimate'],
  );
  return `${JSON.stringify(document, null, 2)}\n`;
}
