// Renders a plan as a pull-request comment: a findable marker, the verdict first, then one table per scope.
import type { Change, Plan } from '../plan/types.js';
import { heldBack } from '../plan/index.js';
import { escapeHtml, escapeMarkdown, fitted, scopeTitle, type CommentOptions } from './comment.js';
import { groupChanges, kindOf, scopeList, type Scope } from './group.js';
import { assertNever } from '../never.js';
import { roleLabel } from './labels.js';
import { estimateSentence, NO_CHANGES_HEAD, noChangesDetail, summarySentence } from './sentences.js';
import type { GroupSuggestions } from '../plan/suggest-groups.js';
import { suggestionsMarkdown } from './suggestions.js';

export type MarkdownOptions = CommentOptions & {
  /** `plan --suggest-groups`: a section of advice after the notes. */
  suggestions?: GroupSuggestions;
};

/** First line of every comment: a CI job finds its one comment by it and edits it in place. */
export const MARKDOWN_MARKER = '<!-- rolesync-plan -->';

// Past these sizes a comment becomes a wall: tables fold into <details> (per workspace or project, or all).
const FOLD_SCOPE_OVER = 20;
const FOLD_PLAN_OVER = 50;
const FOLD_NOTES_OVER = 10;

function row(change: Change): string {
  if (change.action === 'set_project_restricted') {
    return `| \`~\` | *restricted* (project setting) | ${change.from} | ${change.to} |`;
  }
  const email = escapeMarkdown(change.email);
  switch (change.action) {
    case 'set_account_role':
      return `| \`~\` | ${email} | ${roleLabel(change.from)} | ${change.to} |`;
    case 'set_workspace_role':
    case 'set_project_role':
      return change.from === null
        ? `| \`+\` | ${email} | — | ${change.to} |`
        : `| \`~\` | ${email} | ${change.from} | ${change.to} |`;
    case 'remove_workspace_user':
    case 'remove_project_user':
      return `| \`-\` | ${email} | ${change.from} | — |`;
    default:
      return assertNever(change, 'change action');
  }
}

function counts(changes: readonly Change[]): string {
  const n = { add: 0, change: 0, remove: 0 };
  for (const change of changes) n[kindOf(change)] += 1;
  const parts = [n.add && `${n.add} to add`, n.change && `${n.change} to change`, n.remove && `${n.remove} to remove`];
  return parts.filter(Boolean).join(', ');
}

/** A scope as one line of counts: what a comment too long for GitHub shows instead of its table. */
function scopeLine(scope: Scope<Change>): string {
  return `- ${scopeTitle(scope, true)}: ${counts(scope.items)}`;
}

function scopeSection(scope: Scope<Change>, fold: boolean): string[] {
  const table = ['| | user | from | to |', '|---|---|---|---|', ...scope.items.map(row)];
  if (!fold) return [`#### ${scopeTitle(scope, true)}`, '', ...table];
  const name = scope.name === null ? '' : `<b>${escapeHtml(scope.name)}</b> `;
  const within = scope.within === undefined ? '' : ` in ${escapeHtml(scope.within)}`;
  const summary = `${scope.kind} ${name}(<code>${escapeHtml(scope.id)}</code>)${within}: ${counts(scope.items)}`;
  // The blank lines around the table are what makes GitHub parse Markdown inside <details>.
  return ['<details>', `<summary>${summary}</summary>`, '', ...table, '', '</details>'];
}

function verdict(plan: Plan): string[] {
  if (plan.policy.ok) return ['- ✅ Policy checks pass.'];
  return [
    '- ⛔ **Blocked by policy** (exit 3):',
    ...plan.policy.violations.map((v) => `  - ${escapeMarkdown(v.message)}`),
  ];
}

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  return fitted((compact) => render(plan, options, compact), options);
}

function render(plan: Plan, options: MarkdownOptions, compact: boolean): string {
  const sections: string[][] = [[MARKDOWN_MARKER, `### ${escapeMarkdown(options.title ?? 'rolesync plan')}`]];
  if (plan.changes.length === 0) {
    const mark = heldBack(plan.notes) > 0 ? '⚠️' : '✅';
    sections.push([`${mark} **${NO_CHANGES_HEAD}** ${noChangesDetail(plan.notes)}`]);
    if (!plan.policy.ok) sections.push(verdict(plan));
  } else {
    const summary = [...verdict(plan)];
    const estimate = estimateSentence(plan.estimate);
    if (estimate !== null) summary.push(`- ⏱️ ${estimate[0]!.toUpperCase()}${estimate.slice(1)}.`);
    sections.push([`**${summarySentence(plan.summary)}**`], summary);
    const foldAll = plan.changes.length > FOLD_PLAN_OVER;
    const scopes = scopeList(groupChanges(plan.changes, options));
    if (compact) {
      sections.push([
        `The ${plan.changes.length} changes are too many to list in one comment; the counts per scope follow. ` +
          `The saved plan (\`rolesync plan --out\`) and \`rolesync plan --format text\` list every one.`,
        '',
        ...scopes.map(scopeLine),
      ]);
    } else {
      for (const scope of scopes)
        sections.push(
          scopeSection(scope, foldAll || (scope.kind !== 'Account' && scope.items.length > FOLD_SCOPE_OVER)),
        );
    }
  }
  if (plan.notes.length > 0) {
    const items = plan.notes.map((note) => `- ${escapeMarkdown(note.message)}`);
    sections.push(
      compact
        ? [`#### Notes`, '', `${plan.notes.length} notes: see \`rolesync plan --format text\`.`]
        : plan.notes.length > FOLD_NOTES_OVER
          ? ['<details>', `<summary>Notes (${plan.notes.length})</summary>`, '', ...items, '', '</details>']
          : ['#### Notes', '', ...items],
    );
  }
  if (options.suggestions) sections.push(suggestionsMarkdown(options.suggestions, compact));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
