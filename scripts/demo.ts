/**
 * `npm run demo`: builds the Chrome extension, serves the demo pages on 127.0.0.1 and opens Chromium with the
 * extension on the clinic letter. With a display it stays open until the window is closed; without one (a server,
 * CI) it runs headless, saves screenshots of each demo page into demo-screenshots/ and exits.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { ensureBrowser } from './browsers.ts';
import { launchBrowser } from './launch.ts';
import { PROJECT_ROOT } from './paths.ts';
import { SEED_PAGE_PATH, sharedAvailable, startServer } from './serve.ts';

const SCREENSHOT_DIR = resolve(PROJECT_ROOT, 'demo-screenshots');
const HIGHLIGHT_PREFIX = 'medical-jargon';

function buildChromeExtension(): void {
  console.log('Building the Chrome extension (wxt build)…');
  const result = spawnSync('npx', ['--no-install', 'wxt', 'build'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('wxt build failed; see the output above.');
}

function hasDisplay(): boolean {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Counts the ranges in the page's highlights whose names begin with the prefix. */
function countHighlighted(page: Page): Promise<number> {
  return page.evaluate((prefix) => {
    let ranges = 0;
    for (const [name, highlight] of CSS.highlights) {
      if (name.startsWith(prefix)) ranges += highlight.size;
    }
    return ranges;
  }, HIGHLIGHT_PREFIX);
}

/**
 * Waits until the extension's highlights stop changing (it works in slices), or a few seconds pass, then a
 * moment more for the paint.
 */
async function waitForHighlights(page: Page): Promise<number> {
  const deadline = Date.now() + 6000;
  let count = -1;
  let steady = 0;
  while (Date.now() < deadline && steady < 3) {
    await new Promise((done) => setTimeout(done, 200));
    const now = await countHighlighted(page);
    steady = now > 0 && now === count ? steady + 1 : 0;
    count = now;
  }
  await new Promise((done) => setTimeout(done, 300));
  return Math.max(count, 0);
}

async function saveScreenshots(baseUrl: string): Promise<string[]> {
  const pages = [
    { name: 'clinic-letter', path: '/clinic-letter.html' },
    { name: 'forum-thread', path: '/forum-thread.html' },
    ...(sharedAvailable() ? [{ name: 'secondary-liver-cancer', path: SEED_PAGE_PATH }] : []),
  ];
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const launched = await launchBrowser('chromium', { headless: true });
  const saved: string[] = [];
  try {
    const page = await launched.browser.newPage();
    for (const { name, path } of pages) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        await page.goto(new URL(path, baseUrl).href, { waitUntil: 'load' });
        const highlighted = await waitForHighlights(page);
        const file = resolve(SCREENSHOT_DIR, `${name}-${scheme}.png`);
        await page.screenshot({ path: file as `${string}.png`, fullPage: true });
        saved.push(`${file} (${highlighted} highlighted terms)`);
      }
    }
  } finally {
    await launched.close();
  }
  return saved;
}

async function openHeadful(baseUrl: string): Promise<void> {
  const launched = await launchBrowser('chromium', { headless: false });
  const [page] = await launched.browser.pages();
  await (page ?? (await launched.browser.newPage())).goto(`${baseUrl}clinic-letter.html`);
  console.log(
    'Chromium is open with the extension on the clinic letter. Close the window to stop.',
  );
  await new Promise<void>((done) => {
    launched.browser.once('disconnected', () => done());
    process.once('SIGINT', () => done());
  });
  await launched.close();
}

async function main(): Promise<void> {
  ensureBrowser('chromium');
  buildChromeExtension();
  const server = await startServer();
  console.log(`Demo pages: ${server.url}`);
  if (!sharedAvailable()) {
    console.log('(../shared is absent: the source document page is not available in this copy.)');
  }
  try {
    let headless = !hasDisplay();
    if (headless) {
      console.log(
        'No display ($DISPLAY / $WAYLAND_DISPLAY unset): running headless and taking screenshots.',
      );
    } else {
      try {
        await openHeadful(server.url);
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        console.warn(`Could not open a browser window (${reason}).`);
        console.warn('Running headless and taking screenshots instead.');
        headless = true;
      }
    }
    if (headless) {
      const saved = await saveScreenshots(server.url);
      console.log(`Saved ${saved.length} screenshots of the demo pages with the extension:`);
      for (const line of saved) console.log(`  ${line}`);
    }
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
