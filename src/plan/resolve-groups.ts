// Binds the manifest's Frame.io groups to live groups (pinned id, else exact name, else created by
// the plan), expands their members through the account-user lookup, and binds each workspace's and
// project's group grants to those groups. Misses go into the caller's diagnostics, all at once.
import { compareStrings, normalizeEmail } from '../compare.js';
import { RolesyncError, formatPos, type Diagnostic, type SourcePos } from '../errors.js';
import type { LiveAccount, LiveAccountUser, LiveGroup, LiveGroupGrant } from '../live/types.js';
import type { DesiredAccount, DesiredFrameioGroup, DesiredFrameioGroupGrant, Mode } from '../manifest/types.js';
import type { ResolvedFrameioGroup, ResolvedGroupGrant, ResolvedGroupGrants, ResolvedGroupMember } from './resolved.js';
import { closest } from './suggest.js';
import type { PlanNote } from './types.js';

/** What binding groups needs of the account's resolve: its label, the user lookup, the manifest groups. */
export interface GroupContext {
  live: LiveAccount;
  /** `Name (id)` of the account, as every message names it. */
  label: string;
  /** The account user an email (normalised) means; reports a miss itself. */
  lookup: (email: string, pos: SourcePos) => LiveAccountUser | undefined;
  /** The manifest's `groups:` by name, each member bound to its account user. */
  manifestGroups: ReadonlyMap<string, readonly { email: string; live: LiveAccountUser }[]>;
  diagnostics: Diagnostic[];
  notes: PlanNote[];
}

/** The account's resolved Frame.io groups: in manifest order, and by their key for the grants. */
export interface FrameioGroups {
  list: ResolvedFrameioGroup[];
  byName: Map<string, ResolvedFrameioGroup>;
  /** Every declared key, bound or not: a grant naming one that failed to bind is already reported. */
  declared: Set<string>;
}

/** Where the members of a group synced from elsewhere are managed, for the error that refuses them. */
const SYNCED_FROM: Record<string, string> = {
  adobe: 'the Adobe Admin Console',
  workfront: 'Workfront',
};

export function resolveFrameioGroups(desired: DesiredAccount, ctx: GroupContext): FrameioGroups {
  const out: FrameioGroups = { list: [], byName: new Map(), declared: new Set() };
  const grantsManaged = desired.workspaces.some(
    (w) => w.frameioGroups !== null || w.projects.some((p) => p.frameioGroups !== null),
  );
  if (desired.frameioGroups.length === 0 && !grantsManaged) return out;
  const liveGroups = ctx.live.groups;
  if (!liveGroups) {
    // The fetch lists the groups of every account that opts in; planning without them would
    // create every declared group.
    throw new RolesyncError(
      'RESOLVE_FAILED',
      `the Frame.io groups of account ${ctx.label} were not read; cannot plan them`,
    );
  }
  const byId = new Map(liveGroups.map((g) => [g.id, g]));
  const byName = new Map<string, LiveGroup[]>();
  for (const g of liveGroups) byName.set(g.name, [...(byName.get(g.name) ?? []), g]);
  const claimed = new Map<string, DesiredFrameioGroup>();
  for (const dg of desired.frameioGroups) {
    out.declared.add(dg.name);
    const bound = bindGroup(dg, byId, byName, ctx);
    if (bound === undefined) continue;
    if (bound !== null) {
      const earlier = claimed.get(bound.id);
      if (earlier) {
        ctx.diagnostics.push(
          error(
            dg.pos,
            `frameio group "${bound.name}" (${bound.id}) is already declared as "${earlier.name}" at ` +
              `${formatPos(earlier.pos)}; declare it once`,
          ),
        );
        continue;
      }
      claimed.set(bound.id, dg);
      if (dg.managed && bound.source !== 'frame') {
        const where = SYNCED_FROM[bound.source] ?? 'where it is synced from';
        ctx.diagnostics.push(
          error(
            dg.pos,
            `frameio group "${dg.name}" (${bound.id}) is synced from ${bound.source}: its members are managed in ` +
              `${where}; remove members: and groups: here (its grants stay managed)`,
          ),
        );
        continue;
      }
      if (bound.source !== 'frame' && bound.sync_status === 'error') {
        const where = SYNCED_FROM[bound.source] ?? 'where it is synced from';
        ctx.notes.push({
          kind: 'frameio_group_sync_error',
          account_id: ctx.live.id,
          group_id: bound.id,
          group_name: bound.name,
          group_source: bound.source,
          message:
            `frameio group "${bound.name}" (${bound.id}) is synced from ${bound.source} and its sync status is ` +
            `error: its members in Frame.io may be stale; check the sync in ${where}`,
        });
      }
      if (dg.managed && !bound.members) {
        throw new RolesyncError(
          'RESOLVE_FAILED',
          `the members of frameio group "${bound.name}" (${bound.id}) in account ${ctx.label} were not read; ` +
            'cannot plan it',
        );
      }
    }
    const resolved: ResolvedFrameioGroup = { desired: dg, live: bound, members: dg.managed ? members(dg, ctx) : null };
    out.list.push(resolved);
    out.byName.set(dg.name, resolved);
  }
  return out;
}

/**
 * The live group a declared one means: its pinned id (a rename is noted), else the one group of its
 * name; null for a managed group no live group has (the plan creates it); undefined after an error.
 */
