import { describe, expect, it } from 'vitest';
import { closest } from '../../src/plan/suggest.js';

const WORKSPACES = ['Marketing', 'Editorial', 'Color', 'Colour Grading', 'Sound', 'Archive'];

describe('closest', () => {
  it.each<[string, string[], string[]]>([
    ['Marketting', WORKSPACES, ['Marketing']], // one letter too many
    ['Markteing', WORKSPACES, ['Marketing']], // two letters swapped: one edit
    ['Editoral', WORKSPACES, ['Editorial']],
    ['Colr', WORKSPACES, ['Color']],
    ['Clients', WORKSPACES, []], // nothing near: no guess
    ['Sond', ['Sound', 'Bond', 'Pond'], ['Bond', 'Pond', 'Sound']], // ties: all of them, sorted
    ['xyz', [], []],
  ])('%s → %j', (word, candidates, expected) => {
    expect(closest(word, candidates)).toEqual(expected);
  });

  it("judges an email's reach by its local part, so a short name is not matched to another", () => {
    const emails = ['carol@acme.test', 'dave@acme.test', 'elena.berg@acme.test'];
    expect(closest('carl@acme.test', emails, 4)).toEqual(['carol@acme.test']);
    expect(closest('eve@acme.test', emails, 3)).toEqual([]);
    expect(closest('elena.bergg@acme.test', emails, 11)).toEqual(['elena.berg@acme.test']);
  });
});
