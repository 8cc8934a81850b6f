// Reads argv against the command table: the command, its options and positionals, or what is wrong
// with them, said plainly. Pure: no I/O, and nothing is loaded but the table.
import { parseArgs } from 'node:util';
import { closest } from '../src/plan/suggest.js';
import { COMMANDS, findCommand, type Command, type Options, type ParsedValues, type Runnable } from './commands.js';

export type Parsed =
  /** The main help, or `command`'s. */
  | { kind: 'help'; command?: Command }
  | { kind: 'version' }
  | { kind: 'run'; command: Runnable; values: ParsedValues; positionals: string[] }
  /** A usage error; `command` names the command whose --help to point at. */
  | { kind: 'usage'; message: string; command?: string };

export function parseCommand(argv: readonly string[]): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'help' };
  if (first === '--help' || first === '-h') return helpFor(rest[0]);
  if (first === '--version' || first === '-v') return { kind: 'version' };
  const command = findCommand(first);
  if (!command) return first.startsWith('-') ? unknownOption(first) : unknownCommand(first);

  const options: Options = { ...command.options, help: { type: 'boolean', short: 'h' } };
  const problem = optionProblem(rest, options);
  if (problem !== undefined) return usage(problem, command.name);
  let parsed: { values: ParsedValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Only for a check the token pass above does not know; Node's errors carry no option name.
    return usage((error as Error).message, command.name);
  }
  const { values, positionals } = parsed;
  if (values['help'] === true) return { kind: 'help', command };
  if ('run' in command) return { kind: 'run', command, values, positionals };
  if (command.builtin === 'help') {
    return positionals.length > 1 ? usage('help takes at most one command name', 'help') : helpFor(positionals[0]);
  }
  if (positionals.length > 0) return usage(`version takes no arguments, got '${positionals[0]}'`, 'version');
  return { kind: 'version' };
}

function usage(message: string, command?: string): Parsed {
  return command === undefined ? { kind: 'usage', message } : { kind: 'usage', message, command };
}

/** `; did you mean a or b?` after a name that matched nothing; empty without candidates. */
function suggestion(near: string[]): string {
  return near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
}

function helpFor(name: string | undefined): Parsed {
  if (name === undefined) return { kind: 'help' };
  const command = findCommand(name);
  return command ? { kind: 'help', command } : unknownCommand(name);
}

function unknownCommand(name: string): Parsed {
  const near = closest(
    name,
    COMMANDS.map((c) => c.name),
  ).map((n) => `'${n}'`);
  return usage(`unknown command '${name}'${suggestion(near)}`);
}

function unknownOption(raw: string): Parsed {
  const near = raw.startsWith('--') ? closest(raw.slice(2), ['help', 'version']).map((n) => `--${n}`) : [];
  return usage(`unknown option '${raw}'${near.length > 0 ? suggestion(near) : '; options follow the command'}`);
}

/**
 * The first problem with the options in `args`, as strict parseArgs would find it, but from its
 * tokens: Node's errors give the option's name only inside their English text.
 */
function optionProblem(args: readonly string[], options: Options): string | undefined {
  const { tokens } = parseArgs({ args: [...args], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) {
      const near = token.rawName.startsWith('--') ? closest(token.name, Object.keys(options)).map((k) => `--${k}`) : [];
      return `unknown option '${token.rawName}'${suggestion(near)}`;
    }
    if (option.type === 'boolean' && token.value !== undefined) return `option '${token.rawName}' takes no value`;
    if (option.type === 'string') {
      if (token.value === undefined) return `option '${token.rawName}' needs a value`;
      // As strict parseArgs: `--out --yes` is a forgotten value, not a file named --yes.
      if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
        const meant = `--${token.name}=${token.value}`;
        return (
          `option '${token.rawName}' needs a value, got the option '${token.value}' ` +
          `(write ${meant} if it is the value)`
        );
      }
    }
  }
  return undefined;
}
