import { describe, expect, it } from 'vitest';
import { STATUS_INTERVAL_MS, StatusLine, statusIntervalMs } from '../../src/progress/index.js';

/** A fake stderr and a fake clock: no terminal, no waiting. */
function harness(isTTY: boolean, options: { quiet?: boolean; intervalMs?: number } = {}) {
  let t = 1_000_000;
  const writes: { at: number; text: string }[] = [];
  const stream = { isTTY, write: (text: string) => void writes.push({ at: t, text }) };
  let state = 'nothing yet';
  const line = new StatusLine((now) => `${state} at ${(now - 1_000_000) / 1000} s`, {
    stream,
    now: () => t,
    ...options,
  });
  return {
    line,
    writes,
    output: () => writes.map((w) => w.text).join(''),
    /** Moves the clock to `seconds` after the start and reports a change there. */
    at(seconds: number, text = `step ${seconds}`) {
      t = 1_000_000 + seconds * 1000;
      state = text;
      line.changed();
    },
  };
}

const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('StatusLine outside a terminal (CI logs)', () => {
  it('prints nothing for a run shorter than 30 s', () => {
    const h = harness(false);
    for (let s = 0; s < 30; s += 0.5) h.at(s);
    h.line.end();
    expect(h.line.mode).toBe('plain');
    expect(h.output()).toBe('');
  });

  it('prints a plain line at most every 30 s while a long run goes on, with no control characters', () => {
    const h = harness(false);
    for (let s = 0; s <= 125; s += 1) h.at(s);
    h.line.end();
    expect(h.writes.map((w) => w.text)).toEqual([
      'step 30 at 30 s\n',
      'step 60 at 60 s\n',
      'step 90 at 90 s\n',
      'step 120 at 120 s\n',
    ]);
    expect(h.output()).not.toMatch(CONTROL);
  });

  it('never prints two lines less than 30 s apart when updates come unevenly', () => {
    const h = harness(false);
    for (const s of [10, 35, 50, 64, 70, 99, 100, 131, 200]) h.at(s);
    expect(h.writes.map((w) => w.text)).toEqual([
      'step 35 at 35 s\n',
      'step 70 at 70 s\n',
      'step 100 at 100 s\n',
      'step 131 at 131 s\n',
      'step 200 at 200 s\n',
    ]);
  });

  it('shows control characters of a message as \\xNN', () => {
    const h = harness(false);
    h.at(40, 'no good answer (reset \u001b[2J by peer)');
    expect(h.output()).toBe('no good answer (reset \\x1b[2J by peer) at 40 s\n');
  });

  it('prints nothing at all with quiet, on a terminal or not', () => {
    for (const tty of [false, true]) {
      const h = harness(tty, { quiet: true });
      for (let s = 0; s <= 300; s += 1) h.at(s);
      h.line.clear();
      h.line.end('Stopped: 1/2 changes done');
      expect(h.line.mode).toBe('off');
      expect(h.output()).toBe('');
    }
  });

  it('prints a line on every update with a 0 ms interval (the test hook)', () => {
    const h = harness(false, { intervalMs: 0 });
    h.at(0);
    h.at(0.001);
    expect(h.output()).toBe('step 0 at 0 s\nstep 0.001 at 0.001 s\n');
  });
});

describe('StatusLine on a terminal', () => {
  it('redraws in place on every change and wipes the line at the end', () => {
    const h = harness(true);
    h.at(0);
    h.at(1);
    h.line.end();
    expect(h.line.mode).toBe('live');
    expect(h.output()).toBe('\r\u001b[Kstep 0 at 0 s\r\u001b[Kstep 1 at 1 s\r\u001b[K');
    h.at(2); // nothing after the end
    h.line.end();
    expect(h.output().endsWith('at 1 s\r\u001b[K')).toBe(true);
  });

  it('cuts a live line short of the terminal width, so that it never wraps', () => {
    let out = '';
    const write = (s: string) => {
      out += s;
    };
    const line = new StatusLine(() => 'Applying: 12/48 changes, 10/min', {
      stream: { isTTY: true, columns: 20, write },
      now: () => 0,
    });
    line.changed();
    expect(out).toBe('\r\u001b[KApplying: 12/48 ch…');
    expect(out.length - 4).toBe(19);
  });

  it('leaves a final line of its own when given one, and wipes nothing never drawn', () => {
    const h = harness(true);
    h.line.end();
    expect(h.output()).toBe('');
    const g = harness(true);
    g.at(1);
    g.line.end('Stopped: 12/48 changes done');
    expect(g.output()).toBe('\r\u001b[Kstep 1 at 1 s\r\u001b[KStopped: 12/48 changes done\n');
  });
});

describe('statusIntervalMs', () => {
  it.each<[string | undefined, number]>([
    [undefined, STATUS_INTERVAL_MS],
    ['0', 0],
    ['250', 250],
    [' 40 ', 40],
    ['abc', STATUS_INTERVAL_MS],
    ['-5', STATUS_INTERVAL_MS],
    ['1.5', STATUS_INTERVAL_MS],
  ])('ROLESYNC_STATUS_INTERVAL_MS=%s -> %i', (raw, ms) => {
    expect(statusIntervalMs({ ROLESYNC_STATUS_INTERVAL_MS: raw })).toBe(ms);
  });

  it('is 30 s by the contract', () => {
    expect(STATUS_INTERVAL_MS).toBe(30_000);
  });
});
