// `max_removals` as written in a manifest (`25%`, `3`) or passed on a command line ("25%", "3").
import type { MaxRemovals } from './types.js';

export type MaxRemovalsResult = { ok: true; value: MaxRemovals } | { ok: false; message: string };

const USE = "use a percent of a workspace's current members like 25%, or a count like 3";

export function parseMaxRemovals(input: unknown): MaxRemovalsResult {
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0)
    return { ok: true, value: { kind: 'count', value: input } };
  if (typeof input === 'string') {
    const text = input.trim();
    if (/^\d+$/.test(text)) return { ok: true, value: { kind: 'count', value: Number(text) } };
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
    if (percent) {
      const value = Number(percent[1]);
      if (value > 100) return { ok: false, message: `max_removals '${input}' is over 100%; ${USE}` };
      return { ok: true, value: { kind: 'percent', value } };
    }
  }
  const shown = typeof input === 'string' ? `'${input}'` : String(input);
  return { ok: false, message: `max_removals ${shown} is not valid; ${USE}` };
}
