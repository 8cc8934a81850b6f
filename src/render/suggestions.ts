// Renders `plan --suggest-groups`: the clusters of users one Frame.io group would serve, with the
// calls and time it saves, as a section of the text plan, of the Markdown comment, and as the JSON
// plan's `suggestions` key. Advice beside the plan, never part of it.
import { projectTitle, printable } from '../names.js';
import { aboutDuration } from '../plan/estimate.js';
import type { GroupSuggestion, GroupSuggestions, SuggestedGrant } from '../plan/suggest-groups.js';
import type { Plan } from '../plan/types.js';
import { counted } from '../plural.js';
import { escapeMarkdown } from './comment.js';
import { renderJson } from './json.js';

/** Past these, a line names the first few and counts the rest (JSON lists every one). */
const SHOW_USERS = 5;
const SHOW_GRANTS = 4;

const HOW_TO =
  'To use one: declare the group under frameio_groups: (with experimental: [frameio_groups]), list the users ' +
  'as its members and grant it the role where they have it. rolesync does not restructure access on its own.';
const HOW_TO_MD =
  'To use one: declare the group under `frameio_groups:` (with `experimental: [frameio_groups]`), list the ' +
  'users as its members and grant it the role where they have it. rolesync does not restructure access on its own.';

function grantWords(g: SuggestedGrant): string {
  const scope = g.project_name === undefined ? g.workspace_name : projectTitle(g.workspace_name, g.project_name);
  return `${scope}: ${g.role}`;
}

/** `a, b, c and 4 more`. */
function firstOf(items: readonly string[], show: number): string {
  const shown = items.slice(0, show).join(', ');
  return items.length > show ? `${shown} and ${items.length - show} more` : shown;
}

function groupCalls(s: GroupSuggestion): string {
  const { via_group: via } = s;
  return (
    `${counted(via.calls, 'call')} (1 create, ${counted(via.member_adds, 'member add')}, ` +
    `${counted(via.grants, 'grant')})`
  );
}

/** `4984 calls and about 8 h 19 min`: the time only when the rate limits make one. */
function saved(s: GroupSuggestion): string {
  const time = s.saved_seconds > 0 ? ` and ${aboutDuration(s.saved_seconds)}` : '';
  return `${counted(s.saved_calls, 'call')}${time}`;
}

function heading(s: GroupSuggestion): string {
  return `${counted(s.users.length, 'user')} with the same ${counted(s.grants.length, 'grant')}`;
}

/** The text plan's section. `bold` colours the heading (or not). */
export function suggestionsText(suggestions: GroupSuggestions, bold: (text: string) => string): string[] {
  const title = bold('Group suggestions (--suggest-groups; advice, not part of the plan):');
  if (suggestions.clusters.length === 0) {
    return [title, '  None: no users share the same grants widely enough for one Frame.io group to save calls.'];
  }
  const lines = [title];
  for (const s of suggestions.clusters) {
    lines.push(
      `  • ${heading(s)}: ${printable(firstOf(s.grants.map(grantWords), SHOW_GRANTS))}`,
      `    users: ${printable(firstOf(s.users, SHOW_USERS))}`,
      `    user by user ${counted(s.per_user.calls, 'call')}, ${aboutDuration(s.per_user.min_seconds)}; one ` +
        `Frame.io group ${groupCalls(s)}, ${aboutDuration(s.via_group.min_seconds)}: saves ${saved(s)}`,
    );
  }
  if (suggestions.left_out > 0) lines.push(`  (${counted(suggestions.left_out, 'smaller cluster')} not shown)`);
  lines.push(`  ${HOW_TO}`);
  return lines;
}

/** The Markdown comment's section; `compact` (a comment past its size cap) counts instead. */
export function suggestionsMarkdown(suggestions: GroupSuggestions, compact: boolean): string[] {
  const title = '#### Group suggestions';
  const { clusters } = suggestions;
  if (clusters.length === 0) {
    return [title, '', 'None: no users share the same grants widely enough for one Frame.io group to save calls.'];
  }
  const intro = 'Advice, not part of the plan: where one Frame.io group grant would replace identical user grants.';
  if (compact) {
    const saved = clusters.reduce((sum, s) => sum + s.saved_calls, 0);
    return [
      title,
      '',
      `${intro} ${counted(clusters.length, 'cluster')} would save ${counted(saved, 'call')}: see ` +
        '`rolesync plan --suggest-groups --format text`.',
    ];
  }
  const rows = clusters.map(
    (s) =>
      `| ${escapeMarkdown(firstOf(s.users, SHOW_USERS))} (${s.users.length}) | ` +
      `${escapeMarkdown(firstOf(s.grants.map(grantWords), SHOW_GRANTS))} | ` +
      `${counted(s.per_user.calls, 'call')}, ${aboutDuration(s.per_user.min_seconds)} | ` +
      `${counted(s.via_group.calls, 'call')}, ${aboutDuration(s.via_group.min_seconds)} | ${saved(s)} |`,
  );
  const more = suggestions.left_out > 0 ? ['', `${counted(suggestions.left_out, 'smaller cluster')} not shown.`] : [];
  return [
    title,
    '',
    intro,
    '',
    '| users | the same grants | user by user | one group | saved |',
    '|---|---|---|---|---|',
    ...rows,
    ...more,
    '',
    HOW_TO_MD,
  ];
}

/** The JSON plan's `suggestions`, keys in a fixed order. */
export function suggestionsJson(suggestions: GroupSuggestions): Record<string, unknown> {
  return {
    clusters: suggestions.clusters.map((s) => ({
      account_id: s.account_id,
      users: s.users,
      grants: s.grants.map(({ account_id, workspace_id, workspace_name, project_id, project_name, role }) => ({
        account_id,
        workspace_id,
        workspace_name,
        project_id,
        project_name,
        role,
      })),
      per_user: { calls: s.per_user.calls, min_seconds: s.per_user.min_seconds },
      via_group: {
        calls: s.via_group.calls,
        min_seconds: s.via_group.min_seconds,
        create: s.via_group.create,
        member_adds: s.via_group.member_adds,
        grants: s.via_group.grants,
      },
      saved_calls: s.saved_calls,
      saved_seconds: s.saved_seconds,
    })),
    left_out: suggestions.left_out,
  };
}

/** The plan's JSON document with `suggestions` after its own keys (renderJson appends keys it does not know, sorted). */
export function renderJsonWithSuggestions(plan: Plan, suggestions: GroupSuggestions): string {
  const document: Plan & { suggestions: unknown } = { ...plan, suggestions: suggestionsJson(suggestions) };
  return renderJson(document);
}
