/**
 * Bundled by the benchmark (bench/in-page.ts) and injected into a page of a browser without the extension: the
 * content script's own modules — glossary, block collector, scanner, index, painter, slice queue — run in the
 * page, timed from start to all highlights registered. `maxTerms` lets the benchmark lift the page cap so that
 * ours does the same work as mark.js.
 */
import { matcherForPacks } from '../glossary/bundled-matcher';
import { bundledPacks } from '../glossary/index';
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

async function scanPage(maxTerms: number, timeoutMs: number): Promise<InPageResult> {
  const start = performance.now();
  const matcher = matcherForPacks(bundledPacks);
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

(globalThis as unknown as { __benchOurs: typeof scanPage }).__benchOurs = scanPage;
