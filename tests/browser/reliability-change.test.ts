/**
 * Reliability, change: a page that rewrites its body 100 times a second, one that keeps appending (infinite scroll,
 * below and beyond the cap), and a single-page app that navigates 500 times, in Chromium and Firefox. The highlights
 * end up exactly right, none is left on a removed node, the marks follow the reader and, after 500 navigations, the
 * JS heap is within 10% of its level after the first (Chromium: CDP heap usage after a forced GC). The DOM equals the
 * page's end state without the extension (run alongside, or sent straight to its last view) and nothing leaves
 * 127.0.0.1.
 *
 * How busy the extension keeps the main thread on these pages (its long tasks, its extra busy time) is measured by
 * the benchmark, `npm run bench` (bench/reliability.ts), at the full durations.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import {
  MAX_PAGE_TERMS,
  REGISTER_ALL_MAX,
  TERMS_HIGHLIGHT,
} from '../../entrypoints/content/constants.ts';
import {
  feedPage,
  feedTerms,
  navigate,
  NAVIGATIONS,
  REWRITE_FINAL,
  REWRITE_LINES,
  rewritePage,
  spaPage,
  VIEW_LINES,
  viewTerms,
} from './change-pages.ts';
import { waitUntil } from './content-helpers.ts';
import { waitForIdle } from './extension-state.ts';
import { TEST_BROWSERS } from './harness.ts';
import {
  expectNoExternalRequests,
  expectSameDom,
  heapAfterGc,
  highlightCount,
  highlightsInView,
  highlightTexts,
  nextFrames,
  openProbed,
  readProbe,
  scrollTo,
  useSuite,
  type Suite,
} from './reliability-helpers.ts';

/** The rewriting page runs this long here (the benchmark: 10 s). */
const REWRITE_MS = 3000;
/** A feed past REGISTER_ALL_MAX terms, and one past the cap (the benchmark: 110 and 180 batches). */
const FEED_BATCHES = 40;
const LONG_FEED_BATCHES = 130;

const sorted = (items: string[]) => [...items].sort();

describe.each(TEST_BROWSERS)('%s', (kind) => {
  const suite: Suite = useSuite(kind, ({ server }) => {
    server.route('/rewrite.html', rewritePage(REWRITE_MS));
    server.route('/scroll.html', feedPage(FEED_BATCHES));
    server.route('/long-feed.html', feedPage(LONG_FEED_BATCHES));
    server.route('/spa.html', spaPage);
  });

  const done = (page: Page) =>
    waitUntil(
      () => page.evaluate(() => (window as unknown as { __done?: boolean }).__done === true),
      { what: 'the page to finish changing' },
    );

  /**
   * Runs the changing page with the extension and, at the same time, without it; returns both once the page has
   * stopped changing and the extension has followed its last change.
   */
  async function runBoth(path: string) {
    const url = suite.server.href(path);
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url),
      openProbed(suite.plain, url),
    ]);
    await Promise.all([done(page), done(baseline)]);
    await nextFrames(page);
    const state = await waitForIdle(page, { what: `${path}: its last change followed` });
    return { page, baseline, state };
  }

  async function finish(page: Page, baseline: Page): Promise<void> {
    await expectSameDom(page, baseline);
    expect((await readProbe(page)).errors).toEqual([]);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  }

  it('a body rewritten 100 times a second: right marks at the end, none left on removed nodes', async () => {
    const { page, baseline, state } = await runBoth('/rewrite.html');
    expect(state.marked).toBe(REWRITE_LINES);
    expect(sorted(await highlightTexts(page))).toEqual(sorted(REWRITE_FINAL));
    // Every marked range is in the page as it is now (none left on removed nodes).
    const stale = await page.evaluate(
      (name) =>
        [...(CSS.highlights.get(name) ?? [])].filter((r) => !r.startContainer.isConnected).length,
      TERMS_HIGHLIGHT,
    );
    expect(stale).toBe(0);
    await finish(page, baseline);
  });

  it('infinite scroll: every appended post is marked, those on screen registered', async () => {
    const terms = feedTerms(FEED_BATCHES);
    expect(terms).toBeGreaterThan(REGISTER_ALL_MAX);
    expect(terms).toBeLessThan(MAX_PAGE_TERMS);
    const { page, baseline, state } = await runBoth('/scroll.html');
    expect(state.capped).toBe(false);
    expect(state.marked).toBe(terms);
    // The page follows its newest posts: those are marked on screen; the many above are not registered.
    expect(await highlightsInView(page)).toBeGreaterThan(0);
    expect(await highlightCount(page)).toBeLessThan(terms);
    await finish(page, baseline);
  });

  it('a feed longer than the cap: the newest posts, where the reader is, stay marked', async () => {
    expect(feedTerms(LONG_FEED_BATCHES)).toBeGreaterThan(MAX_PAGE_TERMS);
    const { page, baseline, state } = await runBoth('/long-feed.html');
    expect(state.capped).toBe(true);
    expect(state.marked).toBe(MAX_PAGE_TERMS);
    // The last post is on screen, and marked (the oldest posts gave way).
    const postMarked = (selector: string) =>
      page.evaluate(
        (name, sel) => {
          const post = document.querySelector(sel);
          return [...(CSS.highlights.get(name) ?? [])].some(
            (range) => range.startContainer.parentElement === post,
          );
        },
        TERMS_HIGHLIGHT,
        selector,
      );
    expect(await postMarked('#feed p:last-child')).toBe(true);
    // Back at the top: the first posts are marked again.
    await scrollTo(page, 0);
    await waitForIdle(page);
    expect(await postMarked('#feed p:first-child')).toBe(true);
    expect((await waitForIdle(page)).marked).toBe(MAX_PAGE_TERMS);
    await scrollTo(page, 1);
    await finish(page, baseline);
  });

  it('a single-page app navigating 500 times: right marks, heap back within 10%', async () => {
    const page = await openProbed(suite.tb, suite.server.href('/spa.html'));
    const go = (from: number, to: number) => navigate(page, from, to);
    await go(1, 1);
    expect((await waitForIdle(page)).marked).toBe(VIEW_LINES);
    expect(sorted(await highlightTexts(page))).toEqual(viewTerms(1));
    const heapFirst = kind === 'chromium' ? await heapAfterGc(page) : 0;
    await go(2, NAVIGATIONS);
    expect((await waitForIdle(page)).marked).toBe(VIEW_LINES);
    expect(sorted(await highlightTexts(page))).toEqual(viewTerms(NAVIGATIONS));
    if (kind === 'chromium') {
      const heapLast = await heapAfterGc(page);
      console.log(
        `[${kind}] spa: heap after the first navigation ${(heapFirst / 1e6).toFixed(2)} MB, ` +
          `after the last ${(heapLast / 1e6).toFixed(2)} MB`,
      );
      expect(heapLast).toBeLessThanOrEqual(heapFirst * 1.1);
    }
    const baseline = await openProbed(
      suite.plain,
      suite.server.href(`/spa.html?route=${NAVIGATIONS}`),
    );
    await finish(page, baseline);
  });
});
