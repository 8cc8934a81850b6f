// The command table: each command's options, help, signal handling and handler in one entry.
// A handler is imported only when its command runs, so --help or validate load little else.
import type { Call, Options, ParsedValues, Values } from './call.js';
import type { Io } from './io.js';

export type { Call, Options, ParsedValues, Values } from './call.js';

interface Entry {
  name: string;
  /** The command as the main help lists it, e.g. `plan <path>`. */
  synopsis: string;
  summary: string;
  /** parseArgs options; every command also takes --help (-h). */
  options: Options;
  /** `rolesync <command> --help`, with an example. */
  help: string;
  /** The first SIGINT/SIGTERM aborts `io.interrupted` (calls in flight finish) instead of exiting. */
  defersSignals?: boolean;
}

/** A command rolesync runs, or one of the two the command line answers itself. */
export type Runnable = Entry & { run: (call: Call<ParsedValues>, io: Io) => Promise<number> };
export type Builtin = Entry & { builtin: 'help' | 'version' };
export type Command = Runnable | Builtin;

/** An entry whose handler is typed by its own options: an option it reads must be in the entry. */
type Typed<O extends Options> = Omit<Entry, 'options'> & {
  options: O;
  run: (call: Call<Values<O>>, io: Io) => Promise<number>;
};

function command<const O extends Options>(entry: Typed<O>): Command {
  return entry as unknown as Runnable;
}

