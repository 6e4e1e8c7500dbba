/** What the definition card needs to show one entry, looked up where the whole glossary is loaded. */
import type { Entry, Pack } from './schema';

export interface RelatedTerm {
  id: string;
  term: string;
}

export interface CardEntry {
  entry: Entry;
  /** The title of the pack the entry comes from. */
  packTitle: string;
  /** Who the definition comes from (the pack's credit). */
  credit: string;
  /** Related entries that exist in these packs, by headword. */
  related: RelatedTerm[];
}

/** The entry with this id in `packs` (the first pack that has it wins, as in the matcher), or null. */
export function cardEntry(packs: readonly Pack[], entryId: string): CardEntry | null {
  const terms = new Map<string, string>();
  let found: { entry: Entry; pack: Pack } | null = null;
  for (const pack of packs) {
    for (const entry of pack.entries) {
      if (!terms.has(entry.id)) terms.set(entry.id, entry.term);
      if (!found && entry.id === entryId) found = { entry, pack };
    }
  }
  if (!found) return null;
  const related = found.entry.related.flatMap((id) => {
    const term = terms.get(id);
    return term === undefined ? [] : [{ id, term }];
  });
  return { entry: found.entry, packTitle: found.pack.title, credit: found.pack.credit, related };
}
