import { describe, expect, it } from 'vitest';
import { compileGlossary } from '../../glossary/matcher';
import type { Entry } from '../../glossary/schema';

function entry(
  id: string,
  term: string,
  forms: { aliases?: string[]; abbreviations?: string[]; matchHeadword?: boolean } = {},
): Entry {
  return {
    id,
    term,
    category: 'condition',
    aliases: forms.aliases ?? [],
    abbreviations: forms.abbreviations ?? [],
    matchHeadword: forms.matchHeadword ?? true,
    related: [],
    short: 'A definition.',
    source: { document: 'test', section: 'Test', quote: 'A quote.' },
  };
}

// A small glossary of its own, so these rule tests do not change when the real glossary grows.
const matcher = compileGlossary([
  entry('metastasis', 'metastasis', {
    aliases: ['metastases', 'metastatic', 'metastasise'],
    abbreviations: ['mets'],
  }),
  entry('tace', 'transarterial chemoembolisation', { abbreviations: ['TACE'] }),
  entry('chemoembolisation', 'chemoembolisation'),
  entry('yttrium-90', 'yttrium-90', { abbreviations: ['Y-90', '90Y'] }),
  entry('ct-scan', 'CT scan', { aliases: ['CAT scan'], abbreviations: ['CT'] }),
  entry('pet-scan', 'PET scan', { abbreviations: ['PET-CT'] }),
  entry('hai', 'hepatic artery infusion', { abbreviations: ['HAI'] }),
  entry('stent', 'stent'),
  entry('jaundice', 'jaundice', { aliases: ['jaundiced'] }),
  entry('ascites', 'ascites', { aliases: ['ascitic'] }),
  entry('second-line', '2nd line treatment', { aliases: ['second-line chemotherapy'] }),
  entry('tumour', 'tumour'),
  entry('capsule', 'capsule', { aliases: ['liver capsule'], matchHeadword: false }),
  entry('primary-cancer', 'primary cancer'),
  entry('secondary-liver-cancer', 'secondary liver cancer'),
  entry('liver-cancer', 'liver cancer'),
  entry('oesophagus', 'oesophagus'),
  entry('anaemia', 'anaemia'),
  entry('radiofrequency-ablation', 'radiofrequency ablation', { abbreviations: ['RFA'] }),
  entry('gp', 'GP', { matchHeadword: false, abbreviations: ['GP'] }),
  entry('next-of-kin', 'next of kin'),
]);

const found = (text: string): [string, string][] =>
  matcher.find(text).map((match) => [match.text, match.entryId]);
const texts = (text: string): string[] => matcher.find(text).map((match) => match.text);

describe('case', () => {
  it('matches words and phrases in any case', () => {
    expect(texts('Metastases, METASTATIC and Secondary Liver Cancer')).toEqual([
      'Metastases',
      'METASTATIC',
      'Secondary Liver Cancer',
    ]);
  });
  it('matches marked abbreviations only in their exact case', () => {
    expect(found('TACE, then HAI via the GP')).toEqual([
      ['TACE', 'tace'],
      ['HAI', 'hai'],
      ['GP', 'gp'],
    ]);
    expect(found('Hai, thanks! Tace is a name. gp.')).toEqual([]);
    expect(found('my pet dog and his PET')).toEqual([]);
  });
  it('matches the lower-case forum shorthand "mets" but not "Mets"', () => {
    expect(texts('liver mets')).toEqual(['mets']);
    expect(texts('the Mets won')).toEqual([]);
  });
});

describe('whole words', () => {
  it('finds a term next to punctuation', () => {
    expect(texts('(Metastases,) "stent." jaundice!')).toEqual(['Metastases', 'stent', 'jaundice']);
  });
  it('never finds a term inside a longer word', () => {
    expect(texts('encapsulated liver capsules')).toEqual(['liver capsules']);
    expect(texts('ACT now; CTA; xCT; CT2')).toEqual([]);
    expect(texts('stentor tumourous prestent')).toEqual([]);
  });
  it('uses Unicode letters as word characters', () => {
    expect(texts('éstent stenté ωCT')).toEqual([]);
    expect(texts('метастазы stent')).toEqual(['stent']);
  });
});

describe('forms', () => {
  it('finds regular plurals and inflections', () => {
    expect(texts('stents, stenting, stented; jaundiced; ascitic fluid')).toEqual([
      'stents',
      'stenting',
      'stented',
      'jaundiced',
      'ascitic',
    ]);
    expect(texts('metastasised, metastasized, metastasizing, metastasises')).toHaveLength(4);
  });
  it('finds Latin plurals listed in the glossary', () => {
    expect(found('one metastasis, two metastases')).toEqual([
      ['metastasis', 'metastasis'],
      ['metastases', 'metastasis'],
    ]);
  });
  it('generates US spellings of UK forms', () => {
    expect(found('tumor, tumors, esophagus, anemia, chemoembolization')).toEqual([
      ['tumor', 'tumour'],
      ['tumors', 'tumour'],
      ['esophagus', 'oesophagus'],
      ['anemia', 'anaemia'],
      ['chemoembolization', 'chemoembolisation'],
    ]);
  });
  it('does not invent words by rule', () => {
    expect(texts('tumo, tumours, tum, stentings, jaundic, the anaem')).toEqual(['tumours']);
    expect(texts('ascite, ascitesed, metastasi')).toEqual([]);
  });
  it('treats hyphen, space and no space alike where the rule allows', () => {
    expect(found('yttrium-90, yttrium 90, yttrium90, Y-90, Y90, 90Y')).toEqual(
      ['yttrium-90', 'yttrium 90', 'yttrium90', 'Y-90', 'Y90', '90Y'].map((text) => [
        text,
        'yttrium-90',
      ]),
    );
    expect(texts('radio-frequency ablation, radio frequency ablation, RFA')).toHaveLength(3);
    expect(texts('chemo-embolisation and chemo embolization')).toHaveLength(2);
  });
  it('swaps ordinal words and numbers', () => {
    expect(found('2nd line treatment, second line treatment, 2nd-line chemotherapy')).toEqual([
      ['2nd line treatment', 'second-line'],
      ['second line treatment', 'second-line'],
      ['2nd-line chemotherapy', 'second-line'],
    ]);
  });
});

