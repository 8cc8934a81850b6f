// What rolesync's Markdown for GitHub shares (a plan's pull-request comment, a drift report's issue):
// escaping names, the scope titles, and the size cap past which tables give way to counts.
import { printable } from '../names.js';
import { CREATED_BY_PLAN, type RenderContext, type Scope } from './group.js';

export interface CommentOptions extends RenderContext {
  /** The heading; the command (`rolesync plan`, `rolesync drift`) by default. */
  title?: string;
  /**
   * Past this many characters the tables give way to per-scope counts (GitHub refuses comments and
   * issue bodies over 65,536 characters); `--format text` and the JSON list every one. Default 60,000.
   */
  maxChars?: number;
}

const MAX_CHARS = 60_000;

/** The full document when it fits the cap, else its compact form (counts per scope, no tables). */
export function fitted(render: (compact: boolean) => string, options: CommentOptions): string {
  const full = render(false);
  if (full.length <= (options.maxChars ?? MAX_CHARS)) return full;
  return render(true);
}

/**
 * Escapes text from names and emails for Markdown inline context, table cells included: a `|`
 * would split the cell, `*` `_` `~` would format, `<` `&` would start HTML. Newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  // An `@` that starts a word would mention (notify) a GitHub user; inside an email it does not.
  return printable(
    text
      .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
      .replace(/(^|\W)@/g, '$1\\@')
      .replace(/\s*[\r\n]+\s*/g, ' '),
  );
}

/** Inside `<summary>` Markdown is not parsed, so names are HTML-escaped instead. */
export function escapeHtml(text: string): string {
  return printable(
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/@/g, '&#64;')
      .replace(/\s*[\r\n]+\s*/g, ' '),
  );
}

/**
 * `Workspace Color (`id`) in Acme Post` for a heading or a line of counts; `within` only if asked. A
 * Frame.io group the plan creates has no id yet: `Frame.io group Post Team (created by this plan)`.
 */
export function scopeTitle(scope: Scope<unknown>, showWithin: boolean): string {
  const name = scope.name === null ? '' : `${escapeMarkdown(scope.name)} `;
  const within = showWithin && scope.within !== undefined ? ` in ${escapeMarkdown(scope.within)}` : '';
  const id = scope.created ? `(${CREATED_BY_PLAN})` : `(\`${scope.id}\`)`;
  return `${scope.kind} ${name}${id}${within}`;
}
