/**
 * Reliability, change: a page that rewrites its body 100 times a second for 10 seconds, one that keeps appending
 * (infinite scroll), and a single-page app that navigates 500 times, in Chromium and Firefox. The highlights end
 * up exactly right, no long task is ours (compared with the same page without the extension), the main thread's
 * extra busy time stays bounded (Chromium: CDP Performance metrics) and, after 500 navigations, the JS heap is
 * within 10% of its level after the first (Chromium: CDP heap usage after a forced GC). The DOM equals the page's
 * end state without the extension (run alongside, or sent straight to its last view) and nothing leaves 127.0.0.1.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_TERMS, TERMS_HIGHLIGHT } from '../../entrypoints/content/constants.ts';
import { waitUntil } from './content-helpers.ts';
import { TEST_BROWSERS } from './harness.ts';
import {
  expectNoExternalRequests,
  expectNoLongTaskOfOurs,
  expectSameDom,
  FILLER,
  heapAfterGc,
  highlightCount,
  highlightsInView,
  highlightTexts,
  htmlPage,
  markedTotal,
  openProbed,
  responsiveness,
  taskSeconds,
  useSuite,
  waitForMarked,
  waitForSettled,
  type Suite,
} from './reliability-helpers.ts';

const TERMS = ['jaundice', 'ascites', 'chemotherapy', 'radiotherapy', 'stent'];

/** The start of the three pages' scripts. */
const head = (script: string) =>
  `<script>const TERMS = ${JSON.stringify(TERMS)}; const FILLER = ${JSON.stringify(FILLER)};
${script}</script>`;

/** Rewrites the whole body every 10 ms for 10 s, then shows its final state. */
const REWRITE_MS = 10_000;
const REWRITE_LINES = 20;
const rewritePage = htmlPage('Rewrites its body 100 times a second', '', {
  head: head(`
function render(label, shift) {
  const lines = [];
  for (let k = 0; k < ${REWRITE_LINES}; k++) {
    const p = document.createElement('p');
    p.textContent = label + ' line ' + k + ': ' + FILLER + ' ' + TERMS[(shift + k) % TERMS.length] + '.';
    lines.push(p);
  }
  document.body.replaceChildren(...lines);
}
addEventListener('DOMContentLoaded', () => {
  const start = performance.now();
  let i = 0;
  const timer = setInterval(() => {
    if (performance.now() - start >= ${REWRITE_MS}) {
      clearInterval(timer);
      render('Final', 3);
      window.__done = true;
      return;
    }
    render('Update ' + i, i);
    i++;
  }, 10);
});`),
});
const REWRITE_FINAL = Array.from(
  { length: REWRITE_LINES },
  (_, k) => TERMS[(3 + k) % TERMS.length] as string,
);

/** Appends 40 posts every 50 ms (infinite scroll), `batches` times, following them down, then stops. */
const BATCHES = 110;
const PER_BATCH = 40;
const feedPage = (batches: number) =>
  htmlPage(
    'Infinite scroll',
    `<h1>Posts</h1><div id="feed"><p>Pinned: ${FILLER} jaundice.</p></div>`,
    {
      head: head(`
let batch = 0;
function append() {
  const feed = document.getElementById('feed');
  const posts = [];
  for (let k = 0; k < ${PER_BATCH}; k++) {
    const p = document.createElement('p');
    p.textContent = 'Post ' + batch + '.' + k + ': ' + FILLER + ' ascites.';
    posts.push(p);
  }
  feed.append(...posts);
  batch++;
}
addEventListener('DOMContentLoaded', () => {
  const timer = setInterval(() => {
    append();
    window.scrollTo(0, document.body.scrollHeight);
    if (batch >= ${batches}) { clearInterval(timer); window.__done = true; }
  }, 50);
});`),
    },
  );
const scrollPage = feedPage(BATCHES);
const SCROLL_TERMS = 1 + BATCHES * PER_BATCH;
/** A feed of more terms than the page cap. */
const LONG_BATCHES = 180;
const LONG_FEED_TERMS = 1 + LONG_BATCHES * PER_BATCH;

