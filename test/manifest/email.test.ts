// A bad email says why when the reason is not plain to see (a space, two '@', no dot in the domain).
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../src/manifest/index.js';

const ID = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';

async function messages(body: string): Promise<string[]> {
  const text = `version: 1\naccount:\n  id: ${ID}\n${body}`;
  const result = await validateManifest('m.yaml', { readFile: async () => text });
  return result.diagnostics.map((d) => d.message);
}

describe('bad email messages', () => {
  it.each([
    ['"dave @acme.test"', ' (it contains a space)'],
    ['"a@b@acme.test"', " (it has more than one '@')"],
    ['"@acme.test"', " (nothing before the '@')"],
    ['"bob@acme"', " (the part after '@' needs a dot inside it, like acme.com)"],
    ['"bob@acme."', " (the part after '@' needs a dot inside it, like acme.com)"],
    ['svc-rolesync', ''],
  ])('%s names the fault wherever an email is expected', async (value, why) => {
    const shown = `'${value.replaceAll('"', '')}'`;
    expect(await messages(`  users:\n    ${value}: admin\n`)).toEqual([
      `${shown} is not an email address${why}; account.users is keyed by email, like name@example.com`,
    ]);
    expect(await messages(`workspaces:\n  Marketing:\n    users:\n      ${value}: viewer\n`)).toEqual([
      `${shown} is not an email address${why}; users of workspace 'Marketing' is keyed by email, like name@example.com`,
    ]);
    expect(await messages(`groups:\n  colorists: [${value}]\n`)).toEqual([
      `member ${shown} of group 'colorists' is not an email address${why}; a group lists emails, like name@example.com`,
    ]);
    expect(await messages(`policy:\n  protected: [${value}]\n`)).toEqual([
      `protected entry ${shown} is not an email address${why}; policy.protected lists emails, like name@example.com`,
    ]);
  });
});