export const COMMANDS: readonly Command[] = [
  command({
    name: 'validate',
    synopsis: 'validate <path>',
    summary: 'check a manifest offline (exit 0 valid, 1 invalid)',
    options: {},
    run: async (call, io) => (await import('./run/validate.js')).validate(call, io),
    help: `Usage: rolesync validate <path>

Parses a manifest file, or every *.yaml/*.yml below a directory, and checks it against the schema
and the semantic rules, offline (no token needed). Every error names file:line:col.

Exit codes: 0 valid, 1 invalid.

Example:
  rolesync validate examples/acme/
`,
  }),
  command({
    name: 'plan',
    synopsis: 'plan <path>',
    summary: 'show what apply would change (exit 0; 2 changes with --detailed-exitcode; 3 blocked)',
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      diff: { type: 'boolean' },
      force: { type: 'boolean' },
      'read-only-token': { type: 'boolean' },
      'suggest-groups': { type: 'boolean' },
      now: { type: 'string' },
      quiet: { type: 'boolean' },
    },
    run: async (call, io) => (await import('./run/plan.js')).plan(call, io),
    help:
      'Usage: rolesync plan <path> [--format text|json|markdown | --diff] [--out FILE] ' +
      `[--detailed-exitcode] [--force] [--quiet]
       [--read-only-token] [--suggest-groups] [--now DATE-TIME]

Reads the live state the manifest manages and shows exactly what apply would change. Stops first
when the token's user is not an admin (or the owner) of every managed account: apply could not
change roles with it.

Options:
  --format FORMAT       text (default), json (the contract's plan document) or markdown (a PR comment)
  --out FILE            also save the plan (JSON, with a checksum and the live values it expects)
                        for 'rolesync apply --plan FILE'
  --detailed-exitcode   exit 0 when there are no changes, 2 when there are
  --diff                print a unified diff of who has which role instead of the plan
  --force               evaluate the policy as 'apply --force' would (lifts max_removals only)
  --read-only-token     the token may only read (a pull-request job whose plan an admin's token
                        applies): warn on stderr instead of stopping
  --suggest-groups      also show where one Frame.io group would replace identical user grants:
                        users with the same role on the same workspaces and projects, and the
                        calls and time one group (1 create, a member add per 100 users, one grant
                        per scope) saves over role updates user by user (10 a minute); the 10
                        largest savings (JSON key "suggestions"). Advice only: the plan, its
                        saved file and the exit code stay as they are
  --now DATE-TIME       judge every 'expires:' as of this instant (a date-time with offset, like
                        2027-01-31T09:00:00Z, or a date: 00:00 UTC) instead of the time now; the
                        plan records it. Ended grants are removed (reason expired), grants ending
                        within policy.expiry_notice are listed under 'Expiry notices'
  --quiet               no progress line on stderr (it shows only on a terminal anyway)

Exit codes: 0 success; with --detailed-exitcode 0 no changes, 2 changes; 1 error; 3 blocked by policy.

Examples:
  rolesync plan examples/acme/
  rolesync plan examples/acme/ --format markdown > plan.md
  rolesync plan examples/acme/ --out plan.json --detailed-exitcode
  rolesync plan examples/acme/ --suggest-groups
`,
  }),
  command({
    name: 'apply',
    synopsis: 'apply <path>',
    summary: 'make the changes (exit 0 done, 1 error, 3 blocked by policy, 4 partly applied)',
    options: {
      plan: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      force: { type: 'boolean' },
      journal: { type: 'string' },
      resume: { type: 'boolean' },
      'only-expired': { type: 'boolean' },
      now: { type: 'string' },
      quiet: { type: 'boolean' },
    },
    // Ctrl-C lets the writes in flight finish and be journaled, so that --resume repeats none.
    defersSignals: true,
    run: async (call, io) => (await import('./run/apply.js')).apply(call, io),
    help: `Usage: rolesync apply <path> [--plan FILE] [--yes] [--force] [--journal FILE] [--resume] [--quiet]
                      [--only-expired] [--now DATE-TIME]

Makes the changes within the API's rate limits, promotions and grants first, removals and demotions
last. With --plan, applies only the changes of that saved plan, each checked against live state
first: a change whose user no longer has the plan's 'from' role is skipped as stale, never forced.
Without --plan it plans afresh; then it asks on a terminal, and without a terminal it needs --yes.
Stops before any write when the token's user is not an admin (or the owner) of every managed
account, or when another apply of one of them runs on this machine.

Options:
  --plan FILE      apply this saved plan (from 'rolesync plan --out FILE'); refused if it was made
                   from another manifest or was edited
  --yes            do not ask
  --force          allow more removals than policy.max_removals (nothing overrides min_admins or
                   the owner, self and protected guards)
  --journal FILE   where to record finished changes (default: FILE.journal beside --plan, else
                   .rolesync/journal-<plan checksum>.jsonl: one per plan)
  --resume         continue an interrupted apply from its journal: no call is made twice
  --only-expired   apply only the plan's expiry changes (reason expired: grants whose 'expires:'
                   has passed), nothing else even when other drift exists; the policy is checked
                   on those changes (with --plan, the saved plan's verdict stands). For a scheduled
                   job that ends access on time without a person merging a PR
  --now DATE-TIME  judge every 'expires:' as of this instant instead of the time now (a fresh
                   plan only: a saved plan keeps the instant it was made for)
  --quiet          no progress line on stderr (it shows only on a terminal anyway)

Exit codes: 0 all applied, 1 error before any write, 3 blocked by policy, 4 partly applied
(failed or stale changes are named), 130 interrupted (resume with --resume).

Examples:
  rolesync plan examples/acme/ --out plan.json && rolesync apply examples/acme/ --plan plan.json
  rolesync apply examples/acme/ --yes
  rolesync apply examples/acme/ --plan plan.json --resume
  rolesync apply examples/acme/ --only-expired --yes
`,
  }),
  command({
    name: 'drift',
    synopsis: 'drift <path>',
    summary: 'read-only check for cron (exit 0 in sync, 2 drift, 1 error)',
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      now: { type: 'string' },
      quiet: { type: 'boolean' },
      'no-attribution': { type: 'boolean' },
    },
    run: async (call, io) => (await import('./run/drift.js')).drift(call, io),
    help: `Usage: rolesync drift <path> [--format text|json|markdown] [--out FILE] [--now DATE-TIME] [--quiet]
                      [--no-attribution]

Read-only check for a cron job: compares live state with the manifest and reports each difference,
whether live moved away from the manifest and what apply would do, and who made it: the latest
audit-log event about it (user, time, event), read with at most 30 audit-log calls per run (3 pages
per workspace, project or account user). Not found, or no access to the audit log: said so.
A grant whose 'expires:' has passed but is still live is drift of kind 'expired'; grants ending
within policy.expiry_notice are listed as notices (not drift).

Options:
  --format FORMAT    text (default), json or markdown
  --out FILE         write the report to FILE as well
  --now DATE-TIME    judge every 'expires:' (and the audit-log window) as of this instant
  --quiet            no progress line on stderr (it shows only on a terminal anyway)
  --no-attribution   do not read the audit log (no audit-log call): no "changed by"

Exit codes: 0 in sync, 2 drift found, 1 error.

Example:
  rolesync drift examples/acme/ --format markdown --out drift.md
`,
  }),
  command({
    name: 'export',
    synopsis: 'export --account ID',
    summary: 'write a manifest of the live state',
    options: {
      account: { type: 'string' },
      workspace: { type: 'string', multiple: true },
      out: { type: 'string' },
      'infer-groups': { type: 'boolean' },
      projects: { type: 'boolean' },
      groups: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    run: async (call, io) => (await import('./run/export.js')).exportCommand(call, io),
    help: `Usage: rolesync export --account ID [--workspace NAME ...] [--out FILE] [--projects] [--groups]
                      [--infer-groups] [--quiet]

Writes a manifest of the live state: sorted, valid, workspace ids pinned, users keyed by email.
Planning it against the same live state gives no changes.

Options:
  --account ID        the account (Frame.io id or adobe:<org id>)
  --workspace NAME    export only this workspace (repeatable); default: all
  --out FILE          write to FILE instead of stdout
  --projects          also every project of the exported workspaces, with its direct grants; costs
                      one more list call per project (and per further page of 100 users), said on
                      stderr before they are made
  --groups            also the account's Frame.io groups (experimental: [frameio_groups]): every
                      group pinned by id, a group made in Frame.io with its members (authoritative),
                      a synced one (Adobe Admin Console, Workfront) by its id alone, and the group
                      grants of each exported workspace (and project) under frameio_groups:; costs
                      one groups listing, one more list call per frame group and per exported
                      workspace and project (and per synced group granted there), said on stderr
                      before they are made. An account without Frame.io's experimental API is an
                      error naming it, and nothing is written
  --infer-groups      propose groups for people who share the same roles in several workspaces
                      (and, with --projects, projects)
  --quiet             no progress line on stderr (it shows only on a terminal anyway), no cost line

Exit codes: 0 written, 1 error.

Examples:
  rolesync export --account 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10 --out access/acme.yaml
  rolesync export --account 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10 --projects --out access/acme.yaml
  rolesync export --account 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10 --groups --out access/acme.yaml
`,
  }),
  command({
    name: 'report',
    synopsis: 'report <path>',
    summary: 'who has access to what and why (exit 0, 1 error)',
    options: {
      account: { type: 'string' },
      projects: { type: 'boolean' },
      groups: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      now: { type: 'string' },
      'no-activity': { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    run: async (call, io) => (await import('./run/report.js')).report(call, io),
    help: `Usage: rolesync report <path> | --account ID [--projects] [--groups]
                       [--format text|markdown|csv|json|html] [--out FILE]
                       [--now DATE-TIME] [--no-activity] [--quiet]

Who has access to what and why, read-only: for every user and scope (workspace, project) the
effective role, where it comes from (account owner or admin, workspace role, project grant, which
Frame.io group), whether the manifest manages it, its expiry, the user's last login, and flags:
access the manifest does not declare, grants with no effect, account admins with redundant grants,
deactivated or invited users still holding grants, grants ending within policy.expiry_notice and
ended grants still live. With <path>, the manifest's workspaces (and all their projects when it
lists any; Frame.io groups when it opts into them). With --account there is no expiry to show.

Options:
  --account ID     every workspace of this account (Frame.io id or adobe:<org id>) instead of
                   a manifest's scopes
  --projects       with --account: also every project, one more list call per project (said on
                   stderr before they are made)
  --groups         with --account: also Frame.io groups (experimental), their members and grants
                   (the calls said on stderr first)
  --format FORMAT  text (default), markdown (capped for a PR or issue comment), csv (one row per
                   user and scope), json (schemas/report.schema.json) or html (one self-contained
                   page: a users x scopes matrix and the rows, filter and sort; no network)
  --out FILE       write the report to FILE instead of stdout
  --now DATE-TIME  judge every 'expires:' as of this instant (a date-time with offset, like
                   2026-12-01T09:00:00Z, or a date: 00:00 UTC), as plan, apply and drift do;
                   default the time now
  --no-activity    do not read the audit log (no last login); else at most 10 audit-log calls per
                   account, user_login events of the last 30 days (how far the log reaches)
  --quiet          no progress line and no cost line on stderr

Exit codes: 0 written, 1 error.

Examples:
  rolesync report examples/acme/ --format markdown --out access.md
  rolesync report --account 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10 --projects --format csv --out access.csv
  rolesync report examples/acme/ --format html --out access.html
`,
  }),
  command({
    name: 'emulator',
    synopsis: 'emulator',
    summary: 'run the local Frame.io V4 emulator',
    options: {
      state: { type: 'string' },
      port: { type: 'string' },
      'time-scale': { type: 'string' },
      log: { type: 'string' },
      'ims-token-lifetime': { type: 'string' },
    },
    // SIGINT/SIGTERM close the server (and the --log file) before the process ends.
    defersSignals: true,
    run: async (call, io) => (await import('./run/emulator.js')).emulator(call, io),
    help: `Usage: rolesync emulator [--state FILE] [--port N] [--time-scale X] [--log FILE]
                         [--ims-token-lifetime SECONDS]

Runs the local Frame.io V4 emulator on 127.0.0.1 and prints the lines that point rolesync at it,
and its process id. It also stands in for Adobe IMS on the same port (/ims/...): the seed's
ims_clients get tokens there (FRAMEIO_IMS_URL), and its sign-in page signs a seeded user in at once. It runs until stopped: Ctrl-C, or kill with that pid. Started in the background
through npx (npx rolesync emulator &), stopping npx (kill $!) stops it too.

It keeps an audit log of the writes made through it (GET /v4/accounts/{id}/audit_logs). A change
"made in the web app" by another user at a given time is POST /_emulator/hand_edits with
{"account", "as_user", "at", "change"}: it changes the state and logs the event (see the README).

Options:
  --state FILE       the seed state (default: examples/emulator-seed.yaml shipped with rolesync)
  --port N           port (default 4010; 0 picks a free one)
  --time-scale X     run the rate limits X times faster (default 1: the documented limits)
  --log FILE         write one JSON line per request to FILE: time, method, path, query, body,
                     status, operation and the token's user (never a token or other header;
                     for /ims/ calls no body, and secret query values blanked)
  --ims-token-lifetime SECONDS
                     how long an IMS access token lasts, in emulated seconds (default: the seed's
                     ims_token_lifetime, else 86399); with --time-scale it passes that much faster

Examples:
  rolesync emulator --state examples/emulator-seed.yaml --port 4010
  rolesync emulator --port 4010 --log requests.jsonl
`,
  }),
  command({
    name: 'login',
    synopsis: 'login',
    summary: 'sign in as a user (Adobe IMS): open the URL, paste the redirect back',
    options: {
      'client-id': { type: 'string' },
      'redirect-uri': { type: 'string' },
    },
    run: async (call, io) => (await import('./run/login.js')).login(call, io),
    help: `Usage: rolesync login [--client-id ID] [--redirect-uri URI]

Signs you in with your own Adobe ID, for accounts where no server-to-server credential is possible.
Prints a sign-in URL (with a one-time state and a PKCE challenge); open it in a browser and sign in.
Adobe then sends the browser to the credential's redirect URI (HTTPS: the page may not load, which is
fine). Paste that whole address (or only its code) back; rolesync checks the state, exchanges the
code and saves the login: the refresh token in $XDG_CONFIG_HOME/rolesync/credentials.json (default
~/.config/rolesync/credentials.json), mode 0600, replaced at every renewal. Later commands use it
when neither FRAMEIO_TOKEN nor FRAMEIO_CLIENT_ID/SECRET is set.

Options:
  --client-id ID       the client id of your Adobe OAuth credential (default: FRAMEIO_LOGIN_CLIENT_ID)
  --redirect-uri URI   one of its redirect URIs (default: FRAMEIO_LOGIN_REDIRECT_URI, else the
                       credential's default redirect URI)

Environment:
  FRAMEIO_LOGIN_CLIENT_SECRET   the secret of a Web App credential (never a flag: argv is visible to
                                other users); saved with the login, since renewing needs it. Without
                                it the credential is public and PKCE alone proves the exchange
  FRAMEIO_IMS_URL               IMS origin (default https://ims-na1.adobelogin.com)

Exit codes: 0 signed in, 1 error (nothing saved).

Example:
  rolesync login --client-id 0123abcd --redirect-uri https://localhost/rolesync/callback
`,
  }),
  command({
    name: 'logout',
    synopsis: 'logout',
    summary: 'revoke and delete the saved login',
    options: {},
    run: async (call, io) => (await import('./run/login.js')).logout(call, io),
    help: `Usage: rolesync logout

Revokes the saved login's refresh token at Adobe IMS and deletes the file. The file is deleted also
when IMS cannot be reached (then revoke it at account.adobe.com, Connected applications).

Exit codes: 0 (also when there was no login), 1 error.

Example:
  rolesync logout
`,
  }),
  command({
    name: 'whoami',
    synopsis: 'whoami',
    summary: 'show the credentials in use, their user, and where it may change roles',
    options: {},
    run: async (call, io) => (await import('./run/login.js')).whoami(call, io),
    help: `Usage: rolesync whoami

Shows which credentials rolesync uses (FRAMEIO_TOKEN, server-to-server client credentials, or the
saved login; never a secret), the Frame.io user they act as, each account it reaches with its role
there and whether it may change roles (an account admin or the owner), and when the token ends.

Exit codes: 0, 1 error (e.g. the credentials are refused).

Example:
  rolesync whoami
`,
  }),
  {
    name: 'version',
    synopsis: 'version',
    summary: "print rolesync's version (also --version)",
    options: {},
    builtin: 'version',
    help: `Usage: rolesync version

Prints the version of rolesync, as 'rolesync --version' does.

Example:
  rolesync version
`,
  },
  {
    name: 'help',
    synopsis: 'help [command]',
    summary: "this list, or a command's options and examples",
    options: {},
    builtin: 'help',
    help: `Usage: rolesync help [command]

Prints the list of commands, or one command's options and examples, as 'rolesync <command> --help' does.

Example:
  rolesync help plan
`,
  },
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
