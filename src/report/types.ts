// The access report as data (`rolesync report`): one row per user and scope with the effective role,
// its sources, whether the manifest manages it, and flags. Every renderer (text, Markdown, CSV, JSON,
// and later HTML) reads only this; the JSON format is this object as is (schemas/report.schema.json).

/** Where a user's access to a scope comes from. */
export type SourceKind = 'owner' | 'account_admin' | 'workspace_role' | 'project_grant' | 'frameio_group';

export interface ReportSource {
  kind: SourceKind;
  /** The role this source gives, as the API spells it (`owner` and `admin` for the account's). */
  role: string;
  /** Where the grant sits: the account, the workspace (also when a project inherits it), or the project. */
  on: 'account' | 'workspace' | 'project';
  /** A `frameio_group` source's group; null for the others. */
  group_id: string | null;
  group_name: string | null;
}

/**
 * - `undeclared`: a source the manifest does not declare (only with a manifest; the owner's excepted).
 * - `no_effect`: a project grant at or below what the user inherits there (unrestricted project), or
 *   any project grant of an account admin or the owner.
 * - `redundant_admin_grant`: an account admin (or the owner) who also holds a workspace or project role.
 * - `inactive_with_grant`: a deactivated or invited user who still holds a grant.
 * - `ending_soon`: the managed access ends (`expires`) after `now`, within the account's `policy.expiry_notice`.
 * - `expired`: a live source whose every manifest grant has ended (the next apply takes it away).
 */
export const REPORT_FLAGS = [
  'undeclared',
  'no_effect',
  'redundant_admin_grant',
  'inactive_with_grant',
  'ending_soon',
  'expired',
] as const;
export type ReportFlag = (typeof REPORT_FLAGS)[number];

export type UserStatus = 'active' | 'deactivated' | 'invited' | 'unknown';

export interface ReportRow {
  account_id: string;
  account_name: string | null;
  scope: 'workspace' | 'project';
  workspace_id: string;
  workspace_name: string;
  /** null on a workspace row. */
  project_id: string | null;
  project_name: string | null;
  /** A project's setting; null on a workspace row or when Frame.io does not say. */
  restricted: boolean | null;
  /** null for an invited user (no Frame.io account yet). */
  user_id: string | null;
  email: string;
  name: string | null;
  status: UserStatus;
  account_role: string | null;
  /** The effective role: the highest of the sources. */
  role: string;
  /** Highest first. */
  sources: ReportSource[];
  /**
   * Whether the manifest declares a source that gives the effective role; null without a manifest
   * (`--account`). A source it does not declare (the owner's excepted) flags the row `undeclared`.
   */
  managed: boolean | null;
  /**
   * When the managed access ends (ISO 8601): the latest end of the manifest grants that give the
   * effective role (through a group: the grant's or the membership's, whichever is first); null when
   * one of them never ends, nothing is managed, or without a manifest (live state has no expiry).
   */
  expires: string | null;
  /** The user's latest `user_login` in the audit log (ISO 8601); null when none was found or not read. */
  last_login: string | null;
  flags: ReportFlag[];
}

/** What the audit log told about logins, per account. */
export interface ReportActivity {
  available: boolean;
  /** Why not available, or what limits it (a page cap reached); null when all is well. */
  note: string | null;
  /** The oldest time looked at (ISO 8601): the log's reach. */
  since: string | null;
  days: number;
  /** Audit-log calls made. */
  calls: number;
}

export interface ReportAccount {
  id: string;
  name: string | null;
  /** Whether its Frame.io groups were read (false: access through groups is not in the rows). */
  groups_read: boolean;
  activity: ReportActivity;
}

export interface Report {
  version: 1;
  /** The `now` the report was made for (ISO 8601). */
  generated_at: string;
  /** `manifest`: the scopes of the manifest at `path`; `account`: every workspace of one account. */
  source: { kind: 'manifest'; path: string } | { kind: 'account'; account_id: string };
  /** Whether rows carry the manifest's expiry (false with `--account`: live state has none, `expires` is null). */
  expiry_supported: boolean;
  accounts: ReportAccount[];
  /** Sorted by account, workspace, project (its workspace's row first), then email. */
  rows: ReportRow[];
  summary: { rows: number; users: number; scopes: number; flags: Record<ReportFlag, number> };
}
