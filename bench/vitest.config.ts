import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The admin console at scale, through app.inject (npm run bench:inject): Vitest gives it the tests'
// database set-up. It prints figures and asserts nothing about time. The load benchmark is bench/load/.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
