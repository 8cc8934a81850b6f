// Turns ajv's schema errors into positioned, human diagnostics: what is wrong, where, what is allowed.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { formatPos, type Diagnostic, type SourcePos } from '../errors.js';
import { PROJECT_ROLES, SETTABLE_ACCOUNT_ROLES, WORKSPACE_ROLES } from '../api/index.js';
import { closest } from '../suggest.js';
import { EXPIRES_FORMS } from './expiry.js';
import { parseMaxRemovals } from './max-removals.js';
import { childPointer, pointerSegments, type PositionIndex } from './positions.js';
import { describePlace, describeValue, showValue } from './where.js';

const EXPECTED: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

export function schemaDiagnostics(errors: readonly ErrorObject[], positions: PositionIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // The `propertyNames` error itself carries the name; its inner copy and the per-branch errors
    // of `anyOf` would only repeat it.
    if ('propertyName' in e || e.schemaPath.includes('/anyOf/')) continue;
    // A timed grant's `if` (is it `{ role, expires }`?) only says its branch failed; the branch's own
    // errors say how.
    if (e.keyword === 'if') continue;
    // The schema's pattern on `expires` is for editors; the load names the exact fault (a day that
    // does not exist, a missing offset) at the same place.
    if (e.keyword === 'pattern' && e.instancePath.endsWith('/expires')) continue;
    const { pos, message } = rewrite(e, positions);
    const id = `${pos.line}:${pos.col}:${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ severity: 'error', pos, message });
  }
  return out;
}

function rewrite(e: ErrorObject, positions: PositionIndex): { pos: SourcePos; message: string } {
  const path = e.instancePath;
  const segments = pointerSegments(path);
  const place = describePlace(segments);
  const last = segments[segments.length - 1];
  const at = positions.value(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return {
        pos: positions.key(childPointer(path, key)),
        message: `unknown key '${key}' in ${place}; allowed keys: ${allowed.join(', ')}`,
      };
    }
    case 'propertyNames': {
      const name = String(e.params.propertyName);
      return { pos: positions.key(childPointer(path, name)), message: badName(name, segments) };
    }
    case 'required': {
      const key = String(e.params.missingProperty);
      const hint =
        key === 'version'
          ? "; add 'version: 1'"
          : key === 'id'
            ? " (the account's Frame.io UUID or its 'adobe:' id)"
            : key === 'expires'
              ? '; write the date the grant ends, like expires: 2027-01-31, or give the role alone for a grant ' +
                'that does not end'
              : key === 'role' || key === 'email'
                ? ` (a grant that ends is written { ${key}: …, expires: 2027-01-31 })`
                : '';
      const pos = path === '' ? at : positions.key(path);
      return { pos, message: `missing required key '${key}' in ${place}${hint}` };
    }
    case 'type':
      if (last === 'expires')
        return { pos: at, message: `expires must be ${EXPIRES_FORMS}; got ${describeValue(e.data)}` };
      return {
        pos: at,
        message:
          `${place} must be ${expectedType(e.params.type)}; ` +
          `got ${describeValue(e.data)}${yamlBooleanHint(e.params.type, e.data)}${experimentalHint(path, e.data)}`,
      };
    case 'const':
      if (path === '/version' && typeof e.data === 'number') {
        return { pos: at, message: `unsupported manifest version ${e.data}; this rolesync reads version 1` };
      }
      return { pos: at, message: `${place} must be ${String(e.params.allowedValue)}; got ${describeValue(e.data)}` };
    case 'enum':
      return { pos: at, message: badEnum(e.data, segments, (e.params.allowedValues as unknown[]).map(String)) };
    case 'pattern':
      return { pos: at, message: badPattern(e.data, segments, place) };
    case 'anyOf':
      if (last === 'max_removals') {
        const parsed = parseMaxRemovals(e.data);
        return {
          pos: at,
          message: parsed.ok
            ? `max_removals ${showValue(e.data)} is quoted; write a count unquoted, like 3`
            : parsed.message,
        };
      }
      return { pos: at, message: `${place} has an invalid value ${showValue(e.data)}` };
    case 'minItems':
      if (segments[0] === 'groups' && segments.length === 2) {
        return { pos: at, message: `group '${segments[1]}' is empty; list at least one email, or remove the group` };
      }
      return { pos: at, message: `${place} must list at least ${String(e.params.limit)} item(s)` };
    case 'minimum':
      return { pos: at, message: `${place} must be ${String(e.params.limit)} or more; got ${showValue(e.data)}` };
    case 'minLength':
      return { pos: at, message: `${place} must not be empty` };
    case 'uniqueItems': {
      // ajv names the two equal items; point at the later one.
      const [earlier, later] = [Number(e.params.i), Number(e.params.j)].sort((a, b) => a - b) as [number, number];
      const item = (e.data as unknown[])[later];
      const first = formatPos(positions.value(childPointer(path, String(earlier))));
      const noun = path === '/experimental' ? 'feature' : 'item';
      return {
        pos: positions.value(childPointer(path, String(later))),
        message: `${place} lists ${showValue(item)} twice; it is already listed at ${first}; list each ${noun} once`,
      };
    }
    default:
      return { pos: at, message: `${place} ${e.message ?? 'is invalid'}` };
  }
}

function badName(name: string, segments: readonly string[]): string {
  const last = segments[segments.length - 1];
  if (last === 'users') {
    const place = describePlace(segments);
    return `'${name}' ${notEmail(name)}; ${place} is keyed by email, like name@example.com`;
  }
  if (last === 'groups') {
    return `'${name}' is not a valid group name; use letters, digits, '.', '_' or '-', starting with a letter or digit`;
  }
  if (last === 'workspaces') return 'a workspace name must not be empty';
  if (last === 'frameio_groups') {
    return name === ''
      ? 'a Frame.io group name must not be empty'
      : `Frame.io group name '${name.slice(0, 40)}...' is ${name.length} characters long; Frame.io allows at most 255`;
  }
  if (last === 'projects') return 'a project name must not be empty';
  return `'${name}' is not a valid key in ${describePlace(segments)}`;
}

function badEnum(value: unknown, segments: readonly string[], allowed: string[]): string {
  const use = `use one of ${allowed.join(', ')}`;
  const last = segments[segments.length - 1];
  if (segments[0] === 'experimental' && typeof value === 'string') {
    const near = closest(value, allowed).map((name) => `'${name}'`);
    const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
    return `unknown experimental feature '${value}'${hint}; the features rolesync knows: ${allowed.join(', ')}`;
  }
  // GROUP_ROLES are the project roles: the place, not the list, tells a group grant apart.
  if (isGroupGrant(segments)) {
    if (typeof value !== 'string') return `role must be one of ${allowed.join(', ')}; got ${describeValue(value)}`;
    const why =
      value === 'workspace_admin'
        ? " (workspace_admin is given to users only: list them under the workspace's users)"
        : value === 'admin' || value === 'owner'
          ? ' (admin and owner come from the account role; set admins under account.users)'
          : '';
    return `role '${value}' is not a role a Frame.io group can hold; ${use}${why}`;
  }
  const noun =
    allowed.join() === WORKSPACE_ROLES.join()
      ? 'a workspace role'
      : allowed.join() === PROJECT_ROLES.join()
        ? 'a project role'
        : allowed.join() === SETTABLE_ACCOUNT_ROLES.join()
          ? 'an account role a manifest can set'
          : last === 'mode'
            ? 'a mode'
            : 'allowed here';
  const what = last === 'mode' ? 'mode' : noun === 'allowed here' ? describePlace(segments) : 'role';
  if (typeof value !== 'string') return `${what} must be one of ${allowed.join(', ')}; got ${describeValue(value)}`;
  let why = '';
  const roleScope = noun === 'a workspace role' || noun === 'a project role';
  if (roleScope && (value === 'admin' || value === 'owner'))
    why = ' (admin and owner come from the account role; set admins under account.users)';
  if (noun === 'a project role' && value === 'workspace_admin')
    why =
      " (workspace_admin is a workspace role: give it under the workspace's users, where it covers every " +
      'project of the workspace)';
  if (noun === 'an account role a manifest can set' && (value === 'owner' || value === 'reviewer'))
    why = ' (the API cannot set owner or reviewer)';
  return `${what} '${value}' is not ${noun}; ${use}${why}`;
}

function badPattern(value: unknown, segments: readonly string[], place: string): string {
  const [top, name, sub] = segments;
  const shown = showValue(value);
  if (top === 'account' && name === 'id') {
    return (
      `account.id ${shown} is not a Frame.io account id; use the account's UUID (like ` +
      `1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10) or its 'adobe:' id`
    );
  }
  if (top === 'workspaces' && sub === 'id') {
    return (
      `id ${shown} of workspace '${name}' is not a UUID; pin the workspace's Frame.io id, like ` +
      '8897b795-ace2-4f12-b4b4-4a899aefa2d5'
    );
  }
  if (top === 'workspaces' && sub === 'projects' && segments[4] === 'id') {
    return (
      `id ${shown} of project '${segments[3]}' in workspace '${name}' is not a Frame.io project id; pin the ` +
      "project's UUID, like 18d9023a-6b06-4417-b3f4-bf87865c183f, or its 'adobe:' id"
    );
  }
  if (top === 'policy' && name === 'expiry_notice') {
    return `policy.expiry_notice ${shown} is not a duration; write a number of hours or days, like 36h or 14d`;
  }
  if (top === 'policy' && name === 'protected') {
    return `protected entry ${shown} ${notEmail(value)}; policy.protected lists emails, like name@example.com`;
  }
  if (top === 'groups') {
    return `member ${shown} of group '${name}' ${notEmail(value)}; a group lists emails, like name@example.com`;
  }
  if (top === 'frameio_groups' && sub === 'id') {
    return (
      `id ${shown} of Frame.io group '${name}' is not a UUID; pin the group's Frame.io id, like ` +
      '1b67ac33-b557-4122-bd3a-f071b5458e55'
    );
  }
  if (top === 'frameio_groups' && sub === 'members') {
    const fault = notEmail(value);
    return `member ${shown} of Frame.io group '${name}' ${fault}; members lists emails, like name@example.com`;
  }
  if (top === 'frameio_groups' && sub === 'groups') {
    return (
      `${shown} in groups of Frame.io group '${name}' is not a manifest group name; groups lists manifest groups ` +
      "(defined under the top-level 'groups:'), whose members become members of the Frame.io group"
    );
  }
  return `${place} ${shown} is not valid`;
}

