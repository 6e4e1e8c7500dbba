/**
 * `npm run bench` (after bench/browser.ts), or alone with `npm run bench:reliability`: the reliability suite's pages
 * at their full sizes and durations, in Chromium and Firefox, with the production build, each loaded with the
 * extension and, at the same time, without it. It keeps the figures that `npm test` does not judge (a test checks
 * behaviour; how long things take on this machine is measured here):
 *
 * - our long tasks: Chromium's `longtask` entries (50 ms or more) that the page without the extension does not
 *   account for; in Firefox, which has none, its late timers (TIMER_GAP_STALL_MS marks a gross stall);
 * - how long each page takes to be marked, and after each scroll how long until marks are in view;
 * - on the changing pages, the main thread's extra busy time (Chromium) and the time to mark a feed's first post
 *   again when the reader goes back to it; on the single-page app, the time of 500 navigations;
 * - on the seed document and the largest corpus page, the longest task after DOMContentLoaded and the longest timer
 *   gap;
 * - on a page still loading, when its first screenful is marked (Chromium).
 *
 * Each figure is set beside the target the tests used to check (`TARGETS`). Writes bench/reliability-results.json
 * and appends a table to BENCHMARKS.md. Options: `--quick` (smaller pages and shorter runs, to try the script),
 * `--only=chromium` or `--only=firefox`, `--no-append`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import * as prettier from 'prettier';
import type { Page } from 'puppeteer-core';
import { TERMS_HIGHLIGHT } from '../entrypoints/content/constants.ts';
import { BROWSER_KINDS, type BrowserKind } from '../scripts/browsers.ts';
import { EXTENSION_DIRS } from '../scripts/launch.ts';
import { PROJECT_ROOT } from '../scripts/paths.ts';
import { corpusPagePath, SEED_PAGE_PATH, sharedAvailable, startServer } from '../scripts/serve.ts';
import { largestCorpusPage } from './pages.ts';
import {
  feedPage,
  feedTerms,
  navigate,
  NAVIGATIONS,
  rewritePage,
  spaPage,
} from '../tests/browser/change-pages.ts';
import { waitUntil } from '../tests/browser/content-helpers.ts';
import { launchTestBrowser, type TestBrowser } from '../tests/browser/harness.ts';
import {
  FILLER,
  heapAfterGc,
  highlightCount,
  highlightsInView,
  htmlPage,
  markedTotal,
  openProbed,
  readProbe,
  responsiveness,
  scrollTo,
  startPageServer,
  taskSeconds,
  type PageServer,
} from '../tests/browser/reliability-helpers.ts';
import { readTiming, TIMING_PROBE, waitForQuietReport } from './reliability-probes.ts';
import {
  bigTextPage,
  deepPage,
  longPage,
  manyElementsPage,
  tablePage,
} from '../tests/browser/size-pages.ts';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const KINDS = BROWSER_KINDS.filter((kind) => !ONLY || ONLY.split(',').includes(kind));
const MB = 1024 * 1024;

/**
 * Firefox has no `longtask` entries: its late timers also count layout, paint, GC and a busy machine, so they only
 * show gross stalls of ours (gaps of 200-730 ms that the page without us did not have were seen on the 10 MB, deep
 * and infinite-scroll pages).
 */
export const TIMER_GAP_STALL_MS = 1000;

/** What the browser tests checked before these figures moved here (tests/browser, until issue 20). */
export const TARGETS = {
  longTask:
    'Chromium: no long task of ours (50 ms or more); Firefox: no late timer of ours of 1 s or more',
  extraBusy: 'Chromium: the extension adds less than half of the wall time to the main thread',
  scrollInView:
    'marks in view after a scroll within 2 s (the table), 10 s (the long page), 15 s (deep and many-element pages)',
  stillLoading: 'the first screenful marked within 3.5 s, while the page is loading (Chromium)',
  feedBack: "a long feed's first post marked again within 5 s of scrolling back to it",
  seed: 'seed document: no long task (Chromium), longest timer gap under 400 ms; largest corpus page: no long task',
} as const;

