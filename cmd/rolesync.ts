#!/usr/bin/env node
// The `rolesync` executable: runs main() with the real process. For apply (and the emulator) the
// first SIGINT/SIGTERM becomes an abort signal, so that in-flight calls finish and the journal is
// written; every other command, and a second signal, stops at once with 130.
import { main } from './main.js';

const argv = process.argv.slice(2);
const deferred = argv[0] === 'apply' || argv[0] === 'emulator';
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!deferred || controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}

const code = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interrupted: controller.signal,
});
// Pending timers (rate-limit waits, an emulator) must not keep a finished command alive; flush first.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(code);
