import { describe, expect, it } from 'vitest';
import { countText, readingGrade, words } from '../../glossary/readability';

describe('countText', () => {
  it('counts a plain sentence', () => {
    expect(countText('The cat sat on the mat.')).toEqual({ sentence: 1, word: 6, syllable: 6 });
  });

  it('keeps hyphenated and apostrophe words whole, and gives digits one syllable', () => {
    expect(words("Don't fear X-rays or yttrium 90.")).toEqual([
      "Don't",
      'fear',
      'X-rays',
      'or',
      'yttrium',
      '90',
    ]);
    // don't 1, fear 1, X-rays 2, or 1, yttrium 3, 90 1
    expect(countText("Don't fear X-rays or yttrium 90.").syllable).toBe(9);
    expect(countText('met-ass-ta-sees').syllable).toBe(4);
  });

  it('ends sentences at . ! ? before a space or the end, not inside numbers', () => {
    expect(countText('It is 2.5 mm wide. Is it? Yes! Then stop').sentence).toBe(4);
    expect(countText('A list: one; two').sentence).toBe(1);
    expect(countText('   ').sentence).toBe(0);
  });
});

describe('readingGrade', () => {
  it('matches the Flesch-Kincaid formula on known texts', () => {
    // 6 words, 6 syllables, 1 sentence: 0.39 * 6 + 11.8 * 1 - 15.59
    expect(readingGrade('The cat sat on the mat.')).toBeCloseTo(-1.45, 2);
    // Chemotherapy 5, uses 2, drugs 1, to 1, kill 1, cancer 2, cells 1 | It can make you feel sick 6
    // 13 words, 19 syllables, 2 sentences: 0.39 * 6.5 + 11.8 * 19 / 13 - 15.59
    expect(
      readingGrade('Chemotherapy uses drugs to kill cancer cells. It can make you feel sick.'),
    ).toBeCloseTo(4.191, 2);
  });

  it('rates long words and long sentences higher', () => {
    const easy = 'A tube takes bile out of the liver. It can get blocked.';
    const hard =
      'Transarterial chemoembolisation delivers cytotoxic medication intravascularly, ' +
      'simultaneously occluding hepatic arterial circulation.';
    expect(readingGrade(easy)).toBeLessThan(3);
    expect(readingGrade(hard)).toBeGreaterThan(18);
  });

  it('is NaN for text with no words', () => {
    expect(readingGrade('')).toBeNaN();
  });
});
