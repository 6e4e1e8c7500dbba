import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syllable } from 'syllable';
import { describe, expect, it } from 'vitest';
import { compileGlossary } from '../../glossary/matcher';
import { readingGrade, words } from '../../glossary/readability';
import { MAX_SHORT_WORDS, parsePack, type Entry, type Pack } from '../../glossary/schema';
import { foldForm } from '../../glossary/text-folding';
import { expandAbbreviation, expandForm } from '../../glossary/variants';
import { isRecordSource, NOTES_PACK_SOURCE, recordText } from '../../scripts/record-sources';

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
/** The share of entries (medicines aside) that may be grounded by a usage in the notes instead of NIH text. */
const MAX_USAGE_SHARE = 0.15;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packsDir = join(root, 'glossary/packs');
const sharedDir = resolve(root, '../shared');
const hasShared = existsSync(sharedDir);

interface LoadedPack {
  file: string;
  pack: Pack | undefined;
  errors: string[];
}

/**
 * `GLOSSARY_ONLY=glossary/packs/body.json` checks the bundled core and nci packs and the packs named (comma
 * separated): how a pack author checks one batch while other packs are being written.
 */
const only = process.env.GLOSSARY_ONLY?.split(',').map((file) => resolve(root, file.trim()));
const packFiles = (
  only
    ? [...new Set([join(packsDir, 'core.json'), join(packsDir, 'nci.json'), ...only])]
    : readdirSync(packsDir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => join(packsDir, name))
).sort();

