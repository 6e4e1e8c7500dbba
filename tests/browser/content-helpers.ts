/**
 * Helpers for the content-script browser tests: sending the extension's messages to a tab, pointing at a word,
 * seeing the card (in Chromium through the accessibility tree, which reaches into our closed shadow root; in both
 * browsers through the browser's own find-in-page, which searches rendered text including shadow trees).
 */
import type { Frame, Page } from 'puppeteer-core';
import type { ProtocolMap } from '../../utils/messages.ts';
import { HANG_GUARD_MS } from './extension-state.ts';
import { HOST_SELECTOR, readHighlights, type TestBrowser } from './harness.ts';

type MessageName = keyof ProtocolMap;

/** Sends one of our protocol's messages to the page's tab (top frame), as the popup or the background would. */
export async function sendToTab<K extends MessageName>(
  tb: TestBrowser,
  page: Page,
  type: K,
  data: Parameters<ProtocolMap[K]>[0],
): Promise<unknown> {
  const sender = await extensionPage(tb);
  await page.bringToFront();
  const reply = await sender.evaluate(
    async (messageType, messageData) => {
      interface TabsApi {
        tabs: {
          query(query: object): Promise<{ id?: number }[]>;
          sendMessage(
            tabId: number,
            message: unknown,
            options: { frameId: number },
          ): Promise<unknown>;
        };
      }
      // Firefox's `browser` returns promises; Chromium's `chrome` does too in MV3.
      const scope = globalThis as unknown as { browser?: TabsApi; chrome?: TabsApi };
      const api = (scope.browser ?? scope.chrome) as TabsApi;
      const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id === undefined) throw new Error('no active tab');
      // The @webext-core/messaging wire format.
      const message = {
        id: Date.now(),
        type: messageType,
        data: messageData,
        timestamp: Date.now(),
      };
      return (await api.tabs.sendMessage(tab.id, message, { frameId: 0 })) as unknown;
    },
    type,
    data as unknown as string,
  );
  const { res, err } = (reply ?? {}) as { res?: unknown; err?: unknown };
  if (err) throw new Error(`${type} failed: ${JSON.stringify(err)}`);
  return res;
}

/** Writes the settings object to `storage.sync` as the options page does (null removes it: defaults again). */
export async function storeSettings(
  tb: TestBrowser,
  settings: Record<string, unknown> | null,
): Promise<void> {
  const sender = await extensionPage(tb);
  await sender.evaluate(async (value) => {
    interface SyncArea {
      set(items: object): Promise<void>;
      remove(key: string): Promise<void>;
    }
    const scope = globalThis as unknown as {
      browser?: { storage: { sync: SyncArea } };
      chrome?: { storage: { sync: SyncArea } };
    };
    const sync = (scope.browser ?? scope.chrome)!.storage.sync;
    if (value) await sync.set({ settings: value });
    else await sync.remove('settings');
  }, settings);
}

const senders = new WeakMap<TestBrowser, Promise<Page>>();
function extensionPage(tb: TestBrowser): Promise<Page> {
  let sender = senders.get(tb);
  if (!sender) {
    sender = tb.openExtensionPage('options.html');
    senders.set(tb, sender);
  }
  return sender;
}

/** The centre of the `occurrence`-th appearance of `word` in the text under `selector` (scrolled into view). */
export async function wordCentre(
  page: Page,
  selector: string,
  word: string,
  occurrence = 0,
): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(
    (sel, target, nth) => {
      const root = document.querySelector(sel);
      if (!root) return null;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node as Text;
        let at = text.data.indexOf(target);
        while (at >= 0) {
          if (seen++ === nth) {
            const range = document.createRange();
            range.setStart(text, at);
            range.setEnd(text, at + target.length);
            text.parentElement?.scrollIntoView({ block: 'center' });
            const rect = range.getBoundingClientRect();
            return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
          }
          at = text.data.indexOf(target, at + 1);
        }
      }
      return null;
    },
    selector,
    word,
    occurrence,
  );
  if (!point) throw new Error(`"${word}" not found under ${selector}`);
  return point;
}

/**
 * True when the page shows `text` anywhere, our closed shadow root included: the browser's find-in-page
 * (`window.find`) searches rendered text in shadow trees. The selection it makes is cleared again.
 */
export function pageShowsText(page: Page, text: string): Promise<boolean> {
  return page.evaluate((needle) => {
    const find = (
      window as unknown as { find(s: string, c: boolean, b: boolean, w: boolean): boolean }
    ).find;
    const selection = document.getSelection();
    selection?.removeAllRanges();
    const found = find.call(window, needle, true, false, true);
    selection?.removeAllRanges();
    return found;
  }, text);
}

/**
 * Waits until `check` returns true, polling. The time limit guards against a condition that never comes true; it is
 * not a measure of how quickly it does (a slow machine is allowed to be slow).
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  { timeoutMs = HANG_GUARD_MS, what = 'condition' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Chromium only: the open dialog's accessible name and text, read through the accessibility tree. */
export async function dialogText(page: Page): Promise<{ label: string; text: string } | null> {
  const dialog = await page.$('::-p-aria([role="dialog"])');
  if (!dialog) return null;
  const result = await dialog.evaluate((element) => {
    const labelId = element.getAttribute('aria-labelledby');
    const root = element.getRootNode() as ShadowRoot | Document;
    const label = labelId ? (root.getElementById?.(labelId)?.textContent ?? '') : '';
    return { label, text: element.textContent ?? '' };
  });
  await dialog.dispose();
  return result;
}

/** The element the page sees as focused: our host while focus is in the card. */
export function activeElementName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    return active ? `${active.nodeName.toLowerCase()}${active.id ? `#${active.id}` : ''}` : '';
  });
}

/** The highlights of a frame, as range texts by name. */
export function frameHighlights(frame: Frame): Promise<Record<string, string[]>> {
  return readHighlights(frame);
}

export function hostCount(page: Page): Promise<number> {
  return page.evaluate((selector) => document.querySelectorAll(selector).length, HOST_SELECTOR);
}
