// Shared setup of the CLI end-to-end tests: the emulator seeded from examples/, temp manifests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';

export const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
export const MARKETING = '8897b795-ace2-4f12-b4b4-4a899aefa2d5';
export const TOKEN = 'fio-demo-admin-token';
export const SPRING_CAMPAIGN = '18d9023a-6b06-4417-b3f4-bf87865c183f';
export const BOARD_CUT = '5c1e2f4a-8d3b-4e6f-9a7c-2b4d6e8f0a13';

/**
 * What examples/acme/ plans against examples/emulator-seed.yaml, counted from the manifest's comments:
 * erin promoted (1); Color: carol and dave raised by `colorists` (2); Editorial: ana.moreau and
 * ben.moreau added (2); Marketing: bob, carol, elena.berg changed, dave and kira.costa added (5), frank,
 * tara.berg and jonas.costa removed (3); Spring Campaign: xavi.lopez and bob granted (2; carol's viewer
 * is a warning, not a change), wen.lopez removed (1); Board Cut: kira.berg and felix.berg granted (2),
 * restricted (1). 13 account and workspace changes, 6 project changes.
 */
export const EXAMPLE_CHANGES = 19;
/** The same changes as apply counts their API writes, one write each. */
export const EXAMPLE_WRITES =
  '1 account role update, 9 workspace role updates, 3 removals, ' +
  '4 project role updates, 1 project removal, 1 project setting update';

export async function seededEmulator(
  options: Partial<EmulatorOptions> = {},
): Promise<{ emu: Emulator; env: Record<string, string> }> {
  // 600×: an emulated minute of rate limits passes in 0.1 s.
  const emu = await startEmulator({ state: 'examples/emulator-seed.yaml', port: 0, timeScale: 600, ...options });
  return { emu, env: { FRAMEIO_API_URL: emu.url, FRAMEIO_TOKEN: TOKEN } };
}

/** Writes a manifest into a fresh temp folder and returns its path. */
export function manifestFile(yaml: string, name = 'access.yaml'): string {
  const dir = tempDir('rolesync-cli-');
  const file = join(dir, name);
  writeFileSync(file, `version: 1\naccount:\n  id: ${ACME}\n${yaml}`);
  return file;
}

/** The successful writes in the emulator's request log, as "METHOD path body-role". */
export function writes(emu: Emulator): string[] {
  return emu.log
    .filter((e) => e.method !== 'GET' && e.status >= 200 && e.status < 300)
    .map((e) => `${e.method} ${e.path}${e.body ? ` ${JSON.stringify(e.body)}` : ''}`);
}
