/**
 * The glossary's worklist: which words and multi-word terms the clinical notes (or the NIH pages) use, ranked by
 * how many documents use them, with how rare each is in everyday English. Shared by `glossary:candidates` (the
 * worklist, minus what the glossary explains) and `glossary:coverage` (the fixed list of jargon it measures).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Matcher } from '../glossary/types';
import {
  isAbbreviationToken,
  normaliseSpace,
  readableNote,
  readNih,
  readNotes,
  WORD,
  zipf,
} from './corpus';
import { PROJECT_ROOT } from './paths';

export type CandidateKind = 'word' | 'phrase' | 'abbreviation';

export interface Candidate {
  /** Lower-cased for words and phrases; exactly as written for abbreviations. */
  term: string;
  kind: CandidateKind;
  /** How many documents use it (outside the glossary's matches, when a matcher is given). */
  documents: number;
  /** How many times in all. */
  count: number;
  /** Zipf frequency in everyday English (of the rarest word, for a phrase). */
  zipf: number;
  /** One sentence that uses it. */
  context: string;
}

/** Words at least this common in everyday English (Zipf) are not candidates: "pain", "blood", "surgery". */
export const EVERYDAY_ZIPF = 4;
/** How many of the top word candidates are the jargon that coverage measures. */
export const JARGON_SIZE = 1500;

export const PLAIN_WORDS_FILE = resolve(PROJECT_ROOT, 'glossary/coverage/plain-words.tsv');
/** The medicine names and drug classes among the jargon words, whose share coverage reports apart. */
export const MEDICINE_WORDS_FILE = resolve(PROJECT_ROOT, 'glossary/coverage/medicine-words.tsv');

/**
 * A judged word list: `word<TAB>reason` lines, # comments. The words judged plain enough (or not medical) by
 * default.
 */
export function readPlainWords(file = PLAIN_WORDS_FILE): Map<string, string> {
  const plain = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [word, reason] = line.split('\t');
    if (word) plain.set(word.trim().toLowerCase(), (reason ?? '').trim());
  }
  return plain;
}

const FUNCTION_WORDS = new Set(
  `a about above after again all also an and any are as at be because been before being between both but by
  can could did do does done down during each either few for from further had has have having he her here hers
  him his how i if in into is it its itself me more most my no nor not of off on once only or other our out over
  own per same she should so some such than that the their them then there these they this those through to too
  under until up upon very via was we were what when where which while who whom why will with within without
  would you your`.split(/\s+/),
);

export type CorpusName = 'notes' | 'nih';

/** The corpus as plain texts, one a document, each split into the blocks (lines) a page would show. */
export function corpusDocuments(sharedDir: string, corpus: CorpusName): string[][] {
  if (corpus === 'notes')
    return readNotes(sharedDir).map((note) => readableNote(note.text).split('\n'));
  return readNih(sharedDir).map((document) => document.qa.flatMap((qa) => qa.answer.split(/\n+/)));
}

interface Tally {
  documents: number;
  count: number;
  lastDocument: number;
  context: string;
}

function tally(
  map: Map<string, Tally>,
  key: string,
  document: number,
  context: () => string,
): void {
  let item = map.get(key);
  if (!item) {
    item = { documents: 0, count: 0, lastDocument: -1, context: context() };
    map.set(key, item);
  }
  item.count += 1;
  if (item.lastDocument !== document) {
    item.documents += 1;
    item.lastDocument = document;
  }
}

const clip = (sentence: string, at: number): string => {
  const start = Math.max(0, at - 80);
  const text = sentence.slice(start, start + 180);
  return `${start > 0 ? '…' : ''}${text}${start + 180 < sentence.length ? '…' : ''}`;
};

/** A compound's everyday frequency is its rarest part's: "year-old" is everyday, "low-molecular-weight" is not. */
const wordZipf = (word: string): number =>
  word.includes('-') ? Math.min(...word.split('-').map(zipf)) : zipf(word);
const isRare = (word: string): boolean => wordZipf(word) < EVERYDAY_ZIPF;
/** An everyday word in capitals, as note headings write them ("HISTORY", "PLAN"), is a word, not an abbreviation. */
const isShoutedWord = (token: string): boolean => {
  const frequency = zipf(token);
  return frequency >= 4 || (token.length >= 5 && frequency > 0);
};
const isCountable = (word: string): boolean =>
  word.length >= 3 && !/\d/.test(word) && !FUNCTION_WORDS.has(word);

