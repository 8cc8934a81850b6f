// The schemas of the files apply reads back (saved plans, journal lines): compiled once on first
// read, and their errors told as JSON pointers with what is allowed there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { packageFile } from '../package-files.js';
import { counted } from '../plural.js';

/** A schema shipped in `schemas/`, by the name before `.schema.json`. */
export type SchemaName = 'plan' | 'journal';

type Node = Record<string, unknown>;

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

let shared: Ajv2020 | undefined;
const roots = new Map<SchemaName, { id: string; schema: Node }>();
const validators = new Map<string, ValidateFunction>();

function ajv(): Ajv2020 {
  // verbose: the messages need the offending value and the branches of anyOf/oneOf.
  // validateSchema off: the tests check the shipped schemas against the meta-schema.
  shared ??= new Ajv2020({ strict: true, allErrors: true, verbose: true, validateSchema: false });
  return shared;
}

function root(name: SchemaName): { id: string; schema: Node } {
  let loaded = roots.get(name);
  if (loaded === undefined) {
    const relative = join('schemas', `${name}.schema.json`);
    const file = packageFile(relative);
    if (file === null) throw new Error(`cannot find ${relative} in the rolesync package`);
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Node;
    if (typeof schema['$id'] !== 'string') throw new Error(`${relative} has no $id`);
    ajv().addSchema(schema);
    loaded = { id: schema['$id'], schema };
    roots.set(name, loaded);
  }
  return loaded;
}

/** The validator of a schema or one of its parts (`ref` like `#/$defs/entry`), compiled on first use. */
function validator(name: SchemaName, ref: string): ValidateFunction {
  const uri = `${root(name).id}${ref}`;
  let validate = validators.get(uri);
  if (validate === undefined) {
    validate = ajv().compile({ $ref: uri });
    validators.set(uri, validate);
  }
  return validate;
}

/**
 * Checks `data` against a shipped schema (or its part `ref`, like `#/$defs/entry`). The schema
 * states the type `T`: the golden and written documents are validated by the tests.
 * `whole` names the document itself in a problem ("the plan", "the line").
 */
export function check<T>(name: SchemaName, data: unknown, whole: string, ref = ''): Checked<T> {
  const validate = validator(name, ref) as ValidateFunction<T>;
  if (validate(data)) return { ok: true, value: data };
  return { ok: false, problems: explain(name, [...(validate.errors ?? [])], '', whole) };
}

/** The first problem, and how many more there are. */
export function summary(problems: readonly string[]): string {
  const [first = 'not valid', ...more] = problems;
  return more.length === 0 ? first : `${first} (and ${counted(more.length, 'more problem')})`;
}

/** Problems in words, one per place; what a oneOf/anyOf branch says is told by that combinator. */
function explain(name: SchemaName, errors: ErrorObject[], prefix: string, whole: string): string[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const within = (e: ErrorObject, c: ErrorObject) =>
    e !== c && (e.instancePath === c.instancePath || e.instancePath.startsWith(`${c.instancePath}/`));
  const out: string[] = [];
  for (const e of errors) {
    if (combinators.some((c) => within(e, c))) continue;
    for (const problem of describe(name, e, prefix, whole)) if (!out.includes(problem)) out.push(problem);
  }
  return out;
}

function describe(name: SchemaName, e: ErrorObject, prefix: string, whole: string): string[] {
  const pointer = `${prefix}${e.instancePath}`;
  const subject = pointer === '' ? whole : pointer;
  const got = `; got ${show(e.data)}`;
  switch (e.keyword) {
    case 'required':
    case 'dependentRequired':
      return [`${pointer}/${String(e.params.missingProperty)} is missing`];
    case 'additionalProperties':
      return [`${pointer}/${String(e.params.additionalProperty)} is not allowed here`];
    case 'type':
      return [`${subject} must be ${TYPES[String(e.params.type)] ?? String(e.params.type)}${got}`];
    case 'enum':
      return [`${subject} must be ${oneOf((e.params.allowedValues as unknown[]).map(String))}${got}`];
    case 'const':
      return [`${subject} must be ${show(e.params.allowedValue)}${got}`];
    case 'minimum':
      return [`${subject} must be ${String(e.params.limit)} or more${got}`];
    case 'minLength':
      return [`${subject} must not be empty`];
    case 'anyOf': {
      const allowed = branches(e).map((branch) => values(name, branch));
      if (allowed.every((v) => v !== null)) return [`${subject} must be ${oneOf(allowed.flat())}${got}`];
      return [`${subject} is not valid${got}`];
    }
    case 'oneOf':
      return oneOfProblems(name, e, pointer, subject, whole);
    default:
      return [`${subject} ${e.message ?? 'is not valid'}`];
  }
}

