// The published JSON Schema (schemas/manifest.schema.json), compiled once with ajv on first use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../package-files.js';
import {
  Ajv2020,
  type ErrorObject,
  type KeywordDefinition,
  type Options,
  type ValidateFunction,
} from 'ajv/dist/2020.js';

const SCHEMA_FILE = join('schemas', 'manifest.schema.json');

function findSchemaFile(): string {
  const file = packageFile(SCHEMA_FILE);
  if (file === null) throw new Error(`cannot find ${SCHEMA_FILE} in the rolesync package`);
  return file;
}

/**
 * Keywords the schema carries for the YAML language server (per-value hover and completion texts,
 * a readable message for a failed pattern). They validate nothing, but strict ajv refuses unknown
 * keywords, so every ajv that compiles the schema registers them; schemaType still checks their shape.
 */
export const EDITOR_KEYWORDS: readonly KeywordDefinition[] = [
  { keyword: 'enumDescriptions', schemaType: 'array' },
  { keyword: 'patternErrorMessage', schemaType: 'string' },
];

/** A strict 2020-12 ajv that knows the editor keywords. */
export function manifestAjv(options: Options = {}): Ajv2020 {
  return new Ajv2020({ strict: true, ...options, keywords: [...EDITOR_KEYWORDS] });
}

let schema: Record<string, unknown> | undefined;
let validate: ValidateFunction | undefined;

export function manifestSchema(): Record<string, unknown> {
  schema ??= JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as Record<string, unknown>;
  return schema;
}

/** Schema errors for one file's plain data; empty when it conforms. */
export function schemaErrors(data: unknown): ErrorObject[] {
  if (!validate) {
    // verbose: the messages need the offending value and its schema (allowed keys).
    // validateSchema off: checking the shipped schema against the 2020-12 meta-schema compiled the
    // meta-schema on every run (a third of the first validate's schema cost); the tests check it.
    validate = manifestAjv({ allErrors: true, verbose: true, validateSchema: false }).compile(manifestSchema());
  }
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
