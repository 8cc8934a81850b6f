// `rolesync export --projects` through the real executable (dist/, built before vitest runs), as a
// user runs it: the cost said on stderr, the file written, and `plan` of it finding nothing to do,
// under both kinds of project listing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadStateFile, startEmulator, type Emulator, type ProjectListing } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';
import { ACME, TOKEN } from './setup.js';
import { runBuilt as rolesync } from './run.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe.each<ProjectListing>(['direct', 'inherited'])(
  'rolesync export --projects (project_listing: %s)',
  (listing) => {
    it('says the cost, writes the projects, and plan of the file finds no changes', async () => {
      const state = { ...loadStateFile('examples/emulator-seed.yaml'), project_listing: listing };
      emu = await startEmulator({ state, port: 0, timeScale: 600 });
      const env = { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: TOKEN };
      const out = join(tempDir('rolesync-export-projects-'), 'acme.yaml');

      const exported = await rolesync(['export', '--account', ACME, '--projects', '--out', out], env);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toBe('');
      expect(exported.stderr).toBe(
        'Reading the users of 3 projects in 1 workspace: 3 more list calls, a few seconds at 100 reads a minute ' +
          '(one more per further page of 100 users)\n' +
          `Wrote ${out} (6 workspaces, 3 projects); review it, then check it with: rolesync plan ${out}\n`,
      );
      const text = readFileSync(out, 'utf8');
      expect(text).toContain(
        '      Spring Campaign:\n        id: 18d9023a-6b06-4417-b3f4-bf87865c183f\n        mode: authoritative\n        restricted: false\n        users:\n',
      );
      expect(text).not.toContain(TOKEN);

      const plan = await rolesync(['plan', out, '--detailed-exitcode'], env);
      expect(plan.stderr).toBe('');
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);
    });
  },
);
