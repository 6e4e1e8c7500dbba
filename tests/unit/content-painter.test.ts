import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HighlightPainter, type PainterOptions } from '../../entrypoints/content/highlights';
import type { NearView, NearViewChange, VerticalBox } from '../../entrypoints/content/near-view';
import { TERMS_HIGHLIGHT } from '../../entrypoints/content/constants';
import { installStaticRange } from './content-fixtures';

/** happy-dom has no Custom Highlight API: a registry and `Highlight` with the same set semantics. */
class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
}

function installHighlightApi(): void {
  vi.stubGlobal('Highlight', FakeHighlight);
  vi.stubGlobal('CSS', { highlights: new Map<string, FakeHighlight>() });
}

/** Nearness as the test says; records what the painter follows. */
class FakeNearView implements NearView {
  readonly watched = new Set<Element>();
  readonly state = new Map<Element, boolean>();
  disconnected = false;
  flushes = 0;
  constructor(readonly onChange: NearViewChange) {}
  flush() {
    this.flushes++;
  }
  watch(element: Element) {
    this.watched.add(element);
  }
  unwatch(element: Element) {
    this.watched.delete(element);
    this.state.delete(element);
  }
  isNear(element: Element) {
    return this.state.get(element);
  }
  disconnect() {
    this.disconnected = true;
  }
  /** What the observer does after a rendering: reports changes of the watched elements. */
  report(near: Element[], far: Element[]) {
    for (const element of near) this.state.set(element, true);
    for (const element of far) this.state.set(element, false);
    this.onChange(
      near.filter((e) => this.watched.has(e)),
      far.filter((e) => this.watched.has(e)),
    );
  }
}

function registered(): Set<AbstractRange> {
  return CSS.highlights.get(TERMS_HIGHLIGHT) as unknown as Set<AbstractRange>;
}

/** `count` paragraphs of one term each: their ranges by paragraph. */
function paragraphs(count: number): Map<HTMLElement, StaticRange> {
  const result = new Map<HTMLElement, StaticRange>();
  for (let i = 0; i < count; i++) {
    const p = document.createElement('p');
    p.textContent = `ascites ${i}`;
    document.body.append(p);
    const text = p.firstChild as Text;
    result.set(
      p,
      new StaticRange({ startContainer: text, startOffset: 0, endContainer: text, endOffset: 7 }),
    );
  }
  return result;
}

