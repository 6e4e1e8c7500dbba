/**
 * `npm run bench`: the page benchmark in Debian's Chromium (headless, pages on 127.0.0.1). For each page, in the
 * same run: the floor (a bare TreeWalker pass), ours (the loaded extension's content script, measured from its
 * performance trace; and the same modules run in the page with the 5,000-term cap lifted, to compare like with
 * like), and mark.js. Writes bench/results.json and appends a table to BENCHMARKS.md.
 *
 * Options: `--quick` (fewer runs and smaller pages, to try changes), `--only=<page id,…>`, `--no-append` (leave
 * BENCHMARKS.md alone), `--report` (only append the table of the last bench/results.json). With the environment
 * variable BENCH_DUMP=<file>, each run with the extension writes its trace and probe readings there (the last run
 * stays), to look at the tasks one by one.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as prettier from 'prettier';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { entriesOf, bundledPacks } from '../glossary/index';
import { EXTENSION_DIRS, launchBrowser, type LaunchedBrowser } from '../scripts/launch.ts';
import { CHROME_OUTPUT_DIR, PROJECT_ROOT, SHARED_DIR } from '../scripts/paths.ts';
import { corpusPagePath, SEED_PAGE_PATH, sharedAvailable, startServer } from '../scripts/serve.ts';
import { bundleInPageScript, glossaryFileScript } from './in-page.ts';
import type { InPageResult, MatchOnlyResult } from './in-page-entry.ts';
import {
  APPEND_BATCHES,
  APPEND_INTERVAL_MS,
  appendingPage,
  generatedPage,
  largestCorpusPage,
  readCorpus,
  tinyNodesPage,
  type BenchPage,
} from './pages.ts';
import { probeScript, readProbe, runFloor, runMark, type MarkResult } from './probes.ts';
import { buildReport, type PageResult, type Results, type Stat } from './report.ts';
import { serveFromMemory } from './server.ts';
import { termForms } from './term-forms.ts';
import {
  longestMs,
  longestThreadMs,
  ourActivity,
  parseTrace,
  PROFILE_CATEGORIES,
  profileHotspots,
  threadOf,
  type ProfileHotspot,
  sumMs,
  timeStampAt,
  type Task,
} from './trace.ts';
import { ORIGIN_STAMP } from './probes.ts';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const MB = 1024 * 1024;

function checkPrerequisites(): void {
  if (!sharedAvailable()) {
    console.error(
      `${SHARED_DIR} is absent: the benchmark needs the source document and the corpus pages.`,
    );
    process.exit(1);
  }
  if (!existsSync(resolve(CHROME_OUTPUT_DIR, 'manifest.json'))) {
    console.error('No built extension: run `npx wxt build` first (npm run bench does).');
    process.exit(1);
  }
}

interface Spec {
  page: BenchPage;
  url: string;
  runs: number;
  uncappedRuns: number;
  markRuns: number;
  markBudgetMs: number;
}

const log = (message: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function stat(values: readonly number[]): Stat | null {
  if (values.length === 0) return null;
  const round = (n: number) => Number(n.toFixed(2));
  return {
    median: round(median(values)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    runs: values.map(round),
  };
}

/** The stat of the runs that have the value. */
function statOf(values: readonly (number | null)[]): Stat | null {
  return stat(values.filter((value): value is number => value !== null));
}

async function metrics(
  session: CDPSession,
  collectGarbage = false,
): Promise<Record<string, number>> {
  if (collectGarbage) await session.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await session.send('Performance.getMetrics');
  return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}

async function openPage(
  browser: Browser,
  url: string,
  probe: string | null,
): Promise<{ page: Page; session: CDPSession }> {
  const page = await browser.newPage();
  const session = await page.createCDPSession();
  await session.send('Performance.enable');
  if (probe) await page.evaluateOnNewDocument(probe);
  page.setDefaultTimeout(180_000);
  return { page, session };
}

// --- pages -------------------------------------------------------------------------------------------

