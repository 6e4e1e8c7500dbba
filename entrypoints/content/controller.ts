/**
 * One page's (or frame's) marking and explaining: owns the index, the painter, the scanner, the watcher and the
 * card, and applies settings. index.ts wires it to the extension (storage, messages).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { BundledGlossary } from '../../glossary/bundled-matcher';
import type { Entry } from '../../glossary/schema';
import type { Matcher } from '../../glossary/types';
import {
  sendMessage,
  type CommandName,
  type PageTermsReport,
  type PageTermSummary,
} from '../../utils/messages';
import { isPaused, type Settings } from '../../utils/settings';
import { CardHost, rangeAnchor, type CardAnchor, type CardContent } from './card-host';
import { HELP_CURSOR_MAX_ELEMENTS, MAX_PAGE_TERMS, SCROLL_SETTLE_MS } from './constants';
import { EARLY_BUDGET_MS, EARLY_MARKS_ENABLED, EarlyMarks } from './early-marks';
import { loadGlossary, type LoadedGlossary } from './glossary-state';
import { highlightCss } from './highlight-style';
import { highlightApiAvailable, type HighlightPainter } from './highlights';
import { termAtPoint } from './hit-test';
import { scrollTermIntoView, TermNavigator, type Direction } from './keyboard';
import { MutationWatcher, outermost, type PageChanges } from './mutations';
import { blockElement, isNearViewportNow } from './near-view';
import { liveRange } from './page-ranges';
import { PageIndex, type PageTerm } from './page-index';
import { PageScanner } from './page-scanner';
import { afterFirstRender, SliceQueue } from './scheduler';
import { TEST_SIGNAL, type TestStateFields } from './test-signal';
import { isRendered, type BlockContainer } from './text-blocks';

/** Elements whose click does something of the page's: a click on a term there opens our card only with Alt. */
const INTERACTIVE =
  'a[href], button, summary, label, select, [role="button"], [role="link"], [role="tab"], [role="menuitem"]';

export interface ControllerOptions {
  /** Made at document_start (see HighlightPainter); null without the Custom Highlight API. */
  painter: HighlightPainter | null;
  /** The build's precompiled packs (see glossary-state.ts). */
  bundled: BundledGlossary;
  settings: Settings;
  customTerms: readonly Entry[];
  /** The scan's slice budget (SLICE_BUDGET_MS by default; test builds may ask for another, see test-signal.ts). */
  sliceBudgetMs?: number;
  /** Called (debounced) when the number of distinct terms on the page changed. */
  onTermsChanged?: (distinctTerms: number) => void;
}

function glossaryKey(settings: Settings, customTerms: readonly Entry[]): string {
  return JSON.stringify([settings.enabledPacks, settings.firstOccurrenceOnly, customTerms]);
}

function isWithin(container: BlockContainer, elements: ReadonlySet<Element>): boolean {
  let node: Node | null = 'host' in container ? container.host : container;
  while (node) {
    if (elements.has(node as Element)) return true;
    node = node.parentNode ?? ((node as ShadowRoot).host as Node | undefined) ?? null;
  }
  return false;
}

export class PageController {
  readonly available = highlightApiAvailable();
  private settings: Settings;
  private customTerms: readonly Entry[];
  private glossary: LoadedGlossary | null = null;
  private glossaryFor = '';
  private readonly index = new PageIndex();
  private readonly queue: SliceQueue;
  private readonly painter: HighlightPainter | null;
  /** Bumped by stop(): a scan waiting for the first render belongs to one run. */
  private generation = 0;
  private scanner: PageScanner | null = null;
  private watcher: MutationWatcher | null = null;
  private readonly navigator = new TermNavigator(this.index);
  private readonly card: CardHost;
  private readonly shadowRoots: ShadowRoot[] = [];
  private running = false;
  /** 'off-until-shortcut': the marks show once a keyboard command was used. */
  private revealed = false;
  private lastReportedDistinct = -1;
  private reportTimer: number | undefined;
  private pointerFrame = 0;
  private lastPointer: PointerEvent | null = null;
  private hoverTimer: number | undefined;
  private scrollTimer: number | undefined;
  private runsTimer: number | undefined;
  private hoverTerm: PageTerm | null = null;
  /** The page has been rendered once and scanned since: no more early marks (see EarlyMarks). */
  private scannedOnce = false;
  private early: EarlyMarks | null = null;
  /** A scan is waiting for the page's first render (see `run`). */
  private awaitingRender = false;
  private applied = 0;
  private scans = 0;

