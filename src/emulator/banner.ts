// The lines `rolesync emulator` prints on start: where it listens and shell lines that point
// rolesync at it. The demo tokens are public test data, the one place a token is printed.
import type { Emulator } from './server.js';
import { counted } from '../plural.js';

export function emulatorBanner(emu: Emulator): string {
  const accounts = emu.state.accounts();
  const userCount = emu.state.users().length;
  const describe = (email: string): { role: string; account: string } | undefined => {
    for (const a of accounts) {
      const role = emu.state.getAccountRole(a.id, email);
      if (role) return { role, account: a.displayName };
    }
    return undefined;
  };
  const isAdmin = (email: string) =>
    accounts.some((a) => ['admin', 'owner'].includes(emu.state.getAccountRole(a.id, email) ?? ''));
  const main = emu.tokens.find((t) => isAdmin(t.email)) ?? emu.tokens[0];
  const note = (t: { token: string; email: string }) => {
    const d = describe(t.email);
    return d ? `${t.email}, ${d.role} of ${d.account}` : t.email;
  };

  const lines = [
    `# Frame.io V4 emulator listening on ${emu.url} (state: ${emu.stateSource}, ` +
      `${counted(accounts.length, 'account')}, ${counted(userCount, 'user')})`,
    `export FRAMEIO_API_URL=${emu.url}`,
  ];
  if (main) lines.push(`export FRAMEIO_TOKEN=${main.token}   # ${note(main)}`);
  for (const t of emu.tokens) if (t !== main) lines.push(`# other token: ${t.token}   # ${note(t)}`);
  const s2s = emu.ims.clients.find((c) => c.type === 's2s');
  if (s2s) {
    lines.push(
      `# or server-to-server (${s2s.user}), without FRAMEIO_TOKEN:`,
      `#   export FRAMEIO_IMS_URL=${emu.url} FRAMEIO_CLIENT_ID=${s2s.client_id} ` +
        `FRAMEIO_CLIENT_SECRET=${s2s.client_secret}`,
    );
  }
  const login = emu.ims.clients.find((c) => c.type === 'public');
  if (login) {
    lines.push(
      `# or a user login (${login.user}): FRAMEIO_IMS_URL=${emu.url} rolesync login --client-id ${login.client_id}`,
    );
  }
  if (emu.timeScale !== 1) lines.push(`# time scale ${emu.timeScale}: rate-limit windows last ${emu.windowMs} ms`);
  return lines.join('\n');
}
