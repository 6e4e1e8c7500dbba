import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    // Only a guard against a hang: a test that scans 10,000 paragraphs under happy-dom, or runs the scan command four
    // times, takes seconds on an idle machine and may take ten times that on a busy one (Vitest's 5 s default, and
    // 30 s, failed them there).
    testTimeout: 120_000,
  },
});