const log = (message: string) =>
  console.log(`[bench reliability ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface SizeFigures {
  page: string;
  label: string;
  marked: number;
  registered: number;
  capped: boolean;
  /** From navigation to marked and settled (the popup's report steady for 1.5 s, minus that 1.5 s). */
  markedMs: number;
  /** Our long tasks (Chromium, ms) or late timers (Firefox, ms), after the pairing with the page without us. */
  ours: number[];
  measure: string;
  /** By share of the page scrolled to: ms until a mark was in view. */
  scrolls: Record<string, number>;
  /** Long task of ours (Chromium), or a late timer of ours past TIMER_GAP_STALL_MS (Firefox). */
  longTaskOfOurs: boolean;
}

interface ChangeFigures {
  page: string;
  wallSeconds: number;
  /** Chromium: seconds of main-thread tasks with us minus without, over the run, and that as a share of the run. */
  extraBusySeconds: number | null;
  extraBusyShare: number | null;
  ours: number[];
  measure: string;
  longTaskOfOurs: boolean;
  /** The long feed: ms until its first post was marked again after scrolling back to the top. */
  backToFirstMs?: number;
}

interface Results {
  date: string;
  command: string;
  quick: boolean;
  machine: { cpus: number; loadBefore: number[]; loadAfter: number[] };
  targets: typeof TARGETS;
  browsers: Partial<
    Record<
      BrowserKind,
      {
        size: SizeFigures[];
        change: ChangeFigures[];
        spa: {
          navigations: number;
          ms: number;
          heapFirstMB: number | null;
          heapLastMB: number | null;
        };
        stillLoading: { earlyMarksMs: number; stateWhenMarked: string; texts: string[] } | null;
        documents: {
          page: string;
          longTaskMs: number | null;
          longestTimerGapMs: number;
          allHighlightsMs: number;
        }[];
      }
    >
  >;
}

function hasLongTaskOfOurs(timing: { ours: number[]; measure: string }): boolean {
  return timing.measure === 'longtask'
    ? timing.ours.length > 0
    : Math.max(0, ...timing.ours) >= TIMER_GAP_STALL_MS;
}

interface Pair {
  kind: BrowserKind;
  tb: TestBrowser;
  plain: TestBrowser;
  server: PageServer;
}

const SIZE_PAGES = QUICK
  ? {
      '/big-text.html': bigTextPage(MB),
      '/million.html': manyElementsPage(15_000),
      '/deep.html': deepPage(5000),
      '/table.html': tablePage(1500),
      '/long.html': longPage(6000),
    }
  : {
      '/big-text.html': bigTextPage(10 * MB),
      '/million.html': manyElementsPage(100_000),
      '/deep.html': deepPage(5000),
      '/table.html': tablePage(5000),
      '/long.html': longPage(12_000),
    };
/** Where the reader scrolls on each page once it is marked (as the tests did before). */
const SCROLLS: Record<string, number[]> = {
  '/million.html': [0.5],
  '/deep.html': [0.5],
  '/table.html': [0.5, 1, 0.25],
  '/long.html': [1, 0.6, 0.1],
};

async function sizePage(pair: Pair, path: string): Promise<SizeFigures> {
  const page = SIZE_PAGES[path as keyof typeof SIZE_PAGES];
  const url = pair.server.href(path);
  const started = Date.now();
  const [withUs, withoutUs] = await Promise.all([
    openProbed(pair.tb, url, { waitUntil: 'domcontentloaded', timeout: 180_000 }),
    openProbed(pair.plain, url, { waitUntil: 'domcontentloaded', timeout: 180_000 }),
  ]);
  const quietMs = 1500;
  const report = await waitForQuietReport(pair.tb, withUs, {
    quietMs,
    timeoutMs: 180_000,
    what: `${path} marked`,
  });
  const markedMs = Date.now() - started - quietMs;
  const registered = await highlightCount(withUs);
  // The page without us runs as long past its first render before the two are compared.
  const span = await readProbe(withUs);
  const observedMs = span.now - (span.renderedAt ?? span.now);
  await waitUntil(
    async () => {
      const base = await readProbe(withoutUs);
      return base.renderedAt !== null && base.now - base.renderedAt >= observedMs;
    },
    { timeoutMs: 180_000, what: 'the page without us to run as long' },
  );
  const timing = await responsiveness(withUs, withoutUs);
  const scrolls: Record<string, number> = {};
  for (const to of SCROLLS[path] ?? []) {
    await scrollTo(withUs, to);
    const at = Date.now();
    await waitUntil(async () => (await highlightsInView(withUs)) > 0, {
      timeoutMs: 60_000,
      what: `marks in view at ${to * 100}% of ${path}`,
    });
    scrolls[String(to)] = Date.now() - at;
  }
  await Promise.all([withUs.close(), withoutUs.close()]);
  const figures: SizeFigures = {
    page: path,
    label: page.label,
    marked: markedTotal(report),
    registered,
    capped: report.capped,
    markedMs,
    ours: timing.ours,
    measure: timing.measure,
    scrolls,
    longTaskOfOurs: hasLongTaskOfOurs(timing),
  };
  log(`${pair.kind} ${path} (${page.label}): ${JSON.stringify(figures)}`);
  return figures;
}

async function changePage(pair: Pair, path: string): Promise<ChangeFigures> {
  const url = pair.server.href(path);
  const [withUs, withoutUs] = await Promise.all([
    openProbed(pair.tb, url),
    openProbed(pair.plain, url),
  ]);
  const chromium = pair.kind === 'chromium';
  const busy = () => Promise.all([taskSeconds(withUs), taskSeconds(withoutUs)]);
  const before = chromium ? await busy() : [0, 0];
  const started = Date.now();
  const done = (page: Page) =>
    waitUntil(
      () => page.evaluate(() => (window as unknown as { __done?: boolean }).__done === true),
      {
        timeoutMs: 180_000,
        what: `${path} to finish changing`,
      },
    );
  await Promise.all([done(withUs), done(withoutUs)]);
  const wallSeconds = (Date.now() - started) / 1000;
  const after = chromium ? await busy() : [0, 0];
  const extra = chromium
    ? (after[0] as number) - (before[0] as number) - ((after[1] as number) - (before[1] as number))
    : null;
  await waitForQuietReport(pair.tb, withUs, { quietMs: 600, timeoutMs: 120_000 });
  const timing = await responsiveness(withUs, withoutUs);
  const figures: ChangeFigures = {
    page: path,
    wallSeconds,
    extraBusySeconds: extra,
    extraBusyShare: extra === null ? null : extra / wallSeconds,
    ours: timing.ours,
    measure: timing.measure,
    longTaskOfOurs: hasLongTaskOfOurs(timing),
  };
  if (path === '/long-feed.html') {
    await withUs.evaluate(() => window.scrollTo(0, 0));
    const at = Date.now();
    await waitUntil(
      () =>
        withUs.evaluate((name) => {
          const first = document.querySelector('#feed p');
          return [...(CSS.highlights.get(name) ?? [])].some(
            (range) => range.startContainer.parentElement === first,
          );
        }, TERMS_HIGHLIGHT),
      { timeoutMs: 60_000, what: 'the first post marked again' },
    );
    figures.backToFirstMs = Date.now() - at;
  }
  await Promise.all([withUs.close(), withoutUs.close()]);
  log(`${pair.kind} ${path}: ${JSON.stringify(figures)}`);
  return figures;
}

async function spa(pair: Pair) {
  const page = await openProbed(pair.tb, pair.server.href('/spa.html'));
  const go = (from: number, to: number) => navigate(page, from, to);
  await go(1, 1);
  await waitForQuietReport(pair.tb, page, { quietMs: 500 });
  const chromium = pair.kind === 'chromium';
  const heapFirst = chromium ? await heapAfterGc(page) : null;
  const started = Date.now();
  await go(2, NAVIGATIONS);
  const ms = Date.now() - started;
  await waitForQuietReport(pair.tb, page, { quietMs: 800 });
  const heapLast = chromium ? await heapAfterGc(page) : null;
  await page.close();
  const figures = {
    navigations: NAVIGATIONS,
    ms,
    heapFirstMB: heapFirst === null ? null : Number((heapFirst / 1e6).toFixed(2)),
    heapLastMB: heapLast === null ? null : Number((heapLast / 1e6).toFixed(2)),
  };
  log(`${pair.kind} spa: ${JSON.stringify(figures)}`);
  return figures;
}

/** The first half of a page now, the rest 4 s later. */
const LOADING_HOLD_MS = 4000;
function stillLoadingRoute() {
  const page = htmlPage(
    'A page still loading',
    `<h1>Your scan results</h1><p id="first">The scan showed jaundice and a little ascites.</p>\n${`<p>${FILLER}</p>\n`.repeat(300)}<!--REST-->`,
  );
  const [head, tail] = page.split('<!--REST-->') as [string, string];
  return () => ({
    body: head,
    rest: {
      body: `<p>The rest of the letter is about chemotherapy.</p>${tail}`,
      release: new Promise<void>((resolve) => setTimeout(resolve, LOADING_HOLD_MS)),
    },
  });
}

async function stillLoading(pair: Pair) {
  const page = await pair.tb.newPage();
  const started = Date.now();
  const loaded = page.goto(pair.server.href('/still-loading.html'), { waitUntil: 'load' });
  let seen = { state: 'navigating', texts: [] as string[] };
  await waitUntil(
    async () => {
      seen = await page
        .evaluate((name) => {
          const texts = [...(CSS.highlights.get(name) ?? [])].map((range) => {
            const live = document.createRange();
            live.setStart(range.startContainer, range.startOffset);
            live.setEnd(range.endContainer, range.endOffset);
            return live.toString();
          });
          return { state: document.readyState, texts };
        }, TERMS_HIGHLIGHT)
        .catch(() => ({ state: 'navigating', texts: [] as string[] }));
      return seen.texts.length > 0;
    },
    { timeoutMs: 60_000, what: 'early marks' },
  );
  const earlyMarksMs = Date.now() - started;
  await loaded;
  await page.close();
  const figures = { earlyMarksMs, stateWhenMarked: seen.state, texts: seen.texts };
  log(`${pair.kind} still loading: ${JSON.stringify(figures)}`);
  return figures;
}

/** The seed document and the largest corpus page (served by scripts/serve.ts from ../shared). */
async function documents(pair: Pair) {
  if (!sharedAvailable()) return [];
  const server = await startServer();
  const paths = [SEED_PAGE_PATH, corpusPagePath(largestCorpusPage())];
  const results = [];
  try {
    // A first page, so that the timings are for a browser that has been running a while.
    const warmUp = await pair.tb.newPage();
    await warmUp.goto(new URL('/clinic-letter.html', server.url).href);
    await warmUp.close();
    for (const path of paths) {
      const page = await pair.tb.newPage();
      await page.evaluateOnNewDocument(TIMING_PROBE);
      await page.goto(new URL(path, server.url).href);
      const timing = await readTiming(page);
      await page.close();
      const figures = {
        page: path,
        longTaskMs: timing.longTaskMs,
        longestTimerGapMs: timing.longestTimerGapMs,
        allHighlightsMs: timing.allHighlightsMs,
      };
      log(`${pair.kind} ${path}: ${JSON.stringify(figures)}`);
      results.push(figures);
    }
  } finally {
    await server.close();
  }
  return results;
}

async function runBrowser(kind: BrowserKind, into: Results['browsers']): Promise<void> {
  const server = await startPageServer();
  for (const [path, page] of Object.entries(SIZE_PAGES)) server.route(path, page.html);
  server.route('/rewrite.html', rewritePage(QUICK ? 3000 : 10_000));
  server.route('/scroll.html', feedPage(QUICK ? 40 : 110));
  server.route('/long-feed.html', feedPage(QUICK ? 130 : 180));
  server.route('/spa.html', spaPage);
  const loading = stillLoadingRoute();
  const [tb, plain] = await Promise.all([
    launchTestBrowser(kind),
    launchTestBrowser(kind, { withExtension: false }),
  ]);
  const pair: Pair = { kind, tb, plain, server };
  try {
    const size: SizeFigures[] = [];
    for (const path of Object.keys(SIZE_PAGES)) size.push(await sizePage(pair, path));
    const change: ChangeFigures[] = [];
    for (const path of ['/rewrite.html', '/scroll.html', '/long-feed.html'])
      change.push(await changePage(pair, path));
    const spaFigures = await spa(pair);
    let loadingFigures = null;
    if (kind === 'chromium') {
      server.route('/still-loading.html', loading());
      loadingFigures = await stillLoading(pair);
    }
    into[kind] = {
      size,
      change,
      spa: spaFigures,
      stillLoading: loadingFigures,
      documents: await documents(pair),
    };
    log(`${kind}: feed of ${feedTerms(QUICK ? 40 : 110)} terms`);
  } finally {
    await Promise.all([tb.close(), plain.close()]);
    await server.close();
  }
}

const fmt = (values: number[]) => (values.length ? values.join(', ') : 'none');

/** The Markdown table appended to BENCHMARKS.md. */
export function reliabilityReport(results: Results): string {
  const lines = [
    `### Reliability pages, ${results.date.slice(0, 16).replace('T', ' ')}${results.quick ? ' (quick)' : ''}`,
    '',
    `\`${results.command}\`, production build, ${results.machine.cpus} cores, load ${results.machine.loadBefore.join(' ')} before, ${results.machine.loadAfter.join(' ')} after. Each page with the extension and, at the same time, without it. Targets (what \`npm test\` checked until issue 20): ${Object.values(results.targets).join('; ')}.`,
    '',
    '| browser | page | marked (registered) | marked after | our long tasks / late timers (ms) | marks in view after a scroll |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [kind, figures] of Object.entries(results.browsers)) {
    for (const size of figures.size) {
      const scrolls = Object.entries(size.scrolls)
        .map(([to, ms]) => `${Number(to) * 100}%: ${ms} ms`)
        .join(', ');
      lines.push(
        `| ${kind} | ${size.label} | ${size.marked}${size.capped ? ' (capped)' : ''} (${size.registered}) | ${(size.markedMs / 1000).toFixed(1)} s | ${size.measure}: ${fmt(size.ours)}${size.longTaskOfOurs ? ' **over target**' : ''} | ${scrolls || '–'} |`,
      );
    }
  }
  lines.push(
    '',
    '| browser | page | run | extra main-thread time | our long tasks / late timers (ms) | other |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const [kind, figures] of Object.entries(results.browsers)) {
    for (const change of figures.change) {
      const share =
        change.extraBusyShare === null
          ? 'n/a'
          : `${change.extraBusySeconds?.toFixed(2)} s (${(change.extraBusyShare * 100).toFixed(0)}%)${change.extraBusyShare >= 0.5 ? ' **over target**' : ''}`;
      lines.push(
        `| ${kind} | ${change.page} | ${change.wallSeconds.toFixed(1)} s | ${share} | ${change.measure}: ${fmt(change.ours)}${change.longTaskOfOurs ? ' **over target**' : ''} | ${change.backToFirstMs === undefined ? '' : `first post marked again after ${change.backToFirstMs} ms`} |`,
      );
    }
    const spaFigures = figures.spa;
    lines.push(
      `| ${kind} | /spa.html | ${spaFigures.navigations} navigations in ${(spaFigures.ms / 1000).toFixed(1)} s | | | ${spaFigures.heapFirstMB === null ? '' : `heap ${spaFigures.heapFirstMB} → ${spaFigures.heapLastMB} MB`} |`,
    );
    if (figures.stillLoading) {
      lines.push(
        `| ${kind} | /still-loading.html | | | | first screenful marked after ${figures.stillLoading.earlyMarksMs} ms (${figures.stillLoading.stateWhenMarked}) |`,
      );
    }
    for (const document of figures.documents) {
      lines.push(
        `| ${kind} | ${document.page} | all marked after ${document.allHighlightsMs} ms | | longest task ${document.longTaskMs ?? 'n/a'}, longest timer gap ${document.longestTimerGapMs} | |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  for (const kind of KINDS) {
    if (!existsSync(resolve(EXTENSION_DIRS[kind], 'manifest.json'))) {
      console.error(
        `No production build in ${EXTENSION_DIRS[kind]}: npm run bench builds both (npx wxt build && npx wxt build -b firefox).`,
      );
      process.exit(1);
    }
  }
  const loadBefore = loadavg().map((n) => Number(n.toFixed(2)));
  const browsers: Results['browsers'] = {};
  for (const kind of KINDS) {
    log(`${kind}: size pages, changing pages, documents`);
    await runBrowser(kind, browsers);
  }
  const results: Results = {
    date: new Date().toISOString(),
    command: `npm run bench:reliability${args.length ? ` -- ${args.join(' ')}` : ''}`,
    quick: QUICK,
    machine: {
      cpus: cpus().length,
      loadBefore,
      loadAfter: loadavg().map((n) => Number(n.toFixed(2))),
    },
    targets: TARGETS,
    browsers,
  };
  writeFileSync(
    resolve(PROJECT_ROOT, 'bench/reliability-results.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const table = reliabilityReport(results);
  console.log(table);
  if (!args.includes('--no-append')) {
    const file = resolve(PROJECT_ROOT, 'BENCHMARKS.md');
    const text = `${readFileSync(file, 'utf8').trimEnd()}\n\n${table}`;
    const options = (await prettier.resolveConfig(file)) ?? {};
    writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
    log('table appended to BENCHMARKS.md');
  }
}

await main();
