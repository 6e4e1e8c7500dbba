import { defineConfig } from 'vitest/config';

// Browser tests (puppeteer-core driving Chromium and Firefox): run in Node, one file at a time, with time for
// browsers to start. `npm run test:browser` builds both extension targets and ensures the browsers first.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/browser/**/*.test.ts'],
    setupFiles: ['tests/browser/setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
