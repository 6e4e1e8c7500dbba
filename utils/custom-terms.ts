/**
 * Storage of the user's own terms.
 *
 * They live in `storage.local`, not `storage.sync` like the settings: sync allows 8 KB per item and
 * 100 KB in all, which a few dozen terms with longer explanations would fill, and a write over quota
 * fails. The export file carries them to another browser instead (see PRIVACY.md).
 *
 * Every change is one `storage.local.set` of the whole list, so a change is stored whole or not at all,
 * and a refused import leaves the stored list exactly as it was.
 */
import { browser } from 'wxt/browser';
import {
  checkCustomTerm,
  customTermId,
  parseCustomTermsFile,
  serializeCustomTermsFile,
  type ImportMode,
  type ImportResult,
} from '../glossary/custom-terms';
import { bundledPacks, entriesOf } from '../glossary/index';
import {
  CUSTOM_TERMS_KEY,
  CUSTOM_TERMS_STORAGE_VERSION,
  loadCustomTerms,
  type StoredCustomTerms,
} from './custom-terms-storage';
import type { Entry, EntryInput, ParseResult } from '../glossary/schema';

export {
  CUSTOM_TERMS_KEY,
  CUSTOM_TERMS_STORAGE_VERSION,
  loadCustomTerms,
  readStoredTerms,
  watchCustomTerms,
} from './custom-terms-storage';

const bundledEntries = (): Entry[] => entriesOf(bundledPacks);

async function store(terms: readonly Entry[]): Promise<void> {
  const value: StoredCustomTerms = { version: CUSTOM_TERMS_STORAGE_VERSION, terms: [...terms] };
  await browser.storage.local.set({ [CUSTOM_TERMS_KEY]: value });
}

/** What the settings page's form asks for; the rest of the entry is filled in here. */
export interface CustomTermDraft {
  term: string;
  category: Entry['category'];
  aliases: string[];
  abbreviations: string[];
  short: string;
  more?: string;
  /** Where the user got the definition from, if they want to note it. */
  note?: string;
}

/** Builds the entry a draft describes, with the given id. */
export function entryFromDraft(draft: CustomTermDraft, id: string): EntryInput {
  const more = draft.more?.trim();
  const note = draft.note?.trim();
  return {
    id,
    term: draft.term,
    category: draft.category,
    aliases: draft.aliases,
    abbreviations: draft.abbreviations,
    short: draft.short,
    ...(more ? { more } : {}),
    source: { document: 'my-terms', section: 'Added by you', quote: note || 'Written by you.' },
  };
}

/**
 * Adds a new term, or replaces the stored term `editingId`, after the same checks an import makes.
 * Returns the stored entry or the problems; nothing is stored when there are problems.
 */
export async function saveCustomTerm(
  draft: CustomTermDraft,
  editingId?: string,
): Promise<ParseResult<Entry>> {
  const terms = await loadCustomTerms();
  const others = terms.filter((entry) => entry.id !== editingId);
  const id = editingId ?? customTermId(draft.term, new Set(terms.map((entry) => entry.id)));
  const checked = checkCustomTerm(entryFromDraft(draft, id), bundledEntries(), others);
  if (!checked.ok) return checked;
  const index = terms.findIndex((entry) => entry.id === editingId);
  const next = [...terms];
  if (index >= 0) next[index] = checked.value;
  else next.push(checked.value);
  await store(next);
  return checked;
}

export async function deleteCustomTerm(id: string): Promise<void> {
  const terms = await loadCustomTerms();
  await store(terms.filter((entry) => entry.id !== id));
}

/**
 * Imports a file's text. `add` keeps the stored terms and adds the file's; `replace` stores the file's
 * terms instead. A refused file changes nothing.
 */
export async function importCustomTerms(
  text: string,
  mode: ImportMode,
): Promise<ParseResult<ImportResult>> {
  const existing = await loadCustomTerms();
  const result = parseCustomTermsFile(text, { bundled: bundledEntries(), existing, mode });
  if (result.ok) await store(result.value.terms);
  return result;
}

export async function exportCustomTerms(): Promise<string> {
  return serializeCustomTermsFile(await loadCustomTerms());
}
