// `npm pack` gives a package that installs in an empty folder and runs there.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/tmp.js';

// npm's debug logs go into the test's temp folder (removed after the file), not into ~/.npm/_logs.
const npm = (args: string[], cwd: string, logs: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_logs_dir: logs },
  });

describe('the npm package', () => {
  it('installs from its tarball into an empty folder, where rolesync --help and validate work', () => {
    const dir = tempDir('rolesync-pack-');
    const logs = tempDir('rolesync-npm-logs-');
    // --ignore-scripts: the tarball is packed from the dist/ that `npm test` has just built.
    npm(['pack', '--ignore-scripts', '--pack-destination', dir], process.cwd(), logs);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toBe('frameio-rolesync-0.1.0.tgz');
    writeFileSync(join(dir, 'package.json'), '{"name":"empty","private":true}\n');
    npm(['install', `./${tarball}`, '--prefer-offline', '--no-audit', '--no-fund'], dir, logs);
    const bin = join(dir, 'node_modules', '.bin', 'rolesync');
    const help = execFileSync(bin, ['--help'], { cwd: dir, encoding: 'utf8' });
    expect(help).toContain('Usage: rolesync <command> [options]');
    // The installed package finds its own schema and example manifests.
    const valid = execFileSync(bin, ['validate', 'node_modules/frameio-rolesync/examples/acme/'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(valid).toBe('node_modules/frameio-rolesync/examples/acme/: valid (1 account, 3 workspaces)\n');
  }, 180_000);
});
