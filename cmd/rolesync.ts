#!/usr/bin/env node
// The `rolesync` executable: runs main() with the real process, and turns SIGINT/SIGTERM into an
// abort signal so that a running apply can finish its in-flight calls and write its journal.
import { main } from './main.js';

const controller = new AbortController();
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) process.exit(130);
    controller.abort();
  });
}

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  interrupted: controller.signal,
});
// Pending timers (rate-limit waits, an emulator) must not keep a finished command alive; flush first.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(code);
