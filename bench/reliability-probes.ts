/**
 * What the benchmark's reliability part (bench/reliability.ts) reads in the page: the first pass's timing on the
 * seed document and the largest corpus page (until issue 20 checked by tests/browser/content.test.ts), and a wait for
 * the page to be marked that needs no test build (the production build says nothing of its state: a quiet spell of
 * the popup's report stands for it here, where only figures, not verdicts, come out).
 */
import type { Frame, Page } from 'puppeteer-core';
import { HIGHLIGHT_PREFIX } from '../entrypoints/content/constants.ts';
import type { PageTermsReport } from '../utils/messages.ts';
import { sendToTab, waitUntil } from '../tests/browser/content-helpers.ts';
import type { TestBrowser } from '../tests/browser/harness.ts';
import { highlightCount, markedTotal } from '../tests/browser/reliability-helpers.ts';

/**
 * Installed before a page loads: watches the number of highlighted ranges and how late timers fire. A timer that
 * fires late means a task ran that long; Chromium also reports `longtask` entries.
 */
export const TIMING_PROBE = `(() => {
  const state = { size: 0, firstAt: null, doneAt: null, gaps: [], longTasks: [] };
  window.__jargonTiming = state;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last > 30) state.gaps.push({ at: last, ms: now - last });
    last = now;
    const highlight = typeof CSS !== 'undefined' && CSS.highlights ? CSS.highlights.get('${HIGHLIGHT_PREFIX}') : undefined;
    const size = highlight ? highlight.size : 0;
    if (size !== state.size) {
      state.size = size;
      state.doneAt = now;
      if (state.firstAt === null && size > 0) state.firstAt = now;
    }
  };
  setInterval(tick, 4);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ at: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

export interface PageTiming {
  ranges: number;
  /** From the end of DOMContentLoaded to the first and to the last change of our highlights, in ms. */
  firstHighlightMs: number;
  allHighlightsMs: number;
  /**
   * The longest task the browser reported as a `longtask` (50 ms or more) that started after DOMContentLoaded (our
   * scanning and painting, and the page's own work in that time), 0 when none; null where the browser has no
   * longtask entries (Firefox).
   */
  longTaskMs: number | null;
  /**
   * The same before DOMContentLoaded: the page being parsed, which includes evaluating our script (it runs at
   * document_start).
   */
  longTaskBeforeReadyMs: number | null;
  /**
   * The longest delay of a 4 ms timer over the same span: an upper bound for any task (ours, the page's layout, or
   * the machine being busy with something else).
   */
  longestTimerGapMs: number;
}

/** Reads what TIMING_PROBE saw, once the highlights have stopped changing for `quietMs`. */
export async function readTiming(page: Page, quietMs = 500): Promise<PageTiming> {
  type State = {
    size: number;
    firstAt: number | null;
    doneAt: number | null;
    gaps: { at: number; ms: number }[];
    longTasks: { at: number; ms: number }[];
  };
  const read = () =>
    page.evaluate(() => {
      const state = (window as unknown as { __jargonTiming: State }).__jargonTiming;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { state, now: performance.now(), ready: nav.domContentLoadedEventEnd };
    });
  await waitUntil(
    async () => {
      const { state, now } = await read();
      return state.doneAt !== null && now - state.doneAt > quietMs;
    },
    { timeoutMs: 20_000, what: 'highlights to settle' },
  );
  const { state, ready } = await read();
  const after = (items: { at: number; ms: number }[]) =>
    items.filter((item) => item.at >= ready && item.at <= (state.doneAt ?? 0) + 50);
  const before = (items: { at: number; ms: number }[]) => items.filter((item) => item.at < ready);
  const supportsLongTasks = await page.evaluate(() =>
    (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask'),
  );
  const longest = (items: { at: number; ms: number }[]) =>
    Math.round(Math.max(0, ...after(items).map((item) => item.ms)));
  return {
    ranges: state.size,
    firstHighlightMs: Math.round((state.firstAt ?? 0) - ready),
    allHighlightsMs: Math.round((state.doneAt ?? 0) - ready),
    longTaskMs: supportsLongTasks ? longest(state.longTasks) : null,
    longTaskBeforeReadyMs: supportsLongTasks
      ? Math.round(Math.max(0, ...before(state.longTasks).map((item) => item.ms)))
      : null,
    longestTimerGapMs: longest(state.gaps),
  };
}

/**
 * Waits until our highlight holds at least `min` ranges and has not changed for `quietMs`; returns its size.
 */
export async function waitForQuietHighlights(
  target: Page | Frame,
  { min = 1, quietMs = 800, timeoutMs = 30_000, what = 'highlights to settle' } = {},
): Promise<number> {
  let last = -1;
  let since = Date.now();
  let size = 0;
  await waitUntil(
    async () => {
      size = await highlightCount(target);
      if (size !== last) {
        last = size;
        since = Date.now();
        return false;
      }
      return size >= min && Date.now() - since >= quietMs;
    },
    { timeoutMs, what: `${what} (at least ${min})` },
  );
  return size;
}

/**
 * Waits until the page's report (as the popup asks for it) counts at least `min` marked terms and has not changed
 * for `quietMs`, and our highlight has settled too. On pages with many terms only those near the viewport are
 * registered, so the registered count alone cannot say that marking is complete.
 */
export async function waitForQuietReport(
  tb: TestBrowser,
  page: Page,
  { min = 1, quietMs = 800, timeoutMs = 30_000, what = 'the page to be marked' } = {},
): Promise<PageTermsReport> {
  let last = -1;
  let since = Date.now();
  let report: PageTermsReport | null = null;
  await waitUntil(
    async () => {
      report = (await sendToTab(tb, page, 'getPageTerms', undefined)) as PageTermsReport;
      const total = markedTotal(report);
      if (total !== last) {
        last = total;
        since = Date.now();
        return false;
      }
      return total >= min && Date.now() - since >= quietMs;
    },
    { timeoutMs, what: `${what} (at least ${min} terms)` },
  );
  await waitForQuietHighlights(page, { min: 1, quietMs: Math.min(quietMs, 600), timeoutMs });
  return report as unknown as PageTermsReport;
}
