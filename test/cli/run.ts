// Runs the real CLI entry (cmd/main.ts) in-process, with captured output; no terminal unless asked.
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
