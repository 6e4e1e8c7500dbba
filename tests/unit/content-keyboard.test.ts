import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileGlossary } from '../../glossary/matcher';
import { TermNavigator } from '../../entrypoints/content/keyboard';
import { PageIndex } from '../../entrypoints/content/page-index';
import { PageScanner } from '../../entrypoints/content/page-scanner';
import { SliceQueue } from '../../entrypoints/content/scheduler';
import { installStaticRange, TEST_ENTRIES } from './content-fixtures';

const matcher = compileGlossary(TEST_ENTRIES);

beforeAll(installStaticRange);
beforeEach(() => document.body.replaceChildren());

async function indexOf(html: string): Promise<PageIndex> {
  document.body.innerHTML = html;
  const index = new PageIndex();
  const queue = new SliceQueue(5, (next) => queueMicrotask(next));
  const sink = { add: () => undefined, remove: () => undefined, commit: () => undefined };
  const scanner = new PageScanner({
    matcher,
    index,
    painter: sink,
    queue,
    firstOccurrenceOnly: false,
    maxTerms: 100,
    isRendered: () => true,
  });
  scanner.scan(document.body);
  await queue.whenIdle();
  return index;
}

describe('TermNavigator', () => {
  it('steps through the terms in page order, both ways, wrapping around', async () => {
    const index = await indexOf('<p>jaundice then CT scan</p><p>and ascites</p>');
    const navigator = new TermNavigator(index);
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) texts.push(navigator.step(1)?.text ?? '');
    expect(texts).toEqual(['jaundice', 'CT scan', 'ascites', 'jaundice']);
    expect(navigator.step(-1)?.text).toBe('ascites');
    expect(navigator.step(-1)?.text).toBe('CT scan');
  });

  it('moves through the occurrences of one entry only when asked', async () => {
    const index = await indexOf('<p>jaundice, CT scan</p><p>more jaundice</p><p>CT scan</p>');
    const navigator = new TermNavigator(index);
    const first = navigator.step(1, 'ct-scan');
    const second = navigator.step(1, 'ct-scan');
    expect([first?.text, second?.text]).toEqual(['CT scan', 'CT scan']);
    expect(first).not.toBe(second);
    expect(navigator.step(1, 'missing')).toBeNull();
  });

  it('has nothing to show on a page without terms, and forgets a term that was rebuilt', async () => {
    expect(new TermNavigator(await indexOf('<p>nothing here</p>')).step(1)).toBeNull();
    const index = await indexOf('<p>jaundice</p>');
    const navigator = new TermNavigator(index);
    navigator.step(1);
    index.clear();
    navigator.forgetIfGone();
    expect(navigator.current).toBeNull();
  });
});
