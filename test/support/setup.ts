// Runs before every test file (vitest setupFiles): temp folders made through tempDir() go after it.
import { afterAll } from 'vitest';
import { removeTempDirs } from './tmp.js';

afterAll(removeTempDirs);
