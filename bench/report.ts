/** The benchmark's results (bench/results.json) and the Markdown table appended to BENCHMARKS.md. */
import type { ProfileHotspot } from './trace.ts';

export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export interface PageResult {
  id: string;
  label: string;
  textBytes: number;
  elements?: number;
  textNodes?: number;
  floorMs?: Stat | null;
  controlHeapBytes?: number;
  /** Longest task of the page itself, without the extension. */
  pageLongestTaskMs?: number;
  /** Our modules run in the page with the term cap lifted (same work as mark.js). */
  uncappedMs?: Stat | null;
  uncappedRanges?: number;
  uncappedTimedOut?: boolean;
  /** Where the time of the (profiled) no-cap run went, by function. */
  uncappedHotspots?: ProfileHotspot[];
  uncappedLongestSliceMs?: number;
  /** The floor's walk with the matcher run on each text node's text, and nothing else (no DOM work of ours). */
  matchOnlyMs?: Stat | null;
  matchOnlyMatches?: number;
  /** matcherForPacks on the bundled packs with the build's precompiled tries, cold in a fresh page. */
  compileMs?: Stat | null;
  mark?: {
    ms: Stat | null;
    complete: boolean;
    searched: number;
    keywords: number;
    measuredMs: number;
    marks: number;
  };
  ours?: {
    ms: Stat | null;
    ranges: number;
    firstInViewMs: Stat | null;
    firstInViewAfterScanStartMs: Stat | null;
    firstInViewAfterPaintMs?: Stat | null;
    firstInViewAfterLoadMs?: Stat | null;
    firstPaintAfterDomReadyMs?: Stat | null;
    scanStartAfterDomReadyMs: Stat | null;
    doneAfterDomReadyMs: Stat | null;
    cpuMs: Stat | null;
    cpuAllMs: Stat | null;
    longestTaskMs: number;
    longestTaskRuns: number[];
    /** The longest task of ours in thread time (without the time the OS gave other processes). */
    longestTaskThreadMs?: number;
    evaluateMs: Stat | null;
    heapAddedBytes: number;
    pageLongTaskMs: number;
    profile?: {
      longestTaskMs: number;
      hotspots: ProfileHotspot[];
      scanHotspots?: ProfileHotspot[];
    };
  };
}

export interface Results {
  date: string;
  command: string;
  quick: boolean;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGB: number;
    loadBefore: number[];
    loadAfter: number[];
  };
  chromium: string;
  glossary: { entries: number; forms: number };
  contentScript: { bytes: number; gzipBytes: number };
  durationS: number;
  pages: PageResult[];
  appending?: {
    batches: number;
    paragraphsPerSecond: number;
    highlightedBatches: number;
    missedBatches?: number[];
    delayMs: Stat | null;
    delayP95Ms: number;
    oursCpuShare: number;
    mainThreadAddedShare: number;
    controlMainThreadShare: number;
    longestTaskMs: number;
    ranges: number;
    expectedBatches: number;
    hotspots?: ProfileHotspot[];
  };
}

const ms = (stat: Stat | null | undefined): string => {
  if (!stat) return '–';
  const digits = Math.abs(stat.median) < 10 ? 1 : 0;
  const spread =
    stat.runs.length > 1 ? ` (${stat.min.toFixed(digits)}–${stat.max.toFixed(digits)})` : '';
  return `${stat.median.toFixed(digits)}${spread}`;
};

const ratio = (a: number | undefined, b: number | undefined): string =>
  a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(1)}×` : '–';

const size = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.round(bytes / 1024)} KB`;

