// One file's plain data -> its part of the desired state, with positions, plus the checks that need
// only that file (emails equal but for case, repeated group members, max_removals range, Frame.io
// groups whose mode has nothing to compare with).
// Defensive on purpose: it also runs on data that failed the schema, skipping what is malformed,
// so that one run reports schema and semantic errors together.
import type { Diagnostic, SourcePos } from '../errors.js';
import { formatPos } from '../errors.js';
import { normalizeEmail } from '../compare.js';
import { isGroupRole, isProjectRole, isSettableAccountRole, isWorkspaceRole } from '../api/index.js';
import { parseDuration, parseMoment } from './expiry.js';
import { parseMaxRemovals } from './max-removals.js';
import { pointerOf, type PositionIndex } from './positions.js';
import {
  DEFAULT_POLICY,
  EXPERIMENTAL_FEATURES,
  type DesiredAccountUser,
  type DesiredFrameioGroup,
  type DesiredFrameioGroupGrant,
  type DesiredGroup,
  type DesiredMember,
  type Expiry,
  type DesiredProject,
  type DesiredWorkspace,
  type ExperimentalFeature,
  type Mode,
  type Policy,
} from './types.js';
import { describePlace } from './where.js';

export interface Located<T> {
  value: T;
  pos: SourcePos;
}

