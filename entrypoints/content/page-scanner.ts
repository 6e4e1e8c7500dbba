/**
 * Scans the page (or the blocks that changed) in slices: text blocks → matches → static ranges → index and
 * highlights. The visible part of the page is marked first.
 */
import type { Matcher } from '../../glossary/types';
import { CHUNK_CHARS, ChunkedBlockReader } from './chunked-text';
import { SCREENFUL_CHARS } from './constants';
import { firstOccurrences, rangeOfMatch } from './page-ranges';
import type { PageIndex, PageTerm } from './page-index';
import type { SliceJob, SliceQueue } from './scheduler';
import { BlockCollector, isRendered, type BlockContainer, type TextBlock } from './text-blocks';
import { startNearView } from './view-start';

/**
 * Where ranges go. Changes are gathered and applied by `commit()`: browsers redo work for every range on the page
 * in each frame where a highlight changed, so a scan commits rarely (what is in view first, then the rest).
 */
export interface RangeSink {
  /** Ranges in the text of one block (the painter may register only those of blocks near the viewport). */
  add(ranges: Iterable<AbstractRange>, container: BlockContainer): void;
  remove(ranges: Iterable<AbstractRange>): void;
  commit(): void;
  /** True when the block is known to be far from the viewport (its terms may then give way to nearer ones). */
  isFar?(container: BlockContainer): boolean;
  /** Follows blocks whose terms gave way; `onNear` gets those that come near the viewport again. */
  whenNear?(
    containers: readonly BlockContainer[],
    onNear: (containers: BlockContainer[]) => void,
  ): void;
}

export interface ScannerOptions {
  matcher: Matcher;
  index: PageIndex;
  painter: RangeSink;
  queue: SliceQueue;
  firstOccurrenceOnly: boolean;
  maxTerms: number;
  /** A new open shadow root was found (observe it, adopt our styles there). */
  onShadowRoot?: (root: ShadowRoot) => void;
  /** A scan or rescan finished and the set of terms may have changed. */
  onScanned?: () => void;
  isRendered?: (container: BlockContainer) => boolean;
  /** Order the blocks of big scans so that those in view come first (needs layout; off in unit tests). */
  visibleFirst?: boolean;
  /**
   * On a full page, whether a block with terms is near the viewport now: its terms then take the place of those of
   * blocks far from it (see `RangeSink.isFar`), so that the marks follow the reader on a page that keeps growing.
   */
  isNearViewport?: (container: BlockContainer) => boolean;
  /**
   * Scan the whole page again, from where the reader is: the page was full (`maxTerms`) and since then so many terms
   * have gone that the rest of the page may have room, or the reader has come to a block that found no room.
   */
  onCapLifted?: () => void;
  /**
   * Scans of the whole page begin a little above the view (see startNearView) instead of at the page's start: for a
   * reader who has moved on in a page longer than we mark.
   */
  startAtView?: boolean;
  /** Where such a scan begins (tests); startNearView by default. */
  viewStart?: (root: Element) => Element | null;
  /** A scan of the page walks at most this many nodes, then waits for the reader (WALK_MAX_NODES). */
  walkMaxNodes?: number;
}

/** With the view marked early, how long a scan may hold back its marks (see `PageScanner.scan`). */
const VIEW_MARKED_HOLD_MS = 200;

/**
 * A walk of the page reads at most this many nodes (elements and text) before it waits for the reader to come near
 * where it stopped: past it, a page is so big that walking on would only make garbage-collection work for the page
 * (a wrapper object per node), in pauses inside our slices. The 5 MB benchmark page has 98,000 nodes.
 */
export const WALK_MAX_NODES = 120_000;

/** Below this share of `maxTerms`, a page whose walk stopped at the cap is scanned again (a few edits are not enough). */
const CAP_LIFTED_SHARE = 0.9;

