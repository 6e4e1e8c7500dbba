import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CUSTOM_TERMS_FORMAT,
  MAX_CUSTOM_TERMS,
  MAX_REPORTED_PROBLEMS,
  customPack,
  customTermId,
  formKey,
  parseCustomTermsFile,
  serializeCustomTermsFile,
} from '../../glossary/custom-terms';
import { bundledPacks, entriesOf } from '../../glossary/index';
import { parsePack, type Entry, type EntryInput } from '../../glossary/schema';
import {
  CUSTOM_TERMS_KEY,
  deleteCustomTerm,
  exportCustomTerms,
  importCustomTerms,
  loadCustomTerms,
  saveCustomTerm,
  watchCustomTerms,
  type CustomTermDraft,
} from '../../utils/custom-terms';

const bundled = entriesOf(bundledPacks);
const aBundledEntry = bundled[0] as Entry;

function term(id: string, overrides: Partial<EntryInput> = {}): EntryInput {
  return {
    id,
    term: id.replace(/-/g, ' '),
    category: 'care',
    short: `A plain note about ${id}.`,
    source: { document: 'my-terms', section: 'Added by you', quote: 'Written by you.' },
    ...overrides,
  };
}

const fileOf = (terms: unknown[], header: Record<string, unknown> = {}): string =>
  JSON.stringify({ format: CUSTOM_TERMS_FORMAT, version: 1, terms, ...header });

const draft = (overrides: Partial<CustomTermDraft> = {}): CustomTermDraft => ({
  term: 'port',
  category: 'treatment',
  aliases: ['portacath'],
  abbreviations: [],
  short: 'A small disc under the skin where nurses give medicine into a vein.',
  ...overrides,
});

const storedRaw = async (): Promise<unknown> =>
  (await fakeBrowser.storage.local.get(CUSTOM_TERMS_KEY))[CUSTOM_TERMS_KEY];

beforeEach(() => fakeBrowser.reset());

