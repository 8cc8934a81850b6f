// Checks CI files that run rolesync: every invocation uses a documented command and documented
// flags (as cmd/help.ts documents them), every exit code a pipeline handles is one the contract
// defines for that command, the token and the IMS client secret only ever come from a secret and are
// never echoed, and the client secret never lands in a command's argv (where `ps` shows it).
import { parseDocument } from 'yaml';
import { COMMAND_HELP } from '../../cmd/help.js';

/** CONTRACT.md §2, the exit codes per command (apply's 130 is its documented interrupt). */
export const CONTRACT_EXIT_CODES: Record<string, number[]> = {
  validate: [0, 1],
  plan: [0, 1, 2, 3],
  apply: [0, 1, 3, 4, 130],
  drift: [0, 1, 2],
  export: [0, 1],
};

/** The flags a command's --help documents. */
export function documentedFlags(command: string): Set<string> {
  const help = COMMAND_HELP[command] ?? '';
  return new Set([...help.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]).concat(['--help']));
}

export interface Invocation {
  file: string;
  command: string;
  args: string[];
  /** Exit codes the surrounding pipeline treats specially. */
  handled: number[];
}

const ACTION = /(^\.\/?$)|(\/frameio-rolesync@)/;

function numbers(text: string): number[] {
  return [...text.matchAll(/\d+/g)].map((m) => Number(m[0]));
}

