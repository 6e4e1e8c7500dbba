/**
 * Reliability, frames and lifecycle, in Chromium and Firefox: same-origin, cross-origin (another port of
 * 127.0.0.1), `about:blank` (written by the page's script) and `srcdoc` frames are each marked; a page restored from
 * the back/forward cache is still marked and still followed (and the extension does not keep it out of that cache);
 * the extension updated while a page is open: the old content script stops cleanly (no error in the page, no marks
 * left behind that nobody follows) and the new one marks the page. Every page's DOM equals the page's without the
 * extension and nothing leaves 127.0.0.1.
 */
import type { Frame, Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIRS } from '../../scripts/launch.ts';
import { frameHighlights, waitUntil } from './content-helpers.ts';
import { answeringCopies, waitForIdle } from './extension-state.ts';
import { TEST_BROWSERS } from './harness.ts';
import {
  collectConsoleErrors,
  expectNoExternalRequests,
  expectSameDom,
  FILLER,
  highlightTexts,
  htmlPage,
  openProbed,
  readProbe,
  useSuite,
  waitForSettled,
  type Suite,
} from './reliability-helpers.ts';
import { TERMS_HIGHLIGHT } from '../../entrypoints/content/constants.ts';

const ADD_LINE = `<script>
window.addLine = (text) => {
  const p = document.createElement('p');
  p.textContent = text;
  document.body.appendChild(p);
};
</script>`;

function framesPage(otherOrigin: string): string {
  return htmlPage(
    'Frames',
    `<p id="top">${FILLER} Top page: jaundice.</p>
<iframe id="same" src="/frame-child.html" width="400" height="80"></iframe>
<iframe id="cross" src="${otherOrigin}/frame-cross.html" width="400" height="80"></iframe>
<iframe id="srcdoc" srcdoc="<p>${FILLER} In a srcdoc frame: stent.</p>" width="400" height="80"></iframe>
<iframe id="blank" width="400" height="80"></iframe>
<script>
const blank = document.getElementById('blank');
const p = blank.contentDocument.createElement('p');
p.textContent = ${JSON.stringify(`${FILLER} In an about:blank frame: radiotherapy.`)};
blank.contentDocument.body.append(p);
</script>`,
  );
}

const marks = async (frame: Frame) => (await frameHighlights(frame))[TERMS_HIGHLIGHT] ?? [];

