/**
 * Where a scan for a reader who moved on begins: the block a little above the text at the top of the viewport, so
 * that a long page is read from where the reader is rather than walked from its start.
 */
import { blockContainerOf } from './text-blocks';

/** About a screenful of text above the view is read too: a reader scrolling back up finds it marked. */
export const VIEW_START_LOOKBACK_CHARS = 4000;

function caretNodeAt(doc: Document, x: number, y: number): Node | null {
  if (typeof doc.caretPositionFromPoint === 'function') {
    return doc.caretPositionFromPoint(x, y)?.offsetNode ?? null;
  }
  // Older Chromium.
  const legacy = doc as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null };
  return legacy.caretRangeFromPoint?.(x, y)?.startContainer ?? null;
}

/**
 * The block element to begin at, or null to begin at the start of `root` (nothing found in view, or the view is
 * within `lookbackChars` of the start). Asks for the caret position at the top of the viewport: a layout if the
 * page changed since the last one.
 */
export function startNearView(
  root: Element,
  lookbackChars = VIEW_START_LOOKBACK_CHARS,
): Element | null {
  const doc = root.ownerDocument;
  const x = Math.round(window.innerWidth / 2);
  for (const y of [
    2,
    Math.round(window.innerHeight / 3),
    Math.round((2 * window.innerHeight) / 3),
  ]) {
    const hit = caretNodeAt(doc, x, y);
    if (!hit || hit === root || !root.contains(hit)) continue;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    walker.currentNode = hit;
    let start: Node = hit;
    let chars = 0;
    while (chars < lookbackChars) {
      const previous = walker.previousNode();
      if (!previous) return null;
      start = previous;
      chars += (previous as Text).data.length;
    }
    const block = blockContainerOf(start);
    return block && block !== root && !('host' in block) ? block : null;
  }
  return null;
}
