/**
 * What the reliability suite (tests/browser/reliability-*.test.ts) shares on top of the harness: pages generated at
 * run time and served from memory on 127.0.0.1 (two servers, for a second origin), a probe installed in the page
 * before it loads (long tasks, late timers, errors, the first render), a fingerprint of the page's DOM (a hash, so
 * that pages of millions of nodes compare cheaply) and Chromium's heap and CPU figures through CDP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CDPSession, Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { TERMS_HIGHLIGHT } from '../../entrypoints/content/constants.ts';
import type { PageTermsReport } from '../../utils/messages.ts';
import { sendToTab } from './content-helpers.ts';
import { waitForIdle } from './extension-state.ts';
import {
  HOST_SELECTOR,
  launchTestBrowser,
  readHighlights,
  type BrowserKind,
  type TestBrowser,
} from './harness.ts';

// ----- pages ---------------------------------------------------------------------------------------------

/** Words with no glossary term in them (checked by the suite against the matcher). */
export const FILLER = 'Plain words about a walk in the park with friends on a sunny day.';

export interface Route {
  body: string | Buffer | ((request: IncomingMessage) => string);
  type?: string;
  /** Wait this long before answering (e.g. a web font that arrives late). */
  delayMs?: number;
  /** Extra headers; pages are cacheable by default (`no-store` would keep them out of the back/forward cache). */
  headers?: Record<string, string>;
  /**
   * Sent after the body once `release` resolves: a page still loading in between (as on a slow connection), for as
   * long as the test needs it to be.
   */
  rest?: { body: string; release: Promise<void> };
}

export interface PageServer {
  /** Base URL with a trailing slash. */
  url: string;
  origin: string;
  /** Adds or replaces a page. */
  route(path: string, route: Route | string): void;
  /** Bodies POSTed to /report (by helper extensions), in order. */
  reports: string[];
  href(path: string): string;
  close(): Promise<void>;
}

/** A server of generated pages held in memory (nothing is written to the project). */
export async function startPageServer(): Promise<PageServer> {
  const routes = new Map<string, Route>();
  const reports: string[] = [];
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'POST' && path === '/report') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        reports.push(body);
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
        res.end();
      });
      return;
    }
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Not found: ${path}\n`);
      return;
    }
    const send = () => {
      const body = typeof route.body === 'function' ? route.body(req) : route.body;
      res.writeHead(200, {
        'Content-Type': route.type ?? 'text/html; charset=utf-8',
        'Cache-Control': 'max-age=0',
        ...route.headers,
      });
      const { rest } = route;
      if (!rest) {
        res.end(body);
        return;
      }
      res.write(body);
      let open = true;
      res.once('close', () => (open = false));
      void rest.release.then(() => {
        if (open) res.end(rest.body);
      });
    };
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  };
  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    reports,
    route: (path, route) => routes.set(path, typeof route === 'string' ? { body: route } : route),
    href: (path) => new URL(path, `${origin}/`).href,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A whole HTML document. */
export function htmlPage(
  title: string,
  body: string,
  { head = '', lang = 'en' }: { head?: string; lang?: string } = {},
): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px/1.5 sans-serif;margin:1rem}</style>${head}</head>
<body>
${body}
</body></html>
`;
}

// ----- browsers ------------------------------------------------------------------------------------------

export interface Suite {
  kind: BrowserKind;
  /** The browser with the extension. */
  tb: TestBrowser;
  /** The same browser without it: the baseline every page's DOM is compared with. */
  plain: TestBrowser;
  server: PageServer;
  /** A second origin (another port on 127.0.0.1), for cross-origin frames. */
  other: PageServer;
}

/**
 * Launches the browser with and without the extension and starts both page servers for the file's describe block;
 * `setup` adds the block's pages. Returns an object whose fields are filled in by beforeAll.
 */
export function useSuite(kind: BrowserKind, setup: (suite: Suite) => void): Suite {
  const suite = { kind } as Suite;
  beforeAll(async () => {
    [suite.server, suite.other] = await Promise.all([startPageServer(), startPageServer()]);
    [suite.tb, suite.plain] = await Promise.all([
      launchTestBrowser(kind),
      launchTestBrowser(kind, { withExtension: false }),
    ]);
    setup(suite);
  });
  afterAll(async () => {
    await Promise.all([suite.tb?.close(), suite.plain?.close()]);
    await Promise.all([suite.server?.close(), suite.other?.close()]);
  });
  return suite;
}