describe.each(TEST_BROWSERS)('%s', (kind) => {
  const suite: Suite = useSuite(kind, ({ server, other }) => {
    server.route('/frames.html', framesPage(other.origin));
    server.route(
      '/frame-child.html',
      htmlPage('Child', `<p>${FILLER} Same-origin frame: ascites.</p>`),
    );
    other.route(
      '/frame-cross.html',
      htmlPage('Cross', `<p>${FILLER} Cross-origin frame: chemotherapy.</p>`),
    );
    server.route(
      '/bf.html',
      htmlPage(
        'Back and forward',
        `<p>${FILLER} Before leaving: jaundice.</p>
<script>window.__shows = []; addEventListener('pageshow', (e) => window.__shows.push(e.persisted));</script>${ADD_LINE}`,
      ),
    );
    server.route('/bf-next.html', htmlPage('Next', `<p>${FILLER} The next page.</p>`));
    server.route(
      '/update.html',
      htmlPage('Open while we update', `<p>${FILLER} Open page: ascites.</p>${ADD_LINE}`),
    );
  });

  /** The page's frames by the id of their <iframe>. */
  async function framesById(page: Page): Promise<Record<string, Frame>> {
    const result: Record<string, Frame> = {};
    for (const frame of page.mainFrame().childFrames()) {
      const element = await frame.frameElement();
      const id = await element?.evaluate((node) => node.id);
      if (id) result[id] = frame;
    }
    return result;
  }

  it('same-origin, cross-origin, about:blank and srcdoc frames are each marked', async () => {
    const url = suite.server.href('/frames.html');
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url),
      openProbed(suite.plain, url),
    ]);
    await waitForSettled(page, { min: 1 });
    expect(await highlightTexts(page)).toEqual(['jaundice']);
    const frames = await framesById(page);
    const expected: Record<string, string[]> = {
      same: ['ascites'],
      cross: ['chemotherapy'],
      srcdoc: ['stent'],
      blank: ['radiotherapy'],
    };
    const seen: Record<string, string[]> = {};
    for (const id of Object.keys(expected)) {
      const frame = frames[id] as Frame;
      await waitForSettled(frame, { what: `the ${id} frame` });
      seen[id] = await marks(frame);
    }
    expect(seen).toEqual(expected);
    const baseFrames = await framesById(baseline);
    await expectSameDom(page, baseline);
    for (const id of Object.keys(expected))
      await expectSameDom(frames[id] as Frame, baseFrames[id] as Frame);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  });

  it('a page restored from the back/forward cache is still marked and followed', async () => {
    const url = suite.server.href('/bf.html');
    const next = suite.server.href('/bf-next.html');
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url),
      openProbed(suite.plain, url),
    ]);
    await waitForSettled(page, { min: 1 });
    // history.back() rather than page.goBack(): a page restored from the cache fires no load event, which
    // Firefox's goBack would wait for.
    const roundTrip = async (p: Page) => {
      await p.goto(next);
      await p.evaluate(() => history.back()).catch(() => undefined);
      let shows: boolean[] = [];
      await waitUntil(
        async () => {
          const state = await p
            .evaluate(() => ({
              path: location.pathname,
              shows: (window as unknown as { __shows?: boolean[] }).__shows ?? [],
            }))
            .catch(() => null);
          shows = state?.shows ?? [];
          return state?.path === '/bf.html' && shows.length > 0;
        },
        { what: 'the page to come back' },
      );
      return (await p.evaluate('window.__shows')) as boolean[];
    };
    const [shows, baseShows] = await Promise.all([roundTrip(page), roundTrip(baseline)]);
    console.log(
      `[${kind}] back/forward cache: restored with us ${JSON.stringify(shows)}, without ${JSON.stringify(baseShows)}`,
    );
    // The extension does not keep the page out of the cache.
    expect(shows).toEqual(baseShows);
    await waitForSettled(page, { min: 1 });
    expect(await highlightTexts(page)).toEqual(['jaundice']);
    await Promise.all([
      page.evaluate("addLine('After coming back: stent.')"),
      baseline.evaluate("addLine('After coming back: stent.')"),
    ]);
    await waitUntil(async () => (await highlightTexts(page)).includes('stent'), {
      what: 'a change after the restore',
    });
    await expectSameDom(page, baseline);
    expect((await readProbe(page)).errors).toEqual([]);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  });

  it('the extension updated while a page is open: the old script stops cleanly, the new one marks', async () => {
    const url = suite.server.href('/update.html');
    const page = await openProbed(suite.tb, url);
    const errors = collectConsoleErrors(page);
    await waitForSettled(page, { min: 1 });
    expect(await highlightTexts(page)).toEqual(['ascites']);
    const [old] = await answeringCopies(page);
    expect(old).toBeDefined();
    await suite.tb.browser.installExtension(EXTENSION_DIRS[kind]);
    // The old copy notices (it checks once a second) and stops; in Firefox a new copy starts in the open page.
    await waitUntil(
      async () => {
        const copies = await answeringCopies(page);
        if (kind !== 'firefox') return copies.length === 0;
        return copies.length === 1 && copies[0]?.copy !== old?.copy;
      },
      { what: 'the old copy to stop and the new one to start' },
    );
    if (kind === 'firefox') await waitForIdle(page, { until: (s) => s.scans > 0 });
    await page.evaluate("addLine('Added after the update: stent.')");
    // Only a new copy can follow the change: in Chromium there is none in this page.
    if (kind === 'firefox') await waitForSettled(page, { min: 2 });
    const afterUpdate = (await highlightTexts(page)).sort();
    console.log(`[${kind}] after the update, the open page shows ${JSON.stringify(afterUpdate)}`);
    // Firefox runs the new copy in open pages (it follows the change); Chromium does not inject into open pages,
    // so the old copy must have taken its marks away (none left that nobody follows) until the next load.
    expect(afterUpdate).toEqual(kind === 'firefox' ? ['ascites', 'stent'] : []);
    // The next load is marked by the new copy.
    await page.reload();
    await waitForSettled(page, { min: 1 });
    expect(await highlightTexts(page)).toEqual(['ascites']);
    expect(errors).toEqual([]);
    expect((await readProbe(page)).errors).toEqual([]);
    const baseline = await openProbed(suite.plain, url);
    await expectSameDom(page, baseline);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  });
});
