// Saved plans (`plan --out FILE`): the plan document plus what apply needs to refuse a plan made
// from another manifest or edited by hand. No timestamps or secrets inside checksummed data.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RolesyncError, fileProblem } from '../errors.js';
import type { Manifest } from '../manifest/types.js';
import { canonicalJson, planChecksum } from '../plan/index.js';
import type { Plan } from '../plan/types.js';
import { check, summary } from './schemas.js';
import { writeOutput } from '../output.js';

export interface SavedPlan extends Plan {
  saved: {
    /** sha256 of the manifest sources the plan was made from. */
    manifest_digest: string;
    /**
     * sha256 over the changes (`planChecksum`), the policy verdict and the manifest digest: an
     * edited change, or a blocked verdict edited into a passing one, is detected.
     */
    checksum: string;
    rolesync_version: string;
    /**
     * Account display names at plan time, so apply shows the plan as it was reviewed
     * (not checksummed: labels only).
     */
    account_names?: Record<string, string>;
  };
}

function savedChecksum(plan: Plan, manifestDigest: string): string {
  const covered = { changes: planChecksum(plan), policy: plan.policy, manifest_digest: manifestDigest };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}

export function toSavedPlan(
  plan: Plan,
  manifest: Manifest,
  version: string,
  accountNames: Record<string, string> = {},
): SavedPlan {
  return {
    ...plan,
    saved: {
      manifest_digest: manifest.digest,
      checksum: savedChecksum(plan, manifest.digest),
      rolesync_version: version,
      account_names: accountNames,
    },
  };
}

export async function writeSavedPlan(file: string, saved: SavedPlan, render: (plan: Plan) => string): Promise<void> {
  const document = JSON.parse(render(saved)) as Record<string, unknown>;
  document['saved'] = saved.saved;
  await writeOutput(file, `${JSON.stringify(document, null, 2)}\n`);
}

/** What a saved plan's file may hold: a plan, with `saved` when `--out` wrote it. */
type PlanDocument = Plan & { saved?: SavedPlan['saved'] };

/** Reads a saved plan and refuses it unless it is intact and was made from this manifest. */
export async function readSavedPlan(file: string, manifest: Manifest): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RolesyncError('PLAN_FILE', `cannot read the saved plan ${file}: ${fileProblem(error)}`);
  }
  const command = `'rolesync plan <path> --out ${file}'`;
  const remake = `make one with ${command}`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new RolesyncError('PLAN_FILE', `${file} is not a saved plan (not JSON); ${remake}`);
  }
  const version = typeof data === 'object' && data !== null && 'format_version' in data ? data.format_version : 1;
  if (typeof version === 'number' && version !== 1) {
    const problem = `${file} is a plan of format_version ${version}; this rolesync reads format_version 1`;
    throw new RolesyncError('PLAN_FILE', `${problem}: ${remake}`);
  }
  const checked = check<PlanDocument>('plan', data, 'the plan');
  if (!checked.ok) {
    const problem = `${file}: ${summary(checked.problems)}: the file is not a plan rolesync wrote, or was edited`;
    throw new RolesyncError('PLAN_FILE', `${problem}; make a new one with ${command}`);
  }
  const { saved: meta, ...plan } = checked.value;
  if (meta === undefined) {
    const problem = `${file} is a plan without 'saved' (printed with --format json, not saved with --out)`;
    throw new RolesyncError('PLAN_FILE', `${problem}; ${remake}`);
  }
  if (meta.manifest_digest !== manifest.digest) {
    throw new RolesyncError(
      'PLAN_FILE',
      `${file} was made from another manifest (or the manifest changed since); run 'rolesync plan' again and ` +
        'review the new plan',
    );
  }
  if (savedChecksum(plan, meta.manifest_digest) !== meta.checksum) {
    throw new RolesyncError(
      'PLAN_FILE',
      `${file} was changed after it was saved (checksum mismatch); make a new plan instead of editing it`,
    );
  }
  return { ...plan, saved: meta };
}
