// `export --infer-groups`: people with exactly the same roles in the same scopes (workspaces, and
// with --projects the direct grants of projects; at least two scopes, at least two people) become a
// group. Each person joins at most one group and the group carries exactly their roles, so planning
// the result still gives no changes (a group grant resolves like a direct one when nothing else
// names the person there: no direct line is left, and no other group holds them). Pure.
import { compareStrings } from '../compare.js';
import type { ExportGroup, ExportGroupGrant, ExportLine, ExportModel } from './types.js';

export const MIN_GROUP_SCOPES = 2;
export const MIN_GROUP_MEMBERS = 2;
// Past this a name made of workspace and project slugs stops helping a reader.
const MAX_NAME = 64;

function slug(text: string, fallback: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || fallback
  );
}

/** `marketing-editor`, `marketing-spring-campaign-full-access`. */
function shareName(s: { workspace: string; project?: string; role: string }): string {
  const project = s.project !== undefined ? `-${slug(s.project, 'project')}` : '';
  return `${slug(s.workspace, 'workspace')}${project}-${s.role.replace(/_/g, '-')}`;
}

/** A workspace (`project` undefined) or one of its projects, by position in the model. */
interface ScopeRef {
  workspace: number;
  project?: number;
}

interface Grant {
  scope: ScopeRef;
  role: string;
}

const scopeKey = (s: ScopeRef): string => (s.project === undefined ? `${s.workspace}` : `${s.workspace}/${s.project}`);

/** Every scope's lines, workspaces before their projects, in model order. */
function scopes(model: ExportModel): { scope: ScopeRef; users: ExportLine[] }[] {
  return model.workspaces.flatMap((ws, workspace) => [
    { scope: { workspace }, users: ws.users },
    ...(ws.projects ?? []).map((p, project) => ({ scope: { workspace, project }, users: p.users })),
  ]);
}

export function inferGroups(model: ExportModel): ExportModel {
  // Invited and deactivated people keep their direct lines, where their remark stays visible: a
  // person with such a line anywhere joins no group, so none of their lines is lost.
  const remarked = new Set<string>();
  const signatures = new Map<string, Grant[]>();
  for (const { scope, users } of scopes(model)) {
    for (const line of users) {
      if (!line.listed) continue;
      if (line.remark !== undefined) remarked.add(line.email);
      else signatures.set(line.email, [...(signatures.get(line.email) ?? []), { scope, role: line.role }]);
    }
  }
  const bySignature = new Map<string, string[]>();
  for (const [email, grants] of signatures) {
    if (remarked.has(email) || grants.length < MIN_GROUP_SCOPES) continue;
    const key = grants.map((g) => `${scopeKey(g.scope)}:${g.role}`).join(',');
    bySignature.set(key, [...(bySignature.get(key) ?? []), email]);
  }

  const taken = new Set<string>();
  const groups: (ExportGroup & { grants: Grant[] })[] = [];
  const candidates = [...bySignature.entries()]
    .filter(([, emails]) => emails.length >= MIN_GROUP_MEMBERS)
    .map(([key, emails]) => ({ grants: signatures.get(emails[0]!)!, emails: emails.sort(compareStrings), key }))
    .sort((a, b) => compareStrings(a.key, b.key));
  for (const c of candidates) {
    const shares = c.grants.map(({ scope, role }) => {
      const ws = model.workspaces[scope.workspace]!;
      const project = scope.project === undefined ? undefined : ws.projects![scope.project]!.name;
      return { workspace: ws.name, ...(project !== undefined ? { project } : {}), role };
    });
    let base = shares.map(shareName).join('.');
    if (base.length > MAX_NAME) base = 'shared-roles';
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
    taken.add(name);
    groups.push({ name, members: c.emails, shares, grants: c.grants });
  }

  const grouped = new Set<string>();
  for (const g of groups) for (const email of g.members) grouped.add(email);
  const grantsAt = new Map<string, ExportGroupGrant[]>();
  for (const g of groups) {
    for (const { scope, role } of g.grants) {
      const key = scopeKey(scope);
      grantsAt.set(key, [...(grantsAt.get(key) ?? []), { group: g.name, role }]);
    }
  }
  const groupsAt = (scope: ScopeRef): ExportGroupGrant[] =>
    (grantsAt.get(scopeKey(scope)) ?? []).sort((a, b) => compareStrings(a.group, b.group));
  const keep = (users: ExportLine[]): ExportLine[] => users.filter((line) => !(line.listed && grouped.has(line.email)));
  const workspaces = model.workspaces.map((ws, workspace) => ({
    ...ws,
    users: keep(ws.users),
    groups: groupsAt({ workspace }),
    ...(ws.projects
      ? {
          projects: ws.projects.map((p, project) => ({
            ...p,
            users: keep(p.users),
            groups: groupsAt({ workspace, project }),
          })),
        }
      : {}),
  }));
  return {
    ...model,
    groups: groups
      .map(({ name, members, shares }) => ({ name, members, shares }))
      .sort((a, b) => compareStrings(a.name, b.name)),
    workspaces,
  };
}
