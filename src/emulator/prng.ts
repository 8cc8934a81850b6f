// A small seeded PRNG (mulberry32) and UUIDs drawn from it, so generated states and injected faults
// are the same on every run.
import { createHash } from 'node:crypto';

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** A version-4-shaped UUID from the PRNG. */
export function randomUuid(random: Random): string {
  const h = hex8(random() * 2 ** 32) + hex8(random() * 2 ** 32) + hex8(random() * 2 ** 32) + hex8(random() * 2 ** 32);
  return formatUuid(h);
}

/** A stable version-5-shaped UUID derived from a name (for `adobe:` accounts). */
export function uuidFromName(name: string): string {
  return formatUuid(createHash('sha1').update(name).digest('hex').slice(0, 32), '5');
}

function formatUuid(h: string, version = '4'): string {
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const [a, b, c, d, e] = [h.slice(0, 8), h.slice(8, 12), h.slice(13, 16), h.slice(17, 20), h.slice(20, 32)];
  return `${a}-${b}-${version}${c}-${variant}${d}-${e}`;
}
