/**
 * Matchers for the bundled packs. The build compiles them ahead of time (`precompileBundledPacks`, written by
 * wxt.config.ts into the extension as one binary file, see glossary-file.ts), so a page loads ready tries instead
 * of building them; without the build (Node scripts and tests) they are compiled on the spot, with the same result.
 */
import { compileGlossary, loadGlossary, precompileGlossary } from './matcher';
import type { PrecompiledGlossary } from './matcher';
import type { Entry, Pack } from './schema';
import type { Matcher } from './types';

/** All bundled packs compiled as one glossary, with the pack of each entry. */
export interface BundledGlossary extends PrecompiledGlossary {
  /** The bundled packs' ids, in priority order. */
  packIds: readonly string[];
  /** The pack of each entry (its index in `packIds`), by the entry's index in `ids`. */
  packOf: Uint8Array;
}

/**
 * Precompiled packs put on the global by tests and by the benchmark's in-page bundle, for `matcherForPacks`. The
 * extension does not use it: its content script reads the build's file (see glossary-state.ts).
 */
declare const __PRECOMPILED_PACKS__: BundledGlossary | undefined;

/**
 * What the build ships: all bundled packs compiled as one glossary, in pack order. Packs the user turns
 * off are masked when it is loaded; the packs' forms never clash (the data tests check it), so masking one
 * leaves exactly the others.
 */
export function precompileBundledPacks(packs: readonly Pack[]): BundledGlossary {
  if (packs.length > 0xff) throw new Error('at most 255 bundled packs');
  return {
    ...precompileGlossary(packs.flatMap((pack) => pack.entries)),
    packIds: packs.map((pack) => pack.id),
    packOf: Uint8Array.from(packs.flatMap((pack, index) => pack.entries.map(() => index))),
  };
}

function precompiledPacks(): BundledGlossary | undefined {
  return typeof __PRECOMPILED_PACKS__ === 'undefined' ? undefined : __PRECOMPILED_PACKS__;
}

/**
 * The content script's matcher: the precompiled packs that are switched on, then the user's own entries. It needs
 * none of the glossary's data, which keeps the glossary out of the content script's bundle.
 */
export function bundledMatcher(
  bundled: BundledGlossary,
  enabledPackIds: readonly string[],
  extra: readonly Entry[] = [],
): Matcher {
  const enabled = new Set(enabledPackIds);
  const packOn = bundled.packIds.map((id) => enabled.has(id));
  // With every pack on (the default), the tries are used as they are: no pass over them to mask entries.
  if (packOn.every(Boolean)) return loadGlossary(bundled, extra);
  const { packOf } = bundled;
  return loadGlossary(bundled, extra, (index) => packOn[packOf[index] as number] === true);
}

/**
 * A matcher over `packs` (bundled packs, earlier ones first) and then the user's own entries: the precompiled
 * tries when there are any, else compiled on the spot (Node scripts and tests).
 */
export function matcherForPacks(packs: readonly Pack[], extra: readonly Entry[] = []): Matcher {
  const precompiled = precompiledPacks();
  if (precompiled)
    return bundledMatcher(
      precompiled,
      packs.map((pack) => pack.id),
      extra,
    );
  return compileGlossary([...packs.flatMap((pack) => pack.entries), ...extra]);
}
