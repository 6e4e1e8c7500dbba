/**
 * Paints terms with the CSS Custom Highlight API: ranges in `Highlight` objects registered in `CSS.highlights`,
 * styled by a constructed style sheet adopted by the document (and by open shadow roots, where Firefox applies
 * `::highlight()` rules only from their own tree scope). Nothing in the page's DOM changes.
 *
 * On pages with many terms (more than REGISTER_ALL_MAX) only the ranges of blocks near the viewport are in the
 * `Highlight`; the others are kept and registered when their block comes near (see NearView). Of a block with more
 * than BLOCK_WINDOW_MIN ranges, only the run of them near the viewport is registered (see `followNearRuns`).
 */
import {
  BLOCK_WINDOW_MIN,
  CURRENT_HIGHLIGHT,
  MEASURE_MAX,
  REGISTER_ALL_MAX,
  TERMS_HIGHLIGHT,
} from './constants';
import { HELP_CURSOR_CSS } from './highlight-style';
import {
  blockElement,
  isNearViewportNow,
  nearRun,
  observeNearView,
  rangeBox,
  type NearView,
  type NearViewFactory,
  type VerticalBox,
} from './near-view';
import type { BlockContainer } from './text-blocks';

/** False in browsers without the Custom Highlight API: then nothing is marked (the popup says so). */
export function highlightApiAvailable(): boolean {
  return (
    typeof CSS !== 'undefined' &&
    'highlights' in CSS &&
    typeof Highlight === 'function' &&
    typeof StaticRange === 'function'
  );
}

type StyleScope = Document | ShadowRoot;

/**
 * Measuring blocks in a commit saves Chromium a frame of work (see `commit`). Not in Firefox, which lays out a big
 * page in interruptible parts after its first render: the first box asked for there made it finish the layout of a
 * 10 MB text inside our task (stalls of 0.4-0.5 s instead of 0.25 s in the reliability suite).
 */
function defaultMeasureNear(): ((element: Element) => boolean) | null {
  return import.meta.env.FIREFOX ? null : isNearViewportNow;
}

const AWAITED_PRUNE_MIN = 1024;

export interface PainterOptions {
  /** Register every range while there are at most this many (see REGISTER_ALL_MAX). */
  registerAllMax?: number;
  nearView?: NearViewFactory;
  /** Whether an element is near the viewport, asked now (see `commit`); null: never asked, always awaited. */
  measureNear?: ((element: Element) => boolean) | null;
  /** At most this many blocks measured in one commit (MEASURE_MAX). */
  measureMax?: number;
  /** Blocks with more ranges than this register only those near the viewport (BLOCK_WINDOW_MIN). */
  windowMin?: number;
  /** Where a range is drawn, asked of a few ranges of such a block. */
  measureRange?: (range: AbstractRange) => VerticalBox;
}

interface AwaitedBlock {
  container: BlockContainer;
  onNear: (containers: BlockContainer[]) => void;
}

export class HighlightPainter {
  private readonly terms = new Highlight();
  private readonly current = new Highlight();
  private readonly sheet = new CSSStyleSheet();
  private readonly cursorSheet = new CSSStyleSheet();
  private readonly scopes = new Set<StyleScope>();
  private readonly pendingAdd = new Map<AbstractRange, Element>();
  private readonly pendingRemove = new Set<AbstractRange>();
  /** Every painted range, registered or not, with the element whose nearness decides. */
  private readonly painted = new Map<AbstractRange, Element>();
  private readonly byElement = new Map<Element, Set<AbstractRange>>();
  /** Set while only ranges near the viewport are registered. */
  private nearView: NearView | null = null;
  /** Blocks followed until they come near the viewport (see `whenNear`). */
  private readonly awaited = new Map<Element, AwaitedBlock>();
  /** When `awaited` grows past this, blocks no longer on the page are let go (they would never come near). */
  private pruneAwaitedAt = AWAITED_PRUNE_MIN;
  private readonly registerAllMax: number;
  private readonly nearViewFactory: NearViewFactory;
  private readonly measureNear: ((element: Element) => boolean) | null;
  private readonly measureMax: number;
  /** Blocks whose ranges were taken back before being painted (watched since `add`: maybe no longer needed). */
  private readonly unpainted = new Set<Element>();
  /** Set during a commit: blocks not yet reported, measured once each (at most `measureMax`). */
  private measured: Map<Element, boolean> | null = null;
  private readonly windowMin: number;
  private readonly measureRange: (range: AbstractRange) => VerticalBox;
  /** Near blocks of which only the run of ranges near the viewport is registered. */
  private readonly windowed = new Set<Element>();
  private helpCursor = false;
  private css = '';

