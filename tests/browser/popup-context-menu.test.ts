/**
 * The background's "Explain “…”" context menu and keyboard commands, in Chromium: browser menus and
 * shortcuts cannot be pressed by a test, so the test dispatches the events the browser would fire to the
 * service worker (Chromium's extension events have a `dispatch` method; Firefox's do not, so it is skipped
 * there). What happens next, in the page and the popup, is real.
 */
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchTestBrowser,
  readHighlights,
  startServer,
  TEST_BROWSERS,
  type TestBrowser,
} from './harness.ts';
import { openKnownPage, waitFor } from './popup-helpers.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

/** The part of Chromium's extension API used in the service worker; events there can be dispatched. */
interface WorkerApi {
  tabs: { query(filter: object): Promise<unknown[]> };
  contextMenus: { onClicked: { dispatch(info: object, tab: unknown): void } };
  commands: { onCommand: { dispatch(name: string, tab: unknown): void } };
}

describe.runIf(TEST_BROWSERS.includes('chromium'))('chromium background', () => {
  let server: Server;
  let tb: TestBrowser;
  let page: Page;
  let worker: WebWorker;

  beforeAll(async () => {
    server = await startServer();
    tb = await launchTestBrowser('chromium');
    page = await openKnownPage(tb, server.url);
    const target = await tb.browser.waitForTarget(
      (candidate) =>
        candidate.type() === 'service_worker' &&
        candidate.url().startsWith(tb.extensionOrigin ?? '-'),
    );
    const found = await target.worker();
    if (!found) throw new Error('No service worker');
    worker = found;
  });

  afterAll(async () => {
    await tb?.close();
    await server?.close();
  });

  /** Fires the context menu's click as Chromium would, for selected text in the known page's tab. */
  function clickMenu(selectionText: string): Promise<void> {
    return worker.evaluate(async (text) => {
      const chrome = (globalThis as unknown as { chrome: WorkerApi }).chrome;
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      chrome.contextMenus.onClicked.dispatch(
        { menuItemId: 'explain-selection', selectionText: text, frameId: 0, editable: false },
        tab,
      );
    }, selectionText);
  }

  const currentMark = async (): Promise<string[]> =>
    (await readHighlights(page, 'medical-jargon-current'))['medical-jargon-current'] ?? [];

  it('opens the card on the page for a glossary word in the selection', async () => {
    await page.bringToFront();
    expect(await page.$('medical-jargon-ui')).toBeNull();
    await clickMenu('the ascites');
    await waitFor('the card’s host element', async () =>
      (await page.$('medical-jargon-ui')) ? true : undefined,
    );
  });

  it('opens the popup with a search when the selection has no glossary word', async () => {
    await page.bringToFront();
    await clickMenu('blorft');
    const popup = await waitFor('the popup', async () => {
      const target = tb.browser
        .targets()
        .find((candidate) => candidate.url().startsWith(`${tb.extensionOrigin}popup.html`));
      return target ? ((await target.asPage()) ?? undefined) : undefined;
    });
    await waitFor('the search box to hold the selection', async () =>
      (await popup.$eval('input[type="search"]', (input) => input.value)) === 'blorft'
        ? true
        : undefined,
    );
    await popup.close();
  });

  it('forwards the next-word command to the page', async () => {
    await page.bringToFront();
    const before = await currentMark();
    await worker.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: WorkerApi }).chrome;
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      chrome.commands.onCommand.dispatch('next-term', tab);
    });
    await waitFor('a current mark that moved', async () => {
      const now = await currentMark();
      return now.length === 1 && now.join() !== before.join() ? true : undefined;
    });
  });

  it('sent no request beyond 127.0.0.1', () => {
    expect(tb.externalRequests()).toEqual([]);
  });
});
