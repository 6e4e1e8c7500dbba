/**
 * The glossary as the content script uses it: the switched-on packs' precompiled tries (and the user's own
 * terms), loaded once per settings change. The entries' text is not here: the card asks the background.
 */
import { bundledMatcher } from '../../glossary/bundled-matcher';
import type { Entry } from '../../glossary/schema';
import type { Matcher } from '../../glossary/types';

export interface LoadedGlossary {
  matcher: Matcher;
}

export function loadGlossary(
  enabledPacks: readonly string[],
  customTerms: readonly Entry[],
): LoadedGlossary {
  return { matcher: bundledMatcher(enabledPacks, customTerms) };
}
