/**
 * Reliability, size: a single text node of 10 MB, 1,000,000 elements, a DOM nested 5,000 levels deep and a table
 * of 50,000 cells, in Chromium and Firefox. The tab stays responsive (no long task of ours: Chromium's `longtask`
 * entries, Firefox's late timers, each compared with the same page without the extension), highlighting completes
 * or stops at the cap of MAX_PAGE_TERMS (and the popup's report says so), the DOM is the same as without the
 * extension and nothing leaves 127.0.0.1. Pages are generated in memory at run time.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { WALK_MAX_NODES } from '../../entrypoints/content/page-scanner.ts';
import {
  MAX_PAGE_TERMS,
  REGISTER_ALL_MAX,
  TERMS_HIGHLIGHT,
} from '../../entrypoints/content/constants.ts';
import type { PageTermsReport } from '../../utils/messages.ts';
import { waitUntil } from './content-helpers.ts';
import { TEST_BROWSERS } from './harness.ts';
import {
  expectNoExternalRequests,
  expectNoLongTaskOfOurs,
  hasLongTaskOfOurs,
  expectSameDom,
  FILLER,
  highlightCount,
  highlightsInView,
  highlightTexts,
  htmlPage,
  markedTotal,
  openProbed,
  readProbe,
  responsiveness,
  useSuite,
  waitForMarked,
  type Suite,
} from './reliability-helpers.ts';

const MB = 1024 * 1024;

/** One text node of 10 MB, built by the page's script (the HTML parser would split it every 64 KiB). */
function bigTextPage(): string {
  const unit = `${FILLER} The skin showed jaundice. `;
  const repeats = Math.ceil((10 * MB) / unit.length);
  return htmlPage(
    'One text node of 10 MB',
    `<h1>A single text node of 10 MB</h1><p id="big"></p>
<script>document.getElementById('big').append(document.createTextNode(${JSON.stringify(unit)}.repeat(${repeats})));</script>`,
  );
}

/**
 * 1,000,000 elements: 100,000 paragraphs of ten elements (a word in bold and eight empty inline elements, as icon-
 * heavy markup has); one paragraph in ten holds a term.
 */
function millionPage(): string {
  const parts: string[] = [];
  const icons = '<i></i>'.repeat(8);
  for (let i = 0; i < 100_000; i++) {
    const word = i % 10 === 0 ? 'ascites' : 'walk';
    parts.push(`<p>Item ${i} <b>${word}</b>${icons}</p>`);
  }
  // <html>, <head>, <meta>, <title>, <style>, <body> and the <h1> are not counted: 1,000,000 in the body's
  // paragraphs exactly.
  return htmlPage('A million elements', `<h1>1,000,000 elements</h1>\n${parts.join('\n')}`);
}
const MILLION_TERMS = 10_000;

/**
 * 5,000 nested inline elements, built by script (HTML parsers cap nesting); every second level names a term. Inline,
 * not blocks: 5,000 nested <div>s hang Chromium's own layout, with or without the extension.
 */
const DEPTH = 5000;
function deepPage(): string {
  return htmlPage(
    '5,000 levels deep',
    `<h1>Nested 5,000 levels deep</h1><div id="root"></div>
<script>
let parent = document.getElementById('root');
for (let i = 1; i <= ${DEPTH}; i++) {
  const element = document.createElement(i % 3 === 0 ? 'em' : 'span');
  element.append(document.createTextNode(i % 2 === 0 ? 'Level ' + i + ' ascites ' : 'Level ' + i + ' '));
  parent.append(element);
  parent = element;
}
</script>`,
  );
}
const DEEP_TERMS = DEPTH / 2;

/** 5,000 rows of 10 cells; one cell in twelve holds a term. */
const ROWS = 5000;
const COLUMNS = 10;
function tablePage(): string {
  const rows: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    const cells: string[] = [];
    for (let c = 0; c < COLUMNS; c++) {
      const n = r * COLUMNS + c;
      const hasTerm = n % 12 === 0;
      cells.push(`<td>${hasTerm ? `r${r} chemotherapy` : `r${r} c${c}`}</td>`);
    }
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  return htmlPage(
    '50,000 cells',
    `<h1>A table of 50,000 cells</h1><table><tbody>\n${rows.join('\n')}\n</tbody></table>`,
  );
}
const TABLE_TERMS = Math.ceil((ROWS * COLUMNS) / 12);

/** Paragraphs with one term each, more than the page cap. */
const LONG_PARAGRAPHS = 12_000;
function longPage(): string {
  const paragraphs: string[] = [];
  for (let i = 0; i < LONG_PARAGRAPHS; i++) {
    paragraphs.push(`<p id="p${i}">Paragraph ${i}: ${FILLER} The scan showed ascites.</p>`);
  }
  return htmlPage('12,000 paragraphs', `<h1>A long page</h1>\n${paragraphs.join('\n')}`);
}

