import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PageStatus, type PageState } from '../../components/PageStatus';
import type { PageTermsReport } from '../../utils/messages';

const report = (overrides: Partial<PageTermsReport> = {}): PageState => ({
  kind: 'ready',
  report: {
    highlightApiAvailable: true,
    paused: false,
    capped: false,
    terms: [
      { entryId: 'ascites', count: 2, firstPosition: 0 },
      { entryId: 'jaundice', count: 1, firstPosition: 5 },
    ],
    ...overrides,
  },
});

function shown(page: PageState): string {
  const root = document.createElement('div');
  document.body.append(root);
  render(<PageStatus page={page} />, root);
  return root.textContent ?? '';
}

afterEach(() => {
  document.body.textContent = '';
});

describe('PageStatus', () => {
  it('counts the words found', () => {
    expect(shown(report())).toContain('2 different words found');
    expect(shown(report())).not.toMatch(/unavailable|Paused/);
  });

  it('says when highlighting is unavailable, and still lists the words', () => {
    const text = shown(report({ highlightApiAvailable: false }));
    expect(text).toContain('Highlighting unavailable');
    expect(text).toContain('2 different words found');
  });

  it('says when the page is paused, instead of counting', () => {
    const text = shown(report({ paused: true }));
    expect(text).toContain('Paused on this page');
    expect(text).not.toContain('found');
  });

  it('says when the page was too long to search whole', () => {
    expect(shown(report({ capped: true }))).toContain(
      'only part of it is marked, the part you are reading',
    );
  });

  it('says when nothing was found, and when the page cannot be read', () => {
    expect(shown(report({ terms: [] }))).toContain('No glossary words found');
    expect(shown({ kind: 'unavailable', reason: 'Because.' })).toBe('Because.');
    expect(shown({ kind: 'loading' })).toContain('Looking at the page');
  });
});
