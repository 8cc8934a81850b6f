// The one guard of an exhaustive switch: a value TypeScript has narrowed to nothing.

/** Fails to compile when a case is missing; throws `unknown <what>: <value>` if one slips in at run time. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unknown ${what}: ${JSON.stringify(value)}`);
}
