/**
 * Reads a very long block (a page made of one 10 MB text node) a chunk at a time, so that matching it does not hold
 * the page's main thread: each chunk is matched on its own and its matches are placed back on the segments.
 * Chunks are cut at a line break, else at a sentence end, else at a space: a term split by a cut is missed, which
 * only happens in blocks longer than a chunk.
 */
import type { Matcher, SegmentMatch, SegmentPosition } from '../../glossary/types';

/** Blocks longer than this (UTF-16 code units) are read in chunks of about this size. */
export const CHUNK_CHARS = 32_768;
const CUT_SEARCH = 2048;

/** Where to end a chunk that would end at `end`: just after a line break, a sentence end or a space before it. */
export function cutPoint(text: string, start: number, end: number): number {
  const floor = Math.max(start + 1, end - CUT_SEARCH);
  for (const mark of ['\n', '. ', ' ']) {
    const at = text.lastIndexOf(mark, end - mark.length);
    if (at >= floor) return at + mark.length;
  }
  return end;
}

export class ChunkedBlockReader {
  private readonly text: string;
  private readonly starts: number[] = [];
  private position = 0;

  constructor(segments: readonly string[]) {
    let length = 0;
    for (const segment of segments) {
      this.starts.push(length);
      length += segment.length;
    }
    this.text = segments.join('');
  }

  get done(): boolean {
    return this.position >= this.text.length;
  }

  /** The matches of the next chunk, placed on the segments. */
  next(matcher: Matcher): SegmentMatch[] {
    const start = this.position;
    let end = Math.min(this.text.length, start + CHUNK_CHARS);
    if (end < this.text.length) end = cutPoint(this.text, start, end);
    this.position = end;
    return matcher.find(this.text.slice(start, end)).map((match) => ({
      start: this.place(start + match.start, false),
      end: this.place(start + match.end, true),
      entryId: match.entryId,
      text: match.text,
    }));
  }

  /** The segment and offset of an offset into the whole text (an end is placed in the segment of its last unit). */
  private place(offset: number, isEnd: boolean): SegmentPosition {
    const unit = isEnd ? offset - 1 : offset;
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.starts[middle] as number) <= unit) low = middle;
      else high = middle - 1;
    }
    return { segment: low, offset: offset - (this.starts[low] as number) };
  }
}
