// Deterministic large manifests for scale tests and the benchmark (no randomness: the same options
// always give the same text).
import { WORKSPACE_ROLES } from '../api/index.js';

export interface GenerateOptions {
  /** Account users; the first `admins` of them are account admins. */
  users: number;
  workspaces: number;
  accountId: string;
  accountName?: string;
  /** Direct members per workspace (a sliding window over the non-admin users). Default 50. */
  usersPerWorkspace?: number;
  /** Account admins among the users. Default 2. */
  admins?: number;
  /** Groups of `groupSize` users; each workspace references one. Default workspaces / 10, at least 1. */
  groups?: number;
  groupSize?: number;
  /** Email domain. Default `scale.test`. */
  domain?: string;
  /** Pin each workspace's id (derived from its index). Default false. */
  pinIds?: boolean;
  /** Mode of every other workspace (the rest are additive). Default authoritative. */
  mode?: 'additive' | 'authoritative';
}

/** The email of generated user `i` (0-based): `user00042@scale.test`. */
export function generatedEmail(i: number, domain = 'scale.test'): string {
  return `user${String(i).padStart(5, '0')}@${domain}`;
}

/** The name of generated workspace `i` (0-based): `Workspace 0042`. */
export function generatedWorkspaceName(i: number): string {
  return `Workspace ${String(i).padStart(4, '0')}`;
}

/** A stable UUID-shaped id for generated workspace `i`. */
export function generatedWorkspaceId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export function generateManifestYaml(options: GenerateOptions): string {
  const domain = options.domain ?? 'scale.test';
  const admins = Math.min(options.admins ?? 2, options.users);
  const perWorkspace = options.usersPerWorkspace ?? 50;
  const groupCount = options.groups ?? Math.max(1, Math.floor(options.workspaces / 10));
  const groupSize = options.groupSize ?? 10;
  const members = options.users - admins;
  const email = (i: number): string => generatedEmail(i, domain);
  /** The i-th non-admin user, wrapping around. */
  const member = (i: number): string => email(admins + (members > 0 ? i % members : 0));

  const lines = ['version: 1', 'account:', `  id: ${options.accountId}`];
  if (options.accountName) lines.push(`  name: ${JSON.stringify(options.accountName)}`);
  lines.push('  mode: additive', '  users:');
  for (let i = 0; i < options.users; i += 1) lines.push(`    ${email(i)}: ${i < admins ? 'admin' : 'member'}`);

  const canGroup = members > 0 && groupCount > 0;
  if (canGroup) {
    lines.push('groups:');
    for (let g = 0; g < groupCount; g += 1) {
      const size = Math.min(groupSize, members);
      const list = Array.from({ length: size }, (_, k) => member(g * groupSize + k));
      lines.push(`  team-${String(g).padStart(3, '0')}: [${list.join(', ')}]`);
    }
  }
  lines.push('policy:', '  max_removals: 25%', '  min_admins: 1');

  if (options.workspaces > 0) lines.push('workspaces:');
  for (let w = 0; w < options.workspaces; w += 1) {
    lines.push(`  ${generatedWorkspaceName(w)}:`);
    if (options.pinIds) lines.push(`    id: ${generatedWorkspaceId(w)}`);
    lines.push(`    mode: ${w % 2 === 0 ? (options.mode ?? 'authoritative') : 'additive'}`);
    const count = Math.min(perWorkspace, members);
    if (count > 0) {
      lines.push('    users:');
      // Windows overlap from one workspace to the next, like real teams sharing people.
      const start = w * Math.max(1, Math.floor(perWorkspace / 2));
      const seen = new Set<string>();
      for (let k = 0; k < count; k += 1) {
        const e = member(start + k);
        if (seen.has(e)) continue;
        seen.add(e);
        lines.push(`      ${e}: ${WORKSPACE_ROLES[(w + k) % WORKSPACE_ROLES.length]}`);
      }
    }
    if (canGroup) lines.push('    groups:', `      team-${String(w % groupCount).padStart(3, '0')}: viewer`);
  }
  return `${lines.join('\n')}\n`;
}
