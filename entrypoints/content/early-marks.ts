/**
 * Marks for the page's first frames. The scan proper waits until the page is parsed and rendered (it reads style and
 * layout), which on a big page comes a second or more after the reader first sees its top. Until then, the terms of
 * the first screenful of text, in document order, are painted without asking style or layout: they are registered
 * as soon as the settings are known, then just before each frame is drawn, so they are in it. They are only painted (not in the index: no card, no popup list)
 * and the scan's first commit replaces them.
 */
import type { Matcher } from '../../glossary/types';
import { SCREENFUL_CHARS } from './constants';
import { firstOccurrences, rangeOfMatch } from './page-ranges';
import { BlockCollector, type BlockContainer } from './text-blocks';

/**
 * Chromium only. In Firefox, ranges registered while the parser is still adding to the page made the rest of its
 * loading stall (0.3-0.5 s on a table of 50,000 cells, 0.2 s more on a 10 MB text node, in the reliability suite):
 * there the marks come with the scan, after the page's first full render.
 */
export const EARLY_MARKS_ENABLED = !import.meta.env.FIREFOX;

/** Time for the early marks of one frame: they delay the frame they are drawn in. */
export const EARLY_BUDGET_MS = 4;

/** What a reader can see before the scan proper starts. */
export const EARLY_MAX_CHARS = SCREENFUL_CHARS;

const WALK_STEP_MS = 0.5;
/** Longer than any term: matches ending this close to where a long block was cut off are left out. */
const CUT_MARGIN = 80;

/** The first `max` characters of a block's text (a block can be a whole 10 MB text node). */
function prefix(
  segments: string[],
  max: number,
): { segments: string[]; cutAt: { segment: number; offset: number } | null } {
  let total = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (total + segment.length > max) {
      const kept = segments.slice(0, i + 1);
      const offset = Math.max(0, max - total);
      kept[i] = segment.slice(0, offset);
      return { segments: kept, cutAt: { segment: i, offset } };
    }
    total += segment.length;
  }
  return { segments, cutAt: null };
}

export interface EarlyBlockRanges {
  container: BlockContainer;
  ranges: StaticRange[];
}

export interface EarlyMarksOptions {
  matcher: Matcher;
  firstOccurrenceOnly: boolean;
  maxChars?: number;
}

export class EarlyMarks {
  /** Every range handed out so far (to be replaced by the scan's). */
  readonly ranges: StaticRange[] = [];
  private readonly markedBlocks = new Set<Text>();
  private chars = 0;
  private readonly maxChars: number;

  constructor(private readonly options: EarlyMarksOptions) {
    this.maxChars = options.maxChars ?? EARLY_MAX_CHARS;
  }

  /** True once a screenful of text has been read. */
  get done(): boolean {
    return this.chars >= this.maxChars;
  }

  /**
   * Reads the start of `root` as parsed so far, until `deadline`, and returns the ranges of the blocks not read
   * before. While the page is `parsing`, the last block found may be cut short, so it waits for the next call.
   */
  step(root: BlockContainer, deadline: number, parsing: boolean): EarlyBlockRanges[] {
    const found: EarlyBlockRanges[] = [];
    if (this.done) return found;
    // A fresh walk each time: the page's parser may have added to the blocks an earlier walk ended in.
    const collector = new BlockCollector(root);
    let walked = 0;
    let next = 0;
    while (walked < this.maxChars) {
      // A little at a time: the walk needs to get only a screenful ahead.
      const complete = collector.step(Math.min(deadline, performance.now() + WALK_STEP_MS));
      const blocks = collector.blocks;
      const last = complete && !parsing ? blocks.length : blocks.length - 1;
      for (; next < last && walked < this.maxChars; next++) {
        const block = blocks[next];
        const first = block?.nodes[0];
        if (!block || !first) continue;
        const { segments, cutAt } = prefix(
          block.nodes.map((node) => node.data),
          this.maxChars - walked,
        );
        walked += segments.reduce((sum, segment) => sum + segment.length, 0);
        if (this.markedBlocks.has(first)) continue;
        this.markedBlocks.add(first);
        this.chars = walked;
        let matches = this.options.matcher.findInSegments(segments);
        if (cutAt) {
          // A term cut short could match as a shorter one ("liver canc…"): nothing near the cut is marked.
          matches = matches.filter(
            (match) =>
              match.end.segment < cutAt.segment || match.end.offset <= cutAt.offset - CUT_MARGIN,
          );
        }
        if (this.options.firstOccurrenceOnly) matches = firstOccurrences(matches);
        if (matches.length === 0) continue;
        const ranges = matches.map((match) => rangeOfMatch(block, match));
        this.ranges.push(...ranges);
        found.push({ container: block.container, ranges });
      }
      if (complete || performance.now() > deadline) break;
    }
    return found;
  }
}