function bindGroup(
  dg: DesiredFrameioGroup,
  byId: ReadonlyMap<string, LiveGroup>,
  byName: ReadonlyMap<string, LiveGroup[]>,
  ctx: GroupContext,
): LiveGroup | null | undefined {
  const { label } = ctx;
  if (dg.id !== undefined) {
    const pinned = byId.get(dg.id);
    if (!pinned) {
      ctx.diagnostics.push(
        error(
          dg.pos,
          `frameio group id ${dg.id} ("${dg.name}") is not a group of account ${label}; check the id, or remove it ` +
            'to match by name',
        ),
      );
      return undefined;
    }
    // `Name (id)` keys groups that share a name apart, as export keys workspaces: not a rename.
    if (pinned.name !== dg.name && dg.name !== `${pinned.name} (${pinned.id})`) {
      ctx.notes.push({
        kind: 'frameio_group_renamed',
        account_id: ctx.live.id,
        group_id: pinned.id,
        group_name: pinned.name,
        message:
          `frameio group ${pinned.id} is named "${pinned.name}" in Frame.io but "${dg.name}" in the manifest ` +
          `(${formatPos(dg.pos)}); matched by its pinned id, rename the key to "${pinned.name}"`,
      });
    }
    return pinned;
  }
  const candidates = byName.get(dg.name) ?? [];
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    const ids = candidates.map((g) => g.id).sort(compareStrings);
    ctx.diagnostics.push(
      error(
        dg.pos,
        `frameio group name "${dg.name}" is ambiguous in account ${label}: ${ids.length} groups have it ` +
          `(${ids.join(', ')}); pin it with id: ${ids.join(' or ')}`,
      ),
    );
    return undefined;
  }
  if (dg.managed) return null;
  ctx.diagnostics.push(
    error(
      dg.pos,
      `frameio group "${dg.name}" is not in Frame.io account ${label}${nameHint(dg.name, byName.keys())}; ` +
        'rolesync creates only groups whose members the manifest lists: check the name as Frame.io shows it ' +
        '(a group synced from the Adobe Admin Console appears once the sync has run)',
    ),
  );
  return undefined;
}

/**
 * A managed group's members: its `members` entries, then the members of its manifest `groups` in
 * the order written; each user once, a `members` entry first, else the first group naming them.
 */
function members(dg: DesiredFrameioGroup, ctx: GroupContext): ResolvedGroupMember[] {
  const out = new Map<string, ResolvedGroupMember>();
  for (const m of dg.members) {
    const email = normalizeEmail(m.email);
    const found = ctx.lookup(email, m.pos);
    if (found && !out.has(email)) out.set(email, { email, pos: m.pos, via: null, live: found });
  }
  for (const g of dg.groups) {
    const listed = ctx.manifestGroups.get(g.name);
    if (!listed) {
      ctx.diagnostics.push(error(g.pos, `group "${g.name}" is not defined under groups:; define it or fix the name`));
      continue;
    }
    for (const m of listed) {
      if (!out.has(m.email)) out.set(m.email, { email: m.email, pos: g.pos, via: g.name, live: m.live });
    }
  }
  return [...out.values()].sort((a, b) => compareStrings(a.email, b.email));
}

/**
 * A workspace's or project's group grants bound to their groups, sorted by group name, with the
 * live grants and the scope's mode; null when the scope has no `frameio_groups:` key.
 * `scope` names it for the error when its grants were not read.
 */
export function resolveGroupGrants(
  entry: { frameioGroups: DesiredFrameioGroupGrant[] | null; mode: Mode },
  live: LiveGroupGrant[] | undefined,
  groups: FrameioGroups,
  scope: string,
  ctx: Pick<GroupContext, 'label' | 'diagnostics'>,
): ResolvedGroupGrants | null {
  if (entry.frameioGroups === null) return null;
  if (!live) {
    // Without them every desired grant would look like an add.
    throw new RolesyncError(
      'RESOLVE_FAILED',
      `the group grants of ${scope} in account ${ctx.label} were not read; cannot plan them`,
    );
  }
  const desired: ResolvedGroupGrant[] = [];
  for (const grant of entry.frameioGroups) {
    const group = groups.byName.get(grant.group);
    if (group) desired.push({ group, role: grant.role, pos: grant.pos });
    else if (!groups.declared.has(grant.group)) {
      ctx.diagnostics.push(
        error(
          grant.pos,
          `frameio group "${grant.group}" is not declared under frameio_groups:` +
            `${nameHint(grant.group, groups.declared)}; declare it or fix the name`,
        ),
      );
    }
  }
  desired.sort((a, b) => compareStrings(a.group.desired.name, b.group.desired.name));
  return { desired, live: [...live], mode: entry.mode };
}

/** ` (did you mean "Post Team"? names are case-sensitive)`, a typo's nearest names, or ''. */
function nameHint(wanted: string, names: Iterable<string>): string {
  const all = [...names];
  const sameButCase = all.filter((n) => n.toLowerCase() === wanted.toLowerCase()).sort(compareStrings);
  if (sameButCase.length > 0) {
    return ` (did you mean ${sameButCase.map((n) => `"${n}"`).join(' or ')}? names are case-sensitive)`;
  }
  const typo = closest(wanted, all).map((n) => `"${n}"`);
  return typo.length > 0 ? ` (did you mean ${typo.join(' or ')}?)` : '';
}

function error(pos: SourcePos, message: string): Diagnostic {
  return { severity: 'error', pos, message };
}
