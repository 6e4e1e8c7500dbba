/**
 * Reliability, text: right-to-left text, CJK, emoji, combining marks, zero-width joiners and spaces and soft hyphens
 * inside terms, `<br>` in the middle of a phrase, `::before` content, `<details>` closed and open, `display: none`
 * and `visibility: hidden` blocks, and text that appears only after a slow web font loads, in Chromium and Firefox.
 * Each block's marks are checked exactly (by the block's id and the text of each range), the DOM equals the page's
 * without the extension, and nothing leaves 127.0.0.1.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { TERMS_HIGHLIGHT } from '../../entrypoints/content/constants.ts';
import { waitUntil } from './content-helpers.ts';
import { waitForIdle } from './extension-state.ts';
import { TEST_BROWSERS } from './harness.ts';
import {
  expectNoExternalRequests,
  expectSameDom,
  htmlPage,
  openProbed,
  readProbe,
  useSuite,
  type Suite,
} from './reliability-helpers.ts';

/** Any font file will do: the page waits for it, then shows its text (a system font, read at run time). */
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const FONT_BYTES = existsSync(FONT_FILE) ? readFileSync(FONT_FILE) : Buffer.from('not a font');
const FONT_DELAY_MS = 1500;

const TEXT_PAGE = htmlPage(
  'Strange text',
  `<h1>Strange text</h1>
<p id="rtl-ar" dir="rtl" lang="ar">المريض يعاني من jaundice و ascites اليوم.</p>
<p id="rtl-he" dir="rtl" lang="he">לחולה יש jaundice אחרי chemotherapy.</p>
<p id="cjk-spaced" lang="ja">患者は jaundice と診断された。</p>
<p id="cjk" lang="zh">检查发现ascites和jaundice。</p>
<p id="emoji">😀 jaundice 👍🏽 then ascites 👨‍👩‍👧 and a stent 🩺</p>
<p id="combining">The ja\u0301undice faded; e\u0301 then ascites.</p>
<p id="zero-width">ja\u200Bundice, asci\u200Dtes and chemo\u00ADtherapy</p>
<p id="br">The CT<br>scan, then jaundice.</p>
<p id="before" class="before">the liver</p>
<p id="before-split" class="before-split">therapy</p>
<details id="closed"><summary>More</summary><p id="in-closed">Hidden ascites.</p></details>
<details id="open" open><summary>Open</summary><p id="in-open">Shown stent.</p></details>
<p id="none" style="display:none">jaundice</p>
<div style="display:none"><p id="none-inside">ascites</p></div>
<p id="vis-hidden" style="visibility:hidden">chemotherapy</p>
<p id="slow-font" style="font-family: SlowFont, sans-serif">In a slow font: radiotherapy.</p>
<div id="later"></div>`,
  {
    head: `<style>
@font-face { font-family: SlowFont; src: url(/slow-font.ttf); font-display: block; }
.before::before { content: "jaundice "; }
.before-split::before { content: "chemo"; }
</style>
<script>
addEventListener('DOMContentLoaded', () => {
  document.fonts.load('16px SlowFont').then(() => {
    const p = document.createElement('p');
    p.id = 'after-fonts';
    p.style.fontFamily = 'SlowFont, sans-serif';
    p.textContent = 'After the fonts loaded: gallbladder.';
    document.getElementById('later').append(p);
    window.__fontsDone = true;
  });
});
</script>`,
  },
);

/** What must be marked: [block id, text of the range], in page order. */
const EXPECTED: [string, string][] = [
  ['rtl-ar', 'jaundice'],
  ['rtl-ar', 'ascites'],
  ['rtl-he', 'jaundice'],
  ['rtl-he', 'chemotherapy'],
  ['cjk-spaced', 'jaundice'],
  ['cjk', 'ascites'],
  ['cjk', 'jaundice'],
  ['emoji', 'jaundice'],
  ['emoji', 'ascites'],
  ['emoji', 'stent'],
  ['combining', 'ja\u0301undice'],
  ['combining', 'ascites'],
  ['zero-width', 'ja\u200Bundice'],
  ['zero-width', 'asci\u200Dtes'],
  ['zero-width', 'chemo\u00ADtherapy'],
  ['br', 'CT'],
  ['br', 'jaundice'],
  ['in-open', 'stent'],
  ['slow-font', 'radiotherapy'],
  ['after-fonts', 'gallbladder'],
];

/** Our ranges as [id of the nearest element with an id, range text], in page order. */
function markedBlocks(page: Page): Promise<[string, string][]> {
  return page.evaluate((name) => {
    const ranges = [...(CSS.highlights.get(name) ?? [])].map((range) => {
      const live = document.createRange();
      live.setStart(range.startContainer, range.startOffset);
      live.setEnd(range.endContainer, range.endOffset);
      return live;
    });
    ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    return ranges.map((range): [string, string] => [
      range.startContainer.parentElement?.closest('[id]')?.id ?? '',
      range.toString(),
    ]);
  }, TERMS_HIGHLIGHT);
}

describe.each(TEST_BROWSERS)('%s', (kind) => {
  const suite: Suite = useSuite(kind, ({ server }) => {
    server.route('/text.html', TEXT_PAGE);
    server.route('/slow-font.ttf', {
      body: FONT_BYTES,
      type: 'font/ttf',
      delayMs: FONT_DELAY_MS,
    });
  });

  it('marks strange text exactly: scripts, emoji, marks, joiners, breaks, generated and hidden text, late fonts', async () => {
    const url = suite.server.href('/text.html');
    const [page, baseline] = await Promise.all([
      openProbed(suite.tb, url, { waitUntil: 'domcontentloaded' }),
      openProbed(suite.plain, url, { waitUntil: 'domcontentloaded' }),
    ]);
    const fontsDone = (p: Page) =>
      waitUntil(
        () =>
          p.evaluate(() => (window as unknown as { __fontsDone?: boolean }).__fontsDone === true),
        {
          what: 'the slow font',
        },
      );
    await Promise.all([fontsDone(page), fontsDone(baseline)]);
    await waitUntil(async () => (await markedBlocks(page)).some(([id]) => id === 'after-fonts'), {
      what: 'the text after the fonts to be marked',
    });
    await waitForIdle(page);
    expect(await markedBlocks(page)).toEqual(EXPECTED);

    // Opening the closed <details> shows its text: it is marked then.
    const open = "document.getElementById('closed').open = true";
    await Promise.all([page.evaluate(open), baseline.evaluate(open)]);
    await waitUntil(async () => (await markedBlocks(page)).some(([id]) => id === 'in-closed'), {
      what: 'the opened <details> to be marked',
    });
    expect((await markedBlocks(page)).filter(([id]) => id === 'in-closed')).toEqual([
      ['in-closed', 'ascites'],
    ]);

    await expectSameDom(page, baseline);
    expect((await readProbe(page)).errors).toEqual([]);
    await Promise.all([page.close(), baseline.close()]);
    expectNoExternalRequests(suite);
  });
});
