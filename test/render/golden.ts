// Compares rendered output with a file in test/golden/, exactly.
//
// To accept new output after an intended change, rewrite the goldens and review them as a diff:
//   UPDATE_GOLDEN=1 npx vitest run test/render && git diff test/golden
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

export function expectGolden(name: string, actual: string): void {
  const file = `${GOLDEN_DIR}${name}`;
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`missing golden file test/golden/${name}: run with UPDATE_GOLDEN=1 to create it, then review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
