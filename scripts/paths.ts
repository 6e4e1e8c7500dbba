/** Where things live, relative to the project root. */
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');
export const DEMO_DIR = resolve(PROJECT_ROOT, 'demo');
export const FIXTURES_DIR = resolve(PROJECT_ROOT, 'tests/browser/fixtures');
/** The shared folder beside the project (source document and corpus); absent in a clone elsewhere. */
export const SHARED_DIR = resolve(PROJECT_ROOT, '../shared');
/** WXT's output folders (`wxt build`, `wxt build -b firefox`). */
export const CHROME_OUTPUT_DIR = resolve(PROJECT_ROOT, '.output/chrome-mv3');
export const FIREFOX_OUTPUT_DIR = resolve(PROJECT_ROOT, '.output/firefox-mv2');
/**
 * The test builds (`wxt build --mode e2e`, `npm run build:e2e`) that the browser tests install: the same extension
 * with the test signal on (entrypoints/content/test-signal.ts).
 */
export const CHROME_E2E_OUTPUT_DIR = resolve(PROJECT_ROOT, '.output/chrome-mv3-e2e');
export const FIREFOX_E2E_OUTPUT_DIR = resolve(PROJECT_ROOT, '.output/firefox-mv2-e2e');
