/**
 * The glossary's term forms as plain strings, for mark.js: every listed form with the variants the matcher
 * generates for it (case-insensitive), and the abbreviations with theirs (case-sensitive).
 */
import type { Entry } from '../glossary/schema';
import { expandAbbreviation, expandForm } from '../glossary/variants';

export interface TermForms {
  anyCase: string[];
  exactCase: string[];
}

export function termForms(entries: readonly Entry[]): TermForms {
  const anyCase = new Set<string>();
  const exactCase = new Set<string>();
  for (const entry of entries) {
    const listed = entry.matchHeadword ? [entry.term, ...entry.aliases] : entry.aliases;
    for (const form of listed) for (const variant of expandForm(form)) anyCase.add(variant);
    for (const form of entry.abbreviations) {
      for (const variant of expandAbbreviation(form)) exactCase.add(variant);
    }
  }
  // mark.js searches the longest keywords first; sorting here keeps a keyword-by-keyword run in its order.
  const longestFirst = (a: string, b: string) => b.length - a.length;
  return { anyCase: [...anyCase].sort(longestFirst), exactCase: [...exactCase].sort(longestFirst) };
}
