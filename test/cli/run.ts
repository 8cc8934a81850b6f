// Runs the real CLI entry (cmd/main.ts) in-process, with captured output; no terminal unless asked.
// `runBuilt` runs the built executable (dist/) in a process of its own, as a user does.
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { main } from '../../cmd/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stderrIsTerminal`: stderr says it is a TTY, as a person's terminal does (progress lines show). */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  signal?: AbortSignal,
  options: { stderrIsTerminal?: boolean } = {},
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.stderrIsTerminal === true });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(argv, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { NO_COLOR: '1', ...env },
    cwd: process.cwd(),
    ...(signal ? { interrupted: signal } : {}),
  });
  return { code, stdout: out, stderr: err };
}

/**
 * The built executable (`npm run build`), in a child process with only PATH, NO_COLOR and `env`;
 * `wrapper` runs it through another command (e.g. `['prlimit', '--fsize=0', '--']`).
 */
export function runBuilt(
  args: string[],
  env: Record<string, string>,
  wrapper: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, ...lead] = [...wrapper, process.execPath];
  const proc = spawn(command!, [...lead, 'dist/cmd/rolesync.js', ...args], {
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}
