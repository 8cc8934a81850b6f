// The final report of an apply: one line per change with its outcome, then the verification.
import type { ApplyReport, Outcome } from '../apply/types.js';
import { printable, projectTitle, scopeLabel } from '../names.js';
import { assertNever } from '../never.js';
import type { Change, GroupGrantChange } from '../plan/types.js';
import { groupLabel } from './group.js';
import { counted } from '../plural.js';
import { writesList } from './sentences.js';

const LABEL: Record<Outcome, string> = {
  applied: 'applied',
  already: 'already so',
  stale: 'STALE',
  failed: 'FAILED',
  blocked: 'BLOCKED',
  resumed: 'done before',
  not_started: 'not started',
};

/** The workspace, or `Workspace / Project`, a group grant is on. */
function grantScope(change: GroupGrantChange): string {
  return 'project_id' in change ? projectTitle(change.workspace_name, change.project_name) : change.workspace_name;
}

function describeChange(change: Change): string {
  return printable(describeRaw(change));
}

function describeRaw(change: Change): string {
  switch (change.action) {
    case 'set_account_role':
      return `account role of ${change.email}: ${change.from ?? 'none'} → ${change.to}`;
    case 'set_workspace_role':
      return change.from === null
        ? `add ${change.email} to ${change.workspace_name} as ${change.to}`
        : `${change.email} in ${change.workspace_name}: ${change.from} → ${change.to}`;
    case 'remove_workspace_user':
      return `remove ${change.email} (${change.from}) from ${change.workspace_name}`;
    case 'set_project_role': {
      const project = projectTitle(change.workspace_name, change.project_name);
      return change.from === null
        ? `add ${change.email} to ${project} as ${change.to}`
        : `${change.email} in ${project}: ${change.from} → ${change.to}`;
    }
    case 'remove_project_user':
      return `remove ${change.email} (${change.from}) from ${projectTitle(change.workspace_name, change.project_name)}`;
    case 'set_project_restricted':
      return `restricted of ${projectTitle(change.workspace_name, change.project_name)}: ${change.from} → ${change.to}`;
    case 'create_frameio_group':
      return `create Frame.io group ${change.group_name}`;
    case 'add_frameio_group_member':
      return `add ${change.email} to Frame.io group ${groupLabel(change)}`;
    case 'remove_frameio_group_member':
      return `remove ${change.email} from Frame.io group ${change.group_name}`;
    case 'set_workspace_group_role':
    case 'set_project_group_role': {
      const scope = grantScope(change);
      return change.from === null
        ? `give Frame.io group ${groupLabel(change)} ${change.to} on ${scope}`
        : `Frame.io group ${groupLabel(change)} on ${scope}: ${change.from} → ${change.to}`;
    }
    case 'remove_workspace_group':
    case 'remove_project_group':
      return `remove Frame.io group ${change.group_name} (${change.from}) from ${grantScope(change)}`;
    default:
      return assertNever(change, 'change action');
  }
}

/**
 * `resume`: how to go on after an interruption or a stop for credentials: with a saved plan `--resume`
 * replays its journal; without one, the same command plans afresh and so does only what is left.
 * `accountNames` (account id -> display name) names the account of each line when the changes span
 * more than one.
 */
export function renderApplyReport(
  report: ApplyReport,
  verify: { changes: Change[]; left?: number } | undefined,
  journal: string,
  verifyError?: string,
  resume = 'continue with --resume',
  accountNames: Readonly<Record<string, string>> = {},
): string {
  const count = (outcome: Outcome) => report.results.filter((r) => r.outcome === outcome).length;
  const all = [...report.results.map((r) => r.change), ...(verify?.changes ?? [])];
  // Two accounts may hold a group, a workspace or a project of the same name: each line says whose.
  const many = new Set(all.map((c) => c.account_id)).size > 1;
  const describe = (change: Change) =>
    (many ? `${scopeLabel(change.account_id, accountNames[change.account_id])}: ` : '') + describeChange(change);
  const lines = report.results.map((r) => {
    // A group made (or found again on resume) is named by its new id: the manifest may pin it.
    const id = r.group_id === undefined ? '' : printable(` (id ${r.group_id})`);
    return `  ${LABEL[r.outcome].padEnd(11)} ${describe(r.change)}${id}${r.detail ? ` — ${r.detail}` : ''}`;
  });
  const parts = (['applied', 'already', 'resumed', 'stale', 'failed', 'blocked', 'not_started'] as const)
    .filter((o) => o === 'applied' || count(o) > 0)
    .map((o) => `${count(o)} ${LABEL[o].toLowerCase()}`);
  const out = [`Apply: ${parts.join(', ')}.`, ...lines];
  out.push(`API writes: ${writesList(report.calls, true)}.`);
  // Why the run stopped, once (the changes it failed say "why: at the end"), and how to go on.
  if (report.stopped !== undefined) out.push(`Stopped: ${report.stopped}`);
  if (report.interrupted) {
    out.push(`Interrupted. Finished changes are recorded in ${journal}; ${resume}.`);
  } else if (report.stopped !== undefined) {
    out.push(`Finished changes are recorded in ${journal}; ${resume}.`);
  } else if (verifyError !== undefined) {
    out.push(`Could not verify the result: ${verifyError}. Run 'rolesync plan' to see where live state stands.`);
  } else if (verify) {
    // --only-expired: the other differences were left on purpose, so "matches" would not be true.
    const left = verify.left ?? 0;
    const matched =
      verify.left === undefined
        ? 'Verified: live state now matches the manifest.'
        : `Verified: no ended grant is still live.${
            left > 0
              ? ` ${counted(left, 'other difference')} from the manifest ` +
                `${left === 1 ? 'is not an expiry and stays as it is' : 'are not expiries and stay as they are'} ` +
                "('rolesync plan' shows them)."
              : ''
          }`;
    out.push(
      verify.changes.length === 0
        ? matched
        : `Verification: live state still differs from the manifest in ${counted(verify.changes.length, 'place')} ` +
            `(stale changes above, or edits since the plan; 'rolesync plan' shows what a new apply would do):`,
      ...verify.changes.map((c) => `  ${describe(c)}`),
    );
  }
  return `${out.join('\n')}\n`;
}