describe('a refused import', () => {
  const longWords = Array.from({ length: 41 }, (_, i) => `word${i}`).join(' ');
  const cases: { name: string; file: string; reason: RegExp }[] = [
    {
      name: 'a file over 1 MB',
      file: fileOf([term('big', { more: 'x'.repeat(1500) })]).padEnd(1024 * 1024 + 1, ' '),
      reason: /at most 1 MB/,
    },
    { name: 'text that is not JSON', file: '{"format": "medical', reason: /not valid JSON/ },
    { name: 'an empty file', file: '', reason: /not valid JSON/ },
    { name: 'a JSON list', file: '[]', reason: /not a custom-terms file/ },
    { name: 'JSON null', file: 'null', reason: /not a custom-terms file/ },
    {
      name: 'another format',
      file: JSON.stringify({ format: 'something-else', version: 1, terms: [] }),
      reason: /"format" should be/,
    },
    {
      name: 'a missing version',
      file: JSON.stringify({ format: CUSTOM_TERMS_FORMAT, terms: [term('a')] }),
      reason: /no "version"/,
    },
    { name: 'a newer version', file: fileOf([term('a')], { version: 2 }), reason: /newer version/ },
    {
      name: 'missing terms',
      file: JSON.stringify({ format: CUSTOM_TERMS_FORMAT, version: 1 }),
      reason: /terms: /,
    },
    {
      name: 'terms that are not a list',
      file: fileOf([], { terms: { a: 1 } }),
      reason: /terms: must be a list/,
    },
    { name: 'no terms', file: fileOf([]), reason: /holds no terms/ },
    {
      name: 'too many terms',
      file: fileOf(Array.from({ length: MAX_CUSTOM_TERMS + 1 }, (_, i) => term(`t-${i}`))),
      reason: /at most 1000/,
    },
    { name: 'a term that is not an object', file: fileOf(['port']), reason: /^term 1: / },
    {
      name: 'a missing field (short)',
      file: fileOf([term('port', { short: undefined })]),
      reason: /term 1 \(“port”\): short: is missing/,
    },
    {
      name: 'a missing source',
      file: fileOf([term('port', { source: undefined })]),
      reason: /term 1 \(“port”\): source: /,
    },
    {
      name: 'a wrong type (aliases as text)',
      file: fileOf([term('port', { aliases: 'portacath' as unknown as string[] })]),
      reason: /term 1 \(“port”\): aliases: /,
    },
    {
      name: 'a wrong type (term as a number)',
      file: fileOf([term('port', { term: 42 as unknown as string })]),
      reason: /term 1: term: /,
    },
    {
      name: 'an unknown category',
      file: fileOf([term('port', { category: 'gossip' as EntryInput['category'] })]),
      reason: /term 1 \(“port”\): category: /,
    },
    {
      name: 'an id that is not a slug',
      file: fileOf([term('port', { id: 'My Port!' })]),
      reason: /term 1 \(“port”\): id: must be a lower-case slug/,
    },
    {
      name: 'an empty headword',
      file: fileOf([term('port', { term: '   ' })]),
      reason: /term 1: term: must not be empty/,
    },
    {
      name: 'a definition over 40 words',
      file: fileOf([term('a'), term('port', { short: longWords })]),
      reason: /term 2 \(“port”\): short: must be at most 40 words/,
    },
    {
      name: 'a definition over 300 characters',
      file: fileOf([term('port', { short: `${'Pneumonoultramicroscopic'.repeat(13)}.` })]),
      reason: /term 1 \(“port”\): short: must be at most 300 characters/,
    },
    {
      name: 'an explanation over 2000 characters',
      file: fileOf([term('port', { more: 'Long. '.repeat(400) })]),
      reason: /term 1 \(“port”\): more: must be at most 2000 characters/,
    },
    {
      name: 'a duplicate id in the file',
      file: fileOf([term('port'), term('quillan'), term('port', { term: 'portacath' })]),
      reason: /term 3 \(“portacath”\): duplicate id “port”, also used by term 1 \(“port”\)/,
    },
    {
      name: 'a duplicate word in the file (case and punctuation ignored)',
      file: fileOf([term('port-line'), term('other', { aliases: ['Port-Line'] })]),
      reason: /term 2 \(“other”\): duplicate word “Port-Line”, also in term 1 \(“port line”\)/,
    },
    {
      name: 'a word of the bundled glossary',
      file: fileOf([term('mine', { aliases: [aBundledEntry.term.toUpperCase()] })]),
      reason: /term 1 \(“mine”\): .* already a word in the bundled glossary/,
    },
    {
      name: 'an id of the bundled glossary',
      file: fileOf([term(aBundledEntry.id, { term: 'something new' })]),
      reason: /term 1 \(“something new”\): id: .* already used in the bundled glossary/,
    },
    {
      name: 'a stored term’s id with a different definition',
      file: fileOf([term('my-port', { term: 'port', short: 'Something else entirely.' })]),
      reason: /term 1 \(“port”\): you already have a term with the id “my-port”/,
    },
    {
      name: 'a stored term’s word under another id',
      file: fileOf([term('implanted-port', { aliases: ['PORTACATH'] })]),
      reason: /term 1 \(“implanted port”\): “PORTACATH” is already a word in your terms/,
    },
  ];

  it('has at least 15 kinds of malformed file', () =>
    expect(cases.length).toBeGreaterThanOrEqual(15));

  it.each(cases)(
    'refuses $name with its reason, and keeps what is stored',
    async ({ file, reason }) => {
      expect((await saveCustomTerm(draft())).ok).toBe(true);
      const before = structuredClone(await storedRaw());
      const result = await importCustomTerms(file, 'add');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.join('\n')).toMatch(reason);
      expect(await storedRaw()).toEqual(before);
      expect((await loadCustomTerms()).map((entry) => entry.term)).toEqual(['port']);
    },
  );

  it('refuses the whole file when one term of many is bad', async () => {
    const file = fileOf([term('a'), term('b'), term('c', { category: 'x' as 'care' })]);
    const result = await importCustomTerms(file, 'replace');
    expect(result.ok).toBe(false);
    expect(await loadCustomTerms()).toEqual([]);
  });

  it('lists every problem up to a limit', () => {
    const bad = Array.from({ length: 30 }, (_, i) => term(`t-${i}`, { short: '' }));
    const result = parseCustomTermsFile(fileOf(bad), { bundled: [], existing: [], mode: 'add' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
    expect(result.errors.at(-1)).toBe('… and 10 more problems.');
  });
});

describe('an accepted import', () => {
  it('adds new terms to the stored ones', async () => {
    await saveCustomTerm(draft());
    const result = await importCustomTerms(fileOf([term('zorbex'), term('quillan')]), 'add');
    expect(result).toMatchObject({ ok: true, value: { added: 2, unchanged: 0 } });
    expect((await loadCustomTerms()).map((entry) => entry.id)).toEqual([
      'my-port',
      'zorbex',
      'quillan',
    ]);
  });

  it('takes back its own export unchanged', async () => {
    await saveCustomTerm(draft());
    await saveCustomTerm(draft({ term: 'quillan', aliases: [], more: 'A thin tube.' }));
    const before = await loadCustomTerms();
    const result = await importCustomTerms(await exportCustomTerms(), 'add');
    expect(result).toMatchObject({ ok: true, value: { added: 0, unchanged: 2 } });
    expect(await loadCustomTerms()).toEqual(before);
  });

  it('replaces all stored terms in replace mode', async () => {
    await saveCustomTerm(draft());
    const result = await importCustomTerms(fileOf([term('port', { short: 'New.' })]), 'replace');
    expect(result.ok).toBe(true);
    expect((await loadCustomTerms()).map((entry) => [entry.id, entry.short])).toEqual([
      ['port', 'New.'],
    ]);
  });

  it('accepts a byte-order mark and fills optional fields', async () => {
    const result = await importCustomTerms(`\uFEFF${fileOf([term('zorbex')])}`, 'add');
    expect(result.ok).toBe(true);
    expect(await loadCustomTerms()).toEqual([
      expect.objectContaining({
        id: 'zorbex',
        aliases: [],
        abbreviations: [],
        matchHeadword: true,
      }),
    ]);
  });
});

describe('custom terms typed in the settings page', () => {
  it('are added, edited and deleted', async () => {
    const added = await saveCustomTerm(draft());
    expect(added).toMatchObject({ ok: true, value: { id: 'my-port', term: 'port' } });
    const edited = await saveCustomTerm(
      draft({ short: 'A small disc under the skin.' }),
      'my-port',
    );
    expect(edited.ok).toBe(true);
    expect(await loadCustomTerms()).toEqual([
      expect.objectContaining({ id: 'my-port', short: 'A small disc under the skin.' }),
    ]);
    await deleteCustomTerm('my-port');
    expect(await loadCustomTerms()).toEqual([]);
  });

  it('get unique ids', async () => {
    await saveCustomTerm(draft());
    const second = await saveCustomTerm(draft({ term: 'Port!', aliases: ['implanted port'] }));
    // "Port!" is the same word as "port", so it is refused rather than given "my-port-2".
    expect(second.ok).toBe(false);
    expect(customTermId('Port', new Set(['my-port']))).toBe('my-port-2');
    expect(customTermId('Café au lait spots', new Set())).toBe('my-cafe-au-lait-spots');
    expect(customTermId('!!!', new Set())).toBe('my-term');
  });

  it('are refused when they clash with the bundled glossary, naming the word', async () => {
    const result = await saveCustomTerm(draft({ term: 'mine', aliases: [aBundledEntry.term] }));
    expect(result).toEqual({
      ok: false,
      errors: [expect.stringContaining(`“${aBundledEntry.term}” is already a word in the bundled`)],
    });
    expect(await loadCustomTerms()).toEqual([]);
  });

  it('are refused when the definition is too long', async () => {
    const short = Array.from({ length: 41 }, () => 'word').join(' ');
    const result = await saveCustomTerm(draft({ short }));
    expect(result).toEqual({ ok: false, errors: ['short: must be at most 40 words'] });
  });

  it('are watched', async () => {
    const seen: string[][] = [];
    const stop = watchCustomTerms((terms) => seen.push(terms.map((entry) => entry.id)));
    await saveCustomTerm(draft());
    stop();
    await deleteCustomTerm('my-port');
    expect(seen).toEqual([['my-port']]);
  });
});

describe('format helpers', () => {
  it('compare forms ignoring case, accents and punctuation', () => {
    expect(formKey('Café-au-lait  spots')).toBe(formKey('cafe au LAIT spots'));
    expect(formKey('Y-90')).toBe(formKey('y 90'));
  });

  it('make a valid pack of the custom terms', async () => {
    await saveCustomTerm(draft());
    const pack = customPack(await loadCustomTerms());
    expect(parsePack(pack)).toMatchObject({ ok: true });
    expect(pack.id).toBe('custom');
  });

  it('serialise a file that parses back to the same terms', async () => {
    await saveCustomTerm(draft({ more: 'More words.' }));
    const terms = await loadCustomTerms();
    const text = serializeCustomTermsFile(terms, new Date('2026-01-02T03:04:05Z'));
    expect(JSON.parse(text)).toMatchObject({ version: 1, exported: '2026-01-02T03:04:05.000Z' });
    expect(parseCustomTermsFile(text, { bundled, existing: [], mode: 'add' })).toEqual({
      ok: true,
      value: { terms, added: 1, unchanged: 0 },
    });
  });
});
