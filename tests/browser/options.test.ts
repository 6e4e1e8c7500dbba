/**
 * The settings page in Chromium and Firefox: a change applies to an open tab at once, custom terms added in
 * the form are marked on the page, a malformed import is refused with its reason and changes nothing,
 * and axe-core finds no violation (light and dark).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchTestBrowser,
  saveScreenshot,
  startServer,
  TEST_BROWSERS,
  type TestBrowser,
} from './harness.ts';
import {
  axeViolations,
  badgeText,
  findPageTabId,
  markedCount,
  markedTexts,
  openKnownPage,
  waitFor,
} from './popup-helpers.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

/** Sets a text field the way typing does, so Preact's onInput runs. */
async function fill(page: Page, label: string, value: string): Promise<void> {
  const field = await labelled(page, label);
  await field.click({ count: 3 });
  await field.type(value);
}

/** The control whose <label> starts with `label`. */
async function labelled(page: Page, label: string): Promise<ElementHandle<HTMLElement>> {
  const id = await page.$$eval(
    'label',
    (labels, text) => labels.find((item) => item.textContent?.trim().startsWith(text))?.htmlFor,
    label,
  );
  if (!id) throw new Error(`No control labelled “${label}”`);
  const field = await page.$(`[id="${id}"]`);
  if (!field) throw new Error(`No element #${id}`);
  return field as ElementHandle<HTMLElement>;
}