/** What one file says about one account. */
export interface FilePart {
  file: string;
  /** Normalized (UUIDs lower-cased); undefined when the file names no usable account id. */
  accountId?: string;
  /** The `account:` key, or the top of the file. */
  accountPos: SourcePos;
  name?: Located<string>;
  mode?: Located<Mode>;
  users: DesiredAccountUser[];
  groups: DesiredGroup[];
  policy?: Located<Policy>;
  /** The features under `experimental:`, each where it was written. */
  experimental: Located<ExperimentalFeature>[];
  /** The top-level `frameio_groups:`, in the order written. */
  frameioGroups: DesiredFrameioGroup[];
  /** Every `frameio_groups:` key of the file (top level, workspaces, projects): each needs the opt-in. */
  frameioGroupUses: SourcePos[];
  workspaces: DesiredWorkspace[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMode = (v: unknown): v is Mode => v === 'additive' || v === 'authoritative';
const isFeature = (v: unknown): v is ExperimentalFeature => EXPERIMENTAL_FEATURES.some((f) => f === v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The API's `FrameOrAdobeId`, as the schema's `frameOrAdobeId` checks it. */
const FRAME_OR_ADOBE_ID = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|adobe:\S+)$/;

/** UUIDs lower-cased (Frame.io's own spelling); `adobe:` ids are kept as written. */
export function normalizeId(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : id;
}

export function extractFile(
  file: string,
  data: unknown,
  positions: PositionIndex,
): { part: FilePart; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const error = (pos: SourcePos, message: string): void => {
    diagnostics.push({ severity: 'error', pos, message });
  };
  const keyPos = (...segments: string[]): SourcePos => positions.key(pointerOf(segments));
  const valuePos = (...segments: string[]): SourcePos => positions.value(pointerOf(segments));

  const root = isObj(data) ? data : {};
  const account = isObj(root.account) ? root.account : {};
  const part: FilePart = {
    file,
    accountPos: 'account' in root ? keyPos('account') : { file, line: 1, col: 1 },
    users: [],
    groups: [],
    experimental: [],
    frameioGroups: [],
    frameioGroupUses: [],
    workspaces: [],
  };
  if (typeof account.id === 'string' && account.id !== '') part.accountId = normalizeId(account.id);
  if (typeof account.name === 'string') part.name = { value: account.name, pos: keyPos('account', 'name') };
  if (isMode(account.mode)) part.mode = { value: account.mode, pos: keyPos('account', 'mode') };

  /**
   * A grant as written: a role, or `{ role, expires }` (`segments` lead to the value). A bad
   * `expires` is an error at its value; the role is then still read, so other checks run.
   */
  const grantOf = (raw: unknown, segments: string[]): { role: unknown; expires?: Expiry } => {
    if (!isObj(raw)) return { role: raw };
    const expires = expiresOf(raw.expires, [...segments, 'expires']);
    return expires ? { role: raw.role, expires } : { role: raw.role };
  };
  const expiresOf = (raw: unknown, segments: string[]): Expiry | undefined => {
    // Not a string: the schema says so.
    if (typeof raw !== 'string') return undefined;
    const parsed = parseMoment(raw, 'expires');
    if (parsed.ok) return parsed.value;
    error(valuePos(...segments), parsed.message);
    return undefined;
  };
  /** A member-list item: an email, or `{ email, expires }`; null when malformed (the schema says so). */
  const memberOf = (raw: unknown, segments: string[]): { raw: string; expires?: Expiry } | null => {
    if (typeof raw === 'string') return { raw };
    if (!isObj(raw) || typeof raw.email !== 'string') return null;
    const expires = expiresOf(raw.expires, [...segments, 'expires']);
    return expires ? { raw: raw.email, expires } : { raw: raw.email };
  };
  const withExpiry = <T extends object>(value: T, expires: Expiry | undefined): T =>
    expires ? { ...value, expires } : value;

  /** Entries of an email-keyed map, lower-cased; a second spelling of one email is an error. */
  const emailEntries = (
    map: unknown,
    segments: string[],
  ): { email: string; raw: string; role: unknown; expires?: Expiry; pos: SourcePos }[] => {
    if (!isObj(map)) return [];
    const firstSpelling = new Map<string, { raw: string; pos: SourcePos }>();
    const out = [];
    for (const [raw, role] of Object.entries(map)) {
      const email = normalizeEmail(raw);
      const pos = keyPos(...segments, raw);
      const first = firstSpelling.get(email);
      if (first) {
        error(
          pos,
          `duplicate user '${raw}' in ${describePlace(segments)}: emails are case-insensitive and '${first.raw}' ` +
            `is already listed at ${formatPos(first.pos)}`,
        );
        continue;
      }
      firstSpelling.set(email, { raw, pos });
      out.push({ email, raw, pos, ...grantOf(role, [...segments, raw]) });
    }
    return out;
  };

  /**
   * A scope's `frameio_groups:` grants (`segments` lead to the scope's key); null when the key is
   * absent, so that the scope's group grants stay unmanaged.
   */
  const frameioGrants = (spec: Obj, segments: string[]): DesiredFrameioGroupGrant[] | null => {
    if (!('frameio_groups' in spec)) return null;
    part.frameioGroupUses.push(keyPos(...segments, 'frameio_groups'));
    if (!isObj(spec.frameio_groups)) return [];
    const grants: DesiredFrameioGroupGrant[] = [];
    for (const [group, raw] of Object.entries(spec.frameio_groups)) {
      const { role, expires } = grantOf(raw, [...segments, 'frameio_groups', group]);
      const pos = keyPos(...segments, 'frameio_groups', group);
      if (isGroupRole(role)) grants.push(withExpiry({ group, role, pos }, expires));
    }
    return grants;
  };

  /** One entry under the top-level `frameio_groups:`. */
  const extractFrameioGroup = (name: string, raw: unknown): DesiredFrameioGroup => {
    const spec = isObj(raw) ? raw : {};
    const segments = ['frameio_groups', name];
    const group: DesiredFrameioGroup = {
      name,
      mode: isMode(spec.mode) ? spec.mode : 'additive',
      managed: 'members' in spec || 'groups' in spec,
      members: [],
      groups: [],
      pos: keyPos(...segments),
    };
    if (typeof spec.id === 'string' && UUID.test(spec.id)) group.id = spec.id.toLowerCase();
    const place = `Frame.io group '${name}'`;
    const firstEmail = new Map<string, { raw: string; pos: SourcePos }>();
    (Array.isArray(spec.members) ? spec.members : []).forEach((item: unknown, i) => {
      const member = memberOf(item, [...segments, 'members', String(i)]);
      if (member === null) return;
      const { raw } = member;
      const email = normalizeEmail(raw);
      const pos = valuePos(...segments, 'members', String(i));
      const first = firstEmail.get(email);
      if (first) {
        const why = first.raw === raw ? '' : ' (emails are case-insensitive)';
        error(
          pos,
          `'${raw}' is listed twice in members of ${place}${why}; it is already listed at ${formatPos(first.pos)}`,
        );
        return;
      }
      firstEmail.set(email, { raw, pos });
      group.members.push(withExpiry<DesiredMember>({ email, pos }, member.expires));
    });
    const firstGroup = new Map<string, SourcePos>();
    (Array.isArray(spec.groups) ? spec.groups : []).forEach((raw: unknown, i) => {
      if (typeof raw !== 'string') return;
      const pos = valuePos(...segments, 'groups', String(i));
      const first = firstGroup.get(raw);
      if (first) {
        error(
          pos,
          `manifest group '${raw}' is listed twice in groups of ${place}; it is already listed at ${formatPos(first)}`,
        );
        return;
      }
      firstGroup.set(raw, pos);
      group.groups.push({ name: raw, pos });
    });
    if (group.mode === 'authoritative') {
      const modePos = keyPos(...segments, 'mode');
      if (!group.managed) {
        error(
          modePos,
          `${place} is authoritative but has no members or groups: its membership is not managed, so there is ` +
            "nothing to compare it with; list its members under 'members:' (or manifest groups under 'groups:'), " +
            'or remove the mode',
        );
      } else if (group.members.length === 0 && group.groups.length === 0) {
        diagnostics.push({
          severity: 'warning',
          pos: modePos,
          message: `${place} is authoritative but lists nobody: every member would be removed`,
        });
      }
    }
    return group;
  };

  /** One entry under a workspace's `projects:`; `segments` lead to its key. */
  const extractProject = (segments: string[], raw: unknown): DesiredProject => {
    const spec = isObj(raw) ? raw : {};
    const project: DesiredProject = {
      name: segments[segments.length - 1]!,
      mode: isMode(spec.mode) ? spec.mode : 'additive',
      users: [],
      groups: [],
      frameioGroups: frameioGrants(spec, segments),
      pos: keyPos(...segments),
    };
    if (typeof spec.id === 'string' && FRAME_OR_ADOBE_ID.test(spec.id)) project.id = normalizeId(spec.id);
    if (typeof spec.restricted === 'boolean') {
      project.restricted = spec.restricted;
      project.restrictedPos = keyPos(...segments, 'restricted');
    }
    for (const { email, role, pos, expires } of emailEntries(spec.users, [...segments, 'users'])) {
      if (isProjectRole(role)) project.users.push(withExpiry({ email, role, pos }, expires));
    }
    if (isObj(spec.groups)) {
      for (const [group, raw] of Object.entries(spec.groups)) {
        const { role, expires } = grantOf(raw, [...segments, 'groups', group]);
        const pos = keyPos(...segments, 'groups', group);
        if (isProjectRole(role)) project.groups.push(withExpiry({ group, role, pos }, expires));
      }
    }
    return project;
  };

  for (const { email, role, pos, expires } of emailEntries(account.users, ['account', 'users'])) {
    if (isSettableAccountRole(role)) part.users.push(withExpiry({ email, role, pos }, expires));
  }

  if (isObj(root.groups)) {
    for (const [name, members] of Object.entries(root.groups)) {
      const group: DesiredGroup = { name, members: [], pos: keyPos('groups', name) };
      const firstAt = new Map<string, { raw: string; pos: SourcePos }>();
      (Array.isArray(members) ? members : []).forEach((item: unknown, i) => {
        const member = memberOf(item, ['groups', name, String(i)]);
        if (member === null) return;
        const { raw } = member;
        const email = normalizeEmail(raw);
        const pos = valuePos('groups', name, String(i));
        const first = firstAt.get(email);
        if (first) {
          const why = first.raw === raw ? '' : ' (emails are case-insensitive)';
          error(
            pos,
            `'${raw}' is listed twice in group '${name}'${why}; it is already listed at ${formatPos(first.pos)}`,
          );
          return;
        }
        firstAt.set(email, { raw, pos });
        group.members.push(withExpiry<DesiredMember>({ email, pos }, member.expires));
      });
      part.groups.push(group);
    }
  }

  if (Array.isArray(root.experimental)) {
    root.experimental.forEach((feature: unknown, i) => {
      if (isFeature(feature)) part.experimental.push({ value: feature, pos: valuePos('experimental', String(i)) });
    });
  }

  if ('frameio_groups' in root) {
    part.frameioGroupUses.push(keyPos('frameio_groups'));
    if (isObj(root.frameio_groups)) {
      for (const [name, raw] of Object.entries(root.frameio_groups))
        part.frameioGroups.push(extractFrameioGroup(name, raw));
    }
  }

  if ('policy' in root) {
    const policy = isObj(root.policy) ? root.policy : {};
    const value: Policy = { ...DEFAULT_POLICY, protected: [] };
    if (policy.max_removals !== undefined) {
      const parsed = parseMaxRemovals(policy.max_removals);
      // Malformed values are the schema's to report; the range is ours.
      if (parsed.ok) value.maxRemovals = parsed.value;
      else if (typeof policy.max_removals === 'string' && /^\d+(\.\d+)?%$/.test(policy.max_removals))
        error(valuePos('policy', 'max_removals'), parsed.message);
    }
    if (typeof policy.min_admins === 'number' && Number.isInteger(policy.min_admins) && policy.min_admins >= 0)
      value.minAdmins = policy.min_admins;
    if (Array.isArray(policy.protected)) {
      const emails = policy.protected.filter((e): e is string => typeof e === 'string').map(normalizeEmail);
      value.protected = [...new Set(emails)].sort();
    }
    if (typeof policy.expiry_notice === 'string') {
      const parsed = parseDuration(policy.expiry_notice);
      // A malformed duration is the schema's to report (its pattern); a valid one is read here.
      if (parsed.ok) value.expiryNotice = parsed.value;
    }
    part.policy = { value, pos: keyPos('policy') };
  }

  if (isObj(root.workspaces)) {
    for (const [name, raw] of Object.entries(root.workspaces)) {
      const spec = isObj(raw) ? raw : {};
      const workspace: DesiredWorkspace = {
        name,
        mode: isMode(spec.mode) ? spec.mode : 'additive',
        users: [],
        groups: [],
        frameioGroups: frameioGrants(spec, ['workspaces', name]),
        projects: [],
        pos: keyPos('workspaces', name),
      };
      if (typeof spec.id === 'string' && UUID.test(spec.id)) workspace.id = spec.id.toLowerCase();
      for (const { email, role, pos, expires } of emailEntries(spec.users, ['workspaces', name, 'users'])) {
        if (isWorkspaceRole(role)) workspace.users.push(withExpiry({ email, role, pos }, expires));
      }
      if (isObj(spec.groups)) {
        for (const [group, raw] of Object.entries(spec.groups)) {
          const { role, expires } = grantOf(raw, ['workspaces', name, 'groups', group]);
          const pos = keyPos('workspaces', name, 'groups', group);
          if (isWorkspaceRole(role)) workspace.groups.push(withExpiry({ group, role, pos }, expires));
        }
      }
      if (isObj(spec.projects)) {
        for (const [project, rawProject] of Object.entries(spec.projects))
          workspace.projects.push(extractProject(['workspaces', name, 'projects', project], rawProject));
      }
      part.workspaces.push(workspace);
    }
  }
  return { part, diagnostics };
}
