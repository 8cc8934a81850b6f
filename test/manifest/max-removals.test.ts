import { describe, expect, it } from 'vitest';
import { parseMaxRemovals } from '../../src/manifest/index.js';

const USE = "use a percent of a workspace's current members like 25%, or a count like 3";

describe('parseMaxRemovals', () => {
  it.each([
    ['25%', { kind: 'percent', value: 25 }],
    ['0%', { kind: 'percent', value: 0 }],
    ['100%', { kind: 'percent', value: 100 }],
    ['12.5%', { kind: 'percent', value: 12.5 }],
    [' 10% ', { kind: 'percent', value: 10 }],
    [3, { kind: 'count', value: 3 }],
    [0, { kind: 'count', value: 0 }],
    ['7', { kind: 'count', value: 7 }],
  ] as const)('%j -> %j', (input, value) => {
    expect(parseMaxRemovals(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['150%', `max_removals '150%' is over 100%; ${USE}`],
    ['100.5%', `max_removals '100.5%' is over 100%; ${USE}`],
    ['-1%', `max_removals '-1%' is not valid; ${USE}`],
    [-1, `max_removals -1 is not valid; ${USE}`],
    [2.5, `max_removals 2.5 is not valid; ${USE}`],
    ['a few', `max_removals 'a few' is not valid; ${USE}`],
    ['%', `max_removals '%' is not valid; ${USE}`],
    [null, `max_removals null is not valid; ${USE}`],
  ] as const)('%j is refused', (input, message) => {
    expect(parseMaxRemovals(input)).toEqual({ ok: false, message });
  });
});