const yes = (ok: boolean): string => (ok ? 'met' : '**missed**');

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export function checkTargets(results: Results): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const fiveMb = results.pages.find((page) => page.id === 'generated-5mb');
  if (fiveMb?.ours?.ms && fiveMb.floorMs && fiveMb.uncappedMs && fiveMb.mark?.ms) {
    const oursFloor = fiveMb.ours.ms.median / fiveMb.floorMs.median;
    const uncappedFloor = fiveMb.uncappedMs.median / fiveMb.floorMs.median;
    checks.push({
      target: 'ours within 3× the floor on the 5 MB page',
      measured: `extension ${oursFloor.toFixed(1)}× (capped at ${fiveMb.ours.ranges} terms); all ${fiveMb.uncappedRanges} terms ${uncappedFloor.toFixed(1)}×${fiveMb.matchOnlyMs ? `, of which matching alone ${(fiveMb.matchOnlyMs.median / fiveMb.floorMs.median).toFixed(1)}×` : ''}`,
      met: oursFloor <= 3 && uncappedFloor <= 3,
    });
    const markOurs = fiveMb.mark.ms.median / fiveMb.uncappedMs.median;
    checks.push({
      target: 'at least 20× faster than mark.js on the 5 MB page (same terms)',
      measured: `${fiveMb.mark.complete ? '' : '~'}${markOurs.toFixed(0)}×`,
      met: markOurs >= 20,
    });
  }
  const longest = Math.max(0, ...results.pages.map((page) => page.ours?.longestTaskMs ?? 0));
  const worst = results.pages.find((page) => page.ours?.longestTaskMs === longest);
  const appendLongest = results.appending?.longestTaskMs ?? 0;
  const longestThread = Math.max(
    0,
    ...results.pages.map((page) => page.ours?.longestTaskThreadMs ?? 0),
  );
  checks.push({
    target: 'no task of ours over 50 ms on any page',
    measured: `longest ${Math.max(longest, appendLongest).toFixed(1)} ms (${appendLongest > longest ? 'appending page' : (worst?.id ?? '–')}); in thread time ${longestThread.toFixed(1)} ms`,
    met: Math.max(longest, appendLongest) <= 50,
  });
  const firstInView = Math.max(
    0,
    ...results.pages.map(
      (page) => (page.ours?.firstInViewAfterLoadMs ?? page.ours?.firstInViewMs)?.median ?? 0,
    ),
  );
  const afterPaint = Math.max(
    0,
    ...results.pages.map((page) => page.ours?.firstInViewAfterScanStartMs?.median ?? 0),
  );
  const worstPage = (pick: (page: PageResult) => number | undefined, value: number) =>
    results.pages.find((page) => pick(page) === value)?.id ?? '–';
  checks.push({
    target:
      'first highlight in view within 100 ms of load: of DOMContentLoaded or of the first contentful paint, whichever came first (median, every page)',
    measured: `worst ${firstInView.toFixed(0)} ms (${worstPage((p) => (p.ours?.firstInViewAfterLoadMs ?? p.ours?.firstInViewMs)?.median, firstInView)})`,
    met: firstInView <= 100,
  });
  checks.push({
    target: '…of the start of our scan, once the page has rendered (median, every page)',
    measured: `worst ${afterPaint.toFixed(0)} ms (${worstPage((p) => p.ours?.firstInViewAfterScanStartMs?.median, afterPaint)})`,
    met: afterPaint <= 100,
  });
  if (results.appending?.delayMs) {
    const a = results.appending;
    checks.push({
      target: 'appending page highlighted within 200 ms of each insertion',
      measured: `median ${a.delayMs?.median.toFixed(0)} ms, p95 ${a.delayP95Ms.toFixed(0)} ms, max ${a.delayMs?.max.toFixed(0)} ms over ${a.highlightedBatches}/${a.batches} batches`,
      met: (a.delayMs?.max ?? Infinity) <= 200 && a.highlightedBatches === a.batches,
    });
    checks.push({
      target: 'appending page at under 10% CPU',
      measured: `${(a.oursCpuShare * 100).toFixed(1)}% in our tasks (main thread +${(a.mainThreadAddedShare * 100).toFixed(1)}% vs no extension)`,
      met: a.oursCpuShare < 0.1,
    });
  }
  const compile = Math.max(0, ...results.pages.map((page) => page.compileMs?.median ?? 0));
  checks.push({
    target: 'content-script start-up (glossary compile) under 5 ms',
    measured: `${compile.toFixed(2)} ms (worst page median); whole script evaluation ${ms(results.pages[0]?.ours?.evaluateMs)} ms`,
    met: compile < 5,
  });
  checks.push({
    target: 'content-script bundle under 60 KB gzipped',
    measured: `${(results.contentScript.gzipBytes / 1024).toFixed(1)} KB`,
    met: results.contentScript.gzipBytes < 60 * 1024,
  });
  return checks;
}

