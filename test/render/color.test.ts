import { describe, expect, it } from 'vitest';
import { shouldColor } from '../../src/render/index.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('shouldColor', () => {
  it.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a stream without isTTY', {}, {}, false],
    ['a dumb terminal', tty, { TERM: 'dumb' }, false],
    ['NO_COLOR=1 on a terminal', tty, { NO_COLOR: '1' }, false],
    ['NO_COLOR with any value', tty, { NO_COLOR: 'false' }, false],
    ['an empty NO_COLOR (ignored)', tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['an empty FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, false],
    ['NO_COLOR and FORCE_COLOR together (NO_COLOR wins)', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ])('%s -> %s', (_name, stream, env, expected) => {
    expect(shouldColor(stream, env)).toBe(expected);
  });
});