  /**
   * Create it as early as possible (at document_start) with the CSS the settings most likely ask for: adopting or
   * changing a sheet restyles every element already on the page, which is free only while the page is empty.
   */
  constructor(
    css: string,
    private readonly doc: Document = document,
    options: PainterOptions = {},
  ) {
    this.registerAllMax = options.registerAllMax ?? REGISTER_ALL_MAX;
    this.nearViewFactory = options.nearView ?? observeNearView;
    this.measureNear =
      options.measureNear === undefined ? defaultMeasureNear() : options.measureNear;
    this.measureMax = options.measureMax ?? MEASURE_MAX;
    this.windowMin = options.windowMin ?? BLOCK_WINDOW_MIN;
    this.measureRange = options.measureRange ?? rangeBox;
    this.current.priority = 1;
    this.setCss(css);
    this.cursorSheet.replaceSync(HELP_CURSOR_CSS);
    this.cursorSheet.disabled = true;
    this.adoptInto(doc);
    this.register();
  }

  /** Painted ranges, registered or waiting to come near the viewport. */
  get size(): number {
    return this.painted.size;
  }

  /**
   * False when every painted block has been reported far from the viewport: the reader is somewhere nothing is
   * marked. True otherwise, and whenever every range is registered.
   */
  anyNear(): boolean {
    const nearView = this.nearView;
    if (!nearView) return true;
    for (const element of this.byElement.keys()) {
      if (nearView.isNear(element) !== false) return true;
    }
    return false;
  }

  /** True when the block was reported far from the viewport (only known on pages with many terms). */
  isFar(container: BlockContainer): boolean {
    return this.nearView?.isNear(blockElement(container)) === false;
  }

  /**
   * Follows blocks (whose terms gave way to nearer ones, or where a walk stopped) and calls `onNear` once with
   * those that come near the viewport. Only while ranges are registered by nearness.
   */
  whenNear(
    containers: readonly BlockContainer[],
    onNear: (containers: BlockContainer[]) => void,
  ): void {
    const nearView = this.nearView;
    if (!nearView) return;
    for (const container of containers) {
      const element = blockElement(container);
      this.awaited.set(element, { container, onNear });
      nearView.watch(element);
    }
    if (this.awaited.size > this.pruneAwaitedAt) {
      // A feed that removes its old posts: the observer reports nothing for a removed block that was already far.
      for (const [element, awaited] of this.awaited) {
        if (awaited.container.isConnected) continue;
        this.awaited.delete(element);
        if (!this.byElement.has(element)) nearView.unwatch(element);
      }
      this.pruneAwaitedAt = Math.max(AWAITED_PRUNE_MIN, this.awaited.size * 2);
    }
  }

  /** Changes the rules (only when they differ: each change restyles the page). */
  setCss(css: string): void {
    if (css === this.css) return;
    this.css = css;
    this.sheet.replaceSync(css);
  }

  /** Queues ranges to paint (see commit), all in the text of `container`. */
  add(ranges: Iterable<AbstractRange>, container: BlockContainer): void {
    const element = blockElement(container);
    for (const range of ranges) {
      if (!this.pendingRemove.delete(range)) this.pendingAdd.set(range, element);
    }
    if (!this.nearView && this.painted.size + this.pendingAdd.size > this.registerAllMax) {
      this.registerNearOnly();
    }
    // Watched from now (handed to the observer at once or within NEAR_VIEW_BATCH_MS): a commit after the observer
    // has told whether the block is near needs to ask fewer boxes.
    this.nearView?.watch(element);
  }

  /** Queues ranges to unpaint (see commit). */
  remove(ranges: Iterable<AbstractRange>): void {
    for (const range of ranges) {
      const element = this.pendingAdd.get(range);
      if (element === undefined) this.pendingRemove.add(range);
      else {
        this.pendingAdd.delete(range);
        this.unpainted.add(element);
      }
    }
  }