/** Blocks reordered so that the first one in view (and those after it) come first. */
export function visibleFirstOrder(
  blocks: readonly TextBlock[],
  viewportHeight: number,
): TextBlock[] {
  const bottomOf = (block: TextBlock): number => {
    const node = block.nodes[0];
    if (!node) return Number.POSITIVE_INFINITY;
    const range = node.ownerDocument.createRange();
    range.selectNodeContents(node);
    return range.getBoundingClientRect().bottom;
  };
  // Blocks come in document order, which for ordinary pages is also top-to-bottom: a binary search finds the first
  // block that ends below the top of the viewport in a handful of measurements.
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (bottomOf(blocks[middle] as TextBlock) < 0) low = middle + 1;
    else high = middle;
  }
  if (low === 0 || low >= blocks.length || viewportHeight <= 0) return [...blocks];
  return [...blocks.slice(low), ...blocks.slice(0, low)];
}

/** A long block being read a chunk at a time (see ChunkedBlockReader). */
interface LongBlock {
  block: TextBlock;
  reader: ChunkedBlockReader;
  terms: PageTerm[];
  seen: Set<string>;
}

interface ActiveJob {
  stale: BlockContainer[];
  long: LongBlock | null;
  /** Rendered or not, asked once per container (it needs style). */
  rendered: Map<BlockContainer, boolean>;
  /** Characters of text the job has read so far. */
  readChars: number;
}

export class PageScanner {
  /** Containers left out because their text was not rendered when scanned. */
  readonly hidden = new Set<BlockContainer>();
  /** The page had more terms than `maxTerms`. */
  private full = false;
  /** The walk of the page stopped after WALK_MAX_NODES nodes: the rest waits for the reader. */
  private readEnough = false;
  /** Elements in the page's main tree, as of its last full scan (infinite when the walk stopped at the cap). */
  pageElements = 0;
  /** The walk of the page stopped when the cap was reached: the rest of the page was never read. */
  private walkStoppedAtCap = false;
  private readonly knownShadowRoots = new Set<ShadowRoot>();
  private readonly active = new Set<ActiveJob>();
  /** Set by reset(): a walk waiting for the reader, or a block coming near, must not wake this scanner. */
  private retired = false;
  /** Where the walk of the page stopped (full, or read enough), followed until the reader comes near it. */
  stoppedAt: BlockContainer | null = null;
  /** Where the walk of the page began, when not at its start (`startAtView`). */
  walkStart: Element | null = null;

  constructor(private readonly options: ScannerOptions) {}

  get busy(): boolean {
    return this.active.size > 0;
  }

  /**
   * The reader has left the part of a huge page that was read: they have come within a screen of where its walk
   * stopped after reading enough (or past it), or the view begins above where a walk from the view began. Asked when
   * the scrolling settles (on a page with few terms nothing else follows the reader); `topOf` is an element's top
   * relative to the viewport.
   */
  readerLeftWalk(topOf: (element: Element) => number, viewportHeight: number): boolean {
    const { stoppedAt, walkStart } = this;
    if (walkStart?.isConnected && topOf(walkStart) > 0) return true;
    if (!this.readEnough || !stoppedAt?.isConnected) return false;
    return topOf('host' in stoppedAt ? stoppedAt.host : stoppedAt) <= 2 * viewportHeight;
  }

  /**
   * Only part of the page is marked: it holds more terms than `maxTerms`, or is so big that the walk stopped, or the
   * walk began at the view (for a reader who moved on in such a page).
   */
  get capped(): boolean {
    return this.full || this.readEnough || this.walkStart !== null;
  }

  /**
   * Queues a scan of a whole tree (the body, or an open shadow root). `viewMarked`: the part in view is marked
   * already (early marks), so the scan shows its marks once, at its end (or after VIEW_MARKED_HOLD_MS), rather than
   * also after its first slice: each change of the highlights costs big pages a frame of work.
   */
  scan(root: BlockContainer, startNow = false, viewMarked = false): void {
    const isShadow = 'host' in root;
    this.options.queue.push(
      this.job(root, !isShadow && (this.options.visibleFirst ?? false), viewMarked),
      startNow,
    );
  }

