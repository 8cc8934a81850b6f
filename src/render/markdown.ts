// Renders a plan as a pull-request comment: a findable marker, the verdict first, then one table per scope.
import type { Change, Plan } from '../plan/types.js';
import { heldBack } from '../plan/index.js';
import { escapeHtml, escapeMarkdown, fitted, scopeTitle, type CommentOptions } from './comment.js';
import { CREATED_BY_PLAN, groupChanges, kindOf, scopeList, type Scope } from './group.js';
import { assertNever } from '../never.js';
import { roleLabel } from './labels.js';
import {
  estimateSentence,
  expiredOn,
  NO_CHANGES_HEAD,
  NOTICES_HEADING,
  noChangesDetail,
  summarySentence,
} from './sentences.js';
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

/** A group grant's subject cell: `group **Post Team**`, with "(created by this plan)" for a new group. */
function groupCell(change: { group_id: string | null; group_name: string }): string {
  const created = change.group_id === null ? ` (${CREATED_BY_PLAN})` : '';
  return `group **${escapeMarkdown(change.group_name)}**${created}`;
}

function row(change: Change): string {
  const expired = expiredOn(change);
  const cells = roleRow(change);
  // A change made because its grant ended says so in its last cell.
  return expired === null ? cells : `${cells.slice(0, -2)} (${expired}) |`;
}

function roleRow(change: Change): string {
  switch (change.action) {
    case 'set_project_restricted':
      return `| \`~\` | *restricted* (project setting) | ${change.from} | ${change.to} |`;
    case 'create_frameio_group':
      return `| \`+\` | *new group* (emoji ${escapeMarkdown(change.emoji)}) | — | ${change.to} |`;
    case 'set_account_role':
      return `| \`~\` | ${escapeMarkdown(change.email)} | ${roleLabel(change.from)} | ${change.to} |`;
    case 'set_workspace_role':
    case 'set_project_role':
      return change.from === null
        ? `| \`+\` | ${escapeMarkdown(change.email)} | — | ${change.to} |`
        : `| \`~\` | ${escapeMarkdown(change.email)} | ${change.from} | ${change.to} |`;
    case 'add_frameio_group_member':
      return `| \`+\` | ${escapeMarkdown(change.email)} | — | ${change.to} |`;
    case 'set_workspace_group_role':
    case 'set_project_group_role':
      return change.from === null
        ? `| \`+\` | ${groupCell(change)} | — | ${change.to} |`
        : `| \`~\` | ${groupCell(change)} | ${change.from} | ${change.to} |`;
    case 'remove_workspace_user':
    case 'remove_project_user':
    case 'remove_frameio_group_member':
      return `| \`-\` | ${escapeMarkdown(change.email)} | ${change.from} | — |`;
    case 'remove_workspace_group':
    case 'remove_project_group':
      return `| \`-\` | ${groupCell(change)} | ${change.from} | — |`;
    default:
      return assertNever(change, 'change action');
  }
}

/** The subject column's heading: a group's members, or who holds the roles of a scope. */
function subjectHeading(scope: Scope<Change>): string {
  if (scope.kind === 'Frame.io group') return 'member';
  return scope.items.some((c) => 'group_name' in c) ? 'user or group' : 'user';
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
  const table = [`| | ${subjectHeading(scope)} | from | to |`, '|---|---|---|---|', ...scope.items.map(row)];
  if (!fold) return [`#### ${scopeTitle(scope, true)}`, '', ...table];
  const name = scope.name === null ? '' : `<b>${escapeHtml(scope.name)}</b> `;
  const within = scope.within === undefined ? '' : ` in ${escapeHtml(scope.within)}`;
  const id = scope.created ? `(${CREATED_BY_PLAN})` : `(<code>${escapeHtml(scope.id)}</code>)`;
  const summary = `${scope.kind} ${name}${id}${within}: ${counts(scope.items)}`;
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
  if (plan.notices && plan.notices.length > 0) {
    sections.push([`#### ${NOTICES_HEADING}`, '', ...plan.notices.map((n) => `- ${escapeMarkdown(n.message)}`)]);
  }
  if (options.suggestions) sections.push(suggestionsMarkdown(options.suggestions, compact));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
