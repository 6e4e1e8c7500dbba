import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledPacks, entriesOf } from '../../glossary/index';
import { compileGlossary, loadGlossary, precompileGlossary } from '../../glossary/matcher';
import type { Match } from '../../glossary/types';

const entries = entriesOf(bundledPacks);
const matcher = compileGlossary(entries);

const anyForm = entries.flatMap((entry) => [
  ...(entry.matchHeadword ? [entry.term] : []),
  ...entry.aliases,
  ...entry.abbreviations,
]);

/** Any UTF-16 code unit, lone surrogates included: every Unicode block of the BMP. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const pathological = fc.constantFrom(
  'a'.repeat(5000),
  'metastas'.repeat(300),
  'liver '.repeat(500),
  'secondary liver '.repeat(200),
  '\u00ad'.repeat(2000),
  ' '.repeat(3000),
  '-'.repeat(3000),
  'Y-9'.repeat(500),
  '\u0301'.repeat(1000),
  '\ud800'.repeat(100),
  '\udc00\ud800'.repeat(100),
);
const chunk = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: codeUnit, maxLength: 12 }) },
  { weight: 3, arbitrary: fc.constantFrom(...anyForm, ' ', '-', '\u00a0', '\n', '.', ',') },
  { weight: 1, arbitrary: pathological },
);
const adversarialText = fc.array(chunk, { maxLength: 30 }).map((chunks) => chunks.join(''));

function assertWellFormed(text: string, matches: Match[]): void {
  let previousEnd = 0;
  for (const match of matches) {
    expect(match.start).toBeGreaterThanOrEqual(previousEnd);
    expect(match.end).toBeGreaterThan(match.start);
    expect(match.end).toBeLessThanOrEqual(text.length);
    expect(match.text).toBe(text.slice(match.start, match.end));
    previousEnd = match.end;
  }
}

describe('matcher on random and adversarial text', () => {
  it('never throws and returns sorted, non-overlapping, in-bounds matches equal to their slice', () => {
    fc.assert(
      fc.property(adversarialText, (text) => {
        assertWellFormed(text, matcher.find(text));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with itself when the text is cut into segments anywhere', () => {
    fc.assert(
      fc.property(adversarialText, fc.array(fc.nat(), { maxLength: 6 }), (text, cutsSeed) => {
        const cuts = [...new Set(cutsSeed.map((cut) => cut % (text.length + 1)))].sort(
          (a, b) => a - b,
        );
        const segments: string[] = [];
        let from = 0;
        for (const cut of [...cuts, text.length]) {
          segments.push(text.slice(from, cut));
          from = cut;
        }
        const starts = segments.map((_, index) =>
          segments.slice(0, index).reduce((sum, segment) => sum + segment.length, 0),
        );
        const whole = matcher.find(text);
        const pieces = matcher.findInSegments(segments).map((match) => ({
          start: (starts[match.start.segment] ?? 0) + match.start.offset,
          end: (starts[match.end.segment] ?? 0) + match.end.offset,
          entryId: match.entryId,
          text: match.text,
        }));
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('always finds a glossary form put into random text', () => {
    const inserted = fc.record({
      before: fc.string({ unit: codeUnit, maxLength: 40 }),
      after: fc.string({ unit: codeUnit, maxLength: 40 }),
      entry: fc.constantFrom(...entries),
      upperCase: fc.boolean(),
    });
    fc.assert(
      fc.property(inserted, ({ before, after, entry, upperCase }) => {
        const anyCaseForms = entry.matchHeadword ? [entry.term, ...entry.aliases] : entry.aliases;
        const form = anyCaseForms[0] ?? entry.abbreviations[0];
        if (form === undefined) return;
        const written = upperCase && anyCaseForms.length > 0 ? form.toUpperCase() : form;
        // Full stops fence the form off: no phrase of the glossary runs across one.
        const text = `${before}. ${written} .${after}`;
        const start = before.length + 2;
        // An everyday-word entry alone in a text is left out by design (tested in matcher-everyday.test.ts).
        const hit = matcher
          .find(text, { keepEveryday: true })
          .find((match) => match.start === start);
        expect(hit?.entryId, `${written} in ${JSON.stringify(text)}`).toBe(entry.id);
        expect(hit?.end).toBe(start + written.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('precompiled glossaries', () => {
  const third = Math.ceil(entries.length / 3);
  const loadedWhole = loadGlossary(precompileGlossary(entries));
  const loadedWithExtra = loadGlossary(
    precompileGlossary(entries.slice(0, 2 * third)),
    entries.slice(2 * third),
  );
  const kept = new Set(entries.slice(third).map((entry) => entry.id));
  const masked = loadGlossary(precompileGlossary(entries), [], (index) =>
    kept.has(entries[index]?.id ?? ''),
  );
  const compiledKept = compileGlossary(entries.slice(third));
  const realText = fc.array(fc.constantFrom(...anyForm, ' ', '. ', 'the ', 'liver ', '-'), {
    maxLength: 40,
  });

  it('find exactly what compiling the same entries finds', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          adversarialText,
          realText.map((words) => words.join('')),
        ),
        (text) => {
          const expected = matcher.find(text);
          expect(loadedWhole.find(text)).toEqual(expected);
          expect(loadedWithExtra.find(text)).toEqual(expected);
          expect(masked.find(text)).toEqual(compiledKept.find(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