describe('text as pages have it', () => {
  it('reads non-breaking and thin spaces, line breaks and dashes as separators', () => {
    for (const separator of [
      '\u00a0',
      '\u2009',
      '\u202f',
      '\n',
      '\r\n',
      '  ',
      '\u2010',
      '\u2011',
      '\u2013',
      '\u2014',
    ]) {
      expect(texts(`primary${separator}cancer`), JSON.stringify(separator)).toEqual([
        `primary${separator}cancer`,
      ]);
    }
  });
  it('ignores soft hyphens and zero-width characters inside words', () => {
    expect(texts('meta\u00adstases and meta\u200bstatic and ju\u200dndice')).toHaveLength(2);
    expect(found('meta\u00adstases')).toEqual([['meta\u00adstases', 'metastasis']]);
  });
  it('reads curly apostrophes as straight ones and NFD as NFC', () => {
    const entries = [entry('crohns', "Crohn's disease"), entry('cafe', 'café au lait spots')];
    const local = compileGlossary(entries);
    expect(local.find('Crohn\u2019s disease').map((match) => match.entryId)).toEqual(['crohns']);
    expect(local.find('cafe\u0301 au lait spots')[0]?.text).toBe('cafe\u0301 au lait spots');
    expect(local.find('caf\u00e9 au lait spots')[0]?.text).toBe('caf\u00e9 au lait spots');
  });
  it('returns offsets into the original text', () => {
    const text = 'Her \u201cmeta\u00adstases\u201d and\u00a0TACE\u2026';
    for (const match of matcher.find(text)) {
      expect(text.slice(match.start, match.end)).toBe(match.text);
    }
    expect(matcher.find(text).map((match) => [match.start, match.end])).toEqual([
      [5, 16],
      [22, 26],
    ]);
  });
  it('gives each match its own spelling, whatever the matches before it and the texts before this one', () => {
    expect(texts('metastases, Metastases, METASTASES, metastases, meta\u00adstases')).toEqual([
      'metastases',
      'Metastases',
      'METASTASES',
      'metastases',
      'meta\u00adstases',
    ]);
    expect(texts('Metastases')).toEqual(['Metastases']);
    expect(texts('metastasis and metastases')).toEqual(['metastasis', 'metastases']);
  });
});

describe('overlaps', () => {
  it('prefers the longest term at the leftmost start', () => {
    expect(found('transarterial chemoembolisation')).toEqual([
      ['transarterial chemoembolisation', 'tace'],
    ]);
    expect(found('secondary liver cancer and liver cancer')).toEqual([
      ['secondary liver cancer', 'secondary-liver-cancer'],
      ['liver cancer', 'liver-cancer'],
    ]);
    expect(found('a PET-CT scan')).toEqual([['PET-CT', 'pet-scan']]);
  });
});

describe('phrases that mean the medical thing only in context', () => {
  it('finds the phrase and not the everyday word', () => {
    expect(texts('PET scan, PET-CT, PET')).toEqual(['PET scan', 'PET-CT']);
    expect(texts('primary cancer, primary school')).toEqual(['primary cancer']);
    expect(texts('second-line chemotherapy, the second line of the form')).toEqual([
      'second-line chemotherapy',
    ]);
    expect(texts('liver capsule, vitamin capsule')).toEqual(['liver capsule']);
    expect(texts('the next of kin, next to kin')).toEqual(['next of kin']);
  });
});

describe('segments', () => {
  it('finds terms that run across segments and reports both ends', () => {
    expect(matcher.findInSegments(['Her meta', 'stases grew; yttrium-', '90', ' given'])).toEqual([
      {
        start: { segment: 0, offset: 4 },
        end: { segment: 1, offset: 6 },
        entryId: 'metastasis',
        text: 'metastases',
      },
      {
        start: { segment: 1, offset: 13 },
        end: { segment: 2, offset: 2 },
        entryId: 'yttrium-90',
        text: 'yttrium-90',
      },
    ]);
  });
  it('skips empty segments and ends a match in the segment holding its last character', () => {
    const matches = matcher.findInSegments(['', 'stent', '', ' TACE', '']);
    expect(matches.map((match) => [match.start, match.end])).toEqual([
      [
        { segment: 1, offset: 0 },
        { segment: 1, offset: 5 },
      ],
      [
        { segment: 3, offset: 1 },
        { segment: 3, offset: 5 },
      ],
    ]);
  });
  it('does not join text that is not in one run', () => {
    const first = matcher.findInSegments(['primary']);
    const second = matcher.findInSegments(['cancer']);
    expect([...first, ...second]).toEqual([]);
  });
});
