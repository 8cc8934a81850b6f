#!/usr/bin/env node
// The `rolesync` executable: runs main() with the real process. For a command whose table entry
// defers signals (apply, the emulator) the first SIGINT/SIGTERM becomes an abort signal, so that
// in-flight calls finish and the journal is written; every other command, and a second signal,
// stops at once with 130.
import { main } from './main.js';
import { parseCommand } from './parse.js';

const argv = process.argv.slice(2);
const parsed = parseCommand(argv);
const deferred = parsed.kind === 'run' && parsed.command.defersSignals === true;
const controller = new AbortController();
const stop = () => {
  if (!deferred || controller.signal.aborted) process.exit(130);
  controller.abort();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);

// Through npx a shell stands between npx and rolesync, and npx passes a kill on to that shell only:
// `npx rolesync emulator &` then `kill $!` would leave the emulator running. When that parent goes
// away, stop as on a first SIGTERM (unless a signal came first: its stop is under way).
if (process.env['npm_lifecycle_event'] === 'npx') {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    if (!controller.signal.aborted) stop();
  }, 250);
  watch.unref();
}

// Output that cannot be written is not a bug to show with a stack trace. A reader that went away
// (`| head`) has what it wanted: the command finishes and exits with its own code. Any other failure
// (a full disk) leaves the output incomplete: say so in one line and exit 1.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    if (stream === process.stdout)
      process.stderr.write(`rolesync: cannot write the output: ${error.code ?? error.message}\n`);
    process.exit(1);
  });
}

const code = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  pid: process.pid,
  interrupted: controller.signal,
});
// Pending timers (rate-limit waits, an emulator) must not keep a finished command alive, so exit
// explicitly; but only once both streams have drained: into a pipe, writes wait in the process
// and process.exit would drop them (a write's callback runs after every write before it).
const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
