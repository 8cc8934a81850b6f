// Renders a plan for a terminal: `+ ~ -` lines grouped by account, workspace and project, notes, policy, totals.
import pc from 'picocolors';
import type { Change, Plan } from '../plan/types.js';
import { isUserChange } from '../plan/order.js';
import { groupChanges, scopeList, type RenderContext } from './group.js';
import { printable, scopeLabel } from '../names.js';
import { assertNever } from '../never.js';
import { roleLabel } from './labels.js';
import { estimateSentence, summarySentence } from './sentences.js';
import type { GroupSuggestions } from '../plan/suggest-groups.js';
import { suggestionsText } from './suggestions.js';

export interface TextOptions extends RenderContext {
  /** Decide with `shouldColor(process.stdout, process.env)`. */
  color: boolean;
  /** `plan --suggest-groups`: a section of advice before the totals. */
  suggestions?: GroupSuggestions;
}

type Colors = ReturnType<typeof pc.createColors>;

function changeLine(change: Change, emailWidth: number, c: Colors): string {
  if (change.action === 'set_project_restricted') {
    return `  ${c.yellow('~')} restricted: ${change.from} → ${change.to}`;
  }
  const email = printable(change.email).padEnd(emailWidth);
  switch (change.action) {
    case 'set_account_role':
      return `  ${c.yellow('~')} ${email}  ${roleLabel(change.from)} → ${change.to}`;
    case 'set_workspace_role':
    case 'set_project_role':
      return change.from === null
        ? `  ${c.green('+')} ${email}  ${change.to}`
        : `  ${c.yellow('~')} ${email}  ${change.from} → ${change.to}`;
    case 'remove_workspace_user':
    case 'remove_project_user':
      return `  ${c.red('-')} ${email}  ${change.from}`;
    default:
      return assertNever(change, 'change action');
  }
}

// Emails padded to the widest in their block, so the role column lines up.
function block(header: string, changes: readonly Change[], c: Colors): string[] {
  const width = Math.max(0, ...changes.map((change) => (isUserChange(change) ? printable(change.email).length : 0)));
  return [c.bold(header), ...changes.map((change) => changeLine(change, width, c))];
}

export function renderText(plan: Plan, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const sections: string[][] = [];
  for (const scope of scopeList(groupChanges(plan.changes, options))) {
    // With several accounts in one run, a workspace header also says whose it is.
    const within = scope.within === undefined ? '' : ` in ${printable(scope.within)}`;
    sections.push(block(`${scope.kind} ${scopeLabel(scope.id, scope.name)}${within}`, scope.items, c));
  }
  if (plan.notes.length > 0) {
    sections.push([c.bold('Notes:'), ...plan.notes.map((note) => `  • ${printable(note.message)}`)]);
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
