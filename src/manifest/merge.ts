// Merges the parts of all files per account.id and runs the checks that span files: each user,
// group, Frame.io group and workspace declared once per scope, account settings and policy set once,
// each pinned workspace, project and Frame.io group id used once, the groups and Frame.io groups that
// workspaces, projects and Frame.io groups name defined, Frame.io groups opted into; warnings for
// account admins given workspace or project roles and for empty authoritative lists.
import type { Diagnostic, SourcePos } from '../errors.js';
import { formatPos } from '../errors.js';
import { compareStrings } from '../compare.js';
import { closest } from '../suggest.js';
import type { FilePart, Located } from './extract.js';
import {
  DEFAULT_POLICY,
  type DesiredAccount,
  type DesiredAccountUser,
  type DesiredFrameioGroup,
  type DesiredFrameioGroupGrant,
  type DesiredGroup,
  type DesiredProject,
  type DesiredWorkspace,
  EXPERIMENTAL_FEATURES,
  type ExperimentalFeature,
} from './types.js';

/** What an authoritative account.users list with nobody in it would do. */
const DEMOTES_ALL = 'every admin but the owner would be demoted to member';

export function mergeParts(parts: readonly FilePart[]): { accounts: DesiredAccount[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byAccount = new Map<string, FilePart[]>();
  for (const part of parts) {
    if (part.accountId === undefined) continue;
    const list = byAccount.get(part.accountId) ?? [];
    list.push(part);
    byAccount.set(part.accountId, list);
  }
  const accounts = [...byAccount].map(([id, list]) => mergeAccount(id, list, diagnostics));
  return { accounts, diagnostics };
}

function mergeAccount(id: string, parts: FilePart[], diagnostics: Diagnostic[]): DesiredAccount {
  const error = (pos: SourcePos, message: string): void => {
    diagnostics.push({ severity: 'error', pos, message });
  };
  const twice = (first: SourcePos, second: SourcePos): string => `at ${formatPos(first)} and at ${formatPos(second)}`;

  /** A setting that one file per account may carry. */
  const once = <T>(label: string, pick: (p: FilePart) => Located<T> | undefined): Located<T> | undefined => {
    let found: Located<T> | undefined;
    for (const part of parts) {
      const here = pick(part);
      if (!here) continue;
      if (found)
        error(
          here.pos,
          `${label} of account ${id} is set twice, ${twice(found.pos, here.pos)}; set it in one file only`,
        );
      else found = here;
    }
    return found;
  };
  const name = once('account.name', (p) => p.name);
  const mode = once('account.mode', (p) => p.mode);
  const policy = once('policy', (p) => p.policy);

  const users = new Map<string, DesiredAccountUser>();
  const groups = new Map<string, DesiredGroup>();
  const frameioGroups = new Map<string, DesiredFrameioGroup>();
  const pinnedFrameioGroups = new Map<string, DesiredFrameioGroup>();
  const features = new Set<ExperimentalFeature>();
  const frameioGroupUses: SourcePos[] = [];
  const workspaces = new Map<string, DesiredWorkspace>();
  const pinned = new Map<string, DesiredWorkspace>();
  for (const part of parts) {
    for (const user of part.users) {
      const first = users.get(user.email);
      if (first)
        error(
          user.pos,
          `user '${user.email}' is declared twice in account.users of account ${id}, ` +
            `${twice(first.pos, user.pos)}; declare each user once`,
        );
      else users.set(user.email, user);
    }
    for (const group of part.groups) {
      const first = groups.get(group.name);
      if (first)
        error(
          group.pos,
          `group '${group.name}' of account ${id} is defined twice, ${twice(first.pos, group.pos)}; define each ` +
            'group once',
        );
      else groups.set(group.name, group);
    }
    for (const feature of part.experimental) features.add(feature.value);
    frameioGroupUses.push(...part.frameioGroupUses);
    for (const group of part.frameioGroups) {
      const first = frameioGroups.get(group.name);
      if (first) {
        error(
          group.pos,
          `Frame.io group '${group.name}' of account ${id} is declared twice, ${twice(first.pos, group.pos)}; ` +
            'declare each Frame.io group once',
        );
        continue;
      }
      frameioGroups.set(group.name, group);
      if (group.id === undefined) continue;
      const samePin = pinnedFrameioGroups.get(group.id);
      if (samePin) {
        error(
          group.pos,
          `Frame.io groups '${samePin.name}' and '${group.name}' pin the same id ${group.id}, ` +
            `${twice(samePin.pos, group.pos)}; a Frame.io group is declared once`,
        );
      } else pinnedFrameioGroups.set(group.id, group);
    }
    for (const workspace of part.workspaces) {
      const first = workspaces.get(workspace.name);
      if (first) {
        error(
          workspace.pos,
          `workspace '${workspace.name}' of account ${id} is declared twice, ${twice(first.pos, workspace.pos)}; ` +
            'declare each workspace, with its projects, in one place',
        );
        continue;
      }
      workspaces.set(workspace.name, workspace);
      if (workspace.id === undefined) continue;
      const samePin = pinned.get(workspace.id);
      if (samePin) {
        error(
          workspace.pos,
          `workspaces '${samePin.name}' and '${workspace.name}' pin the same id ${workspace.id}, ` +
            `${twice(samePin.pos, workspace.pos)}; a workspace is declared once`,
        );
      } else pinned.set(workspace.id, workspace);
    }
  }

  // An empty authoritative list is legal but almost always a mistake: say what it would do.
  const accountMode = mode?.value ?? 'additive';
  if (accountMode === 'authoritative' && users.size === 0 && mode) {
    diagnostics.push({
      severity: 'warning',
      pos: mode.pos,
      message: `account ${id} is authoritative but lists no users: ${DEMOTES_ALL}`,
    });
  }
  // The opt-in is checked once per account, at the first use, where a reader starts looking.
  const firstUse = frameioGroupUses.sort(
    (a, b) => compareStrings(a.file, b.file) || a.line - b.line || a.col - b.col,
  )[0];
  if (firstUse && !features.has('frameio_groups')) {
    error(
      firstUse,
      'frameio_groups is used here without the opt-in: Frame.io groups use experimental API endpoints; add ' +
        `'experimental: [frameio_groups]' at the top level of a file of account ${id} (or remove every ` +
        'frameio_groups)',
    );
  }

  const groupNames = [...groups.keys()].sort();
  // An empty name is the schema's error; listing it would show as ', '.
  const frameioGroupNames = [...frameioGroups.keys()].filter((name) => name !== '').sort(compareStrings);
  const didYouMean = (name: string, candidates: readonly string[]): string => {
    const near = closest(name, candidates).map((candidate) => `'${candidate}'`);
    return near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
  };
  /** Manifest groups named by a scope's `groups:` (`noun` 'group') or a Frame.io group's (`manifest group`). */
  const checkGroups = (refs: readonly { group: string; pos: SourcePos }[], where: string, noun = 'group'): void => {
    for (const ref of refs) {
      if (groups.has(ref.group)) continue;
      const under = noun === 'group' ? "'groups:'" : "the top-level 'groups:'";
      const known =
        groupNames.length > 0
          ? `groups defined for account ${id}: ${groupNames.join(', ')}`
          : `no groups are defined for account ${id}; define it under ${under}`;
      const other = !frameioGroups.has(ref.group)
        ? ''
        : noun === 'group'
          ? ` ('${ref.group}' is a Frame.io group: grant it under 'frameio_groups:')`
          : ` ('${ref.group}' is a Frame.io group; the groups of a Frame.io group are manifest groups)`;
      error(
        ref.pos,
        `unknown ${noun} '${ref.group}' in ${where}${didYouMean(ref.group, groupNames)}; ${known}${other}`,
      );
    }
  };
  const checkFrameioGrants = (grants: readonly DesiredFrameioGroupGrant[] | null, where: string): void => {
    for (const grant of grants ?? []) {
      if (frameioGroups.has(grant.group)) continue;
      const known =
        frameioGroupNames.length > 0
          ? `Frame.io groups declared for account ${id}: ${frameioGroupNames.join(', ')}`
          : `no Frame.io groups are declared for account ${id}; declare it under the top-level 'frameio_groups:'`;
      const other = groups.has(grant.group) ? ` ('${grant.group}' is a manifest group: grant it under 'groups:')` : '';
      error(
        grant.pos,
        `unknown Frame.io group '${grant.group}' in ${where}${didYouMean(grant.group, frameioGroupNames)}; ` +
          `${known}${other}`,
      );
    }
  };
  for (const group of frameioGroups.values()) {
    const refs = group.groups.map((ref) => ({ group: ref.name, pos: ref.pos }));
    checkGroups(refs, `groups of Frame.io group '${group.name}'`, 'manifest group');
  }
  const warnAdmins = (entries: readonly { email: string; pos: SourcePos }[], where: string, sees: string): void => {
    for (const entry of entries) {
      const admin = users.get(entry.email);
      if (admin?.role !== 'admin') continue;
      diagnostics.push({
        severity: 'warning',
        pos: entry.pos,
        message:
          `${entry.email} is an account admin (${formatPos(admin.pos)}); the role in ${where} ` +
          `has no effect, since admins already see every ${sees}`,
      });
    }
  };
  /** Pinned project ids of the account: a project belongs to one workspace and is declared once. */
  const pinnedProjects = new Map<string, { project: DesiredProject; workspace: DesiredWorkspace }>();
  const checkProjectPin = (project: DesiredProject, workspace: DesiredWorkspace): void => {
    if (project.id === undefined) return;
    const first = pinnedProjects.get(project.id);
    if (!first) {
      pinnedProjects.set(project.id, { project, workspace });
      return;
    }
    const where = twice(first.project.pos, project.pos);
    error(
      project.pos,
      first.workspace === workspace
        ? `projects '${first.project.name}' and '${project.name}' of workspace '${workspace.name}' pin the same ` +
            `id ${project.id}, ${where}; a project is declared once`
        : `project '${first.project.name}' of workspace '${first.workspace.name}' and project '${project.name}' ` +
            `of workspace '${workspace.name}' pin the same id ${project.id}, ${where}; a project belongs to one ` +
            'workspace: declare it once, under that workspace',
    );
  };

  for (const workspace of workspaces.values()) {
    const inWorkspace = `workspace '${workspace.name}'`;
    if (workspace.mode === 'authoritative' && listsNobody(workspace)) {
      diagnostics.push({
        severity: 'warning',
        pos: workspace.pos,
        message: `${inWorkspace} is authoritative but lists nobody: every member would be removed`,
      });
    }
    checkGroups(workspace.groups, inWorkspace);
    checkFrameioGrants(workspace.frameioGroups, inWorkspace);
    warnAdmins(workspace.users, inWorkspace, 'workspace');
    for (const project of workspace.projects) {
      const inProject = `project '${project.name}' of workspace '${workspace.name}'`;
      if (project.mode === 'authoritative' && listsNobody(project)) {
        diagnostics.push({
          severity: 'warning',
          pos: project.pos,
          message:
            `${inProject} is authoritative but lists nobody: every project-only collaborator would lose their ` +
            'project grant',
        });
      }
      checkGroups(project.groups, inProject);
      checkFrameioGrants(project.frameioGroups, inProject);
      warnAdmins(project.users, inProject, 'project');
      checkProjectPin(project, workspace);
    }
  }

  return {
    id,
    ...(name ? { name: name.value } : {}),
    mode: accountMode,
    users: [...users.values()],
    groups: [...groups.values()],
    policy: policy?.value ?? { ...DEFAULT_POLICY, protected: [] },
    experimental: EXPERIMENTAL_FEATURES.filter((feature) => features.has(feature)),
    frameioGroups: [...frameioGroups.values()],
    workspaces: [...workspaces.values()],
    files: [...new Set(parts.map((p) => p.file))].sort(),
    pos: parts[0]?.accountPos ?? { file: '', line: 1, col: 1 },
  };
}

/** A scope with no users, no groups and no Frame.io group grants listed. */
function listsNobody(scope: DesiredWorkspace | DesiredProject): boolean {
  return scope.users.length === 0 && scope.groups.length === 0 && (scope.frameioGroups ?? []).length === 0;
}
