/**
 * The content script in real browsers (Chromium and Firefox, the built extension installed): what is highlighted
 * and what is not, pages that change, frames and shadow roots, the page's DOM left exactly as it was, typing
 * unaffected, and no request leaving the machine. How long the first pass takes, and how long its tasks are, is
 * measured by the benchmark (`npm run bench`), not judged here.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corpusNames,
  corpusPagePath,
  domSnapshot,
  launchTestBrowser,
  readHighlights,
  SEED_PAGE_PATH,
  settled,
  SHARED_DIR,
  sharedAvailable,
  startServer,
  TEST_BROWSERS,
  waitForHighlights,
  waitForSteadyHighlights,
  type TestBrowser,
} from './harness.ts';
import { frameHighlights, sendToTab, storeSettings, waitUntil } from './content-helpers.ts';
import { waitForIdle } from './extension-state.ts';
import { TERMS_HIGHLIGHT } from '../../entrypoints/content/constants.ts';
import { DEFAULT_SETTINGS } from '../../utils/settings.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

const hasShared = sharedAvailable();
if (!hasShared)
  console.warn(`Skipping the source-document and corpus pages: ${SHARED_DIR} is absent.`);

/** The largest page of ../shared/corpus, by size of its text. */
function largestCorpusPage(): string | undefined {
  return corpusNames()
    .map((name) => ({ name, size: statSync(resolve(SHARED_DIR, 'corpus', `${name}.txt`)).size }))
    .sort((a, b) => b.size - a.size)[0]?.name;
}

const terms = (highlights: Record<string, string[]>) => highlights[TERMS_HIGHLIGHT] ?? [];