describe('HighlightPainter: registering only what is near the viewport', () => {
  let views: FakeNearView[];
  let painter: HighlightPainter;

  beforeAll(() => {
    installStaticRange();
    installHighlightApi();
  });
  /** A painter that registers all up to 4 ranges, with fake nearness (recorded in `views`). */
  function makePainter(
    measureNear: ((element: Element) => boolean) | null = null,
    measureMax?: number,
    more: PainterOptions = {},
  ): HighlightPainter {
    return new HighlightPainter('', document, {
      registerAllMax: 4,
      nearView: (onChange) => {
        const view = new FakeNearView(onChange);
        views.push(view);
        return view;
      },
      measureNear,
      measureMax,
      ...more,
    });
  }

  beforeEach(() => {
    document.body.replaceChildren();
    views = [];
    painter = makePainter();
  });
  afterEach(() => painter.dispose());

  function paint(ranges: Map<HTMLElement, StaticRange>): void {
    for (const [p, range] of ranges) painter.add([range], p);
    painter.commit();
  }

  it('registers every range while there are few, and follows nothing', () => {
    const ranges = paragraphs(4);
    paint(ranges);
    expect(registered().size).toBe(4);
    expect(painter.size).toBe(4);
    expect(views).toHaveLength(0);
  });

  it('past the limit, keeps only the ranges of blocks reported near', () => {
    const first = paragraphs(4);
    paint(first);
    const more = paragraphs(4);
    paint(more);
    expect(views).toHaveLength(1);
    const view = views[0] as FakeNearView;
    expect(view.watched.size).toBe(8);
    // Until the first report: what was registered stays; the new blocks wait.
    expect(registered().size).toBe(4);
    const [a, b, c, d] = [...first.keys()];
    const [e] = [...more.keys()];
    view.report([a, b, e] as HTMLElement[], [c, d] as HTMLElement[]);
    expect([...registered()]).toEqual(
      expect.arrayContaining([first.get(a!), first.get(b!), more.get(e!)]),
    );
    expect(registered().size).toBe(3);
    expect(painter.size).toBe(8);
    // Scrolling: e goes far, d comes near.
    view.report([d] as HTMLElement[], [e] as HTMLElement[]);
    expect(registered().has(first.get(d!)!)).toBe(true);
    expect(registered().has(more.get(e!)!)).toBe(false);
  });

  it('registers a new range of a block already near at once', () => {
    const ranges = paragraphs(6);
    paint(ranges);
    const view = views[0] as FakeNearView;
    const blocks = [...ranges.keys()];
    view.report(blocks.slice(0, 1), blocks.slice(1));
    const p = blocks[0] as HTMLElement;
    const text = p.firstChild as Text;
    const again = new StaticRange({
      startContainer: text,
      startOffset: 0,
      endContainer: text,
      endOffset: 7,
    });
    painter.add([again], p);
    painter.commit();
    expect(registered().has(again)).toBe(true);
    expect(registered().size).toBe(2);
  });

  it('watches a block from the moment its ranges are queued past the limit, before they are committed', () => {
    paint(paragraphs(6));
    const more = paragraphs(2);
    const [e, f] = [...more.keys()] as HTMLElement[];
    painter.add([more.get(e!)!], e!);
    expect(views).toHaveLength(1);
    const view = views[0] as FakeNearView;
    expect(view.watched.has(e!)).toBe(true);
    // A rendering before the commit: the observer's report only records nearness (nothing of e is painted yet).
    view.report([e!], []);
    expect(registered().has(more.get(e!)!)).toBe(false);
    painter.add([more.get(f!)!], f!);
    painter.remove([more.get(f!)!]);
    painter.commit();
    // Committed: e is known near and registered at once; f was taken back before it was painted, and let go.
    expect(registered().has(more.get(e!)!)).toBe(true);
    expect(view.watched.has(f!)).toBe(false);
  });

  it('has the blocks it painted observed at once on a commit, not in the next batch', () => {
    paint(paragraphs(6));
    const view = views[0] as FakeNearView;
    const flushed = view.flushes;
    const [p, range] = [...paragraphs(1)][0] as [HTMLElement, StaticRange];
    painter.add([range], p);
    expect(view.flushes).toBe(flushed);
    painter.commit();
    expect(view.flushes).toBe(flushed + 1);
  });

  it('a commit asks the blocks not yet reported where they are, once each, up to a limit', () => {
    painter.dispose();
    const measured: Element[] = [];
    const nearOnes = new Set<Element>();
    painter = makePainter((element) => {
      measured.push(element);
      return nearOnes.has(element);
    }, 6);
    const ranges = paragraphs(6);
    const blocks = [...ranges.keys()];
    nearOnes.add(blocks[0]!).add(blocks[1]!);
    const second = new StaticRange({
      startContainer: blocks[0]!.firstChild!,
      startOffset: 0,
      endContainer: blocks[0]!.firstChild!,
      endOffset: 3,
    });
    for (const [p, range] of ranges) painter.add([range], p);
    painter.add([second], blocks[0]!);
    painter.commit();
    expect(new Set(registered())).toEqual(
      new Set([ranges.get(blocks[0]!), second, ranges.get(blocks[1]!)]),
    );
    expect(measured).toEqual(blocks);
    // Seven new blocks, all near: six are measured and registered, the seventh waits for the observer.
    const later = paragraphs(7);
    for (const p of later.keys()) nearOnes.add(p);
    paint(later);
    expect(measured).toHaveLength(12);
    expect(registered().size).toBe(9);
    const last = [...later.keys()][6] as HTMLElement;
    expect(registered().has(later.get(last)!)).toBe(false);
    (views[0] as FakeNearView).report([last], []);
    expect(registered().has(later.get(last)!)).toBe(true);
  });

  it('stops following a block whose ranges are all gone, and registers all again when few are left', () => {
    const ranges = paragraphs(6);
    paint(ranges);
    const view = views[0] as FakeNearView;
    const blocks = [...ranges.keys()];
    view.report([], blocks);
    expect(registered().size).toBe(0);
    painter.remove([ranges.get(blocks[0]!)!]);
    painter.commit();
    expect(view.watched.has(blocks[0]!)).toBe(false);
    expect(view.disconnected).toBe(false);
    painter.remove(blocks.slice(1, 4).map((p) => ranges.get(p)!));
    painter.commit();
    // 2 left, at most half the limit: every range is registered again, nothing is followed.
    expect(view.disconnected).toBe(true);
    expect(registered().size).toBe(2);
    // A late report from the old observer changes nothing.
    view.report([], blocks.slice(4));
    expect(registered().size).toBe(2);
  });

  it('lets go of followed blocks that left the page', () => {
    paint(paragraphs(6));
    const view = views[0] as FakeNearView;
    const gone: HTMLElement[] = [];
    for (let i = 0; i < 1100; i++) {
      const p = document.createElement('p');
      document.body.append(p);
      gone.push(p);
    }
    painter.whenNear(gone.slice(0, 1000), () => undefined);
    expect(view.watched.size).toBe(1006);
    for (const p of gone) p.remove();
    painter.whenNear(gone.slice(1000), () => undefined);
    // Past 1,024 followed blocks, those removed from the page are dropped (and no longer observed).
    expect(view.watched.size).toBe(6);
  });

  it('calls back once with the followed blocks that come near', () => {
    const ranges = paragraphs(6);
    paint(ranges);
    const view = views[0] as FakeNearView;
    const [first, second] = [...ranges.keys()] as HTMLElement[];
    view.report([], [first as HTMLElement, second as HTMLElement]);
    const calls: Element[][] = [];
    painter.whenNear([first as HTMLElement, second as HTMLElement], (near) =>
      calls.push(near as Element[]),
    );
    view.report([first as HTMLElement], []);
    view.report([first as HTMLElement, second as HTMLElement], []);
    expect(calls).toEqual([[first], [second]]);
  });

  it('clear() forgets every range and stops following', () => {
    paint(paragraphs(6));
    painter.clear();
    expect(views[0]?.disconnected).toBe(true);
    expect(registered().size).toBe(0);
    expect(painter.size).toBe(0);
  });

  it('uses the host of a shadow root for text directly inside it', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.append('ascites');
    const text = root.firstChild as Text;
    const ranges = paragraphs(5);
    paint(ranges);
    painter.add(
      [new StaticRange({ startContainer: text, startOffset: 0, endContainer: text, endOffset: 7 })],
      root,
    );
    painter.commit();
    expect(views[0]?.watched.has(host)).toBe(true);
  });

  describe('a block with more ranges than the window minimum', () => {
    const height = window.innerHeight;
    /** Twelve terms in one paragraph, drawn half a viewport apart, from `scrolled` above the top. */
    function longParagraph(): { block: HTMLElement; ranges: StaticRange[] } {
      const block = document.createElement('p');
      block.textContent = 'ascites '.repeat(12);
      document.body.append(block);
      const text = block.firstChild as Text;
      const ranges = Array.from(
        { length: 12 },
        (_, i) =>
          new StaticRange({
            startContainer: text,
            startOffset: i * 8,
            endContainer: text,
            endOffset: i * 8 + 7,
          }),
      );
      return { block, ranges };
    }
    let scrolled = 0;
    let measuredRanges = 0;
    function boxOf(ranges: StaticRange[]) {
      return (range: AbstractRange): VerticalBox => {
        measuredRanges++;
        const top = ranges.indexOf(range as StaticRange) * (height / 2) - scrolled;
        return { top, bottom: top + 20 };
      };
    }
    const indexes = (ranges: StaticRange[]) =>
      ranges.flatMap((range, i) => (registered().has(range) ? [i] : []));

    beforeEach(() => {
      scrolled = 0;
      measuredRanges = 0;
    });

    /** A new painter (measuring blocks or not) given the long paragraph's ranges in one commit. */
    function paintLongParagraph(
      measureNear: ((element: Element) => boolean) | null,
      windowMin: number,
    ): { block: HTMLElement; ranges: StaticRange[] } {
      painter.dispose();
      const paragraph = longParagraph();
      painter = makePainter(measureNear, undefined, {
        windowMin,
        measureRange: boxOf(paragraph.ranges),
      });
      painter.add(paragraph.ranges, paragraph.block);
      painter.commit();
      return paragraph;
    }

    it('registers only the run of its ranges near the viewport, and moves it when told the page scrolled', () => {
      const { block, ranges } = paintLongParagraph(() => true, 5);
      // Within a viewport's height of the view (tops up to twice its height): the first five.
      expect(indexes(ranges)).toEqual([0, 1, 2, 3, 4]);
      expect(painter.size).toBe(12);
      expect(painter.followsRuns).toBe(true);
      // Found by halving: fewer boxes asked than there are ranges.
      expect(measuredRanges).toBeLessThan(12);
      scrolled = 3 * height;
      painter.followNearRuns();
      expect(indexes(ranges)).toEqual([4, 5, 6, 7, 8, 9, 10]);
      const view = views[0] as FakeNearView;
      view.report([], [block]);
      expect(registered().size).toBe(0);
      view.report([block], []);
      expect(indexes(ranges)).toEqual([4, 5, 6, 7, 8, 9, 10]);
      // Scrolled past the whole paragraph: none of it is near.
      scrolled = 20 * height;
      painter.followNearRuns();
      expect(registered().size).toBe(0);
    });

    it('when the observer reports the block near (nothing measured in the commit), registers the run, not all', () => {
      const { block, ranges } = paintLongParagraph(null, 5);
      expect(registered().size).toBe(0);
      (views[0] as FakeNearView).report([block], []);
      expect(indexes(ranges)).toEqual([0, 1, 2, 3, 4]);
      expect(painter.followsRuns).toBe(true);
    });

    it('registers every range of a block at or under the minimum', () => {
      paintLongParagraph(() => true, 12);
      expect(registered().size).toBe(12);
      expect(painter.followsRuns).toBe(false);
      expect(measuredRanges).toBe(0);
    });
  });
});
