// Renders a plan as the contract's JSON document (CONTRACT.md §4) with a fixed key order, so saved
// plans and CI artifacts diff cleanly and hash the same however the plan object was built.
import { WRITE_CLASSES } from '../api/index.js';
import { assertNever } from '../never.js';
import type { Change, ExpiryNotice, Plan, PlanNote, PolicyViolation } from '../plan/types.js';

type Json = Record<string, unknown>;

// Known keys first, in the given order; keys added later (checksum, saved-plan metadata) follow,
// sorted. Undefined values are dropped as JSON.stringify would. For the few objects of a plan
// (the document, summary, policy, estimate), not its lists: see `changeJson`.
function ordered(value: object, keys: readonly string[]): Json {
  const source = value as Json;
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  for (const key of Object.keys(source).sort()) if (!(key in out) && source[key] !== undefined) out[key] = source[key];
  return out;
}

// Keys a list item has beyond its literal's (a hand-edited saved plan), appended sorted as
// `ordered` does. Undefined members of the literal are left out by JSON.stringify.
function withExtras(out: Json, source: object): Json {
  const extra: string[] = [];
  for (const key of Object.keys(source)) {
    if (!(key in out) && (source as Json)[key] !== undefined) extra.push(key);
  }
  for (const key of extra.sort()) out[key] = (source as Json)[key];
  return out;
}

// Changes, notes and violations are object literals of one fixed shape each, not objects grown key
// by key: V8 shares the hidden class of objects grown from `{}` only while the empty object's
// transition table has room (1,536 entries). A process holding thousands of records keyed by email
// or workspace name fills it, and then every grown object got a chain of classes of its own: 7x the
// time for 2.5x the changes at 2,500 workspaces (test/render/json-shapes.test.ts).
function changeJson(change: Change): Json {
  switch (change.action) {
    case 'set_account_role': {
      const { action, account_id, user_id, email, from, to } = change;
      return withExtras({ action, account_id, user_id, email, from, to }, change);
    }
    case 'set_workspace_role':
    case 'remove_workspace_user': {
      const { action, account_id, workspace_id, workspace_name, user_id, email, from, to } = change;
      return withExtras({ action, account_id, workspace_id, workspace_name, user_id, email, from, to }, change);
    }
    case 'set_project_role':
    case 'remove_project_user': {
      const { action, account_id, workspace_id, workspace_name, project_id, project_name, user_id, email } = change;
      const { from, to } = change;
      return withExtras(
        { action, account_id, workspace_id, workspace_name, project_id, project_name, user_id, email, from, to },
        change,
      );
    }
    case 'set_project_restricted': {
      const { action, account_id, workspace_id, workspace_name, project_id, project_name, from, to } = change;
      return withExtras(
        { action, account_id, workspace_id, workspace_name, project_id, project_name, from, to },
        change,
      );
    }
    case 'create_frameio_group': {
      const { action, account_id, group_id, group_name, emoji, from, to } = change;
      return withExtras({ action, account_id, group_id, group_name, emoji, from, to }, change);
    }
    case 'add_frameio_group_member':
    case 'remove_frameio_group_member': {
      const { action, account_id, group_id, group_name, user_id, email, from, to } = change;
      return withExtras({ action, account_id, group_id, group_name, user_id, email, from, to }, change);
    }
    case 'set_workspace_group_role':
    case 'remove_workspace_group': {
      const { action, account_id, workspace_id, workspace_name, group_id, group_name, from, to } = change;
      return withExtras({ action, account_id, workspace_id, workspace_name, group_id, group_name, from, to }, change);
    }
    case 'set_project_group_role':
    case 'remove_project_group': {
      const { action, account_id, workspace_id, workspace_name, project_id, project_name, group_id, group_name } =
        change;
      const { from, to } = change;
      return withExtras(
        { action, account_id, workspace_id, workspace_name, project_id, project_name, group_id, group_name, from, to },
        change,
      );
    }
    default: {
      return assertNever(change, 'change action');
    }
  }
}

// A note's `user_id` and `desired` are for drift, not the document: a note keeps the schema's keys
// (`$defs/note`), each kind's own among them, in one fixed order.
function noteJson(note: PlanNote): Json {
  const { kind, account_id, message } = note;
  const {
    workspace_id,
    workspace_name,
    project_id,
    project_name,
    group_id,
    group_name,
    group_source,
    email,
    role,
    inherited_role,
    via,
    group_role,
    loses_access,
    loses_access_count,
  }: { [K in 'workspace_id' | 'workspace_name' | 'project_id' | 'project_name' | 'email']?: string } & {
    [K in 'group_id' | 'group_name' | 'group_source' | 'inherited_role' | 'group_role']?: string;
  } & { role?: unknown; via?: string[]; loses_access?: string[]; loses_access_count?: number } = note;
  return {
    kind,
    account_id,
    workspace_id,
    workspace_name,
    project_id,
    project_name,
    group_id,
    group_name,
    group_source,
    email,
    role,
    inherited_role,
    via,
    group_role,
    loses_access,
    loses_access_count,
    message,
  };
}

function noticeJson(n: ExpiryNotice): Json {
  const { kind, account_id, workspace_name, project_name, group_name, email, expires, ends_at, message } = n;
  return { kind, account_id, workspace_name, project_name, group_name, email, expires, ends_at, message };
}

function violationJson(v: PolicyViolation): Json {
  const { rule, account_id, workspace_id, workspace_name, project_id, project_name, group_id, group_name } = v;
  const { message, overridable } = v;
  return withExtras(
    {
      rule,
      account_id,
      workspace_id,
      workspace_name,
      project_id,
      project_name,
      group_id,
      group_name,
      message,
      overridable,
    },
    v,
  );
}

/** The plan as the object `renderJson` serializes (exported for the tests). */
export function jsonDocument(plan: Plan): Json {
  return ordered(
    {
      ...plan,
      summary: ordered(plan.summary, ['add', 'change', 'remove', 'total']),
      changes: plan.changes.map(changeJson),
      notes: plan.notes.map(noteJson),
      notices: plan.notices?.map(noticeJson),
      policy: ordered({ ...plan.policy, violations: plan.policy.violations.map(violationJson) }, ['ok', 'violations']),
      estimate: ordered(
        {
          ...plan.estimate,
          calls: ordered(plan.estimate.calls, WRITE_CLASSES),
        },
        ['calls', 'min_seconds'],
      ),
    },
    ['format_version', 'now', 'summary', 'changes', 'notes', 'notices', 'policy', 'estimate'],
  );
}

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(jsonDocument(plan), null, 2)}\n`;
}