  /** Drops the terms of these blocks (and of blocks no longer on the page) and scans the blocks again. */
  rescan(containers: readonly BlockContainer[]): void {
    const { index, painter } = this.options;
    for (const job of this.active) job.stale.push(...containers);
    const removed = index.removeWithin(containers);
    painter.remove(removed.map((term) => term.range));
    for (const container of [...this.hidden]) {
      if (
        !container.isConnected ||
        containers.some((c) => c === container || c.contains(container))
      ) {
        this.hidden.delete(container);
      }
    }
    for (const root of [...this.knownShadowRoots]) {
      if (!root.host.isConnected) this.knownShadowRoots.delete(root);
    }
    if (index.size < this.options.maxTerms) this.full = false;
    const { onCapLifted } = this.options;
    if (
      onCapLifted &&
      this.walkStoppedAtCap &&
      index.size < this.options.maxTerms * CAP_LIFTED_SHARE
    ) {
      // The whole page is scanned again: these containers with it.
      this.walkStoppedAtCap = false;
      onCapLifted();
      return;
    }
    for (const container of containers) this.options.queue.push(this.job(container, false));
    if (containers.length === 0 && removed.length > 0) {
      this.options.painter.commit();
      this.options.onScanned?.();
    }
  }

  /**
   * Looks once more for open shadow roots under `root` and scans the new ones. A custom element defined after our
   * scan gets its shadow root without any change in the light DOM, so no mutation tells us about it.
   */
  sweepShadowRoots(root: BlockContainer): void {
    const collector = new BlockCollector(root, {
      onShadowRoot: (shadow) => this.foundShadowRoot(shadow),
    });
    this.options.queue.push((deadline) => collector.step(deadline));
  }

  /** Forgets everything painted (the caller clears the painter and index too). */
  reset(): void {
    this.retired = true;
    this.active.clear();
    this.hidden.clear();
    this.knownShadowRoots.clear();
    this.full = false;
    this.readEnough = false;
    this.walkStoppedAtCap = false;
    this.stoppedAt = null;
    this.walkStart = null;
  }

