/** Turns matches found in a block's text into ranges over the page's text nodes. */
import type { SegmentMatch } from '../../glossary/types';
import type { TextBlock } from './text-blocks';

/**
 * A static range for one match. Static, not live: live ranges are updated on every DOM change, and thousands of them
 * make every later change on the page slower. A block that changes is rescanned, so nothing needs to follow edits.
 */
export function rangeOfMatch(block: TextBlock, match: SegmentMatch): StaticRange {
  const startContainer = block.nodes[match.start.segment];
  const endContainer = block.nodes[match.end.segment];
  if (!startContainer || !endContainer) {
    throw new RangeError(`match "${match.text}" points outside its block`);
  }
  return new StaticRange({
    startContainer,
    startOffset: match.start.offset,
    endContainer,
    endOffset: match.end.offset,
  });
}

/** A live copy of a static range, for measuring it (static ranges have no geometry). */
export function liveRange(range: AbstractRange): Range {
  const live = (range.startContainer.ownerDocument ?? document).createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live;
}

/** Keeps only the first match of each entry in the block. */
export function firstOccurrences(matches: readonly SegmentMatch[]): SegmentMatch[] {
  const seen = new Set<string>();
  return matches.filter((match) => {
    if (seen.has(match.entryId)) return false;
    seen.add(match.entryId);
    return true;
  });
}
