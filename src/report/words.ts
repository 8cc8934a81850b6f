// The report's words that every format shares (text, Markdown, CSV, HTML): flag names, where a role
// comes from, a scope's title, and the summary, activity and expiry lines.
import { counted } from '../plural.js';
import { REPORT_FLAGS, type Report, type ReportFlag, type ReportRow, type ReportSource } from './types.js';

/** The summary's words for a count of rows with each flag: one, many. */
const FLAG_COUNTED: Record<ReportFlag, [string, string]> = {
  undeclared: ['row not in the manifest', 'rows not in the manifest'],
  no_effect: ['grant with no effect', 'grants with no effect'],
  redundant_admin_grant: ['account admin with a redundant grant', 'account admins with a redundant grant'],
  inactive_with_grant: [
    'deactivated or invited user still holding a grant',
    'deactivated or invited users still holding a grant',
  ],
  ending_soon: ['grant ending soon', 'grants ending soon'],
  expired: ['ended grant still live', 'ended grants still live'],
};

export const FLAG_WORDS: Record<ReportFlag, string> = {
  undeclared: 'not in the manifest',
  no_effect: 'grant with no effect',
  redundant_admin_grant: 'account admin with a redundant grant',
  inactive_with_grant: 'deactivated or invited, still holds a grant',
  ending_soon: 'ends soon',
  expired: 'grant ended, still live',
};

/** "account admin", "workspace role editor", "group Post Team: viewer (from the workspace)". */
export function sourceLabel(s: ReportSource, scope: ReportRow['scope']): string {
  const from = scope === 'project' && s.on === 'workspace' ? ' (from the workspace)' : '';
  switch (s.kind) {
    case 'owner':
      return 'account owner';
    case 'account_admin':
      return 'account admin';
    case 'workspace_role':
      return `workspace role ${s.role}${from}`;
    case 'project_grant':
      return `project grant ${s.role}`;
    case 'frameio_group':
      return `group ${s.group_name ?? s.group_id ?? '?'}: ${s.role}${from}`;
  }
}

export function scopeTitle(r: ReportRow): string {
  const account = r.account_name ?? r.account_id;
  if (r.scope === 'workspace') return `${account} / ${r.workspace_name}`;
  const restricted = r.restricted === true ? ' (restricted)' : r.restricted === null ? ' (restricted: not said)' : '';
  return `${account} / ${r.workspace_name} / ${r.project_name ?? r.project_id}${restricted}`;
}

function flagSummary(report: Report): string {
  const parts = REPORT_FLAGS.filter((f) => report.summary.flags[f] > 0).map((f) =>
    counted(report.summary.flags[f], FLAG_COUNTED[f][0], FLAG_COUNTED[f][1]),
  );
  return parts.length > 0 ? parts.join(', ') : 'no flags';
}

/** One line per account about last activity: how far the log reaches, or why it was not read. */
export function activityLines(report: Report): string[] {
  return report.accounts.flatMap((a) => {
    const name = a.name ?? a.id;
    const groups = a.groups_read
      ? []
      : [
          `Frame.io groups in ${name}: not read, so access through them is not shown (--groups, or a manifest with experimental: [frameio_groups])`,
        ];
    return [...groups, activityLine(a, name)];
  });
}

function activityLine(a: Report['accounts'][number], name: string): string {
  {
    if (!a.activity.available) return `Last activity in ${name}: unavailable: ${a.activity.note ?? 'not read'}`;
    const note = a.activity.note ? `; ${a.activity.note}` : '';
    return (
      `Last activity in ${name}: user_login events since ${a.activity.since} (the audit log reaches back ` +
      `${a.activity.days} days; older logins show as none), ${counted(a.activity.calls, 'audit-log call')}${note}`
    );
  }
}

/** Said only without a manifest: with one, each row shows its end. */
export function expiryLine(report: Report): string {
  return report.expiry_supported
    ? ''
    : 'Expiry: none shown: live state has no expiry; report on a manifest to see when its grants end.';
}

export function summaryLine(report: Report): string {
  const s = report.summary;
  return `${counted(s.rows, 'row')}: ${counted(s.users, 'user')} in ${counted(s.scopes, 'scope')}; ${flagSummary(report)}`;
}
