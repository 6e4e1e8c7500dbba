import corePackData from './packs/core.json';
import { withDefaults, type Entry, type Pack, type PackInput } from './schema';

// The bundled packs are validated by the tests (tests/unit/glossary-data.test.ts), not at run time:
// parsing them on every page load would cost the content script's start-up budget.
export const corePack: Pack = withDefaults(corePackData as PackInput);

export const bundledPacks: readonly Pack[] = [corePack];

export function entriesOf(packs: readonly Pack[]): Entry[] {
  return packs.flatMap((pack) => pack.entries);
}
