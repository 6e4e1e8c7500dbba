/**
 * `npm run glossary:quote -- TERM [--also FORM,FORM] [--top N] [--notes] [--json]`: the sentences of the NIH pages
 * (`--notes`: of the clinical notes) that use a term or its regular variants, the best defining sentence first,
 * each with what an entry's `source` needs: the document id, the record, the section and the verbatim quote.
 *
 * `--batch FILE` reads one term a line (`term|form|form` for other forms) and prints the best quote of each as
 * JSON lines, for writing a batch of entries.
 */
import { existsSync, readFileSync } from 'node:fs';
import { compileGlossary } from '../glossary/matcher';
import type { Entry } from '../glossary/schema';
import { normaliseSpace, readNih, readNotes, sentences } from './corpus';
import { SHARED_DIR } from './paths';
import { NIH_SOURCE_ID, NOTES_SOURCE_ID } from './record-sources';

export interface QuoteCandidate {
  document: string;
  record: string;
  section: string;
  quote: string;
  usage?: true;
  score: number;
}

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}
const flag = (name: string): boolean => process.argv.slice(2).includes(`--${name}`);

/** What makes a sentence a good grounding quote: it says what the term is, in a sentence of readable length. */
function score(sentence: string, start: number, end: number): number {
  const words = sentence.split(/\s+/).length;
  const before = sentence.slice(0, start).toLowerCase();
  const after = sentence.slice(end).toLowerCase();
  let value = 0;
  if (/^\s*(\)\s*)?(is|are|refers to|means|describes)\b/.test(after)) value += 6;
  if (/^\s*\(/.test(after) || /\(\s*$/.test(before)) value += 4;
  if (/(called|known as|termed|or|,)\s*$/.test(before)) value += 3;
  if (/^\s*(is|are) (a|an|the)\b/.test(after)) value += 3;
  if (start < 40) value += 2;
  if (words >= 6 && words <= 30) value += 2;
  else if (words > 45) value -= 4;
  if (/[?:]$/.test(sentence) || /^[-•*]/.test(sentence)) value -= 3;
  return value;
}

const entryFor = (term: string, also: string[]): Entry => ({
  id: 'quote-term',
  term,
  category: 'condition',
  aliases: also,
  abbreviations: [],
  matchHeadword: true,
  related: [],
  short: term,
  source: { document: 'x', section: 'x', quote: 'x' },
});

export function findQuotes(term: string, also: string[], useNotes: boolean): QuoteCandidate[] {
  const matcher = compileGlossary([entryFor(term, also)]);
  const found: QuoteCandidate[] = [];
  const consider = (text: string, make: (quote: string) => Omit<QuoteCandidate, 'score'>): void => {
    for (const sentence of sentences(text)) {
      const [match] = matcher.find(sentence);
      if (match) found.push({ ...make(sentence), score: score(sentence, match.start, match.end) });
    }
  };
  if (useNotes) {
    for (const note of readNotes(SHARED_DIR)) {
      // Notes run sections together with commas: the quote is a sentence of one section's text.
      for (const part of note.text.split(/,\s*[A-Z][A-Z0-9 /&()'-]{1,60}:\s*,?/)) {
        consider(part, (quote) => ({
          document: NOTES_SOURCE_ID,
          record: String(note.noteId),
          section: note.sampleName,
          quote: normaliseSpace(quote.replace(/^[,\s]+|[,\s]+$/g, '')),
          usage: true,
        }));
      }
    }
  } else {
    for (const document of readNih(SHARED_DIR)) {
      for (const qa of document.qa) {
        consider(qa.answer, (quote) => ({
          document: NIH_SOURCE_ID,
          record: document.file,
          section: normaliseSpace(qa.question),
          quote,
        }));
      }
    }
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => b.score - a.score || a.quote.length - b.quote.length)
    .filter((item) => !seen.has(item.quote) && Boolean(seen.add(item.quote)));
}

function main(): void {
  if (!existsSync(SHARED_DIR)) {
    console.error(`glossary:quote: the corpus is read from ${SHARED_DIR}, which is absent.`);
    process.exit(1);
  }
  const useNotes = flag('notes');
  const batch = option('batch');
  if (batch) {
    for (const line of readFileSync(batch, 'utf8').split('\n')) {
      const [term, ...also] = line.split('|').map((part) => part.trim());
      if (!term) continue;
      const [best] = findQuotes(term, also.filter(Boolean), useNotes);
      console.log(JSON.stringify({ term, source: best ?? null }));
    }
    return;
  }
  const term = process.argv.slice(2).find((arg, index, args) => {
    const previous = args[index - 1];
    return !arg.startsWith('--') && previous !== '--also' && previous !== '--top';
  });
  if (!term) {
    console.error(
      'usage: npm run glossary:quote -- TERM [--also FORM,FORM] [--top N] [--notes] [--json] | --batch FILE',
    );
    process.exit(2);
  }
  const also = (option('also') ?? '')
    .split(',')
    .map((form) => form.trim())
    .filter(Boolean);
  const quotes = findQuotes(term, also, useNotes).slice(0, Number(option('top') ?? 10));
  if (flag('json')) {
    console.log(JSON.stringify(quotes, null, 1));
    return;
  }
  if (quotes.length === 0) console.log(`No sentence uses "${term}".`);
  for (const quote of quotes) {
    console.log(`[${quote.score}] ${quote.record} — ${quote.section}\n  ${quote.quote}\n`);
  }
}

if (process.argv[1]?.endsWith('glossary-quote.ts')) main();
