/**
 * Reading the user's own terms from `storage.local` (see custom-terms.ts for why they live there). Kept apart
 * from the editing code, which checks new terms against the bundled glossary, so that the content script can
 * read the terms without bundling the glossary's data.
 */
import { browser } from 'wxt/browser';
import { parseCustomEntry } from '../glossary/custom-terms';
import type { Entry } from '../glossary/schema';

export const CUSTOM_TERMS_KEY = 'customTerms';
export const CUSTOM_TERMS_STORAGE_VERSION = 1;

export interface StoredCustomTerms {
  version: number;
  terms: unknown[];
}

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

/** Calls `listener` with the new list whenever the stored terms change. Returns an unsubscribe. */
export function watchCustomTerms(listener: (terms: Entry[]) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    if (areaName !== 'local' || !(CUSTOM_TERMS_KEY in changes)) return;
    listener(readStoredTerms(changes[CUSTOM_TERMS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
