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
    return sub === 'users'
      ? `the role of '${leaf}' in workspace '${name}'`
      : `the role of group '${leaf}' in workspace '${name}'`;
  }
  if (top === 'groups' && name !== undefined) {
    return sub === undefined ? `group '${name}'` : `member ${Number(sub) + 1} of group '${name}'`;
  }
  if (top === 'account' && name === 'users' && sub !== undefined) return `the account role of '${sub}'`;
  return segments.join('.');
}

/** `project 'P' of workspace 'W'`, `users of project 'P' in workspace 'W'`, the role of an entry in it. */
function describeProjectPlace(workspace: string, project: string, rest: readonly string[]): string {
  const [field, entry] = rest;
  if (field === undefined) return `project '${project}' of workspace '${workspace}'`;
  const inProject = `project '${project}' in workspace '${workspace}'`;
  if (entry === undefined) return `${field} of ${inProject}`;
  return field === 'users' ? `the role of '${entry}' in ${inProject}` : `the role of group '${entry}' in ${inProject}`;
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
