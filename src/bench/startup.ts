// Start-up of the built CLI: whole processes of `rolesync --help` and `rolesync validate
// examples/acme/` against a bare `node -e 0`, taken in turns so other load on the machine weighs
// on all three alike. Measures whatever dist/ does; it does not decide how the CLI loads.
import { runNodeArgv } from './child.js';
import { median, table } from './format.js';

export interface StartupCommand {
  /** As a user types it. */
  label: string;
  /** Wall ms from spawn to exit, one per run. */
  ms: number[];
}

export interface StartupFigures {
  runs: number;
  /** `node -e 0` first, then the CLI commands. */
  commands: StartupCommand[];
}

export async function measureStartup(rolesync: string, exampleDir: string, runs = 15): Promise<StartupFigures> {
  const commands: { label: string; argv: string[] }[] = [
    { label: 'node -e 0', argv: ['-e', '0'] },
    { label: 'rolesync --help', argv: [rolesync, '--help'] },
    { label: 'rolesync validate examples/acme/', argv: [rolesync, 'validate', exampleDir] },
  ];
  const ms: number[][] = commands.map(() => []);
  // One untimed round first: the file system cache, not Node, would be measured otherwise.
  for (const c of commands) await runNodeArgv(c.argv);
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of commands.entries()) ms[k]!.push((await runNodeArgv(c.argv)).wallMs);
  }
  return { runs, commands: commands.map((c, k) => ({ label: c.label, ms: ms[k]! })) };
}

/** Median of each command, and its ratio to and difference from bare Node's median. */
export interface StartupRow {
  label: string;
  median: number;
  min: number;
  /** Median over bare Node's median. */
  ratio: number;
  /** Median minus bare Node's median, ms. */
  overNode: number;
}

export function startupSummary(f: StartupFigures): StartupRow[] {
  const node = median(f.commands[0]?.ms ?? []);
  return f.commands.map((c) => {
    const m = median(c.ms);
    return { label: c.label, median: m, min: Math.min(...c.ms), ratio: m / node, overNode: m - node };
  });
}

export function startupSection(f: StartupFigures): string {
  const rows = startupSummary(f);
  const ms = (v: number) => `${Math.round(v)} ms`;
  return [
    '## 4. Start-up: whole CLI processes against bare Node',
    '',
    [
      `Each command runs ${f.runs} times as a whole process, from spawn to exit, the three in turns after one`,
      'untimed round (so the file cache is warm and other load on the machine weighs on all alike). `rolesync` is',
      '`node dist/cmd/rolesync.js`, which is what the installed bin runs; figures are medians.',
    ].join(' '),
    '',
    table(
      ['command', 'median', 'fastest', '÷ `node -e 0`', 'over `node -e 0`'],
      rows.map((r, i) => {
        const vsNode = i === 0 ? ['1.00×', ''] : [`${r.ratio.toFixed(2)}×`, `+${ms(r.overNode)}`];
        return [`\`${r.label}\``, ms(r.median), ms(r.min), ...vsNode];
      }),
    ),
  ].join('\n');
}
