// "Did you mean …?" for a name or email that matched nothing: the closest candidates by edit
// distance, counting a swap of two neighbouring letters as one edit (the commonest typo).
import { compareStrings } from './compare.js';

/** Optimal-string-alignment distance, or `limit + 1` as soon as it must exceed `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidates closest to `word` (at most 3, sorted), if any is within a typo's reach: one edit
 * for short words, two for longer ones. `size` is the length that decides it (an email's local part).
 */
export function closest(word: string, candidates: Iterable<string>, size = word.length): string[] {
  const limit = size <= 5 ? 1 : 2;
  let best = limit + 1;
  let found: string[] = [];
  for (const candidate of candidates) {
    const d = distance(word, candidate, Math.min(limit, best));
    if (d < best) {
      best = d;
      found = [candidate];
    } else if (d === best && d <= limit) {
      found.push(candidate);
    }
  }
  return best <= limit ? found.sort(compareStrings).slice(0, 3) : [];
}
