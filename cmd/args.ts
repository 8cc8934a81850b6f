// Checks the handlers share on their parsed arguments; each failure is a usage error.
import { RolesyncError } from '../src/errors.js';
import { parseMoment } from '../src/manifest/expiry.js';

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

/**
 * The command's one clock reading, in epoch milliseconds: `--now DATE-TIME` when given (tests,
 * reproducible plans), else the time now. Read once per command; every expiry is judged against it.
 */
export function nowOf(value: string | undefined, command: string): number {
  if (value === undefined) return Date.now();
  const parsed = parseMoment(value, '--now');
  if (!parsed.ok) usage(parsed.message.replace('write an ISO', 'give an ISO'), command);
  return parsed.value.at;
}

export function onePath(positionals: string[], command: string): string {
  if (positionals.length !== 1) usage(`${command} needs exactly one manifest path (a file or a directory)`, command);
  return positionals[0]!;
}
