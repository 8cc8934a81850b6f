// The export use case: read one account (users, workspaces, members of the exported ones, and with
// `projects` their projects and each project's users), build the manifest, and prove it before
// handing it out: it must validate and plan to zero changes against the very state it was read from.
import { RolesyncError } from '../errors.js';
import {
  inferGroups,
  projectsCost,
  renderExportYaml,
  schemaRef,
  snapshotAccount,
  type ExportModel,
  type ProjectsCost,
} from '../export/index.js';
import type { LiveReader } from '../live/fetch.js';
import type { LiveProject, LiveState, LiveWorkspace, LiveWorkspaceMember } from '../live/types.js';
import { checkManifestSources } from '../manifest/load.js';
import { buildPlan } from '../plan/index.js';
import { isUserChange } from '../plan/order.js';
import { compareStrings } from '../compare.js';
import { projectTitle, scopeLabel } from '../names.js';
import { checkTokenRole } from './token-role.js';

export type ExportReader = Pick<
  LiveReader,
  | 'me'
  | 'listAccounts'
  | 'listAccountUsers'
  | 'listWorkspaces'
  | 'listWorkspaceUsers'
  | 'listProjects'
  | 'listProjectUsers'
>;

/** What export tells about the projects read (`projects` only), for a command to show. */
export type ProjectsEvent =
  /** The projects are listed; what reading their users will cost, said before any of it is read. */
  | { type: 'cost'; cost: ProjectsCost }
  /** The users of one more project are read (every page). */
  | { type: 'read'; done: number; total: number };

export interface ExportRequest {
  /** A Frame.io account id or `adobe:<org id>`. */
  accountId: string;
  /** Workspace names (or ids) to export; empty: all of them. */
  workspaces: string[];
  inferGroups: boolean;
  /** Also every project of the exported workspaces, with its direct grants (one users listing each). */
  projects?: boolean;
  onProjects?: (event: ProjectsEvent) => void;
  /** The file the manifest will be written to (for the schema modeline); undefined: stdout. */
  out?: string;
  cwd: string;
  /** Told when the token can read but not change roles (export goes on: it only reads). */
  onWarning?: (message: string) => void;
}

