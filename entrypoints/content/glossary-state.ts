/** The glossary as the content script uses it: the switched-on packs (and the user's own terms), compiled once. */
import { customPack } from '../../glossary/custom-terms';
import { matcherForPacks } from '../../glossary/bundled-matcher';
import type { Entry, Pack } from '../../glossary/schema';
import type { Matcher } from '../../glossary/types';
import type { RelatedTerm } from '../../components/Card';

export interface GlossaryEntry {
  entry: Entry;
  pack: Pack;
}

export interface LoadedGlossary {
  matcher: Matcher;
  byId: ReadonlyMap<string, GlossaryEntry>;
}

export function loadGlossary(
  packs: readonly Pack[],
  enabledPacks: readonly string[],
  customTerms: readonly Entry[],
): LoadedGlossary {
  const bundled = packs.filter((pack) => enabledPacks.includes(pack.id));
  const chosen = customTerms.length > 0 ? [...bundled, customPack(customTerms)] : bundled;
  const byId = new Map<string, GlossaryEntry>();
  for (const pack of chosen) {
    for (const entry of pack.entries) if (!byId.has(entry.id)) byId.set(entry.id, { entry, pack });
  }
  return { matcher: matcherForPacks(bundled, customTerms), byId };
}

/** The related entries that exist in this glossary, by headword. */
export function relatedTerms(glossary: LoadedGlossary, entry: Entry): RelatedTerm[] {
  const result: RelatedTerm[] = [];
  for (const id of entry.related) {
    const related = glossary.byId.get(id);
    if (related) result.push({ id, term: related.entry.term });
  }
  return result;
}