/** A role under a workspace's or a project's `frameio_groups:`. */
function isGroupGrant(path: readonly string[]): boolean {
  // `{ role, expires }`: the role is one level down.
  const segments = path[path.length - 1] === 'role' ? path.slice(0, -1) : path;
  const [top, , sub, , field] = segments;
  if (top !== 'workspaces') return false;
  if (segments.length === 4) return sub === 'frameio_groups';
  return segments.length === 6 && sub === 'projects' && field === 'frameio_groups';
}

/** `object` -> 'a mapping (key: value)'; a nullable type (`['object', 'null']`) adds 'or empty'. */
function expectedType(type: unknown): string {
  return String(type)
    .split(',')
    .map((t) => (t === 'null' ? 'empty' : (EXPECTED[t] ?? t)))
    .join(' or ');
}

/** `experimental: frameio_groups` (a string) is the likeliest slip: show the list form. */
function experimentalHint(path: string, value: unknown): string {
  return path === '/experimental' && typeof value === 'string' ? ` (write experimental: [${value}])` : '';
}

/** YAML 1.2 reads yes, no, on and off as text, unlike YAML 1.1: say so where true or false is wanted. */
function yamlBooleanHint(type: unknown, value: unknown): string {
  if (type !== 'boolean' || typeof value !== 'string' || !/^(yes|no|on|off|y|n)$/i.test(value)) return '';
  return ' (YAML 1.2 reads yes, no, on and off as text; write true or false)';
}

/**
 * "is not an email address", and why when a reader cannot see it at a glance: a text with an '@'
 * that fails the schema's pattern `^[^\s@]+@[^\s@]+\.[^\s@]+$` (no '@' at all is plain to see).
 */
function notEmail(value: unknown): string {
  return `is not an email address${emailFault(value)}`;
}

function emailFault(value: unknown): string {
  if (typeof value !== 'string' || !value.includes('@')) return '';
  if (/\s/.test(value)) return ' (it contains a space)';
  const parts = value.split('@');
  if (parts.length > 2) return " (it has more than one '@')";
  if (parts[0] === '') return " (nothing before the '@')";
  if (!/^[^\s@]+\.[^\s@]+$/.test(parts[1]!)) return " (the part after '@' needs a dot inside it, like acme.com)";
  return '';
}