async function pagesToRun(sharedUrl: string) {
  const corpus = readCorpus();
  const largest = largestCorpusPage();
  const textOf = (path: string) => readFileSync(path, 'utf8').length;
  const seed: BenchPage = {
    id: 'seed',
    label: 'seed document',
    path: SEED_PAGE_PATH,
    html: '',
    textBytes: textOf(resolve(SHARED_DIR, 'seed/secondary-liver-cancer.txt')),
  };
  const biggest: BenchPage = {
    id: 'corpus-largest',
    label: `largest corpus page (${largest})`,
    path: corpusPagePath(largest),
    html: '',
    textBytes: textOf(resolve(SHARED_DIR, 'corpus', `${largest}.txt`)),
  };
  const generated: BenchPage[] = QUICK
    ? [generatedPage(corpus, 'generated-1mb', MB, 20_000)]
    : [
        generatedPage(corpus, 'generated-1mb', MB, 20_000),
        generatedPage(corpus, 'generated-5mb', 5 * MB, 35_000),
        generatedPage(corpus, 'generated-20mb', 20 * MB, 50_000),
      ];
  const tiny = tinyNodesPage(corpus, QUICK ? 50_000 : 200_000);
  const appending = appendingPage(corpus);
  const memory = new Map<string, string>();
  for (const page of [...generated, tiny, appending]) memory.set(page.path, page.html);
  const memoryServer = await serveFromMemory(memory);
  const runs = (small: number, big: number, huge: number) => (size: number) =>
    QUICK ? Math.min(2, small) : size >= 10 * MB ? huge : size >= MB ? big : small;
  const ours = runs(5, 3, 2);
  const marks = runs(2, 1, 1);
  const uncapped = (size: number) =>
    size >= 10 * MB ? 0 : size >= 4 * MB ? 1 : size >= MB ? 2 : QUICK ? 2 : 5;
  const specs: Spec[] = [seed, biggest, ...generated, tiny].map((page) => ({
    page,
    url: page.html ? `${memoryServer.url}${page.path}` : `${sharedUrl}${page.path.slice(1)}`,
    runs: ours(page.textBytes),
    uncappedRuns: page.id === 'tiny-nodes' ? 1 : uncapped(page.textBytes),
    markRuns: marks(page.textBytes),
    markBudgetMs: QUICK ? 5_000 : page.textBytes >= MB ? 20_000 : 60_000,
  }));
  return {
    specs: specs.filter((spec) => !ONLY || ONLY.includes(spec.page.id)),
    appending:
      !ONLY || ONLY.includes(appending.id)
        ? { page: appending, url: `${memoryServer.url}${appending.path}` }
        : null,
    close: () => memoryServer.close(),
  };
}

// --- runs without the extension: floor, ours in the page, mark.js ---------------------------------------

interface ControlRun {
  floorMs: number;
  textNodes: number;
  elements: number;
  heapBytes: number;
  longestPageTaskMs: number;
}

async function controlRun(browser: Browser, url: string): Promise<ControlRun> {
  const { page, session } = await openPage(browser, url, probeScript(null));
  try {
    await page.goto(url, { waitUntil: 'load' });
    await sleep(300);
    const heap = (await metrics(session, true)).JSHeapUsedSize ?? 0;
    const floor = await runFloor(page);
    const probe = await readProbe(page);
    return {
      floorMs: floor.ms,
      textNodes: floor.textNodes,
      elements: floor.elements,
      heapBytes: heap,
      longestPageTaskMs: Math.max(0, ...probe.longTasks.map((task) => task.ms)),
    };
  } finally {
    await page.close();
  }
}

/** Our modules without the cap are stopped after this long (Chromium's highlight painting grows with the ranges). */
const UNCAPPED_TIMEOUT_MS = 60_000;

