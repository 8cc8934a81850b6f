// `rolesync whoami`: which credentials a run would use, who they act as, and in which accounts that
// user may change roles (the same judgement as the token-role preflight of plan and apply).
import type { Credentials } from '../auth/env.js';
import type { CredentialKind } from '../auth/source.js';
import type { FrameioClient } from '../client/index.js';
import { scopeLabel } from '../names.js';
import { tokenRoleShortfall } from './token-role.js';

export interface WhoamiAccount {
  label: string;
  /** The user's account role as the account's user list shows it; null when it is not listed. */
  role: string | null;
  /** yes: admin or owner; no: member or reviewer (plan and apply stop); unknown: not listed. */
  mayChangeRoles: 'yes' | 'no' | 'unknown';
}

export interface Whoami {
  kind: CredentialKind;
  credentials: string;
  user: { id: string; email: string; name: string | null };
  accounts: WhoamiAccount[];
  /** When the token in use ends (ms since the epoch); null when unknown. */
  expiresAt: number | null;
}

/** What a static token says of its own end: IMS access tokens are JWTs (`created_at` + `expires_in`, ms). */
export function jwtExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.exp === 'number') return claims.exp * 1000;
    const created = Number(claims.created_at);
    const lasts = Number(claims.expires_in);
    return Number.isFinite(created) && Number.isFinite(lasts) && created > 0 && lasts > 0 ? created + lasts : null;
  } catch {
    return null;
  }
}

export async function whoami(client: FrameioClient, credentials: Credentials): Promise<Whoami> {
  const user = await client.me();
  const accounts: WhoamiAccount[] = [];
  for (const account of await client.listAccounts()) {
    const users = await client.listAccountUsers(account.id, { includeDeactivated: true });
    const row = users.find((u) => u.user.id === user.id);
    const role = row?.role ?? null;
    const shortfall = tokenRoleShortfall(user, account, users);
    const mayChangeRoles = shortfall !== undefined ? 'no' : role === 'admin' || role === 'owner' ? 'yes' : 'unknown';
    accounts.push({ label: scopeLabel(account.id, account.displayName), role, mayChangeRoles });
  }
  const { source } = credentials;
  const expiresAt = source.kind === 'token' ? jwtExpiry(await source.token()) : source.expiresAt();
  return { kind: source.kind, credentials: credentials.description, user, accounts, expiresAt };
}

const KIND: Record<CredentialKind, string> = {
  token: 'an access token',
  client_credentials: 'server-to-server client credentials',
  login: 'a user login',
};

export function renderWhoami(w: Whoami, now: number): string {
  const ends =
    w.expiresAt === null
      ? 'unknown'
      : `${new Date(w.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')} (${duration(w.expiresAt - now)})`;
  const renewal = w.kind === 'token' ? 'not renewed: FRAMEIO_TOKEN is used as given' : 'rolesync renews it before then';
  const lines = [
    `Credentials: ${KIND[w.kind]}, ${w.credentials}`,
    `User:        ${w.user.email}${w.user.name ? ` (${w.user.name})` : ''}, id ${w.user.id}`,
    `Token ends:  ${ends}; ${renewal}`,
    'Accounts:',
  ];
  if (w.accounts.length === 0) lines.push('  none: the user reaches no Frame.io account');
  for (const a of w.accounts) {
    const may =
      a.mayChangeRoles === 'yes'
        ? 'may change roles'
        : a.mayChangeRoles === 'no'
          ? 'may not change roles (needs an account admin or the owner)'
          : 'role not listed: the API will judge';
    lines.push(`  ${a.label}: ${a.role ?? 'no role'}, ${may}`);
  }
  return `${lines.join('\n')}\n`;
}

function duration(ms: number): string {
  if (ms <= 0) return 'ended';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `in ${Math.ceil(ms / 1000)} s`;
  if (minutes < 120) return `in ${minutes} min`;
  return `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
