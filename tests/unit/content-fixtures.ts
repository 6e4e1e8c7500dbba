/** Shared helpers for the content-script unit tests (happy-dom has no StaticRange: a minimal one stands in). */
import type { Entry } from '../../glossary/schema';

class TestStaticRange {
  readonly startContainer: Node;
  readonly startOffset: number;
  readonly endContainer: Node;
  readonly endOffset: number;
  constructor(init: StaticRangeInit) {
    this.startContainer = init.startContainer;
    this.startOffset = init.startOffset;
    this.endContainer = init.endContainer;
    this.endOffset = init.endOffset;
  }
  get collapsed(): boolean {
    return this.startContainer === this.endContainer && this.startOffset === this.endOffset;
  }
}

export function installStaticRange(): void {
  if (typeof globalThis.StaticRange === 'undefined') {
    (globalThis as { StaticRange?: unknown }).StaticRange = TestStaticRange;
  }
}

export function entry(id: string, term: string, extra: Partial<Entry> = {}): Entry {
  return {
    id,
    term,
    category: 'condition',
    aliases: [],
    abbreviations: [],
    matchHeadword: true,
    short: `A plain explanation of ${term}.`,
    related: [],
    source: { document: 'test', section: 'Test', quote: term },
    ...extra,
  };
}

export const TEST_ENTRIES: Entry[] = [
  entry('jaundice', 'jaundice'),
  entry('ct-scan', 'CT scan', { abbreviations: ['CT'] }),
  entry('liver-cancer', 'liver cancer'),
  entry('ascites', 'ascites', { aliases: ['ascitic'], related: ['jaundice', 'missing-id'] }),
];

/** The text a range covers (ranges here always lie in text nodes). */
export function textOf(range: AbstractRange): string {
  const doc = range.startContainer.ownerDocument as Document;
  const live = doc.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live.toString();
}
