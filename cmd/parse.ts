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
  if (problem !== undefined) return { kind: 'usage', message: problem, command: command.name };
  let parsed: { values: ParsedValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Only for a check the token pass above does not know; Node's errors carry no option name.
    return { kind: 'usage', message: (error as Error).message, command: command.name };
  }
  const { values, positionals } = parsed;
  if (values['help'] === true) return { kind: 'help', command };
  if ('run' in command) return { kind: 'run', command, values, positionals };
  if (command.builtin === 'help') {
    if (positionals.length > 1) return { kind: 'usage', message: 'help takes at most one command name', command: 'help' };
    return helpFor(positionals[0]);
  }
  if (positionals.length > 0) return { kind: 'usage', message: `version takes no arguments, got '${positionals[0]}'`, command: 'version' };
  return { kind: 'version' };
}

function helpFor(name: string | undefined): Parsed {
  if (name === undefined) return { kind: 'help' };
  const command = findCommand(name);
  return command ? { kind: 'help', command } : unknownCommand(name);
}

function unknownCommand(name: string): Parsed {
  const near = closest(name, COMMANDS.map((c) => c.name)).map((n) => `'${n}'`);
  return { kind: 'usage', message: `unknown command '${name}'${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''}` };
}

function unknownOption(raw: string): Parsed {
  const near = raw.startsWith('--') ? closest(raw.slice(2), ['help', 'version']).map((n) => `--${n}`) : [];
  const hint = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '; options follow the command';
  return { kind: 'usage', message: `unknown option '${raw}'${hint}` };
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
      return `unknown option '${token.rawName}'${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''}`;
    }
    if (option.type === 'boolean' && token.value !== undefined) return `option '${token.rawName}' takes no value`;
    if (option.type === 'string') {
      if (token.value === undefined) return `option '${token.rawName}' needs a value`;
      // As strict parseArgs: `--out --yes` is a forgotten value, not a file named --yes.
      if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
        return `option '${token.rawName}' needs a value, got the option '${token.value}' (write --${token.name}=${token.value} if it is the value)`;
      }
    }
  }
  return undefined;
}
