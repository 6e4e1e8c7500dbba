/**
 * `npm run glossary:candidates -- [--corpus notes|nih] [--top N] [--kind word|phrase|abbreviation] [--all]
 * [--json]`: the glossary's worklist. Words and multi-word terms ranked by how many documents of the corpus use
 * them, with how rare they are in everyday English (Zipf: 7 for "the", below 3 for "oedema"), minus every form the
 * bundled glossary explains (`--all` keeps them) and the words judged plain (glossary/coverage/plain-words.tsv);
 * one context each.
 */
import { existsSync } from 'node:fs';
import { bundledPacks, entriesOf } from '../glossary/index';
import { compileGlossary } from '../glossary/matcher';
import { SHARED_DIR } from './paths';
import {
  corpusDocuments,
  rankCandidates,
  readPlainWords,
  type CandidateKind,
  type CorpusName,
} from './worklist';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index !== -1) return args[index + 1];
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}
const flag = (name: string): boolean => process.argv.slice(2).includes(`--${name}`);

const corpus = (option('corpus') ?? 'notes') as CorpusName;
const top = Number(option('top') ?? 100);
const kind = option('kind') as CandidateKind | undefined;
if (!['notes', 'nih'].includes(corpus) || !(top > 0)) {
  console.error(
    'usage: npm run glossary:candidates -- [--corpus notes|nih] [--top N] [--kind word|phrase|abbreviation] [--all] [--json]',
  );
  process.exit(2);
}
if (!existsSync(SHARED_DIR)) {
  console.error(`glossary:candidates: the corpus is read from ${SHARED_DIR}, which is absent.`);
  process.exit(1);
}

const matcher = flag('all') ? undefined : compileGlossary(entriesOf(bundledPacks));
const plain = readPlainWords();
const ranked = rankCandidates(corpusDocuments(SHARED_DIR, corpus), matcher)
  .filter((candidate) => !kind || candidate.kind === kind)
  .filter((candidate) => flag('all') || !plain.has(candidate.term))
  .slice(0, top);

if (flag('json')) {
  console.log(JSON.stringify(ranked, null, 1));
} else {
  console.log(`rank\tdocs\tcount\tzipf\tkind\tterm\tcontext`);
  ranked.forEach((candidate, index) =>
    console.log(
      [
        index + 1,
        candidate.documents,
        candidate.count,
        candidate.zipf.toFixed(1),
        candidate.kind,
        candidate.term,
        candidate.context,
      ].join('\t'),
    ),
  );
}