export interface ExportResult {
  text: string;
  model: ExportModel;
  /** What was read, as `plan` would see it. */
  live: LiveState;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** UUIDs lower-cased, as the manifest loader and `plan` read them; `adobe:` ids as written. */
function normalizeAccountId(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : id;
}

function visible(accountId: string, accounts: Awaited<ReturnType<ExportReader['listAccounts']>>) {
  return accounts.find(
    (a) => normalizeAccountId(a.id) === accountId || (a.adobeId ? `adobe:${a.adobeId}` === accountId : false),
  );
}

export async function exportManifest(reader: ExportReader, req: ExportRequest): Promise<ExportResult> {
  const request = { ...req, accountId: normalizeAccountId(req.accountId) };
  const [self, accounts] = await Promise.all([reader.me(), reader.listAccounts()]);
  const summary = visible(request.accountId, accounts);
  // An `adobe:` id may not be listed under that form: then the reads below decide.
  if (!summary && !request.accountId.startsWith('adobe:')) {
    const seen = accounts.map((a) => scopeLabel(a.id, a.displayName)).sort(compareStrings);
    const canSee = seen.length > 0 ? `; it can see ${seen.join(', ')}` : '';
    throw new RolesyncError(
      'USAGE',
      `account ${req.accountId} is not an account this token can see${canSee}; check --account`,
    );
  }
  const displayName = summary?.displayName ?? null;
  const [users, workspaces] = await Promise.all([
    reader.listAccountUsers(request.accountId, { includeDeactivated: true }),
    reader.listWorkspaces(request.accountId),
  ]);
  checkTokenRole(self, [{ id: request.accountId, displayName, users }], 'read', request.onWarning);
  const selected = selectWorkspaces(workspaces, request.workspaces, scopeLabel(request.accountId, displayName));
  const members = await Promise.all(
    selected.map(async (ws) => {
      // Members and the projects listing side by side: the client paces each by its own limit.
      const [listed, projects] = await Promise.all([
        reader.listWorkspaceUsers(request.accountId, ws.id, { includeDeactivated: true }),
        request.projects ? reader.listProjects(request.accountId, ws.id) : undefined,
      ]);
      return { ...ws, members: listed, projects };
    }),
  );
  const exported = request.projects ? await readProjectUsers(reader, request, members) : members;

  let model = snapshotAccount({ accountId: request.accountId, accountName: displayName, users, workspaces: exported });
  if (request.inferGroups) model = inferGroups(model);
  const text = renderExportYaml(model, schemaRef(request.out, request.cwd));

  const read = new Map(exported.map((w) => [w.id, w]));
  const live: LiveState = {
    // Nobody's self: the guard only holds changes back, so zero changes without it is zero with it.
    self: { id: '', email: '', name: null },
    accounts: [
      {
        id: request.accountId,
        displayName,
        users,
        workspaces: workspaces.map((w): LiveWorkspace => {
          const ws = read.get(w.id);
          if (!ws) return { id: w.id, name: w.name };
          return { id: w.id, name: w.name, members: ws.members, ...(ws.projects ? { projects: ws.projects } : {}) };
        }),
      },
    ],
  };
  proveRoundTrip(text, live, request.out ?? 'export.yaml');
  return { text, model, live };
}

type Listed = { id: string; name: string; members: LiveWorkspaceMember[] };

/**
 * The users of every listed project (each listing read whole), once the cost is said: every
 * projects listing is done before the first users listing starts.
 */
async function readProjectUsers(
  reader: ExportReader,
  request: ExportRequest,
  workspaces: (Listed & { projects: { id: string; name: string; restricted: boolean | null }[] | undefined })[],
): Promise<(Listed & { projects: LiveProject[] })[]> {
  const cost = projectsCost(workspaces.map((ws) => ws.projects?.length ?? 0));
  request.onProjects?.({ type: 'cost', cost });
  let done = 0;
  return Promise.all(
    workspaces.map(async (ws) => ({
      ...ws,
      projects: await Promise.all(
        (ws.projects ?? []).map(async (p): Promise<LiveProject> => {
          const users = await reader.listProjectUsers(request.accountId, p.id, { includeDeactivated: true });
          done += 1;
          request.onProjects?.({ type: 'read', done, total: cost.projects });
          return { ...p, members: users };
        }),
      ),
    })),
  );
}

/** Every name given must exist; all misses are reported at once with the names there are. */
function selectWorkspaces(
  all: { id: string; name: string }[],
  wanted: string[],
  label: string,
): { id: string; name: string }[] {
  if (wanted.length === 0) return all;
  const missing = wanted.filter((w) => !all.some((ws) => ws.name === w || ws.id === w));
  if (missing.length > 0) {
    const names = [...new Set(all.map((ws) => ws.name))].sort(compareStrings).map((n) => `"${n}"`);
    const list = missing.map((m) => `"${m}"`).join(', ');
    const known = names.length > 0 ? names.join(', ') : '(none)';
    throw new RolesyncError(
      'USAGE',
      `no workspace named ${list} in account ${label}; its workspaces are: ${known} (names are case-sensitive)`,
    );
  }
  return all.filter((ws) => wanted.includes(ws.name) || wanted.includes(ws.id));
}

// A manifest that fails either check is a bug of export, never the user's: say so plainly.
function proveRoundTrip(text: string, live: LiveState, path: string): void {
  const checked = checkManifestSources([{ path, rel: path, content: text }]);
  if (!checked.ok || !checked.manifest) {
    throw new Error(`export produced an invalid manifest: ${checked.diagnostics.map((d) => d.message).join('; ')}`);
  }
  const plan = buildPlan(checked.manifest, live);
  if (plan.changes.length > 0) {
    const first = plan.changes
      .slice(0, 5)
      .map((c) => `${c.action} ${isUserChange(c) ? c.email : projectTitle(c.workspace_name, c.project_name)}`)
      .join(', ');
    throw new Error(
      `export produced a manifest that plans ${plan.changes.length} change(s) against the state it was read ` +
        `from: ${first}`,
    );
  }
}
