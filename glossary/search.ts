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

export function createGlossarySearch(entries: readonly Entry[]): GlossarySearch {
  const records: FormRecord[] = entries.flatMap((entry, entryIndex) =>
    [entry.term, ...entry.aliases, ...entry.abbreviations].map((form, i) => {
      const key = formKey(form);
      return { entryIndex, form, key, compact: key.replace(/ /g, ''), isHeadword: i === 0 };
    }),
  );
  // One key, spaces removed, and one pass: "chemo embo" and "y 90" become "chemoembo" and "y90".
  const fuse = new Fuse(records, {
    keys: ['compact'],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4,
    minMatchCharLength: 2,
  });

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
        for (const result of fuse.search(compact.slice(0, MAX_PATTERN))) {
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
