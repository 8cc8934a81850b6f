// parseCommand: argv against the command table, without running anything.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cmd/commands.js';
import { COMMAND_HELP, MAIN_HELP } from '../../cmd/help.js';
import { parseCommand, type Parsed } from '../../cmd/parse.js';

/** The parts a reader compares: the kind, the command's name, and the values or the message. */
function shape(parsed: Parsed): unknown {
  switch (parsed.kind) {
    case 'help':
      return { kind: 'help', command: parsed.command?.name };
    case 'version':
      return { kind: 'version' };
    case 'run':
      return {
        kind: 'run',
        command: parsed.command.name,
        values: { ...parsed.values },
        positionals: parsed.positionals,
      };
    case 'usage':
      return { kind: 'usage', command: parsed.command, message: parsed.message };
  }
}

const cases: [string[], unknown][] = [
  [[], { kind: 'help', command: undefined }],
  [['--help'], { kind: 'help', command: undefined }],
  [['-h'], { kind: 'help', command: undefined }],
  [['help'], { kind: 'help', command: undefined }],
  [['help', 'plan'], { kind: 'help', command: 'plan' }],
  [['--help', 'apply'], { kind: 'help', command: 'apply' }],
  [['help', 'plna'], { kind: 'usage', command: undefined, message: "unknown command 'plna'; did you mean 'plan'?" }],
  [['help', 'plan', 'apply'], { kind: 'usage', command: 'help', message: 'help takes at most one command name' }],
  [['version'], { kind: 'version' }],
  [['--version'], { kind: 'version' }],
  [['-v'], { kind: 'version' }],
  [['version', '--help'], { kind: 'help', command: 'version' }],
  [['version', 'now'], { kind: 'usage', command: 'version', message: "version takes no arguments, got 'now'" }],
  [
    ['plna', 'examples/acme/'],
    { kind: 'usage', command: undefined, message: "unknown command 'plna'; did you mean 'plan'?" },
  ],
  [['exprot'], { kind: 'usage', command: undefined, message: "unknown command 'exprot'; did you mean 'export'?" }],
  [['frobnicate'], { kind: 'usage', command: undefined, message: "unknown command 'frobnicate'" }],
  [
    ['--verison'],
    { kind: 'usage', command: undefined, message: "unknown option '--verison'; did you mean --version?" },
  ],
  [
    ['--quiet', 'plan'],
    { kind: 'usage', command: undefined, message: "unknown option '--quiet'; options follow the command" },
  ],
  [
    ['plan', 'a/', '--formt', 'json'],
    { kind: 'usage', command: 'plan', message: "unknown option '--formt'; did you mean --format?" },
  ],
  [
    ['apply', 'a/', '--jornal', 'j'],
    { kind: 'usage', command: 'apply', message: "unknown option '--jornal'; did you mean --journal?" },
  ],
  [['apply', 'a/', '--zzz'], { kind: 'usage', command: 'apply', message: "unknown option '--zzz'" }],
  [['apply', 'a/', '-x'], { kind: 'usage', command: 'apply', message: "unknown option '-x'" }],
  [['plan', 'a/', '--out'], { kind: 'usage', command: 'plan', message: "option '--out' needs a value" }],
  [
    ['plan', 'a/', '--out', '--detailed-exitcode'],
    {
      kind: 'usage',
      command: 'plan',
      message:
        "option '--out' needs a value, got the option '--detailed-exitcode' (write --out=--detailed-exitcode if " +
        'it is the value)',
    },
  ],
  [['plan', 'a/', '--quiet=yes'], { kind: 'usage', command: 'plan', message: "option '--quiet' takes no value" }],
  [['plan', '--help'], { kind: 'help', command: 'plan' }],
  [['plan', 'a/', '-h'], { kind: 'help', command: 'plan' }],
  [
    ['plan', 'a/', '--out=-', '--quiet', '--format', 'json'],
    { kind: 'run', command: 'plan', values: { out: '-', quiet: true, format: 'json' }, positionals: ['a/'] },
  ],
  [
    ['apply', 'a/', '-y', '--plan', 'p.json'],
    { kind: 'run', command: 'apply', values: { yes: true, plan: 'p.json' }, positionals: ['a/'] },
  ],
  [
    ['export', '--account', 'x', '--workspace', 'A', '--workspace', 'B'],
    { kind: 'run', command: 'export', values: { account: 'x', workspace: ['A', 'B'] }, positionals: [] },
  ],
  [
    ['validate', '--', '--odd-name.yaml'],
    { kind: 'run', command: 'validate', values: {}, positionals: ['--odd-name.yaml'] },
  ],
];

describe('parseCommand', () => {
  it.each(cases)('%j', (argv, expected) => {
    expect(shape(parseCommand(argv))).toEqual(expected);
  });

  it('answers --help for every command of the table with its help text', () => {
    for (const command of COMMANDS) {
      const parsed = parseCommand([command.name, '--help']);
      expect(parsed).toMatchObject({ kind: 'help', command: { name: command.name } });
      expect(COMMAND_HELP[command.name]).toBe(command.help);
      expect(command.help).toMatch(new RegExp(`^Usage: rolesync ${command.name}`));
      expect(command.help).toMatch(/\nExamples?:\n {2}rolesync /);
    }
  });

  it('the main help lists every command of the table', () => {
    for (const command of COMMANDS) expect(MAIN_HELP).toContain(`\n  ${command.synopsis} `);
    expect(MAIN_HELP).toContain('\n  version ');
  });

  it('every option of a command is in its --help, and --quiet is on plan, apply, drift, export and report', () => {
    for (const command of COMMANDS) {
      for (const name of Object.keys(command.options)) {
        expect(command.help, `${command.name} --${name}`).toContain(`--${name}`);
      }
    }
    const quiet = COMMANDS.filter((c) => 'quiet' in c.options).map((c) => c.name);
    expect(quiet).toEqual(['plan', 'apply', 'drift', 'export', 'report']);
  });

  it('apply and the emulator defer signals, as the table says; nothing else does', () => {
    expect(COMMANDS.filter((c) => c.defersSignals === true).map((c) => c.name)).toEqual(['apply', 'emulator']);
  });
});
