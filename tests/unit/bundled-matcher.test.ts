import { afterEach, describe, expect, it } from 'vitest';
import { matcherForPacks, precompileBundledPacks } from '../../glossary/bundled-matcher';
import { bundledPacks, entriesOf } from '../../glossary/index';
import { compileGlossary } from '../../glossary/matcher';

const globals = globalThis as { __PRECOMPILED_PACKS__?: unknown };

// Every form of every bundled entry, one a line: text on which each pack's terms are found.
const text = entriesOf(bundledPacks)
  .flatMap((entry) => [entry.term, ...entry.aliases, ...entry.abbreviations])
  .join('.\n');

describe('matchers for the bundled packs', () => {
  afterEach(() => {
    delete globals.__PRECOMPILED_PACKS__;
  });

  it('load the build’s precompiled tries and find what compiling finds, for every choice of packs', () => {
    globals.__PRECOMPILED_PACKS__ = precompileBundledPacks(bundledPacks);
    const choices = [bundledPacks, ...bundledPacks.map((pack) => [pack])];
    for (const packs of choices) {
      const expected = compileGlossary(entriesOf(packs)).find(text);
      expect(expected.length).toBeGreaterThan(0);
      expect(matcherForPacks(packs).find(text)).toEqual(expected);
    }
  });

  it('add the user’s own entries after the bundled ones', () => {
    globals.__PRECOMPILED_PACKS__ = precompileBundledPacks(bundledPacks);
    const [first] = bundledPacks;
    if (!first) throw new Error('no bundled pack');
    const own = {
      ...first.entries[0]!,
      id: 'custom-zebra-sign',
      term: 'zebra sign',
      aliases: [],
      abbreviations: [],
    };
    const found = matcherForPacks([first], [own]).find('A zebra sign and ascites.');
    expect(found.map((match) => match.entryId)).toEqual(['custom-zebra-sign', 'ascites']);
  });

  it('compile on the spot without the build', () => {
    expect(matcherForPacks(bundledPacks).find(text)).toEqual(
      compileGlossary(entriesOf(bundledPacks)).find(text),
    );
  });
});
