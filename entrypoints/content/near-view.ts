/**
 * Which elements are near the viewport: within NEAR_VIEW_MARGIN of it, told by an IntersectionObserver. Used by
 * the painter to register only the ranges a reader can see soon (see HighlightPainter).
 */
import { NEAR_VIEW_BATCH_MS, NEAR_VIEW_MARGIN } from './constants';
import { liveRange } from './page-ranges';
import { TEST_SIGNAL } from './test-signal';
import type { BlockContainer } from './text-blocks';

export interface NearView {
  watch(element: Element): void;
  unwatch(element: Element): void;
  /** Hands what waits to the observer now (see observeNearView), so that it is reported after the next rendering. */
  flush(): void;
  /** Near or far as last reported; undefined until the first report, which comes after the next rendering. */
  isNear(element: Element): boolean | undefined;
  disconnect(): void;
  /** Test builds (see test-signal.ts): elements wait to be handed to the observer, or for its first report. */
  pending?(): boolean;
}

/** Called after the browser's rendering step with the elements that came near and those that went far. */
export type NearViewChange = (near: Element[], far: Element[]) => void;

export type NearViewFactory = (onChange: NearViewChange) => NearView;

/** The element whose nearness stands for a block: one observed element per paragraph rather than per term. */
export function blockElement(container: BlockContainer): Element {
  return 'host' in container ? container.host : container;
}

export const observeNearView: NearViewFactory = (onChange) => {
  const watched = new Set<Element>();
  const near = new Map<Element, boolean>();
  /** Test builds only: observed, and not reported yet. */
  const unreported = new Set<Element>();
  // scrollMargin widens the clip of scrolling boxes inside the page as rootMargin widens the viewport's (where the
  // browser knows it; others ignore the unknown member).
  const options = {
    rootMargin: NEAR_VIEW_MARGIN,
    scrollMargin: NEAR_VIEW_MARGIN,
  } as IntersectionObserverInit;
  const observer = new IntersectionObserver((entries) => {
    const came: Element[] = [];
    const went: Element[] = [];
    for (const entry of entries) {
      if (TEST_SIGNAL) unreported.delete(entry.target);
      if (!watched.has(entry.target)) continue;
      const box = entry.boundingClientRect;
      // An element without a box of its own (`display: contents`) never intersects: treat its text as near (but
      // not an element removed from the page, which has no box either).
      const isNear =
        entry.isIntersecting || (box.width === 0 && box.height === 0 && entry.target.isConnected);
      if (near.get(entry.target) === isNear) continue;
      near.set(entry.target, isNear);
      (isNear ? came : went).push(entry.target);
    }
    if (came.length > 0 || went.length > 0) onChange(came, went);
  }, options);
  // What a task watches after a quiet spell is observed at the end of its script; what follows waits and is observed
  // together every NEAR_VIEW_BATCH_MS, as long as more keeps coming.
  const waiting: Element[] = [];
  let batchTimer: ReturnType<typeof setTimeout> | null = null;
  const observeWaiting = (): boolean => {
    if (waiting.length === 0) return false;
    for (const element of waiting) {
      if (!watched.has(element)) continue;
      observer.observe(element);
      if (TEST_SIGNAL) unreported.add(element);
    }
    waiting.length = 0;
    return true;
  };
  const observeWaitingInTurn = (): void => {
    batchTimer = observeWaiting() ? setTimeout(observeWaitingInTurn, NEAR_VIEW_BATCH_MS) : null;
  };
  return {
    watch(element) {
      if (watched.has(element)) return;
      watched.add(element);
      waiting.push(element);
      if (batchTimer !== null) return;
      queueMicrotask(observeWaiting);
      batchTimer = setTimeout(observeWaitingInTurn, NEAR_VIEW_BATCH_MS);
    },
    unwatch(element) {
      if (!watched.delete(element)) return;
      near.delete(element);
      if (TEST_SIGNAL) unreported.delete(element);
      observer.unobserve(element);
    },
    flush: () => void observeWaiting(),
    isNear: (element) => near.get(element),
    disconnect() {
      observer.disconnect();
      if (batchTimer !== null) clearTimeout(batchTimer);
      batchTimer = null;
      waiting.length = 0;
      watched.clear();
      near.clear();
      unreported.clear();
    },
    pending() {
      if (waiting.length > 0) return true;
      // An element taken off the page may get no first report.
      for (const element of unreported) if (element.isConnected) return true;
      return false;
    },
  };
};

/**
 * The same question asked now, from the element's box (a layout if the page changed since the last one): used only
 * on a page that already holds the most terms we mark, to decide whether a block deserves room.
 */
export function isNearViewportNow(element: Element): boolean {
  const box = element.getBoundingClientRect();
  const height = window.innerHeight;
  return box.bottom >= -height && box.top <= 2 * height;
}

/** Where a range is drawn, relative to the viewport (a layout if the page changed since the last one). */
export interface VerticalBox {
  top: number;
  bottom: number;
}

export function rangeBox(range: AbstractRange): VerticalBox {
  return liveRange(range).getBoundingClientRect();
}

/**
 * Of a block's ranges, in text order (so top to bottom), the run near the viewport (within its height above or below,
 * as NEAR_VIEW_MARGIN): [first, last] indexes, or null when none is. Found by halving, so a block of thousands of
 * terms costs a few dozen boxes.
 */
export function nearRun(
  count: number,
  boxAt: (index: number) => VerticalBox,
  viewportHeight: number,
): [number, number] | null {
  // The first range whose bottom is below the top margin…
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (boxAt(middle).bottom < -viewportHeight) low = middle + 1;
    else high = middle;
  }
  const first = low;
  // …and the last whose top is above the bottom margin.
  high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (boxAt(middle).top <= 2 * viewportHeight) low = middle + 1;
    else high = middle;
  }
  const last = low - 1;
  return first <= last ? [first, last] : null;
}
