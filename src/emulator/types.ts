// The emulator's public contract: seed state shape, options, request log entries, fault settings.
import {
  OPERATIONS,
  OPERATION_FACTS,
  type AccountRole,
  type GroupRole,
  type GroupSource,
  type Operation,
  type ProjectRole,
  type SyncStatus,
  type WorkspaceListRole,
} from '../api/index.js';
import type { SeedImsClient } from './ims.js';

/** The limits the emulator enforces unless `EmulatorOptions.limits` says otherwise: the documented ones. */
export const DEFAULT_LIMITS = Object.fromEntries(OPERATIONS.map((op) => [op, OPERATION_FACTS[op].limit])) as Readonly<
  Record<Operation, number>
>;

// ---- seed state (the YAML format of examples/emulator-seed.yaml, snake_case like the API) ----

/** A Frame.io identity. `id` null = invited, no Frame.io account yet; `active` false = deactivated. */
export interface SeedUser {
  id: string | null;
  email: string;
  name: string | null;
  active: boolean | null;
  adobe_user_id?: string | null;
  avatar_url?: string | null;
}

export interface SeedWorkspace {
  /** A UUID. */
  id: string;
  name: string;
  /** ISO timestamp; derived from the workspace's position when absent. */
  created_at?: string;
  /** email -> the role the workspace listing shows (`admin`/`owner` rows stand for account admins). */
  users?: Record<string, WorkspaceListRole>;
  /** The workspace's projects (listings sort them; seed order is kept by toInput). */
  projects?: SeedProject[];
  /** Group grants: group name (or id, when names repeat) -> role. */
  groups?: Record<string, GroupRole>;
}

/** A project of a workspace. Its `users` are direct grants; what it inherits follows `project_listing`. */
export interface SeedProject {
  /** A UUID, unique in its account. */
  id: string;
  name: string;
  /** Only invitees, the owner and account admins see a restricted project. Default false. */
  restricted?: boolean;
  /**
   * false: every project answer leaves the `restricted` key out (the API documents it as optional),
   * so a client's "unknown" path can be tried. Default true.
   */
  restricted_in_listing?: boolean;
  /** Default active. */
  status?: 'active' | 'inactive';
  /** ISO timestamp; derived from the project's position when absent. */
  created_at?: string;
  /** email -> direct project grant. Each must be a user of the account. */
  users?: Record<string, ProjectRole>;
  /** Group grants: group name (or id, when names repeat) -> role. */
  groups?: Record<string, GroupRole>;
}

/** A Frame.io group of an account (`GroupCommon`). */
export interface SeedGroup {
  /** A UUID, unique in its account. */
  id: string;
  /** 1-255 characters. Two groups may share a name (the API does not say names are unique). */
  name: string;
  /** Default `frame`. Only `frame` groups take member changes through the API. */
  source?: GroupSource;
  /** Default `busts_in_silhouette`. */
  emoji?: string;
  /** `adobe` groups only; default `completed`. */
  sync_status?: SyncStatus;
  /** ISO timestamp; derived from the group's position when absent. */
  created_at?: string;
  /** Emails of its members, each a user with a role in the account. */
  members?: string[];
}

/**
 * What `project_user_roles.index` lists (the real API's behaviour is not documented):
 * `direct`, only direct grants; `inherited`, also account admins and the owner (as `admin`/`owner`
 * rows) and, on unrestricted projects, each workspace member at the higher of the workspace role
 * and any direct grant.
 */
export type ProjectListing = 'direct' | 'inherited';

export interface SeedAccount {
  /**
   * A Frame.io UUID, or `adobe:<org id>` for an Adobe-managed account. An `adobe:` account is
   * given a stable derived UUID as its `Account.id` (the schema says uuid) and answers under both.
   */
  id: string;
  display_name: string;
  /** IMS org id; taken from an `adobe:` id when absent. */
  adobe_id?: string | null;
  created_at?: string;
  /** email -> account role; null is allowed because the API may list a null role. */
  users?: Record<string, AccountRole | null>;
  /** The account's groups; workspaces and projects grant them roles by name. */
  groups?: SeedGroup[];
  workspaces?: SeedWorkspace[];
}

export interface EmulatorStateInput {
  /** bearer token -> email of the user it acts as. */
  tokens: Record<string, string>;
  users: SeedUser[];
  accounts: SeedAccount[];
  /** Default `direct`. Under `inherited` a project listing also shows access through group grants. */
  project_listing?: ProjectListing;
  /**
   * false: every experimental endpoint (group members, group grants) answers 404, as for an account
   * the experimental API is not offered to. Default true.
   */
  experimental?: boolean;
  /** Credentials the IMS stand-in (/ims/...) knows. */
  ims_clients?: SeedImsClient[];
  /** Emulated seconds an IMS access token lasts (default 86399, IMS's 24 h). */
  ims_token_lifetime?: number;
}

// ---- request log ----

export type FaultKind = 'status' | 'drop' | 'rate_limit';

export interface InjectedFault {
  kind: FaultKind;
  /** The status answered (0 for a dropped connection). */
  status: number;
  /** `rule` for a deterministic "next N" rule, `rate` for a share-based fault. */
  source: 'rule' | 'rate';
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Decoded path, without the query. */
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** The token's user; null for a missing or unknown token. Never the token itself. */
  userEmail: string | null;
  /** The parsed request body (undefined when there was none or it was not JSON). */
  body: unknown;
  /** null for an unknown route; the operation of the path also when `experimental: false` hides it. */
  operation: Operation | null;
  /** The `api-version` header as sent; null without one. */
  apiVersion: string | null;
  fault?: InjectedFault;
}

// ---- faults ----

export interface FaultRule {
  kind: FaultKind;
  /** How many more matching requests this rule answers. */
  remaining: number;
  /** Upper-case method; any when absent. */
  method?: string;
  /** Matched against the decoded path; any when absent. */
  path?: RegExp;
  /** For `status`: 500, 502, 503, or any other. For `rate_limit` always 429. */
  status?: number;
  /** For `rate_limit`: a Retry-After header in seconds (the real API documents none). */
  retryAfterSeconds?: number;
}

export interface FaultConfig {
  /** Added to every answer, in real milliseconds. */
  latencyMs?: number;
  /** Share (0..1) of requests answered with one of `errorStatuses`. */
  errorRate?: number;
  /** Default [500, 502, 503]. */
  errorStatuses?: number[];
  /** Share (0..1) of requests whose connection is dropped without an answer. */
  dropRate?: number;
  /** Deterministic rules, checked in order before the shares. */
  rules?: FaultRule[];
}

/** What a request must match to be hit by a "next N" fault. */
export interface FaultMatch {
  method?: string;
  path?: RegExp | string;
}

// ---- options ----

export interface EmulatorOptions {
  /** The seed: an object, or the path of a YAML file. */
  state: EmulatorStateInput | string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** 60 = one emulated minute passes in one real second. Default 1. */
  timeScale?: number;
  /** Per-operation limits per emulated minute (every operation of src/api is served). */
  limits?: Partial<Record<Operation, number>>;
  faults?: FaultConfig;
  /** Seed of the PRNG behind share-based faults. Default 1. */
  seed?: number;
  /** Clock in real milliseconds, for tests that move time by hand. Default Date.now. */
  now?: () => number;
  /** Emulated seconds an IMS access token lasts; overrides the seed's `ims_token_lifetime`. */
  imsTokenLifetime?: number;
}
