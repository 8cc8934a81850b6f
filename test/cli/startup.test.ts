// Start-up: a command loads only the modules it uses. Recorded by a module hook in the real process
// (no timing): --help, --version and validate must not load the API client, the emulator, apply,
// the renderers or the use cases.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../support/tmp.js';

const BIN = 'dist/cmd/rolesync.js';
const DIST = pathToFileURL(resolve('dist')).href;
/** A dependency's package name from its file URL. */
const PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const HEAVY = ['client', 'emulator', 'apply', 'render', 'usecase', 'live', 'drift', 'export', 'plan/planner'];

// The hook runs on Node's loader thread: it appends each file URL it loads to the file it is given.
const HOOKS = `import { appendFileSync } from 'node:fs';
let file;
export async function initialize(data) { file = data.file; }
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(file, url + '\\n');
  return nextLoad(url, context);
}
`;

/** Runs the built CLI and returns the modules it loaded: `dist/...` paths and package names. */
async function loaded(args: string[]): Promise<{ code: number | null; modules: string[] }> {
  const dir = tempDir();
  const record = join(dir, 'loaded.txt');
  writeFileSync(record, '');
  writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
  const register = join(dir, 'register.mjs');
  const data = JSON.stringify({ file: record });
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url, { data: ${data} });\n`,
  );
  const proc = spawn(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const code = await new Promise<number | null>((done) => proc.on('close', done));
  const modules = readFileSync(record, 'utf8')
    .split('\n')
    .filter((url) => url !== '')
    .map((url) => (url.startsWith(DIST) ? `dist${url.slice(DIST.length)}` : (PACKAGE.exec(url)?.[1] ?? url)));
  return { code, modules: [...new Set(modules)] };
}

function heavy(modules: string[]): string[] {
  return modules.filter((m) => HEAVY.some((dir) => m.startsWith(`dist/src/${dir}`)) || !m.startsWith('dist/'));
}

describe('what a command loads', () => {
  const light = [
    ['--help'],
    ['--version'],
    ['version'],
    ['help', 'plan'],
    ['plan', '--help'],
    ['emulator', '--help'],
    ['plna'],
  ];
  it.each(light.map((args) => [args]))(
    'rolesync %j loads no API client, emulator, apply, renderer or dependency',
    async (args) => {
      const { modules } = await loaded(args);
      expect(modules).toContain('dist/cmd/rolesync.js');
      expect(heavy(modules)).toEqual([]);
    },
  );

  it('validate loads the manifest checks, but no API client, emulator, apply or renderer', async () => {
    const dir = tempDir();
    const file = join(dir, 'access.yaml');
    writeFileSync(
      file,
      'version: 1\naccount:\n  id: 1f8a3a9e-7f4c-4d0a-9a51-3f1c2b7d9e10\n  users:\n    a@acme.test: admin\n',
    );
    const { code, modules } = await loaded(['validate', file]);
    expect(code).toBe(0);
    expect(modules).toContain('dist/src/manifest/index.js');
    expect(heavy(modules).filter((m) => m.startsWith('dist/'))).toEqual([]);
    expect(modules).not.toContain('ofetch');
  });

  it('plan loads the API client (the record sees what a command really loads)', async () => {
    const { code, modules } = await loaded(['plan', 'examples/acme/']);
    expect(code).toBe(1); // no FRAMEIO_TOKEN
    expect(modules.some((m) => m.startsWith('dist/src/client/'))).toBe(true);
  });
});