describe.each(TEST_BROWSERS)('%s', (kind) => {
  let server: Server;
  let tb: TestBrowser;
  let plain: TestBrowser;

  beforeAll(async () => {
    server = await startServer();
    [tb, plain] = await Promise.all([
      launchTestBrowser(kind),
      launchTestBrowser(kind, { withExtension: false }),
    ]);
    const warmUp = await tb.newPage();
    await warmUp.goto(new URL('/fixtures/content-links.html', server.url).href);
    await waitForHighlights(warmUp, { minRanges: 1 });
    await warmUp.close();
  });

  afterAll(async () => {
    await Promise.all([tb?.close(), plain?.close()]);
    await server?.close();
  });

  const url = (path: string) => new URL(path, server.url).href;

  async function open(path: string, browser = tb): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(url(path));
    return page;
  }

  /** The page's DOM with the extension equals the DOM without it (our host element aside). */
  async function expectDomUnchanged(path: string): Promise<void> {
    const [extended, baseline] = await Promise.all([open(path), open(path, plain)]);
    if (path.includes('content-spa')) {
      // The page adds three posts, 300 ms apart: compare once both have all three.
      const posted = (page: Page) =>
        waitUntil(async () => (await page.$$eval('#feed li', (items) => items.length)) === 3, {
          what: 'the three posts',
        });
      await Promise.all([posted(extended), posted(baseline)]);
    }
    await settled(extended);
    const [after, before] = await Promise.all([domSnapshot(extended), domSnapshot(baseline)]);
    expect(after.hostCount).toBeLessThanOrEqual(1);
    expect(after.html).toBe(before.html);
    await Promise.all([extended.close(), baseline.close()]);
  }

  /** Opens the page and waits until the content script has marked it and has nothing left to do. */
  async function marked(path: string): Promise<Page> {
    const page = await open(path);
    await waitForIdle(page, { until: (state) => state.scans > 0, what: `${path} marked` });
    return page;
  }

  it.skipIf(!hasShared)(
    'highlights the source document, and the popup counts the same',
    async () => {
      const page = await marked(SEED_PAGE_PATH);
      const marks = terms(await readHighlights(page));
      for (const word of ['metastases', 'jaundice', 'CT scan', 'chemotherapy', 'radiotherapy']) {
        expect(marks.map((text) => text.toLowerCase())).toContain(word.toLowerCase());
      }
      const report = (await sendToTab(tb, page, 'getPageTerms', undefined)) as {
        terms: { entryId: string; count: number }[];
      };
      expect(report.terms.reduce((sum, term) => sum + term.count, 0)).toBe(marks.length);
      await page.close();
    },
  );

  it.skipIf(!hasShared)('highlights every corpus page', async () => {
    const largest = largestCorpusPage();
    for (const name of corpusNames()) {
      const page = await marked(corpusPagePath(name));
      expect(terms(await readHighlights(page)).length).toBeGreaterThan(name === largest ? 10 : 4);
      await page.close();
    }
  });

  it('highlights the demo clinic letter and forum thread', async () => {
    const letter = await open('/clinic-letter.html');
    const letterTerms = terms(await waitForHighlights(letter, { minRanges: 5 }));
    expect(letterTerms.length).toBeGreaterThan(5);
    const forum = await open('/forum-thread.html');
    expect(terms(await waitForHighlights(forum, { minRanges: 3 })).length).toBeGreaterThan(3);
    await Promise.all([letter.close(), forum.close()]);
  });

  it('never marks text in inputs, editable areas, code, hidden or non-rendered elements', async () => {
    const page = await open('/fixtures/content-skip.html');
    await waitForHighlights(page, { minRanges: 3 });
    await settled(page);
    expect(terms(await readHighlights(page)).sort()).toEqual([
      'ascites',
      'chemotherapy',
      'jaundice',
    ]);
    // The three are the heading, #plain and #last: nothing else on the page.
    const owners = await page.evaluate((name) => {
      const highlight = CSS.highlights.get(name);
      return [...(highlight ?? [])].map(
        (range) => range.startContainer.parentElement?.closest('[id], h1')?.nodeName ?? '',
      );
    }, TERMS_HIGHLIGHT);
    expect(owners.sort()).toEqual(['H1', 'P', 'P']);
    await page.close();
  });

  it('reads terms across inline tags but never across blocks or line breaks', async () => {
    const page = await open('/fixtures/content-inline.html');
    await waitForHighlights(page, { minRanges: 4 });
    await settled(page);
    const marked = terms(await readHighlights(page));
    expect(marked).toEqual(
      expect.arrayContaining(['jaundice', 'CT scan', 'ascites', 'X-rays', 'bile']),
    );
    // "bile" and "duct" sit in two paragraphs; "metas<br>tases" is broken by a line break.
    expect(marked.filter((text) => /metas|bile\s+duct/.test(text))).toEqual([]);
    await page.close();
  });

  it('follows a single-page app: added content, navigation and edited text', async () => {
    const page = await open('/fixtures/content-spa.html');
    await waitUntil(async () => terms(await readHighlights(page)).includes('stent'), {
      what: 'posts added over time to be highlighted',
    });
    expect(terms(await readHighlights(page))).toEqual(
      expect.arrayContaining(['GP', 'ascites', 'chemotherapy', 'stent']),
    );
    await page.evaluate(() => (window as unknown as { navigate(): void }).navigate());
    await waitUntil(async () => terms(await readHighlights(page)).includes('radiotherapy'), {
      what: 'the new view to be highlighted',
    });
    expect(terms(await readHighlights(page))).not.toContain('GP');
    await page.evaluate(() => (window as unknown as { editFirst(): void }).editFirst());
    await waitUntil(async () => terms(await readHighlights(page)).includes('jaundice'), {
      what: 'edited text to be highlighted',
    });
    const marked = terms(await readHighlights(page));
    expect(marked.filter((text) => text === 'radiotherapy')).toHaveLength(1);
    await page.close();
  });

  it('covers same-origin frames and open shadow roots', async () => {
    const page = await open('/fixtures/content-frames.html');
    await waitUntil(async () => terms(await readHighlights(page)).length >= 2, {
      what: 'the top page and its web component',
    });
    expect(terms(await readHighlights(page))).toEqual(
      expect.arrayContaining(['chemotherapy', 'jaundice']),
    );
    await waitUntil(async () => terms(await readHighlights(page)).includes('radiotherapy'), {
      what: 'a web component defined late to be marked',
    });
    expect(terms(await readHighlights(page)).sort()).toEqual([
      'chemotherapy',
      'jaundice',
      'radiotherapy',
    ]);
    const frame = page.frames().find((f) => f.url().endsWith('content-frame-child.html'));
    expect(frame).toBeDefined();
    await waitUntil(async () => terms(await frameHighlights(frame!)).length > 0, {
      what: 'the frame to be highlighted',
    });
    expect(terms(await frameHighlights(frame!))).toEqual(['ascites']);
    await page.close();
  });

  it('marks text that was hidden once the page shows it', async () => {
    const page = await open('/fixtures/content-hidden.html');
    await waitForHighlights(page, { minRanges: 1 });
    await settled(page);
    expect(terms(await readHighlights(page))).toEqual(['jaundice']);
    await page.evaluate(() => {
      (document.getElementById('details') as HTMLDetailsElement).open = true;
      document.getElementById('panel')?.classList.remove('collapsed');
      document.getElementById('ghost')?.classList.remove('invisible');
    });
    await waitUntil(async () => terms(await readHighlights(page)).length === 4, {
      what: 'the shown text to be marked',
    });
    expect(terms(await readHighlights(page)).sort()).toEqual([
      'ascites',
      'chemotherapy',
      'jaundice',
      'stent',
    ]);
    await page.close();
  });

  it('paints again when the page clears the highlight registry', async () => {
    const page = await open('/fixtures/content-links.html');
    const before = terms(await waitForSteadyHighlights(page, { minRanges: 4 }));
    await page.evaluate(() => CSS.highlights.clear());
    expect(terms(await readHighlights(page))).toEqual([]);
    await waitUntil(async () => terms(await readHighlights(page)).length === before.length, {
      what: 'our highlights to come back',
    });
    await page.close();
  });

  it('leaves typing in inputs and editable areas exactly as typed', async () => {
    const page = await open('/fixtures/content-skip.html');
    const before = terms(await waitForSteadyHighlights(page, { minRanges: 3 }));
    await page.click('#input', { count: 3 });
    await page.keyboard.type('ascites and jaundice, CT scan');
    await page.click('#textarea');
    await page.keyboard.type(' more jaundice');
    await page.click('#editable p');
    await page.keyboard.press('End');
    await page.keyboard.type(' and chemotherapy');
    await settled(page);
    const values = await page.evaluate(() => ({
      input: (document.getElementById('input') as HTMLInputElement).value,
      textarea: (document.getElementById('textarea') as HTMLTextAreaElement).value,
      editable: document.getElementById('editable')?.textContent,
    }));
    expect(values.input).toBe('ascites and jaundice, CT scan');
    expect(values.textarea).toBe('Ascites and jaundice more jaundice');
    expect(values.editable).toBe('Typed: ascites and chemotherapy');
    expect(terms(await readHighlights(page))).toEqual(before);
    await page.close();
  });

  it.skipIf(!hasShared)(
    'follows the settings: first occurrence only, then every one again',
    async () => {
      const page = await open(SEED_PAGE_PATH);
      const all = terms(await waitForSteadyHighlights(page, { minRanges: 100 })).length;
      const store = (settings: Record<string, unknown> | null) => storeSettings(tb, settings);
      await store({ ...DEFAULT_SETTINGS, firstOccurrenceOnly: true });
      await waitUntil(async () => terms(await readHighlights(page)).length < all, {
        what: 'fewer marks with first occurrence only',
      });
      const firstOnly = terms(await readHighlights(page)).length;
      expect(firstOnly).toBeGreaterThan(50);
      await store(null);
      await waitUntil(async () => terms(await readHighlights(page)).length === all, {
        what: 'every occurrence marked again',
      });
      await page.close();
    },
  );

  it('leaves the DOM of every page exactly as it was', async () => {
    const paths = [
      '/clinic-letter.html',
      '/forum-thread.html',
      '/fixtures/content-skip.html',
      '/fixtures/content-inline.html',
      '/fixtures/content-frames.html',
      '/fixtures/content-links.html',
      '/fixtures/content-hidden.html',
      '/fixtures/content-spa.html',
      ...(hasShared ? [SEED_PAGE_PATH, ...corpusNames().map(corpusPagePath)] : []),
    ];
    for (const path of paths) await expectDomUnchanged(path);
  });

  it('sent no request beyond 127.0.0.1', () => {
    expect(tb.requests.map((request) => request.url)).toContain(url('/fixtures/content-skip.html'));
    expect(tb.externalRequests()).toEqual([]);
  });
});
