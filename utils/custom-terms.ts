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
  parseCustomEntry,
  parseCustomTermsFile,
  serializeCustomTermsFile,
  type ImportMode,
  type ImportResult,
} from '../glossary/custom-terms';
import { bundledPacks, entriesOf } from '../glossary/index';
import type { Entry, EntryInput, ParseResult } from '../glossary/schema';

export const CUSTOM_TERMS_KEY = 'customTerms';
export const CUSTOM_TERMS_STORAGE_VERSION = 1;

interface StoredCustomTerms {
  version: number;
  terms: unknown[];
}

const bundledEntries = (): Entry[] => entriesOf(bundledPacks);

/** Reads stored terms; a damaged entry is skipped rather than costing the rest. */
export function readStoredTerms(stored: unknown): Entry[] {
  if (typeof stored !== 'object' || stored === null) return [];
  const terms = (stored as Partial<StoredCustomTerms>).terms;
  if (!Array.isArray(terms)) return [];
  const entries: Entry[] = [];
  for (const raw of terms) {
    const parsed = parseCustomEntry(raw);
    if (parsed.ok) entries.push(parsed.value);
  }
  return entries;
}

export async function loadCustomTerms(): Promise<Entry[]> {
  const stored = await browser.storage.local.get(CUSTOM_TERMS_KEY);
  return readStoredTerms(stored[CUSTOM_TERMS_KEY]);
}

async function store(terms: readonly Entry[]): Promise<void> {
  const value: StoredCustomTerms = { version: CUSTOM_TERMS_STORAGE_VERSION, terms: [...terms] };
  await browser.storage.local.set({ [CUSTOM_TERMS_KEY]: value });
}

/** Calls `listener` with the new list whenever the stored terms change. Returns an unsubscribe. */
export function watchCustomTerms(listener: (terms: Entry[]) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    if (areaName !== 'local' || !(CUSTOM_TERMS_KEY in changes)) return;
    listener(readStoredTerms(changes[CUSTOM_TERMS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
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
