import bodyPackData from './packs/body.json';
import clinicWordsPackData from './packs/clinic-words.json';
import conditionsMorePackData from './packs/conditions-more.json';
import conditionsPackData from './packs/conditions.json';
import corePackData from './packs/core.json';
import findingsPackData from './packs/findings.json';
import medicinesPackData from './packs/medicines.json';
import nciPackData from './packs/nci.json';
import proceduresPackData from './packs/procedures.json';
import testsPackData from './packs/tests.json';
import { withDefaults, type Entry, type Pack, type PackInput } from './schema';

// The bundled packs are validated by the tests (tests/unit/glossary-data.test.ts), not at run time:
// parsing them on every page load would cost the content script's start-up budget.
export const corePack: Pack = withDefaults(corePackData as PackInput);
export const nciPack: Pack = withDefaults(nciPackData as PackInput);

/**
 * Every bundled pack, in priority order. The matcher gives a form that two entries claim to the earlier
 * one, so the core pack comes first: a term in two packs resolves to the core entry. The packs after `nci`
 * explain the words of clinic notes, grounded in NIH patient pages (see README.md).
 */
export const bundledPacks: readonly Pack[] = [
  corePack,
  nciPack,
  ...[
    bodyPackData,
    findingsPackData,
    conditionsPackData,
    conditionsMorePackData,
    testsPackData,
    proceduresPackData,
    medicinesPackData,
    clinicWordsPackData,
  ].map((data) => withDefaults(data as PackInput)),
];

/** The ids of the bundled packs, in priority order. */
export const bundledPackIds: readonly string[] = bundledPacks.map((pack) => pack.id);

export function entriesOf(packs: readonly Pack[]): Entry[] {
  return packs.flatMap((pack) => pack.entries);
}

/**
 * The bundled packs whose ids are in `ids`, in priority order whatever the order of `ids`. Unknown ids
 * (a pack removed in a later version, a typing mistake) are ignored.
 */
export function packsById(ids: Iterable<string>, packs: readonly Pack[] = bundledPacks): Pack[] {
  const wanted = new Set(ids);
  return packs.filter((pack) => wanted.has(pack.id));
}

/** The entries of the switched-on packs, in priority order: what a matcher for the settings compiles. */
export function enabledEntries(
  ids: Iterable<string>,
  packs: readonly Pack[] = bundledPacks,
): Entry[] {
  return entriesOf(packsById(ids, packs));
}

/** The bundled pack an entry id belongs to (the first, as the matcher would choose), if any. */
export function packOfEntry(
  entryId: string,
  packs: readonly Pack[] = bundledPacks,
): Pack | undefined {
  return packs.find((pack) => pack.entries.some((entry) => entry.id === entryId));
}
