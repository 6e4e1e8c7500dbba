import corePackData from './packs/core.json';
import type { Entry, Pack } from './schema';

// The bundled packs are validated by the tests (tests/unit/glossary-data.test.ts), not at run time:
// parsing them on every page load would cost the content script's start-up budget.
export const corePack = corePackData as Pack;

export const bundledPacks: readonly Pack[] = [corePack];

export function entriesOf(packs: readonly Pack[]): Entry[] {
  return packs.flatMap((pack) => pack.entries);
}