/**
 * Every candidate of the corpus, ranked by documents, then count. With a matcher, a word or phrase counts only where
 * it stands outside the glossary's matches, so what the glossary explains drops out of the list.
 */
export function rankCandidates(
  documents: readonly (readonly string[])[],
  matcher?: Matcher,
  { phrases: withPhrases = true } = {},
): Candidate[] {
  const words = new Map<string, Tally>();
  const phrases = new Map<string, Tally>();
  const abbreviations = new Map<string, Tally>();
  documents.forEach((blocks, documentIndex) => {
    for (const block of blocks) {
      const covered = new Uint8Array(block.length);
      for (const match of matcher?.find(block) ?? []) covered.fill(1, match.start, match.end);
      const contextAt = (at: number): string => {
        const before = block.slice(0, at).search(/[^.!?]*$/);
        const after = block.slice(at).search(/[.!?](\s|$)/);
        return clip(
          normaliseSpace(block.slice(before, after === -1 ? block.length : at + after + 1)),
          at - before,
        );
      };
      // Phrases never run across punctuation.
      let run: { key: string; rare: boolean; at: number }[] = [];
      const flushRun = (): void => {
        if (!withPhrases) run.length = 0;
        for (let length = 2; length <= 3; length += 1) {
          for (let i = 0; i + length <= run.length; i += 1) {
            const parts = run.slice(i, i + length);
            if (!parts.some((part) => part.rare)) continue;
            const first = parts[0]!;
            const last = parts[parts.length - 1]!.key;
            if (FUNCTION_WORDS.has(first.key) || FUNCTION_WORDS.has(last)) continue;
            const phrase = parts.map((part) => part.key).join(' ');
            tally(phrases, phrase, documentIndex, () => contextAt(first.at));
          }
        }
        run = [];
      };
      let previousEnd = 0;
      for (const match of block.matchAll(WORD)) {
        const token = match[0];
        const at = match.index;
        if (/[^\s"“”]/.test(block.slice(previousEnd, at))) flushRun();
        previousEnd = at + token.length;
        if (covered[at] === 1) {
          flushRun();
          continue;
        }
        if (isAbbreviationToken(token) && !isShoutedWord(token)) {
          tally(abbreviations, token, documentIndex, () => contextAt(at));
          flushRun();
          continue;
        }
        const key = token.toLowerCase().replace(/’/g, "'").replace(/'s$/, '');
        const rare = isCountable(key) && isRare(key);
        if (rare) tally(words, key, documentIndex, () => contextAt(at));
        run.push({ key, rare, at });
      }
      flushRun();
    }
  });
  const toCandidates = (map: Map<string, Tally>, kind: CandidateKind): Candidate[] =>
    [...map].map(([term, item]) => ({
      term,
      kind,
      documents: item.documents,
      count: item.count,
      zipf: Math.min(...term.split(' ').map(wordZipf)),
      context: normaliseSpace(item.context),
    }));
  // A phrase is worth listing when it is a term of its own: used in several documents.
  const phraseCandidates = toCandidates(phrases, 'phrase').filter(
    (candidate) => candidate.documents >= 5,
  );
  return [
    ...toCandidates(words, 'word'),
    ...phraseCandidates,
    ...toCandidates(abbreviations, 'abbreviation'),
  ].sort((a, b) => b.documents - a.documents || b.count - a.count || a.term.localeCompare(b.term));
}

/**
 * The jargon that coverage measures: the top JARGON_SIZE rare words of the notes (whatever the glossary
 * explains), minus the words judged plain. Fixed by the corpus, so coverage figures compare across batches.
 */
export function jargonWords(
  documents: readonly (readonly string[])[],
  plain: ReadonlyMap<string, string>,
): Candidate[] {
  return rankCandidates(documents, undefined, { phrases: false })
    .filter((candidate) => candidate.kind === 'word')
    .slice(0, JARGON_SIZE)
    .filter((candidate) => !plain.has(candidate.term));
}
