// `rolesync export`: write a manifest of one account's live state.
import { clientFromEnv } from '../../src/client/index.js';
import { groupsCostLine, projectsCostLine } from '../../src/export/index.js';
import { writeOutput } from '../../src/output.js';
import { counted } from '../../src/plural.js';
import { ReadProgress, StatusLine, statusIntervalMs } from '../../src/progress/index.js';
import { exportManifest, type GroupsEvent, type ProjectsEvent } from '../../src/usecase/export.js';
import { usage } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';
import { warner } from '../ui.js';

export interface ExportValues {
  account: string | undefined;
  workspace: string[] | undefined;
  out: string | undefined;
  'infer-groups': boolean | undefined;
  projects: boolean | undefined;
  groups: boolean | undefined;
  quiet: boolean | undefined;
}

/**
 * The reading progress of the other commands (calls answered, pacing), and with --projects how
 * many projects' users are read: the long part of such an export. Before that part, the cost line
 * (and with --groups, the groups' own). `report` reads the same way and shows the same.
 */
export function exportProgress(io: Io, quiet: boolean) {
  const reads = new ReadProgress();
  let projects: { done: number; total: number } | undefined;
  const describe = () =>
    projects === undefined
      ? reads.text()
      : `${reads.text()}; users of ${projects.done} of ${projects.total} projects read`;
  const status = new StatusLine(describe, { stream: io.stderr, quiet, intervalMs: statusIntervalMs(io.env) });
  const client = clientFromEnv(io.env, {
    onEvent: (event) => {
      reads.observe(event);
      status.changed();
    },
  });
  const onProjects = (event: ProjectsEvent): void => {
    if (event.type === 'cost') {
      projects = { done: 0, total: event.cost.projects };
      if (quiet) return;
      // On a line of its own, above the live line (drawn again on the next change).
      status.clear();
      io.stderr.write(`${projectsCostLine(event.cost)}\n`);
    } else projects = { done: event.done, total: event.total };
    status.changed();
  };
  const onGroups = (event: GroupsEvent): void => {
    if (quiet) return;
    status.clear();
    io.stderr.write(`${groupsCostLine(event.cost)}\n`);
    status.changed();
  };
  return { client, onProjects, onGroups, done: () => status.end() };
}

export async function exportCommand({ values, positionals }: Call<ExportValues>, io: Io): Promise<number> {
  if (positionals.length > 0) {
    usage(`export takes no manifest path, got '${positionals[0]}'; use --out FILE to choose where to write`, 'export');
  }
  if (values.account === undefined || values.account === '') {
    usage('export needs --account ID (a Frame.io account id or adobe:<org id>)', 'export');
  }
  const projects = values.projects ?? false;
  const groups = values.groups ?? false;
  const { client, onProjects, onGroups, done } = exportProgress(io, values.quiet ?? false);
  const result = await exportManifest(client, {
    accountId: values.account,
    workspaces: values.workspace ?? [],
    inferGroups: values['infer-groups'] ?? false,
    projects,
    onProjects,
    groups,
    onGroups,
    ...(values.out !== undefined ? { out: values.out } : {}),
    cwd: io.cwd,
    onWarning: warner(io),
  }).finally(done);
  if (values.out === undefined) {
    io.stdout.write(result.text);
  } else {
    await writeOutput(values.out, result.text);
    const { workspaces } = result.model;
    const n = workspaces.reduce((sum, ws) => sum + (ws.projects?.length ?? 0), 0);
    const frameio = result.model.frameioGroups;
    const what =
      counted(workspaces.length, 'workspace') +
      (projects ? `, ${counted(n, 'project')}` : '') +
      (frameio ? `, ${counted(frameio.length, 'Frame.io group')}` : '');
    io.stderr.write(`Wrote ${values.out} (${what}); review it, then check it with: rolesync plan ${values.out}\n`);
  }
  return 0;
}
