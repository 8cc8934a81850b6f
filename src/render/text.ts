// Renders a plan for a terminal: `+ ~ -` lines grouped by account, workspace and project, notes, policy, totals.
import pc from 'picocolors';
import type { Change, Plan } from '../plan/types.js';
import { groupChanges, groupLabel, scopeHeading, scopeList, type RenderContext } from './group.js';
import { printable } from '../names.js';
import { assertNever } from '../never.js';
import { roleLabel } from './labels.js';
import { estimateSentence, expiredOn, NOTICES_HEADING, summarySentence } from './sentences.js';
import type { GroupSuggestions } from '../plan/suggest-groups.js';
import { suggestionsText } from './suggestions.js';

export interface TextOptions extends RenderContext {
  /** Decide with `shouldColor(process.stdout, process.env)`. */
  color: boolean;
  /** `plan --suggest-groups`: a section of advice before the totals. */
  suggestions?: GroupSuggestions;
}

type Colors = ReturnType<typeof pc.createColors>;

/** What a change's line is about: a user's email, a group grant's group, a group's creation. */
function subject(change: Change): string {
  switch (change.action) {
    case 'set_project_restricted':
      return 'restricted:';
    case 'create_frameio_group':
      return 'create group';
    case 'set_workspace_group_role':
    case 'remove_workspace_group':
    case 'set_project_group_role':
    case 'remove_project_group':
      return printable(`group ${groupLabel(change)}`);
    default:
      return printable(change.email);
  }
}

function changeLine(change: Change, width: number, c: Colors): string {
  const expired = expiredOn(change);
  const line = roleLine(change, width, c);
  return expired === null ? line : `${line}  (${expired})`;
}

function roleLine(change: Change, width: number, c: Colors): string {
  if (change.action === 'set_project_restricted') {
    return `  ${c.yellow('~')} restricted: ${change.from} → ${change.to}`;
  }
  const who = subject(change).padEnd(width);
  switch (change.action) {
    case 'create_frameio_group':
      return `  ${c.green('+')} ${who}  emoji ${printable(change.emoji)}`;
    case 'set_account_role':
      return `  ${c.yellow('~')} ${who}  ${roleLabel(change.from)} → ${change.to}`;
    case 'set_workspace_role':
    case 'set_project_role':
    case 'set_workspace_group_role':
    case 'set_project_group_role':
      return change.from === null
        ? `  ${c.green('+')} ${who}  ${change.to}`
        : `  ${c.yellow('~')} ${who}  ${change.from} → ${change.to}`;
    case 'add_frameio_group_member':
      return `  ${c.green('+')} ${who}  ${change.to}`;
    case 'remove_workspace_user':
    case 'remove_project_user':
    case 'remove_frameio_group_member':
    case 'remove_workspace_group':
    case 'remove_project_group':
      return `  ${c.red('-')} ${who}  ${change.from}`;
    default:
      return assertNever(change, 'change action');
  }
}

// Subjects padded to the widest in their block, so the role column lines up.
function block(header: string, changes: readonly Change[], c: Colors): string[] {
  const width = Math.max(
    0,
    ...changes.map((change) => (change.action === 'set_project_restricted' ? 0 : subject(change).length)),
  );
  return [c.bold(header), ...changes.map((change) => changeLine(change, width, c))];
}

export function renderText(plan: Plan, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const sections: string[][] = [];
  for (const scope of scopeList(groupChanges(plan.changes, options))) {
    // With several accounts in one run, a workspace header also says whose it is.
    const within = scope.within === undefined ? '' : ` in ${printable(scope.within)}`;
    sections.push(block(`${scopeHeading(scope)}${within}`, scope.items, c));
  }
  if (plan.notes.length > 0) {
    sections.push([c.bold('Notes:'), ...plan.notes.map((note) => `  • ${printable(note.message)}`)]);
  }
  if (plan.notices && plan.notices.length > 0) {
    sections.push([c.bold(`${NOTICES_HEADING}:`), ...plan.notices.map((n) => `  • ${printable(n.message)}`)]);
  }
  if (!plan.policy.ok) {
    sections.push([
      c.red(c.bold('Blocked by policy (exit 3): apply would refuse this plan.')),
      ...plan.policy.violations.map((v) => `  ${c.red('✗')} ${printable(v.message)}`),
    ]);
  }
  if (options.suggestions) sections.push(suggestionsText(options.suggestions, c.bold));
  const totals = [c.bold(summarySentence(plan.summary, plan.notes))];
  const estimate = estimateSentence(plan.estimate);
  if (estimate !== null) totals.push(`${estimate[0]!.toUpperCase()}${estimate.slice(1)}.`);
  sections.push(totals);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
