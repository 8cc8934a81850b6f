// Runs one measurement in a fresh Node process (so sizes share no heap) and reads back its JSON.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Runs `node [nodeArgs] script args`, resolves with its stdout; bounded by `timeoutMs`. */
export function runNode(
  script: string,
  args: string[],
  options: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<{ stdout: string; wallMs: number }> {
  return runNodeArgv([...(options.nodeArgs ?? []), script, ...args], options.timeoutMs);
}

/**
 * Runs `node argv…` (e.g. `-e 0`), resolves with its output and the wall time from spawn to exit;
 * `env` replaces the environment (default: this process's).
 */
export function runNodeArgv(
  argv: string[],
  timeoutMs = 300_000,
  env?: Record<string, string>,
): Promise<{ stdout: string; stderr: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      if (code === 0) resolve({ stdout, stderr, wallMs });
      else reject(new Error(`bench child ${argv.join(' ')} ended with ${signal ?? `exit code ${code}`}: ${tail}`));
    });
  });
}

/** The last line of a child's stdout, parsed as JSON. */
export async function runChild<T>(script: string, args: string[], nodeArgs: string[] = []): Promise<T> {
  const { stdout } = await runNode(script, args, { nodeArgs });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}
