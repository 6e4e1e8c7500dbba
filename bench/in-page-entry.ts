/**
 * Bundled by the benchmark (bench/in-page.ts) and injected into a page of a browser without the extension: the
 * content script's own modules — glossary, block collector, scanner, index, painter, slice queue — run in the
 * page, timed from start to all highlights registered. `maxTerms` lets the benchmark lift the page cap so that
 * ours does the same work as mark.js. `__benchMatchOnly` times the matcher alone over the page's text.
 */
import { bundledMatcher } from '../glossary/bundled-matcher';
import { decodeGlossaryFile } from '../glossary/glossary-file';
import type { Matcher } from '../glossary/types';
import { HighlightPainter } from '../entrypoints/content/highlights';
import { PageIndex } from '../entrypoints/content/page-index';
import { PageScanner } from '../entrypoints/content/page-scanner';
import { SliceQueue } from '../entrypoints/content/scheduler';

export interface InPageResult {
  compileMs: number;
  scanMs: number;
  ranges: number;
  longestSliceMs: number;
  /** The scan was stopped at `timeoutMs`: the times are lower bounds and `ranges` is partial. */
  timedOut: boolean;
}

/**
 * The build's glossary file, put into the page by the benchmark before anything is timed (the extension reads it
 * from its own files into one buffer).
 */
declare const __benchGlossaryFile: ArrayBuffer;

/** What the content script does with the file: views on its buffer, every pack on. */
function loadMatcher(): Matcher {
  const bundled = decodeGlossaryFile(__benchGlossaryFile);
  return bundledMatcher(bundled, bundled.packIds);
}

async function scanPage(maxTerms: number, timeoutMs: number): Promise<InPageResult> {
  const start = performance.now();
  const matcher = loadMatcher();
  const compiled = performance.now();
  const queue = new SliceQueue();
  const painter = new HighlightPainter('', document);
  const scanner = new PageScanner({
    matcher,
    index: new PageIndex(),
    painter,
    queue,
    firstOccurrenceOnly: false,
    maxTerms,
    // Lifting the cap lifts the walk's node budget too: all of the page is read, as mark.js reads it.
    walkMaxNodes: Number.isFinite(maxTerms) ? undefined : Number.POSITIVE_INFINITY,
    visibleFirst: true,
  });
  scanner.scan(document.body, true);
  let timedOut = false;
  await Promise.race([
    queue.whenIdle(),
    new Promise<void>((done) =>
      setTimeout(() => {
        timedOut = queue.busy;
        queue.clear();
        done();
      }, timeoutMs),
    ),
  ]);
  const end = performance.now();
  return {
    compileMs: compiled - start,
    scanMs: end - start,
    ranges: painter.size,
    longestSliceMs: queue.longestSliceMs,
    timedOut,
  };
}

export interface MatchOnlyResult {
  ms: number;
  matches: number;
}

/**
 * The floor's walk (every text node under the body) with the matcher run on each node's text, and nothing else:
 * no blocks, no ranges, no highlights, no slices. What matching costs on its own, against which the full scan's
 * time can be read. The glossary is loaded before the clock starts.
 */
function matchOnly(): MatchOnlyResult {
  const matcher = loadMatcher();
  const start = performance.now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let matches = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    matches += matcher.find((node as Text).data).length;
  }
  return { ms: performance.now() - start, matches };
}

const exported = globalThis as unknown as {
  __benchOurs: typeof scanPage;
  __benchMatchOnly: typeof matchOnly;
};
exported.__benchOurs = scanPage;
exported.__benchMatchOnly = matchOnly;
