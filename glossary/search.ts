/**
 * Type-ahead search over every glossary entry's headword, aliases and abbreviations, tolerant of typos,
 * missing spaces and partial words ("asites", "chemo embo", "y90"). Best match first.
 */
import Fuse from 'fuse.js';
import { formKey } from './custom-terms';
import type { Entry } from './schema';

export interface SearchHit {
  entry: Entry;
  /** The headword, alias or abbreviation that matched best. */
  form: string;
  /** 0 is a perfect match; larger is worse. */
  score: number;
}

export interface GlossarySearch {
  search(query: string, limit?: number): SearchHit[];
}

interface FormRecord {
  entryIndex: number;
  form: string;
  /** The form folded: lower case, no accents, punctuation as single spaces. */
  key: string;
  /** The key without spaces, so "chemo embolisation" and "y 90" meet "chemoembolisation" and "y90". */
  compact: string;
  isHeadword: boolean;
}

/** Bonuses subtracted from Fuse's score (0 best, 1 worst) so that whole and leading matches come first. */
const EXACT_BONUS = 2;
const PREFIX_BONUS = 1;
const WORD_PREFIX_BONUS = 0.5;
const HEADWORD_BONUS = 0.01;
const MAX_PATTERN = 16;
/** The share of the query's letter pairs a form must have for the fuzzy search to look at it. */
const MIN_SHARED_PAIRS = 0.34;

function letterPairs(text: string): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < text.length; i++) pairs.push(text.slice(i, i + 2));
  return pairs;
}

export function createGlossarySearch(entries: readonly Entry[]): GlossarySearch {
  const records: FormRecord[] = entries.flatMap((entry, entryIndex) =>
    [entry.term, ...entry.aliases, ...entry.abbreviations].map((form, i) => {
      const key = formKey(form);
      return { entryIndex, form, key, compact: key.replace(/ /g, ''), isHeadword: i === 0 };
    }),
  );
  // One key, spaces removed, and one pass: "chemo embo" and "y 90" become "chemoembo" and "y90".
  const fuseOptions = {
    keys: ['compact'],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4,
    minMatchCharLength: 2,
  };
  // Fuzzy matching every form of a glossary of thousands costs too much a keystroke: it runs only on the forms that
  // share enough of the query's letter pairs to be near it ("asites" and "ascites" share four of five).
  const formsWithPair = new Map<string, number[]>();
  records.forEach((record, index) => {
    for (const pair of new Set(letterPairs(record.compact))) {
      const list = formsWithPair.get(pair);
      if (list) list.push(index);
      else formsWithPair.set(pair, [index]);
    }
  });
  const pairCounts = new Uint16Array(records.length);
  function nearForms(compact: string): FormRecord[] {
    const pairs = [...new Set(letterPairs(compact))];
    const needed = Math.max(1, Math.ceil(pairs.length * MIN_SHARED_PAIRS));
    pairCounts.fill(0);
    const near: FormRecord[] = [];
    for (const pair of pairs) {
      for (const index of formsWithPair.get(pair) ?? []) {
        pairCounts[index] = (pairCounts[index] as number) + 1;
        if (pairCounts[index] === needed) near.push(records[index] as FormRecord);
      }
    }
    return near;
  }

  function rank(record: FormRecord, fuseScore: number, key: string, compact: string): number {
    let score = fuseScore;
    if (record.key === key || record.compact === compact) score -= EXACT_BONUS;
    else if (record.key.startsWith(key) || record.compact.startsWith(compact))
      score -= PREFIX_BONUS;
    else if (record.key.split(' ').some((word) => word.startsWith(key))) score -= WORD_PREFIX_BONUS;
    if (record.isHeadword) score -= HEADWORD_BONUS;
    return score;
  }

  return {
    search(query: string, limit = 8): SearchHit[] {
      const key = formKey(query);
      if (!key) return [];
      const compact = key.replace(/ /g, '');
      const best = new Map<number, { record: FormRecord; score: number }>();
      const keep = (record: FormRecord, fuseScore: number): void => {
        const score = rank(record, fuseScore, key, compact);
        const current = best.get(record.entryIndex);
        if (!current || score < current.score) best.set(record.entryIndex, { record, score });
      };
      // Whole and leading matches need no fuzzy search, and a single letter gets nothing else.
      for (const record of records) {
        if (
          record.compact.startsWith(compact) ||
          record.key.split(' ').some((w) => w.startsWith(key))
        )
          keep(record, 0);
      }
      if (compact.length >= 2) {
        // Fuzzy cost grows with the pattern (more errors allowed, more bitap passes); 16 characters tell words apart.
        const pattern = compact.slice(0, MAX_PATTERN);
        for (const result of new Fuse(nearForms(pattern), fuseOptions).search(pattern)) {
          keep(result.item, result.score ?? 1);
        }
      }
      return [...best.values()]
        .sort((a, b) => a.score - b.score || a.record.form.length - b.record.form.length)
        .slice(0, limit)
        .map(({ record, score }) => ({
          entry: entries[record.entryIndex] as Entry,
          form: record.form,
          score,
        }));
    },
  };
}
