// The one label of an account (or workspace): the planner's messages and the rendered plan name an account alike.
import { describe, expect, it } from 'vitest';
import { printable, scopeLabel } from '../src/names.js';
import { resolve } from '../src/plan/resolve.js';
import { renderText } from '../src/render/text.js';
import type { ManifestError } from '../src/errors.js';
import { buildPlan } from '../src/plan/build.js';
import { accountNamesFrom } from '../src/render/labels.js';
import { liveState, manifest } from './plan/builders.js';

describe('scopeLabel', () => {
  it.each([
    ['Acme Post', 'Acme Post (acc-1)'],
    [null, 'acc-1'],
    ['', 'acc-1'],
    ['Acme\u001b[2J\nPost', 'Acme\\x1b[2J\\x0aPost (acc-1)'],
  ])('%j -> %j', (name, label) => {
    expect(scopeLabel('acc-1', name)).toBe(label);
  });

  it('escapes control characters as \\xNN', () => {
    expect(printable('a\u0007b\u009fc')).toBe('a\\x07b\\x9fc');
  });

  it('is the same in a plan message and in the rendered plan', () => {
    const name = 'Acme\u001b[31m Post';
    const live = liveState([{ displayName: name, users: { alice: 'admin', bob: 'member' } }]);
    const e = (() => {
      try {
        resolve(manifest({ id: 'acc-404' }), live);
      } catch (error) {
        return error as ManifestError;
      }
      throw new Error('expected a throw');
    })();
    const label = scopeLabel('acc-1', name);
    expect(e.diagnostics[0]!.message).toContain(`the token can see ${label};`);
    const plan = buildPlan(manifest({ users: { alice: 'admin', bob: 'admin' } }), live);
    expect(plan.changes).toHaveLength(1);
    expect(renderText(plan, { color: false, accountNames: accountNamesFrom(live) })).toContain(`Account ${label}\n`);
  });
});
