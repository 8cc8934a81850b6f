// `rolesync login`, `logout` and `whoami`: sign in as a user (paste the redirect back), forget the
// login, and show what the credentials in use act as.
import { createInterface } from 'node:readline';
import { codeFromPasted, finishLogin, loginSettings, logout as forget, startLogin } from '../../src/auth/login.js';
import { clientAndCredentials } from '../../src/client/index.js';
import { renderWhoami, whoami as whoamiOf } from '../../src/usecase/whoami.js';
import { usage } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';

export interface LoginValues {
  'client-id': string | undefined;
  'redirect-uri': string | undefined;
}

/** The first line of stdin ('' at its end). */
function readLine(io: Io): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, terminal: false });
    let done = false;
    const finish = (line: string) => {
      if (done) return;
      done = true;
      rl.close();
      resolve(line);
    };
    rl.once('line', finish);
    rl.once('close', () => finish(''));
  });
}

/** Which credentials of the environment come before a saved login (CONTRACT §3). */
function shadowing(env: Io['env']): string | undefined {
  if (env.FRAMEIO_TOKEN?.trim()) return 'FRAMEIO_TOKEN is set';
  if (env.FRAMEIO_CLIENT_ID?.trim() || env.FRAMEIO_CLIENT_SECRET?.trim()) return 'FRAMEIO_CLIENT_ID/SECRET are set';
  return undefined;
}

export async function login({ values, positionals }: Call<LoginValues>, io: Io): Promise<number> {
  if (positionals.length > 0) usage(`login takes no arguments, got '${positionals[0]}'`, 'login');
  const settings = loginSettings(io.env, {
    ...(values['client-id'] !== undefined ? { clientId: values['client-id'] } : {}),
    ...(values['redirect-uri'] !== undefined ? { redirectUri: values['redirect-uri'] } : {}),
  });
  const start = startLogin(settings);
  const back = settings.redirectUri ?? "your credential's redirect URI";
  io.stdout.write(
    'Open this URL in a browser and sign in with your Adobe ID:\n\n' +
      `  ${start.url}\n\n` +
      `The browser is then sent to ${back}; that page may not load, which is expected.\n` +
      "Copy the whole address from the browser's address bar (or only its code) and paste it here.\n" +
      'Redirected URL or code: ',
  );
  const code = codeFromPasted(await readLine(io), start.state);
  const { email } = await finishLogin(settings, start, code, new Date());
  io.stdout.write(
    `\nSigned in${email ? ` as ${email}` : ''}. The login is saved in ${settings.path} (only you can read it); ` +
      "'rolesync whoami' shows what it may do, 'rolesync logout' forgets it.\n",
  );
  const first = shadowing(io.env);
  if (first)
    io.stderr.write(`rolesync: warning: ${first}: rolesync uses that before the saved login (unset it to use this)\n`);
  return 0;
}

export async function logout({ positionals }: Call<Record<string, never>>, io: Io): Promise<number> {
  if (positionals.length > 0) usage(`logout takes no arguments, got '${positionals[0]}'`, 'logout');
  const result = await forget(io.env);
  if (result.kind === 'none') {
    io.stdout.write(`No saved login (${result.path}); nothing to do.\n`);
    return 0;
  }
  if (result.revokeError !== undefined) {
    io.stderr.write(
      `rolesync: warning: could not revoke the login at Adobe IMS: ${result.revokeError}\n` +
        'Revoke it at https://account.adobe.com (Connected applications) if it may still be valid.\n',
    );
  }
  const who = result.email ? ` of ${result.email}` : '';
  const revoked = result.revokeError === undefined ? 'Revoked the login' : 'Deleted the login';
  io.stdout.write(`${revoked}${who} and deleted ${result.path}.\n`);
  return 0;
}

export async function whoami({ positionals }: Call<Record<string, never>>, io: Io): Promise<number> {
  if (positionals.length > 0) usage(`whoami takes no arguments, got '${positionals[0]}'`, 'whoami');
  const { client, credentials } = clientAndCredentials(io.env);
  const report = await whoamiOf(client, credentials);
  io.stdout.write(renderWhoami(report, Date.now()));
  return 0;
}