interface SizeResult {
  /** Terms marked on the page (the popup's report). */
  marked: number;
  /** Ranges registered in `CSS.highlights` (past REGISTER_ALL_MAX, only those near the viewport). */
  ranges: number;
  inView: number;
  report: PageTermsReport;
  ours: number[];
  measure: string;
  settleMs: number;
}

const results: Record<string, SizeResult> = {};

/**
 * Long tasks of ours that are known and not fixed yet: their check is skipped (the numbers are still logged). None
 * now. A million elements, in both browsers, was here until the walk of a page stopped after WALK_MAX_NODES nodes:
 * V8's incremental-marking steps, tracing the wrappers a walk of the whole page creates, ran inside our slices for
 * 50-257 ms in Chromium; Firefox stalled 51-88 ms. Firefox's deep page was here (0.65-0.9 s with us, under 150 ms
 * without) until a block of more than BLOCK_WINDOW_MIN terms registered only those near the view: its 2,500 terms
 * are one block, and Firefox spends ~56 µs adding each range to a highlight in a tree that deep, then ~200 ms on the
 * next frame for any underlined highlight there (a tint alone: ~60 ms). Now 0.3-0.4 s.
 */
const KNOWN_LONG_TASKS: Record<string, string> = {};

/** How long the second half of the still-loading page is held back. */
const LOADING_HOLD_MS = 4000;

/** The first half of a page now, the rest LOADING_HOLD_MS later: a big page on a slow connection. */
function stillLoadingPage(): { body: string; rest: { body: string; afterMs: number } } {
  const page = htmlPage(
    'A page still loading',
    `<h1>Your scan results</h1><p id="first">The scan showed jaundice and a little ascites.</p>\n${`<p>${FILLER}</p>\n`.repeat(300)}<!--REST-->`,
  );
  const [head, tail] = page.split('<!--REST-->') as [string, string];
  return {
    body: head,
    rest: {
      body: `<p>The rest of the letter is about chemotherapy.</p>${tail}`,
      afterMs: LOADING_HOLD_MS,
    },
  };
}

