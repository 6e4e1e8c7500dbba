/** A glossary term found in a piece of text. Offsets are UTF-16 code units into the original text. */
export interface Match {
  /** Index of the first code unit of the match. */
  start: number;
  /** Index just past the last code unit of the match. */
  end: number;
  /** The `id` of the glossary entry the match belongs to. */
  entryId: string;
  /** The text exactly as it stands in the input, `text.slice(start, end)`. */
  text: string;
}

/** A position inside a run of segments: which segment, and the offset within it. */
export interface SegmentPosition {
  segment: number;
  offset: number;
}

/** A match in a run of segments (the text nodes of one block); it may start and end in different segments. */
export interface SegmentMatch {
  start: SegmentPosition;
  /** Exclusive: `end.offset` is just past the last code unit, in segment `end.segment`. */
  end: SegmentPosition;
  entryId: string;
  text: string;
}

export interface Matcher {
  /** Every glossary term in `text`, sorted, leftmost-longest, never overlapping. */
  find(text: string): Match[];
  /** The same over several segments read as one continuous text. */
  findInSegments(segments: readonly string[]): SegmentMatch[];
}
