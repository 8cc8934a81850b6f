// The apply use case: a saved plan (or a fresh one), the policy gate, the confirmation, the writes
// with their journal, and a verifying plan afterwards.
import { loadManifest } from '../manifest/index.js';
import { fetchLive, type LiveReader } from '../live/fetch.js';
import { buildPlan, planChecksum } from '../plan/index.js';
import { isExpiryChange, onlyExpiryChanges } from '../plan/expiry.js';
import { checkPolicy } from '../plan/policy.js';
import type { Plan } from '../plan/types.js';
import type { Manifest } from '../manifest/types.js';
import type { LiveAccountUser, LiveState } from '../live/types.js';
import { accountNamesFrom } from '../render/labels.js';
import { scopeLabel } from '../names.js';
import { RolesyncError } from '../errors.js';
import { applyChanges, type RoleWriter, type ScopeReader } from '../apply/apply.js';
import { Journal } from '../apply/journal.js';
import { ApplyLock } from '../apply/lock.js';
import { readSavedPlan } from '../apply/saved.js';
import type { ApplyReport, ChangeResult } from '../apply/types.js';
import { checkTokenRole } from './token-role.js';

export interface ApplyRequest {
  path: string;
  planFile?: string;
  yes: boolean;
  force: boolean;
  journalFile?: string;
  resume: boolean;
  /** Where the apply locks live (default: the system temp folder). */
  lockDir?: string;
  /** `--only-expired`: apply only the plan's expiry changes (reason `expired`), nothing else. */
  onlyExpired?: boolean;
  /** The command's one clock reading (epoch ms) for a fresh plan and the verifying plan. */
  now?: number;
}

export interface ApplyDeps {
  /** `baseUrl`: the API written to, part of the lock's key (an emulator is not production). */
  client: LiveReader & ScopeReader & RoleWriter & { readonly baseUrl: string };
  /** Shows the plan and asks; undefined when there is no terminal to ask on. */
  confirm?: (plan: Plan, accountNames: Record<string, string>) => Promise<boolean>;
  signal?: AbortSignal;
  onResult?: (result: ChangeResult, done: number, total: number) => void;
  /** Told once the plan is known and before anything is written. */
  onPlan?: (plan: Plan) => void;
  /** Told what to say on stderr now (a stale lock taken over). */
  onWarning?: (message: string) => void;
}

/** Every outcome carries the account names to show the plan with (from live, or the saved plan). */
export type ApplyOutcome = { accountNames: Record<string, string> } & (
  | { kind: 'blocked'; plan: Plan }
  | { kind: 'declined'; plan: Plan; reason: string }
  | { kind: 'nothing'; plan: Plan }
  | {
      kind: 'done';
      plan: Plan;
      report: ApplyReport;
      journal: string;
      /** The verifying plan; with --only-expired its expiry changes alone, and `left` the others. */
      verify?: Plan & { left?: number };
      verifyError?: string;
    }
);

/** Whether the plan's policy verdict stops apply; `--force` lifts only overridable violations. */
function blockedByPolicy(plan: Plan, force: boolean): boolean {
  return plan.policy.violations.some((v) => !(force && v.overridable));
}

export async function runApply(request: ApplyRequest, deps: ApplyDeps): Promise<ApplyOutcome> {
  if (request.resume && request.planFile === undefined) {
    throw new RolesyncError(
      'USAGE',
      '--resume needs --plan FILE: without a saved plan, apply plans afresh and only does what is left anyway',
    );
  }
  const manifest = await loadManifest(request.path);
  // Before anything is read: a second apply of the same accounts waits for none of it.
  const accounts = manifest.accounts.map(({ id, name }) => ({ id, label: scopeLabel(id, name) }));
  const lock = ApplyLock.acquire(accounts, {
    apiBase: deps.client.baseUrl,
    ...(request.lockDir ? { dir: request.lockDir } : {}),
    ...(deps.onWarning ? { onTakeOver: deps.onWarning } : {}),
  });
  try {
    return await applyLocked(request, deps, manifest);
  } finally {
    lock.release();
  }
}

/**
 * The journal of an apply without `--journal`: beside a saved plan, else one per plan under
 * `.rolesync/`, named by the plan's checksum, so two plans never write into one journal.
 */
function defaultJournalFile(planFile: string | undefined, checksum: string): string {
  return planFile !== undefined ? `${planFile}.journal` : `.rolesync/journal-${checksum.slice(0, 16)}.jsonl`;
}

