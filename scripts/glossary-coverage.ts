/**
 * `npx tsx scripts/glossary-coverage.ts [--all] [FILE]`: what the bundled glossary leaves unexplained in a
 * document (by default the source document, ../shared/seed/secondary-liver-cancer.txt).
 *
 * It runs the real matcher over the text, then lists every word outside a match with its count, so a person
 * can read down the list and see which medical words have no entry. Common function words ("the", "your")
 * are left out unless `--all` is given. It also lists the entries found in the text, and those never found
 * (entries whose forms occur only inside a longer form, or aliases meant for other pages).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledPacks, entriesOf } from '../glossary/index';
import { compileGlossary } from '../glossary/matcher';
import { SHARED_DIR } from './paths';

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
const file =
  args.find((arg) => !arg.startsWith('--')) ??
  resolve(SHARED_DIR, 'seed/secondary-liver-cancer.txt');
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
