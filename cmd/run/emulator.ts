// `rolesync emulator`: run the local Frame.io V4 emulator until the process is asked to stop.
import { emulatorBanner, startEmulator } from '../../src/emulator/index.js';
import { packageFile } from '../../src/package-files.js';
import { usage } from '../args.js';
import type { Call } from '../commands.js';
import type { Io } from '../io.js';

export interface EmulatorValues {
  state: string | undefined;
  port: string | undefined;
  'time-scale': string | undefined;
}

export async function emulator({ values, positionals }: Call<EmulatorValues>, io: Io): Promise<number> {
  if (positionals.length > 0) usage(`emulator takes no arguments, got '${positionals[0]}'`, 'emulator');
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be a port number, not '${values.port}'`, 'emulator');
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(timeScale > 0)) usage(`--time-scale must be a positive number, not '${values['time-scale']}'`, 'emulator');
  // The seed shipped with the package, wherever rolesync is installed.
  const state = values.state ?? packageFile('examples/emulator-seed.yaml') ?? 'examples/emulator-seed.yaml';
  const emu = await startEmulator({ state, port, timeScale });
  io.stdout.write(`${emulatorBanner(emu)}\n# Stop it with Ctrl-C.\n`);
  await new Promise<void>((resolve) => {
    if (io.interrupted?.aborted) resolve();
    io.interrupted?.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  return 0;
}
