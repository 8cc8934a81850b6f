// `rolesync apply`: make the changes of a saved or fresh plan, with a journal, and report them.
import { clientFromEnv } from '../../src/client/index.js';
import type { Plan } from '../../src/plan/types.js';
import { renderApplyReport } from '../../src/render/index.js';
import { applyExitCode, runApply } from '../../src/usecase/apply.js';
import { nowOf, onePath, usage } from '../args.js';
import type { Call } from '../call.js';
import type { Io } from '../io.js';
import { confirm, progress, textPlan, warner } from '../ui.js';

export interface ApplyValues {
  plan: string | undefined;
  yes: boolean | undefined;
  force: boolean | undefined;
  journal: string | undefined;
  resume: boolean | undefined;
  'only-expired': boolean | undefined;
  now: string | undefined;
  quiet: boolean | undefined;
}

export async function apply({ values, positionals }: Call<ApplyValues>, io: Io): Promise<number> {
  const path = onePath(positionals, 'apply');
  if (values.now !== undefined && values.plan !== undefined) {
    usage('--now is for a fresh plan: a saved plan keeps the instant it was made for (drop --now or --plan)', 'apply');
  }
  const now = nowOf(values.now, 'apply');
  const show = progress(io, { quiet: values.quiet ?? false });
  const client = clientFromEnv(io.env, { onEvent: show.onEvent });
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const outcome = await runApply(
    {
      path,
      ...(values.plan !== undefined ? { planFile: values.plan } : {}),
      ...(values.journal !== undefined ? { journalFile: values.journal } : {}),
      yes: values.yes ?? false,
      force: values.force ?? false,
      resume: values.resume ?? false,
      onlyExpired: values['only-expired'] ?? false,
      now,
    },
    {
      client,
      onWarning: warner(io),
      ...(interactive ? { confirm: (plan: Plan, names: Record<string, string>) => confirm(plan, io, names) } : {}),
      ...(io.interrupted ? { signal: io.interrupted } : {}),
      onPlan: show.onPlan,
      onResult: show.onResult,
    },
  ).finally(() => show.end(io.interrupted?.aborted === true));
  switch (outcome.kind) {
    case 'blocked':
      io.stdout.write(textPlan(outcome.plan, io, outcome.accountNames));
      io.stderr.write('rolesync: apply refused by policy; nothing was changed.\n');
      break;
    case 'declined':
      io.stderr.write(`rolesync: ${outcome.reason}\n`);
      break;
    case 'nothing':
      // The plan's own words: its notes, and whether anything is held back.
      io.stdout.write(textPlan(outcome.plan, io, outcome.accountNames));
      break;
    case 'done':
      io.stdout.write(
        renderApplyReport(
          outcome.report,
          outcome.verify,
          outcome.journal,
          outcome.verifyError,
          values.plan !== undefined
            ? `continue with: rolesync apply ${path} --plan ${values.plan} --yes --resume`
            : 'run the same command again: it plans afresh and does only what is left',
          outcome.accountNames,
        ),
      );
      break;
  }
  return applyExitCode(outcome);
}
