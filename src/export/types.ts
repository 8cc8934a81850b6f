// The exported manifest as data, before it is written as YAML: every entry either listed (it becomes
// a manifest key) or shown as a comment (what rolesync cannot or should not manage), with the why.
import type { Mode } from '../manifest/types.js';

export interface ExportLine {
  /** Lower-cased. */
  email: string;
  /** The live role, as the line shows it. */
  role: string;
  /** false: written as a YAML comment, never as a key (owner, reviewers, account-admin rows, ...). */
  listed: boolean;
  /** Why the line is a comment, or a remark after a listed line (invited, deactivated). */
  remark?: string;
}

export interface ExportGroup {
  name: string;
  /** Sorted emails. */
  members: string[];
  /** The workspaces and roles the members share, for the comment above the group. */
  shares: { workspace: string; role: string }[];
}

export interface ExportWorkspace {
  id: string;
  /** The live name. */
  name: string;
  /** The key under `workspaces:`: the name, or a unique stand-in when names repeat. */
  key: string;
  mode: Mode;
  /** Comments above the workspace (why it is additive, why its key is not its name). */
  remarks: string[];
  /** Sorted by email. */
  users: ExportLine[];
  /** group name -> role, sorted by name. */
  groups: { group: string; role: string }[];
}

export interface ExportModel {
  accountId: string;
  accountName: string | null;
  /** Sorted by email. */
  accountUsers: ExportLine[];
  /** Empty unless groups were inferred. */
  groups: ExportGroup[];
  minAdmins: number;
  /** Sorted by name, then id. */
  workspaces: ExportWorkspace[];
}