const loaded: LoadedPack[] = packFiles.map((file) => {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const result = parsePack(data);
  return result.ok
    ? { file, pack: result.value, errors: [] }
    : { file, pack: undefined, errors: result.errors };
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
  /** A plain document's lines, for its headings; absent for a record of a record-based source. */
  lines?: string[];
  /** A record's sections holding a quote (the question it answers, the note's title). */
  sectionsOf?: (quote: string) => string[];
  /** Whether the source is the clinical notes (whose quotes are usage quotes). */
  notes: boolean;
}

const sourceCache = new Map<string, SourceText | string>();
/** The whitespace-normalised text of an entry's source document (or record), or why it cannot be read. */
function sourceText(pack: Pack, entry: Entry): SourceText | string {
  const { document: documentId, record } = entry.source;
  const key = `${pack.id}/${documentId}#${record ?? ''}`;
  const cached = sourceCache.get(key);
  if (cached !== undefined) return cached;
  const source = pack.sources.find((item) => item.id === documentId);
  let result: SourceText | string;
  if (!source) result = `pack "${pack.id}" has no source "${documentId}"`;
  else if (!source.file) result = `source "${documentId}" of pack "${pack.id}" names no file`;
  else if (isRecordSource(source.file)) {
    const notes = source.file === NOTES_PACK_SOURCE.file;
    const found = record
      ? recordText(sharedDir, source.file, record)
      : `source "${documentId}" is made of records: name one in "record"`;
    result = typeof found === 'string' ? found : { ...found, notes };
  } else if (record) result = `source "${documentId}" is one document: it has no records`;
  else {
    const path = join(sharedDir, source.file);
    if (!existsSync(path)) result = `source file ${path} does not exist`;
    else {
      const raw = readFileSync(path, 'utf8');
      result = {
        text: normaliseSpace(raw),
        lines: raw.split(/\r?\n/).map(normaliseSpace).filter(Boolean),
        notes: false,
      };
    }
  }
  sourceCache.set(key, result);
  return result;
}

/** Runs `check` on every entry with its source text; unreadable sources are problems too. */
function problemsWithSource(
  check: (entry: Entry, source: SourceText, pack: Pack) => string | undefined,
): string[] {
  return allEntries.flatMap(({ pack, entry }) => {
    const source = sourceText(pack, entry);
    const problem = typeof source === 'string' ? source : check(entry, source, pack);
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
  /** For a form generated by rule: the listed form it comes from. */
  from?: string;
  /** The entry's headword, which is always listed even when another form generates it. */
  headword?: boolean;
}

function formsOf(pack: Pack, entry: Entry): Form[] {
  const owner = `${pack.id}/${entry.id}`;
  return [
    ...(entry.matchHeadword ? [{ owner, text: entry.term, exactCase: false, headword: true }] : []),
    ...entry.aliases.map((text) => ({ owner, text, exactCase: false })),
    ...entry.abbreviations.map((text) => ({ owner, text, exactCase: true })),
  ];
}

/** The regular variants the matcher generates from a listed form (variants.ts), not the form itself. */
function generatedFrom(form: Form): Form[] {
  const variants = form.exactCase ? expandAbbreviation(form.text) : expandForm(form.text);
  const own = foldKey(form.text, !form.exactCase);
  return variants
    .filter((variant) => foldKey(variant, !form.exactCase) !== own)
    .map((text) => ({ owner: form.owner, text, exactCase: form.exactCase, from: form.text }));
}

/** How the matcher compares text (text-folding.ts): separators, apostrophes, accents and maybe case folded. */
const foldKey = (text: string, caseFold: boolean): string =>
  String.fromCharCode(...foldForm(text, caseFold));

/** Two forms find the same text: exact-case forms when identical, otherwise whatever the case. */
const sameText = (a: Form, b: Form): boolean =>
  a.exactCase && b.exactCase
    ? foldKey(a.text, false) === foldKey(b.text, false)
    : foldKey(a.text, true) === foldKey(b.text, true);

const describeForm = (form: Form): string =>
  form.from ? `"${form.text}" (from "${form.from}")` : `"${form.text}"`;

/** Every pair of forms that find the same text, as "a and b" descriptions; `keep` filters the pairs. */
function sameTextPairs(forms: Form[], keep: (a: Form, b: Form) => boolean): string[] {
  const groups = new Map<string, Form[]>();
  for (const form of forms) {
    const key = foldKey(form.text, true);
    groups.set(key, [...(groups.get(key) ?? []), form]);
  }
  const problems = new Set<string>();
  for (const group of groups.values()) {
    group.forEach((a, i) => {
      for (const b of group.slice(i + 1)) {
        if (sameText(a, b) && keep(a, b)) {
          problems.add(
            a.owner === b.owner
              ? `${a.owner}: ${describeForm(a)} and ${describeForm(b)}`
              : `${a.owner} ${describeForm(a)} and ${b.owner} ${describeForm(b)}`,
          );
        }
      }
    });
  }
  return [...problems];
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
    const listed = allEntries.flatMap(({ pack, entry }) => formsOf(pack, entry));
    expectNone(
      sameTextPairs(listed, () => true),
      'forms claimed twice (or listed twice in one entry)',
    );
  });

  it('no two entries claim the same text through the variants the matcher generates', () => {
    const listed = allEntries.flatMap(({ pack, entry }) => formsOf(pack, entry));
    const all = [...listed, ...listed.flatMap(generatedFrom)];
    expectNone(
      sameTextPairs(all, (a, b) => a.owner !== b.owner),
      'texts that the matcher would give to two entries',
    );
  });

  it('no alias or abbreviation lists a variant that the matcher already generates by rule', () => {
    const problems = allEntries.flatMap(({ pack, entry }) => {
      const listed = formsOf(pack, entry);
      const redundant = (listedForm: Form, generated: Form): boolean =>
        !listedForm.from && !listedForm.headword && Boolean(generated.from);
      return sameTextPairs(
        [...listed, ...listed.flatMap(generatedFrom)],
        (a, b) => redundant(a, b) || redundant(b, a),
      );
    });
    expectNone(problems, 'forms listed that are generated by rule (remove them from the data)');
  });

  it('every entry can be found on a page (headword matched, or an alias or abbreviation)', () => {
    const problems = allEntries.flatMap(({ pack, entry }) =>
      formsOf(pack, entry).length === 0 ? [`${pack.id}/${entry.id}: no form to match`] : [],
    );
    expectNone(problems, 'entries with nothing to match');
  });

  it('every headword of three or more syllables has a pronunciation', () => {
    const problems = allEntries.flatMap(({ pack, entry }) => {
      const long = words(entry.term).some(
        (word) => !/^[A-Z0-9]+s?$/.test(word) && syllable(word) >= 3,
      );
      return long && !entry.pronunciation ? [`${pack.id}/${entry.id}: no pronunciation`] : [];
    });
    expectNone(problems, 'long words without a pronunciation');
  });

  it('every pronunciation shows its stressed syllable in capitals (he-PAT-ik), one a word', () => {
    const problems = allEntries.flatMap(({ pack, entry }) => {
      if (!entry.pronunciation) return [];
      const bad = entry.pronunciation.split(/\s+/).filter((word) => {
        const syllables = word.replace(/[(),]/g, '').split('-').filter(Boolean);
        if (syllables.some((part) => !/^([a-z']+|[A-Z']+)$/.test(part))) return true;
        const stressed = syllables.filter((part) => /[A-Z]/.test(part)).length;
        return syllables.length > 1 ? stressed !== 1 : stressed > 1;
      });
      return bad.length > 0
        ? [`${pack.id}/${entry.id}: "${entry.pronunciation}" (${bad.join(', ')})`]
        : [];
    });
    expectNone(problems, 'respellings without one stressed syllable a word');
  });

  it(`at most ${MAX_USAGE_SHARE * 100}% of the entries quoting records use a usage quote (medicines aside)`, () => {
    const quotingRecords = allEntries.filter(
      ({ entry }) => entry.source.record !== undefined && entry.category !== 'medicine',
    );
    const usage = quotingRecords.filter(({ entry }) => entry.source.usage);
    expect(usage.length).toBeLessThanOrEqual(Math.floor(quotingRecords.length * MAX_USAGE_SHARE));
  });

  it('every quote is at most one sentence', () => {
    const problems = allEntries.flatMap(({ pack, entry }) => {
      const ends = entry.source.quote.trim().match(SENTENCE_END)?.length ?? 0;
      return ends > 1 ? [`${pack.id}/${entry.id}: quote has ${ends} sentences`] : [];
    });
    expectNone(problems, 'quotes longer than a sentence');
  });
});