  private job(root: BlockContainer, visibleFirst: boolean, viewMarked = false): SliceJob {
    const state: ActiveJob = { stale: [], long: null, rendered: new Map(), readChars: 0 };
    this.active.add(state);
    let order: TextBlock[] | null = null;
    let next = 0;
    let committedView = false;
    /** Where the walk stopped: the first block that found no room (the page is full), or where it had read enough. */
    let refused: BlockContainer | null = null;
    // At the top of the page, as on load, document order is view order: the blocks are marked as the walk finds
    // them and the first slice's are shown at once, instead of after a walk of the whole page. So it is from a little
    // above the view, for a reader who moved on in a long page.
    const start =
      visibleFirst && this.options.startAtView && root.nodeType === 1
        ? (this.options.viewStart ?? startNearView)(root as Element)
        : null;
    const streaming = visibleFirst && (window.scrollY === 0 || start !== null);
    if (start) this.walkStart = start;
    const walkMaxNodes = this.options.walkMaxNodes ?? WALK_MAX_NODES;
    const collector = new BlockCollector(root, {
      onShadowRoot: (shadow) => this.foundShadowRoot(shadow),
      start: start ?? undefined,
    });
    const startedAt = performance.now();
    const pause = (): false => {
      const holding = viewMarked && performance.now() - startedAt < VIEW_MARKED_HOLD_MS;
      // A slow first slice (a GC, a busy machine) may end before it has read what is in view.
      const readView = state.readChars >= SCREENFUL_CHARS;
      if (visibleFirst && !committedView && !holding && readView) {
        // The job has covered the part in view (the blocks are in view order): show it now.
        committedView = true;
        this.options.painter.commit();
      }
      return false;
    };
    return (deadline) => {
      if (!this.active.has(state)) return true;
      if (streaming) {
        while (!collector.done || next < collector.blocks.length || state.long) {
          if (state.long) {
            if (!this.continueLongBlock(state, deadline)) return pause();
          } else if (next < collector.blocks.length - (collector.done ? 0 : 1)) {
            // Not the walk's last block until the walk is over: more of its text may be on the way.
            const block = collector.blocks[next++] as TextBlock;
            if (this.markBlock(block, state)) {
              // Full: walking on would only touch the rest of the page (a wrapper object per node) for nothing.
              refused = block.container;
              this.walkStoppedAtCap = true;
              this.pageElements = Number.POSITIVE_INFINITY;
              break;
            }
            if (next === 256) {
              // Marked blocks are in the index if they hold terms: the rest need not stay alive.
              collector.dropBlocks(next);
              next = 0;
            }
            if ((next & 7) === 0 && performance.now() > deadline) return pause();
          } else {
            if (collector.visited >= walkMaxNodes) {
              // Read enough of a huge page: the rest waits for the reader (the popup says only part is marked).
              refused = this.stopPoint(collector, next);
              this.readEnough = true;
              this.pageElements = Number.POSITIVE_INFINITY;
              break;
            }
            // Walk a little (a couple of ms), then mark what it found.
            collector.step(
              Math.min(deadline, performance.now() + 2),
              walkMaxNodes - collector.visited,
            );
            this.pageElements = collector.elements;
            if (performance.now() > deadline) return pause();
          }
        }
      } else {
        if (!collector.done && !collector.step(deadline)) return false;
        if (order === null) {
          if (visibleFirst) this.pageElements = collector.elements;
          order =
            visibleFirst && collector.blocks.length > 50
              ? visibleFirstOrder(collector.blocks, window.innerHeight)
              : collector.blocks;
          if (performance.now() > deadline) return false;
        }
        while (next < order.length || state.long) {
          if (state.long) {
            if (!this.continueLongBlock(state, deadline)) return false;
            continue;
          }
          const block = order[next++] as TextBlock;
          if (this.markBlock(block, state)) {
            refused ??= block.container;
            // In view order, the rest are farther from the reader and would find no room either (in document
            // order, as in a rescan, a later block may still be near the reader).
            if (order !== collector.blocks) break;
          }
          if ((next & 7) === 0 && performance.now() > deadline) return pause();
        }
      }
      this.active.delete(state);
      if (refused && visibleFirst) this.followReaderTo(refused);
      this.options.painter.commit();
      this.options.onScanned?.();
      return true;
    };
  }

  /**
   * The page was full before `block`: when the reader gets near it, the page is scanned again from where the reader
   * is (`onCapLifted`), so that the marks follow the reader through a page of any length.
   */
  private followReaderTo(container: BlockContainer): void {
    const { painter, onCapLifted, isNearViewport } = this.options;
    this.stoppedAt = container;
    if (!onCapLifted || !painter.whenNear || !isNearViewport) return;
    // Near already and still no room: the part in view alone fills the page; scanning again would change nothing.
    if (isNearViewport(container)) return;
    painter.whenNear([container], () => {
      if (this.retired) return;
      this.walkStoppedAtCap = false;
      onCapLifted();
    });
  }

  /** The block where a walk that read enough goes on: the first one not marked, or where the walk is. */
  private stopPoint(collector: BlockCollector, next: number): BlockContainer | null {
    const pending = collector.blocks[next];
    if (pending) return pending.container;
    const node = collector.nextNode;
    return node ? (node.nodeType === 1 ? (node as Element) : node.parentElement) : null;
  }

  private foundShadowRoot(root: ShadowRoot): void {
    if (this.knownShadowRoots.has(root)) return;
    this.knownShadowRoots.add(root);
    this.options.onShadowRoot?.(root);
    this.scan(root);
  }

  private rendered(container: BlockContainer, job: ActiveJob): boolean {
    let rendered = job.rendered.get(container);
    if (rendered === undefined) {
      rendered = (this.options.isRendered ?? isRendered)(container);
      job.rendered.set(container, rendered);
      if (!rendered) this.hidden.add(container);
    }
    return rendered;
  }

