// Runs before every test file (vitest setupFiles): temp folders made through tempDir() go after it,
// and a file during which apply's default journal (.rolesync/, relative to the cwd: the repo) appears fails.
import { existsSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { removeTempDirs } from './tmp.js';

const DEFAULT_JOURNAL_DIR = '.rolesync';
// A folder that was there before (a person's own apply) is not ours to judge or remove.
const journalBefore = existsSync(DEFAULT_JOURNAL_DIR);

afterAll(() => {
  removeTempDirs();
  if (!journalBefore && existsSync(DEFAULT_JOURNAL_DIR)) {
    rmSync(DEFAULT_JOURNAL_DIR, { recursive: true, force: true });
    throw new Error(
      `${DEFAULT_JOURNAL_DIR}/ appeared in the repo while this test file ran (or one beside it): ` +
        'give every apply a --plan or --journal in a tempDir()',
    );
  }
});
