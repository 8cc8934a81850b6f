// The version rolesync reports is the one in the package.json it is installed with.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string; license: string };

describe('the version', () => {
  it("is read from the package's own package.json: --version, version and the main help", () => {
    // A copy of the built CLI beside a package.json of another version: --version loads no dependency.
    const dir = tempDir();
    cpSync('dist', join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version: '9.8.7-test', type: 'module' }));
    const bin = join(dir, 'dist', 'cmd', 'rolesync.js');
    const run = (args: string[]) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    expect(run(['--version'])).toBe('9.8.7-test\n');
    expect(run(['version'])).toBe('9.8.7-test\n');
    expect(run(['--help'])).toMatch(/^rolesync 9\.8\.7-test — /);
  });

  it("is the repository's package.json version when run from the clone", () => {
    const shown = execFileSync(process.execPath, ['dist/cmd/rolesync.js', '--version'], { encoding: 'utf8' });
    expect(shown).toBe(`${pkg.version}\n`);
  });

  it('LICENSE is the MIT license package.json names', () => {
    expect(pkg.license).toBe('MIT');
    const license = readFileSync('LICENSE', 'utf8');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('Copyright (c) 2026 rolesync contributors');
  });
});
