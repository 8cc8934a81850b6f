// A large generated manifest loads (no timing assertion: the benchmark measures time).
import { describe, expect, it } from 'vitest';
import { loadManifestSources } from '../../src/manifest/index.js';
import { generatedEmail, generateManifestYaml, generatedWorkspaceName } from '../../src/manifest/generate.js';

const ACCOUNT = '0b9c3c0e-5f7a-4c55-9a51-000000000001';

describe('generateManifestYaml', () => {
  it('is deterministic', () => {
    const options = { users: 50, workspaces: 5, accountId: ACCOUNT, pinIds: true };
    expect(generateManifestYaml(options)).toBe(generateManifestYaml(options));
  });

  it('builds a 5,000-user, 200-workspace manifest that loads', () => {
    const content = generateManifestYaml({ users: 5000, workspaces: 200, accountId: ACCOUNT, pinIds: true });
    const manifest = loadManifestSources([{ path: 'scale.yaml', rel: 'scale.yaml', content }]);
    expect(manifest.warnings).toEqual([]);
    const [account] = manifest.accounts;
    expect(account?.users).toHaveLength(5000);
    expect(account?.users.filter((u) => u.role === 'admin').map((u) => u.email)).toEqual([
      generatedEmail(0),
      generatedEmail(1),
    ]);
    expect(account?.workspaces).toHaveLength(200);
    expect(account?.workspaces[199]?.name).toBe(generatedWorkspaceName(199));
    expect(account?.workspaces.every((w) => w.users.length === 50 && w.groups.length === 1)).toBe(true);
    expect(account?.groups).toHaveLength(20);
    expect(new Set(account?.workspaces.map((w) => w.id)).size).toBe(200);
  });
});