  /**
   * Applies the queued changes at once. Browsers redo work for every highlighted range in each frame where a
   * highlight changed (Chromium rebuilds its markers for all of them), so changes are batched, not applied one by one.
   *
   * While only ranges near the viewport are registered, the blocks not yet reported by the observer (whose report
   * comes after the next rendering) are measured now, up to `measureMax` of them: their marks are in the next frame,
   * with no second change (and frame of work) after it, and a feed's new post is marked before the reader scrolls it
   * away. A scan commits when the layout is up to date; after a change of the page, the first box asked for lays
   * out what changed, which the next frame would have done anyway.
   */
  commit(): void {
    for (const range of this.pendingRemove) this.forget(range);
    this.pendingRemove.clear();
    this.measured = this.nearView && this.measureNear ? new Map() : null;
    // Ranges come a block at a time: what is known of their block is looked up once per run of its ranges.
    let block: Element | null = null;
    let blockRanges: Set<AbstractRange> | null = null;
    let near = false;
    /** Near blocks given more ranges than the window minimum in this commit: their run is found once, at the end. */
    let runs: Set<Element> | null = null;
    for (const [range, element] of this.pendingAdd) {
      if (this.painted.has(range)) continue;
      this.painted.set(range, element);
      if (element !== block || !blockRanges) {
        block = element;
        blockRanges = this.rangesOf(element);
        near = this.isNearForPainting(element);
      }
      blockRanges.add(range);
      if (!near) continue;
      if (this.nearView && blockRanges.size > this.windowMin) (runs ??= new Set()).add(element);
      else this.terms.add(range);
    }
    this.measured = null;
    for (const element of runs ?? []) this.registerNear(element);
    this.pendingAdd.clear();
    for (const element of this.unpainted) {
      if (!this.byElement.has(element) && !this.awaited.has(element))
        this.nearView?.unwatch(element);
    }
    this.unpainted.clear();
    if (this.nearView && this.painted.size <= this.registerAllMax / 2) this.registerAll();
    // The blocks just painted are reported after the next rendering, not when their batch would be due.
    this.nearView?.flush();
  }

  /** Blocks wait to be handed to the IntersectionObserver or for its first report (test builds; see NearView). */
  get nearViewPending(): boolean {
    return this.nearView?.pending?.() ?? false;
  }

  /** True while some block has only part of its ranges registered: they depend on where the page is scrolled. */
  get followsRuns(): boolean {
    return this.windowed.size > 0;
  }

  /** After a scroll: the runs of ranges registered in long blocks move with the viewport. */
  followNearRuns(): void {
    for (const element of this.windowed) {
      if (this.nearView?.isNear(element) !== false) this.registerNear(element);
    }
  }

  setCurrent(range: AbstractRange | null): void {
    this.current.clear();
    if (range) this.current.add(range);
  }

  clear(): void {
    this.pendingAdd.clear();
    this.unpainted.clear();
    this.pendingRemove.clear();
    this.painted.clear();
    this.byElement.clear();
    this.windowed.clear();
    this.stopFollowing();
    this.terms.clear();
    this.current.clear();
  }

  setHelpCursor(on: boolean): void {
    if (on === this.helpCursor) return;
    this.helpCursor = on;
    this.cursorSheet.disabled = !on;
  }

  /** Adopts our sheets in a document or shadow root (once). */
  adoptInto(scope: StyleScope): void {
    this.scopes.add(scope);
    this.ensureAdopted(scope);
  }

  /**
   * The page shares the registry and its adopted sheets, and may clear or replace them: puts ours back. Returns true
   * when something had to be restored.
   */
  restore(): boolean {
    let restored = this.register();
    for (const scope of this.scopes) {
      if (scope !== this.doc && !(scope as ShadowRoot).host.isConnected) {
        this.scopes.delete(scope);
        continue;
      }
      restored = this.ensureAdopted(scope) || restored;
    }
    return restored;
  }

  dispose(): void {
    this.clear();
    if (CSS.highlights.get(TERMS_HIGHLIGHT) === this.terms) CSS.highlights.delete(TERMS_HIGHLIGHT);
    if (CSS.highlights.get(CURRENT_HIGHLIGHT) === this.current) {
      CSS.highlights.delete(CURRENT_HIGHLIGHT);
    }
    for (const scope of this.scopes) {
      const sheets = scope.adoptedStyleSheets;
      for (let i = sheets.length - 1; i >= 0; i--) {
        if (sheets[i] === this.sheet || sheets[i] === this.cursorSheet) sheets.splice(i, 1);
      }
    }
    this.scopes.clear();
  }

  /** The painted ranges of a block element, followed by the observer from the first. */
  private rangesOf(element: Element): Set<AbstractRange> {
    let ranges = this.byElement.get(element);
    if (!ranges) {
      ranges = new Set();
      this.byElement.set(element, ranges);
      this.nearView?.watch(element);
    }
    return ranges;
  }

