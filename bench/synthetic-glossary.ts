/**
 * Synthetic glossary entries for the benchmark's big-glossary build: medical-looking words put together from Greek
 * and Latin word parts, multi-word forms, aliases and abbreviations, in about the proportions of the bundled packs
 * (half the headwords of several words, about one alias an entry, an abbreviation for one entry in three). The
 * same seed gives the same entries. They are never shipped: `wxt.config.ts` adds them only to a benchmark build
 * (`MJE_SYNTHETIC_ENTRIES`), appended to the last bundled pack so that they are on by default.
 */
import type { Category, Entry } from '../glossary/schema';
import { pick, seededRandom } from './seeded-random.ts';

const PREFIXES = [
  'hepat',
  'cholangi',
  'nephr',
  'gastr',
  'enter',
  'col',
  'cardi',
  'pneum',
  'oste',
  'arthr',
  'derm',
  'neur',
  'haemat',
  'lymph',
  'pancreat',
  'splen',
  'thyr',
  'aden',
  'angi',
  'my',
  'encephal',
  'mening',
  'cyst',
  'ureter',
  'urethr',
  'hyster',
  'oophor',
  'salping',
  'mast',
  'rhin',
  'ot',
  'laryng',
  'pharyng',
  'trache',
  'bronch',
  'pleur',
  'pericardi',
  'phleb',
  'arteri',
  'ven',
  'cephal',
  'crani',
  'spondyl',
  'chondr',
  'fibr',
  'lip',
  'ocul',
  'ophthalm',
  'retin',
  'kerat',
  'gingiv',
  'stomat',
  'gloss',
  'oesophag',
  'duoden',
  'jejun',
  'ile',
  'proct',
  'rect',
  'sigmoid',
  'cholecyst',
  'choledoch',
  'pyel',
  'glomerul',
  'prostat',
  'orchi',
  'vas',
  'myel',
  'leuk',
  'erythr',
  'thromb',
  'hist',
  'cyt',
  'onc',
  'carcin',
  'sarc',
  'melan',
  'papill',
  'polyp',
  'diverticul',
];

const SUFFIXES = [
  'itis',
  'oma',
  'osis',
  'ectomy',
  'otomy',
  'ostomy',
  'ology',
  'opathy',
  'algia',
  'omegaly',
  'oplasty',
  'oscopy',
  'ography',
  'aemia',
  'uria',
  'openia',
  'ocyte',
  'oblast',
  'oplasia',
  'otrophy',
  'orrhoea',
  'orrhaphy',
  'opexy',
  'olysis',
  'ostasis',
  'ogenesis',
  'osclerosis',
  'ocele',
  'odynia',
  'optosis',
  'orrhagia',
  'ostenosis',
];

const MIDDLES = [
  'o',
  'angio',
  'adeno',
  'fibro',
  'myo',
  'neuro',
  'lipo',
  'chondro',
  'hepato',
  'nephro',
];

const MODIFIERS = [
  'acute',
  'chronic',
  'primary',
  'secondary',
  'benign',
  'malignant',
  'congenital',
  'idiopathic',
  'bilateral',
  'recurrent',
  'partial',
  'total',
  'laparoscopic',
  'endoscopic',
  'percutaneous',
  'familial',
  'juvenile',
  'hereditary',
  'diffuse',
  'focal',
  'refractory',
  'metastatic',
  'invasive',
  'obstructive',
  'autoimmune',
];

const HEADS = [
  'syndrome',
  'disease',
  'disorder',
  'deficiency',
  'carcinoma',
  'stenosis',
  'insufficiency',
  'dysplasia',
  'resection',
  'biopsy',
  'scan',
  'test',
  'block',
  'failure',
  'lesion',
  'cyst',
  'tumour',
  'infection',
];

const EPONYMS = [
  'Halvorsen',
  'Marchetti',
  'Okonkwo',
  'Lindqvist',
  'Brennan',
  'Takahashi',
  'Dufresne',
  'Kowalczyk',
  'Abernathy',
  'Ferreira',
  'Nakamura',
  'Vasquez',
  'Thorsen',
  'Achterberg',
  'Quintero',
  'Delacroix',
  'Mbeki',
  'Rasmussen',
];

const CATEGORIES: readonly Category[] = [
  'condition',
  'symptom',
  'test',
  'treatment',
  'care',
  'body',
];

/** A one-word medical-looking form: a word part, now and then a second one, and an ending. */
function word(random: () => number): string {
  const first = pick(random, PREFIXES);
  const middle = random() < 0.3 ? pick(random, MIDDLES) : '';
  const suffix = pick(random, SUFFIXES);
  // "hepat" + "itis", "hepat" + "o" + "megaly": the joining vowel comes with the suffix or the middle part.
  const joined = `${first}${middle ? (middle === 'o' ? 'o' : `o${middle}`) : ''}`;
  return joined.endsWith('o') && suffix.startsWith('o')
    ? joined + suffix.slice(1)
    : joined + suffix;
}

function initials(form: string): string {
  return form
    .split(/[\s-]+/)
    .map((part) => part[0] ?? '')
    .join('')
    .toUpperCase();
}

/** `count` synthetic entries, the same for the same seed; no two claim the same form. */
export function syntheticEntries(count: number, seed = 5000): Entry[] {
  const random = seededRandom(seed);
  const taken = new Set<string>();
  const claim = (form: string): boolean => {
    const key = form.toLowerCase();
    if (taken.has(key)) return false;
    taken.add(key);
    return true;
  };
  const entries: Entry[] = [];
  let attempts = 0;
  while (entries.length < count) {
    if (++attempts > count * 50)
      throw new Error(`only ${entries.length} synthetic entries could be made`);
    const shape = random();
    let term: string;
    if (shape < 0.45) term = word(random);
    else if (shape < 0.7) term = `${pick(random, MODIFIERS)} ${word(random)}`;
    else if (shape < 0.85) term = `${word(random)} ${pick(random, HEADS)}`;
    else if (shape < 0.93)
      term = `${pick(random, MODIFIERS)} ${word(random)} ${pick(random, HEADS)}`;
    else term = `${pick(random, EPONYMS)}-${pick(random, EPONYMS)} ${pick(random, HEADS)}`;
    if (!claim(term)) continue;
    const aliases: string[] = [];
    const aliasCount = random() < 0.55 ? 1 + Math.floor(random() * 3) : 0;
    for (let a = 0; a < aliasCount; a++) {
      const alias =
        random() < 0.5
          ? `${word(random)} ${pick(random, HEADS)}`
          : `${pick(random, MODIFIERS)} ${word(random)}`;
      if (claim(alias)) aliases.push(alias);
    }
    const abbreviations: string[] = [];
    if (random() < 0.33) {
      const base = term.includes(' ')
        ? initials(term)
        : term.slice(0, 3 + Math.floor(random() * 2)).toUpperCase();
      const abbreviation = base.length >= 2 ? base : `${base}X`;
      if (claim(abbreviation)) abbreviations.push(abbreviation);
    }
    const id = `synthetic-${entries.length + 1}`;
    entries.push({
      id,
      term,
      category: pick(random, CATEGORIES),
      aliases,
      abbreviations,
      matchHeadword: true,
      short: `A made-up word for the benchmark, number ${entries.length + 1}.`,
      related: [],
      source: { document: 'synthetic', section: 'Synthetic entries', quote: 'Synthetic.' },
    });
  }
  return entries;
}
