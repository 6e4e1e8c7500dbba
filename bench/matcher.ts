/**
 * `npm run bench:matcher`: the matcher's throughput on real text (the corpus pages repeated) and on
 * pathological text, and the glossary's compile time. Prints a table and appends it to BENCHMARKS.md.
 */
import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { Bench } from 'tinybench';
import { bundledPacks, corePack, entriesOf } from '../glossary/index';
import { compileGlossary } from '../glossary/matcher';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = join(root, '..', 'shared', 'corpus');
const entries = entriesOf(bundledPacks);

function realText(): string {
  if (!existsSync(corpusDir)) {
    console.error(
      `The corpus folder ${corpusDir} is missing: the benchmark needs ../shared/corpus.`,
    );
    process.exit(1);
  }
  return readdirSync(corpusDir)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => readFileSync(join(corpusDir, name), 'utf8'))
    .join('\n\n');
}

function repeatTo(text: string, length: number): string {
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

/**
 * The same text as one flat string, as text read from a file or the DOM is: V8 keeps `repeat()` and `slice()`
 * results as trees of, or views into, other strings, which every `charCodeAt` has to go through.
 */
function flat(text: string): string {
  const half = text.length >> 1;
  return [text.slice(0, half), text.slice(half)].join('');
}

const KB = 1024;
const MB = 1024 * KB;
const corpus = realText();
const inputs: [string, string][] = (
  [
    ['corpus 100 KB', repeatTo(corpus, 100 * KB)],
    ['corpus 1 MB', repeatTo(corpus, MB)],
    ['corpus 10 MB', repeatTo(corpus, 10 * MB)],
    ['one letter, 1 MB', 'a'.repeat(MB)],
    ['one letter, 4 MB', 'a'.repeat(4 * MB)],
    ['"liver " repeated, 1 MB', repeatTo('liver ', MB)],
    ['"liver " repeated, 4 MB', repeatTo('liver ', 4 * MB)],
    ['"secondary liver can" repeated, 4 MB', repeatTo('secondary liver can ', 4 * MB)],
    ['soft hyphens inside one word, 4 MB', 'meta' + '\u00ad'.repeat(4 * MB)],
    ['spaces after a term start, 4 MB', 'secondary' + ' '.repeat(4 * MB)],
    [
      'all terms back to back, 4 MB',
      repeatTo(entries.map((entry) => entry.term + ' ').join(''), 4 * MB),
    ],
  ] satisfies [string, string][]
).map(([name, text]) => [name, flat(text)]);

// Cold: the first compile in this process, of the core glossary alone (the bar: under 5 ms).
const coreEntries = entriesOf([corePack]);
const coldStart = performance.now();
compileGlossary(coreEntries);
const coldCompileMs = performance.now() - coldStart;
const matcher = compileGlossary(entries);
const bench = new Bench({ time: 1500, warmupTime: 300 });
// Each sample starts from a collected heap (as mitata does), so that it pays for the garbage of its own matches
// and not for that of the samples before it. `npm run bench:matcher` runs Node with --expose-gc.
const collect = (globalThis as { gc?: () => void }).gc;
const hooks = collect ? { beforeEach: () => collect() } : {};
for (const [name, text] of inputs) bench.add(name, () => void matcher.find(text), hooks);
bench.add(
  `compile the core glossary (${coreEntries.length} entries)`,
  () => void compileGlossary(coreEntries),
);
bench.add(`compile every pack (${entries.length} entries)`, () => void compileGlossary(entries));

const loadBefore = loadavg()[0] ?? 0;

await bench.run();

const rows = bench.tasks.map((task) => {
  const result = task.result;
  if (!('latency' in result)) throw new Error(`${task.name} did not complete: ${result.state}`);
  const medianMs = result.latency.p50 ?? result.latency.mean;
  const text = inputs.find(([name]) => name === task.name)?.[1];
  return {
    input: task.name,
    medianMs: Number(medianMs.toFixed(3)),
    spreadMs: Number((result.latency.max - result.latency.min).toFixed(3)),
    mbPerSecond: text ? Number((text.length / MB / (medianMs / 1000)).toFixed(1)) : null,
    // The fastest run: what the code does when no other process or VM on the host takes the CPU from it.
    fastestMbPerSecond: text
      ? Number((text.length / MB / (result.latency.min / 1000)).toFixed(1))
      : null,
    matches: text ? matcher.find(text).length : null,
    samples: result.latency.samplesCount,
  };
});

console.table(rows);
console.log(
  `Cold compile of the core glossary (first in this process): ${coldCompileMs.toFixed(2)} ms`,
);

const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const table = [
  `\n## Matcher, ${when} UTC`,
  '',
  `Machine: ${machine}, load average ${loadBefore.toFixed(2)} at the start (a shared virtual machine: runs vary).`,
  `Glossary: ${entries.length} entries in ${bundledPacks.length} pack(s).`,
  `Command: \`npm run bench:matcher\`. MB = 2^20 UTF-16 code units. Cold compile of the core glossary: ${coldCompileMs.toFixed(2)} ms.`,
  `Heap collected before each sample: ${collect ? 'yes' : 'no (run without --expose-gc)'}.`,
  '',
  '| input | median ms | spread ms (max − min) | MB/s (median) | MB/s (fastest run) | matches | samples |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (row) =>
      `| ${row.input} | ${row.medianMs} | ${row.spreadMs} | ${row.mbPerSecond ?? '–'} | ${row.fastestMbPerSecond ?? '–'} | ${row.matches ?? '–'} | ${row.samples} |`,
  ),
  '',
].join('\n');
const benchmarksFile = join(root, 'BENCHMARKS.md');
if (!existsSync(benchmarksFile))
  appendFileSync(
    benchmarksFile,
    '# Benchmarks\n\nFigures measured on this project’s machines, newest last.\n',
  );
appendFileSync(benchmarksFile, table);
// Formatted as the project's Prettier would, so that `npm run lint` stays clean after a run.
const prettierOptions = (await prettier.resolveConfig(benchmarksFile)) ?? {};
writeFileSync(
  benchmarksFile,
  await prettier.format(readFileSync(benchmarksFile, 'utf8'), {
    ...prettierOptions,
    filepath: benchmarksFile,
  }),
);
console.log(`Appended to ${benchmarksFile}`);
