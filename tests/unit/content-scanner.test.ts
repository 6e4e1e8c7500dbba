import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileGlossary } from '../../glossary/matcher';
import { PageIndex, type PageTerm } from '../../entrypoints/content/page-index';
import { firstOccurrences, rangeOfMatch } from '../../entrypoints/content/page-ranges';
import { PageScanner } from '../../entrypoints/content/page-scanner';
import { SCREENFUL_CHARS } from '../../entrypoints/content/constants';
import { SliceQueue } from '../../entrypoints/content/scheduler';
import { collectBlocks, type TextBlock } from '../../entrypoints/content/text-blocks';
import { installStaticRange, TEST_ENTRIES, textOf } from './content-fixtures';

const matcher = compileGlossary(TEST_ENTRIES);
const always = () => true;

beforeAll(installStaticRange);
beforeEach(() => document.body.replaceChildren());
afterEach(() => vi.restoreAllMocks());

function page(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

/** Records what is painted: queued changes count once committed, as with the real painter. */
class RecordingSink {
  readonly ranges = new Set<AbstractRange>();
  private readonly queue: Array<() => void> = [];
  commits = 0;
  add(ranges: Iterable<AbstractRange>) {
    for (const range of ranges) this.queue.push(() => this.ranges.add(range));
  }
  remove(ranges: Iterable<AbstractRange>) {
    for (const range of ranges) this.queue.push(() => this.ranges.delete(range));
  }
  commit() {
    for (const change of this.queue.splice(0)) change();
    this.commits++;
  }
  texts(): string[] {
    return [...this.ranges].map(textOf);
  }
}

/**
 * A sink that also knows nearness, as the painter does on a page with many terms: blocks in `far` are far, and
 * `whenNear` callbacks wait until the test brings their block near with `comeNear`.
 */
class NearnessSink extends RecordingSink {
  readonly far = new Set<Element | ShadowRoot>();
  readonly awaited = new Map<
    Element | ShadowRoot,
    (containers: (Element | ShadowRoot)[]) => void
  >();
  isFar(container: Element | ShadowRoot) {
    return this.far.has(container);
  }
  whenNear(
    containers: readonly (Element | ShadowRoot)[],
    onNear: (containers: (Element | ShadowRoot)[]) => void,
  ) {
    for (const container of containers) this.awaited.set(container, onNear);
  }
  comeNear(container: Element | ShadowRoot) {
    this.far.delete(container);
    const onNear = this.awaited.get(container);
    this.awaited.delete(container);
    onNear?.([container]);
  }
}

function setup(
  options: {
    firstOccurrenceOnly?: boolean;
    maxTerms?: number;
    isRendered?: (container: Element | ShadowRoot) => boolean;
    visibleFirst?: boolean;
    onCapLifted?: () => void;
    sink?: RecordingSink;
    isNearViewport?: (container: Element | ShadowRoot) => boolean;
    startAtView?: boolean;
    viewStart?: (root: Element) => Element | null;
    walkMaxNodes?: number;
    queue?: SliceQueue;
  } = {},
) {
  const index = new PageIndex();
  const sink = options.sink ?? new RecordingSink();
  // Slices run back to back in the test (no real task boundaries needed).
  const queue = options.queue ?? new SliceQueue(5, (next) => queueMicrotask(next));
  const scanner = new PageScanner({
    matcher,
    index,
    painter: sink,
    queue,
    firstOccurrenceOnly: options.firstOccurrenceOnly ?? false,
    maxTerms: options.maxTerms ?? 5000,
    isRendered: options.isRendered ?? always,
    visibleFirst: options.visibleFirst ?? false,
    onCapLifted: options.onCapLifted,
    isNearViewport: options.isNearViewport,
    startAtView: options.startAtView,
    viewStart: options.viewStart,
    walkMaxNodes: options.walkMaxNodes,
  });
  return { index, sink, queue, scanner };
}

describe('rangeOfMatch', () => {
  it('turns a match that spans text nodes into one range over them', () => {
    const body = page('<p>Has <b>jaun</b>dice now</p>');
    const [block] = collectBlocks(body) as [TextBlock];
    const [match] = matcher.findInSegments(block.nodes.map((n) => n.data));
    const range = rangeOfMatch(block, match!);
    expect(range.startContainer).toBe(block.nodes[1]);
    expect(range.startOffset).toBe(0);
    expect(range.endContainer).toBe(block.nodes[2]);
    expect(range.endOffset).toBe(4);
    expect(textOf(range)).toBe('jaundice');
  });

  it('keeps the first match of each entry when asked', () => {
    const matches = matcher.findInSegments(['jaundice, CT scan and jaundice again, CT']);
    expect(firstOccurrences(matches).map((m) => m.text)).toEqual(['jaundice', 'CT scan']);
  });
});

describe('PageScanner', () => {
  it('marks every term of every block, across inline elements', async () => {
    const { sink, index, queue, scanner } = setup();
    scanner.scan(
      page(
        '<p>A CT scan showed <em>liver</em> cancer.</p><p>Then ascitic fluid and jaundice.</p><pre>jaundice</pre>',
      ),
    );
    await queue.whenIdle();
    expect(sink.texts().sort()).toEqual(['CT scan', 'ascitic', 'jaundice', 'liver cancer']);
    expect(index.size).toBe(4);
    expect(index.ordered().map((t) => t.entryId)).toEqual([
      'ct-scan',
      'liver-cancer',
      'ascites',
      'jaundice',
    ]);
  });

  it('leaves out terms in text that is not rendered, and remembers those blocks', async () => {
    const body = page(
      '<p id="shown">jaundice</p><p id="gone">CT scan <b>here</b></p><p id="plain">none</p>',
    );
    const gone = document.getElementById('gone') as Element;
    const asked: Element[] = [];
    const { sink, queue, scanner } = setup({
      isRendered: (container) => {
        asked.push(container as Element);
        return container !== gone;
      },
    });
    scanner.scan(body);
    await queue.whenIdle();
    expect(sink.texts()).toEqual(['jaundice']);
    expect([...scanner.hidden]).toEqual([gone]);
    // Only blocks that hold a term are asked (asking needs style).
    expect(asked).toEqual([document.getElementById('shown'), gone]);
  });

  /**
   * A page of `paragraphs` terms scanned a slice at a time, on a clock that moves with the work (each
   * `performance.now()` advances it by `msPerCall`), not with the machine: a slice is the same work on a fast or a
   * busy machine.
   */
  function steppedScan(paragraphs: number, msPerCall: number) {
    const body = page('<p>jaundice here</p>'.repeat(paragraphs));
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += msPerCall));
    const slices: Array<() => void> = [];
    const queue = new SliceQueue(5, (next) => slices.push(next));
    const { sink, scanner } = setup({ visibleFirst: true, maxTerms: paragraphs, queue });
    return {
      body,
      sink,
      scanner,
      elapsed: () => now,
      /** Runs the queued slices (calling `before` ahead of each) until none is left or `until` is true. */
      runSlices({
        before = () => {},
        until = () => false,
      }: { before?: () => void; until?: () => boolean } = {}): number {
        let run = 0;
        while (slices.length > 0 && !until()) {
          before();
          slices.shift()?.();
          run++;
        }
        return run;
      },
    };
  }
  const screenful = Math.ceil(SCREENFUL_CHARS / 'jaundice here'.length);

  it('at the top of a big page, shows the view terms before the walk of the page is over', async () => {
    const paragraphs = 10_000;
    const { body, sink, scanner, runSlices } = steppedScan(paragraphs, 0.01);
    expect(window.scrollY).toBe(0);
    scanner.scan(body, true);
    const shownWhileBusy: number[] = [];
    runSlices({
      before: () => {
        if (scanner.busy && sink.ranges.size > 0) shownWhileBusy.push(sink.ranges.size);
      },
    });
    expect(scanner.busy).toBe(false);
    // Shown once, as soon as a screenful was read: the rest waits for the end of the walk.
    expect(shownWhileBusy.length).toBeGreaterThan(0);
    expect(new Set(shownWhileBusy).size).toBe(1);
    expect(shownWhileBusy[0]).toBeGreaterThanOrEqual(screenful);
    expect(shownWhileBusy[0]).toBeLessThan(paragraphs);
    expect(textOf([...sink.ranges][0] as AbstractRange)).toBe('jaundice');
    expect(sink.ranges.size).toBe(paragraphs);
  });

  it('a slow first slice that reads less than a screenful does not end the showing of the view', async () => {
    // Every slice reads only a few blocks (a busy machine): the view is shown after the slice that completes it.
    const { body, sink, scanner, runSlices } = steppedScan(2_000, 1);
    scanner.scan(body, true);
    const slicesBeforeShown = runSlices({ until: () => !scanner.busy || sink.ranges.size > 0 });
    expect(scanner.busy).toBe(true);
    expect(slicesBeforeShown).toBeGreaterThan(1);
    expect(sink.ranges.size).toBeGreaterThanOrEqual(screenful);
  });

  it('with the view marked early, shows a big page once, at the end of its scan', async () => {
    const paragraphs = 10_000;
    // The scan is many slices, but well inside the time the view is held.
    const { body, sink, scanner, runSlices, elapsed } = steppedScan(paragraphs, 0.01);
    scanner.scan(body, true, true);
    expect(scanner.busy).toBe(true);
    const later = runSlices({ before: () => expect(sink.commits).toBe(0) });
    expect(elapsed()).toBeLessThan(200);
    expect(later).toBeGreaterThan(0);
    expect(sink.ranges.size).toBe(paragraphs);
    expect(sink.commits).toBe(1);
  });

  it('with the view marked early, a scan slower than the hold shows the view before its end', async () => {
    const paragraphs = 10_000;
    const { body, sink, scanner, runSlices, elapsed } = steppedScan(paragraphs, 0.5);
    scanner.scan(body, true, true);
    let commitsWhileBusy = 0;
    runSlices({
      before: () => {
        if (scanner.busy) commitsWhileBusy = sink.commits;
      },
    });
    expect(elapsed()).toBeGreaterThan(200);
    expect(commitsWhileBusy).toBe(1);
    expect(sink.commits).toBe(2);
    expect(sink.ranges.size).toBe(paragraphs);
  });

  it('marks only the first occurrence per block when the setting is on', async () => {
    const { sink, queue, scanner } = setup({ firstOccurrenceOnly: true });
    scanner.scan(page('<p>jaundice and jaundice</p><p>jaundice</p>'));
    await queue.whenIdle();
    expect(sink.texts()).toEqual(['jaundice', 'jaundice']);
  });

  it('stops at the cap and says so', async () => {
    const { sink, queue, scanner } = setup({ maxTerms: 3 });
    scanner.scan(page('<p>jaundice jaundice</p><p>jaundice jaundice</p><p>jaundice</p>'));
    await queue.whenIdle();
    expect(sink.ranges.size).toBe(3);
    expect(scanner.capped).toBe(true);
  });

  it('stops walking the page once it is full, and scans it again when enough terms have gone', async () => {
    const paragraphs = 2000;
    const body = page('<p>jaundice</p>'.repeat(paragraphs));
    let visited = 0;
    const createTreeWalker = document.createTreeWalker.bind(document);
    const walkerSpy = vi.spyOn(document, 'createTreeWalker').mockImplementation((...args) => {
      const walker = createTreeWalker(...args);
      const nextNode = walker.nextNode.bind(walker);
      walker.nextNode = () => {
        visited++;
        return nextNode();
      };
      return walker;
    });
    const lifted = vi.fn();
    const { sink, index, queue, scanner } = setup({
      visibleFirst: true,
      maxTerms: 10,
      onCapLifted: lifted,
    });
    scanner.scan(body, true);
    await queue.whenIdle();
    walkerSpy.mockRestore();
    expect(sink.ranges.size).toBe(10);
    expect(scanner.capped).toBe(true);
    // Each paragraph is two nodes (element and text): far fewer than the page's 4,000 were visited.
    expect(visited).toBeLessThan(paragraphs);
    expect(scanner.pageElements).toBe(Number.POSITIVE_INFINITY);

    // One paragraph edited: still nearly full, no new scan of the page.
    const paragraphsOnPage = body.querySelectorAll('p');
    (paragraphsOnPage[0]?.firstChild as Text).data = 'none';
    scanner.rescan([paragraphsOnPage[0] as HTMLElement]);
    await queue.whenIdle();
    expect(lifted).not.toHaveBeenCalled();
    expect(index.size).toBe(9);

    // Half the marked paragraphs removed: the rest of the page may have room now.
    for (const paragraph of [...paragraphsOnPage].slice(1, 6)) paragraph.remove();
    scanner.rescan([body]);
    expect(lifted).toHaveBeenCalledTimes(1);
  });

  it('on a full page, gives the room of far blocks to a new block near the reader, and marks them again on return', async () => {
    const body = page('<p>jaundice</p><p>ascites</p><p>jaundice</p><p>ascites</p>');
    const sink = new NearnessSink();
    const near = new Set<Element | ShadowRoot>();
    const { index, queue, scanner } = setup({
      maxTerms: 4,
      sink,
      isNearViewport: (container) => near.has(container),
    });
    scanner.scan(body);
    await queue.whenIdle();
    expect(index.size).toBe(4);
    const [first, second] = [...body.querySelectorAll('p')];
    sink.far.add(first as HTMLElement).add(second as HTMLElement);

    // A post appended far from the reader finds no room.
    const far = document.createElement('p');
    far.textContent = 'liver cancer';
    body.append(far);
    scanner.rescan([far]);
    await queue.whenIdle();
    expect(sink.texts()).not.toContain('liver cancer');
    expect(scanner.capped).toBe(true);

    // One appended where the reader is takes the place of the oldest far block.
    const appended = document.createElement('p');
    appended.textContent = 'liver cancer';
    body.append(appended);
    near.add(appended);
    scanner.rescan([appended]);
    await queue.whenIdle();
    expect(index.size).toBe(4);
    expect(sink.texts()).toContain('liver cancer');
    expect(index.termsOf(index.ordered()[0]?.block as TextBlock)[0]?.text).toBe('ascites');
    expect(sink.awaited.has(first as HTMLElement)).toBe(true);

    // The reader scrolls back up: the dropped block is marked again, in place of a far one.
    sink.far.add(appended);
    near.add(first as HTMLElement);
    sink.comeNear(first as HTMLElement);
    await queue.whenIdle();
    expect(index.size).toBe(4);
    expect(index.ordered()[0]?.block.container).toBe(first);
  });

  it('on a full page, scans again from where the reader is when the reader gets past the marked part', async () => {
    const paragraphs = 300;
    const body = page('<p>jaundice</p>'.repeat(paragraphs));
    const sink = new NearnessSink();
    const lifted = vi.fn();
    const { index, queue, scanner } = setup({
      visibleFirst: true,
      maxTerms: 10,
      sink,
      isNearViewport: () => false,
      onCapLifted: lifted,
    });
    scanner.scan(body, true);
    await queue.whenIdle();
    const all = [...body.querySelectorAll('p')];
    expect(index.size).toBe(10);
    // The page waits on the first paragraph that found no room.
    expect([...sink.awaited.keys()]).toEqual([all[10]]);
    expect(lifted).not.toHaveBeenCalled();
    sink.comeNear(all[10] as HTMLElement);
    expect(lifted).toHaveBeenCalledTimes(1);
  });

  it('stops walking a huge page after reading enough, says so, and waits for the reader there', async () => {
    const body = page('<p>jaundice <b>here</b></p>'.repeat(1000));
    const sink = new NearnessSink();
    const lifted = vi.fn();
    const { index, queue, scanner } = setup({
      visibleFirst: true,
      walkMaxNodes: 400,
      sink,
      isNearViewport: () => false,
      onCapLifted: lifted,
    });
    scanner.scan(body, true);
    await queue.whenIdle();
    // 4 nodes a paragraph (p, text, b, text): about 100 paragraphs read of 1,000, with room for every term.
    expect(index.size).toBeGreaterThanOrEqual(90);
    expect(index.size).toBeLessThanOrEqual(140);
    expect(scanner.capped).toBe(true);
    const all: Element[] = [...body.querySelectorAll('p')];
    const stop = scanner.stoppedAt as HTMLElement;
    expect(all.indexOf(stop)).toBe(index.size);
    expect([...sink.awaited.keys()]).toEqual([stop]);
    // Where the reader is decides: the stop more than a screen below the view, or within one (or above it).
    expect(scanner.readerLeftWalk(() => 2500, 1000)).toBe(false);
    expect(scanner.readerLeftWalk(() => 1900, 1000)).toBe(true);
    expect(scanner.readerLeftWalk(() => -5000, 1000)).toBe(true);
    sink.comeNear(stop);
    expect(lifted).toHaveBeenCalledTimes(1);
  });

  it('for a reader who moved on, walks from where the view begins, and knows when the reader goes above it', async () => {
    const body = page(
      Array.from({ length: 200 }, (_, i) => `<p>p${i} ${i % 2 ? 'jaundice' : 'ascites'}</p>`).join(
        '',
      ),
    );
    const all = [...body.querySelectorAll('p')];
    const { index, queue, scanner } = setup({
      visibleFirst: true,
      startAtView: true,
      viewStart: () => all[150] as HTMLElement,
    });
    scanner.scan(body, true);
    await queue.whenIdle();
    expect(index.size).toBe(50);
    expect(index.ordered()[0]?.block.container).toBe(all[150]);
    // Only part of the page is marked: the part from the view on.
    expect(scanner.capped).toBe(true);
    // The walk began above the view: fine; the view begins above it: the reader went back up.
    expect(scanner.readerLeftWalk(() => -300, 1000)).toBe(false);
    expect(scanner.readerLeftWalk(() => 200, 1000)).toBe(true);
  });

  it('a reset scanner is not woken by a block coming near', async () => {
    const body = page('<p>jaundice</p>'.repeat(30));
    const sink = new NearnessSink();
    const lifted = vi.fn();
    const { queue, scanner } = setup({
      visibleFirst: true,
      maxTerms: 5,
      sink,
      isNearViewport: () => false,
      onCapLifted: lifted,
    });
    scanner.scan(body, true);
    await queue.whenIdle();
    const [waitedOn] = sink.awaited.keys();
    expect(waitedOn).toBeDefined();
    scanner.reset();
    sink.comeNear(waitedOn as HTMLElement);
    expect(lifted).not.toHaveBeenCalled();
  });

  it('rebuilds only the blocks that changed', async () => {
    const { sink, index, queue, scanner } = setup();
    const body = page('<p id="one">jaundice</p><p id="two">CT scan</p>');
    scanner.scan(body);
    await queue.whenIdle();
    const untouched = index.ordered().find((t) => t.entryId === 'ct-scan') as PageTerm;
    const one = document.getElementById('one') as HTMLElement;
    (one.firstChild as Text).data = 'no term now, but ascites';
    scanner.rescan([one]);
    await queue.whenIdle();
    expect(sink.texts().sort()).toEqual(['CT scan', 'ascites']);
    expect(index.ordered()).toContain(untouched);
    expect(index.size).toBe(2);
  });

  it('drops the terms of blocks that were removed from the page', async () => {
    const { sink, queue, scanner } = setup();
    const body = page('<div id="wrap"><p>jaundice</p></div><p>CT scan</p>');
    scanner.scan(body);
    await queue.whenIdle();
    document.getElementById('wrap')?.remove();
    scanner.rescan([body]);
    await queue.whenIdle();
    expect(sink.texts()).toEqual(['CT scan']);
  });

  it('commits a whole rescan at once, removals and additions together', async () => {
    const { sink, queue, scanner } = setup();
    const body = page('<p id="one">jaundice</p><p>CT scan</p>');
    scanner.scan(body);
    await queue.whenIdle();
    const commits = sink.commits;
    const painted = [...sink.ranges];
    const one = document.getElementById('one') as HTMLElement;
    (one.firstChild as Text).data = 'ascites';
    scanner.rescan([one]);
    // Nothing changes on screen until the rescan is done.
    expect([...sink.ranges]).toEqual(painted);
    await queue.whenIdle();
    expect(sink.commits).toBe(commits + 1);
    expect(sink.texts().sort()).toEqual(['CT scan', 'ascites']);
  });

  it('does not mark a block twice when it changes while an older scan is still running', async () => {
    const { sink, queue, scanner } = setup();
    const body = page(Array.from({ length: 300 }, () => '<p>jaundice</p>').join(''));
    scanner.scan(body);
    scanner.rescan([body]);
    await queue.whenIdle();
    expect(sink.ranges.size).toBe(300);
  });
});

describe('PageIndex', () => {
  it('finds the terms of a text node, including terms that only start or end there', async () => {
    const { index, queue, scanner } = setup();
    scanner.scan(page('<p>Has <b>jaun</b>dice</p>'));
    await queue.whenIdle();
    const [term] = index.ordered();
    const bold = document.querySelector('b')?.firstChild as Text;
    const tail = bold.parentNode?.nextSibling as Text;
    expect(index.termsAt(bold)).toEqual([term]);
    expect(index.termsAt(tail)).toEqual([term]);
    expect(index.termsAt(document.querySelector('p')?.firstChild as Text)).toEqual([]);
  });

  it('orders terms of shadow roots where their host stands', async () => {
    const { index, queue, scanner } = setup();
    const body = page('<p>jaundice</p><div id="host"></div><p>ascites</p>');
    const shadow = (document.getElementById('host') as HTMLElement).attachShadow({ mode: 'open' });
    const p = document.createElement('p');
    p.textContent = 'CT scan';
    shadow.append(p);
    scanner.scan(body);
    await queue.whenIdle();
    expect(index.ordered().map((t) => t.text)).toEqual(['jaundice', 'CT scan', 'ascites']);
  });
});
