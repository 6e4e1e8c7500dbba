/**
 * The card and the keyboard path, in Chromium and Firefox with the built extension: a click on a term opens the
 * card with its definition, the closing rules, links keep working unless Alt is held, the keyboard commands move a
 * "current" mark and the focus comes back; plus the screenshots for the README.
 *
 * The card lives in a closed shadow root. Its text is checked with the browser's find-in-page (which searches
 * shadow trees) in both browsers, and in Chromium also through the accessibility tree (role, label).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_HIGHLIGHT } from '../../entrypoints/content/constants.ts';
import { corePack } from '../../glossary/index.ts';
import { PROJECT_ROOT } from '../../scripts/paths.ts';
import { DEFAULT_SETTINGS } from '../../utils/settings.ts';
import {
  activeElementName,
  dialogText,
  hostCount,
  pageShowsText,
  sendToTab,
  storeSettings,
  waitUntil,
  wordCentre,
} from './content-helpers.ts';
import {
  domSnapshot,
  launchTestBrowser,
  readHighlights,
  saveScreenshot,
  SEED_PAGE_PATH,
  settled,
  SHARED_DIR,
  sharedAvailable,
  startServer,
  TEST_BROWSERS,
  waitForHighlights,
  type TestBrowser,
} from './harness.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

const hasShared = sharedAvailable();
if (!hasShared)
  console.warn(`Skipping the screenshots of the source document: ${SHARED_DIR} is absent.`);

/** The start of an entry's short definition: text that is on the page only while its card is open. */
function definitionOf(id: string): string {
  const entry = corePack.entries.find((item) => item.id === id);
  if (!entry) throw new Error(`no entry ${id}`);
  return entry.short.slice(0, 40);
}

const JAUNDICE = definitionOf('jaundice');
const ASCITES = definitionOf('ascites');
const CHEMO = definitionOf('chemotherapy');
const CT = definitionOf('ct-scan');