/** Runs `run` in a fresh page of `url`, loaded, with `script` added. */
async function withScript<T>(
  browser: Browser,
  url: string,
  script: string,
  run: (page: Page) => Promise<T>,
): Promise<T> {
  const { page } = await openPage(browser, url, null);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await sleep(200);
    await page.addScriptTag({ content: script });
    return await run(page);
  } finally {
    await page.close();
  }
}

function inPageRun(
  browser: Browser,
  url: string,
  script: string,
  maxTerms: number,
  profile = false,
): Promise<InPageResult & { hotspots?: ReturnType<typeof profileHotspots> }> {
  return withScript(browser, url, script, async (page) => {
    if (profile) {
      await page.tracing.start({ categories: PROFILE_CATEGORIES });
      // V8's sampler starts at the page's next script: let that be this one, not the timed one.
      await page.evaluate('0');
    }
    const result = (await page.evaluate(
      `console.timeStamp('bench:in-page'), __benchOurs(${Number.isFinite(maxTerms) ? maxTerms : 'Infinity'}, ${UNCAPPED_TIMEOUT_MS})`,
    )) as InPageResult;
    if (!profile) return result;
    const events = parseTrace((await page.tracing.stop()) as Uint8Array);
    const hotspots = profileHotspots(
      events,
      threadOf(events, { stamp: 'bench:in-page' }),
      0,
      Number.MAX_SAFE_INTEGER,
      15,
    );
    return { ...result, hotspots };
  });
}

/** The matcher alone over the page's text (`__benchMatchOnly`), in a fresh page. */
function matchOnlyRun(browser: Browser, url: string, script: string): Promise<MatchOnlyResult> {
  return withScript(
    browser,
    url,
    script,
    async (page) => (await page.evaluate('__benchMatchOnly()')) as MatchOnlyResult,
  );
}

function markRun(
  browser: Browser,
  url: string,
  markScript: string,
  budgetMs: number,
): Promise<MarkResult> {
  const forms = termForms(entriesOf(bundledPacks));
  return withScript(browser, url, markScript, (page) => runMark(page, forms, budgetMs));
}

// --- runs with the extension ------------------------------------------------------------------------

interface ExtensionRun {
  ranges: number;
  /**
   * From the first task of ours after DOMContentLoaded (the script itself starts at document_start and waits for
   * the page's first render) to the end of the last task of ours that changed the highlights.
   */
  oursMs: number;
  /** From the end of DOMContentLoaded to the first highlighted range inside the viewport (negative: before it). */
  firstInViewMs: number | null;
  /** From the page's first contentful paint to the first highlighted range inside the viewport. */
  firstInViewAfterPaintMs: number | null;
  /** From load, the earlier of the two: the end of DOMContentLoaded or the first contentful paint. */
  firstInViewAfterLoadMs: number | null;
  /** The page's first contentful paint, after the end of DOMContentLoaded (negative: before it). */
  firstPaintAfterDomReadyMs: number | null;
  /** The same, from the start of our scan (which waits for the page's first render after DOMContentLoaded). */
  firstInViewAfterScanStartMs: number | null;
  /** When our scan started, after the end of DOMContentLoaded. */
  scanStartAfterDomReadyMs: number;
  doneAfterDomReadyMs: number;
  cpuMs: number;
  cpuAllMs: number;
  longestTaskMs: number;
  longestTaskThreadMs: number;
  evaluateMs: number;
  heapBytes: number;
  longestPageLongTaskMs: number;
  /** Self time by function in the longest task of ours (minified names; natives by their own names). */
  longestHotspots: ReturnType<typeof profileHotspots>;
  /** Self time by function from the scan's start to the last highlight change (page and ours). */
  scanHotspots: ReturnType<typeof profileHotspots>;
}

/** A pause between two tasks of ours longer than this (µs) ends the scan's run of slices. */
const SCAN_GAP_US = 100_000;

