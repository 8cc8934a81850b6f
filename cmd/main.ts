// The process side of rolesync: read argv against the command table, run the command, and map
// errors to exit codes. Everything a command decides lives in src/.
import { ApiError, RolesyncError } from '../src/errors.js';
import { usage } from './args.js';
import { MAIN_HELP } from './help.js';
import type { Io } from './io.js';
import { parseCommand } from './parse.js';
import { VERSION } from './version.js';

export type { Io } from './io.js';

/** The API base a user set (or the default), without any credentials written into it. */
function apiUrlShown(env: Io['env']): string {
  const raw = env['FRAMEIO_API_URL'] ?? 'https://api.frame.io';
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.origin;
  } catch {
    return 'not a URL';
  }
}

/** Runs one rolesync command and returns its exit code; user errors are printed, never thrown. */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const parsed = parseCommand(argv);
    switch (parsed.kind) {
      case 'usage':
        return usage(parsed.message, parsed.command);
      case 'help':
        io.stdout.write(parsed.command ? parsed.command.help : MAIN_HELP);
        return 0;
      case 'version':
        io.stdout.write(`${VERSION}\n`);
        return 0;
      case 'run':
        return await parsed.command.run({ values: parsed.values, positionals: parsed.positionals }, io);
    }
  } catch (error) {
    if (error instanceof RolesyncError) {
      io.stderr.write(`rolesync: ${error.message}\n`);
      if (error instanceof ApiError && error.status === 401) {
        io.stderr.write(
          io.env['FRAMEIO_TOKEN']?.trim()
            ? 'Check that FRAMEIO_TOKEN holds a valid, unexpired token.\n'
            : "Check the credentials: 'rolesync whoami' shows which are used.\n",
        );
      }
      if (error instanceof ApiError && error.hint !== undefined) {
        io.stderr.write(`${error.hint}\n`);
      } else if (error instanceof ApiError && error.status === 0) {
        const where = apiUrlShown(io.env);
        io.stderr.write(
          `Check FRAMEIO_API_URL (${where}) and that the API, or 'rolesync emulator', is running there.\n`,
        );
      }
      return 1;
    }
    const detail = io.env['ROLESYNC_DEBUG'] ? (error as Error).stack : (error as Error).message;
    io.stderr.write(`rolesync: internal error: ${detail}\n`);
    io.stderr.write('This is a bug in rolesync; set ROLESYNC_DEBUG=1 for a stack trace and report it.\n');
    return 1;
  }
}
