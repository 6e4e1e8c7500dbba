/**
 * Helpers for the content-script browser tests: sending the extension's messages to a tab, pointing at a word,
 * seeing the card (in Chromium through the accessibility tree, which reaches into our closed shadow root; in both
 * browsers through the browser's own find-in-page, which searches rendered text including shadow trees), and timing
 * the first pass.
 */
import type { Frame, Page } from 'puppeteer-core';
import type { ProtocolMap } from '../../utils/messages.ts';
import { HIGHLIGHT_PREFIX, HOST_SELECTOR, readHighlights, type TestBrowser } from './harness.ts';

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

/** Waits until `check` returns true, polling. */
export async function waitUntil(
  check: () => Promise<boolean>,
  { timeoutMs = 5000, what = 'condition' } = {},
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

/**
 * Installed before a page loads: watches the number of highlighted ranges and how late timers fire. A timer that
 * fires late means a task ran that long; Chromium also reports `longtask` entries.
 */
export const TIMING_PROBE = `(() => {
  const state = { size: 0, firstAt: null, doneAt: null, gaps: [], longTasks: [] };
  window.__jargonTiming = state;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last > 30) state.gaps.push({ at: last, ms: now - last });
    last = now;
    const highlight = typeof CSS !== 'undefined' && CSS.highlights ? CSS.highlights.get('${HIGHLIGHT_PREFIX}') : undefined;
    const size = highlight ? highlight.size : 0;
    if (size !== state.size) {
      state.size = size;
      state.doneAt = now;
      if (state.firstAt === null && size > 0) state.firstAt = now;
    }
  };
  setInterval(tick, 4);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ at: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

export interface PageTiming {
  ranges: number;
  /** From the end of DOMContentLoaded to the first and to the last change of our highlights, in ms. */
  firstHighlightMs: number;
  allHighlightsMs: number;
  /**
   * The longest task the browser reported as a `longtask` (50 ms or more) that started after DOMContentLoaded (our
   * scanning and painting, and the page's own work in that time), 0 when none; null where the browser has no
   * longtask entries (Firefox).
   */
  longTaskMs: number | null;
  /**
   * The same before DOMContentLoaded: the page being parsed, which includes evaluating our script (it runs at
   * document_start).
   */
  longTaskBeforeReadyMs: number | null;
  /**
   * The longest delay of a 4 ms timer over the same span: an upper bound for any task (ours, the page's layout, or
   * the machine being busy with something else).
   */
  longestTimerGapMs: number;
}

/** Reads what TIMING_PROBE saw, once the highlights have stopped changing for `quietMs`. */
export async function readTiming(page: Page, quietMs = 500): Promise<PageTiming> {
  type State = {
    size: number;
    firstAt: number | null;
    doneAt: number | null;
    gaps: { at: number; ms: number }[];
    longTasks: { at: number; ms: number }[];
  };
  const read = () =>
    page.evaluate(() => {
      const state = (window as unknown as { __jargonTiming: State }).__jargonTiming;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { state, now: performance.now(), ready: nav.domContentLoadedEventEnd };
    });
  await waitUntil(
    async () => {
      const { state, now } = await read();
      return state.doneAt !== null && now - state.doneAt > quietMs;
    },
    { timeoutMs: 20_000, what: 'highlights to settle' },
  );
  const { state, ready } = await read();
  const after = (items: { at: number; ms: number }[]) =>
    items.filter((item) => item.at >= ready && item.at <= (state.doneAt ?? 0) + 50);
  const before = (items: { at: number; ms: number }[]) => items.filter((item) => item.at < ready);
  const supportsLongTasks = await page.evaluate(() =>
    (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask'),
  );
  const longest = (items: { at: number; ms: number }[]) =>
    Math.round(Math.max(0, ...after(items).map((item) => item.ms)));
  return {
    ranges: state.size,
    firstHighlightMs: Math.round((state.firstAt ?? 0) - ready),
    allHighlightsMs: Math.round((state.doneAt ?? 0) - ready),
    longTaskMs: supportsLongTasks ? longest(state.longTasks) : null,
    longTaskBeforeReadyMs: supportsLongTasks
      ? Math.round(Math.max(0, ...before(state.longTasks).map((item) => item.ms)))
      : null,
    longestTimerGapMs: longest(state.gaps),
  };
}