export function buildReport(results: Results): string {
  const lines: string[] = [];
  lines.push(
    `## Page benchmark, ${results.date.slice(0, 16).replace('T', ' ')} UTC${results.quick ? ' (quick)' : ''}`,
  );
  lines.push('');
  lines.push(
    `\`${results.command}\` · ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGB} GB · ` +
      `load average ${results.machine.loadBefore.join(' ')} before, ${results.machine.loadAfter.join(' ')} after · ` +
      `${results.chromium} headless · glossary ${results.glossary.entries} entries, ${results.glossary.forms} forms · ` +
      `content script ${(results.contentScript.gzipBytes / 1024).toFixed(1)} KB gzipped · ${results.durationS} s`,
  );
  lines.push('');
  lines.push(
    'Times in ms, median (min–max) over the runs. **Floor**: one TreeWalker pass reading every text node. ' +
      '**Ours**: the installed extension, from its first task after DOMContentLoaded (the script starts at ' +
      'document_start and scans after the first render) to the end of its scan (its last task that changed the ' +
      'highlights, or of its run of slices if later), read from a performance trace; it stops marking at 5,000 ' +
      'terms a page and, past 1,000, registers only the ranges of blocks near the view (the ranges column counts ' +
      'those registered at the end). **Ours, no cap**: the ' +
      'same modules run in the page with the cap lifted, so it marks what mark.js marks. **mark.js**: ' +
      '`mark()` with every term form, `separateWordSearch: false`, `accuracy: "exactly"` (~ = extrapolated from ' +
      'the keywords searched within its time budget).',
  );
  lines.push('');
  lines.push(
    '| page | text | elements / text nodes | floor | ours | ours ÷ floor | ours, no cap | no cap ÷ floor | mark.js | mark.js ÷ ours (no cap) | ranges: ours / no cap / mark.js |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const page of results.pages) {
    const markMs = page.mark?.ms;
    // Without a no-cap run (the biggest page), mark.js is compared with the extension, which marks fewer terms.
    const base = page.uncappedMs?.median ?? page.ours?.ms?.median;
    const baseNote = page.uncappedMs ? '' : ' (vs ours, capped)';
    const timedOut = page.uncappedTimedOut ? '>' : '';
    const markCell = markMs
      ? `${page.mark?.complete ? '' : '~'}${ms(markMs)}${page.mark?.complete ? '' : ` (${page.mark?.searched}/${page.mark?.keywords} keywords in ${Math.round(page.mark?.measuredMs ?? 0)})`}`
      : '–';
    lines.push(
      `| ${page.label} | ${size(page.textBytes)} | ${page.elements ?? '–'} / ${page.textNodes ?? '–'} | ${ms(page.floorMs)} | ${ms(page.ours?.ms)} | ${ratio(page.ours?.ms?.median, page.floorMs?.median)} | ${timedOut}${ms(page.uncappedMs)} | ${timedOut}${ratio(page.uncappedMs?.median, page.floorMs?.median)} | ${markCell} | ${page.mark?.complete ? '' : '~'}${ratio(markMs?.median, base)}${baseNote} | ${page.ours?.ranges ?? '–'} / ${page.uncappedRanges ?? '–'} / ${page.mark?.marks ?? '–'} |`,
    );
  }
  const matchOnly = results.pages.filter((page) => page.matchOnlyMs);
  if (matchOnly.length > 0) {
    lines.push('');
    lines.push(
      "Matching alone (the floor's walk with the glossary's matcher run on each text node's text; no blocks, " +
        'ranges or highlights), median (min–max) ms, its terms, and ÷ floor: ' +
        matchOnly
          .map(
            (page) =>
              `${page.label} ${ms(page.matchOnlyMs)}, ${page.matchOnlyMatches ?? '–'} terms, ${ratio(page.matchOnlyMs?.median, page.floorMs?.median)}`,
          )
          .join('; ') +
        '.',
    );
  }
  lines.push('');
  lines.push(
    'First highlight in view (registered, checked in the page as it happens): after load, the earlier of ' +
      'DOMContentLoaded and the first contentful paint [after DOMContentLoaded / after the first contentful paint; ' +
      'the first contentful paint after DOMContentLoaded] / after the start of our scan (when the scan started, ' +
      "after DOMContentLoaded: it waits for the page's first render; until then the first screenful's terms are " +
      'painted in the frames of the page that is still loading). Negative: before it. Longest task of ours: the most of our own time in ' +
      'one main-thread task (our script events and V8 samples), wall time in each run, and the worst in thread time, ' +
      'which leaves out time the OS gave other processes. CPU of ours: from the script start to the last highlight, ' +
      'and over the whole run. JS heap: after a forced GC, with the extension minus without. Glossary load: ' +
      '`matcherForPacks` on the bundled packs, cold, in a fresh page.',
  );
  lines.push('');
  lines.push(
    "| page | first highlight in view | all highlights after DOMContentLoaded | longest task of ours | CPU of ours: scan / whole run | script evaluation | JS heap added | glossary load | page's own longest task |",
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const page of results.pages) {
    const o = page.ours;
    lines.push(
      `| ${page.label} | ${ms(o?.firstInViewAfterLoadMs)} [${ms(o?.firstInViewMs)} / ${ms(o?.firstInViewAfterPaintMs)}; ${ms(o?.firstPaintAfterDomReadyMs)}] / ${ms(o?.firstInViewAfterScanStartMs)} (${ms(o?.scanStartAfterDomReadyMs)}) | ${ms(o?.doneAfterDomReadyMs)} | ${o ? `${o.longestTaskMs.toFixed(1)} (${o.longestTaskRuns.join(', ')}); thread ${o.longestTaskThreadMs?.toFixed(1) ?? '–'}` : '–'} | ${ms(o?.cpuMs)} / ${ms(o?.cpuAllMs)} | ${ms(o?.evaluateMs)} | ${o ? size(Math.max(0, o.heapAddedBytes)) : '–'} | ${page.compileMs ? page.compileMs.median.toFixed(2) : '–'} | ${page.pageLongestTaskMs?.toFixed(0) ?? '–'} |`,
    );
  }
  const a = results.appending;
  if (a) {
    lines.push('');
    lines.push(
      `Appending page (${a.paragraphsPerSecond} paragraphs a second for ${a.expectedBatches / 10} s, in batches of 100, ` +
        `the reader following the newest): ` +
        `${a.highlightedBatches}/${a.batches} batches highlighted` +
        `${a.missedBatches?.length ? ` (not: ${a.missedBatches.join(', ')})` : ''}; ` +
        `delay from insertion to first highlight in the batch ` +
        `${ms(a.delayMs)} ms, p95 ${a.delayP95Ms.toFixed(0)} ms; CPU in our tasks ${(a.oursCpuShare * 100).toFixed(1)}% ` +
        `of the time (main thread +${(a.mainThreadAddedShare * 100).toFixed(1)}% over the page alone, which uses ` +
        `${(a.controlMainThreadShare * 100).toFixed(1)}%); longest task of ours ${a.longestTaskMs.toFixed(1)} ms; ` +
        `${a.ranges} ranges registered at the end.`,
    );
  }
  lines.push('');
  lines.push('| target | measured | |');
  lines.push('| --- | --- | --- |');
  for (const check of checkTargets(results)) {
    lines.push(`| ${check.target} | ${check.measured} | ${yes(check.met)} |`);
  }
  const spots = (list: ProfileHotspot[]): string =>
    list
      .slice(0, 8)
      .map(
        (spot) =>
          `${spot.functionName}${spot.url ? ` (${spot.url.split('/').pop()}:${spot.line})` : ''} ${spot.selfMs}`,
      )
      .join(', ');
  for (const page of results.pages) {
    const profile = page.ours?.profile;
    if (profile && profile.longestTaskMs > 50) {
      lines.push('');
      lines.push(
        `Longest task of ours on ${page.label} (${profile.longestTaskMs} ms of ours), self ms by function (minified build): ${spots(profile.hotspots)}`,
      );
    }
    if (page.uncappedHotspots) {
      lines.push('');
      lines.push(
        `Ours, no cap, on ${page.label}: self ms by function over the scan: ${spots(page.uncappedHotspots)}`,
      );
    }
  }
  if (a?.hotspots) {
    lines.push('');
    lines.push(
      `Appending page while it grows, self ms by function (page and ours): ${spots(a.hotspots)}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
