/**
 * The glossary as the content script uses it: the build's precompiled tries (`glossary.bin`, read once per page
 * into one buffer and used in place), the switched-on packs of them, and the user's own terms, loaded once per
 * settings change. The entries' text is not here: the card asks the background.
 */
import { browser } from 'wxt/browser';
import { bundledMatcher, type BundledGlossary } from '../../glossary/bundled-matcher';
import { decodeGlossaryFile, GLOSSARY_FILE } from '../../glossary/glossary-file';
import type { Entry } from '../../glossary/schema';
import type { Matcher } from '../../glossary/types';

export interface LoadedGlossary {
  matcher: Matcher;
}

/**
 * Reads the build's glossary file from the extension. In Chromium the file is web-accessible only through the
 * session's random extension id (`use_dynamic_url`), so pages cannot probe for it; Firefox lets content scripts
 * read their extension's files without exposing them.
 */
export async function fetchBundledGlossary(): Promise<BundledGlossary> {
  const response = await fetch(browser.runtime.getURL(`/${GLOSSARY_FILE}`));
  if (!response.ok) throw new Error(`The glossary file could not be read (${response.status}).`);
  return decodeGlossaryFile(await response.arrayBuffer());
}

export function loadGlossary(
  bundled: BundledGlossary,
  enabledPacks: readonly string[],
  customTerms: readonly Entry[],
): LoadedGlossary {
  return { matcher: bundledMatcher(bundled, enabledPacks, customTerms) };
}
