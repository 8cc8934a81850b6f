// The process side of rolesync: parse argv, wire the real dependencies, pick a renderer, and map
// errors to exit codes. Everything a command decides lives in src/.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { ApiError, RolesyncError } from '../src/errors.js';
import { validateManifest } from '../src/manifest/index.js';
import { formatDiagnostic } from '../src/errors.js';
import { clientFromEnv, type FrameioClient } from '../src/client/index.js';
import { planManifest, planExitCode } from '../src/usecase/plan.js';
import { toSavedPlan, writeSavedPlan } from '../src/apply/saved.js';
import { accountNamesFrom, renderJson, renderMarkdown, renderRoleDiff, renderText, shouldColor } from '../src/render/index.js';
import { startEmulator, emulatorBanner } from '../src/emulator/index.js';
import { runApply, applyExitCode } from '../src/usecase/apply.js';
import { renderApplyReport } from '../src/apply/report.js';
import type { Plan } from '../src/plan/types.js';
import { createInterface } from 'node:readline/promises';
import { COMMAND_HELP, MAIN_HELP, VERSION } from './help.js';
import { packageFile } from '../src/package-files.js';
import { closest } from '../src/plan/suggest.js';
import { runDrift, renderDriftReport, driftExitCode } from '../src/usecase/drift.js';
import { exportManifest } from '../src/usecase/export.js';
import { writeOutput } from '../src/output.js';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Resolves when the user asks the process to stop (SIGINT/SIGTERM). */
  interrupted?: AbortSignal;
}

type Format = 'text' | 'json' | 'markdown';

function usage(message: string, command?: string): never {
  throw new RolesyncError('USAGE', `${message}\nRun 'rolesync ${command ? `${command} ` : ''}--help' for usage.`);
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    usage(argumentProblem(error as Error & { code?: string }, [...Object.keys(options), 'help']), command);
  }
}

