import { describe, expect, it } from 'vitest';
import { sortPageTerms } from '../../components/PageTermsList';
import { unavailableReason } from '../../entrypoints/popup/page-access';
import { isOwnSender } from '../../utils/messages';

describe('unavailableReason', () => {
  it.each([
    ['chrome://extensions/', /browser’s own pages/],
    ['about:addons', /browser’s own pages/],
    ['view-source:https://example.org/', /browser’s own pages/],
    ['https://chromewebstore.google.com/detail/x', /add-on store/],
    ['https://addons.mozilla.org/en-GB/firefox/', /add-on store/],
    ['https://example.org/report.pdf', /PDF/],
    ['https://example.org/report.PDF?download=1', /PDF/],
    ['file:///home/me/notes.html', /Allow access to file URLs/],
    ['https://example.org/article', /reload the page/],
    [undefined, /cannot be read by extensions/],
  ])('explains %s', (url, reason) => {
    expect(unavailableReason(url)).toMatch(reason);
  });
});

describe('sortPageTerms', () => {
  const terms = [
    { entryId: 'b', count: 1, firstPosition: 30 },
    { entryId: 'a', count: 2, firstPosition: 10 },
    { entryId: 'c', count: 5, firstPosition: 20 },
  ];
  const names: Record<string, string> = { a: 'Zebra', b: 'apple', c: 'Mango' };
  const termOf = (id: string): string => names[id] ?? id;

  it('sorts by first position in page order', () => {
    expect(sortPageTerms(terms, 'page', termOf).map((t) => t.entryId)).toEqual(['a', 'c', 'b']);
  });

  it('sorts by headword A–Z, ignoring case', () => {
    expect(sortPageTerms(terms, 'az', termOf).map((t) => t.entryId)).toEqual(['b', 'c', 'a']);
  });

  it('leaves its input alone', () => {
    sortPageTerms(terms, 'az', termOf);
    expect(terms.map((t) => t.entryId)).toEqual(['b', 'a', 'c']);
  });
});

describe('isOwnSender', () => {
  const id = 'our-id';
  const origin = 'chrome-extension://our-id/';
  it('accepts our content scripts and our pages', () => {
    expect(isOwnSender({ id, tab: { id: 3 }, url: 'https://example.org/' }, id, origin)).toBe(true);
    expect(isOwnSender({ id, url: `${origin}popup.html` }, id, origin)).toBe(true);
  });
  it('refuses other extensions and senders without a tab or our origin', () => {
    expect(isOwnSender({ id: 'other', tab: { id: 3 } }, id, origin)).toBe(false);
    expect(isOwnSender({ id, url: 'https://example.org/' }, id, origin)).toBe(false);
    expect(isOwnSender({ url: `${origin}popup.html` }, id, origin)).toBe(false);
  });
});
