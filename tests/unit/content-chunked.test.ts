import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileGlossary } from '../../glossary/matcher';
import { CHUNK_CHARS, ChunkedBlockReader, cutPoint } from '../../entrypoints/content/chunked-text';
import { PageIndex } from '../../entrypoints/content/page-index';
import { PageScanner } from '../../entrypoints/content/page-scanner';
import { SliceQueue } from '../../entrypoints/content/scheduler';
import { installStaticRange, TEST_ENTRIES, textOf } from './content-fixtures';

const matcher = compileGlossary(TEST_ENTRIES);

beforeAll(installStaticRange);
beforeEach(() => document.body.replaceChildren());

/** A long text of sentences, one per line, with terms in it. */
function longText(sentences: number): string {
  const lines: string[] = [];
  for (let i = 0; i < sentences; i++) {
    lines.push(
      i % 7 === 0
        ? `Line ${i}: she had jaundice and a CT scan.`
        : `Line ${i}: nothing to see here today.`,
    );
  }
  return lines.join('\n');
}

function readAll(segments: string[]) {
  const reader = new ChunkedBlockReader(segments);
  const matches = [];
  let chunks = 0;
  while (!reader.done) {
    matches.push(...reader.next(matcher));
    chunks++;
  }
  return { matches, chunks };
}

describe('cutPoint', () => {
  it('prefers a line break, then a sentence end, then a space', () => {
    expect(cutPoint('aaaa\nbbbb. cccc dddd', 0, 19)).toBe(5);
    expect(cutPoint('aaaa bbbb. cccc dddd', 0, 19)).toBe(11);
    expect(cutPoint('aaaa bbbb cccc dddd', 0, 19)).toBe(15);
    expect(cutPoint('aaaaaaaaaaaaaaaaaaaa', 0, 19)).toBe(19);
  });
});

describe('ChunkedBlockReader', () => {
  it('finds the same matches as one pass, in several chunks', () => {
    const text = longText(6000);
    expect(text.length).toBeGreaterThan(3 * CHUNK_CHARS);
    const { matches, chunks } = readAll([text]);
    expect(chunks).toBeGreaterThan(3);
    expect(matches).toEqual(matcher.findInSegments([text]));
  });

  it('places matches on the right segments, across segment ends', () => {
    const text = longText(3000);
    const cut = text.indexOf('jaundice', 50_000) + 4;
    const segments = [text.slice(0, cut), text.slice(cut)];
    const { matches } = readAll(segments);
    expect(matches).toEqual(matcher.findInSegments(segments));
    const split = matches.find((m) => m.start.segment === 0 && m.end.segment === 1);
    expect(split?.text).toBe('jaundice');
  });
});

describe('PageScanner with a very long block', () => {
  it('marks a huge text node in slices, never blocking for long', async () => {
    const p = document.createElement('p');
    p.textContent = longText(12_000);
    document.body.append(p);
    const painted = new Set<AbstractRange>();
    // A clock that only the matcher moves: each chunk "takes" 3 ms, so a 5 ms slice has room for two chunks.
    let now = 0;
    let chunks = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    const slowMatcher = {
      find: (text: string) => {
        now += 3;
        chunks++;
        return matcher.find(text);
      },
      findInSegments: (segments: readonly string[]) => {
        now += 3;
        chunks++;
        return matcher.findInSegments(segments);
      },
    };
    const queue = new SliceQueue(5, (next) => setTimeout(next, 0));
    const index = new PageIndex();
    const scanner = new PageScanner({
      matcher: slowMatcher,
      index,
      painter: {
        add: (ranges) => {
          for (const range of ranges) painted.add(range);
        },
        remove: () => undefined,
        commit: () => undefined,
      },
      queue,
      firstOccurrenceOnly: false,
      maxTerms: 100_000,
      isRendered: () => true,
    });
    scanner.scan(document.body);
    await queue.whenIdle();
    clock.mockRestore();
    const expected = matcher.find(p.textContent ?? '').length;
    expect(index.size).toBe(expected);
    expect(new Set([...painted].map(textOf))).toEqual(new Set(['jaundice', 'CT scan']));
    // The one block was read a chunk at a time, and each slice stopped once its budget was spent: at most two
    // chunks a slice. (Real slice times are the browser benchmark's business, never a timed unit test's.)
    expect(chunks).toBeGreaterThanOrEqual(Math.ceil((p.textContent ?? '').length / CHUNK_CHARS));
    expect(queue.slices).toBeGreaterThanOrEqual(Math.ceil(chunks / 2));
  });
});
