import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const TESTS = ['test/**/*.test.ts', 'src/**/*.test.ts'];

/** Test files that replace a module (vi.mock): only these need modules of their own. */
function filesThatMock(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join(folder, file))
    .filter((file) => /\bvi\.(mock|doMock)\(/.test(fs.readFileSync(file, 'utf8')));
}
const MOCKING = [...filesThatMock('test'), ...filesThatMock('src')];

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: argon2 and Chromium both want CPU; a few files at a time keeps timings sane.
    maxWorkers: 3,
    projects: [
      // Files share a worker's modules: the server's ~600 modules load once per worker instead of once per file
      // (here a fifth of the suite's wall time, 29% of its CPU). Each test builds its own server, database and configuration.
      { extends: true, test: { name: 'shared', include: TESTS, exclude: MOCKING, isolate: false } },
      // A mocked module must not leak into another file: these files get modules of their own.
      ...(MOCKING.length > 0 ? [{ extends: true as const, test: { name: 'isolated', include: MOCKING } }] : []),
    ],
  },
});
