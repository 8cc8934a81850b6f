// The plan's fingerprint: sha256 over canonical JSON of what apply would do, nothing else (no
// notes, no timestamps), so the same changes always give the same checksum.
import { createHash } from 'node:crypto';
import { compareStrings } from '../compare.js';
import type { Plan } from './types.js';

/** JSON with object keys sorted at every level; `undefined` members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareStrings(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Hex sha256 of `{format_version, changes}` in canonical JSON. */
export function planChecksum(plan: Pick<Plan, 'format_version' | 'changes'>): string {
  return createHash('sha256')
    .update(canonicalJson({ format_version: plan.format_version, changes: plan.changes }))
    .digest('hex');
}
