// Human names for places in a manifest ("users of workspace 'Marketing'"), shared by the schema
// messages and the semantic checks so both speak the same way.

/** The container at `segments`, as a phrase: `workspace 'Marketing'`, `account.users`, ... */
export function describePlace(segments: readonly string[]): string {
  const [top, name, sub, leaf] = segments;
  if (top === undefined) return 'the manifest';
  if (top === 'workspaces' && name !== undefined) {
    if (sub === undefined) return `workspace '${name}'`;
    if (sub === 'projects' && leaf !== undefined) return describeProjectPlace(name, leaf, segments.slice(4));
    if (leaf === undefined) return `${sub} of workspace '${name}'`;
    return roleOf(sub, leaf, `workspace '${name}'`);
  }
  if (top === 'groups' && name !== undefined) {
    return sub === undefined ? `group '${name}'` : `member ${Number(sub) + 1} of group '${name}'`;
  }
  if (top === 'frameio_groups' && name !== undefined) return describeFrameioGroupPlace(name, sub, leaf);
  if (top === 'experimental' && name !== undefined) return `item ${Number(name) + 1} of experimental`;
  if (top === 'account' && name === 'users' && sub !== undefined) return `the account role of '${sub}'`;
  return segments.join('.');
}

/** `project 'P' of workspace 'W'`, `users of project 'P' in workspace 'W'`, the role of an entry in it. */
function describeProjectPlace(workspace: string, project: string, rest: readonly string[]): string {
  const [field, entry] = rest;
  if (field === undefined) return `project '${project}' of workspace '${workspace}'`;
  const inProject = `project '${project}' in workspace '${workspace}'`;
  if (entry === undefined) return `${field} of ${inProject}`;
  return roleOf(field, entry, inProject);
}

/** The role of one entry of a scope's `users`, `groups` or `frameio_groups`. */
function roleOf(field: string, entry: string, scope: string): string {
  if (field === 'users') return `the role of '${entry}' in ${scope}`;
  if (field === 'frameio_groups') return `the role of Frame.io group '${entry}' in ${scope}`;
  return `the role of group '${entry}' in ${scope}`;
}

/** A place under the top-level `frameio_groups:`, kept apart from manifest groups in every phrase. */
function describeFrameioGroupPlace(name: string, field: string | undefined, item: string | undefined): string {
  const group = `Frame.io group '${name}'`;
  if (field === undefined) return group;
  if (item === undefined) return `${field} of ${group}`;
  if (field === 'members') return `member ${Number(item) + 1} of ${group}`;
  if (field === 'groups') return `manifest group ${Number(item) + 1} in groups of ${group}`;
  return `${field}.${item} of ${group}`;
}

/** A value for a message: strings quoted, the rest as YAML would show them. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** The kind of a value, for "must be a list; got a mapping". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}