/** Shell text after a rolesync call: the codes it compares `$?`-like variables against. */
function shellCodes(text: string): number[] {
  const codes: number[] = [];
  for (const m of text.matchAll(/\$\{?\w+\}?"?\s*(?:-eq|-ne|==|!=|=)\s*"?(\d+)"?/g)) codes.push(Number(m[1]));
  for (const m of text.matchAll(/case\s+"?\$\w+"?\s+in([\s\S]*?)esac/g)) {
    for (const arm of m[1]!.matchAll(/(?:^|;;|in)\s*([\d|]+)\)/g)) codes.push(...numbers(arm[1]!));
  }
  return codes;
}

/** Every `rolesync <command> ...` in a script, with the codes handled until the next one. */
export function shellInvocations(file: string, script: string, extraHandled: number[] = []): Invocation[] {
  const text = script.replace(/\\\n\s*/g, ' ');
  const found = [...text.matchAll(/(?:^|[\s;&|(])(?:npx\s+)?rolesync\s+([^\n|;&>]*)/g)];
  return found.map((m, i) => {
    const words = (m[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.replace(/^["']|["']$/g, ''));
    const rest = text.slice((m.index ?? 0) + m[0].length, found[i + 1]?.index ?? text.length);
    return { file, command: words[0] ?? '', args: words.slice(1), handled: [...shellCodes(rest), ...extraHandled] };
  });
}

type Json = Record<string, unknown>;

function steps(job: Json): Json[] {
  return Array.isArray(job.steps) ? (job.steps as Json[]) : [];
}

/** A GitHub workflow's rolesync calls: through the action (with its outputs' comparisons) or shell. */
export function githubInvocations(file: string, doc: Json): Invocation[] {
  const out: Invocation[] = [];
  const whole = JSON.stringify(doc);
  for (const job of Object.values((doc.jobs ?? {}) as Record<string, Json>)) {
    for (const step of steps(job)) {
      if (typeof step.uses === 'string' && ACTION.test(step.uses)) {
        const w = (step.with ?? {}) as Record<string, string>;
        const args = [
          w.path,
          w.format && '--format',
          w.format,
          w.out && '--out',
          w.out,
          ...String(w.args ?? '').split(/\s+/),
        ].filter((a): a is string => Boolean(a));
        const handled = numbers(String(w['ok-exit-codes'] ?? '0'));
        if (typeof step.id === 'string') {
          const re = new RegExp(`steps\\.${step.id}\\.outputs\\.exit-code\\s*[!=]=\\s*'(\\d+)'`, 'g');
          for (const m of whole.matchAll(re)) handled.push(Number(m[1]));
        }
        out.push({ file, command: String(w.command ?? ''), args, handled });
      }
      if (typeof step.run === 'string') out.push(...shellInvocations(file, step.run));
    }
  }
  return out;
}

/** A GitLab pipeline's rolesync calls, job by job (allow_failure exit codes count as handled). */
export function gitlabInvocations(file: string, doc: Json): Invocation[] {
  const out: Invocation[] = [];
  for (const [name, job] of Object.entries(doc)) {
    if (typeof job !== 'object' || job === null || !('script' in job)) continue;
    const j = job as Json;
    const script = ([] as unknown[]).concat(j.before_script ?? [], j.script ?? []).join('\n');
    const allowed = ((j.allow_failure as Json | undefined)?.exit_codes ?? []) as number[];
    out.push(...shellInvocations(`${file}#${name}`, script, allowed));
  }
  return out;
}

/** Every problem with the invocations; empty when all is well. */
export function checkInvocations(invocations: Invocation[]): string[] {
  const problems: string[] = [];
  for (const inv of invocations) {
    const where = `${inv.file}: rolesync ${inv.command}`;
    if (!(inv.command in COMMAND_HELP) || inv.command === 'emulator') {
      problems.push(`${where}: not a documented pipeline command`);
      continue;
    }
    const flags = documentedFlags(inv.command);
    for (const arg of inv.args) {
      const flag = arg.split('=')[0]!;
      if (flag.startsWith('--') && !flags.has(flag)) problems.push(`${where}: undocumented flag ${flag}`);
    }
    for (const code of inv.handled) {
      if (!CONTRACT_EXIT_CODES[inv.command]!.includes(code))
        problems.push(`${where}: handles exit code ${code}, which the contract does not define for ${inv.command}`);
    }
  }
  return problems;
}

const FROM_SECRET = /^\$\{\{\s*secrets\.\w+\s*\}\}$/;
const FROM_SECRET_OR_VAR = /^\$\{\{\s*(secrets|vars)\.\w+\s*\}\}$/;
/** YAML keys (env names or action inputs) and where their value must come from. */
const SOURCED: [RegExp, RegExp, string][] = [
  [/^\s*(FRAMEIO_TOKEN|token):\s*(.+)$/, FROM_SECRET, 'a secret'],
  [/^\s*(FRAMEIO_CLIENT_SECRET|client-secret):\s*(.+)$/, FROM_SECRET, 'a secret'],
  [/^\s*(FRAMEIO_CLIENT_ID|client-id):\s*(.+)$/, FROM_SECRET_OR_VAR, 'a secret or a variable'],
];
/** Shell variables holding a token: printing one is allowed only to mask it or into GITHUB_ENV. */
const TOKEN_VAR = /\$\{?(FRAMEIO_TOKEN|token|access_token)\b/;
const SECRET_VAR = /\$\{?\w*CLIENT_SECRET\b\}?/g;
/** The one way a client secret may reach a program: on its stdin, through the printf builtin, or in
 * its environment, through the export builtin; and the builtin `[ -z "$SECRET" ]` tests. None of
 * them prints anything or puts the secret in an argv. */
const SECRET_TO_STDIN =
  /\bprintf\s+(['"])%s\1\s+"?\$\{?\w*CLIENT_SECRET\}?"?\s*\||\[\s+-[zn]\s+"\$\{?\w*CLIENT_SECRET\}?"\s+\]|^\s*export\s+\w+="\$\{?\w*CLIENT_SECRET\}?"\s*$/g;

/** The token and the client secret: from a secret, never a literal, never echoed, traced or in argv. */
export function checkToken(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    const at = `${file}:${i + 1}`;
    const shell = line.replace(/^\s*#.*$/, '');
    const m = TOKEN_VAR.exec(shell);
    if (m && /\b(echo|printf|cat)\b/.test(shell) && !/::add-mask::/.test(shell) && !/>>\s*"?\$GITHUB_ENV/.test(shell))
      problems.push(`${at}: prints ${m[1]}`);
    if (/\bset\s+-[a-z]*x/.test(shell)) problems.push(`${at}: set -x would trace the token`);
    const piped = shell.replace(SECRET_TO_STDIN, '');
    if (SECRET_VAR.test(piped))
      problems.push(
        `${at}: the client secret may only reach a command on stdin (printf '%s' "$SECRET" | ...), never in argv ` +
          'or the log',
      );
    SECRET_VAR.lastIndex = 0;
    for (const [key, source, what] of SOURCED) {
      const k = key.exec(line);
      if (k && !source.test(k[2]!.trim())) problems.push(`${at}: ${k[1]} must come from ${what}`);
    }
  }
  return problems;
}

export function parseStrict(file: string, text: string): Json {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS() as Json;
}
