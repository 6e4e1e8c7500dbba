/**
 * What the popup and settings tests share: finding the tab of the known page, opening the popup for it,
 * reading what the content script reports, and running axe-core on an extension page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { compileGlossary } from '../../glossary/matcher';
import { bundledPacks, entriesOf } from '../../glossary/index';
import type { PageTermsReport } from '../../utils/messages';
import { HANG_GUARD_MS } from './extension-state.ts';
import { readHighlights, waitForHighlights, type TestBrowser } from './harness.ts';

export const KNOWN_PAGE = '/fixtures/popup-known-page.html';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The part of the extension API the helpers call inside extension pages. */
interface TabsApi {
  tabs: {
    query(filter: object): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: unknown, options: { frameId: number }): Promise<unknown>;
  };
}

/** Waits until `check` returns a value that is not undefined/false, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = HANG_GUARD_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Opens the known page in a new tab and waits for its first marks. */
export async function openKnownPage(tb: TestBrowser, serverUrl: string): Promise<Page> {
  const page = await tb.newPage();
  await page.goto(new URL(KNOWN_PAGE, serverUrl).href);
  await waitForHighlights(page);
  return page;
}

/**
 * Sends a typed-protocol message from an extension page to a tab's top frame, in the format of
 * @webext-core/messaging, and returns the answer (undefined when nothing answers).
 */
export function askTab<T>(
  extensionPage: Page,
  tabId: number,
  type: string,
): Promise<T | undefined> {
  return extensionPage.evaluate(
    async (id, messageType) => {
      const api = ((globalThis as { browser?: unknown }).browser ??
        (globalThis as { chrome?: unknown }).chrome) as TabsApi;
      try {
        const reply = (await api.tabs.sendMessage(
          id,
          { id: 1, type: messageType, timestamp: Date.now() },
          { frameId: 0 },
        )) as { res?: unknown } | undefined;
        return reply?.res as never;
      } catch {
        return undefined as never;
      }
    },
    tabId,
    type,
  ) as Promise<T | undefined>;
}

/** The id of the one tab whose content script reports terms (the known page must be the only such page open). */
export async function findPageTabId(extensionPage: Page): Promise<number> {
  return waitFor('the known page’s tab to answer', async () => {
    const ids = await extensionPage.evaluate(async () => {
      const api = ((globalThis as { browser?: unknown }).browser ??
        (globalThis as { chrome?: unknown }).chrome) as TabsApi;
      return (await api.tabs.query({})).map((tab) => tab.id ?? -1);
    });
    for (const id of ids) {
      // Blank tabs answer too (the content script runs in about:blank), with no terms.
      const report =
        id >= 0 ? await askTab<PageTermsReport>(extensionPage, id, 'getPageTerms') : undefined;
      if (report && report.terms.length > 0) return id;
    }
    return undefined;
  });
}

/** Opens popup.html for the tab of `page` (as the toolbar button would, but in a tab). */
export async function openPopupFor(tb: TestBrowser): Promise<{ popup: Page; tabId: number }> {
  const finder = await tb.openExtensionPage('popup.html');
  const tabId = await findPageTabId(finder);
  await finder.close();
  const popup = await tb.openExtensionPage(`popup.html?tab=${tabId}`);
  await popup.setViewport({ width: 360, height: 640 });
  return { popup, tabId };
}

/** The entries and counts the content script should report for the text of the page's blocks. */
export async function expectedTerms(page: Page): Promise<Map<string, number>> {
  const blocks = await page.evaluate(() =>
    [...document.querySelectorAll('h1, p')].map((element) => element.textContent ?? ''),
  );
  const matcher = compileGlossary(entriesOf(bundledPacks));
  const counts = new Map<string, number>();
  for (const block of blocks) {
    for (const match of matcher.find(block)) {
      counts.set(match.entryId, (counts.get(match.entryId) ?? 0) + 1);
    }
  }
  return counts;
}

export interface ListedTerm {
  entryId: string;
  name: string;
  count: number;
}

/** The popup's "On this page" list as shown. */
export function listedTerms(popup: Page): Promise<ListedTerm[]> {
  return popup.$$eval('.mje-term-button', (buttons) =>
    buttons.map((button) => ({
      entryId: button.getAttribute('data-entry-id') ?? '',
      name: button.querySelector('.mje-term-name')?.textContent ?? '',
      count: Number.parseInt(button.querySelector('.mje-term-count')?.textContent ?? '', 10),
    })),
  );
}

/** Total ranges in our highlights on the page, read from the page's main world. */
export function markedCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    let count = 0;
    if (typeof CSS === 'undefined' || !('highlights' in CSS)) return 0;
    for (const [name, highlight] of CSS.highlights) {
      if (name === 'medical-jargon') count += highlight.size;
    }
    return count;
  });
}

/** Marked texts on the page, in highlight order. */
export async function markedTexts(page: Page): Promise<string[]> {
  return (await readHighlights(page))['medical-jargon'] ?? [];
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (WCAG 2.0–2.2 A and AA, plus best practices) on a page and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/** The toolbar badge's text for a tab, read from an extension page (`action`, or `browserAction` in MV2). */
export function badgeText(extensionPage: Page, tabId: number): Promise<string> {
  return extensionPage.evaluate(async (id) => {
    type BadgeApi = { getBadgeText(details: { tabId: number }): Promise<string> };
    const api = ((globalThis as { browser?: unknown }).browser ??
      (globalThis as { chrome?: unknown }).chrome) as {
      action?: BadgeApi;
      browserAction?: BadgeApi;
    };
    const button = api.action ?? api.browserAction;
    return button ? button.getBadgeText({ tabId: id }) : 'no toolbar button API';
  }, tabId);
}
