// The help texts: the main help lists the command table; each command's own is in its entry.
import { COMMANDS } from './commands.js';
import { VERSION } from './version.js';

export const COMMAND_HELP: Readonly<Record<string, string>> = Object.fromEntries(COMMANDS.map((c) => [c.name, c.help]));

export const MAIN_HELP = `rolesync ${VERSION} — Frame.io account and workspace roles as reviewable code

Usage: rolesync <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.synopsis.padEnd(20)} ${c.summary}`).join('\n')}

Environment:
  FRAMEIO_TOKEN        bearer token; never printed. plan, apply, drift, export, report, whoami need it,
                       or else:
  FRAMEIO_CLIENT_ID, FRAMEIO_CLIENT_SECRET
                       server-to-server credentials: rolesync gets and renews its own token from IMS;
                       or else the login saved by 'rolesync login'
  FRAMEIO_IMS_URL      IMS origin (default https://ims-na1.adobelogin.com); plain http:// only to loopback
  FRAMEIO_API_URL      API origin, no path (default https://api.frame.io); plain http:// only to loopback
                       (loopback: localhost, 127.0.0.0/8 and [::1]; not other *.localhost names)
  NO_COLOR             disable colour

Run 'rolesync <command> --help' for a command's options and examples.
`;
