import { describe, expect, it } from 'vitest';
import { syntheticEntries } from '../../bench/synthetic-glossary';
import { bundledMatcher, precompileBundledPacks } from '../../glossary/bundled-matcher';
import { decodeGlossaryFile, encodeGlossaryFile } from '../../glossary/glossary-file';
import { bundledPacks, entriesOf } from '../../glossary/index';
import { compileGlossary } from '../../glossary/matcher';
import type { Entry, Pack } from '../../glossary/schema';

/** The file's bytes in a buffer of their own, as the content script reads them. */
function roundTrip(packs: readonly Pack[]) {
  const bytes = encodeGlossaryFile(precompileBundledPacks(packs));
  return decodeGlossaryFile(bytes.slice().buffer);
}

function formsText(entries: readonly Entry[]): string {
  return entries
    .flatMap((entry) => [entry.term, ...entry.aliases, ...entry.abbreviations])
    .join('.\n');
}

describe('the glossary file', () => {
  it('is read back into a matcher that finds what compiling finds, for every choice of packs', () => {
    const file = roundTrip(bundledPacks);
    expect(file.packIds).toEqual(bundledPacks.map((pack) => pack.id));
    expect(file.ids).toEqual(entriesOf(bundledPacks).map((entry) => entry.id));
    const text = formsText(entriesOf(bundledPacks));
    const choices = [bundledPacks, ...bundledPacks.map((pack) => [pack]), []];
    for (const packs of choices) {
      const expected = compileGlossary(entriesOf(packs)).find(text);
      const loaded = bundledMatcher(
        file,
        packs.map((pack) => pack.id),
      ).find(text);
      expect(loaded).toEqual(expected);
    }
  });

  it('holds a glossary of 5,000 entries, and the user’s own terms still come after it', () => {
    const [first, ...rest] = bundledPacks;
    if (!first) throw new Error('no bundled pack');
    const synthetic = syntheticEntries(5000);
    const packs: Pack[] = [first, ...rest, { ...first, id: 'synthetic', entries: synthetic }];
    const file = roundTrip(packs);
    expect(file.ids).toHaveLength(entriesOf(packs).length);
    const own: Entry = {
      ...synthetic[0]!,
      id: 'custom-zebra-sign',
      term: 'zebra sign',
      aliases: [],
    };
    const text = `${formsText(synthetic.slice(0, 400))}. A zebra sign.`;
    const loaded = bundledMatcher(file, file.packIds, [own]).find(text);
    expect(loaded.length).toBeGreaterThan(400);
    expect(loaded).toEqual(compileGlossary([...entriesOf(packs), own]).find(text));
    expect(loaded.at(-1)?.entryId).toBe('custom-zebra-sign');
  });

  it('refuses bytes that are not a glossary file of this version', () => {
    const bytes = encodeGlossaryFile(precompileBundledPacks(bundledPacks)).slice();
    bytes[4] = 99;
    expect(() => decodeGlossaryFile(bytes.buffer)).toThrow(/version/);
    expect(() => decodeGlossaryFile(new ArrayBuffer(8))).toThrow(/short/);
  });
});