async function applyLocked(request: ApplyRequest, deps: ApplyDeps, manifest: Manifest): Promise<ApplyOutcome> {
  let plan: Plan;
  let selfId: string;
  let live: LiveState | undefined;
  let accountNames: Record<string, string>;
  let accountUsers: Map<string, LiveAccountUser[]> | undefined;
  let now = request.now !== undefined ? { now: request.now } : {};
  if (request.planFile !== undefined) {
    const saved = await readSavedPlan(request.planFile, manifest);
    // The verifying plan judges expiries as the saved plan did, at its own instant.
    if (saved.now !== undefined) now = { now: Date.parse(saved.now) };
    // The saved plan's decisions, expiries included (made for its own `now`); with --only-expired
    // its verdict stands: a plan blocked as a whole is not applied in part.
    plan = request.onlyExpired ? onlyExpiryChanges(saved) : saved;
    accountNames = saved.saved.account_names ?? {};
    // The token that applies may not be the one that planned: its own user is guarded all the
    // same, and its role is checked in every account before anything is written.
    const self = await deps.client.me();
    selfId = self.id;
    const read = await Promise.all(
      manifest.accounts.map(async ({ id }) => ({
        id,
        displayName: accountNames[id] ?? null,
        users: await deps.client.listAccountUsers(id, { includeDeactivated: true }),
      })),
    );
    checkTokenRole(self, read, 'write');
    accountUsers = new Map(read.map((account) => [account.id, account.users]));
  } else {
    live = await fetchLive(deps.client, manifest, {
      beforeMembers: (self, accounts) => checkTokenRole(self, accounts, 'write'),
    });
    const fresh = buildPlan(manifest, live, { force: request.force, ...now });
    const known = live;
    // Only the expiries: the policy is checked on them alone (other drift is not applied).
    plan = request.onlyExpired
      ? onlyExpiryChanges(fresh, (changes) => checkPolicy({ changes }, manifest, known, { force: request.force }))
      : fresh;
    accountNames = accountNamesFrom(live);
    selfId = live.self.id;
  }
  deps.onPlan?.(plan);
  if (blockedByPolicy(plan, request.force)) return { kind: 'blocked', plan, accountNames };
  if (plan.changes.length === 0) return { kind: 'nothing', plan, accountNames };
  if (!request.yes) {
    if (!deps.confirm)
      return {
        kind: 'declined',
        plan,
        accountNames,
        reason: 'no terminal to ask on: pass --yes to apply without asking (nothing was changed)',
      };
    if (!(await deps.confirm(plan, accountNames)))
      return { kind: 'declined', plan, accountNames, reason: 'not confirmed: nothing was changed' };
  }

  const checksum = planChecksum(plan);
  const journalFile = request.journalFile ?? defaultJournalFile(request.planFile, checksum);
  const journal = request.resume ? Journal.resume(journalFile, checksum) : Journal.create(journalFile, checksum);
  const minAdmins = new Map(manifest.accounts.map((account) => [account.id, account.policy.minAdmins]));
  const report = await applyChanges(plan.changes, {
    writer: deps.client,
    reader: deps.client,
    journal,
    minAdmins,
    selfId,
    // A fresh plan's live state is the first precondition snapshot; a saved plan's is re-read,
    // but for the account users just read for the token check.
    ...(live ? { live } : {}),
    ...(accountUsers ? { accountUsers } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.onResult ? { onResult: deps.onResult } : {}),
  });
  // Stopped for its credentials, a verifying read would only be refused (or ask IMS again) too.
  if (report.interrupted || report.stopped !== undefined)
    return { kind: 'done', plan, accountNames, report, journal: journalFile };
  // The verifying plan: after the last write, live state should match the manifest. It reports;
  // it does not change the outcome of the changes that were made.
  try {
    const full = buildPlan(manifest, await fetchLive(deps.client, manifest), { force: request.force, ...now });
    // --only-expired leaves the other differences on purpose: it verifies the expiries and counts the rest.
    const verify = request.onlyExpired
      ? { ...onlyExpiryChanges(full), left: full.changes.filter((c) => !isExpiryChange(c)).length }
      : full;
    return { kind: 'done', plan, accountNames, report, journal: journalFile, verify };
  } catch (error) {
    return {
      kind: 'done',
      plan,
      accountNames,
      report,
      journal: journalFile,
      verifyError: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * The exit code of apply per the contract (130 when interrupted): 4 when not every change of the
 * plan was applied. Differences the verifying plan finds beyond the plan (hand edits since it was
 * made) are reported, and a re-plan picks them up; they do not make the plan's apply partial.
 */
export function applyExitCode(outcome: ApplyOutcome): number {
  switch (outcome.kind) {
    case 'blocked':
      return 3;
    case 'declined':
      return 1;
    case 'nothing':
      return 0;
    case 'done': {
      if (outcome.report.interrupted) return 130;
      const incomplete = outcome.report.results.some(
        (r) => r.outcome === 'failed' || r.outcome === 'stale' || r.outcome === 'blocked',
      );
      return incomplete ? 4 : 0;
    }
  }
}
