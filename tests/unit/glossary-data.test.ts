import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readingGrade, words } from '../../glossary/readability';
import { MAX_SHORT_WORDS, parsePack, type Entry, type Pack } from '../../glossary/schema';

/**
 * Checks every pack in glossary/packs/*.json. Checks that need the source documents read them from
 * ../shared (next to the project) and are skipped, with a message naming that folder, when it is absent.
 *
 * Text comparisons against a source document normalise whitespace only (runs of spaces and line
 * breaks become one space): quotes must keep the document's own punctuation, curly apostrophes included.
 */

const MAX_GRADE = 6;
/** A `short` or `more` sharing this many consecutive words with its source counts as copied. */
const COPIED_RUN = 8;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packsDir = join(root, 'glossary/packs');
const sharedDir = resolve(root, '../shared');
const hasShared = existsSync(sharedDir);

interface LoadedPack {
  file: string;
  data: unknown;
  pack: Pack | undefined;
  errors: string[];
}

const packFiles = readdirSync(packsDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

const loaded: LoadedPack[] = packFiles.map((file) => {
  const data: unknown = JSON.parse(readFileSync(join(packsDir, file), 'utf8'));
  const result = parsePack(data);
  return result.ok
    ? { file, data, pack: result.value, errors: [] }
    : { file, data, pack: undefined, errors: result.errors };
});
const packs = loaded.flatMap((item) => (item.pack ? [item.pack] : []));
const allEntries = packs.flatMap((pack) => pack.entries.map((entry) => ({ pack, entry })));

const normaliseSpace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Fails with the offending entries listed one per line, so the message names each id. */
function expectNone(problems: string[], what: string): void {
  expect(problems, `${what}:\n  ${problems.join('\n  ')}`).toEqual([]);
}

interface SourceText {
  text: string;
  lines: string[];
}

const sourceCache = new Map<string, SourceText | string>();
/** The whitespace-normalised text of a pack's source document, or why it cannot be read. */
function sourceText(pack: Pack, documentId: string): SourceText | string {
  const key = `${pack.id}/${documentId}`;
  const cached = sourceCache.get(key);
  if (cached !== undefined) return cached;
  const source = pack.sources.find((item) => item.id === documentId);
  let result: SourceText | string;
  if (!source) result = `pack "${pack.id}" has no source "${documentId}"`;
  else if (!source.file) result = `source "${documentId}" of pack "${pack.id}" names no file`;
  else {
    const path = join(sharedDir, source.file);
    if (!existsSync(path)) result = `source file ${path} does not exist`;
    else {
      const raw = readFileSync(path, 'utf8');
      result = {
        text: normaliseSpace(raw),
        lines: raw.split(/\r?\n/).map(normaliseSpace).filter(Boolean),
      };
    }
  }
  sourceCache.set(key, result);
  return result;
}

/** Runs `check` on every entry with its source text; unreadable sources are problems too. */
function problemsWithSource(
  check: (entry: Entry, source: SourceText) => string | undefined,
): string[] {
  return allEntries.flatMap(({ pack, entry }) => {
    const source = sourceText(pack, entry.source.document);
    const problem = typeof source === 'string' ? source : check(entry, source);
    return problem ? [`${pack.id}/${entry.id}: ${problem}`] : [];
  });
}

/** Full stops (or ! ?) that end a sentence: before a space, a closing mark, a capital, or the end. */
const SENTENCE_END = /[.!?]+(?=\s|$|["'’”)]|\p{Lu})/gu;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function occursAsWords(haystack: string, needle: string): boolean {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'iu');
  return pattern.test(haystack);
}

/** The first run of COPIED_RUN consecutive words of `text` that also appears in the source. */
function copiedRun(text: string, sourceWords: Set<string>): string | undefined {
  const tokens = words(text.toLowerCase());
  for (let i = 0; i + COPIED_RUN <= tokens.length; i += 1) {
    const run = tokens.slice(i, i + COPIED_RUN).join(' ');
    if (sourceWords.has(run)) return run;
  }
  return undefined;
}

const runCache = new Map<string, Set<string>>();
function sourceRuns(source: SourceText): Set<string> {
  let runs = runCache.get(source.text);
  if (!runs) {
    const tokens = words(source.text.toLowerCase());
    runs = new Set<string>();
    for (let i = 0; i + COPIED_RUN <= tokens.length; i += 1) {
      runs.add(tokens.slice(i, i + COPIED_RUN).join(' '));
    }
    runCache.set(source.text, runs);
  }
  return runs;
}

// --- forms -------------------------------------------------------------------------------------

interface Form {
  owner: string;
  text: string;
  /** Abbreviations are matched with their exact case; headwords and aliases whatever the case. */
  exactCase: boolean;
}

function formsOf(pack: Pack, entry: Entry): Form[] {
  const owner = `${pack.id}/${entry.id}`;
  const insensitive = [...(entry.matchHeadword ? [entry.term] : []), ...entry.aliases];
  return [
    ...insensitive.map((text) => ({ owner, text, exactCase: false })),
    ...entry.abbreviations.map((text) => ({ owner, text, exactCase: true })),
  ];
}

/** Hyphens and spaces count as the same, as they do for the matcher. */
const shape = (text: string): string =>
  normaliseSpace(text.normalize('NFC').replace(/[-‐–]/g, ' '));

/**
 * A looser key that folds the regular variants the matcher generates by rule (UK/US spellings, a
 * plural "s"), so that "tumour" in one entry and "tumors" in another are caught as a clash too.
 */
function looseKey(text: string): string {
  return shape(text)
    .toLowerCase()
    .replace(/isation/g, 'ization')
    .replace(/is(e|ed|es|ing)\b/g, 'iz$1')
    .replace(/our\b/g, 'or')
    .replace(/haem/g, 'hem')
    .replace(/oe/g, 'e')
    .replace(/ae/g, 'e')
    .replace(/s\b/g, '');
}

function formsClash(a: Form, b: Form, key: (text: string) => string): boolean {
  if (!a.exactCase && !b.exactCase) return key(a.text).toLowerCase() === key(b.text).toLowerCase();
  if (a.exactCase && b.exactCase) return key(a.text) === key(b.text);
  // An exact-case form is also found by a case-blind form with the same letters.
  return key(a.text).toLowerCase() === key(b.text).toLowerCase();
}

function clashes(forms: Form[], key: (text: string) => string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < forms.length; i += 1) {
    for (let j = i + 1; j < forms.length; j += 1) {
      const a = forms[i]!;
      const b = forms[j]!;
      if (formsClash(a, b, key)) {
        problems.push(
          a.owner === b.owner
            ? `${a.owner}: "${a.text}" and "${b.text}" are the same form twice`
            : `${a.owner} "${a.text}" and ${b.owner} "${b.text}"`,
        );
      }
    }
  }
  return problems;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// --- tests -------------------------------------------------------------------------------------

describe('glossary packs', () => {
  it('has at least one pack file', () => {
    expect(packFiles.length).toBeGreaterThan(0);
  });

  it('every pack matches the schema', () => {
    expectNone(
      loaded.flatMap((item) => item.errors.map((error) => `${item.file}: ${error}`)),
      'schema errors',
    );
  });

  it('pack ids, source ids and entry ids are unique (entries across all packs)', () => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    const packIds = new Set<string>();
    for (const pack of packs) {
      if (packIds.has(pack.id)) problems.push(`pack id "${pack.id}" is used twice`);
      packIds.add(pack.id);
      const sourceIds = pack.sources.map((source) => source.id);
      if (new Set(sourceIds).size !== sourceIds.length) {
        problems.push(`pack "${pack.id}" repeats a source id`);
      }
      for (const entry of pack.entries) {
        const other = seen.get(entry.id);
        if (other) problems.push(`${pack.id}/${entry.id}: id also used in ${other}`);
        seen.set(entry.id, pack.id);
      }
    }
    expectNone(problems, 'duplicate ids');
  });

  it('every related id exists and is not the entry itself', () => {
    const ids = new Set(allEntries.map(({ entry }) => entry.id));
    const problems = allEntries.flatMap(({ pack, entry }) =>
      entry.related
        .filter((id) => !ids.has(id) || id === entry.id)
        .map(
          (id) =>
            `${pack.id}/${entry.id}: related "${id}" ${id === entry.id ? 'is itself' : 'does not exist'}`,
        ),
    );
    expectNone(problems, 'bad related ids');
  });

  it('every entry cites one of its pack’s sources', () => {
    const problems = allEntries.flatMap(({ pack, entry }) =>
      pack.sources.some((source) => source.id === entry.source.document)
        ? []
        : [`${pack.id}/${entry.id}: unknown source document "${entry.source.document}"`],
    );
    expectNone(problems, 'unknown source documents');
  });

  it(`every short is at most ${MAX_SHORT_WORDS} words and at most grade ${MAX_GRADE}; every more too`, () => {
    const grades = allEntries.map(({ pack, entry }) => ({
      id: `${pack.id}/${entry.id}`,
      grade: readingGrade(entry.short),
    }));
    const sorted = [...grades].sort((a, b) => b.grade - a.grade);
    const worst = sorted[0];
    console.log(
      `glossary: ${grades.length} entries; short reading grade median ${median(
        grades.map((item) => item.grade),
      ).toFixed(2)}, worst ${worst ? `${worst.grade.toFixed(2)} (${worst.id})` : 'n/a'}`,
    );
    const problems = allEntries.flatMap(({ pack, entry }) => {
      const id = `${pack.id}/${entry.id}`;
      const found: string[] = [];
      const count = entry.short.split(/\s+/).filter(Boolean).length;
      if (count > MAX_SHORT_WORDS) found.push(`${id}: short has ${count} words`);
      for (const [field, text] of [
        ['short', entry.short],
        ['more', entry.more],
      ] as const) {
        if (text === undefined) continue;
        const grade = readingGrade(text);
        if (!(grade <= MAX_GRADE)) found.push(`${id}: ${field} is at grade ${grade.toFixed(2)}`);
      }
      return found;
    });
    expectNone(problems, `texts over ${MAX_SHORT_WORDS} words or grade ${MAX_GRADE}`);
  });

  it('no two forms are the same (headwords, aliases, abbreviations; within and across packs)', () => {
    // Across packs a clash is not allowed yet: if one is ever wanted, document it and allow it here.
    const forms = allEntries.flatMap(({ pack, entry }) => formsOf(pack, entry));
    expectNone(clashes(forms, shape), 'forms claimed twice');
  });

  it('no two entries claim forms that differ only by a regular variant (plural s, UK/US spelling)', () => {
    const forms = allEntries.flatMap(({ pack, entry }) => formsOf(pack, entry));
    const problems = clashes(forms, looseKey).filter((problem) => !problem.includes('same form'));
    expectNone(problems, 'forms that the matcher would give to two entries');
  });

  it('every entry can be found on a page (headword matched, or an alias or abbreviation)', () => {
    const problems = allEntries.flatMap(({ pack, entry }) =>
      formsOf(pack, entry).length === 0 ? [`${pack.id}/${entry.id}: no form to match`] : [],
    );
    expectNone(problems, 'entries with nothing to match');
  });

  it('every quote is at most one sentence', () => {
    const problems = allEntries.flatMap(({ pack, entry }) => {
      const ends = entry.source.quote.trim().match(SENTENCE_END)?.length ?? 0;
      return ends > 1 ? [`${pack.id}/${entry.id}: quote has ${ends} sentences`] : [];
    });
    expectNone(problems, 'quotes longer than a sentence');
  });
});

describe.skipIf(!hasShared)(
  `glossary packs against their source documents (in ${sharedDir})`,
  () => {
    it('every quote is found verbatim in its document (whitespace normalised)', () => {
      const problems = problemsWithSource((entry, source) =>
        source.text.includes(normaliseSpace(entry.source.quote))
          ? undefined
          : `quote not found: "${entry.source.quote}"`,
      );
      expectNone(problems, 'quotes not in the source');
    });

    it('every headword occurs in its document as whole words (case-insensitive)', () => {
      const problems = problemsWithSource((entry, source) =>
        occursAsWords(source.text, normaliseSpace(entry.term))
          ? undefined
          : `headword "${entry.term}" not in the document`,
      );
      expectNone(problems, 'headwords not in the source');
    });

    it('every section is a heading line of its document, above the quote', () => {
      const problems = problemsWithSource((entry, source) => {
        const section = normaliseSpace(entry.source.section);
        const quote = normaliseSpace(entry.source.quote);
        const headingLine = (line: string): boolean =>
          line === section && !line.endsWith('.') && line.split(' ').length <= 12;
        const sectionAt = source.lines.findIndex(headingLine);
        if (sectionAt < 0) return `section "${entry.source.section}" is not a heading line`;
        const quoteAt = source.lines.findIndex(
          (line, index) => index > sectionAt && line.includes(quote),
        );
        const quoteAnywhere = source.lines.some((line) => line.includes(quote));
        // A quote that spans lines cannot be placed; the verbatim test reports it if it is missing.
        return quoteAt < 0 && quoteAnywhere
          ? `quote is not below section "${entry.source.section}"`
          : undefined;
      });
      expectNone(problems, 'sections not above their quotes');
    });

    it(`no short or more shares ${COPIED_RUN} consecutive words with its document`, () => {
      const problems = problemsWithSource((entry, source) => {
        const runs = sourceRuns(source);
        for (const text of [entry.short, entry.more]) {
          const run = text === undefined ? undefined : copiedRun(text, runs);
          if (run) return `copies "${run}"`;
        }
        return undefined;
      });
      expectNone(problems, 'definitions copied from the source');
    });
  },
);

if (!hasShared) {
  console.warn(
    `glossary-data: ${sharedDir} is absent, so the checks against source documents were skipped.`,
  );
}