const TYPES: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/**
 * A oneOf of `$ref`s discriminated by a constant (a change's `action`): the branch whose constants
 * the data matches is the one meant, and its own problems are told; with no such branch, the
 * constant's allowed values.
 */
function oneOfProblems(name: SchemaName, e: ErrorObject, pointer: string, subject: string, whole: string): string[] {
  const refs = branches(e).map((branch) => (typeof branch['$ref'] === 'string' ? branch['$ref'] : null));
  if (refs.some((ref) => ref === null)) return [`${subject} is not valid; got ${show(e.data)}`];
  const tried = refs.map((ref) => {
    const validate = validator(name, ref!);
    return validate(e.data) ? [] : [...(validate.errors ?? [])];
  });
  const atTop = (x: ErrorObject) => x.instancePath === '' && x.keyword === 'type';
  if (tried.every((errors) => errors.some(atTop))) {
    return describe(name, tried[0]!.find(atTop)!, pointer, whole);
  }
  // The discriminator: a property every branch holds to a constant (a change's `action`; a group
  // change's constant `to` is not one, as other branches leave `to` open).
  const constants = refs.map((ref) => constantProperties(name, ref!));
  const shared = constants[0]?.filter((key) => constants.every((keys) => keys.includes(key))) ?? [];
  const discriminant = (x: ErrorObject) =>
    x.keyword === 'const' &&
    shared.some((key) => x.instancePath === `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
  const meant = tried.filter((errors) => !errors.some(discriminant));
  if (meant.length === 1) return explain(name, meant[0]!, pointer, whole);
  const misses = tried.flatMap((errors) => errors.filter(discriminant));
  const at = misses[0]?.instancePath;
  if (meant.length === 0 && at !== undefined && misses.every((x) => x.instancePath === at)) {
    const allowed = misses.map((x) => String(x.params.allowedValue));
    return [`${pointer}${at} must be ${oneOf(allowed)}; got ${show(misses[0]!.data)}`];
  }
  return [`${subject} is not valid; got ${show(e.data)}`];
}

/** The properties a `$ref`'d object schema holds to a `const`. */
function constantProperties(name: SchemaName, ref: string): string[] {
  const properties = resolve(name, ref)?.['properties'];
  if (typeof properties !== 'object' || properties === null) return [];
  return Object.entries(properties as Record<string, unknown>)
    .filter(([, schema]) => typeof schema === 'object' && schema !== null && 'const' in schema)
    .map(([key]) => key);
}

function branches(e: ErrorObject): Node[] {
  return Array.isArray(e.schema) ? e.schema.filter((b): b is Node => typeof b === 'object' && b !== null) : [];
}

/** The values a branch allows when it is a plain list of values (enum, const, null), else null. */
function values(name: SchemaName, branch: Node): string[] | null {
  const ref = branch['$ref'];
  const node = typeof ref === 'string' ? resolve(name, ref) : branch;
  if (node === null) return null;
  if (Array.isArray(node['enum'])) return node['enum'].map(String);
  if ('const' in node) return [String(node['const'])];
  if (node['type'] === 'null') return ['null'];
  return null;
}

/** A local `#/...` reference inside the named schema. */
function resolve(name: SchemaName, ref: string): Node | null {
  if (!ref.startsWith('#/')) return null;
  let node: unknown = root(name).schema;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    node = typeof node === 'object' && node !== null ? (node as Node)[key] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as Node) : null;
}

function oneOf(allowed: string[]): string {
  if (allowed.length === 1) return allowed[0]!;
  return `one of ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)!}`;
}

/** A value as a reader recognises it: strings quoted, lists and objects named. */
function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
