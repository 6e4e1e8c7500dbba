/**
 * The keyboard path to terms (highlights are not elements, so they cannot take focus): next / previous term on the
 * page, in document order, skipping terms whose text is not shown.
 */
import { liveRange } from './page-ranges';
import type { PageIndex, PageTerm } from './page-index';
import { isRendered } from './text-blocks';

export type Direction = 1 | -1;

function isShown(term: PageTerm): boolean {
  return term.range.startContainer.isConnected && isRendered(term.block.container);
}

/** Index of the first term that ends below the top of the viewport (binary search over document order). */
function firstInViewIndex(terms: readonly PageTerm[]): number {
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const rect = liveRange((terms[middle] as PageTerm).range).getBoundingClientRect();
    if (rect.bottom < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class TermNavigator {
  current: PageTerm | null = null;

  constructor(private readonly index: PageIndex) {}

  /**
   * The next or previous shown term after the current one (from the top of the viewport when there is none),
   * wrapping around the page; only terms of `entryId` when given.
   */
  step(direction: Direction, entryId?: string): PageTerm | null {
    const terms = this.index.ordered();
    if (terms.length === 0) return null;
    let start: number;
    const at = this.current ? terms.indexOf(this.current) : -1;
    if (at >= 0) start = at + direction;
    else {
      const inView = firstInViewIndex(terms);
      start = direction === 1 ? inView : inView - 1;
    }
    for (let i = 0; i < terms.length; i++) {
      const index = (((start + i * direction) % terms.length) + terms.length) % terms.length;
      const term = terms[index] as PageTerm;
      if (entryId !== undefined && term.entryId !== entryId) continue;
      if (!isShown(term)) continue;
      this.current = term;
      return term;
    }
    return null;
  }

  /** Forgets the current term when its block was rescanned. */
  forgetIfGone(): void {
    if (
      this.current &&
      !this.index.termsAt(this.current.range.startContainer as Text).includes(this.current)
    ) {
      this.current = null;
    }
  }
}

/** Scrolls a term into the middle of the view (nested scrolling boxes first, then the window). */
export function scrollTermIntoView(term: PageTerm): void {
  const element = term.range.startContainer.parentElement;
  element?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  const rect = liveRange(term.range).getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > window.innerHeight) {
    window.scrollBy({ top: rect.top - window.innerHeight / 2, behavior: 'instant' });
  }
}
