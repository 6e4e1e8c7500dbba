import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

/**
 * How the text is split, so that the grade is stable and explainable:
 * - a word is a run of letters or digits, joined by inner apostrophes or hyphens ("don't",
 *   "X-rays", "met-ass-ta-sees" are one word each);
 * - a word has at least one syllable (the `syllable` package gives 0 for digits such as "90");
 *   a hyphenated word has the syllables of its parts, each counted by `syllable`;
 * - a sentence ends at a run of ".", "!" or "?" followed by a space or the end of the text, and a
 *   last fragment with no ending mark is a sentence too. Colons and semicolons do not end one.
 */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const SENTENCE_END = /[.!?]+(?=\s|$)/g;

export interface TextCounts {
  sentence: number;
  word: number;
  syllable: number;
}

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

function syllablesOf(word: string): number {
  return word.split('-').reduce((total, part) => total + Math.max(1, syllable(part)), 0);
}

export function countText(text: string): TextCounts {
  const tokens = words(text);
  const trimmed = text.trim();
  const ends = trimmed.match(SENTENCE_END)?.length ?? 0;
  const trailingFragment = trimmed.length > 0 && !/[.!?]$/.test(trimmed) ? 1 : 0;
  return {
    sentence: tokens.length === 0 ? 0 : Math.max(1, ends + trailingFragment),
    word: tokens.length,
    syllable: tokens.reduce((total, word) => total + syllablesOf(word), 0),
  };
}

/** The Flesch-Kincaid grade level of `text` (US school grade); NaN when it has no words. */
export function readingGrade(text: string): number {
  const { sentence, word, syllable: syllables } = countText(text);
  return fleschKincaid({ sentence, word, syllable: syllables });
}
