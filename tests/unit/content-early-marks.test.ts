import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileGlossary } from '../../glossary/matcher';
import { EarlyMarks } from '../../entrypoints/content/early-marks';
import { installStaticRange, TEST_ENTRIES, textOf } from './content-fixtures';

const matcher = compileGlossary(TEST_ENTRIES);
const NO_DEADLINE = Number.POSITIVE_INFINITY;

beforeAll(installStaticRange);
beforeEach(() => document.body.replaceChildren());

function texts(found: ReturnType<EarlyMarks['step']>): string[] {
  return found.flatMap((block) => block.ranges.map(textOf));
}

describe('EarlyMarks: the first screenful, before the scan', () => {
  it('marks the terms of the first blocks in document order, and stops after the first screenful', () => {
    const filler = 'plain words '.repeat(40);
    document.body.innerHTML = `<h1>Jaundice</h1><p>${filler} liver cancer</p><p>${filler} ascites</p><p>${filler} CT scan</p>`;
    // Room for the heading and the first two paragraphs (~480 characters each), not the third.
    const early = new EarlyMarks({ matcher, firstOccurrenceOnly: false, maxChars: 1000 });
    const found = early.step(document.body, NO_DEADLINE, false);
    expect(texts(found)).toEqual(['Jaundice', 'liver cancer', 'ascites']);
    expect(found.map((block) => (block.container as Element).tagName)).toEqual(['H1', 'P', 'P']);
    expect(early.done).toBe(true);
    expect(early.step(document.body, NO_DEADLINE, false)).toEqual([]);
    expect(early.ranges.map(textOf)).toEqual(['Jaundice', 'liver cancer', 'ascites']);
  });

  it('while the page is parsed, waits for the last block, and never returns a block twice', () => {
    document.body.innerHTML = '<p>Jaundice and ascites.</p><p>The liver cancer';
    const early = new EarlyMarks({ matcher, firstOccurrenceOnly: false });
    expect(texts(early.step(document.body, NO_DEADLINE, true))).toEqual(['Jaundice', 'ascites']);
    // The parser goes on: the paragraph it was in is complete, another begins.
    (document.body.lastChild as HTMLElement).append(' spread. A CT scan');
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'ascites' }));
    expect(texts(early.step(document.body, NO_DEADLINE, true))).toEqual([
      'liver cancer',
      'CT scan',
    ]);
    expect(texts(early.step(document.body, NO_DEADLINE, false))).toEqual(['ascites']);
    expect(early.done).toBe(false);
  });

  it('reads only the start of a huge text node, and marks nothing a cut could have shortened', () => {
    const text = `${'word '.repeat(200)}jaundice ${'word '.repeat(2000)}liver cancer`;
    document.body.innerHTML = `<p>${text}</p>`;
    const early = new EarlyMarks({ matcher, firstOccurrenceOnly: false, maxChars: 1500 });
    expect(texts(early.step(document.body, NO_DEADLINE, false))).toEqual(['jaundice']);
    // "liver cancer" cut to "liver canc…" would otherwise not be a term at all, but "CT" cut from "CT scan" would.
    document.body.innerHTML = `<p>${'word '.repeat(298)}a CT scan</p>`;
    const cut = new EarlyMarks({ matcher, firstOccurrenceOnly: false, maxChars: 1495 });
    expect(texts(cut.step(document.body, NO_DEADLINE, false))).toEqual([]);
  });

  it('keeps only the first occurrence in a block when the setting asks', () => {
    document.body.innerHTML = '<p>Ascites, ascites and jaundice.</p>';
    const early = new EarlyMarks({ matcher, firstOccurrenceOnly: true });
    expect(texts(early.step(document.body, NO_DEADLINE, false))).toEqual(['Ascites', 'jaundice']);
  });

  it('never reads inputs, scripts or editable text', () => {
    document.body.innerHTML =
      '<textarea>jaundice</textarea><script>"ascites"</script><div contenteditable="true">liver cancer</div><p>CT scan</p>';
    const early = new EarlyMarks({ matcher, firstOccurrenceOnly: false });
    expect(texts(early.step(document.body, NO_DEADLINE, false))).toEqual(['CT scan']);
  });
});
