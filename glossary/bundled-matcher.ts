/**
 * Matchers for the bundled packs. The build compiles them ahead of time (see `precompileBundledPacks` in
 * wxt.config.ts), so a page loads a ready trie instead of building one; without the build (Node scripts and
 * tests) they are compiled on the spot, with the same result.
 */
import { compileGlossary, loadGlossary, precompileGlossary } from './matcher';
import type { PrecompiledGlossary } from './matcher';
import type { Entry, Pack } from './schema';
import type { Matcher } from './types';

/** The bundled packs' tries, compiled together by the build and put in by its `define`. */
declare const __PRECOMPILED_PACKS__: PrecompiledGlossary | undefined;

/**
 * What the build puts in: all bundled packs compiled as one glossary, in pack order. Packs the user turns
 * off are masked when it is loaded; the packs' forms never clash (the data tests check it), so masking one
 * leaves exactly the others.
 */
export function precompileBundledPacks(packs: readonly Pack[]): PrecompiledGlossary {
  return precompileGlossary(packs.flatMap((pack) => pack.entries));
}

/**
 * A matcher over `packs` (bundled packs, earlier ones first) and then the user's own entries. Uses the build's
 * precompiled tries when it has them all.
 */
export function matcherForPacks(packs: readonly Pack[], extra: readonly Entry[] = []): Matcher {
  const precompiled =
    typeof __PRECOMPILED_PACKS__ === 'undefined' ? undefined : __PRECOMPILED_PACKS__;
  if (precompiled) {
    const wanted = new Set(packs.flatMap((pack) => pack.entries.map((entry) => entry.id)));
    const ids = precompiled.ids;
    const available = new Set(ids);
    if ([...wanted].every((id) => available.has(id)))
      return loadGlossary(precompiled, extra, (index) => wanted.has(ids[index] as string));
  }
  return compileGlossary([...packs.flatMap((pack) => pack.entries), ...extra]);
}