describe.each(TEST_BROWSERS)('%s', (kind) => {
  const suite: Suite = useSuite(kind, ({ server }) => {
    server.route('/big-text.html', bigTextPage());
    server.route('/million.html', millionPage());
    server.route('/deep.html', deepPage());
    server.route('/table.html', tablePage());
    server.route('/long.html', longPage());
    server.route('/still-loading.html', stillLoadingPage());
  });

  /**
   * Loads the page with the extension and, at the same time (so both see the same machine load), without it; waits
   * until the highlights settle and the baseline has run as long past its first render; asks for the page's report
   * (as the popup does) and compares long tasks and DOM.
   */
  async function measure(
    path: string,
    expectedRanges: number,
    whileOpen?: (page: Page) => Promise<void>,
  ): Promise<SizeResult> {
    const url = suite.server.href(path);
    const started = Date.now();
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url, { waitUntil: 'domcontentloaded', timeout: 120_000 }),
      openProbed(suite.plain, url, { waitUntil: 'domcontentloaded', timeout: 120_000 }),
    ]);
    const report = await waitForMarked(suite.tb, page, {
      min: expectedRanges,
      quietMs: 1500,
      timeoutMs: 120_000,
      what: `${path} marked`,
    });
    const settleMs = Date.now() - started;
    const ranges = await highlightCount(page);
    const inView = await highlightsInView(page);
    const span = await readProbe(page);
    const observedMs = span.now - (span.renderedAt ?? span.now);
    await waitUntil(
      async () => {
        const base = await readProbe(baseline);
        return base.renderedAt !== null && base.now - base.renderedAt >= observedMs;
      },
      { timeoutMs: 120_000, what: 'the baseline to run as long' },
    );
    const timing = await responsiveness(page, baseline);
    await expectSameDom(page, baseline);
    expect(await highlightCount(page)).toBe(ranges);
    const result: SizeResult = {
      marked: markedTotal(report),
      ranges,
      inView,
      report,
      ours: timing.ours,
      measure: timing.measure,
      settleMs,
    };
    results[`${kind} ${path}`] = result;
    console.log(
      `[${kind}] ${path}: ${result.marked} marked, ${ranges} registered (${inView} in view) in ${settleMs} ms ` +
        `(incl. load), capped=${report.capped}, ` +
        `our long tasks (${timing.measure}) ${JSON.stringify(timing.ours)}; with us ` +
        `${JSON.stringify(timing.withUs.map((s) => Math.round(s.ms)))}, without ` +
        `${JSON.stringify(timing.withoutUs.map((s) => Math.round(s.ms)))}`,
    );
    await whileOpen?.(page);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
    // What the reader sees is marked; no more is registered than marked.
    expect(inView).toBeGreaterThan(0);
    expect(ranges).toBeLessThanOrEqual(result.marked);
    return result;
  }

  /** Past REGISTER_ALL_MAX terms in many blocks, only those near the viewport are registered. */
  function expectRegisteredNearViewOnly(result: SizeResult): void {
    expect(result.marked).toBeGreaterThan(REGISTER_ALL_MAX);
    expect(result.ranges).toBeLessThan(result.marked);
  }

  /**
   * The page stays responsive: no long task of ours, as measured in the marking case just before. When that
   * measurement saw one, the page is measured once more and the second measurement decides: the machine is shared
   * (2 cores, other browsers running), and a preempted 12 ms slice can stretch past 50 ms.
   */
  function responsive(path: string, expectedRanges: number): void {
    const key = `${kind} ${path}`;
    it.skipIf(key in KNOWN_LONG_TASKS)(
      `${path}: no long task of ours`,
      async () => {
        let result = results[key];
        expect(result, 'the marking case ran').toBeDefined();
        if (hasLongTaskOfOurs(result as SizeResult)) result = await measure(path, expectedRanges);
        expectNoLongTaskOfOurs(result as SizeResult);
      },
      180_000,
    );
  }

  it('a single text node of 10 MB: marks up to the cap and says so', async () => {
    const result = await measure('/big-text.html', MAX_PAGE_TERMS);
    expect(result.marked).toBe(MAX_PAGE_TERMS);
    expect(result.report.capped).toBe(true);
  }, 180_000);
  responsive('/big-text.html', MAX_PAGE_TERMS);

  it('1,000,000 elements: marks the part near the reader, says so, and follows the reader', async () => {
    expect(MILLION_TERMS).toBeGreaterThan(MAX_PAGE_TERMS);
    // The walk stops after WALK_MAX_NODES nodes: 12 a paragraph, a term in one paragraph in ten.
    const walked = Math.floor(WALK_MAX_NODES / 12 / 10);
    const result = await measure('/million.html', Math.floor(walked * 0.9), async (page) => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      const started = Date.now();
      await waitUntil(async () => (await highlightsInView(page)) > 0, {
        timeoutMs: 15_000,
        what: 'marks in view half-way down the page',
      });
      console.log(
        `[${kind}] million: marked in view half-way down after ${Date.now() - started} ms`,
      );
      const after = await waitForMarked(suite.tb, page, { min: 1, quietMs: 500 });
      expect(after.capped).toBe(true);
      expect(markedTotal(after)).toBeLessThanOrEqual(MAX_PAGE_TERMS);
    });
    expect(result.marked).toBeGreaterThanOrEqual(walked * 0.9);
    expect(result.marked).toBeLessThan(MAX_PAGE_TERMS);
    expect(result.report.capped).toBe(true);
  }, 180_000);
  responsive('/million.html', MAX_PAGE_TERMS);

  it('a DOM nested 5,000 levels deep: marks every term, registers those near the reader as they scroll', async () => {
    // The levels are inline: the page is one block, of 2,500 terms. Only the run of them near the viewport is
    // registered (HighlightPainter), and it follows the reader.
    const result = await measure('/deep.html', DEEP_TERMS, async (page) => {
      const before = await highlightTexts(page);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      const started = Date.now();
      await waitUntil(
        async () => {
          const now = await highlightTexts(page);
          return (
            (await highlightsInView(page)) > 0 && now.length > 0 && now.join() !== before.join()
          );
        },
        { timeoutMs: 15_000, what: 'marks in view half-way down the deep page' },
      );
      console.log(`[${kind}] deep: marked in view half-way down after ${Date.now() - started} ms`);
    });
    expect(result.marked).toBe(DEEP_TERMS);
    expect(result.report.capped).toBe(false);
    expect(result.ranges).toBeGreaterThan(0);
    expect(result.ranges).toBeLessThan(DEEP_TERMS / 2);
  }, 120_000);
  responsive('/deep.html', DEEP_TERMS);

  it('a table of 50,000 cells: marks every term', async () => {
    expect(TABLE_TERMS).toBeLessThan(MAX_PAGE_TERMS);
    const result = await measure('/table.html', TABLE_TERMS);
    expect(result.marked).toBe(TABLE_TERMS);
    expect(result.report.capped).toBe(false);
    expectRegisteredNearViewOnly(result);
  }, 120_000);
  responsive('/table.html', TABLE_TERMS);

  it('a page of more terms than the cap: the marks follow the reader', async () => {
    const page = await openProbed(suite.tb, suite.server.href('/long.html'), {
      waitUntil: 'domcontentloaded',
      timeout: 120_000,
    });
    const report = await waitForMarked(suite.tb, page, { min: MAX_PAGE_TERMS, quietMs: 1000 });
    expect(report.capped).toBe(true);
    const paragraphInViewIsMarked = () =>
      page.evaluate((name) => {
        const marked = new Set(
          [...(CSS.highlights.get(name) ?? [])].map((range) => range.startContainer.parentElement),
        );
        // The paragraphs under a few points down the middle of the viewport (between them lie margins).
        for (let share = 0.1; share < 1; share += 0.1) {
          const paragraph = document
            .elementFromPoint(innerWidth / 2, innerHeight * share)
            ?.closest('p');
          if (paragraph && marked.has(paragraph)) return true;
        }
        return false;
      }, TERMS_HIGHLIGHT);
    expect(await paragraphInViewIsMarked()).toBe(true);
    for (const to of [1, 0.6, 0.1]) {
      await page.evaluate((share) => {
        window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * share);
      }, to);
      const started = Date.now();
      await waitUntil(paragraphInViewIsMarked, {
        timeoutMs: 10_000,
        what: `the paragraph in view marked at ${to * 100}% of the page`,
      });
      console.log(
        `[${kind}] long page scrolled to ${to * 100}%: marked in view after ${Date.now() - started} ms`,
      );
    }
    const after = await waitForMarked(suite.tb, page, { min: 1, quietMs: 500 });
    expect(markedTotal(after)).toBeLessThanOrEqual(MAX_PAGE_TERMS);
    await page.close();
    expectNoExternalRequests(suite);
  }, 180_000);

  // Chromium only: in Firefox early marks made a loading page stall (see EARLY_MARKS_ENABLED).
  it.skipIf(kind === 'firefox')(
    'a page still loading: its first screenful is marked before it has finished loading',
    async () => {
      const page = await suite.tb.newPage();
      const started = Date.now();
      const loaded = page.goto(suite.server.href('/still-loading.html'), {
        waitUntil: 'load',
        timeout: 60_000,
      });
      const whileLoading = () =>
        page
          .evaluate((name) => {
            const highlight = CSS.highlights.get(name);
            return {
              state: document.readyState,
              texts: highlight
                ? [...highlight].map((range) => {
                    const live = document.createRange();
                    live.setStart(range.startContainer, range.startOffset);
                    live.setEnd(range.endContainer, range.endOffset);
                    return live.toString();
                  })
                : [],
            };
          }, TERMS_HIGHLIGHT)
          .catch(() => ({ state: 'navigating', texts: [] as string[] }));
      let seen = await whileLoading();
      while (seen.texts.length === 0 && Date.now() - started < LOADING_HOLD_MS - 500) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await whileLoading();
      }
      console.log(
        `[${kind}] still-loading page: ${JSON.stringify(seen.texts)} marked after ${Date.now() - started} ms, ${seen.state}`,
      );
      expect(seen.state).toBe('loading');
      expect(seen.texts).toEqual(['jaundice', 'ascites']);
      await loaded;
      // Once loaded, the scan proper marks the whole page (the early marks give way to its own).
      const report = await waitForMarked(suite.tb, page, { min: 3, quietMs: 500 });
      expect(markedTotal(report)).toBe(3);
      expect(await highlightTexts(page)).toEqual(['jaundice', 'ascites', 'chemotherapy']);
      await page.close();
      expectNoExternalRequests(suite);
    },
    60_000,
  );

  it('a long page: what scrolls into view is marked at once', async () => {
    const page = await openProbed(suite.tb, suite.server.href('/table.html'), {
      waitUntil: 'domcontentloaded',
      timeout: 120_000,
    });
    await waitForMarked(suite.tb, page, { min: TABLE_TERMS, quietMs: 1000, timeoutMs: 120_000 });
    for (const to of [0.5, 1, 0.25]) {
      await page.evaluate((share) => {
        window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * share);
      }, to);
      const started = Date.now();
      await waitUntil(async () => (await highlightsInView(page)) > 0, {
        timeoutMs: 2000,
        what: `marks in view at ${to * 100}% of the page`,
      });
      console.log(
        `[${kind}] table scrolled to ${to * 100}%: marks in view after ${Date.now() - started} ms`,
      );
      expect(await highlightCount(page)).toBeLessThan(TABLE_TERMS);
    }
    await page.close();
    expectNoExternalRequests(suite);
  }, 180_000);
});
