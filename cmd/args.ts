// Checks the handlers share on their parsed arguments; each failure is a usage error.
import { RolesyncError } from '../src/errors.js';

export type Format = 'text' | 'json' | 'markdown';

/** A usage error: the message, then where to read the usage. */
export function usage(message: string, command?: string): never {
  throw new RolesyncError('USAGE', `${message}\nRun 'rolesync ${command ? `${command} ` : ''}--help' for usage.`);
}

export function format(value: string | undefined, command: string): Format {
  if (value === undefined) return 'text';
  if (value === 'text' || value === 'json' || value === 'markdown') return value;
  usage(`--format must be text, json or markdown, not '${value}'`, command);
}

export function onePath(positionals: string[], command: string): string {
  if (positionals.length !== 1) usage(`${command} needs exactly one manifest path (a file or a directory)`, command);
  return positionals[0]!;
}
