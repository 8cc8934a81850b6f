// `npm run demo`: the main job end to end against the local emulator, as a user would run it:
// validate, plan (saved), apply the saved plan, then a drift check that must come back clean; then the
// same for the Frame.io groups example.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), 'rolesync.js');
const manifest = 'examples/acme/';
const groupsManifest = 'examples/frameio-groups.yaml';
// 60×: the documented limits (10 role updates/min), but an emulated minute passes in one second.
const timeScale = Number(process.env['DEMO_TIME_SCALE'] ?? 60);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  process.stdout.write(`\n$ rolesync ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const emu = await startEmulator({ state: 'examples/emulator-seed.yaml', port: 0, timeScale });
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-demo-'));
  const planFile = join(dir, 'plan.json');
  const groupsPlanFile = join(dir, 'groups-plan.json');
  const env = {
    ...process.env,
    FRAMEIO_API_URL: emu.url,
    FRAMEIO_TOKEN: 'fio-demo-admin-token',
    NO_COLOR: process.env['NO_COLOR'] ?? '',
  };
  process.stdout.write(`# Frame.io V4 emulator on ${emu.url} (rate limits ${timeScale}× faster than real time)\n`);
  const steps: [string[], number[]][] = [
    [['validate', manifest], [0]],
    [['plan', manifest, '--out', planFile, '--detailed-exitcode'], [2]],
    [['apply', manifest, '--plan', planFile, '--yes'], [0]],
    [['drift', manifest], [0]],
    // Frame.io groups on the same account: a group created and filled, members of another changed,
    // group grants on workspaces and a project (README: "Frame.io groups").
    [['plan', groupsManifest, '--out', groupsPlanFile, '--detailed-exitcode'], [2]],
    [['apply', groupsManifest, '--plan', groupsPlanFile, '--yes'], [0]],
    [['drift', groupsManifest], [0]],
  ];
  try {
    for (const [args, expected] of steps) {
      const code = await run(args, env);
      if (!expected.includes(code)) {
        process.stderr.write(
          `\ndemo: 'rolesync ${args.join(' ')}' exited ${code}, expected ${expected.join(' or ')}\n`,
        );
        return 1;
      }
    }
    const writes = emu.log.filter((e) => e.method !== 'GET');
    const limited = emu.log.filter((e) => e.status === 429).length;
    process.stdout.write(
      `\n# Demo done: ${emu.log.length} API calls (${writes.length} writes), ${limited} answered 429.\n`,
    );
    return 0;
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
