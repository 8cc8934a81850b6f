// The --help texts of every command: the README shows the same examples.

export const VERSION = '0.1.0';

export const MAIN_HELP = `rolesync ${VERSION} — Frame.io account and workspace roles as reviewable code

Usage: rolesync <command> [options]

Commands:
  validate <path>      check a manifest offline (exit 0 valid, 1 invalid)
  plan <path>          show what apply would change (exit 0; 2 changes with --detailed-exitcode; 3 blocked)
  apply <path>         make the changes (exit 0 done, 1 error, 3 blocked by policy, 4 partly applied)
  drift <path>         read-only check for cron (exit 0 in sync, 2 drift, 1 error)
  export --account ID  write a manifest of the live state
  emulator             run the local Frame.io V4 emulator

Environment:
  FRAMEIO_TOKEN        bearer token (required for plan, apply, drift, export); never printed
  FRAMEIO_API_URL      API base (default https://api.frame.io); plain http:// only to loopback
  NO_COLOR             disable colour

Run 'rolesync <command> --help' for a command's options and examples.
`;

export const COMMAND_HELP: Record<string, string> = {
  validate: `Usage: rolesync validate <path>

Parses a manifest file, or every *.yaml/*.yml below a directory, and checks it against the schema
and the semantic rules, offline (no token needed). Every error names file:line:col.

Exit codes: 0 valid, 1 invalid.

Example:
  rolesync validate examples/acme/
`,
  plan: `Usage: rolesync plan <path> [--format text|json|markdown | --diff] [--out FILE] [--detailed-exitcode] [--force]
       [--read-only-token]

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

Exit codes: 0 success; with --detailed-exitcode 0 no changes, 2 changes; 1 error; 3 blocked by policy.

Examples:
  rolesync plan examples/acme/
  rolesync plan examples/acme/ --format markdown > plan.md
  rolesync plan examples/acme/ --out plan.json --detailed-exitcode
`,
  apply: `Usage: rolesync apply <path> [--plan FILE] [--yes] [--force] [--journal FILE] [--resume]

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

Exit codes: 0 all applied, 1 error before any write, 3 blocked by policy, 4 partly applied
(failed or stale changes are named), 130 interrupted (resume with --resume).

Examples:
  rolesync plan examples/acme/ --out plan.json && rolesync apply examples/acme/ --plan plan.json
  rolesync apply examples/acme/ --yes
  rolesync apply examples/acme/ --plan plan.json --resume
`,
  drift: `Usage: rolesync drift <path> [--format text|json|markdown] [--out FILE]

Read-only check for a cron job: compares live state with the manifest and reports each difference,
whether live moved away from the manifest and what apply would do.

Options:
  --format FORMAT   text (default), json or markdown
  --out FILE        write the report to FILE as well

Exit codes: 0 in sync, 2 drift found, 1 error.

Example:
  rolesync drift examples/acme/ --format markdown --out drift.md
`,
  export: `Usage: rolesync export --account ID [--workspace NAME ...] [--out FILE] [--infer-groups]

Writes a manifest of the live state: sorted, valid, workspace ids pinned, users keyed by email.
Planning it against the same live state gives no changes.

Options:
  --account ID        the account (Frame.io id or adobe:<org id>)
  --workspace NAME    export only this workspace (repeatable); default: all
  --out FILE          write to FILE instead of stdout
  --infer-groups      propose groups for people who share the same roles in several workspaces

Exit codes: 0 written, 1 error.

Example:
  rolesync export --account 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10 --out access/acme.yaml
`,
  emulator: `Usage: rolesync emulator [--state FILE] [--port N] [--time-scale X]

Runs the local Frame.io V4 emulator on 127.0.0.1 and prints the lines that point rolesync at it.

Options:
  --state FILE       the seed state (default: examples/emulator-seed.yaml shipped with rolesync)
  --port N           port (default 4010; 0 picks a free one)
  --time-scale X     run the rate limits X times faster (default 1: the documented limits)

Example:
  rolesync emulator --state examples/emulator-seed.yaml --port 4010
`,
};