async function waitForQuiet(page: Page, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = await readProbe(page);
    // Early marks come while a big page is still loading: the scan proper starts once it is parsed and rendered.
    const settled = probe.domReadyAt > 0 && probe.now - probe.domReadyAt >= quietMs;
    if (settled && probe.lastChangeAt !== null && probe.now - probe.lastChangeAt >= quietMs) return;
    if (Date.now() > deadline) throw new Error(`Highlights did not settle within ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function extensionRun(launched: LaunchedBrowser, url: string): Promise<ExtensionRun> {
  const { page, session } = await openPage(launched.browser, url, probeScript());
  try {
    await page.tracing.start({ categories: PROFILE_CATEGORIES });
    await page.goto(url, { waitUntil: 'load' });
    await waitForQuiet(page, 1500, 120_000);
    const events = parseTrace((await page.tracing.stop()) as Uint8Array);
    const probe = await readProbe(page);
    if (process.env.BENCH_DUMP)
      writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ events, probe }));
    const heap = (await metrics(session, true)).JSHeapUsedSize ?? 0;
    const activity = ourActivity(events, launched.extensionOrigin as string);
    const stamp = timeStampAt(events, ORIGIN_STAMP);
    if (!activity || stamp === undefined)
      throw new Error(`No content-script activity in the trace of ${url}`);
    const toTrace = (pageMs: number) => stamp + (pageMs - probe.origin) * 1000;
    const toPage = (traceUs: number) => probe.origin + (traceUs - stamp) / 1000;
    const lastChange = toTrace(probe.lastChangeAt ?? probe.now);
    const changers = activity.tasks.filter((task) => task.end <= lastChange + 1000);
    const longest = activity.tasks.reduce<Task | null>(
      (max, task) => (!max || task.ours > max.ours ? task : max),
      null,
    );
    const domReady = toTrace(probe.domReadyAt);
    // The scan: our first task of some length after DOMContentLoaded (before it, only a callback that waits for the
    // page's first render to finish).
    const scanStart =
      activity.tasks.find((task) => task.start >= domReady && task.ours >= 1000)?.start ??
      activity.start;
    // Done: the last task that changed the highlights, or the end of the scan's run of slices if later (past 1,000
    // terms, marking blocks far from the view registers nothing, so the last change can come before the end).
    let sliceRunEnd = scanStart;
    for (const task of activity.tasks) {
      // Slices of the scan: a millisecond of ours or more (not an observer's or a timer's short callback); after the
      // last change, 5 ms or more (the intersection observer's callback after the frame that drew the change).
      const sliceMinUs = task.start > lastChange ? 5000 : 1000;
      if (task.end < scanStart || task.ours < sliceMinUs) continue;
      if (task.start - sliceRunEnd > SCAN_GAP_US) break;
      sliceRunEnd = task.end;
    }
    const done = Math.max(changers.at(-1)?.end ?? lastChange, sliceRunEnd);
    const scanTasks = activity.tasks.filter(
      (task) => task.end >= activity.start && task.end <= done,
    );
    return {
      ranges: probe.size,
      oursMs: (done - scanStart) / 1000,
      firstInViewMs: probe.firstInViewAt === null ? null : probe.firstInViewAt - probe.domReadyAt,
      firstInViewAfterPaintMs:
        probe.firstInViewAt === null || probe.firstPaintAt === null
          ? null
          : probe.firstInViewAt - probe.firstPaintAt,
      firstInViewAfterLoadMs:
        probe.firstInViewAt === null
          ? null
          : probe.firstInViewAt - Math.min(probe.domReadyAt, probe.firstPaintAt ?? Infinity),
      firstPaintAfterDomReadyMs:
        probe.firstPaintAt === null ? null : probe.firstPaintAt - probe.domReadyAt,
      firstInViewAfterScanStartMs:
        probe.firstInViewAt === null ? null : probe.firstInViewAt - toPage(scanStart),
      scanStartAfterDomReadyMs: toPage(scanStart) - probe.domReadyAt,
      doneAfterDomReadyMs: toPage(done) - probe.domReadyAt,
      cpuMs: sumMs(scanTasks),
      cpuAllMs: sumMs(activity.tasks),
      longestTaskMs: longestMs(activity.tasks),
      longestTaskThreadMs: longestThreadMs(activity.tasks),
      evaluateMs: activity.evaluateMs,
      heapBytes: heap,
      longestPageLongTaskMs: Math.max(0, ...probe.longTasks.map((task) => task.ms)),
      longestHotspots: longest
        ? profileHotspots(
            events,
            threadOf(events, { origin: launched.extensionOrigin as string }),
            longest.start,
            longest.end,
            10,
          )
        : [],
      scanHotspots: profileHotspots(
        events,
        threadOf(events, { origin: launched.extensionOrigin as string }),
        scanStart,
        done,
        15,
      ),
    };
  } finally {
    await page.close();
  }
}

// --- the appending page -----------------------------------------------------------------------------

interface AppendingRun {
  batches: number;
  highlightedBatches: number;
  /** Batches in which no range was ever registered (by index). */
  missedBatches: number[];
  delays: number[];
  windowMs: number;
  oursCpuMs: number;
  taskDurationMs: number;
  longestTaskMs: number;
  ranges: number;
  hotspots?: ReturnType<typeof profileHotspots>;
}

async function appendingRun(
  browser: Browser,
  url: string,
  origin: string | null,
): Promise<AppendingRun> {
  const { page, session } = await openPage(browser, url, probeScript());
  try {
    if (origin) await page.tracing.start({ categories: PROFILE_CATEGORIES });
    await page.goto(url, { waitUntil: 'load' });
    await sleep(1500);
    const before = await metrics(session);
    const startedAt = await page.evaluate(() => {
      (window as unknown as { __benchStartAppending(): void }).__benchStartAppending();
      return performance.now();
    });
    await page.waitForFunction(
      () => (window as unknown as { __benchAppend: { done: boolean } }).__benchAppend.done,
      {
        timeout: 120_000,
        polling: 200,
      },
    );
    await sleep(1000);
    const after = await metrics(session);
    const endedAt = await page.evaluate(() => performance.now());
    const events = origin ? parseTrace((await page.tracing.stop()) as Uint8Array) : [];
    const probe = await readProbe(page);
    const inserted = await page.evaluate(() =>
      (
        window as unknown as { __benchAppend: { batches: { insertedAt: number }[] } }
      ).__benchAppend.batches.map((batch) => batch.insertedAt),
    );
    const delays: number[] = [];
    const missed: number[] = [];
    inserted.forEach((at, index) => {
      const highlighted = probe.batchHighlightedAt[index];
      if (highlighted != null) delays.push(highlighted - at);
      else missed.push(index);
    });
    let oursCpuMs = 0;
    let longestTaskMs = 0;
    let hotspots: ReturnType<typeof profileHotspots> | undefined;
    if (origin) {
      const ours = ourActivity(events, origin);
      const stamp = timeStampAt(events, ORIGIN_STAMP);
      if (ours && stamp !== undefined) {
        const from = stamp + (startedAt - probe.origin) * 1000;
        const to = stamp + (endedAt - probe.origin) * 1000;
        const inWindow = ours.tasks.filter((task) => task.start >= from && task.end <= to);
        oursCpuMs = sumMs(inWindow);
        longestTaskMs = longestMs(inWindow);
        hotspots = profileHotspots(events, threadOf(events, { origin }), from, to, 12);
      }
    }
    return {
      batches: inserted.length,
      highlightedBatches: delays.length,
      missedBatches: missed,
      delays,
      windowMs: endedAt - startedAt,
      oursCpuMs,
      taskDurationMs: ((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000,
      longestTaskMs,
      ranges: probe.size,
      hotspots,
    };
  } finally {
    await page.close();
  }
}

// --- main --------------------------------------------------------------------------------------------

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  checkPrerequisites();
  const startedAt = Date.now();
  const loadBefore = loadavg();
  // Our own copy of the build: other work may rebuild .output while the benchmark runs.
  const extensionCopy = mkdtempSync(join(tmpdir(), 'bench-extension-'));
  cpSync(CHROME_OUTPUT_DIR, extensionCopy, { recursive: true });
  EXTENSION_DIRS.chromium = extensionCopy;
  const contentScript = readFileSync(join(extensionCopy, 'content-scripts/content.js'));
  const markScript = readFileSync(
    resolve(PROJECT_ROOT, 'node_modules/mark.js/dist/mark.min.js'),
    'utf8',
  );
  // Not minified: profiles of it name our functions. The glossary file goes in first, outside any timing.
  const inPageScript = `${glossaryFileScript(extensionCopy)}\n${await bundleInPageScript({ minify: false })}`;
  const forms = termForms(entriesOf(bundledPacks));

  const shared = await startServer();
  const pages = await pagesToRun(shared.url);
  const results: PageResult[] = pages.specs.map((spec) => ({
    id: spec.page.id,
    label: spec.page.label,
    textBytes: spec.page.textBytes,
  }));
  const byId = (id: string) => results.find((result) => result.id === id) as PageResult;

  let chromiumVersion = '';
  try {
    // 1. Without the extension: the floor, our modules in the page (capped and not), mark.js.
    log('browser without the extension: floor, ours in the page, mark.js');
    const plain = await launchBrowser('chromium', { headless: true, withExtension: false });
    chromiumVersion = await plain.browser.version();
    try {
      for (const spec of pages.specs) {
        const result = byId(spec.page.id);
        const controls: ControlRun[] = [];
        const uncapped: (InPageResult & { hotspots?: ProfileHotspot[] })[] = [];
        for (let run = 0; run < spec.runs; run++)
          controls.push(await controlRun(plain.browser, spec.url));
        for (let run = 0; run < spec.uncappedRuns; run++) {
          // The last run is profiled (V8 samples in a trace) to show where the time goes.
          const profiled = run === spec.uncappedRuns - 1 && spec.page.textBytes >= MB;
          const inPage = await inPageRun(
            plain.browser,
            spec.url,
            inPageScript,
            Number.POSITIVE_INFINITY,
            profiled,
          );
          if (inPage.hotspots) result.uncappedHotspots = inPage.hotspots;
          uncapped.push(inPage);
        }
        // The glossary load, cold in a fresh page, from runs without V8's sampler (which would start inside it); a
        // run of the load alone where there is none.
        const loads = uncapped.filter((r) => !r.hotspots);
        if (loads.length === 0)
          loads.push(await inPageRun(plain.browser, spec.url, inPageScript, 0));
        result.elements = controls[0]?.elements;
        result.textNodes = controls[0]?.textNodes;
        result.floorMs = stat(controls.map((c) => c.floorMs));
        result.controlHeapBytes = median(controls.map((c) => c.heapBytes));
        result.pageLongestTaskMs = Math.max(...controls.map((c) => c.longestPageTaskMs));
        const matchOnly: MatchOnlyResult[] = [];
        for (let run = 0; run < spec.runs; run++)
          matchOnly.push(await matchOnlyRun(plain.browser, spec.url, inPageScript));
        result.matchOnlyMs = stat(matchOnly.map((r) => r.ms));
        result.matchOnlyMatches = matchOnly[0]?.matches;
        const scans = uncapped;
        result.uncappedMs = stat(scans.map((r) => r.scanMs));
        result.uncappedTimedOut = scans.some((r) => r.timedOut);
        result.uncappedRanges = scans[0]?.ranges;
        result.compileMs = stat(loads.map((r) => r.compileMs));
        // The profiled run's first slice also starts V8's sampler: leave it out.
        result.uncappedLongestSliceMs = Math.max(
          0,
          ...scans.filter((r) => !('hotspots' in r && r.hotspots)).map((r) => r.longestSliceMs),
        );
        log(
          `${spec.page.id}: floor ${result.floorMs?.median} ms, ours in page (no cap) ${result.uncappedMs?.median ?? 'not run'} ms`,
        );
        const marks: MarkResult[] = [];
        for (let run = 0; run < spec.markRuns; run++) {
          marks.push(await markRun(plain.browser, spec.url, markScript, spec.markBudgetMs));
        }
        const complete = marks.every((m) => m.complete);
        // A run cut short by its time budget: the time for all keywords, assuming each costs what the
        // searched ones did on average (later passes only get slower as marks split the text nodes).
        const estimate = (m: MarkResult) =>
          m.complete ? m.ms : (m.ms * m.keywords) / Math.max(1, m.searched);
        result.mark = {
          ms: stat(marks.map(estimate)),
          complete,
          searched: marks[0]?.searched ?? 0,
          keywords: marks[0]?.keywords ?? 0,
          measuredMs: median(marks.map((m) => m.ms)),
          marks: marks[0]?.marks ?? 0,
        };
        log(
          `${spec.page.id}: mark.js ${complete ? '' : '~'}${result.mark.ms?.median} ms (${result.mark.searched}/${result.mark.keywords} keywords)`,
        );
      }
      if (pages.appending) {
        log('appending page without the extension (control)');
        const control = await appendingRun(plain.browser, pages.appending.url, null);
        byIdAppending.control = control;
      }
    } finally {
      await plain.close();
    }

    // 2. With the extension: the real content script, timed from its performance trace.
    log('browser with the extension: ours');
    const withExtension = await launchBrowser('chromium', { headless: true });
    try {
      for (const spec of pages.specs) {
        const result = byId(spec.page.id);
        const runs: ExtensionRun[] = [];
        for (let run = 0; run < spec.runs; run++)
          runs.push(await extensionRun(withExtension, spec.url));
        result.ours = {
          ms: stat(runs.map((r) => r.oursMs)),
          ranges: runs[0]?.ranges ?? 0,
          firstInViewMs: stat(
            runs.flatMap((r) => (r.firstInViewMs === null ? [] : [r.firstInViewMs])),
          ),
          firstInViewAfterPaintMs: statOf(runs.map((r) => r.firstInViewAfterPaintMs)),
          firstInViewAfterLoadMs: statOf(runs.map((r) => r.firstInViewAfterLoadMs)),
          firstPaintAfterDomReadyMs: statOf(runs.map((r) => r.firstPaintAfterDomReadyMs)),
          scanStartAfterDomReadyMs: stat(runs.map((r) => r.scanStartAfterDomReadyMs)),
          firstInViewAfterScanStartMs: stat(
            runs.flatMap((r) =>
              r.firstInViewAfterScanStartMs === null ? [] : [r.firstInViewAfterScanStartMs],
            ),
          ),
          doneAfterDomReadyMs: stat(runs.map((r) => r.doneAfterDomReadyMs)),
          cpuMs: stat(runs.map((r) => r.cpuMs)),
          cpuAllMs: stat(runs.map((r) => r.cpuAllMs)),
          longestTaskMs: Math.max(...runs.map((r) => r.longestTaskMs)),
          longestTaskRuns: runs.map((r) => Number(r.longestTaskMs.toFixed(1))),
          longestTaskThreadMs: Math.max(...runs.map((r) => r.longestTaskThreadMs)),
          evaluateMs: stat(runs.map((r) => r.evaluateMs)),
          heapAddedBytes: median(runs.map((r) => r.heapBytes)) - (result.controlHeapBytes ?? 0),
          pageLongTaskMs: Math.max(...runs.map((r) => r.longestPageLongTaskMs)),
        };
        log(
          `${spec.page.id}: ours ${result.ours.ms?.median} ms, ${result.ours.ranges} ranges, longest task ${result.ours.longestTaskMs.toFixed(1)} ms, first in view ${result.ours.firstInViewMs?.median} ms after DOMContentLoaded, ${result.ours.firstInViewAfterPaintMs?.median} ms after the first paint`,
        );
        const worst = runs.reduce((max, r) => (r.longestTaskMs > max.longestTaskMs ? r : max));
        result.ours.profile = {
          longestTaskMs: Number(worst.longestTaskMs.toFixed(1)),
          hotspots: worst.longestHotspots,
          scanHotspots: runs[runs.length >> 1]?.scanHotspots ?? [],
        };
        log(
          `${spec.page.id}: self ms by function over the scan: ${(result.ours.profile.scanHotspots ?? []).map((h) => `${h.functionName} ${h.selfMs}`).join(', ')}`,
        );
      }
      if (pages.appending) {
        log('appending page with the extension');
        const run = await appendingRun(
          withExtension.browser,
          pages.appending.url,
          withExtension.extensionOrigin as string,
        );
        byIdAppending.ours = run;
        byIdAppending.hotspots = run.hotspots;
      }
    } finally {
      await withExtension.close();
    }
  } finally {
    await pages.close();
    await shared.close();
    rmSync(extensionCopy, { recursive: true, force: true });
  }

  const appendingResult =
    byIdAppending.ours && byIdAppending.control
      ? {
          batches: byIdAppending.ours.batches,
          paragraphsPerSecond: (1000 / APPEND_INTERVAL_MS) * 100,
          highlightedBatches: byIdAppending.ours.highlightedBatches,
          missedBatches: byIdAppending.ours.missedBatches,
          delayMs: stat(byIdAppending.ours.delays),
          delayP95Ms: percentile(byIdAppending.ours.delays, 95),
          oursCpuShare: byIdAppending.ours.oursCpuMs / byIdAppending.ours.windowMs,
          mainThreadAddedShare:
            (byIdAppending.ours.taskDurationMs - byIdAppending.control.taskDurationMs) /
            byIdAppending.ours.windowMs,
          controlMainThreadShare:
            byIdAppending.control.taskDurationMs / byIdAppending.control.windowMs,
          longestTaskMs: byIdAppending.ours.longestTaskMs,
          ranges: byIdAppending.ours.ranges,
          expectedBatches: APPEND_BATCHES,
          hotspots: byIdAppending.hotspots,
        }
      : undefined;

  const output: Results = {
    date: new Date().toISOString(),
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    quick: QUICK,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(totalmem() / 1024 ** 3),
      loadBefore: loadBefore.map((n) => Number(n.toFixed(2))),
      loadAfter: loadavg().map((n) => Number(n.toFixed(2))),
    },
    chromium: chromiumVersion,
    glossary: {
      entries: entriesOf(bundledPacks).length,
      forms: forms.anyCase.length + forms.exactCase.length,
    },
    contentScript: { bytes: contentScript.length, gzipBytes: gzipSync(contentScript).length },
    durationS: Math.round((Date.now() - startedAt) / 1000),
    pages: results,
    appending: appendingResult,
  };
  writeFileSync(
    resolve(PROJECT_ROOT, 'bench/results.json'),
    `${JSON.stringify(output, null, 2)}\n`,
  );
  console.log(buildReport(output));
  if (!args.includes('--no-append')) await appendReport(output);
  log(`done in ${output.durationS} s; bench/results.json written`);
}

/** Appends the results' table to BENCHMARKS.md, formatted as the project's Prettier would. */
async function appendReport(results: Results): Promise<void> {
  const file = resolve(PROJECT_ROOT, 'BENCHMARKS.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const text = `${previous.trimEnd()}\n\n${buildReport(results)}`;
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
  log('table appended to BENCHMARKS.md');
}

const byIdAppending: {
  control?: AppendingRun;
  ours?: AppendingRun;
  hotspots?: ReturnType<typeof profileHotspots>;
} = {};

if (args.includes('--report')) {
  // Append the table of the last run (bench/results.json) without running anything.
  await appendReport(
    JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'bench/results.json'), 'utf8')) as Results,
  );
} else {
  await main();
}
