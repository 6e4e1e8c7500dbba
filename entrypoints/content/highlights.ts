/**
 * Paints terms with the CSS Custom Highlight API: ranges in `Highlight` objects registered in `CSS.highlights`,
 * styled by a constructed style sheet adopted by the document (and by open shadow roots, where Firefox applies
 * `::highlight()` rules only from their own tree scope). Nothing in the page's DOM changes.
 */
import { CURRENT_HIGHLIGHT, TERMS_HIGHLIGHT } from './constants';
import { HELP_CURSOR_CSS } from './highlight-style';

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

export class HighlightPainter {
  private readonly terms = new Highlight();
  private readonly current = new Highlight();
  private readonly sheet = new CSSStyleSheet();
  private readonly cursorSheet = new CSSStyleSheet();
  private readonly scopes = new Set<StyleScope>();
  private readonly pendingAdd = new Set<AbstractRange>();
  private readonly pendingRemove = new Set<AbstractRange>();
  private helpCursor = false;
  private css = '';

  /**
   * Create it as early as possible (at document_start) with the CSS the settings most likely ask for: adopting or
   * changing a sheet restyles every element already on the page, which is free only while the page is empty.
   */
  constructor(
    css: string,
    private readonly doc: Document = document,
  ) {
    this.current.priority = 1;
    this.setCss(css);
    this.cursorSheet.replaceSync(HELP_CURSOR_CSS);
    this.cursorSheet.disabled = true;
    this.adoptInto(doc);
    this.register();
  }

  get size(): number {
    return this.terms.size;
  }

  /** Changes the rules (only when they differ: each change restyles the page). */
  setCss(css: string): void {
    if (css === this.css) return;
    this.css = css;
    this.sheet.replaceSync(css);
  }

  /** Queues ranges to paint (see commit). */
  add(ranges: Iterable<AbstractRange>): void {
    for (const range of ranges) {
      if (!this.pendingRemove.delete(range)) this.pendingAdd.add(range);
    }
  }

  /** Queues ranges to unpaint (see commit). */
  remove(ranges: Iterable<AbstractRange>): void {
    for (const range of ranges) {
      if (!this.pendingAdd.delete(range)) this.pendingRemove.add(range);
    }
  }

  /**
   * Applies the queued changes at once. Browsers redo work for every highlighted range in each frame where a
   * highlight changed (Chromium rebuilds its markers for all of them), so changes are batched, not applied one by one.
   */
  commit(): void {
    for (const range of this.pendingRemove) this.terms.delete(range);
    for (const range of this.pendingAdd) this.terms.add(range);
    this.pendingRemove.clear();
    this.pendingAdd.clear();
  }

  setCurrent(range: AbstractRange | null): void {
    this.current.clear();
    if (range) this.current.add(range);
  }

  clear(): void {
    this.pendingAdd.clear();
    this.pendingRemove.clear();
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
