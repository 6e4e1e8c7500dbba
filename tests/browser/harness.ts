/**
 * What the browser tests share: the built extension, the local server, browsers launched with (or without) the
 * extension and with every request recorded, and helpers that read the page (DOM snapshot, CSS highlights) or
 * save screenshots. `npm run test:browser` builds both targets and ensures both browsers before Vitest starts.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Frame, Page, Target } from 'puppeteer-core';
import { BROWSER_KINDS, type BrowserKind } from '../../scripts/browsers.ts';
import { builtManifest, launchBrowser } from '../../scripts/launch.ts';
import { PROJECT_ROOT } from '../../scripts/paths.ts';
import { HIGHLIGHT_PREFIX, UI_HOST_TAG } from '../../entrypoints/content/constants.ts';
import { HANG_GUARD_MS, waitForIdle } from './extension-state.ts';
import { startRequestSink, type RequestSink } from './request-sink.ts';

export {
  corpusNames,
  corpusPagePath,
  SEED_PAGE_PATH,
  sharedAvailable,
  startServer,
} from '../../scripts/serve.ts';
export { SHARED_DIR } from '../../scripts/paths.ts';
export type { BrowserKind };

/** The one element the extension may add to a page (host of its closed shadow root). */
export const HOST_SELECTOR = UI_HOST_TAG;
export { HIGHLIGHT_PREFIX };

export const ARTIFACTS_DIR = resolve(PROJECT_ROOT, 'test-artifacts');

/** Browsers to test: both, or a comma-separated subset from TEST_BROWSERS (e.g. TEST_BROWSERS=firefox). */
export const TEST_BROWSERS: readonly BrowserKind[] = (() => {
  const wanted = process.env.TEST_BROWSERS?.split(',').map((name) => name.trim());
  if (!wanted) return BROWSER_KINDS;
  const unknown = wanted.filter((name) => !(BROWSER_KINDS as string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`TEST_BROWSERS: unknown browser(s) ${unknown.join(', ')}`);
  return BROWSER_KINDS.filter((kind) => wanted.includes(kind));
})();

export interface RecordedRequest {
  url: string;
  /** Who saw it: a CDP target ("page", "service_worker"…), a BiDi page, or the proxy sink. */
  seenBy: string;
}

const LOCAL_SCHEMES = new Set([
  'about:',
  'blob:',
  'data:',
  'chrome:',
  'chrome-extension:',
  'chrome-untrusted:',
  'devtools:',
  'moz-extension:',
  'resource:',
]);

/** True for URLs that stay in the browser or go to 127.0.0.1; everything else leaves the machine. */
export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  return parsed.hostname === '127.0.0.1';
}

