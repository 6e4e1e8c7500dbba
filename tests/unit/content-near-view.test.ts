import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NEAR_VIEW_BATCH_MS } from '../../entrypoints/content/constants';
import { observeNearView, type NearView } from '../../entrypoints/content/near-view';

/** Records which elements the near view hands to the browser's observer, and lets the test report on them. */
class RecordingObserver {
  static last: RecordingObserver | null = null;
  readonly observed: Element[] = [];
  constructor(readonly callback: (entries: Partial<IntersectionObserverEntry>[]) => void) {
    RecordingObserver.last = this;
  }
  observe(element: Element) {
    this.observed.push(element);
  }
  unobserve() {}
  disconnect() {}
}

const endOfTask = () => Promise.resolve();

describe('observeNearView', () => {
  let nearView: NearView;
  let observer: RecordingObserver;
  const blocks = Array.from({ length: 6 }, () => document.createElement('p'));

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('IntersectionObserver', RecordingObserver);
    nearView = observeNearView(() => {});
    observer = RecordingObserver.last as RecordingObserver;
  });
  afterEach(() => {
    nearView.disconnect();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('observes what a task watches after a quiet spell at the end of its script, the whole of it', async () => {
    nearView.watch(blocks[0] as Element);
    nearView.watch(blocks[1] as Element);
    await endOfTask();
    expect(observer.observed).toEqual([blocks[0], blocks[1]]);
    vi.advanceTimersByTime(NEAR_VIEW_BATCH_MS);
    // Quiet again: the next one is observed at the end of its task too.
    nearView.watch(blocks[2] as Element);
    await endOfTask();
    expect(observer.observed).toEqual([blocks[0], blocks[1], blocks[2]]);
  });

  it('observes what later tasks watch together, once a batch time, while more keeps coming', async () => {
    nearView.watch(blocks[0] as Element);
    await endOfTask();
    // The next slices of a scan: they wait.
    nearView.watch(blocks[1] as Element);
    await endOfTask();
    nearView.watch(blocks[2] as Element);
    expect(observer.observed).toEqual([blocks[0]]);
    vi.advanceTimersByTime(NEAR_VIEW_BATCH_MS);
    expect(observer.observed).toEqual([blocks[0], blocks[1], blocks[2]]);
    // Still coming: the next batch waits its turn as well.
    nearView.watch(blocks[3] as Element);
    expect(observer.observed).toHaveLength(3);
    vi.advanceTimersByTime(NEAR_VIEW_BATCH_MS);
    expect(observer.observed).toEqual(blocks.slice(0, 4));
  });

  it('observes what waits at once when flushed (a commit), and keeps batching what follows', async () => {
    nearView.watch(blocks[0] as Element);
    await endOfTask();
    nearView.watch(blocks[1] as Element);
    nearView.flush();
    expect(observer.observed).toEqual([blocks[0], blocks[1]]);
    nearView.watch(blocks[2] as Element);
    expect(observer.observed).toHaveLength(2);
    vi.advanceTimersByTime(NEAR_VIEW_BATCH_MS);
    expect(observer.observed).toEqual(blocks.slice(0, 3));
  });

  it('does not observe an element let go while it waited, nor any after disconnecting', async () => {
    nearView.watch(blocks[0] as Element);
    await endOfTask();
    nearView.watch(blocks[1] as Element);
    nearView.watch(blocks[2] as Element);
    nearView.unwatch(blocks[1] as Element);
    vi.advanceTimersByTime(NEAR_VIEW_BATCH_MS);
    expect(observer.observed).toEqual([blocks[0], blocks[2]]);
    nearView.watch(blocks[3] as Element);
    nearView.disconnect();
    await endOfTask();
    vi.advanceTimersByTime(2 * NEAR_VIEW_BATCH_MS);
    expect(observer.observed).toEqual([blocks[0], blocks[2]]);
  });

  it('reports a watched element as near or far once the observer has', () => {
    const block = blocks[0] as Element;
    nearView.watch(block);
    expect(nearView.isNear(block)).toBeUndefined();
    observer.callback([
      { target: block, isIntersecting: true, boundingClientRect: new DOMRect(0, 0, 10, 10) },
    ]);
    expect(nearView.isNear(block)).toBe(true);
  });
});
