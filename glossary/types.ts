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

export interface FindOptions {
  /**
   * Keep terms that are everyday words even when the text has no other glossary term: for a word the reader chose
   * to explain. By default such a term (an entry with `context: "medical"`) is found only in company.
   */
  keepEveryday?: boolean;
}

export interface Matcher {
  /**
   * Every glossary term in `text`, sorted, leftmost-longest, never overlapping. A term whose forms are everyday
   * words is left out when no other term is in `text` (the content script passes one block at a time).
   */
  find(text: string, options?: FindOptions): Match[];
  /** The same over several segments read as one continuous text. */
  findInSegments(segments: readonly string[], options?: FindOptions): SegmentMatch[];
}