/**
 * The forms that issue 2 names, each with the entry it must find (null: must find nothing, because the word
 * alone is too common or means something else). This runs the real matcher, so it also proves that the
 * regular variants left out of the data (plurals, US spellings, 1st/first) are generated.
 */
const NAMED_FORMS: ReadonlyArray<readonly [string, string | null]> = [
  ['primary cancer', 'primary-cancer'],
  ['secondary cancer', 'secondary-cancer'],
  ['secondaries', 'secondary-cancer'],
  ['secondary liver cancer', 'secondary-cancer'],
  ['metastasis', 'metastasis'],
  ['metastases', 'metastasis'],
  ['metastatic', 'metastasis'],
  ['metastasise', 'metastasis'],
  ['metastasize', 'metastasis'],
  ['metastasised', 'metastasis'],
  ['mets', 'metastasis'],
  ['METS', null],
  ['primary liver cancer', 'primary-liver-cancer'],
  ['advanced cancer', 'advanced-cancer'],
  ['tumour', 'tumour'],
  ['tumors', 'tumour'],
  ['lymph system', 'lymph-system'],
  ['liver function tests', 'liver-function-test'],
  ['LFTs', 'liver-function-test'],
  ['CT scan', 'ct-scan'],
  ['CT', 'ct-scan'],
  ['ct', null],
  ['CAT scan', 'ct-scan'],
  ['computed tomography', 'ct-scan'],
  ['PET scan', 'pet-scan'],
  ['PET-CT', 'pet-scan'],
  ['PET', null],
  ['ultrasound scan', 'ultrasound-scan'],
  ['abdomen', 'abdomen'],
  ['liver capsule', 'liver-capsule'],
  ['capsule', null],
  ['jaundice', 'jaundice'],
  ['jaundiced', 'jaundice'],
  ['bile', 'bile'],
  ['bile duct', 'bile-duct'],
  ['bile ducts', 'bile-duct'],
  ['ascites', 'ascites'],
  ['ascitic', 'ascites'],
  ['palliative treatment', 'palliative-treatment'],
  ['palliative care', 'palliative-care'],
  ['prognosis', 'prognosis'],
  ['outlook', null],
  ['specialist liver surgery', 'liver-surgery'],
  ['liver resection', 'liver-surgery'],
  ['specialist liver surgery centre', 'specialist-liver-surgery-centre'],
  ['intensive care unit', 'intensive-care'],
  ['high dependency unit', 'high-dependency-unit'],
  ['chemotherapy', 'chemotherapy'],
  ['first-line treatment', 'first-line-treatment'],
  ['1st line treatment', 'first-line-treatment'],
  ['second-line chemotherapy', 'second-line-treatment'],
  ['2nd line treatment', 'second-line-treatment'],
  ['second line', null],
  ['hepatic artery', 'hepatic-artery'],
  ['catheter', 'catheter'],
  ['hepatic artery chemotherapy', 'hepatic-artery-chemotherapy'],
  ['intrahepatic chemotherapy', 'hepatic-artery-chemotherapy'],
  ['hepatic artery infusion', 'hepatic-artery-infusion'],
  ['HAI', 'hepatic-artery-infusion'],
  ['transarterial chemoembolisation', 'tace'],
  ['TACE', 'tace'],
  ['chemoembolization', 'tace'],
  ['chemo-embolisation', 'tace'],
  ['hormone therapy', 'hormone-therapy'],
  ['biological therapy', 'biological-therapy'],
  ['monoclonal antibodies', 'monoclonal-antibodies'],
  ['cancer growth blockers', 'cancer-growth-blockers'],
  ['radiotherapy', 'radiotherapy'],
  ['selective internal radiation therapy', 'sirt'],
  ['SIRT', 'sirt'],
  ['brachytherapy', 'brachytherapy'],
  ['internal radiotherapy', 'internal-radiotherapy'],
  ['capsule', null],
  ['yttrium', null],
  ['stage', null],
  ['large bowel', 'large-intestine'],
  ['microspheres', 'microspheres'],
  ['SIR-Spheres', 'microspheres'],
  ['yttrium-90', 'yttrium-90'],
  ['yttrium 90', 'yttrium-90'],
  ['Y-90', 'yttrium-90'],
  ['Y90', 'yttrium-90'],
  ['90Y', 'yttrium-90'],
  ['radioembolisation', 'radioembolisation'],
  ['radioembolization', 'radioembolisation'],
  ['radiofrequency ablation', 'radiofrequency-ablation'],
  ['RFA', 'radiofrequency-ablation'],
  ['radiofrequency assisted surgery', 'radiofrequency-assisted-surgery'],
  ['cryotherapy', 'cryotherapy'],
  ['microwave ablation', 'microwave-ablation'],
  ['laser therapy', 'laser-therapy'],
  ['alcohol injection', 'alcohol-injection'],
  ['stent', 'stent'],
  ['clinical trials', 'clinical-trials'],
  ['specialist nurse', 'specialist-nurse'],
  ['palliative care nurse', 'symptom-control-nurse'],
  ['symptom control nurse', 'symptom-control-nurse'],
  ['GP', 'gp'],
  ['GPs', 'gp'],
  ['next of kin', 'next-of-kin'],
];

