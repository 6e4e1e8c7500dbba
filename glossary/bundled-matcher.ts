/**
 * Matchers for the bundled packs. The build compiles them ahead of time (see `precompileBundledPacks` in
 * wxt.config.ts), so a page loads a ready trie instead of building one; without the build (Node scripts and
 * tests) they are compiled on the spot, with the same result.
 */
import { compileGlossary, loadGlossary, precompileGlossary } from './matcher';
import type { PrecompiledGlossary } from './matcher';
import type { Entry, Pack } from './schema';
import type { Matcher } from './types';

/** Precompiled tries by pack-id key (ids joined by "+", in pack order), put in by the build's `define`. */
type PrecompiledPacks = Record<string, PrecompiledGlossary>;
declare const __PRECOMPILED_PACKS__: PrecompiledPacks | undefined;

const keyOf = (packs: readonly Pack[]): string => packs.map((pack) => pack.id).join('+');

/** What the build puts in: every pack alone, and all of them together (the default settings). */
export function precompileBundledPacks(packs: readonly Pack[]): PrecompiledPacks {
  const result: PrecompiledPacks = {};
  for (const pack of packs) result[keyOf([pack])] = precompileGlossary(pack.entries);
  if (packs.length > 1)
    result[keyOf(packs)] = precompileGlossary(packs.flatMap((pack) => pack.entries));
  return result;
}

/**
 * A matcher over `packs` (earlier packs win a form they share) and then the user's own entries. Uses the
 * build's precompiled tries when every pack has them.
 */
export function matcherForPacks(packs: readonly Pack[], extra: readonly Entry[] = []): Matcher {
  const precompiled =
    typeof __PRECOMPILED_PACKS__ === 'undefined' ? undefined : __PRECOMPILED_PACKS__;
  if (precompiled) {
    const together = precompiled[keyOf(packs)];
    if (together) return loadGlossary([together], extra);
    const alone = packs.map((pack) => precompiled[keyOf([pack])]);
    if (alone.every((part) => part !== undefined)) return loadGlossary(alone, extra);
  }
  return compileGlossary([...packs.flatMap((pack) => pack.entries), ...extra]);
}
