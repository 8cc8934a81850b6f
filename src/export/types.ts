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
  /** The workspaces (and projects) and roles the members share, for the comment above the group. */
  shares: { workspace: string; project?: string; role: string }[];
}

/** A group's role in one workspace or project. */
export interface ExportGroupGrant {
  group: string;
  role: string;
}

/** A member of a Frame.io group: listed under `members`, or a comment saying why not. */
export interface ExportMember {
  /** Lower-cased. */
  email: string;
  listed: boolean;
  /** Why the line is a comment, or a remark after a listed line (deactivated). */
  remark?: string;
}

/** A Frame.io group of the account (`export --groups`), keyed under the top-level `frameio_groups:`. */
export interface ExportFrameioGroup {
  id: string;
  /** The live name. */
  name: string;
  /** The key: the name, or `Name (id)` when names repeat (the pinned id is what matches). */
  key: string;
  /** As the API spells it: `frame`, or where the group is synced from (`adobe`, `workfront`). */
  source: string;
  /** Comments above the group (synced from where, why additive, why no members). */
  remarks: string[];
  /**
   * A `frame` group's members, sorted by email. `mode` null: nobody rolesync can list, so no
   * `members:` key (the lines are comments) and the membership is not managed. Undefined for a
   * synced group: written by its id alone, it only receives grants.
   */
  members?: { mode: Mode | null; lines: ExportMember[] };
}

/** A Frame.io group's grant on a workspace or project: `group: role` under its `frameio_groups:`, or a comment. */
export interface ExportFrameioGrant {
  /** The group's key under the top-level `frameio_groups:`, or its id when the listing does not show it. */
  group: string;
  role: string;
  listed: boolean;
  /** Why the grant is a comment. */
  remark?: string;
}

export interface ExportProject {
  id: string;
  /** The live name. */
  name: string;
  /** The key under `projects:`: the name, or `Name (id)` when names repeat in the workspace. */
  key: string;
  mode: Mode;
  /** As live says; null (unknown) is not written. */
  restricted: boolean | null;
  /** Comments above the project (why it is additive, why its key is not its name). */
  remarks: string[];
  /** The direct grants only, sorted by email. */
  users: ExportLine[];
  /** Sorted by group name. */
  groups: ExportGroupGrant[];
  /** Frame.io group grants, sorted by group key; undefined when groups were not exported. */
  frameioGroups?: ExportFrameioGrant[];
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
  groups: ExportGroupGrant[];
  /** Frame.io group grants, sorted by group key; undefined when groups were not exported. */
  frameioGroups?: ExportFrameioGrant[];
  /** Sorted by name, then id; undefined when projects were not exported. */
  projects?: ExportProject[];
}

export interface ExportModel {
  accountId: string;
  accountName: string | null;
  /** Sorted by email. */
  accountUsers: ExportLine[];
  /** Empty unless groups were inferred. */
  groups: ExportGroup[];
  /** The account's Frame.io groups, sorted by key; undefined when they were not exported (`--groups`). */
  frameioGroups?: ExportFrameioGroup[];
  minAdmins: number;
  /** Sorted by name, then id. */
  workspaces: ExportWorkspace[];
}
