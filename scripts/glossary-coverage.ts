/**
 * `npm run glossary:coverage -- [--top N]`: on the clinical notes (../shared/corpus/notes/notes.jsonl), the share
 * of jargon tokens the bundled glossary explains. The jargon is fixed by the corpus: the notes' 1,500 commonest words
 * that are rare in everyday English (scripts/worklist.ts), minus those judged plain (glossary/coverage/
 * plain-words.tsv). A token is explained when it lies inside a glossary match, found block by block as on a page.
 * Prints the most-missed jargon words, then the figures.
 *
 * `npm run glossary:coverage -- [--all] FILE`: what the bundled glossary leaves unexplained in one document.
 *
 * It runs the real matcher over the text, then lists every word outside a match with its count, so a person
 * can read down the list and see which medical words have no entry. Common function words ("the", "your")
 * are left out unless `--all` is given. It also lists the entries found in the text, and those never found
 * (entries whose forms occur only inside a longer form, or aliases meant for other pages).
 */
import { existsSync, readFileSync } from 'node:fs';
import { bundledPacks, entriesOf } from '../glossary/index';
import { compileGlossary } from '../glossary/matcher';
import { SHARED_DIR } from './paths';
import {
  corpusDocuments,
  jargonWords,
  JARGON_SIZE,
  MEDICINE_WORDS_FILE,
  readPlainWords,
} from './worklist';
import { WORD } from './corpus';

function notesCoverage(top: number): void {
  const documents = corpusDocuments(SHARED_DIR, 'notes');
  if (documents.length === 0) {
    console.error(`glossary:coverage: the notes are read from ${SHARED_DIR}, which is absent.`);
    process.exit(1);
  }
  const plain = readPlainWords();
  const jargon = new Set(jargonWords(documents, plain).map((candidate) => candidate.term));
  const matcher = compileGlossary(entriesOf(bundledPacks));
  const medicines = new Set(readPlainWords(MEDICINE_WORDS_FILE).keys());
  const missed = new Map<string, number>();
  let tokens = 0;
  let explained = 0;
  let medicineTokens = 0;
  let medicinesExplained = 0;
  for (const blocks of documents) {
    for (const block of blocks) {
      const covered = new Uint8Array(block.length);
      for (const match of matcher.find(block)) covered.fill(1, match.start, match.end);
      for (const word of block.matchAll(WORD)) {
        const key = word[0].toLowerCase().replace(/’/g, "'").replace(/'s$/, '');
        if (!jargon.has(key)) continue;
        tokens += 1;
        const isMedicine = medicines.has(key);
        if (isMedicine) medicineTokens += 1;
        if (covered[word.index] === 1) {
          explained += 1;
          if (isMedicine) medicinesExplained += 1;
        } else missed.set(key, (missed.get(key) ?? 0) + 1);
      }
    }
  }
  const rows = [...missed].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, top);
  console.log(`Most-missed jargon words (tokens not explained):`);
  console.log(rows.map(([word, count]) => `${word} ×${count}`).join(', '));
  console.log(
    `\nJargon: the notes' top ${JARGON_SIZE} rare words minus ${JARGON_SIZE - jargon.size} judged plain = ${jargon.size} words, ${tokens} tokens in ${documents.length} notes.`,
  );
  console.log(
    `Glossary: ${entriesOf(bundledPacks).length} entries in ${bundledPacks.length} packs.`,
  );
  const share = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(1)}%`;
  console.log(
    `Medicine names (${medicines.size} words judged in glossary/coverage/medicine-words.tsv): ${medicinesExplained} of ${medicineTokens} tokens = ${share(medicinesExplained, medicineTokens)}.`,
  );
  console.log(`Explained: ${explained} of ${tokens} jargon tokens = ${share(explained, tokens)}.`);
}

const FUNCTION_WORDS = new Set(
  `a about above after again all also an and any are as at be because been before being between both but by
  can can't could do does doesn't don't down during each even every for from get had has have how i if in into
  is it it's its just may more most much must no not of on once one only or other our out over own so some
  such than that the their them then there these they this those through to too under until up very was we
  were what when where whether which while who why will with would you your yours yourself`.split(
    /\s+/,
  ),
);

const args = process.argv.slice(2);
const showAll = args.includes('--all');
const file = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--top');
if (!file) {
  const top = Number(args[args.indexOf('--top') + 1] ?? 100);
  notesCoverage(args.includes('--top') && top > 0 ? top : 100);
  process.exit(0);
}
if (!existsSync(file)) {
  console.error(
    `glossary-coverage: ${file} is absent (the source document lives in ${SHARED_DIR}).`,
  );
  process.exit(1);
}

const text = readFileSync(file, 'utf8');
const entries = entriesOf(bundledPacks);
const matches = compileGlossary(entries).find(text);

const covered = new Uint8Array(text.length);
for (const match of matches) covered.fill(1, match.start, match.end);

const uncovered = new Map<string, number>();
for (const word of text.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
  const start = word.index;
  if (covered[start]) continue;
  const key = word[0].toLowerCase().replace(/’/g, "'");
  if (!showAll && (FUNCTION_WORDS.has(key) || /^\d+$/.test(key))) continue;
  uncovered.set(key, (uncovered.get(key) ?? 0) + 1);
}

const found = new Map<string, number>();
for (const match of matches) found.set(match.entryId, (found.get(match.entryId) ?? 0) + 1);

console.log(`${file}: ${matches.length} matches of ${found.size} of ${entries.length} entries.\n`);
console.log(
  `Words outside any match (${uncovered.size}${showAll ? '' : ', function words left out'}):`,
);
const rows = [...uncovered].sort(([a], [b]) => a.localeCompare(b));
console.log(rows.map(([word, count]) => (count > 1 ? `${word} ×${count}` : word)).join(', '));
console.log('\nEntries found (id ×count):');
console.log(
  [...found]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, count]) => `${id} ×${count}`)
    .join(', '),
);
const never = entries.filter((entry) => !found.has(entry.id)).map((entry) => entry.id);
console.log(`\nEntries never found in this text (${never.length}): ${never.join(', ') || 'none'}`);
