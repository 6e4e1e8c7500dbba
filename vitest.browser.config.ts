import { defineConfig } from 'vitest/config';

// Browser tests (puppeteer-core driving Chromium and Firefox): run in Node, two files at a time (each with its own
// browsers: much of a test is waiting on a browser, so two keep two cores busier than one). The tests wait on what the
// extension says, never on how long something takes: the time limits below only guard against a hang.
// `npm run test:browser` builds both test builds (`npm run build:e2e`) and ensures the browsers first.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/browser/**/*.test.ts'],
    setupFiles: ['tests/browser/setup.ts'],
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 30_000,
  },
});
