import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { matcherForPacks, precompileBundledPacks } from '../../glossary/bundled-matcher';
import {
  bundledPackIds,
  bundledPacks,
  corePack,
  enabledEntries,
  entriesOf,
  nciPack,
  packOfEntry,
  packsById,
} from '../../glossary/index';
import { compileGlossary } from '../../glossary/matcher';
import type { Entry, Pack } from '../../glossary/schema';

/** Which entry each match in `text` belongs to. */
const idsFound = (entries: readonly Entry[], text: string): string[] =>
  compileGlossary(entries)
    .find(text)
    .map((match) => match.entryId);

// A core term, an NCI term, and a phrase whose longest form is core's but whose last word the NCI pack has.
const TEXT = 'The CT scan and the biopsy were clear. She was given monoclonal antibodies.';

describe('bundled packs', () => {
  it('put the core pack first, then the NCI pack, then the packs of clinic-note words, with unique ids', () => {
    expect(bundledPackIds).toEqual([
      'core',
      'nci',
      'body',
      'findings',
      'conditions',
      'conditions-more',
      'tests',
      'procedures',
      'medicines',
      'clinic-words',
    ]);
    expect(bundledPacks[0]).toBe(corePack);
    expect(bundledPacks[1]).toBe(nciPack);
  });

  it('give each pack a title, a credit and a licence for the card and the settings', () => {
    for (const pack of bundledPacks) {
      expect(pack.title.length, pack.id).toBeGreaterThan(0);
      expect(pack.credit.length, pack.id).toBeGreaterThan(0);
      expect(pack.licence.length, pack.id).toBeGreaterThan(0);
    }
    expect(nciPack.title).toBe('Related terms (US National Cancer Institute)');
    expect(nciPack.credit).toMatch(/National Cancer Institute/);
    expect(nciPack.credit).toMatch(/MedQuAD/);
    expect(nciPack.licence).toMatch(/CC BY 4\.0/);
  });

  it('choose packs by id in bundled order, whatever order the ids come in, ignoring unknown ids', () => {
    expect(packsById(['nci', 'core']).map((pack) => pack.id)).toEqual(['core', 'nci']);
    expect(packsById(['nci', 'cardiology']).map((pack) => pack.id)).toEqual(['nci']);
    expect(packsById([])).toEqual([]);
    expect(enabledEntries(['nci', 'core'])).toEqual(entriesOf(bundledPacks.slice(0, 2)));
    expect(enabledEntries([...bundledPackIds].reverse())).toEqual(entriesOf(bundledPacks));
  });

  it('tell which pack an entry comes from', () => {
    expect(packOfEntry('ct-scan')?.id).toBe('core');
    expect(packOfEntry('biopsy')?.id).toBe('nci');
    expect(packOfEntry('no-such-entry')).toBeUndefined();
  });
});

describe('packs switched on and off in the matcher', () => {
  it('finds the terms of every pack that is on', () => {
    expect(idsFound(enabledEntries(['core', 'nci']), TEXT)).toEqual([
      'ct-scan',
      'biopsy',
      'monoclonal-antibodies',
    ]);
  });

  it('finds only core terms with the NCI pack off', () => {
    expect(idsFound(enabledEntries(['core']), TEXT)).toEqual(['ct-scan', 'monoclonal-antibodies']);
  });

  it('finds only NCI terms with the core pack off, including words that core would have covered', () => {
    expect(idsFound(enabledEntries(['nci']), TEXT)).toEqual(['biopsy', 'antibodies']);
  });

  it('finds nothing with every pack off', () => {
    expect(idsFound(enabledEntries([]), TEXT)).toEqual([]);
  });
});

describe('a term in two packs', () => {
  // The bundled data never lets two packs claim one form (glossary-data.test.ts), so the rule is tested
  // with a copy of the NCI pack that also claims core's "CT scan" and "jaundice".
  const clashing: Entry = {
    ...nciPack.entries[0]!,
    id: 'nci-ct-scan',
    term: 'CT scan',
    aliases: ['jaundice'],
    abbreviations: ['CT'],
    matchHeadword: true,
  };
  const nciWithClash: Pack = { ...nciPack, entries: [clashing, ...nciPack.entries] };
  const packs: readonly Pack[] = [corePack, nciWithClash];
  const text = 'A CT scan showed jaundice; the CT was clear.';

  it('resolves to the core entry when both packs are on, whatever order the ids come in', () => {
    for (const ids of [
      ['core', 'nci'],
      ['nci', 'core'],
    ]) {
      expect(idsFound(enabledEntries(ids, packs), text)).toEqual([
        'ct-scan',
        'jaundice',
        'ct-scan',
      ]);
    }
  });

  it('resolves to the other pack’s entry when the core pack is off', () => {
    expect(idsFound(enabledEntries(['nci'], packs), text)).toEqual([
      'nci-ct-scan',
      'nci-ct-scan',
      'nci-ct-scan',
    ]);
  });

  it('resolves to the core entry through the matcher the content script uses', () => {
    const matches = matcherForPacks(packsById(['nci', 'core'], packs)).find(text);
    expect(matches.map((match) => match.entryId)).toEqual(['ct-scan', 'jaundice', 'ct-scan']);
  });
});

describe('packs switched on and off in the precompiled matcher the built extension loads', () => {
  // The build defines __PRECOMPILED_PACKS__ (wxt.config.ts); tests do not, so it is put on the global here.
  const globals = globalThis as { __PRECOMPILED_PACKS__?: unknown };
  afterEach(() => {
    delete globals.__PRECOMPILED_PACKS__;
  });

  const corpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');
  const corpus = existsSync(corpusDir)
    ? readdirSync(corpusDir)
        .filter((name) => name.endsWith('.txt'))
        .map((name) => readFileSync(join(corpusDir, name), 'utf8'))
    : [];
  if (corpus.length === 0)
    console.warn(`packs test: ${corpusDir} is absent; only the sample text is used.`);
  // Forms where one pack's longer form covers another pack's shorter one, both ways round.
  const text = [
    TEXT,
    'Bile duct cancer blocks the bile duct. Monoclonal antibodies are antibodies.',
    ...corpus,
  ].join('\n\n');

  it('loads the precompiled tries when they cover the packs (so the comparisons below test them)', () => {
    // A precompiled core in which "CT scan" also claims "coeliac": only the loaded tries know that.
    const marked: Pack = {
      ...corePack,
      entries: corePack.entries.map((entry) =>
        entry.id === 'ct-scan' ? { ...entry, aliases: [...entry.aliases, 'coeliac'] } : entry,
      ),
    };
    globals.__PRECOMPILED_PACKS__ = precompileBundledPacks([marked, nciPack]);
    const ids = matcherForPacks(packsById(['core']))
      .find('coeliac')
      .map((match) => match.entryId);
    expect(ids).toEqual(['ct-scan']);
  });

  it.each([[['core', 'nci']], [['core']], [['nci']], [[]]])(
    'finds what a matcher compiled from just %j finds',
    (ids) => {
      const compiled = compileGlossary(enabledEntries(ids)).find(text);
      globals.__PRECOMPILED_PACKS__ = precompileBundledPacks(bundledPacks);
      const loaded = matcherForPacks(packsById(ids)).find(text);
      expect(loaded).toEqual(compiled);
    },
  );
});
