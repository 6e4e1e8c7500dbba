/**
 * Matchers for the bundled packs. The build compiles them ahead of time (see `precompileBundledPacks` in
 * wxt.config.ts), so a page loads a ready trie instead of building one; without the build (Node scripts and
 * tests) they are compiled on the spot, with the same result.
 */
import { compileGlossary, loadGlossary, precompileGlossary } from './matcher';
import type { PrecompiledGlossary } from './matcher';
import type { Entry, Pack } from './schema';
import type { Matcher } from './types';

/** All bundled packs compiled as one glossary, with the pack of each entry. */
export interface BundledGlossary extends PrecompiledGlossary {
  /** The id of the pack of each entry, by its index in `ids`. */
  packOf: string[];
}

/** The bundled packs' tries, compiled together by the build and put in by its `define`. */
declare const __PRECOMPILED_PACKS__: BundledGlossary | undefined;

/**
 * What the build puts in: all bundled packs compiled as one glossary, in pack order. Packs the user turns
 * off are masked when it is loaded; the packs' forms never clash (the data tests check it), so masking one
 * leaves exactly the others.
 */
export function precompileBundledPacks(packs: readonly Pack[]): BundledGlossary {
  return {
    ...precompileGlossary(packs.flatMap((pack) => pack.entries)),
    packOf: packs.flatMap((pack) => pack.entries.map(() => pack.id)),
  };
}

function precompiledPacks(): BundledGlossary | undefined {
  return typeof __PRECOMPILED_PACKS__ === 'undefined' ? undefined : __PRECOMPILED_PACKS__;
}

/**
 * The content script's matcher: the build's precompiled packs that are switched on, then the user's own
 * entries. It needs none of the glossary's data, which keeps the glossary out of the content script's bundle.
 */
export function bundledMatcher(
  enabledPackIds: readonly string[],
  extra: readonly Entry[] = [],
): Matcher {
  const precompiled = precompiledPacks();
  if (!precompiled) throw new Error('This build has no precompiled glossary (see wxt.config.ts).');
  const enabled = new Set(enabledPackIds);
  return loadGlossary(precompiled, extra, (index) => enabled.has(precompiled.packOf[index] ?? ''));
}

/**
 * A matcher over `packs` (bundled packs, earlier ones first) and then the user's own entries: the build's
 * precompiled tries when there are any, else compiled on the spot (Node scripts and tests).
 */
export function matcherForPacks(packs: readonly Pack[], extra: readonly Entry[] = []): Matcher {
  if (precompiledPacks())
    return bundledMatcher(
      packs.map((pack) => pack.id),
      extra,
    );
  return compileGlossary([...packs.flatMap((pack) => pack.entries), ...extra]);
}
