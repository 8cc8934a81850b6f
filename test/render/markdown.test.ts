import { describe, expect, it } from 'vitest';
import { escapeMarkdown, MARKDOWN_MARKER, renderMarkdown } from '../../src/render/index.js';
import { ACCOUNT_NAMES, emptyPlan, fullPlan, largePlan, planOf, removal, workspaceRole } from './fixtures.js';

const PIPED = { id: '0b6f3c2e-8d4a-4f1b-9e7c-5a2d1f0e3b94', name: 'Color | Finishing *final*' };

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('| `'));
}

describe('renderMarkdown', () => {
  it('starts with the marker a CI job looks for, whatever the plan', () => {
    for (const plan of [emptyPlan, fullPlan, largePlan])
      expect(renderMarkdown(plan).split('\n')[0]).toBe(MARKDOWN_MARKER);
  });

  it('escapes a pipe in a workspace name so the heading and table stay intact', () => {
    const md = renderMarkdown(planOf([workspaceRole(PIPED, 'a|b@acme.test', null, 'editor')]));
    expect(md).toContain('#### Workspace Color \\| Finishing \\*final\\* (`0b6f3c2e-8d4a-4f1b-9e7c-5a2d1f0e3b94`)');
    const [row] = tableRows(md);
    // Four cells: an unescaped pipe in the email would make five.
    expect(row!.split(/(?<!\\)\|/).slice(1, -1)).toHaveLength(4);
    expect(row).toBe('| `+` | a\\|b@acme.test | — | editor |');
  });

  it('escapes HTML rather than Markdown inside a folded <summary>', () => {
    const changes = Array.from({ length: 21 }, (_, i) =>
      workspaceRole(
        { id: PIPED.id, name: 'R&D <east>' },
        `user${String(i).padStart(2, '0')}@acme.test`,
        null,
        'viewer',
      ),
    );
    const md = renderMarkdown(planOf(changes));
    expect(md).toContain(
      '<summary>Workspace <b>R&amp;D &lt;east&gt;</b> (<code>0b6f3c2e-8d4a-4f1b-9e7c-5a2d1f0e3b94</code>): 21 to ' +
        'add</summary>',
    );
  });

  it.each([
    ['\\ ` * _ [ ] < > | ~ &', '\\\\ \\` \\* \\_ \\[ \\] \\< \\> \\| \\~ \\&'],
    ['two\nlines', 'two lines'],
    ['plain.name@acme.test', 'plain.name@acme.test'],
  ])('escapeMarkdown(%j)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('uses the empty-plan wording', () => {
    expect(renderMarkdown(emptyPlan, { title: 'Roles: staging' })).toBe(
      `${MARKDOWN_MARKER}\n### Roles: staging\n\n✅ **No changes.** Live state matches the manifest.\n`,
    );
  });

  it('folds only the workspaces over 20 changes in a mid-sized plan, and every table past 50 changes', () => {
    expect(renderMarkdown(largePlan).match(/<details>/g)).toHaveLength(1);
    const huge = planOf([
      ...largePlan.changes,
      ...Array.from({ length: 13 }, (_, i) =>
        removal({ id: 'f0e1d2c3-b4a5-4968-8776-655443322110', name: 'Archive' }, `old${i}@acme.test`, 'viewer'),
      ),
    ]);
    const md = renderMarkdown(huge);
    expect(huge.changes.length).toBeGreaterThan(50);
    expect(md.match(/<details>/g)).toHaveLength(3);
    expect(md).not.toContain('#### Workspace');
    // Every change is still there, folded or not.
    expect(tableRows(md)).toHaveLength(huge.changes.length);
  });

  it('lists notes in a section, folded past ten', () => {
    const note = fullPlan.notes[0]!;
    expect(renderMarkdown(fullPlan)).toContain(`#### Notes\n\n- ${escapeMarkdown(note.message)}\n`);
    const many = { ...emptyPlan, notes: Array.from({ length: 11 }, () => note) };
    expect(renderMarkdown(many)).toContain('<details>\n<summary>Notes (11)</summary>\n\n- ');
  });

  it('shows counts per scope instead of tables when the comment would be too long for GitHub', () => {
    const plan = largePlan;
    const full = renderMarkdown(plan, { accountNames: ACCOUNT_NAMES });
    const compact = renderMarkdown(plan, { accountNames: ACCOUNT_NAMES, maxChars: full.length - 1 });
    expect(compact.length).toBeLessThan(full.length);
    expect(compact.split('\n')[0]).toBe(MARKDOWN_MARKER);
    expect(compact).toContain(`The ${plan.changes.length} changes are too many to list in one comment`);
    expect(compact).not.toContain('| | user | from | to |');
    // Every change is still counted, scope by scope.
    const counted = [...compact.matchAll(/(\d+) to (?:add|change|remove)/g)]
      .slice(3)
      .reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(plan.changes.length);
    expect(renderMarkdown(plan, { accountNames: ACCOUNT_NAMES, maxChars: full.length })).toBe(full);
  });

  it('never lets a name mention a GitHub user, while emails stay readable', () => {
    expect(escapeMarkdown('@octocat team')).toBe('\\@octocat team');
    expect(escapeMarkdown('ping @here')).toBe('ping \\@here');
    expect(escapeMarkdown('bob@acme.test')).toBe('bob@acme.test');
  });
});