/** A single-page app: go(n) shows view n (one of 7) in <main> and pushes a history entry. */
const VIEWS = 7;
const VIEW_LINES = 30;
const spaPage = htmlPage(
  'A single-page app',
  `<nav><a href="#">Home</a></nav><main id="view"></main>`,
  {
    head: head(`
function go(n) {
  const v = n % ${VIEWS};
  const lines = [];
  const title = document.createElement('h1');
  title.textContent = 'View ' + v;
  lines.push(title);
  for (let k = 0; k < ${VIEW_LINES}; k++) {
    const p = document.createElement('p');
    p.textContent = 'View ' + v + ' item ' + k + ': ' + FILLER + ' ' + TERMS[(v + k) % TERMS.length] + '.';
    lines.push(p);
  }
  document.getElementById('view').replaceChildren(...lines);
  history.pushState({ n }, '', '?view=' + n);
}
addEventListener('DOMContentLoaded', () => {
  const route = new URLSearchParams(location.search).get('route');
  if (route) go(Number(route));
});`),
  },
);
const NAVIGATIONS = 500;
const viewTerms = (n: number) =>
  Array.from(
    { length: VIEW_LINES },
    (_, k) => TERMS[((n % VIEWS) + k) % TERMS.length] as string,
  ).sort();

const sorted = (items: string[]) => [...items].sort();