  /** Test builds only (see test-signal.ts): what is marked, and what is still to come. */
  readonly testState = TEST_SIGNAL
    ? (): TestStateFields => {
        const pending: string[] = [];
        if (this.running) {
          if (this.awaitingRender) pending.push('first render');
          if (this.queue.busy) pending.push('scan');
          if (this.watcher?.hasPending) pending.push('mutations');
          if (this.scrollTimer !== undefined || this.runsTimer !== undefined)
            pending.push('scroll');
          if (this.painter?.nearViewPending) pending.push('near view');
        }
        if (this.reportTimer !== undefined) pending.push('report');
        return {
          idle: pending.length === 0,
          pending,
          marked: this.index.size,
          capped: this.scanner?.capped ?? false,
          applied: this.applied,
          scans: this.scans,
          slices: this.queue.slices,
          yields: this.queue.yields,
        };
      }
    : null;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly options: ControllerOptions,
  ) {
    this.settings = options.settings;
    this.customTerms = options.customTerms;
    this.painter = options.painter;
    this.queue = new SliceQueue(options.sliceBudgetMs);
    this.card = new CardHost(ctx, {
      relatedContent: (id) => this.entryContent(id, null),
      look: () => ({ theme: this.settings.theme, fontSize: this.settings.cardFontSize }),
    });
    ctx.onInvalidated(() => this.dispose());
  }

  get paused(): boolean {
    return isPaused(this.settings, location.hostname);
  }

  start(): void {
    if (!this.available) return;
    this.addListeners();
    this.ctx.setInterval(() => {
      if (this.running) this.painter?.restore();
    }, 1000);
    this.applySettings(this.settings, this.customTerms);
  }

  /** Applies new settings or custom terms: restyles, rescans or pauses as needed. */
  applySettings(settings: Settings, customTerms: readonly Entry[] = this.customTerms): void {
    const previous = this.settings;
    this.settings = settings;
    this.customTerms = customTerms;
    this.applied++;
    if (!this.available) return;
    if (this.paused) {
      this.stop();
      return;
    }
    const key = glossaryKey(settings, customTerms);
    if (!this.running || key !== this.glossaryFor) {
      // The old marks stay until the new scan commits its first ones: no flash of an unmarked page.
      this.stop(false);
      this.glossary = loadGlossary(this.options.bundled, settings.enabledPacks, customTerms);
      this.glossaryFor = key;
      this.run();
    }
    this.painter?.setCss(this.css());
    if (previous.theme !== settings.theme || previous.cardFontSize !== settings.cardFontSize) {
      this.card.refresh();
    }
  }

  /** How many different entries are shown on the page (for the badge: no ordering needed). */
  private distinctShownTerms(): number {
    const entries = new Set<string>();
    const rendered = new Map<BlockContainer, boolean>();
    for (const block of this.index.blocks()) {
      const container = block.container;
      let shown = rendered.get(container);
      if (shown === undefined) {
        shown = container.isConnected && isRendered(container);
        rendered.set(container, shown);
      }
      if (!shown) continue;
      for (const term of this.index.termsOf(block)) entries.add(term.entryId);
    }
    return entries.size;
  }

  /** What the popup lists: shown terms in page order, with counts. */
  report(): PageTermsReport {
    const summary = new Map<string, PageTermSummary>();
    const rendered = new Map<BlockContainer, boolean>();
    let position = 0;
    for (const term of this.index.ordered()) {
      const container = term.block.container;
      let shown = rendered.get(container);
      if (shown === undefined) {
        shown = container.isConnected && isRendered(container);
        rendered.set(container, shown);
      }
      if (!shown) continue;
      const existing = summary.get(term.entryId);
      if (existing) existing.count++;
      else summary.set(term.entryId, { entryId: term.entryId, count: 1, firstPosition: position });
      position++;
    }
    return {
      highlightApiAvailable: this.available,
      paused: this.paused,
      capped: this.scanner?.capped ?? false,
      terms: [...summary.values()],
    };
  }

  async runCommand(command: CommandName): Promise<void> {
    if (command === 'explain-selection') {
      await this.explainSelection();
      return;
    }
    const direction: Direction = command === 'next-term' ? 1 : -1;
    await this.reveal(direction);
  }

  /** Moves to the next occurrence (of one entry, or of any), marks it and opens its card. */
  async reveal(direction: Direction, entryId?: string): Promise<boolean> {
    if (!this.running) return false;
    this.revealMarks();
    await this.queue.whenIdle();
    const term = this.navigator.step(direction, entryId);
    if (!term) {
      await this.card.open({
        anchor: this.viewportAnchor(),
        content: {
          kind: 'notice',
          title: 'No explained words',
          message:
            entryId === undefined
              ? 'This page has no words from the glossary.'
              : 'That word is no longer on this page.',
        },
      });
      return false;
    }
    scrollTermIntoView(term);
    this.painter?.setCurrent(term.range);
    await this.openTerm(term);
    return true;
  }

  /** Explains the selected words (keyboard command) or given text (context menu). */
  async explainSelection(text?: string): Promise<boolean> {
    const selection = document.getSelection();
    const selected = text ?? selection?.toString() ?? '';
    const anchor =
      selection && selection.rangeCount > 0 && !selection.isCollapsed
        ? rangeAnchor(selection.getRangeAt(0).cloneRange())
        : this.viewportAnchor();
    if (!selected.trim()) {
      await this.card.open({
        anchor,
        content: {
          kind: 'notice',
          title: 'Nothing selected',
          message: 'Select some words on the page first, then use the shortcut again.',
        },
      });
      return false;
    }
    const match = this.glossary?.matcher.find(selected, { keepEveryday: true })[0];
    const content = match ? await this.entryContent(match.entryId, match.text) : null;
    if (!content) {
      const shown = selected.length > 60 ? `${selected.slice(0, 57)}…` : selected;
      await this.card.open({
        anchor,
        content: {
          kind: 'notice',
          title: 'No glossary word found',
          message: `“${shown.trim()}” has no word that this glossary explains.`,
        },
      });
      return false;
    }
    await this.card.open({ anchor, content });
    return true;
  }

  dispose(): void {
    this.stop();
    this.card.dispose();
    this.painter?.dispose();
  }

  // --- scanning -------------------------------------------------------------------------------

  /** `fromReader`: the page is scanned again for a reader who moved on (see `scanAgain`). */
  private run(fromReader = false): void {
    const glossary = this.glossary;
    const painter = this.painter;
    if (!glossary || !painter) return;
    this.running = true;
    const generation = ++this.generation;
    this.awaitingRender = true;
    painter.restore();
    this.watcher = new MutationWatcher((changes) => this.onPageChanged(changes));
    this.scanner = new PageScanner({
      matcher: glossary.matcher,
      index: this.index,
      painter,
      queue: this.queue,
      firstOccurrenceOnly: this.settings.firstOccurrenceOnly,
      maxTerms: MAX_PAGE_TERMS,
      visibleFirst: true,
      startAtView: fromReader,
      isNearViewport: (container) => isNearViewportNow(blockElement(container)),
      onShadowRoot: (root) => {
        this.shadowRoots.push(root);
        this.painter?.adoptInto(root);
        this.watcher?.observe(root);
      },
      onScanned: () => this.scheduleReport(),
      onCapLifted: () => this.scanAgain(generation),
    });
    if (!this.scannedOnce && EARLY_MARKS_ENABLED)
      this.markEarly(generation, glossary.matcher, painter);
    afterFirstRender(this.ctx, () => {
      if (generation !== this.generation) return;
      this.awaitingRender = false;
      if (document.designMode === 'on') return;
      this.scannedOnce = true;
      this.scans++;
      const viewMarked = (this.early?.ranges.length ?? 0) > 0;
      this.dropEarlyMarks();
      this.watcher?.observe(document.documentElement);
      const root = document.body ?? document.documentElement;
      this.scanner?.scan(root, true, viewMarked);
      // Web components defined late attach their shadow roots silently: look for them again, twice. Not on a page
      // already full, where their terms would find no room and a walk of a huge page costs hundreds of ms.
      for (const delay of [1500, 6000]) {
        this.ctx.setTimeout(() => {
          const scanner = this.scanner;
          if (generation !== this.generation || !scanner || scanner.capped) return;
          scanner.sweepShadowRoots(document.body ?? root);
        }, delay);
      }
    });
  }

  /** Paints the terms of the page's first screenful in the frames before the scan starts (see EarlyMarks). */
  private markEarly(generation: number, matcher: Matcher, painter: HighlightPainter): void {
    const early = new EarlyMarks({
      matcher,
      firstOccurrenceOnly: this.settings.firstOccurrenceOnly,
    });
    this.early = early;
    // Just before a frame is drawn: its style and layout are still to be done, and our ranges are in it.
    const beforeFrame = () => {
      if (generation !== this.generation || this.early !== early) return;
      const root = document.body;
      if (root && document.designMode !== 'on') {
        const parsing = document.readyState === 'loading';
        const deadline = performance.now() + EARLY_BUDGET_MS;
        for (const { container, ranges } of early.step(root, deadline, parsing)) {
          painter.add(ranges, container);
        }
        painter.commit();
      }
      if (!early.done && document.readyState === 'loading') {
        this.ctx.requestAnimationFrame(beforeFrame);
      }
    };
    // The first step at once: on a big page the settings can arrive in the task just before the first contentful
    // paint, whose animation frame callbacks may already have run.
    beforeFrame();
  }

  /** The scan replaces the early marks: they go at its first commit. */
  private dropEarlyMarks(): void {
    if (!this.early) return;
    this.painter?.remove(this.early.ranges);
    this.early = null;
  }

  /** Scans the whole page again, from where the reader is (see `onCapLifted`). */
  private scanAgain(generation: number): void {
    // Once the scanner's rescan has returned: this replaces that scanner.
    queueMicrotask(() => {
      if (generation !== this.generation || !this.running) return;
      this.stop(false);
      this.run(true);
    });
  }

  /**
   * Blocks so long that only their terms near the viewport are registered (see HighlightPainter): once the
   * scrolling (of the page or of a box inside it) stops, the registered run follows the viewport.
   */
  private onAnyScroll(): void {
    if (!this.painter?.followsRuns) return;
    if (this.runsTimer !== undefined) clearTimeout(this.runsTimer);
    this.runsTimer = this.ctx.setTimeout(() => {
      this.runsTimer = undefined;
      if (this.running) this.painter?.followNearRuns();
    }, SCROLL_SETTLE_MS);
  }

  /**
   * On a page with more terms than we mark, a reader who jumped past the marked part (the End key, the scroll bar,
   * find in page) has no marked block near: the page is scanned again from there once the scrolling stops.
   */
  private onScroll(): void {
    const scanner = this.scanner;
    if (!scanner || !(scanner.capped || scanner.busy)) return;
    if (this.scrollTimer !== undefined) clearTimeout(this.scrollTimer);
    this.scrollTimer = this.ctx.setTimeout(() => {
      this.scrollTimer = undefined;
      const current = this.scanner;
      if (!current || !this.running) return;
      // A scan still running may yet fill the page: look again once it is over.
      if (current.busy) this.onScroll();
      else if (
        current.capped &&
        (this.painter?.anyNear() === false ||
          current.readerLeftWalk(
            (element) => element.getBoundingClientRect().top,
            window.innerHeight,
          ))
      ) {
        this.scanAgain(this.generation);
      }
    }, SCROLL_SETTLE_MS);
  }

  /** Stops marking; `unpaint` false leaves the marks to be replaced by the next scan's first commit. */
  private stop(unpaint = true): void {
    this.running = false;
    this.awaitingRender = false;
    this.generation++;
    this.queue.clear();
    this.watcher?.disconnect();
    this.watcher = null;
    this.scanner?.reset();
    this.scanner = null;
    this.dropEarlyMarks();
    const removed = this.index.clear();
    if (unpaint) this.painter?.clear();
    else {
      this.painter?.remove(removed.map((term) => term.range));
      this.painter?.setCurrent(null);
    }
    this.navigator.current = null;
    this.shadowRoots.length = 0;
    this.card.close('reset');
    this.scheduleReport();
  }

  private onPageChanged({ containers, restyled }: PageChanges): void {
    const scanner = this.scanner;
    if (!scanner || !this.running) return;
    this.painter?.restore();
    const dirty = [...containers];
    if (restyled.size > 0) {
      for (const container of scanner.hidden) {
        if (container.isConnected && isWithin(container, restyled) && isRendered(container)) {
          dirty.push(container);
        }
      }
    }
    if (dirty.length === 0) return;
    scanner.rescan(outermost(dirty));
    this.navigator.forgetIfGone();
    if (this.navigator.current === null) this.painter?.setCurrent(null);
  }

  private css(): string {
    return highlightCss({
      style: this.settings.highlightStyle,
      colour: this.settings.highlightColor,
      revealed: this.revealed,
    });
  }

  private revealMarks(): void {
    if (this.revealed) return;
    this.revealed = true;
    this.painter?.setCss(this.css());
  }

  private scheduleReport(): void {
    if (this.reportTimer !== undefined) return;
    this.reportTimer = this.ctx.setTimeout(() => {
      this.reportTimer = undefined;
      const distinct = this.running ? this.distinctShownTerms() : 0;
      if (distinct === this.lastReportedDistinct) return;
      this.lastReportedDistinct = distinct;
      this.options.onTermsChanged?.(distinct);
    }, 250);
  }

  // --- the card -------------------------------------------------------------------------------

  private async entryContent(entryId: string, surface: string | null): Promise<CardContent | null> {
    let found;
    try {
      found = await sendMessage('getCardEntry', { entryId });
    } catch {
      return null; // the extension was reloaded or updated under this page
    }
    if (!found) return null;
    return {
      kind: 'entry',
      entry: found.entry,
      surface: surface ?? found.entry.term,
      credit: found.credit,
      packTitle: found.packTitle,
      related: found.related,
    };
  }

  private async openTerm(term: PageTerm): Promise<void> {
    const content = await this.entryContent(term.entryId, term.text);
    if (!content) return;
    await this.card.open({ anchor: rangeAnchor(liveRange(term.range)), content, key: term });
  }

  /** A place for cards that belong to no word on the page: the top middle of the view. */
  private viewportAnchor(): CardAnchor {
    const rect = () => new DOMRect(window.innerWidth / 2 - 150, 16, 0, 0);
    return { getBoundingClientRect: rect, getClientRects: () => [rect()] };
  }

  // --- pointer and keys -----------------------------------------------------------------------

  private addListeners(): void {
    const ctx = this.ctx;
    ctx.addEventListener(window, 'click', (event) => void this.onClick(event), { capture: true });
    ctx.addEventListener(window, 'pointerdown', (event) => this.onPointerDown(event), {
      capture: true,
    });
    ctx.addEventListener(window, 'pointermove', (event) => this.onPointerMove(event), {
      capture: true,
      passive: true,
    });
    // Scroll events of boxes inside the page do not bubble: caught on the way down, with the page's own.
    ctx.addEventListener(
      window,
      'scroll',
      (event) => {
        if (event.target === document) this.onScroll();
        this.onAnyScroll();
      },
      { passive: true, capture: true },
    );
    ctx.addEventListener(
      window,
      'keydown',
      (event) => {
        if (event.key === 'Escape' && this.card.isOpen) this.card.close('escape');
      },
      { capture: true },
    );
  }

  private termAt(event: MouseEvent): PageTerm | null {
    if (!this.running || this.index.size === 0) return null;
    return termAtPoint(this.index, event.clientX, event.clientY, this.shadowRoots);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.card.isOpen || this.card.containsEvent(event)) return;
    const term = this.termAt(event);
    // A press on the open card's own term is left to the click, which toggles the card.
    if (term !== null && term === this.card.openKey) return;
    this.card.close('outside');
  }

  private async onClick(event: MouseEvent): Promise<void> {
    if (event.button !== 0 || this.card.containsEvent(event)) return;
    const selection = document.getSelection();
    if (selection && !selection.isCollapsed) return;
    const term = this.termAt(event);
    if (!term) return;
    if (this.isInteractive(event)) {
      if (!event.altKey) return;
      // Alt+click on a link explains the term instead of following (or downloading) the link.
      event.preventDefault();
      event.stopPropagation();
    }
    if (this.card.openKey === term) {
      this.card.close('toggle');
      return;
    }
    await this.openTerm(term);
  }

  private isInteractive(event: Event): boolean {
    const target = event.composedPath()[0];
    const element =
      target instanceof Element ? target : ((target as Node | undefined)?.parentElement ?? null);
    return element?.closest(INTERACTIVE) != null;
  }

  private onPointerMove(event: PointerEvent): void {
    this.lastPointer = event;
    if (this.pointerFrame !== 0 || !this.running || this.index.size === 0) return;
    this.pointerFrame = this.ctx.requestAnimationFrame(() => {
      this.pointerFrame = 0;
      const last = this.lastPointer;
      if (last) this.pointerMoved(last);
    });
  }

  private pointerMoved(event: PointerEvent): void {
    const term = this.card.containsEvent(event) ? null : this.termAt(event);
    const usable = term !== null && (!this.isInteractive(event) || event.altKey);
    const smallPage = (this.scanner?.pageElements ?? Infinity) <= HELP_CURSOR_MAX_ELEMENTS;
    this.painter?.setHelpCursor(usable && smallPage);
    if (this.settings.openCardOn !== 'hover') return;
    if (!usable || term !== this.hoverTerm) {
      clearTimeout(this.hoverTimer);
      this.hoverTimer = undefined;
      this.hoverTerm = usable ? term : null;
    }
    if (usable && this.hoverTimer === undefined && this.card.openKey !== term) {
      this.hoverTimer = this.ctx.setTimeout(() => {
        this.hoverTimer = undefined;
        if (this.hoverTerm === term) void this.openTerm(term);
      }, this.settings.hoverDelayMs);
    }
  }
}
