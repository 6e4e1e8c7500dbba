/**
 * Finds the term under a point: the caret position at the point gives a text node and offset, the per-node index
 * gives the terms there, and a live range made for that one term confirms the point is on its text. (No
 * `highlightsFromPoint`: its cost grows with the number of ranges on the page.)
 */
import { liveRange } from './page-ranges';
import { offsetsInNode, type PageIndex, type PageTerm } from './page-index';

interface Caret {
  node: Node;
  offset: number;
}

type CaretDocument = Document & {
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

export function caretAt(
  doc: Document,
  x: number,
  y: number,
  shadowRoots: readonly ShadowRoot[] = [],
): Caret | null {
  const caretDoc = doc as CaretDocument;
  if (typeof caretDoc.caretPositionFromPoint === 'function') {
    const position =
      shadowRoots.length > 0
        ? caretDoc.caretPositionFromPoint(x, y, { shadowRoots: [...shadowRoots] })
        : caretDoc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = caretDoc.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}

/** True when (x, y) lies on one of the range's line boxes (with a pixel of slack for rounding). */
export function rangeContainsPoint(range: AbstractRange, x: number, y: number): boolean {
  const live = liveRange(range);
  const rects = live.getClientRects();
  for (let i = 0; i < rects.length; i++) {
    const rect = rects[i] as DOMRect;
    if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) {
      return true;
    }
  }
  return false;
}

export function termAtPoint(
  index: PageIndex,
  x: number,
  y: number,
  shadowRoots: readonly ShadowRoot[] = [],
  doc: Document = document,
): PageTerm | null {
  const caret = caretAt(doc, x, y, shadowRoots);
  if (!caret || caret.node.nodeType !== Node.TEXT_NODE) return null;
  const node = caret.node as Text;
  for (const term of index.termsAt(node)) {
    const { start, end } = offsetsInNode(term, node);
    // The caret sits between characters: a point on a term's last letter may give the offset just after it.
    if (caret.offset < start || caret.offset > end) continue;
    if (rangeContainsPoint(term.range, x, y)) return term;
  }
  return null;
}
