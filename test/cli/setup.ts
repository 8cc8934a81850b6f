// Shared setup of the CLI end-to-end tests: the emulator seeded from examples/, temp manifests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { tempDir } from '../support/tmp.js';

export const ACME = '1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10';
export const MARKETING = '8897b795-ace2-4f12-b4b4-4a899aefa2d5';
export const TOKEN = 'fio-demo-admin-token';

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