  /** Reads chunks of the job's long block until the deadline; true when the block is finished. */
  private continueLongBlock(job: ActiveJob, deadline: number): boolean {
    const long = job.long as LongBlock;
    const { index, matcher, maxTerms } = this.options;
    const owner = long.block.container;
    const stillThere =
      long.block.nodes.every((node) => node.isConnected) &&
      !job.stale.some((c) => c === owner || c.contains(owner));
    while (stillThere && !long.reader.done) {
      const room = maxTerms - index.size - long.terms.length;
      if (room <= 0) {
        this.full = true;
        break;
      }
      let matches = long.reader.next(matcher);
      if (this.options.firstOccurrenceOnly) {
        matches = matches.filter((match) => !long.seen.has(match.entryId));
        for (const match of matches) long.seen.add(match.entryId);
      }
      if (matches.length > room) {
        matches = matches.slice(0, room);
        this.full = true;
      }
      for (const match of matches) {
        long.terms.push({
          range: rangeOfMatch(long.block, match),
          entryId: match.entryId,
          text: match.text,
          block: long.block,
        });
      }
      if (performance.now() > deadline) return false;
    }
    job.long = null;
    if (stillThere && long.terms.length > 0 && this.rendered(long.block.container, job)) {
      index.add(long.block, long.terms);
      this.options.painter.add(
        long.terms.map((term) => term.range),
        long.block.container,
      );
    }
    return true;
  }

  /**
   * Drops the terms of blocks far from the viewport, oldest first, to make room for `count` terms of a block near
   * it; follows the dropped blocks to mark them again when the reader gets back to them. Returns the room made.
   */
  private makeRoom(count: number): number {
    const { index, painter } = this.options;
    const isFar = painter.isFar?.bind(painter);
    if (!isFar) return 0;
    const removed = index.removeBlocks((block) => isFar(block.container), count);
    if (removed.length === 0) return 0;
    painter.remove(removed.map((term) => term.range));
    const containers = [...new Set(removed.map((term) => term.block.container))];
    painter.whenNear?.(containers, (near) => {
      if (!this.retired) this.rescan(near);
    });
    this.full = true;
    return removed.length;
  }

  /** Marks a block's terms; true when it has terms but found no room for them (the page is full). */
  private markBlock(block: TextBlock, job: ActiveJob): boolean {
    const { index, matcher, maxTerms } = this.options;
    const first = block.nodes[0];
    if (!first || !first.isConnected) return false;
    if (job.stale.length > 0) {
      const owner = block.container;
      // A newer rescan of this block is queued: marking it now would mark it twice.
      if (job.stale.some((c) => c === owner || c.contains(owner))) return false;
    }
    let room = maxTerms - index.size;
    const mayMakeRoom = this.options.isNearViewport !== undefined && this.options.painter.isFar;
    if (room <= 0 && !mayMakeRoom) {
      this.full = true;
      return true;
    }
    const segments = block.nodes.map((node) => node.data);
    const length = segments.reduce((sum, segment) => sum + segment.length, 0);
    job.readChars += length;
    if (length > CHUNK_CHARS) {
      job.long = { block, reader: new ChunkedBlockReader(segments), terms: [], seen: new Set() };
      return false;
    }
    let matches = matcher.findInSegments(segments);
    if (this.options.firstOccurrenceOnly) matches = firstOccurrences(matches);
    if (matches.length === 0) return false;
    if (!this.rendered(block.container, job)) return false;
    if (matches.length > room && mayMakeRoom && this.options.isNearViewport?.(block.container)) {
      room += this.makeRoom(matches.length - room);
    }
    if (matches.length > room) {
      this.full = true;
      if (room <= 0) return true;
      matches = matches.slice(0, room);
    }
    const terms: PageTerm[] = [];
    const ranges: StaticRange[] = [];
    for (const match of matches) {
      const range = rangeOfMatch(block, match);
      terms.push({ range, entryId: match.entryId, text: match.text, block });
      ranges.push(range);
    }
    index.add(block, terms);
    this.options.painter.add(ranges, block.container);
    return false;
  }
}