describe.skipIf(!packs.some((pack) => pack.id === 'core'))(
  'core pack: the forms issue 2 names',
  () => {
    const matcher = compileGlossary(allEntries.map(({ entry }) => entry));

    it('each is found whole, by the entry it belongs to, or not at all when it must not be', () => {
      const problems = NAMED_FORMS.flatMap(([form, expected]) => {
        // Forms alone: entries whose forms are everyday words are kept (their context rule is tested apart).
        const found = matcher.find(form, { keepEveryday: true });
        const whole = found.length === 1 && found[0]!.start === 0 && found[0]!.end === form.length;
        const got = whole ? found[0]!.entryId : found.length ? JSON.stringify(found) : null;
        if (expected === null)
          return found.length ? [`"${form}" should find nothing, found ${got}`] : [];
        return got === expected
          ? []
          : [`"${form}" should find ${expected}, found ${got ?? 'nothing'}`];
      });
      expectNone(problems, 'named forms not found as they should be');
    });
  },
);

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
        !source.lines || occursAsWords(source.text, normaliseSpace(entry.term))
          ? undefined
          : `headword "${entry.term}" not in the document`,
      );
      expectNone(problems, 'headwords not in the source');
    });

    it('every quote from a record (NIH page, note) uses one of its entry’s forms, as the matcher finds them', () => {
      const problems = problemsWithSource((entry, source) => {
        if (source.lines) return undefined;
        const forms = compileGlossary([{ ...entry, matchHeadword: true, context: undefined }]);
        return forms.find(entry.source.quote).length > 0
          ? undefined
          : `quote uses none of the entry's forms: "${entry.source.quote}"`;
      });
      expectNone(problems, 'quotes that do not use the term');
    });

    it('usage quotes come from the notes, and only they are marked "usage"', () => {
      const problems = problemsWithSource((entry, source) =>
        source.notes === (entry.source.usage === true)
          ? undefined
          : source.notes
            ? 'a quote from the notes must say "usage": true'
            : '"usage": true but the quote is not from the notes',
      );
      expectNone(problems, 'usage quotes');
    });

    it('every section is a heading line, the nearest one above its quote', () => {
      // The documents are plain text: a heading is known only as a short line that some entry cites.
      const citedHeadings = new Map<string, Set<string>>();
      for (const { pack, entry } of allEntries) {
        const key = `${pack.id}/${entry.source.document}`;
        citedHeadings.set(
          key,
          (citedHeadings.get(key) ?? new Set()).add(normaliseSpace(entry.source.section)),
        );
      }
      const problems = problemsWithSource((entry, source, pack) => {
        const section = normaliseSpace(entry.source.section);
        const quote = normaliseSpace(entry.source.quote);
        if (!source.lines) {
          const sections = source.sectionsOf?.(quote) ?? [];
          if (sections.length === 0 || sections.includes(section)) return undefined;
          return `section "${entry.source.section}" but the quote is under "${sections[0]}"`;
        }
        const headings = citedHeadings.get(`${pack.id}/${entry.source.document}`) ?? new Set();
        const lines = source.lines;
        const isHeadingLine =
          lines.includes(section) && !section.endsWith('.') && section.split(' ').length <= 12;
        if (!isHeadingLine) return `section "${entry.source.section}" is not a heading line`;
        const nearestHeadings = lines.flatMap((line, index) => {
          if (!line.includes(quote)) return [];
          const above = lines.slice(0, index + 1).findLast((candidate) => headings.has(candidate));
          return [above ?? '(none)'];
        });
        // A quote that spans lines cannot be placed; the verbatim test reports it if it is missing.
        if (nearestHeadings.length === 0 || nearestHeadings.includes(section)) return undefined;
        return `section "${entry.source.section}" but the heading above the quote is "${nearestHeadings[0]}"`;
      });
      expectNone(problems, 'sections that are not the heading above their quotes');
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