  private isNearForPainting(element: Element): boolean {
    const nearView = this.nearView;
    if (!nearView) return true;
    const reported = nearView.isNear(element);
    if (reported !== undefined) return reported;
    // Not yet reported (a block just found): measured now, or past the limit it waits for the report.
    const measured = this.measured;
    if (!measured) return false;
    let near = measured.get(element);
    if (near === undefined) {
      if (measured.size >= this.measureMax) return false;
      near = this.measureNear?.(element) ?? false;
      measured.set(element, near);
    }
    return near;
  }

  private forget(range: AbstractRange): void {
    const element = this.painted.get(range);
    if (element === undefined) return;
    this.painted.delete(range);
    this.terms.delete(range);
    const ranges = this.byElement.get(element);
    ranges?.delete(range);
    if (ranges?.size === 0) {
      this.byElement.delete(element);
      this.windowed.delete(element);
      if (!this.awaited.has(element)) this.nearView?.unwatch(element);
    }
  }

  /**
   * From now on only ranges near the viewport are registered. Those registered so far stay until their block is
   * reported far (a page is mostly marked from the top, where the reader is on load).
   */
  private registerNearOnly(): void {
    const nearView = this.nearViewFactory((near, far) => {
      if (this.nearView !== nearView) return;
      // Only real changes: a change to a highlight, even to no effect, costs the page a frame of work.
      for (const element of far) {
        for (const range of this.byElement.get(element) ?? []) {
          if (this.terms.has(range)) this.terms.delete(range);
        }
      }
      const arrived = new Map<AwaitedBlock['onNear'], BlockContainer[]>();
      for (const element of near) {
        this.registerNear(element);
        const awaited = this.awaited.get(element);
        if (!awaited) continue;
        this.awaited.delete(element);
        if (!this.byElement.has(element)) nearView.unwatch(element);
        if (!awaited.container.isConnected) continue;
        const list = arrived.get(awaited.onNear);
        if (list) list.push(awaited.container);
        else arrived.set(awaited.onNear, [awaited.container]);
      }
      for (const [onNear, containers] of arrived) onNear(containers);
    });
    this.nearView = nearView;
    for (const element of this.byElement.keys()) nearView.watch(element);
    for (const element of this.pendingAdd.values()) nearView.watch(element);
  }

  /**
   * Registers the ranges of a block near the viewport: all of them, or, past `windowMin`, only the run of them near
   * the viewport, the rest taken back. A block holding hundreds of terms is as tall as the page (a page that is one
   * paragraph, or one 10 MB text): registering them all would cost every frame as much as on a page where all are
   * registered. Firefox also spends a long time per range added in a deep tree (comparing positions to keep its ranges
   * sorted).
   */
  private registerNear(element: Element): void {
    const set = this.byElement.get(element);
    if (!set || set.size <= this.windowMin) {
      this.windowed.delete(element);
      for (const range of set ?? []) if (!this.terms.has(range)) this.terms.add(range);
      return;
    }
    this.windowed.add(element);
    const ranges = [...set];
    const height = this.doc.defaultView?.innerHeight ?? 0;
    const run = nearRun(
      ranges.length,
      (index) => this.measureRange(ranges[index] as AbstractRange),
      height,
    );
    const [first, last] = run ?? [ranges.length, -1];
    for (let i = 0; i < ranges.length; i++) {
      const range = ranges[i] as AbstractRange;
      const wanted = i >= first && i <= last;
      if (wanted === this.terms.has(range)) continue;
      if (wanted) this.terms.add(range);
      else this.terms.delete(range);
    }
  }

  private registerAll(): void {
    this.windowed.clear();
    this.stopFollowing();
    for (const range of this.painted.keys()) this.terms.add(range);
  }

  private stopFollowing(): void {
    this.nearView?.disconnect();
    this.nearView = null;
    this.awaited.clear();
  }

  private register(): boolean {
    let changed = false;
    if (CSS.highlights.get(TERMS_HIGHLIGHT) !== this.terms) {
      CSS.highlights.set(TERMS_HIGHLIGHT, this.terms);
      changed = true;
    }
    if (CSS.highlights.get(CURRENT_HIGHLIGHT) !== this.current) {
      CSS.highlights.set(CURRENT_HIGHLIGHT, this.current);
      changed = true;
    }
    return changed;
  }

  private ensureAdopted(scope: StyleScope): boolean {
    const sheets = scope.adoptedStyleSheets;
    let changed = false;
    // push() on the live array rather than assigning a new array: it works across Firefox's content-script wrappers.
    if (!sheets.includes(this.sheet)) {
      sheets.push(this.sheet);
      changed = true;
    }
    if (!sheets.includes(this.cursorSheet)) {
      sheets.push(this.cursorSheet);
      changed = true;
    }
    return changed;
  }
}
