// The CI examples and the action are tested at least for syntax and structure, and for using only
// what rolesync documents: commands, flags, exit codes; the token comes from a secret.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRIFT_MARKER, MARKDOWN_MARKER } from '../../src/render/index.js';
import { at, list, mapping, text } from '../support/json.js';
import {
  checkInvocations,
  checkToken,
  githubInvocations,
  gitlabInvocations,
  parseStrict,
  shellInvocations,
  type Invocation,
} from './checker.js';

const GITHUB = 'examples/ci/github';
const workflows = readdirSync(GITHUB)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(GITHUB, f))
  .sort();
const read = (f: string) => readFileSync(f, 'utf8');

describe('GitHub workflow examples', () => {
  it('are the four flows', () => {
    expect(workflows).toEqual([
      `${GITHUB}/rolesync-apply.yml`,
      `${GITHUB}/rolesync-drift.yml`,
      `${GITHUB}/rolesync-expiry.yml`,
      `${GITHUB}/rolesync-plan.yml`,
    ]);
  });

  it.each(workflows)('%s parses and has the shape of a workflow', (file) => {
    const doc = parseStrict(file, read(file));
    expect(doc.on, file).toBeDefined();
    expect(doc.permissions, `${file}: least privilege is spelled out`).toBeDefined();
    const jobs = Object.entries(mapping(doc, 'jobs'));
    expect(jobs.length).toBeGreaterThan(0);
    for (const [name, job] of jobs) {
      expect(at(job, 'runs-on'), name).toBeTypeOf('string');
      expect(Array.isArray(at(job, 'steps')), name).toBe(true);
      for (const step of list(job, 'steps').map((s) => mapping(s))) {
        expect(Number('uses' in step) + Number('run' in step), `${name}: a step either uses or runs`).toBe(1);
        // Untrusted event text must never be pasted into a script.
        if (typeof step.run === 'string') expect(step.run).not.toMatch(/\$\{\{\s*(github\.event|inputs)\./);
      }
    }
    expect(checkToken(file, read(file))).toEqual([]);
    const calls = githubInvocations(file, doc);
    expect(calls.length, file).toBeGreaterThan(0);
    expect(checkInvocations(calls)).toEqual([]);
  });

  it('plan: validates, plans with a saved plan, uploads it and keeps one comment by the marker', () => {
    const file = `${GITHUB}/rolesync-plan.yml`;
    const doc = parseStrict(file, read(file));
    expect(Object.keys(mapping(doc, 'on'))).toEqual(['pull_request']);
    const calls = githubInvocations(file, doc);
    expect(calls.map((c) => c.command)).toEqual(['validate', 'plan']);
    expect(calls[1]?.args).toEqual(
      expect.arrayContaining(['--format', 'markdown', '--out', 'plan.json', '--detailed-exitcode']),
    );
    expect(calls[1]?.handled.sort()).toEqual([0, 2, 3, 3]);
    const uses = list(doc, 'jobs', 'plan', 'steps')
      .map((s) => at(s, 'uses'))
      .filter(Boolean);
    const actions = uses.map((u) => String(u).replace(/@.*/, ''));
    expect(actions).toEqual(expect.arrayContaining(['actions/upload-artifact', 'actions/github-script']));
    expect(read(file)).toContain(`'${MARKDOWN_MARKER}'`);
  });

  it('apply: runs on main in a protected environment, applying the downloaded plan', () => {
    const file = `${GITHUB}/rolesync-apply.yml`;
    const doc = parseStrict(file, read(file));
    expect(at(doc, 'on', 'push', 'branches')).toEqual(['main']);
    expect(at(doc, 'jobs', 'apply', 'environment')).toBe('frameio-production');
    // Applies queue one after the other, never cut short.
    expect(doc.concurrency).toEqual({ group: 'rolesync-apply-access', 'cancel-in-progress': false });
    const calls = githubInvocations(file, doc);
    expect(calls.map((c) => `${c.command} ${c.args.join(' ')}`)).toEqual([
      'apply access/ --plan plan.json --yes',
      'apply access/ --yes',
    ]);
    const steps = list(doc, 'jobs', 'apply', 'steps');
    const download = steps.find((s) => String(at(s, 'uses')).startsWith('actions/download-artifact@'));
    expect(at(download, 'with', 'name')).toBe('rolesync-plan');
  });

  it.each(['rolesync-apply.yml', 'rolesync-drift.yml', 'rolesync-expiry.yml'])(
    '%s: client credentials from secrets, with which rolesync gets its own IMS token',
    (name) => {
      const file = `${GITHUB}/${name}`;
      const doc = parseStrict(file, read(file));
      const steps = Object.values(mapping(doc, 'jobs')).flatMap((job) => list(job, 'steps'));
      const rolesync = steps.filter(
        (s) => String(at(s, 'uses')).includes('/frameio-rolesync@') && at(s, 'with', 'command') !== 'validate',
      );
      expect(rolesync.length).toBeGreaterThan(0);
      for (const step of rolesync) {
        expect(at(step, 'with', 'client-id')).toBe('${{ secrets.FRAMEIO_CLIENT_ID }}');
        expect(at(step, 'with', 'client-secret')).toBe('${{ secrets.FRAMEIO_CLIENT_SECRET }}');
        expect(
          at(step, 'env', 'FRAMEIO_TOKEN'),
          'a static token would come before the client credentials',
        ).toBeUndefined();
      }
      expect(read(file)).toMatch(/#.*token: \$\{\{ secrets\.FRAMEIO_TOKEN \}\}.*also works/);
    },
  );

  it('drift: scheduled, one job per account, exit 2 is drift and one issue is kept by the marker', () => {
    const file = `${GITHUB}/rolesync-drift.yml`;
    const doc = parseStrict(file, read(file));
    expect(text(doc, 'on', 'schedule', 0, 'cron')).toMatch(/^[\d*/ ,-]+$/);
    expect(list(doc, 'jobs', 'drift', 'strategy', 'matrix', 'account').length).toBeGreaterThanOrEqual(2);
    const [call] = githubInvocations(file, doc);
    expect(call?.command).toBe('drift');
    expect(call?.args[0]).toBe('access/${{ matrix.account }}/');
    expect(call?.handled).toContain(2);
    expect(call?.handled).not.toContain(1);
    expect(read(file)).toContain(`'${DRIFT_MARKER}'`);
  });

  it('expiry: scheduled per account, reports drift, then applies only the expiries (exit 2 is drift)', () => {
    const file = `${GITHUB}/rolesync-expiry.yml`;
    const doc = parseStrict(file, read(file));
    expect(text(doc, 'on', 'schedule', 0, 'cron')).toMatch(/^[\d*/ ,-]+$/);
    expect(list(doc, 'jobs', 'expire', 'strategy', 'matrix', 'account').length).toBeGreaterThanOrEqual(2);
    expect(at(doc, 'jobs', 'expire', 'environment')).toBe('frameio-production');
    expect(doc.concurrency).toEqual({ group: 'rolesync-expiry', 'cancel-in-progress': false });
    const calls = githubInvocations(file, doc);
    expect(calls.map((c) => `${c.command} ${c.args.join(' ')}`)).toEqual([
      'drift access/${{ matrix.account }}/ --format markdown --out drift-${{ matrix.account }}.md',
      'apply access/${{ matrix.account }}/ --only-expired --yes',
    ]);
    expect(calls[0]?.handled).toEqual(expect.arrayContaining([0, 2]));
    expect(calls[0]?.handled).not.toContain(1);
    // The apply runs when drift found something, and applies nothing but expiries.
    const apply = list(doc, 'jobs', 'expire', 'steps').find((s) => at(s, 'with', 'command') === 'apply');
    expect(at(apply, 'if')).toBe("steps.drift.outputs.exit-code == '2'");
  });
});

describe('GitLab CI example', () => {
  const file = 'examples/ci/gitlab-ci.yml';
  const doc = parseStrict(file, read(file));

  it('has the jobs of (a)-(c), the apply one manual in a protected environment, drift per account', () => {
    expect(doc.stages).toEqual(['validate', 'plan', 'apply', 'drift']);
    expect(at(doc, 'rolesync-apply', 'environment', 'name')).toBe('frameio-production');
    expect(at(doc, 'rolesync-apply', 'rules', 0, 'when')).toBe('manual');
    expect(at(doc, 'rolesync-apply', 'resource_group')).toBe('rolesync-apply-access');
    expect(at(doc, 'rolesync-apply', 'needs')).toEqual(['rolesync-plan-main']);
    expect(list(doc, 'rolesync-drift', 'parallel', 'matrix', 0, 'ACCOUNT').length).toBeGreaterThanOrEqual(2);
    expect(mapping(doc, 'variables').FRAMEIO_TOKEN).toBeUndefined();
    expect(mapping(doc, 'variables').FRAMEIO_CLIENT_SECRET).toBeUndefined();
    // Apply-on-merge and the scheduled drift check use the protected client credentials through
    // rolesync's own IMS support: no token step, no FRAMEIO_TOKEN set; MR plans keep their read token.
    expect(at(doc, '.frameio-ims-token')).toBeUndefined();
    expect(read(file)).not.toMatch(/ims\/token|curl[^\n]*CLIENT_SECRET/);
    for (const job of ['rolesync-plan-main', 'rolesync-apply', 'rolesync-drift']) {
      expect(mapping(doc, job).extends, job).toBeUndefined();
      expect(JSON.stringify(at(doc, job, 'script')), job).not.toContain('FRAMEIO_TOKEN');
    }
    expect(text(doc, 'rolesync-plan-mr', 'script', 0)).toBe('export FRAMEIO_TOKEN="$FRAMEIO_PLAN_TOKEN"');
    expect(read(file)).toContain(MARKDOWN_MARKER);
    expect(read(file)).toContain(DRIFT_MARKER);
  });

  it('(d) the scheduled expiry job reports drift, then applies only the expiries, per account', () => {
    expect(at(doc, 'rolesync-expiry', 'extends')).toBe('.frameio-ims-token');
    expect(at(doc, 'rolesync-expiry', 'rules', 0, 'if')).toBe('$CI_PIPELINE_SOURCE == "schedule"');
    expect(at(doc, 'rolesync-expiry', 'environment', 'name')).toBe('frameio-production');
    expect(at(doc, 'rolesync-expiry', 'resource_group')).toBe('rolesync-apply-access');
    expect(list(doc, 'rolesync-expiry', 'parallel', 'matrix', 0, 'ACCOUNT').length).toBeGreaterThanOrEqual(2);
    const calls = gitlabInvocations(file, doc).filter((c) => c.file.endsWith('#rolesync-expiry'));
    expect(calls.map((c) => `${c.command} ${c.args.join(' ')}`)).toEqual([
      'drift access/$ACCOUNT/',
      'apply access/$ACCOUNT/ --only-expired --yes',
    ]);
    expect(calls[0]?.handled).toEqual(expect.arrayContaining([0, 2]));
  });

  it('uses only documented commands, flags and exit codes; never prints the token', () => {
    const calls = gitlabInvocations(file, doc);
    expect(calls.map((c) => c.command)).toEqual(['validate', 'plan', 'plan', 'apply', 'drift', 'drift', 'apply']);
    expect(calls.find((c) => c.file.endsWith('#rolesync-drift'))?.handled).toEqual(expect.arrayContaining([0, 2]));
    expect(checkInvocations(calls)).toEqual([]);
    expect(checkToken(file, read(file))).toEqual([]);
  });
});

/**
 * The placeholder for rolesync's own action in the examples: its repository is the user's to name,
 * so there is no commit to pin here (the examples say to pin it the same way).
 */
const ROLESYNC_PLACEHOLDER = /^your-org\/frameio-rolesync@v\d+\.\d+\.\d+$/;

/**
 * Every `uses:` of a third-party action must name a full commit SHA with its tag as a comment
 * (`owner/repo@<40 hex> # v1.2.3`), as OpenSSF Scorecard's Pinned-Dependencies check expects: a tag
 * can be moved to other code, a commit cannot. Local actions (`./…`) need no pin.
 */
function checkPins(file: string, text: string): { problems: string[]; uses: string[] } {
  const problems: string[] = [];
  const uses: string[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$/.exec(line);
    if (!m) continue;
    const [, ref, comment] = m as unknown as [string, string, string | undefined];
    uses.push(ref);
    if (ref.startsWith('./') || ROLESYNC_PLACEHOLDER.test(ref)) continue;
    const at = `${file}:${i + 1}: ${ref}`;
    if (!/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(ref)) problems.push(`${at} is not pinned to a commit SHA`);
    else if (!/^# v\d+(\.\d+)*$/.test(comment?.trim() ?? ''))
      problems.push(`${at} lacks its tag as a comment (# vX.Y.Z)`);
  }
  return { problems, uses };
}

describe('third-party actions are pinned by commit SHA', () => {
  const files = ['action.yml', ...workflows];

  it.each(files)('%s', (file) => {
    const { problems, uses } = checkPins(file, read(file));
    expect(problems).toEqual([]);
    // The line scan saw every step's `uses` (none hides in a flow mapping or a block scalar).
    const doc = parseStrict(file, read(file));
    const jobs = file === 'action.yml' ? [doc.runs] : Object.values(mapping(doc, 'jobs'));
    const parsed = jobs.flatMap((job) =>
      list(job, 'steps')
        .map((step) => at(step, 'uses'))
        .filter(Boolean),
    );
    expect(uses).toEqual(parsed);
  });

  it('one tag per pinned commit across the files', () => {
    const tags = new Map<string, Set<string>>();
    for (const file of files) {
      for (const m of read(file).matchAll(/uses:\s*([\w.-]+\/[\w./-]+@[0-9a-f]{40})\s*#\s*(\S+)/g)) {
        tags.set(m[1]!, (tags.get(m[1]!) ?? new Set()).add(m[2]!));
      }
    }
    expect(tags.size).toBeGreaterThanOrEqual(5);
    for (const [ref, seen] of tags) expect([...seen], ref).toHaveLength(1);
  });

  it('the check catches a tag, a short SHA, a missing comment and a lookalike of the placeholder', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    const text = [
      '- uses: actions/checkout@v4',
      '- uses: actions/checkout@11d5960 # v4',
      `- uses: actions/checkout@${sha}`,
      `- uses: actions/checkout@${sha} # main`,
      '  uses: evil-org/frameio-rolesync@main',
      `  uses: actions/checkout@${sha} # v4.4.0`,
      '  uses: ./',
      '  uses: your-org/frameio-rolesync@v0.1.0',
    ].join('\n');
    expect(checkPins('x.yml', text).problems).toEqual([
      'x.yml:1: actions/checkout@v4 is not pinned to a commit SHA',
      'x.yml:2: actions/checkout@11d5960 is not pinned to a commit SHA',
      `x.yml:3: actions/checkout@${sha} lacks its tag as a comment (# vX.Y.Z)`,
      `x.yml:4: actions/checkout@${sha} lacks its tag as a comment (# vX.Y.Z)`,
      'x.yml:5: evil-org/frameio-rolesync@main is not pinned to a commit SHA',
    ]);
  });
});

describe('the checker itself', () => {
  it('catches an undocumented flag, an undefined exit code, an unknown command and a printed token', () => {
    const script = [
      'rolesync apply access/ --auto-approve || code=$?',
      'if [ "$code" -eq 5 ]; then exit 0; fi',
      'rolesync drift access/ || code=$?',
      'case "$code" in 0|2) ;; 3) echo blocked ;; esac',
      'rolesync destroy access/',
    ].join('\n');
    const calls: Invocation[] = shellInvocations('bad.yml', script);
    expect(checkInvocations(calls)).toEqual([
      'bad.yml: rolesync apply: undocumented flag --auto-approve',
      'bad.yml: rolesync apply: handles exit code 5, which the contract does not define for apply',
      'bad.yml: rolesync drift: handles exit code 3, which the contract does not define for drift',
      'bad.yml: rolesync destroy: not a documented pipeline command',
    ]);
    expect(checkToken('bad.yml', 'env:\n  FRAMEIO_TOKEN: fio-literal\nrun: echo "$FRAMEIO_TOKEN"\n')).toEqual([
      'bad.yml:2: FRAMEIO_TOKEN must come from a secret',
      'bad.yml:3: prints FRAMEIO_TOKEN',
    ]);
  });

  it('catches a client secret or id not from a secret, and a secret in argv or the log', () => {
    const bad = [
      'with:',
      '  client-id: my-client',
      '  client-secret: s3cret',
      '  token: ${{ vars.FRAMEIO_TOKEN }}',
      'run: |',
      '  curl -d "client_secret=$FRAMEIO_CLIENT_SECRET" https://ims',
      '  echo "${INPUT_CLIENT_SECRET}"',
      '  echo "got $token"',
    ].join('\n');
    expect(checkToken('bad.yml', bad)).toEqual([
      'bad.yml:2: client-id must come from a secret or a variable',
      'bad.yml:3: client-secret must come from a secret',
      'bad.yml:4: token must come from a secret',
      `bad.yml:6: the client secret may only reach a command on stdin (printf '%s' "$SECRET" | ...), never in ` +
        'argv or the log',
      `bad.yml:7: the client secret may only reach a command on stdin (printf '%s' "$SECRET" | ...), never in ` +
        'argv or the log',
      'bad.yml:8: prints token',
    ]);
    const good = [
      '  client-id: ${{ vars.FRAMEIO_CLIENT_ID }}',
      '  client-secret: ${{ secrets.FRAMEIO_CLIENT_SECRET }}',
      `  if [ -z "$INPUT_CLIENT_SECRET" ]; then exit 1; fi`,
      `  s=$(printf '%s' "$INPUT_CLIENT_SECRET" | curl --data-urlencode client_secret@- https://ims)`,
      '  export FRAMEIO_CLIENT_SECRET="$INPUT_CLIENT_SECRET"',
      '  echo "::add-mask::$token"',
      `  printf 'FRAMEIO_TOKEN=%s\\n' "$token" >> "$GITHUB_ENV"`,
    ].join('\n');
    expect(checkToken('good.yml', good)).toEqual([]);
  });
});