/** Opens a page in a browser with the probe installed first; returns once `goto` resolved. */
export async function openProbed(
  browser: TestBrowser,
  url: string,
  { waitUntil: until = 'load' as 'load' | 'domcontentloaded', timeout = 60_000 } = {},
): Promise<Page> {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(PROBE);
  await page.goto(url, { waitUntil: until, timeout });
  return page;
}

// ----- the probe -----------------------------------------------------------------------------------------

/**
 * Installed in the page's own world before its first script: records long tasks (Chromium reports `longtask`
 * entries of 50 ms or more; Firefox has none), timers that fired late (a bound for any task, in both browsers),
 * uncaught errors and rejections, and when the page had been parsed and rendered once (the moment our content script
 * starts scanning, see afterFirstRender).
 */
export const PROBE = `(() => {
  const state = { longTasks: [], gaps: [], errors: [], renderedAt: null };
  // Kept from before the page's scripts run (a hostile page may replace performance.now).
  const now = performance.now.bind(performance);
  Object.defineProperty(window, '__reliability', { value: state });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ at: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let last = now();
  setInterval(() => {
    const at = now();
    if (at - last > 40) state.gaps.push({ at: last, ms: at - last });
    last = at;
  }, 10);
  addEventListener('error', (event) => state.errors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => state.errors.push('rejection: ' + String(event.reason)));
  const rendered = () => requestAnimationFrame(() => setTimeout(() => { state.renderedAt = now(); }, 0));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', rendered, { once: true });
  else rendered();
})();`;

export interface Span {
  at: number;
  ms: number;
}

export interface ProbeState {
  longTasks: Span[];
  gaps: Span[];
  errors: string[];
  renderedAt: number | null;
  now: number;
  longTasksSupported: boolean;
}

export function readProbe(page: Page): Promise<ProbeState> {
  return page.evaluate(() => {
    const state = (window as unknown as { __reliability: Omit<ProbeState, 'now'> }).__reliability;
    return {
      ...state,
      now: performance.now(),
      longTasksSupported: (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask'),
    };
  });
}

/** Spans that started at or after `from` (page clock). */
export function spansAfter(spans: readonly Span[], from: number): Span[] {
  return spans.filter((span) => span.at >= from);
}

/**
 * Our long tasks: those of the page with the extension, after it had rendered once, that the same page without the
 * extension does not account for. The two lists are paired longest with longest; a task of ours is one of 50 ms or
 * more that is longer than its partner by more than `slackMs` (or has none).
 */
export function ourLongTasks(
  withUs: readonly Span[],
  withoutUs: readonly Span[],
  slackMs = 25,
): number[] {
  const ours = withUs.map((span) => span.ms).sort((a, b) => b - a);
  const theirs = withoutUs.map((span) => span.ms).sort((a, b) => b - a);
  return ours
    .filter((ms, i) => ms >= 50 && ms > (theirs[i] ?? 0) + slackMs)
    .map((ms) => Math.round(ms));
}

/** The long tasks (Chromium) or late timers (Firefox) of both pages since each rendered once. */
export async function responsiveness(
  withUs: Page,
  withoutUs: Page | null,
): Promise<{
  ours: number[];
  measure: 'longtask' | 'timer-gap';
  withUs: Span[];
  withoutUs: Span[];
}> {
  const [a, b] = await Promise.all([readProbe(withUs), withoutUs && readProbe(withoutUs)]);
  const measure = a.longTasksSupported ? 'longtask' : 'timer-gap';
  const pick = (state: ProbeState) =>
    spansAfter(measure === 'longtask' ? state.longTasks : state.gaps, state.renderedAt ?? 0);
  const spansA = pick(a);
  const spansB = b ? pick(b) : [];
  return { ours: ourLongTasks(spansA, spansB), measure, withUs: spansA, withoutUs: spansB };
}

// ----- highlights ----------------------------------------------------------------------------------------

/** The number of our highlighted ranges, read from the page's world (a frame or the top page). */
export function highlightCount(target: Page | Frame): Promise<number> {
  return target.evaluate(
    (name) => (typeof CSS !== 'undefined' && CSS.highlights?.get(name)?.size) || 0,
    TERMS_HIGHLIGHT,
  );
}

/** The texts of our highlighted ranges in a page. */
export async function highlightTexts(page: Page): Promise<string[]> {
  return (await readHighlights(page))[TERMS_HIGHLIGHT] ?? [];
}

/**
 * Waits until the content script of the page (or frame) says it has settled with at least `min` terms marked;
 * returns the number of our highlighted ranges then.
 */
export async function waitForSettled(
  target: Page | Frame,
  { min = 1, what = 'highlights to settle' } = {},
): Promise<number> {
  await waitForIdle(target, {
    until: (state) => state.marked >= min,
    what: `${what} (at least ${min})`,
  });
  return highlightCount(target);
}

/** Terms the content script has marked on the page, registered in `CSS.highlights` or not (the popup's report). */
export function markedTotal(report: PageTermsReport): number {
  return report.terms.reduce((sum, term) => sum + term.count, 0);
}

/**
 * Waits until the content script says it has settled with at least `min` terms marked, and returns the page's report
 * (as the popup asks for it). On pages with many terms only those near the viewport are registered, so the registered
 * count alone cannot say that marking is complete.
 */
export async function waitForMarked(
  tb: TestBrowser,
  page: Page,
  { min = 1, what = 'the page to be marked' } = {},
): Promise<PageTermsReport> {
  await waitForIdle(page, {
    until: (state) => state.marked >= min,
    what: `${what} (at least ${min} terms)`,
  });
  return (await sendToTab(tb, page, 'getPageTerms', undefined)) as PageTermsReport;
}

/**
 * Scrolls the page to a share of its scrollable height and returns after two frames: the browser dispatches the
 * scroll event in the first (before its animation frame callbacks), so a wait for the extension to settle that
 * follows starts after it has seen the scroll.
 */
export async function scrollTo(page: Page, share: number): Promise<void> {
  await page.evaluate((to) => {
    window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * to);
  }, share);
  await nextFrames(page);
}

