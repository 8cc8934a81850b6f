// A drift report as an issue body stays within GitHub's size limit, as a plan comment does: past
// the cap, counts per scope instead of tables.
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/drift/index.js';
import { DRIFT_MARKER, renderDriftMarkdown } from '../../src/render/index.js';
import { ACCOUNT_NAMES, ACME, COLOR, MARKETING, planOf, removal, SOUND, workspaceRole } from './fixtures.js';
import { manifest } from '../plan/builders.js';

/** GitHub refuses an issue body or a comment longer than this. */
const GITHUB_LIMIT = 65_536;

// 1,500 differences over three workspaces: about 90,000 characters as tables.
const changes = Array.from({ length: 1500 }, (_, i) => {
  const email = `user${String(i).padStart(4, '0')}@acme.test`;
  if (i % 3 === 0) return workspaceRole(COLOR, email, null, 'viewer');
  if (i % 3 === 1) return workspaceRole(MARKETING, email, 'viewer', 'editor');
  return removal(SOUND, email, 'commenter');
});
const report = detectDrift(planOf(changes), manifest({ id: ACME }));
const TABLE_HEAD = '| difference | user | live | manifest | apply would |';

describe('renderDriftMarkdown size cap', () => {
  it('shows counts per scope instead of tables when the body would be too long for GitHub', () => {
    const md = renderDriftMarkdown(report, { accountNames: ACCOUNT_NAMES });
    expect(md.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    expect(md.split('\n')[0]).toBe(DRIFT_MARKER);
    expect(md).toContain('**Drift: 1500 differences**');
    expect(md).toContain('too many to list in one issue');
    expect(md).not.toContain(TABLE_HEAD);
    expect(md).toContain(`- Workspace Color (\`${COLOR.id}\`): 500 differences (missing member: 500)`);
    expect(md).toContain(`- Workspace Marketing (\`${MARKETING.id}\`): 500 differences (role differs: 500)`);
    expect(md).toContain(`- Workspace Sound (\`${SOUND.id}\`): 500 differences (unmanaged member: 500)`);
  });

  it('keeps the tables up to the cap (maxChars, as for a plan)', () => {
    const full = renderDriftMarkdown(report, { maxChars: Number.MAX_SAFE_INTEGER });
    expect(full.length).toBeGreaterThan(GITHUB_LIMIT);
    expect(full).toContain(TABLE_HEAD);
    expect(renderDriftMarkdown(report, { maxChars: full.length })).toBe(full);
    expect(renderDriftMarkdown(report, { maxChars: full.length - 1 })).not.toContain(TABLE_HEAD);
  });
});
