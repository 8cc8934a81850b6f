// Runs the real CLI entry (cmd/main.ts) in-process, with captured output and no terminal.
import { PassThrough } from 'node:stream';
import { main } from '../../cmd/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], env: Record<string, string | undefined>, signal?: AbortSignal): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env: { NO_COLOR: '1', ...env }, ...(signal ? { interrupted: signal } : {}) });
  return { code, stdout: out, stderr: err };
}
