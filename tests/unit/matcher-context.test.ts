import { describe, expect, it } from 'vitest';
import { compileGlossary, loadGlossary, precompileGlossary } from '../../glossary/matcher';
import type { Entry } from '../../glossary/schema';

/** The rule for forms that are everyday words, on a small glossary of its own (the data's sentences are elsewhere). */
const entry = (id: string, term: string, context?: 'medical'): Entry => ({
  id,
  term,
  category: 'body',
  aliases: [],
  abbreviations: [],
  matchHeadword: true,
  related: [],
  short: term,
  context,
  source: { document: 'x', section: 'x', quote: 'x' },
});

const entries = [
  entry('colon', 'colon', 'medical'),
  entry('stage', 'stage', 'medical'),
  entry('biopsy', 'biopsy'),
];

const matchers = {
  compiled: compileGlossary(entries),
  loaded: loadGlossary(precompileGlossary(entries)),
  'loaded, the everyday words as the user’s own terms': loadGlossary(
    precompileGlossary(entries.slice(2)),
    entries.slice(0, 2),
  ),
};

describe.each(Object.entries(matchers))('everyday words (%s)', (_, matcher) => {
  const ids = (text: string): string[] => matcher.find(text).map((match) => match.entryId);

  it('are not found in a text without another term', () => {
    expect(ids('Use a colon before a list.')).toEqual([]);
    expect(ids('The stage was set; a colon ended the line.')).toEqual([]);
  });

  it('are found beside another term, before or after it', () => {
    expect(ids('A biopsy of the colon.')).toEqual(['biopsy', 'colon']);
    expect(ids('The colon was normal at this stage; biopsy taken.')).toEqual([
      'colon',
      'stage',
      'biopsy',
    ]);
  });

  it('other terms are found whatever the text', () => {
    expect(ids('biopsy')).toEqual(['biopsy']);
  });

  it('are kept alone when asked (a word the reader chose to explain)', () => {
    expect(matcher.find('colon', { keepEveryday: true }).map((match) => match.entryId)).toEqual([
      'colon',
    ]);
  });

  it('follow the same rule across segments (the text nodes of one block)', () => {
    expect(matcher.findInSegments(['Use a co', 'lon here.'])).toEqual([]);
    expect(
      matcher.findInSegments(['Use a co', 'lon here ', 'before the biopsy.']).map((m) => m.entryId),
    ).toEqual(['colon', 'biopsy']);
  });

  it('are judged text by text: a term in one call does not carry over to the next', () => {
    expect(ids('A biopsy.')).toEqual(['biopsy']);
    expect(ids('A colon.')).toEqual([]);
  });
});