describe.each(TEST_BROWSERS)('%s options', (kind) => {
  let server: Server;
  let tb: TestBrowser;
  let page: Page;
  let options: Page;

  beforeAll(async () => {
    server = await startServer();
    tb = await launchTestBrowser(kind);
    page = await openKnownPage(tb, server.url);
    options = await tb.openExtensionPage('options.html');
    await options.setViewport({ width: 900, height: 900 });
    await options.waitForSelector('input[name="enabledPacks"]');
  });

  afterAll(async () => {
    await tb?.close();
    await server?.close();
  });

  it('has no axe-core violations', async () => {
    await saveScreenshot(options, kind, 'options', { fullPage: false });
    const violations = await axeViolations(options);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  it('switches a glossary off and on, and the open tab follows at once', async () => {
    const before = await markedCount(page);
    expect(before).toBeGreaterThan(0);
    await options.click('input[name="enabledPacks"][value="core"]');
    await waitFor('the marks to go', async () =>
      (await markedCount(page)) === 0 ? true : undefined,
    );
    await options.waitForSelector('.mje-status:not(:empty)');
    await options.click('input[name="enabledPacks"][value="core"]');
    await waitFor('the marks to come back', async () =>
      (await markedCount(page)) === before ? true : undefined,
    );
  });

  it('turns the toolbar badge off and on', async () => {
    const tabId = await findPageTabId(options);
    const count = await waitFor(
      'a badge',
      async () => (await badgeText(options, tabId)) || undefined,
    );
    expect(count).toMatch(/^\d+$/);
    await options.click('input[name="showBadge"]');
    await waitFor('the badge to go', async () =>
      (await badgeText(options, tabId)) === '' ? true : undefined,
    );
    await options.click('input[name="showBadge"]');
    await waitFor('the badge to come back', async () =>
      (await badgeText(options, tabId)) === count ? true : undefined,
    );
  });

  it('lists a paused site and removes it from the list, and the open tab follows', async () => {
    const before = await markedCount(page);
    // Pause the site as the popup does, by storing it in the settings.
    await options.evaluate(async () => {
      type StorageApi = {
        storage: {
          sync: {
            get(key: string): Promise<Record<string, unknown>>;
            set(items: object): Promise<void>;
          };
        };
      };
      const api = ((globalThis as { browser?: unknown }).browser ??
        (globalThis as { chrome?: unknown }).chrome) as StorageApi;
      const stored = (await api.storage.sync.get('settings')).settings ?? {};
      await api.storage.sync.set({ settings: { ...stored, pausedSites: ['127.0.0.1'] } });
    });
    await waitFor('the marks to go', async () =>
      (await markedCount(page)) === 0 ? true : undefined,
    );
    const remove = await options.waitForSelector('button[aria-label="Stop pausing 127.0.0.1"]');
    expect(await options.$eval('.mje-site-list', (list) => list.textContent)).toContain(
      '127.0.0.1',
    );
    await remove?.click();
    await waitFor('the marks to come back', async () =>
      (await markedCount(page)) === before ? true : undefined,
    );
    expect(await options.$('.mje-site-list')).toBeNull();
  });

  it('adds a custom term that the open tab marks', async () => {
    expect(await markedTexts(page)).not.toContain('zebrafish');
    await fill(options, 'Word', 'zebrafish');
    await fill(options, 'Plain explanation', 'A small striped fish that people keep in tanks.');
    await options.click('.mje-term-form button[type="submit"]');
    await options.waitForSelector('.mje-custom-list');
    expect(await options.$eval('.mje-custom-list', (list) => list.textContent)).toContain(
      'zebrafish',
    );
    await waitFor('“zebrafish” to be marked', async () =>
      (await markedTexts(page)).includes('zebrafish') ? true : undefined,
    );
  });

  it('finds the custom term in the popup’s search, labelled as the user’s own', async () => {
    const popup = await tb.openExtensionPage('popup.html');
    await popup.waitForSelector('input[type="search"]');
    await popup.type('input[type="search"]', 'zebrafsh');
    const card = await popup.waitForSelector('.mje-search-card .mje-card');
    expect(await card?.$eval('.mje-title', (title) => title.textContent)).toBe('zebrafish');
    expect(await card?.$eval('.mje-credit', (credit) => credit.textContent)).toMatch(
      /Written by you/,
    );
    await popup.close();
  });

  it('refuses a term that clashes with the bundled glossary, naming the word', async () => {
    await fill(options, 'Word', 'fluid in the tummy');
    await fill(options, 'Other spellings', 'Ascites');
    await fill(options, 'Plain explanation', 'Fluid.');
    await options.click('.mje-term-form button[type="submit"]');
    const alert = await options.waitForSelector('.mje-term-form [role="alert"]');
    expect(await alert?.evaluate((element) => element.textContent)).toMatch(
      /“Ascites” is already a word in the bundled glossary/,
    );
    expect(await options.$$eval('.mje-custom-list li', (items) => items.length)).toBe(1);
  });

  it('refuses a malformed import with its reason and keeps the stored terms', async () => {
    const file = join(tmpdir(), `mje-bad-terms-${kind}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        format: 'medical-jargon-explainer/custom-terms',
        version: 1,
        terms: [{ id: 'port', term: 'port', category: 'care' }],
      }),
    );
    const input = (await options.$('input[type="file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await options.click('input[type="radio"][name$="-mode"]:not(:checked)'); // "Replace all"
    await options.click('.mje-transfer button[type="submit"]');
    const alert = await options.waitForSelector('.mje-transfer [role="alert"]');
    const text = (await alert?.evaluate((element) => element.textContent)) ?? '';
    expect(text).toContain('your terms are unchanged');
    expect(text).toMatch(/term 1 \(“port”\): short: is missing/);
    expect(text).toMatch(/term 1 \(“port”\): source: /);
    expect(await options.$eval('.mje-custom-list', (list) => list.textContent)).toContain(
      'zebrafish',
    );
    expect(await markedTexts(page)).toContain('zebrafish');
    const violations = await axeViolations(options);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  });

  it('switches to the dark theme, still without axe-core violations', async () => {
    await options.click('input[name="theme"][value="dark"]');
    await waitFor('the dark theme', () =>
      options.evaluate(() => document.body.classList.contains('mje-theme-dark') || undefined),
    );
    await saveScreenshot(options, kind, 'options-dark');
    const violations = await axeViolations(options);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await options.click('input[name="theme"][value="auto"]');
  });

  it('sent no request beyond 127.0.0.1', () => {
    expect(tb.externalRequests()).toEqual([]);
  });
});