/** Returns after the page has rendered two frames: the scroll and resize events of what came before have fired. */
export async function nextFrames(page: Page | Frame): Promise<void> {
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
}

/** Our registered ranges that lie (at least partly) inside the viewport: what a reader sees marked. */
export function highlightsInView(target: Page | Frame): Promise<number> {
  return target.evaluate((name) => {
    let inView = 0;
    for (const range of CSS.highlights.get(name) ?? []) {
      const live = document.createRange();
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
      const rect = live.getBoundingClientRect();
      if (rect.width > 0 && rect.bottom > 0 && rect.top < innerHeight) inView++;
    }
    return inView;
  }, TERMS_HIGHLIGHT);
}

// ----- the DOM -------------------------------------------------------------------------------------------

export interface DomFingerprint {
  /** FNV-1a of the serialised document without our host element. */
  hash: string;
  length: number;
  hostCount: number;
  /** The serialised document itself, when it is small enough to show a difference. */
  html: string | null;
}

/** A fingerprint of the page's DOM without our host element (cheap to move even for a page of a million nodes). */
export function domFingerprint(target: Page | Frame): Promise<DomFingerprint> {
  return target.evaluate((hostSelector) => {
    const clone = document.documentElement.cloneNode(true) as Element;
    const hosts = clone.querySelectorAll(hostSelector);
    for (const host of hosts) host.remove();
    const html = clone.outerHTML;
    let hash = 0x811c9dc5;
    for (let i = 0; i < html.length; i++) {
      hash ^= html.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return {
      hash: (hash >>> 0).toString(16),
      length: html.length,
      hostCount: hosts.length,
      html: html.length <= 200_000 ? html : null,
    };
  }, HOST_SELECTOR);
}

/** The page's DOM with the extension equals the DOM without it, apart from at most one host element of ours. */
export async function expectSameDom(withUs: Page | Frame, withoutUs: Page | Frame): Promise<void> {
  const [a, b] = await Promise.all([domFingerprint(withUs), domFingerprint(withoutUs)]);
  expect(a.hostCount).toBeLessThanOrEqual(1);
  if (a.html !== null && b.html !== null) expect(a.html).toBe(b.html);
  expect({ hash: a.hash, length: a.length }).toEqual({ hash: b.hash, length: b.length });
}

/** Nothing the browser with the extension asked for left 127.0.0.1. */
export function expectNoExternalRequests(suite: Suite): void {
  expect(suite.tb.externalRequests()).toEqual([]);
}

// ----- Chromium: heap and CPU ----------------------------------------------------------------------------

const sessions = new WeakMap<Page, Promise<CDPSession>>();
function cdp(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = page.createCDPSession();
    sessions.set(page, session);
  }
  return session;
}

/** Chromium: the JS heap in use after a full garbage collection, in bytes (the page's and our isolated world's). */
export async function heapAfterGc(page: Page): Promise<number> {
  const session = await cdp(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize;
}

/** Chromium: the main thread's busy time so far (seconds of tasks), from the Performance domain. */
export async function taskSeconds(page: Page): Promise<number> {
  const session = await cdp(page);
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
}

/** Collects the page's console errors and uncaught exceptions (every world the protocol reports). */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}