describe.each(TEST_BROWSERS)('%s', (kind) => {
  let server: Server;
  let tb: TestBrowser;

  beforeAll(async () => {
    server = await startServer();
    tb = await launchTestBrowser(kind);
  });

  afterAll(async () => {
    await tb?.close();
    await server?.close();
  });

  async function openLinksPage(): Promise<Page> {
    const page = await tb.newPage();
    await page.goto(new URL('/fixtures/content-links.html', server.url).href);
    await waitForHighlights(page, { minRanges: 4 });
    return page;
  }

  const shows = (page: Page, text: string) => () => pageShowsText(page, text);

  async function clickWord(page: Page, selector: string, word: string, modifiers: string[] = []) {
    const { x, y } = await wordCentre(page, selector, word);
    for (const key of modifiers) await page.keyboard.down(key as 'Alt');
    await page.mouse.click(x, y);
    for (const key of modifiers) await page.keyboard.up(key as 'Alt');
  }

  it('opens the card with the definition on a click, and closes it with Esc', async () => {
    const page = await openLinksPage();
    expect(await pageShowsText(page, JAUNDICE)).toBe(false);
    await clickWord(page, '#intro', 'jaundice');
    await waitUntil(shows(page, JAUNDICE), { what: 'the card' });
    expect(await hostCount(page)).toBe(1);
    if (kind === 'chromium') {
      const dialog = await dialogText(page);
      expect(dialog?.label).toBe('jaundice');
      expect(dialog?.text).toContain(JAUNDICE);
    }
    await page.keyboard.press('Escape');
    await waitUntil(async () => !(await pageShowsText(page, JAUNDICE)), { what: 'Esc to close' });
    await page.close();
  });

  it('closes on a second click on the term and on a click elsewhere', async () => {
    const page = await openLinksPage();
    await clickWord(page, '#intro', 'CT scan');
    await waitUntil(shows(page, CT), { what: 'the card' });
    await clickWord(page, '#intro', 'CT scan');
    await waitUntil(async () => !(await pageShowsText(page, CT)), {
      what: 'a second click to close',
    });
    await clickWord(page, '#intro', 'CT scan');
    await waitUntil(shows(page, CT), { what: 'the card again' });
    await clickWord(page, '#plain', 'medical');
    await waitUntil(async () => !(await pageShowsText(page, CT)), {
      what: 'an outside click to close',
    });
    await page.close();
  });

  it('lets links work as links, and explains their terms with Alt+click', async () => {
    const page = await openLinksPage();
    await clickWord(page, '#link', 'ascites');
    await waitUntil(async () => (await page.evaluate(() => location.hash)) === '#followed', {
      what: 'the link to be followed',
    });
    expect(await pageShowsText(page, ASCITES)).toBe(false);
    await page.evaluate(() => history.replaceState(null, '', '#'));
    await clickWord(page, '#link', 'ascites', ['Alt']);
    await waitUntil(shows(page, ASCITES), { what: 'Alt+click to open the card' });
    expect(await page.evaluate(() => location.hash)).toBe('');
    await page.close();
  });

  it('moves through the terms with the keyboard commands and gives the focus back', async () => {
    const page = await openLinksPage();
    const current = async () => (await readHighlights(page))[CURRENT_HIGHLIGHT] ?? [];
    await page.focus('#focus-me');
    await sendToTab(tb, page, 'runCommand', { command: 'next-term' });
    await waitUntil(async () => (await current()).length === 1, { what: 'a current term' });
    expect(await current()).toEqual(['jaundice']);
    // Focus first: Firefox's find-in-page (used to read the card below) moves the focus itself.
    expect(await activeElementName(page)).toBe('medical-jargon-ui');
    await page.keyboard.press('Escape');
    await waitUntil(async () => (await activeElementName(page)) === 'button#focus-me', {
      what: 'the focus to come back after Esc',
    });
    expect(await pageShowsText(page, JAUNDICE)).toBe(false);
    await sendToTab(tb, page, 'runCommand', { command: 'next-term' });
    await waitUntil(shows(page, CT), { what: 'the next term’s card' });
    expect(await current()).toEqual(['CT scan']);
    await sendToTab(tb, page, 'runCommand', { command: 'previous-term' });
    await waitUntil(shows(page, JAUNDICE), { what: 'the previous term’s card' });
    expect(await current()).toEqual(['jaundice']);
    await page.close();
  });

  it('explains a selection, says when it has no glossary word, and reveals a term for the popup', async () => {
    const page = await openLinksPage();
    const select = (id: string) =>
      page.evaluate((elementId) => {
        const element = document.getElementById(elementId) as HTMLElement;
        document.getSelection()?.selectAllChildren(element);
      }, id);
    await select('later');
    await sendToTab(tb, page, 'runCommand', { command: 'explain-selection' });
    await waitUntil(shows(page, CHEMO), { what: 'the selection’s card' });
    await page.keyboard.press('Escape');
    await select('plain');
    await sendToTab(tb, page, 'runCommand', { command: 'explain-selection' });
    await waitUntil(shows(page, 'No glossary word found'), { what: 'the “none found” card' });
    await page.keyboard.press('Escape');
    expect(await sendToTab(tb, page, 'explainText', { text: 'jaundice again' })).toBe(true);
    await waitUntil(shows(page, JAUNDICE), { what: 'the context menu’s card' });
    await page.keyboard.press('Escape');
    expect(await sendToTab(tb, page, 'revealTerm', { entryId: 'chemotherapy' })).toBe(true);
    await waitUntil(shows(page, CHEMO), { what: 'the revealed term’s card' });
    expect((await readHighlights(page))[CURRENT_HIGHLIGHT]).toEqual(['chemotherapy']);
    await page.close();
  });

  it('shows a help cursor over terms, and only there', async () => {
    const page = await openLinksPage();
    const cursorAt = (point: { x: number; y: number }) =>
      page.evaluate(({ x, y }) => {
        const element = document.elementFromPoint(x, y);
        return element ? getComputedStyle(element).cursor : '';
      }, point);
    const term = await wordCentre(page, '#intro', 'jaundice');
    const plain = await wordCentre(page, '#plain', 'medical');
    await page.mouse.move(term.x, term.y);
    await waitUntil(async () => (await cursorAt(term)) === 'help', { what: 'a help cursor' });
    await page.mouse.move(plain.x, plain.y);
    await waitUntil(async () => (await cursorAt(plain)) !== 'help', {
      what: 'the cursor to go back',
    });
    await page.close();
  });

  it('closes the card when its term is scrolled out of view', async () => {
    const page = await openLinksPage();
    await clickWord(page, '#intro', 'jaundice');
    await waitUntil(shows(page, JAUNDICE), { what: 'the card' });
    await page.evaluate(() => window.scrollTo(0, 2000));
    await waitUntil(async () => !(await pageShowsText(page, JAUNDICE)), {
      what: 'scrolling away to close the card',
    });
    await page.close();
  });

  it('works with the keyboard alone: More, and a related word', async () => {
    const page = await openLinksPage();
    const more = corePack.entries.find((entry) => entry.id === 'jaundice')?.more?.slice(0, 40);
    expect(more).toBeTruthy();
    const openJaundiceWithFocus = async () => {
      await sendToTab(tb, page, 'revealTerm', { entryId: 'jaundice' });
      await waitUntil(async () => (await activeElementName(page)) === 'medical-jargon-ui', {
        what: 'the focus in the card',
      });
    };
    // The card's controls in order: Close, More, then the related words (bile first). There is no offline voice
    // in these browsers, so no Listen button. (Reading the page with find-in-page moves the focus in Firefox, so
    // each path is typed in full before looking.)
    await openJaundiceWithFocus();
    for (const key of ['Tab', 'Tab', 'Enter'] as const) await page.keyboard.press(key);
    await waitUntil(shows(page, more!), { what: 'More to show the longer explanation' });
    await page.keyboard.press('Escape');
    await openJaundiceWithFocus();
    for (const key of ['Tab', 'Tab', 'Tab', 'Enter'] as const) await page.keyboard.press(key);
    await waitUntil(shows(page, definitionOf('bile')), { what: 'the related word’s card' });
    await page.close();
  });

  it.runIf(kind === 'chromium')('switches the card to a related word', async () => {
    const page = await openLinksPage();
    await clickWord(page, '#intro', 'jaundice');
    await waitUntil(shows(page, JAUNDICE), { what: 'the card' });
    const related = await page.$('::-p-aria([name="bile"][role="button"])');
    expect(related).not.toBeNull();
    await related!.click();
    await waitUntil(async () => (await dialogText(page))?.label === 'bile', {
      what: 'the card to show the related word',
    });
    expect((await dialogText(page))?.text).toContain(definitionOf('bile'));
    await page.close();
  });

  it('follows the settings: open on hover, text size and theme', async () => {
    await storeSettings(tb, {
      ...DEFAULT_SETTINGS,
      openCardOn: 'hover',
      hoverDelayMs: 200,
      cardFontSize: 22,
      theme: 'dark',
    });
    try {
      const page = await openLinksPage();
      const { x, y } = await wordCentre(page, '#intro', 'jaundice');
      await page.mouse.move(x, y);
      await waitUntil(shows(page, JAUNDICE), { what: 'the card to open on hover' });
      if (kind === 'chromium') {
        const dialog = await page.$('::-p-aria([role="dialog"])');
        const look = await dialog!.evaluate((element) => {
          const style = getComputedStyle(element);
          return { fontSize: style.fontSize, background: style.backgroundColor };
        });
        expect(look.fontSize).toBe('22px');
        // The dark theme's background (#1f2530).
        expect(look.background).toBe('rgb(31, 37, 48)');
      }
      await page.close();
    } finally {
      await storeSettings(tb, null);
    }
  });

  it('shows a styled card on a page whose CSP forbids inline styles', async () => {
    const page = await tb.newPage();
    await page.goto(new URL('/fixtures/content-csp.html', server.url).href);
    await waitForHighlights(page, { minRanges: 1 });
    const { x, y } = await wordCentre(page, '#intro', 'jaundice');
    await page.mouse.click(x, y);
    await waitUntil(shows(page, JAUNDICE), { what: 'the card' });
    // Styled, the card floats just under the word; unstyled, it would sit in the flow at the end of the page.
    const under = await page.evaluate(
      ({ px, py }) => document.elementFromPoint(px + 20, py + 40)?.nodeName.toLowerCase(),
      { px: x, py: y },
    );
    expect(under).toBe('medical-jargon-ui');
    await page.close();
  });

  it('adds only its host element, even with a card open', async () => {
    const page = await openLinksPage();
    const before = await domSnapshot(page);
    await clickWord(page, '#intro', 'jaundice');
    await waitUntil(shows(page, JAUNDICE), { what: 'the card' });
    const after = await domSnapshot(page);
    expect(after.hostCount).toBe(1);
    expect(after.html).toBe(before.html);
    // The host's shadow root is closed: the page cannot reach into the card.
    expect(
      await page.evaluate(() => document.querySelector('medical-jargon-ui')?.shadowRoot ?? null),
    ).toBeNull();
    await page.close();
  });

  it.skipIf(!hasShared)('takes screenshots of the source document, light and dark', async () => {
    const page = await tb.newPage();
    await page.setViewport({ width: 1000, height: 760 });
    const schemes: Array<'light' | 'dark'> = ['light', 'dark'];
    for (const scheme of schemes) {
      try {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      } catch {
        if (scheme === 'dark') {
          console.warn(`[${kind}] cannot emulate a dark colour scheme: dark screenshots skipped`);
          break;
        }
      }
      await page.goto(new URL(SEED_PAGE_PATH, server.url).href);
      await waitForHighlights(page, { minRanges: 50 });
      await settled(page);
      const highlights = await saveScreenshot(page, kind, `seed-highlights-${scheme}`, {
        fullPage: false,
      });
      const { x, y } = await wordCentre(page, 'body', 'jaundice');
      await page.mouse.click(x, y);
      await waitUntil(shows(page, JAUNDICE), { what: 'the card' });
      await settled(page);
      const card = await saveScreenshot(page, kind, `seed-card-${scheme}`, { fullPage: false });
      if (kind === 'chromium') {
        const docs = resolve(PROJECT_ROOT, 'docs/screenshots');
        mkdirSync(docs, { recursive: true });
        copyFileSync(highlights, resolve(docs, `page-highlights-${scheme}.png`));
        copyFileSync(card, resolve(docs, `page-card-${scheme}.png`));
      }
      await page.keyboard.press('Escape');
    }
    await page.close();
  });
});