describe.each(TEST_BROWSERS)('%s', (kind) => {
  const suite: Suite = useSuite(kind, ({ server }) => {
    server.route('/rewrite.html', rewritePage);
    server.route('/scroll.html', scrollPage);
    server.route('/long-feed.html', feedPage(LONG_BATCHES));
    server.route('/spa.html', spaPage);
  });

  let scrollTiming: { ours: number[]; measure: string } | undefined;

  const done = (page: Page) =>
    waitUntil(
      () => page.evaluate(() => (window as unknown as { __done?: boolean }).__done === true),
      {
        timeoutMs: 60_000,
        what: 'the page to finish changing',
      },
    );

  /**
   * Runs the changing page with the extension and, at the same time, without it (so both see the same machine
   * load); returns both once they stopped changing, with the main thread's busy seconds over the run (Chromium).
   */
  async function runBoth(path: string) {
    const url = suite.server.href(path);
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url),
      openProbed(suite.plain, url),
    ]);
    const chromium = kind === 'chromium';
    const busyBefore = chromium
      ? await Promise.all([taskSeconds(page), taskSeconds(baseline)])
      : [0, 0];
    const started = Date.now();
    await Promise.all([done(page), done(baseline)]);
    const wallSeconds = (Date.now() - started) / 1000;
    const busyAfter = chromium
      ? await Promise.all([taskSeconds(page), taskSeconds(baseline)])
      : [0, 0];
    const extraBusy =
      (busyAfter[0] as number) -
      (busyBefore[0] as number) -
      ((busyAfter[1] as number) - (busyBefore[1] as number));
    return { page, baseline, wallSeconds, extraBusy };
  }

  it(
    'a body rewritten 100 times a second for 10 s: right marks at the end, bounded CPU',
    // Run once more if it fails: the machine is shared (2 cores), and a preempted 12 ms slice can pass 50 ms.
    { timeout: 90_000, retry: 1 },
    async () => {
      const { page, baseline, wallSeconds, extraBusy } = await runBoth('/rewrite.html');
      await waitForSettled(page, { min: REWRITE_LINES, quietMs: 600 });
      expect(sorted(await highlightTexts(page))).toEqual(sorted(REWRITE_FINAL));
      // Every marked range is in the page as it is now (none left on removed nodes).
      const stale = await page.evaluate(() =>
        [...(CSS.highlights.get('medical-jargon') ?? [])].filter(
          (r) => !r.startContainer.isConnected,
        ),
      );
      expect(stale).toHaveLength(0);
      const timing = await responsiveness(page, baseline);
      console.log(
        `[${kind}] rewrite: ${wallSeconds.toFixed(1)} s, our extra main-thread time ${kind === 'chromium' ? `${extraBusy.toFixed(2)} s` : 'n/a'}, ` +
          `our long tasks (${timing.measure}) ${JSON.stringify(timing.ours)}`,
      );
      expectNoLongTaskOfOurs(timing);
      // Bounded: following the changes leaves the page at least half of the main thread.
      if (kind === 'chromium') expect(extraBusy / wallSeconds).toBeLessThan(0.5);
      await expectSameDom(page, baseline);
      await Promise.all([page.close(), baseline.close()]);
      expectNoExternalRequests(suite);
    },
  );

  it('infinite scroll: every appended post is marked, CPU bounded', async () => {
    expect(SCROLL_TERMS).toBeLessThan(MAX_PAGE_TERMS);
    const { page, baseline, wallSeconds, extraBusy } = await runBoth('/scroll.html');
    const report = await waitForMarked(suite.tb, page, { min: SCROLL_TERMS, quietMs: 600 });
    expect(report.capped).toBe(false);
    expect(markedTotal(report)).toBe(SCROLL_TERMS);
    // The page follows its newest posts: those are marked on screen; the thousands above are not registered.
    expect(await highlightsInView(page)).toBeGreaterThan(0);
    expect(await highlightCount(page)).toBeLessThan(SCROLL_TERMS);
    const timing = await responsiveness(page, baseline);
    console.log(
      `[${kind}] scroll: ${wallSeconds.toFixed(1)} s, our extra main-thread time ${kind === 'chromium' ? `${extraBusy.toFixed(2)} s` : 'n/a'}, ` +
        `our long tasks (${timing.measure}) ${JSON.stringify(timing.ours)}`,
    );
    scrollTiming = timing;
    if (kind === 'chromium') expect(extraBusy / wallSeconds).toBeLessThan(0.5);
    await expectSameDom(page, baseline);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  }, 90_000);

  /**
   * Chromium rebuilds the markers of every registered range in each frame in which the page changed; this failed
   * (50-100 ms at ~4,000 marks) until only the ranges near the viewport were registered.
   */
  it('infinite scroll: no long task of ours', () => {
    expect(scrollTiming, 'the scroll case ran').toBeDefined();
    expectNoLongTaskOfOurs(scrollTiming as { ours: number[]; measure: string });
  });

  it('a feed longer than the cap: the newest posts, where the reader is, stay marked', async () => {
    expect(LONG_FEED_TERMS).toBeGreaterThan(MAX_PAGE_TERMS);
    const { page, baseline } = await runBoth('/long-feed.html');
    const report = await waitForMarked(suite.tb, page, { min: MAX_PAGE_TERMS, quietMs: 600 });
    expect(report.capped).toBe(true);
    expect(markedTotal(report)).toBe(MAX_PAGE_TERMS);
    // The last post is on screen, and marked (the oldest posts gave way).
    const lastPostMarked = await page.evaluate((name) => {
      const last = document.getElementById('feed')?.lastElementChild;
      return [...(CSS.highlights.get(name) ?? [])].some(
        (range) => range.startContainer.parentElement === last,
      );
    }, TERMS_HIGHLIGHT);
    expect(lastPostMarked).toBe(true);
    // Back at the top: the first posts are marked again.
    await page.evaluate(() => window.scrollTo(0, 0));
    await waitUntil(
      () =>
        page.evaluate((name) => {
          const first = document.querySelector('#feed p');
          return [...(CSS.highlights.get(name) ?? [])].some(
            (range) => range.startContainer.parentElement === first,
          );
        }, TERMS_HIGHLIGHT),
      { timeoutMs: 5000, what: 'the first post marked again' },
    );
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expectSameDom(page, baseline);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  }, 90_000);

  it('a single-page app navigating 500 times: right marks, heap back within 10%', async () => {
    const page = await openProbed(suite.tb, suite.server.href('/spa.html'));
    const go = (from: number, to: number) =>
      page.evaluate(
        async (first, last) => {
          const nav = (window as unknown as { go(n: number): void }).go;
          for (let n = first; n <= last; n++) {
            nav(n);
            await new Promise((done) => setTimeout(done, 4));
          }
        },
        from,
        to,
      );
    await go(1, 1);
    await waitForSettled(page, { min: VIEW_LINES, quietMs: 500 });
    expect(sorted(await highlightTexts(page))).toEqual(viewTerms(1));
    const heapFirst = kind === 'chromium' ? await heapAfterGc(page) : 0;
    const started = Date.now();
    await go(2, NAVIGATIONS);
    const navigatedMs = Date.now() - started;
    await waitForSettled(page, { min: VIEW_LINES, quietMs: 800 });
    expect(sorted(await highlightTexts(page))).toEqual(viewTerms(NAVIGATIONS));
    if (kind === 'chromium') {
      const heapLast = await heapAfterGc(page);
      console.log(
        `[${kind}] spa: ${NAVIGATIONS} navigations in ${navigatedMs} ms; heap after the first ` +
          `${(heapFirst / 1e6).toFixed(2)} MB, after the last ${(heapLast / 1e6).toFixed(2)} MB`,
      );
      expect(heapLast).toBeLessThanOrEqual(heapFirst * 1.1);
    }
    const baseline = await openProbed(
      suite.plain,
      suite.server.href(`/spa.html?route=${NAVIGATIONS}`),
    );
    await expectSameDom(page, baseline);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  }, 90_000);
});
