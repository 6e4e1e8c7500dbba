/**
 * Code the benchmark runs in the page's main world. The probe is installed before the page's own scripts
 * (evaluateOnNewDocument); the others run once the page has loaded. They are plain functions passed to
 * page.evaluate, so they must not use anything from this module's scope.
 */
import type { Page } from 'puppeteer-core';
import { TERMS_HIGHLIGHT } from '../entrypoints/content/constants.ts';

export const ORIGIN_STAMP = 'bench:origin';

export interface ProbeState {
  /** performance.now() when the probe stamped the trace with ORIGIN_STAMP. */
  origin: number;
  size: number;
  firstAt: number | null;
  firstInViewAt: number | null;
  /** The page's first contentful paint (when the reader first sees it; on big pages, long before it is parsed). */
  firstPaintAt: number | null;
  lastChangeAt: number | null;
  longTasks: { at: number; ms: number }[];
  /** Appending page: when each batch's first term was highlighted. */
  batchHighlightedAt: (number | null)[];
}

/**
 * Watches our highlight in `CSS.highlights` (the registry is shared with the content script's world): when its
 * size changes, when the first range inside the viewport appears; records `longtask` entries of any world.
 */
export function probeScript(highlightName: string | null = TERMS_HIGHLIGHT): string {
  return `(() => {
  const state = { origin: performance.now(), size: 0, firstAt: null, firstInViewAt: null, firstPaintAt: null, lastChangeAt: null,
    longTasks: [], batchHighlightedAt: [] };
  console.timeStamp(${JSON.stringify(ORIGIN_STAMP)});
  window.__benchProbe = state;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ at: entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.name === 'first-contentful-paint') state.firstPaintAt = entry.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch {}
  const live = (range) => {
    const copy = document.createRange();
    copy.setStart(range.startContainer, range.startOffset);
    copy.setEnd(range.endContainer, range.endOffset);
    return copy;
  };
  const anyInView = (highlight) => {
    let checked = 0;
    for (const range of highlight) {
      if (++checked > 200) return false;
      try {
        const rect = live(range).getBoundingClientRect();
        if (rect.width > 0 && rect.bottom > 0 && rect.top < innerHeight) return true;
      } catch {}
    }
    return false;
  };
  const noteBatches = (highlight, now) => {
    const app = window.__benchAppend;
    if (!app) return;
    for (const range of highlight) {
      const p = range.startContainer.parentElement;
      const batch = p ? app.batchOf.get(p) : undefined;
      if (batch !== undefined && state.batchHighlightedAt[batch] == null) state.batchHighlightedAt[batch] = now;
    }
  };
  const started = performance.now();
  const check = () => {
    const now = performance.now();
    const highlight = typeof CSS !== 'undefined' && CSS.highlights ? CSS.highlights.get(${JSON.stringify(highlightName)}) : undefined;
    const size = highlight ? highlight.size : 0;
    if (size !== state.size) {
      state.size = size;
      state.lastChangeAt = now;
      if (state.firstAt === null && size > 0) state.firstAt = now;
      if (highlight) noteBatches(highlight, now);
    }
    if (state.firstInViewAt === null && highlight && size > 0 && anyInView(highlight)) state.firstInViewAt = now;
    return now;
  };
  const poll = () => {
    const now = check();
    const eager = state.firstInViewAt === null && now - started < 5000;
    setTimeout(poll, eager ? 0 : window.__benchAppend ? 10 : 25);
  };
  // Also at the start of each frame, before the browser draws: a change made in a task is seen right after it (the
  // timer may run only after the frame that the change causes).
  const onFrame = () => {
    if (check() - started < 15000) requestAnimationFrame(onFrame);
  };
  if (${JSON.stringify(highlightName)} !== null) {
    poll();
    requestAnimationFrame(onFrame);
  }
})();`;
}

export interface ProbeReading extends ProbeState {
  now: number;
  /** The end of DOMContentLoaded. */
  domReadyAt: number;
}

export function readProbe(page: Page): Promise<ProbeReading> {
  return page.evaluate(() => {
    const state = (window as unknown as { __benchProbe: ProbeState }).__benchProbe;
    const nav = performance.getEntriesByType('navigation')[0] as
      PerformanceNavigationTiming | undefined;
    return {
      ...state,
      now: performance.now(),
      domReadyAt: nav?.domContentLoadedEventEnd ?? 0,
    };
  });
}

export interface FloorResult {
  ms: number;
  textNodes: number;
  chars: number;
  elements: number;
}

/** The floor: one bare TreeWalker pass over the body's text nodes, reading each node's text. */
export function runFloor(page: Page): Promise<FloorResult> {
  return page.evaluate(() => {
    const start = performance.now();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let textNodes = 0;
    let chars = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      chars += (node as Text).data.length;
      textNodes++;
    }
    const ms = performance.now() - start;
    return { ms, textNodes, chars, elements: document.body.getElementsByTagName('*').length };
  });
}

export interface MarkResult {
  ms: number;
  /** Keywords searched before the time budget ran out, of `keywords`. */
  searched: number;
  keywords: number;
  complete: boolean;
  marks: number;
}

/**
 * mark.js (already injected as `Mark`) over the page's body, keyword by keyword in mark.js's own order
 * (longest first) with `separateWordSearch: false, accuracy: "exactly"`: the same passes `mark(array)` makes,
 * but stopping when `budgetMs` is spent so that huge pages finish.
 */
const MARK_RUNNER = `(anyCase, exactCase, budget) => {
  const instance = new Mark(document.body);
  const start = performance.now();
  let searched = 0;
  let complete = true;
  const lists = [[anyCase, false], [exactCase, true]];
  outer: for (const [list, caseSensitive] of lists) {
    for (const keyword of list) {
      if (performance.now() - start > budget) { complete = false; break outer; }
      instance.mark(keyword, { separateWordSearch: false, accuracy: 'exactly', caseSensitive });
      searched++;
    }
  }
  const ms = performance.now() - start;
  return { ms, searched, keywords: anyCase.length + exactCase.length, complete,
    marks: document.querySelectorAll('mark[data-markjs]').length };
}`;

export function runMark(
  page: Page,
  forms: { anyCase: string[]; exactCase: string[] },
  budgetMs: number,
): Promise<MarkResult> {
  // A string, not a function: tsx's name-keeping helpers would not exist in the page.
  return page.evaluate(
    `(${MARK_RUNNER})(${JSON.stringify(forms.anyCase)}, ${JSON.stringify(forms.exactCase)}, ${budgetMs})`,
  ) as Promise<MarkResult>;
}
