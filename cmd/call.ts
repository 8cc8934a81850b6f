// What a command handler receives from the command line, typed from its entry's parseArgs options.
import type { ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;

type OptionValue<C> = C extends { type: 'string' }
  ? C extends { multiple: true }
    ? string[]
    : string
  : C extends { multiple: true }
    ? boolean[]
    : boolean;

/** Every option of a command, undefined when not given. */
export type Values<O extends Options> = { -readonly [K in keyof O]: OptionValue<O[K]> | undefined };

/** What a handler gets from the command line. */
export interface Call<V> {
  values: V;
  positionals: string[];
}

/** Option values as parseArgs gives them, before a handler's own type narrows them. */
export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;
