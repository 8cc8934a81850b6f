// `rolesync emulator`: run the local Frame.io V4 emulator until the process is asked to stop.
import { emulatorBanner, openRequestLog, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { packageFile } from '../../src/package-files.js';
import { usage } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';

export interface EmulatorValues {
  state: string | undefined;
  port: string | undefined;
  'time-scale': string | undefined;
  log: string | undefined;
  'ims-token-lifetime': string | undefined;
}

export async function emulator({ values, positionals }: Call<EmulatorValues>, io: Io): Promise<number> {
  if (positionals.length > 0) usage(`emulator takes no arguments, got '${positionals[0]}'`, 'emulator');
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    usage(`--port must be a port number, not '${values.port}'`, 'emulator');
  }
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(timeScale > 0)) usage(`--time-scale must be a positive number, not '${values['time-scale']}'`, 'emulator');
  if (values.log === '') usage('--log needs a file name', 'emulator');
  const lifetime = values['ims-token-lifetime'] === undefined ? undefined : Number(values['ims-token-lifetime']);
  if (lifetime !== undefined && !(lifetime > 0 && Number.isFinite(lifetime)))
    usage(
      `--ims-token-lifetime must be a positive number of seconds, not '${values['ims-token-lifetime']}'`,
      'emulator',
    );
  // The seed shipped with the package, wherever rolesync is installed.
  const state = values.state ?? packageFile('examples/emulator-seed.yaml') ?? 'examples/emulator-seed.yaml';
  const warn = (message: string) => void io.stderr.write(`rolesync: ${message}\n`);
  const log = values.log === undefined ? undefined : openRequestLog(values.log, warn);
  let emu: Emulator;
  try {
    emu = await startEmulator({
      state,
      port,
      timeScale,
      ...(lifetime !== undefined ? { imsTokenLifetime: lifetime } : {}),
    });
  } catch (error) {
    log?.close();
    throw error;
  }
  if (log) emu.onRequest((entry, at) => log.write(entry, at));
  const lines = [emulatorBanner(emu)];
  if (values.log !== undefined) lines.push(`# Every request is logged to ${values.log}, one JSON line each.`);
  const pid = io.pid;
  lines.push(pid === undefined ? '# Stop it with Ctrl-C.' : `# Process ${pid}: stop it with Ctrl-C, or: kill ${pid}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    if (io.interrupted?.aborted) resolve();
    io.interrupted?.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  log?.close();
  return 0;
}