/** Node's parseArgs messages, said plainly, with the closest known option for a typo. */
function argumentProblem(error: Error & { code?: string }, known: string[]): string {
  const name = /(--[\w-]+)/.exec(error.message)?.[1] ?? /'(-\w)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const near = closest(name.replace(/^-+/, ''), known).map((k) => `--${k}`);
      return `unknown option '${name}'${near.length > 0 ? `; did you mean ${near.join(' or ')}?` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('argument missing') ? `option '${name}' needs a value` : `option '${name}' takes no value`;
    default:
      return error.message;
  }
}

function format(value: unknown, command: string): Format {
  if (value === undefined) return 'text';
  if (value === 'text' || value === 'json' || value === 'markdown') return value;
  usage(`--format must be text, json or markdown, not '${String(value)}'`, command);
}

function onePath(positionals: string[], command: string): string {
  if (positionals.length !== 1) usage(`${command} needs exactly one manifest path (a file or a directory)`, command);
  return positionals[0]!;
}

async function validate(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('validate', args, {});
  if (values.help) return help(io, 'validate');
  const path = onePath(positionals, 'validate');
  const result = await validateManifest(path);
  for (const d of result.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!result.ok || !result.manifest) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr.write(`${path}: invalid (${errors} error${errors === 1 ? '' : 's'})\n`);
    return 1;
  }
  const m = result.manifest;
  const workspaces = m.accounts.reduce((n, a) => n + a.workspaces.length, 0);
  io.stdout.write(`${path}: valid (${m.accounts.length} account${m.accounts.length === 1 ? '' : 's'}, ${workspaces} workspace${workspaces === 1 ? '' : 's'})\n`);
  return 0;
}

async function plan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('plan', args, {
    format: { type: 'string' },
    out: { type: 'string' },
    'detailed-exitcode': { type: 'boolean' },
    diff: { type: 'boolean' },
    force: { type: 'boolean' },
    'read-only-token': { type: 'boolean' },
  });
  if (values.help) return help(io, 'plan');
  const path = onePath(positionals, 'plan');
  const fmt = format(values.format, 'plan');
  if (values.diff && values.format !== undefined) usage('--diff prints a role diff instead of the plan: use it without --format', 'plan');
  const { client, done } = readingClient(io);
  const run = await planManifest(path, client, {
    force: values.force ?? false,
    access: values['read-only-token'] ? 'read' : 'write',
    onWarning: warner(io),
  }).finally(done);
  if (values.diff) io.stdout.write(renderRoleDiff(run.plan, run.live));
  else if (fmt === 'json') io.stdout.write(renderJson(run.plan));
  else if (fmt === 'markdown') io.stdout.write(renderMarkdown(run.plan, { accountNames: accountNamesFrom(run.live) }));
  else io.stdout.write(renderText(run.plan, { color: shouldColor(io.stdout, io.env), accountNames: accountNamesFrom(run.live) }));
  for (const w of run.manifest.warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  if (values.out !== undefined) {
    await writeSavedPlan(values.out, toSavedPlan(run.plan, run.manifest, VERSION, accountNamesFrom(run.live)), renderJson);
    const next = run.plan.policy.ok
      ? `apply it with: rolesync apply ${path} --plan ${values.out}`
      : run.plan.policy.violations.every((v) => v.overridable)
        ? `it is blocked by policy: apply refuses it unless given --force`
        : `it is blocked by policy, and apply will refuse it (--force lifts max_removals only)`;
    io.stderr.write(`Saved the plan to ${values.out}; ${next}\n`);
  }
  return planExitCode(run.plan, values['detailed-exitcode'] ?? false);
}

/**
 * The API client of a reading command. On a terminal a line on stderr counts the calls while live
 * state is read (a large account takes minutes at 100 list calls a minute); `done` wipes it.
 */
function readingClient(io: Io): { client: FrameioClient; done: () => void } {
  if (!io.stderr.isTTY) return { client: clientFromEnv(io.env), done: () => undefined };
  let calls = 0;
  let waiting = false;
  let shown = false;
  const draw = () => {
    shown = true;
    io.stderr.write(`\r\x1b[KReading live state from Frame.io: ${calls} call${calls === 1 ? '' : 's'}${waiting ? ', pacing to the rate limit' : ''}`);
  };
  const client = clientFromEnv(io.env, {
    onEvent: (event) => {
      if (event.type === 'response') {
        calls += 1;
        waiting = false;
        draw();
      } else if (event.type === 'rate_wait') {
        waiting = true;
        draw();
      } else if (event.type === 'retry') {
        shown = true;
        io.stderr.write(`\r\x1b[KReading live state from Frame.io: ${calls} calls; no good answer (${event.reason}), trying again`);
      }
    },
  });
  return { client, done: () => shown && void io.stderr.write('\r\x1b[K') };
}

/** Prints a warning on stderr at once, on a line of its own (a progress line is cleared first). */
function warner(io: Io): (message: string) => void {
  return (message) => void io.stderr.write(`${io.stderr.isTTY ? '\r\x1b[K' : ''}rolesync: warning: ${message}\n`);
}

function textPlan(plan: Plan, io: Io, accountNames: Record<string, string>): string {
  return renderText(plan, { color: shouldColor(io.stdout, io.env), accountNames });
}

async function confirm(plan: Plan, io: Io, accountNames: Record<string, string>): Promise<boolean> {
  io.stdout.write(textPlan(plan, io, accountNames));
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await rl.question(`\nApply these ${plan.changes.length} changes? Only 'yes' is accepted: `, io.interrupted ? { signal: io.interrupted } : {});
    return answer.trim() === 'yes';
  } catch {
    // Ctrl-C or end of input at the prompt: a "no".
    return false;
  } finally {
    rl.close();
  }
}

/** A one-line progress display on stderr, redrawn in place; only on a terminal. */
function progress(io: Io): ((done: number, total: number) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  const started = Date.now();
  return (done, total) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const left = rate > 0 ? Math.ceil((total - done) / rate) : 0;
    io.stderr.write(`\r\x1b[K${done}/${total} changes, ${(rate * 60).toFixed(1)}/min, ~${left}s left`);
    if (done === total) io.stderr.write('\n');
  };
}

async function apply(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('apply', args, {
    plan: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
    journal: { type: 'string' },
    resume: { type: 'boolean' },
  });
  if (values.help) return help(io, 'apply');
  const path = onePath(positionals, 'apply');
  const client = clientFromEnv(io.env);
  const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const show = progress(io);
  const outcome = await runApply(
    {
      path,
      ...(values.plan !== undefined ? { planFile: values.plan } : {}),
      ...(values.journal !== undefined ? { journalFile: values.journal } : {}),
      yes: values.yes ?? false,
      force: values.force ?? false,
      resume: values.resume ?? false,
    },
    {
      client,
      onWarning: warner(io),
      ...(interactive ? { confirm: (plan: Plan, names: Record<string, string>) => confirm(plan, io, names) } : {}),
      ...(io.interrupted ? { signal: io.interrupted } : {}),
      ...(show ? { onResult: (_r: unknown, done: number, total: number) => show(done, total) } : {}),
    },
  );
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
        ),
      );
      break;
  }
  return applyExitCode(outcome);
}

async function drift(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('drift', args, {
    format: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return help(io, 'drift');
  const path = onePath(positionals, 'drift');
  const fmt = format(values.format, 'drift');
  const { client, done } = readingClient(io);
  const run = await runDrift(path, client, { onWarning: warner(io) }).finally(done);
  io.stdout.write(renderDriftReport(run, fmt, shouldColor(io.stdout, io.env)));
  for (const w of run.manifest.warnings) io.stderr.write(`${formatDiagnostic(w)}\n`);
  if (values.out !== undefined) {
    await writeOutput(values.out, renderDriftReport(run, fmt, false));
    io.stderr.write(`Wrote the drift report to ${values.out}\n`);
  }
  return driftExitCode(run.report);
}

async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('export', args, {
    account: { type: 'string' },
    workspace: { type: 'string', multiple: true },
    out: { type: 'string' },
    'infer-groups': { type: 'boolean' },
  });
  if (values.help) return help(io, 'export');
  if (positionals.length > 0) usage(`export takes no manifest path, got '${positionals[0]}'; use --out FILE to choose where to write`, 'export');
  if (values.account === undefined || values.account === '') usage('export needs --account ID (a Frame.io account id or adobe:<org id>)', 'export');
  const { client, done } = readingClient(io);
  const result = await exportManifest(client, {
    accountId: values.account,
    workspaces: values.workspace ?? [],
    inferGroups: values['infer-groups'] ?? false,
    ...(values.out !== undefined ? { out: values.out } : {}),
    cwd: process.cwd(),
    onWarning: warner(io),
  }).finally(done);
  if (values.out === undefined) {
    io.stdout.write(result.text);
  } else {
    await writeOutput(values.out, result.text);
    const n = result.model.workspaces.length;
    io.stderr.write(`Wrote ${values.out} (${n} workspace${n === 1 ? '' : 's'}); review it, then check it with: rolesync plan ${values.out}\n`);
  }
  return 0;
}

async function emulator(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('emulator', args, {
    state: { type: 'string' },
    port: { type: 'string' },
    'time-scale': { type: 'string' },
  });
  if (values.help) return help(io, 'emulator');
  if (positionals.length > 0) usage(`emulator takes no arguments, got '${positionals[0]}'`, 'emulator');
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be a port number, not '${values.port}'`, 'emulator');
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!(timeScale > 0)) usage(`--time-scale must be a positive number, not '${values['time-scale']}'`, 'emulator');
  // The seed shipped with the package, wherever rolesync is installed.
  const state = values.state ?? packageFile('examples/emulator-seed.yaml') ?? 'examples/emulator-seed.yaml';
  const emu = await startEmulator({ state, port, timeScale });
  io.stdout.write(`${emulatorBanner(emu)}\n# Stop it with Ctrl-C.\n`);
  await new Promise<void>((resolve) => {
    if (io.interrupted?.aborted) resolve();
    io.interrupted?.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  return 0;
}

function help(io: Io, command?: string): number {
  io.stdout.write(command ? COMMAND_HELP[command]! : MAIN_HELP);
  return 0;
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  validate,
  plan,
  apply,
  drift,
  export: exportCommand,
  emulator,
};

/** The API base a user set (or the default), without any credentials written into it. */
function apiUrlShown(env: Io['env']): string {
  const raw = env['FRAMEIO_API_URL'] ?? 'https://api.frame.io';
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    return url.origin;
  } catch {
    return 'not a URL';
  }
}

/** Runs one rolesync command and returns its exit code; user errors are printed, never thrown. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      return help(io, rest[0] !== undefined && COMMAND_HELP[rest[0]] ? rest[0] : undefined);
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) usage(`unknown command '${command}'`);
    return await run(rest, io);
  } catch (error) {
    if (error instanceof RolesyncError) {
      io.stderr.write(`rolesync: ${error.message}\n`);
      if (error instanceof ApiError && error.status === 401) io.stderr.write('Check that FRAMEIO_TOKEN holds a valid, unexpired token.\n');
      if (error instanceof ApiError && error.status === 0) io.stderr.write(`Check FRAMEIO_API_URL (${apiUrlShown(io.env)}) and that the API, or 'rolesync emulator', is running there.\n`);
      return 1;
    }
    const detail = io.env['ROLESYNC_DEBUG'] ? (error as Error).stack : (error as Error).message;
    io.stderr.write(`rolesync: internal error: ${detail}\nThis is a bug in rolesync; set ROLESYNC_DEBUG=1 for a stack trace and report it.\n`);
    return 1;
  }
}
