// Typed reads through parsed JSON or YAML in tests: a path walk, and checked reads that fail naming the path.

export type Key = string | number;
export type Mapping = Record<string, unknown>;

/** The value at `path` (mapping keys, list indexes); undefined where the path leaves the document. */
export function at(value: unknown, ...path: Key[]): unknown {
  let here = value;
  for (const key of path) {
    // Own keys only, so that a path never walks into a prototype (`constructor`, `toString`).
    if (typeof here !== 'object' || here === null || !Object.hasOwn(here, key)) return undefined;
    here = (here as Record<Key, unknown>)[key];
  }
  return here;
}

export function mapping(value: unknown, ...path: Key[]): Mapping {
  const found = at(value, ...path);
  if (typeof found !== 'object' || found === null || Array.isArray(found)) throw shape('a mapping', path, found);
  return found as Mapping;
}

export function list(value: unknown, ...path: Key[]): unknown[] {
  const found = at(value, ...path);
  if (!Array.isArray(found)) throw shape('a list', path, found);
  return found;
}

export function text(value: unknown, ...path: Key[]): string {
  const found = at(value, ...path);
  if (typeof found !== 'string') throw shape('a string', path, found);
  return found;
}

function shape(expected: string, path: Key[], found: unknown): Error {
  const what = found === null ? 'null' : Array.isArray(found) ? 'a list' : typeof found;
  return new Error(`expected ${expected} at ${path.length > 0 ? path.join('.') : 'the top'}, found ${what}`);
}