export interface TestBrowser {
  kind: BrowserKind;
  browser: Browser;
  withExtension: boolean;
  extensionId: string | undefined;
  /** chrome-extension://id/ or moz-extension://uuid/ */
  extensionOrigin: string | undefined;
  /** Every request seen so far, by the browser's own protocol and by the proxy sink. */
  requests: RecordedRequest[];
  /** The recorded requests that would have left 127.0.0.1. */
  externalRequests(): RecordedRequest[];
  /** A new tab whose requests are recorded from its first one. */
  newPage(): Promise<Page>;
  /** Opens one of the extension's own pages (e.g. "popup.html") in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

const WORKER_TYPES = new Set(['service_worker', 'shared_worker', 'worker']);

/** Records requests on every Chromium target (pages, the extension's service worker…) through CDP. */
function recordChromiumRequests(browser: Browser, record: (request: RecordedRequest) => void) {
  const ready = new Map<Target, Promise<void>>();
  const watch = (target: Target): Promise<void> => {
    let watching = ready.get(target);
    if (!watching) {
      watching = (async () => {
        const type = target.type();
        if (type === 'browser') return;
        try {
          // Workers: listen on puppeteer's own session (a second session detaches puppeteer's worker handle,
          // so tests could no longer evaluate in the service worker). Pages: a session of our own.
          const worker = WORKER_TYPES.has(type) ? await target.worker() : null;
          const session = worker ? worker.client : await target.createCDPSession();
          session.on('Network.requestWillBeSent', (event) => {
            record({ url: event.request.url, seenBy: `cdp ${type} ${target.url()}` });
          });
          await session.send('Network.enable');
        } catch {
          // Targets that close while we attach, or that have no network, have nothing to record.
        }
      })();
      ready.set(target, watching);
    }
    return watching;
  };
  browser.on('targetcreated', (target: Target) => void watch(target));
  for (const target of browser.targets()) void watch(target);
  return watch;
}

/** Launches a browser (with the built extension unless withExtension is false), recording every request. */
export async function launchTestBrowser(
  kind: BrowserKind,
  options: {
    withExtension?: boolean;
    /** prefers-color-scheme for every page (Firefox cannot emulate it per page over BiDi). */
    colorScheme?: 'light' | 'dark';
  } = {},
): Promise<TestBrowser> {
  const withExtension = options.withExtension ?? true;
  const sink: RequestSink = await startRequestSink();
  const requests: RecordedRequest[] = [];
  const record = (request: RecordedRequest) => requests.push(request);
  let watchTarget: ((target: Target) => Promise<void>) | undefined;
  // Firefox (BiDi): every tab's requests, including tabs the page or the extension opens.
  const watchedPages = new WeakSet<Page>();
  const watchPage = (page: Page) => {
    if (watchedPages.has(page)) return;
    watchedPages.add(page);
    page.on('request', (request) => record({ url: request.url(), seenBy: 'bidi page' }));
  };

  let launched;
  try {
    launched = await launchBrowser(kind, {
      headless: true,
      withExtension,
      colorScheme: options.colorScheme,
      outboundProxyPort: sink.port,
      onLaunched: (browser) => {
        if (kind === 'chromium') {
          watchTarget = recordChromiumRequests(browser, record);
          return;
        }
        browser.on('targetcreated', (target: Target) => {
          void target.page().then((page) => page && watchPage(page));
        });
      },
    });
  } catch (error) {
    await sink.close();
    throw error;
  }
  const { browser, extensionId, extensionOrigin } = launched;

  const newPage = async (): Promise<Page> => {
    const page = await browser.newPage();
    if (watchTarget) await watchTarget(page.target());
    else watchPage(page);
    return page;
  };

  const openExtensionPage = async (path: string): Promise<Page> => {
    if (!extensionOrigin) throw new Error('This browser was launched without the extension.');
    const url = new URL(path, extensionOrigin).href;
    const page = await newPage();
    if (kind === 'chromium') {
      await page.goto(url);
      return page;
    }
    // Firefox loads the page (in the extension process) but puppeteer never sees that navigation finish, so
    // goto would time out: start it, then wait until the tab reports the extension URL.
    void page.goto(url, { timeout: 15_000 }).catch(() => undefined);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const [href, state] = await page
        .evaluate(() => [location.href, document.readyState])
        .catch(() => ['', '']);
      if (href === url && state === 'complete') return page;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error(`Firefox did not open ${url}`);
  };

  const allRequests = (): RecordedRequest[] => [
    ...requests,
    ...sink.requests.map((request) => ({
      url: request.method === 'CONNECT' ? `https://${request.target}/` : request.target,
      seenBy: `proxy sink ${request.method}`,
    })),
  ];

  return {
    kind,
    browser,
    withExtension,
    extensionId,
    extensionOrigin,
    get requests() {
      return allRequests();
    },
    externalRequests: () =>
      // Everything the sink saw was on its way out; the protocols' records are checked by URL.
      allRequests().filter(
        (request) => request.seenBy.startsWith('proxy sink') || !isLocalUrl(request.url),
      ),
    newPage,
    openExtensionPage,
    close: async () => {
      await launched.close();
      await sink.close();
    },
  };
}

/** The built extension's manifest for this browser (name, version…). */
export function expectedManifest(kind: BrowserKind): Record<string, unknown> {
  return builtManifest(kind);
}

export interface DomSnapshot {
  /** document.documentElement.outerHTML with our host element(s) taken out. */
  html: string;
  /** How many host elements were taken out (the extension may add at most one). */
  hostCount: number;
}

/** Serialises the page's DOM, minus the extension's host element, to compare pages with and without it. */
export function domSnapshot(page: Page): Promise<DomSnapshot> {
  return page.evaluate((hostSelector) => {
    const clone = document.documentElement.cloneNode(true) as Element;
    const hosts = clone.querySelectorAll(hostSelector);
    for (const host of hosts) host.remove();
    return { html: clone.outerHTML, hostCount: hosts.length };
  }, HOST_SELECTOR);
}

/**
 * The highlights registered in the page's `CSS.highlights` whose names begin with the prefix: for each name, the
 * text of each of its ranges (in the highlight's order). Read from the page's main world, as the page could.
 */
export function readHighlights(
  page: Page | Frame,
  prefix: string = HIGHLIGHT_PREFIX,
): Promise<Record<string, string[]>> {
  return page.evaluate((namePrefix) => {
    const result: Record<string, string[]> = {};
    if (typeof CSS === 'undefined' || !('highlights' in CSS)) return result;
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith(namePrefix)) continue;
      result[name] = [...highlight].map((range) => {
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        return live.toString();
      });
    }
    return result;
  }, prefix);
}

/**
 * Waits until highlights with the prefix hold at least minRanges ranges in all; returns what it read. The time limit
 * only guards against a page never marked.
 */
export async function waitForHighlights(
  page: Page,
  { minRanges = 1, prefix = HIGHLIGHT_PREFIX } = {},
): Promise<Record<string, string[]>> {
  const deadline = Date.now() + HANG_GUARD_MS;
  for (;;) {
    const highlights = await readHighlights(page, prefix);
    const count = Object.values(highlights).reduce((sum, texts) => sum + texts.length, 0);
    if (count >= minRanges) return highlights;
    if (Date.now() > deadline) {
      throw new Error(`Expected at least ${minRanges} highlighted ranges, found ${count}.`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Waits until the content script says it has settled (extension-state.ts) with at least minRanges highlighted, and
 * returns the highlights then. Use it when a later step compares against this state (the first ranges appear while
 * the rest of the page is still scanned).
 */
export async function waitForSteadyHighlights(
  page: Page,
  { minRanges = 1, prefix = HIGHLIGHT_PREFIX } = {},
): Promise<Record<string, string[]>> {
  await waitForHighlights(page, { minRanges, prefix });
  await waitForIdle(page);
  return readHighlights(page, prefix);
}

/** Saves a screenshot as test-artifacts/<browser>-<name>.png and returns its path. */
export async function saveScreenshot(
  page: Page,
  kind: BrowserKind,
  name: string,
  { fullPage = true } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = resolve(ARTIFACTS_DIR, `${kind}-${name}.png`) as `${string}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * Waits until the content script of the page (or frame) says it has nothing left to do (see waitForIdle), and the
 * page has drawn two frames since: what it has marked is on screen.
 */
export async function settled(page: Page | Frame): Promise<void> {
  await waitForIdle(page);
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
}
