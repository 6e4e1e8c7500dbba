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
  private helpCursor = false;

  constructor(private readonly doc: Document = document) {
    this.current.priority = 1;
    this.cursorSheet.replaceSync(HELP_CURSOR_CSS);
    this.cursorSheet.disabled = true;
    this.adoptInto(doc);
    this.register();
  }

  get size(): number {
    return this.terms.size;
  }

  setCss(css: string): void {
    this.sheet.replaceSync(css);
  }

  add(ranges: Iterable<AbstractRange>): void {
    for (const range of ranges) this.terms.add(range);
  }

  remove(ranges: Iterable<AbstractRange>): void {
    for (const range of ranges) this.terms.delete(range);
  }

  setCurrent(range: AbstractRange | null): void {
    this.current.clear();
    if (range) this.current.add(range);
  }

  clear(): void {
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
