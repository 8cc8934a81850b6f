// The published JSON Schema (schemas/manifest.schema.json), compiled once with ajv on first use.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

const SCHEMA_FILE = join('schemas', 'manifest.schema.json');

/** The package root holds `schemas/`; walk up because this module runs from `src/` and `dist/src/`. */
function findSchemaFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`cannot find ${SCHEMA_FILE} above ${fileURLToPath(import.meta.url)}`);
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
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
    validate = ajv.compile(manifestSchema());
  }
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
