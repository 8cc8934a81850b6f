// `rolesync plan`: read the live state, show what apply would change, and save the plan with --out.
import { toSavedPlan, writeSavedPlan } from '../../src/apply/saved.js';
import { formatDiagnostic } from '../../src/errors.js';
import { suggestGroupsFor } from '../../src/plan/suggest-groups.js';
import {
  accountNamesFrom,
  renderJson,
  renderMarkdown,
  renderRoleDiff,
  renderText,
  shouldColor,
} from '../../src/render/index.js';
import { renderJsonWithSuggestions } from '../../src/render/suggestions.js';
import { planExitCode, planManifest } from '../../src/usecase/plan.js';
import { format, nowOf, onePath, usage } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';
import { readingClient, warner } from '../ui.js';
import { VERSION } from '../version.js';

export interface PlanValues {
  format: string | undefined;
  out: string | undefined;
  'detailed-exitcode': boolean | undefined;
  diff: boolean | undefined;
  force: boolean | undefined;
  'read-only-token': boolean | undefined;
  'suggest-groups': boolean | undefined;
  now: string | undefined;
  quiet: boolean | undefined;
}

export async function plan({ values, positionals }: Call<PlanValues>, io: Io): Promise<number> {
  const path = onePath(positionals, 'plan');
  const fmt = format(values.format, 'plan');
  const now = nowOf(values.now, 'plan');
  if (values.diff && values.format !== undefined) {
    usage('--diff prints a role diff instead of the plan: use it without --format', 'plan');
  }
  if (values.diff && values['suggest-groups']) {
    usage('--suggest-groups adds a section to the plan, which --diff does not print: use one or the other', 'plan');
  }
  const { client, done } = readingClient(io, { quiet: values.quiet ?? false });
  const run = await planManifest(path, client, {
    force: values.force ?? false,
    access: values['read-only-token'] ? 'read' : 'write',
    onWarning: warner(io),
    now,
  }).finally(done);
  const accountNames = accountNamesFrom(run.live);
  // Advice beside the plan: never in its changes, its checksum or the saved plan.
  const suggestions = values['suggest-groups'] ? suggestGroupsFor(run.manifest, run.live, undefined, now) : undefined;
  const extra = suggestions ? { suggestions } : {};
  if (values.diff) io.stdout.write(renderRoleDiff(run.plan, run.live));
  else if (fmt === 'json')
    io.stdout.write(suggestions ? renderJsonWithSuggestions(run.plan, suggestions) : renderJson(run.plan));
  else if (fmt === 'markdown') io.stdout.write(renderMarkdown(run.plan, { accountNames, ...extra }));
  else io.stdout.write(renderText(run.plan, { color: shouldColor(io.stdout, io.env), accountNames, ...extra }));
  for (const w of run.manifest.warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  if (values.out !== undefined) {
    await writeSavedPlan(values.out, toSavedPlan(run.plan, run.manifest, VERSION, accountNames), renderJson);
    const next = run.plan.policy.ok
      ? `apply it with: rolesync apply ${path} --plan ${values.out}`
      : run.plan.policy.violations.every((v) => v.overridable)
        ? `it is blocked by policy: apply refuses it unless given --force`
        : `it is blocked by policy, and apply will refuse it (--force lifts max_removals only)`;
    io.stderr.write(`Saved the plan to ${values.out}; ${next}\n`);
  }
  return planExitCode(run.plan, values['detailed-exitcode'] ?? false);
}
