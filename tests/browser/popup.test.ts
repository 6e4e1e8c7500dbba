/**
 * The toolbar popup in Chromium and Firefox, opened as a page for the tab of a known page: the list of words
 * on the page, clicking through to the page, live updates, search, pause and resume, and axe-core.
 */
import { HANG_GUARD_MS } from './extension-state.ts';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageTermsReport } from '../../utils/messages';
import {
  launchTestBrowser,
  readHighlights,
  saveScreenshot,
  startServer,
  TEST_BROWSERS,
  type TestBrowser,
} from './harness.ts';
import {
  askTab,
  axeViolations,
  badgeText,
  expectedTerms,
  listedTerms,
  markedCount,
  openKnownPage,
  openPopupFor,
  waitFor,
} from './popup-helpers.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

describe.each(TEST_BROWSERS)('%s popup', (kind) => {
  let server: Server;
  let tb: TestBrowser;
  let page: Page;
  let popup: Page;
  let tabId: number;

  beforeAll(async () => {
    server = await startServer();
    tb = await launchTestBrowser(kind);
    page = await openKnownPage(tb, server.url);
    ({ popup, tabId } = await openPopupFor(tb));
    await popup.waitForSelector('.mje-term-button', { timeout: HANG_GUARD_MS });
  });

  afterAll(async () => {
    await tb?.close();
    await server?.close();
  });

  it('lists the words on the page with their counts, in page order', async () => {
    const expected = await expectedTerms(page);
    const listed = await listedTerms(popup);
    expect(listed.length).toBeGreaterThanOrEqual(4);
    expect(new Map(listed.map((term) => [term.entryId, term.count]))).toEqual(expected);
    // Page order: "abdomen" comes first in the text, then "ascites", TACE, jaundice.
    const ids = listed.map((term) => term.entryId);
    for (const [earlier, later] of [
      ['abdomen', 'ascites'],
      ['ascites', 'tace'],
      ['tace', 'jaundice'],
    ] as const) {
      expect(ids.indexOf(earlier)).toBeLessThan(ids.indexOf(later));
    }
    expect(listed.find((term) => term.entryId === 'ascites')).toMatchObject({
      name: 'ascites',
      count: 3,
    });
    await saveScreenshot(popup, kind, 'popup-on-this-page');
  });

  it('shows the number of different words on the toolbar badge', async () => {
    const distinct = (await listedTerms(popup)).length;
    await waitFor(`the badge to read ${distinct}`, async () =>
      (await badgeText(popup, tabId)) === String(distinct) ? true : undefined,
    );
  });

  it('sorts the list A–Z and back', async () => {
    await popup.click('input[type="radio"][value="az"]');
    const names = (await listedTerms(popup)).map((term) => term.name);
    const sorted = [...names].sort((a, b) =>
      a.localeCompare(b, undefined, { sensitivity: 'base' }),
    );
    expect(names).toEqual(sorted);
    await popup.click('input[type="radio"][value="page"]');
    expect((await listedTerms(popup))[0]?.entryId).toBe('abdomen');
  });

  it('shows a word on the page when clicked, then its next occurrence', async () => {
    const currentText = async (): Promise<string[]> =>
      (await readHighlights(page, 'medical-jargon-current'))['medical-jargon-current'] ?? [];
    await popup.click('.mje-term-button[data-entry-id="jaundice"]');
    await waitFor('the first “jaundice” to be current', async () =>
      (await currentText()).join() === 'Jaundice' ? true : undefined,
    );
    const firstScroll = await page.evaluate(() => window.scrollY);
    await popup.click('.mje-term-button[data-entry-id="jaundice"]');
    // The second "Jaundice" is 3000 px further down: the page scrolls to it.
    await waitFor('the page to scroll to the second “jaundice”', async () =>
      (await page.evaluate(() => window.scrollY)) > firstScroll + 1000 ? true : undefined,
    );
    expect(await currentText()).toEqual(['Jaundice']);
    // The card opened on the page: our one host element is there.
    expect(await page.$('medical-jargon-ui')).not.toBeNull();
  });

  it('follows changes on the page while open', async () => {
    await page.evaluate(() => {
      const paragraph = document.createElement('p');
      paragraph.textContent = 'A stent can keep the bile duct open.';
      document.querySelector('main')?.append(paragraph);
    });
    await waitFor('the popup to list “stent”', async () =>
      (await listedTerms(popup)).some((term) => term.entryId === 'stent') ? true : undefined,
    );
  });

  it('searches the glossary with typos, from the keyboard', async () => {
    await popup.focus('input[type="search"]');
    await popup.keyboard.type('asites');
    const firstOption = await waitFor('search results', () =>
      popup.$eval('[role="option"][aria-selected="true"]', (option) => option.textContent ?? ''),
    );
    expect(firstOption).toContain('ascites');
    expect(await popup.$eval('.mje-search-card .mje-title', (title) => title.textContent)).toBe(
      'ascites',
    );
    // The "On this page" list gives way to the results while searching.
    expect(await popup.$('.mje-term-button')).toBeNull();

    await popup.keyboard.press('ArrowDown');
    const second = await popup.$eval(
      '[role="option"][aria-selected="true"]',
      (option) => option.id,
    );
    expect(
      await popup.$eval('input[type="search"]', (input) =>
        input.getAttribute('aria-activedescendant'),
      ),
    ).toBe(second);
    await popup.keyboard.press('ArrowUp');

    await popup.keyboard.press('Enter');
    expect(await popup.evaluate(() => document.activeElement?.classList.contains('mje-card'))).toBe(
      true,
    );
    await saveScreenshot(popup, kind, 'popup-search');

    const violations = await axeViolations(popup);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    await popup.keyboard.press('Escape');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('role'))).toBe(
      'combobox',
    );
    await popup.keyboard.press('Escape');
    expect(await popup.$eval('input[type="search"]', (input) => input.value)).toBe('');
    await popup.waitForSelector('.mje-term-button');
  });

  it.each([
    ['chemo embo', 'Transarterial chemoembolisation'],
    ['y90', 'yttrium 90'],
  ])('finds “%s”', async (query, term) => {
    await popup.click('input[type="search"]', { count: 3 });
    await popup.keyboard.type(query);
    await waitFor(`“${term}” first`, async () =>
      (await popup.$eval('.mje-search-card .mje-title', (title) => title.textContent)) === term
        ? true
        : undefined,
    );
    await popup.keyboard.press('Escape');
  });

  it('pauses everywhere and resumes: marks go and come back', async () => {
    const before = await markedCount(page);
    expect(before).toBeGreaterThan(0);
    await popup.click('input[name="pauseEverywhere"]');
    await waitFor('the marks to go', async () =>
      (await markedCount(page)) === 0 ? true : undefined,
    );
    await popup.waitForSelector('.mje-paused');
    const report = await askTab<PageTermsReport>(popup, tabId, 'getPageTerms');
    expect(report?.paused).toBe(true);

    await popup.click('input[name="pauseEverywhere"]');
    await waitFor('the marks to come back', async () =>
      (await markedCount(page)) === before ? true : undefined,
    );
    await popup.waitForSelector('.mje-term-button');
  });

  it('pauses on this site only, and resumes', async (context) => {
    // The popup learns the page's hostname from the content script (without the `tabs` permission it
    // cannot read the URL of a tab it was not opened over).
    if (!(await askTab(popup, tabId, 'getPageLocation'))) {
      console.warn('Skipped: the content script does not answer getPageLocation yet.');
      context.skip();
    }
    const siteBox = await waitFor('the “Pause on 127.0.0.1” box', () =>
      popup.$('input[name="pauseSite"]').then((box) => box ?? undefined),
    );
    expect(
      await popup.$eval('input[name="pauseSite"]', (box) => box.parentElement?.textContent),
    ).toContain('Pause on 127.0.0.1');
    const before = await markedCount(page);
    await siteBox.click();
    await waitFor('the marks to go', async () =>
      (await markedCount(page)) === 0 ? true : undefined,
    );
    // The popup re-renders with the paused sentence, which moves the box: click it where it is once settled.
    await popup.waitForSelector('.mje-paused');
    await popup.waitForSelector('input[name="pauseSite"]:checked');
    await popup.click('input[name="pauseSite"]');
    let last = -1;
    await waitFor('the marks to come back', async () => {
      last = await markedCount(page);
      return last === before ? true : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${last} marks, ${before} before`);
    });
  });

  it('has no axe-core violations', async () => {
    const violations = await axeViolations(popup);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  it.runIf(kind === 'chromium')('has no axe-core violations in the dark theme', async () => {
    await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    try {
      const background = await popup.evaluate(
        () => getComputedStyle(document.body).backgroundColor,
      );
      expect(background).not.toBe('rgb(255, 255, 255)');
      await saveScreenshot(popup, kind, 'popup-on-this-page-dark');
      const violations = await axeViolations(popup);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    } finally {
      await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    }
  });

  it('says so on a page where content scripts cannot run', async () => {
    const other = await tb.openExtensionPage('popup.html');
    const ownTabId = await other.evaluate(async () => {
      const api = ((globalThis as { browser?: unknown }).browser ??
        (globalThis as { chrome?: unknown }).chrome) as {
        tabs: { getCurrent(): Promise<{ id?: number } | undefined> };
      };
      return (await api.tabs.getCurrent())?.id ?? -1;
    });
    // A popup about a tab that is itself an extension page: no content script can answer there.
    const restricted = await tb.openExtensionPage(`popup.html?tab=${ownTabId}`);
    const note = await restricted.waitForSelector('.mje-unavailable', { timeout: HANG_GUARD_MS });
    expect(await note?.evaluate((element) => element.textContent)).toMatch(
      /browser’s own pages|cannot be read|has not started/,
    );
    expect(await restricted.$('.mje-term-button')).toBeNull();
    await Promise.all([other.close(), restricted.close()]);
  });

  it('sent no request beyond 127.0.0.1', () => {
    expect(tb.externalRequests()).toEqual([]);
  });
});
