import { defineConfig } from 'vitest/config';

/** `npm run docs:screenshots`: only the screenshot run, which writes docs/images/ (never part of `npm test`). */
export default defineConfig({
  test: {
    include: ['test/docs/screenshots.run.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
