/**
 * Run by Vitest before each browser test file: the tests install the test builds (`npm run build:e2e`), the
 * production code with the test signal on, which says when the content script has settled (extension-state.ts).
 * The demo and the benchmark install the production builds.
 */
import { EXTENSION_DIRS } from '../../scripts/launch.ts';
import { CHROME_E2E_OUTPUT_DIR, FIREFOX_E2E_OUTPUT_DIR } from '../../scripts/paths.ts';

EXTENSION_DIRS.chromium = CHROME_E2E_OUTPUT_DIR;
EXTENSION_DIRS.firefox = FIREFOX_E2E_OUTPUT_DIR;
