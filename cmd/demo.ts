// `npm run demo`: the main job end to end against the local emulator, as a user would run it:
// validate, plan (saved), apply the saved plan, then a drift check that must come back clean; then the
// same for the Frame.io groups example; then time-bound grants ended by `apply --only-expired`.
// rolesync signs in by itself (server-to-server client credentials against the emulator's IMS), with
// tokens that last one emulated minute, so it renews them on the way.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), 'rolesync.js');
const manifest = 'examples/acme/';
const groupsManifest = 'examples/frameio-groups.yaml';
const expiryManifest = 'examples/time-bound.yaml';
// The instant the time-bound example is judged at (its comment says what has ended by then).
const expiryNow = '2027-02-01T00:00:00Z';
// Emulated seconds an IMS token lasts in the demo: the applies outlive several.
const tokenLifetime = 60;
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
  const emu = await startEmulator({
    state: 'examples/emulator-seed.yaml',
    port: 0,
    timeScale,
    imsTokenLifetime: tokenLifetime,
  });
  const dir = await mkdtemp(join(tmpdir(), 'rolesync-demo-'));
  const planFile = join(dir, 'plan.json');
  const groupsPlanFile = join(dir, 'groups-plan.json');
  const { FRAMEIO_TOKEN: _set_aside, ...outer } = process.env;
  // Server-to-server: the emulator's demo credential (public test data in the seed), acting as grace.
  const env = {
    ...outer,
    FRAMEIO_API_URL: emu.url,
    FRAMEIO_IMS_URL: emu.url,
    FRAMEIO_CLIENT_ID: 'rolesync-demo-s2s',
    FRAMEIO_CLIENT_SECRET: 'demo-s2s-secret',
    NO_COLOR: process.env['NO_COLOR'] ?? '',
  };
  // The time-bound example ends grace's admin grant: a token acting as someone else (alice) applies it,
  // since nothing lets rolesync change its own user's role.
  const aliceEnv = {
    ...outer,
    FRAMEIO_API_URL: emu.url,
    FRAMEIO_TOKEN: 'fio-demo-admin-token',
    NO_COLOR: env.NO_COLOR,
  };
  process.stdout.write(
    `# Frame.io V4 emulator on ${emu.url} (rate limits ${timeScale}× faster than real time; ` +
      `IMS tokens last ${tokenLifetime} emulated seconds)\n`,
  );
  const steps: [string[], number[], NodeJS.ProcessEnv?][] = [
    [['whoami'], [0]],
    [['validate', manifest], [0]],
    [['plan', manifest, '--out', planFile, '--detailed-exitcode'], [2]],
    [['apply', manifest, '--plan', planFile, '--yes'], [0]],
    [['drift', manifest], [0]],
    // Frame.io groups on the same account: a group created and filled, members of another changed,
    // group grants on workspaces and a project (README: "Frame.io groups").
    [['plan', groupsManifest, '--out', groupsPlanFile, '--detailed-exitcode'], [2]],
    [['apply', groupsManifest, '--plan', groupsPlanFile, '--yes'], [0]],
    [['drift', groupsManifest], [0]],
    // Time-bound grants (README: "Time-bound grants"): drift sees the ended grant (exit 2, kind
    // expired) beside other drift; the scheduled job's `apply --only-expired` ends it and nothing
    // else; a plan then still shows the other changes, left for a reviewed pull request.
    [['drift', expiryManifest, '--now', expiryNow, '--no-attribution'], [2], aliceEnv],
    [['apply', expiryManifest, '--only-expired', '--yes', '--now', expiryNow], [0], aliceEnv],
    [['plan', expiryManifest, '--now', expiryNow, '--detailed-exitcode'], [2], aliceEnv],
  ];
  try {
    for (const [args, expected, stepEnv] of steps) {
      const code = await run(args, stepEnv ?? env);
      if (!expected.includes(code)) {
        process.stderr.write(
          `\ndemo: 'rolesync ${args.join(' ')}' exited ${code}, expected ${expected.join(' or ')}\n`,
        );
        return 1;
      }
    }
    const writes = emu.log.filter((e) => e.method !== 'GET');
    const limited = emu.log.filter((e) => e.status === 429).length;
    const tokens = emu.log.filter((e) => e.path === '/ims/token/v3' && e.status === 200).length;
    process.stdout.write(
      `\n# Demo done: ${emu.log.length} calls (${writes.length} writes), ${limited} answered 429; ` +
        `${tokens} IMS tokens got by rolesync itself.\n`,
    );
    return 0;
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
