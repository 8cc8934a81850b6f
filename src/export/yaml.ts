// Writes the export model as manifest YAML by hand: fixed key order, sorted entries, and comments
// where YAML libraries would not keep them. Same model, same bytes.
import { parse } from 'yaml';
import { printable, projectTitle } from '../names.js';
import type { Mode } from '../manifest/types.js';
import type {
  ExportFrameioGrant,
  ExportFrameioGroup,
  ExportGroupGrant,
  ExportLine,
  ExportMember,
  ExportModel,
  ExportProject,
  ExportWorkspace,
} from './types.js';

const PLAIN = /^[A-Za-z0-9@._+\-/][A-Za-z0-9@._+\-/ ()']*$/;

/**
 * A key or value as YAML: plain when that reads back as the same string under YAML 1.2 and 1.1
 * both, else double-quoted. 1.1 readers (PyYAML, older tools) take `yes`, `on`, `2024-01-01`, `1_000`
 * as booleans, dates and numbers, and would merge `yes:` and `on:` keys into one.
 */
export function scalar(text: string): string {
  if (PLAIN.test(text) && !text.endsWith(' ')) {
    try {
      if (parse(text) === text && parse(text, { version: '1.1' }) === text) return text;
    } catch {
      // not plain-safe: quote it
    }
  }
  // JSON's string escapes are a subset of YAML's double-quoted ones.
  return JSON.stringify(text);
}

/** Comment text from live data must stay on its line. */
function comment(text: string): string {
  return printable(text).replace(/\s+/g, ' ');
}

function line(indent: string, entry: ExportLine): string {
  const pair = `${scalar(entry.email)}: ${entry.role === '(none)' ? entry.role : scalar(entry.role)}`;
  if (!entry.listed) return `${indent}# ${comment(pair)}  (${comment(entry.remark ?? 'not managed')})`;
  return entry.remark === undefined ? `${indent}${pair}` : `${indent}${pair}  # ${comment(entry.remark)}`;
}

/** A `users:` block; only comments when nobody is listed (an empty key would not validate). */
function usersBlock(indent: string, lines: ExportLine[]): string[] {
  if (lines.length === 0) return [];
  const body = lines.map((l) => line(`${indent}  `, l));
  return lines.some((l) => l.listed) ? [`${indent}users:`, ...body] : [`${indent}# users:`, ...body];
}

function groupsBlock(indent: string, groups: ExportGroupGrant[]): string[] {
  if (groups.length === 0) return [];
  return [`${indent}groups:`, ...groups.map((g) => `${indent}  ${scalar(g.group)}: ${g.role}`)];
}

/**
 * A scope's `frameio_groups:` (group key -> role). With nothing to list an authoritative scope still
 * writes `frameio_groups: {}`, so a grant added by hand is drift; an additive one writes no key.
 */
function frameioGrantsBlock(indent: string, grants: ExportFrameioGrant[] | undefined, mode: Mode): string[] {
  if (grants === undefined) return [];
  const lines = grants.map((g) => {
    const pair = `${scalar(g.group)}: ${scalar(g.role)}`;
    return g.listed ? `${indent}  ${pair}` : `${indent}  # ${comment(pair)}  (${comment(g.remark ?? 'not managed')})`;
  });
  if (grants.some((g) => g.listed)) return [`${indent}frameio_groups:`, ...lines];
  if (grants.length > 0) return [`${indent}# frameio_groups:`, ...lines];
  return mode === 'authoritative' ? [`${indent}frameio_groups: {}`] : [];
}

function memberLine(indent: string, m: ExportMember): string {
  if (!m.listed) return `${indent}# - ${comment(m.email)}  (${comment(m.remark ?? 'not managed')})`;
  return m.remark === undefined
    ? `${indent}- ${scalar(m.email)}`
    : `${indent}- ${scalar(m.email)}  # ${comment(m.remark)}`;
}

/** A top-level Frame.io group: pinned by id; a `frame` group with its members, a synced one by its id alone. */
function frameioGroupBlock(g: ExportFrameioGroup): string[] {
  const out = [...g.remarks.map((r) => `  # ${comment(r)}`), `  ${scalar(g.key)}:`, `    id: ${scalar(g.id)}`];
  if (g.members === undefined) return out;
  const body = g.members.lines.map((m) => memberLine('      ', m));
  if (g.members.mode === null) return [...out, ...(body.length > 0 ? ['    # members:', ...body] : [])];
  return [...out, `    mode: ${g.members.mode}`, '    members:', ...body];
}

function projectBlock(p: ExportProject): string[] {
  const out = [...p.remarks.map((r) => `      # ${comment(r)}`), `      ${scalar(p.key)}:`];
  // Pinned like workspaces: the manifest keeps matching after a rename in Frame.io.
  out.push(`        id: ${scalar(p.id)}`);
  out.push(`        mode: ${p.mode}`);
  if (p.restricted !== null) out.push(`        restricted: ${p.restricted}`);
  out.push(...usersBlock('        ', p.users), ...groupsBlock('        ', p.groups));
  out.push(...frameioGrantsBlock('        ', p.frameioGroups, p.mode));
  return out;
}

function workspaceBlock(ws: ExportWorkspace): string[] {
  const out = [
    ...ws.remarks.map((r) => `  # ${comment(r)}`),
    `  ${scalar(ws.key)}:`,
    `    id: ${scalar(ws.id)}`,
    `    mode: ${ws.mode}`,
  ];
  out.push(...usersBlock('    ', ws.users), ...groupsBlock('    ', ws.groups));
  out.push(...frameioGrantsBlock('    ', ws.frameioGroups, ws.mode));
  // A workspace without projects writes no `projects:` (an empty key would not validate).
  if (ws.projects && ws.projects.length > 0) out.push('    projects:', ...ws.projects.flatMap(projectBlock));
  return out;
}

export const HEADER = [
  'Exported by `rolesync export`: a snapshot of live roles. Planning it against the same live',
  'state gives no changes. Review it, commit it, and from then on change roles here.',
  '',
  'Modes, chosen so that a first apply cannot take anything away by surprise:',
  '- the account is additive: users not listed keep their account role. The owner, reviewers,',
  '  invited and deactivated users appear as comments, since the API cannot set their roles.',
  '- each workspace below is authoritative unless a comment above it says why not: its list is',
  '  all its members, so a member added in Frame.io but not here is reported by `rolesync drift`',
  '  and removed by the next apply (within policy.max_removals). Account admins and the owner are',
  '  left out of workspace lists: their access comes from the account role. Workspaces not listed',
  '  here are not managed.',
  '',
  'Frame.io keeps no end date on a grant, so every role below is plain: none has `expires:`. Give',
  'time-bound access an end here, like `{ role: editor, expires: 2027-01-31 }` (README "Time-bound',
  'grants"); from then on plan and apply take it away when it ends.',
];

/** Said too when projects were exported (`--projects`). */
export const PROJECTS_HEADER = [
  '- projects (export --projects) list each project of an exported workspace with its direct',
  '  grants only: a role at or below what the user has from the workspace, and the access of',
  '  account admins and the owner, is not a grant and not repeated. `restricted` is as Frame.io',
  '  says (left out when it does not say). A project is authoritative when it lists every direct',
  '  grant and at least one: a collaborator added to it by hand who is not a member of the',
  '  workspace is reported by drift and removed by the next apply. Otherwise it is additive, and',
  '  a comment above it says why. Projects not listed here are not managed.',
];

/** Said too when Frame.io groups were exported (`--groups`). */
export const GROUPS_HEADER = [
  '- Frame.io groups (export --groups; experimental: [frameio_groups] opts in to their API) are',
  '  every group of the account, pinned by id. A group made in Frame.io (source frame) lists its',
  '  members and is authoritative: a member added by hand is reported by drift and taken out by the',
  '  next apply. A group synced from the Adobe Admin Console or Workfront is written by its id',
  '  alone: its members are managed there. Each exported workspace and project lists its group',
  '  grants under frameio_groups: (an authoritative one writes {} when it has none): in an',
  '  authoritative scope the list is all, so a grant added by hand is drift too.',
];

/** `Marketing`, or `Marketing / Spring Campaign` for a project. */
function shareScope(s: { workspace: string; project?: string }): string {
  return s.project === undefined ? s.workspace : projectTitle(s.workspace, s.project);
}

export function renderExportYaml(model: ExportModel, schemaRef: string): string {
  const projects = model.workspaces.some((ws) => ws.projects !== undefined);
  const frameio = model.frameioGroups;
  const header = [...HEADER, ...(projects ? PROJECTS_HEADER : []), ...(frameio ? GROUPS_HEADER : [])];
  const lines = [`# yaml-language-server: $schema=${schemaRef}`, ...header.map((h) => (h === '' ? '#' : `# ${h}`))];
  lines.push('version: 1');
  if (frameio) lines.push('experimental: [frameio_groups]');
  lines.push('account:', `  id: ${scalar(model.accountId)}`);
  if (model.accountName !== null && model.accountName !== '') lines.push(`  name: ${scalar(model.accountName)}`);
  lines.push('  mode: additive', ...usersBlock('  ', model.accountUsers));
  if (model.groups.length > 0) {
    lines.push('groups:');
    for (const g of model.groups) {
      // Inferred names spell out what the members share, unless that got too long to be a name.
      if (g.name.startsWith('shared-roles'))
        lines.push(`  # shares ${comment(g.shares.map((s) => `${shareScope(s)}: ${s.role}`).join(', '))}`);
      lines.push(`  ${scalar(g.name)}:`, ...g.members.map((m) => `    - ${scalar(m)}`));
    }
  }
  if (frameio && frameio.length > 0) lines.push('frameio_groups:', ...frameio.flatMap(frameioGroupBlock));
  lines.push('policy:', '  max_removals: 25%', `  min_admins: ${model.minAdmins}`, '  protected: []');
  if (model.workspaces.length > 0) {
    lines.push('workspaces:');
    model.workspaces.forEach((ws, i) => {
      if (i > 0) lines.push('');
      lines.push(...workspaceBlock(ws));
    });
  }
  return `${lines.join('\n')}\n`;
}
