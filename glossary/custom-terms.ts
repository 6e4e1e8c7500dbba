/**
 * The user's own terms: the versioned import/export file format and the checks every custom term passes,
 * whether typed into the settings page or imported. Pure and DOM-free, like the rest of glossary/.
 *
 * File format, version 1 (UTF-8 JSON, at most 1 MB):
 *
 *   {
 *     "format": "medical-jargon-explainer/custom-terms",
 *     "version": 1,
 *     "exported": "2026-11-24T20:00:00.000Z",      // optional, informative only
 *     "terms": [ Entry, ... ]                       // 1 to MAX_CUSTOM_TERMS entries
 *   }
 *
 * Each entry is validated with the bundled glossary's `EntrySchema` (glossary/schema.ts), then:
 * - `short` is at most MAX_SHORT_CHARS characters (the schema already limits it to 40 words) and
 *   `more` at most MAX_MORE_CHARS;
 * - no two entries in the file share an id or a form (headword, alias or abbreviation, compared
 *   ignoring case, accents and punctuation);
 * - no entry uses an id or a form of a bundled entry (of any pack, switched on or not): the bundled
 *   definition would hide or be hidden by it, so the user is asked to rename it instead;
 * - when adding to the terms already stored, an entry whose id is stored with the same content is
 *   skipped as already there; one whose id or form is stored with different content is refused
 *   (the user can delete or edit the stored term, or import with "replace all").
 * A file with any problem is refused whole, with one message per problem naming the entry.
 */
import * as v from 'valibot';
import {
  EntrySchema,
  describeIssues,
  type Entry,
  type EntryInput,
  type Pack,
  type ParseResult,
} from './schema';

export const CUSTOM_TERMS_FORMAT = 'medical-jargon-explainer/custom-terms';
export const CUSTOM_TERMS_FILE_VERSION = 1;
export const MAX_CUSTOM_TERMS_FILE_BYTES = 1024 * 1024;
export const MAX_CUSTOM_TERMS = 1000;
export const MAX_SHORT_CHARS = 300;
export const MAX_MORE_CHARS = 2000;
/** Problems listed in one refusal; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 20;

/** The pack the user's own terms form. The card shows its title and credit, like any pack's. */
export const CUSTOM_PACK_ID = 'custom';
export const CUSTOM_SOURCE_ID = 'my-terms';

/** An entry as the file holds it: the bundled schema plus length limits that keep storage bounded. */
export const CustomEntrySchema = v.pipe(
  EntrySchema,
  v.check(
    (entry) => entry.short.length <= MAX_SHORT_CHARS,
    `short: must be at most ${MAX_SHORT_CHARS} characters`,
  ),
  v.check(
    (entry) => (entry.more ?? '').length <= MAX_MORE_CHARS,
    `more: must be at most ${MAX_MORE_CHARS} characters`,
  ),
);

export const CustomTermsFileSchema = v.object({
  format: v.literal(CUSTOM_TERMS_FORMAT, `must be "${CUSTOM_TERMS_FORMAT}"`),
  version: v.literal(CUSTOM_TERMS_FILE_VERSION, `must be ${CUSTOM_TERMS_FILE_VERSION}`),
  exported: v.optional(v.string('must be a date as text')),
  terms: v.array(v.unknown(), 'must be a list of terms'),
});

export type CustomTermsFile = v.InferOutput<typeof CustomTermsFileSchema>;
export type ImportMode = 'add' | 'replace';

export interface ImportContext {
  /** Every bundled entry, from every pack. */
  bundled: readonly Entry[];
  /** The custom terms stored now. */
  existing: readonly Entry[];
  mode: ImportMode;
}

export interface ImportResult {
  /** The complete list of custom terms to store. */
  terms: Entry[];
  added: number;
  /** Entries of the file that were already stored, unchanged. */
  unchanged: number;
}

/** Headwords, aliases and abbreviations, compared ignoring case, accents, spacing and punctuation. */
export function formKey(form: string): string {
  return form
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function formsOf(entry: Entry): string[] {
  return [entry.term, ...entry.aliases, ...entry.abbreviations];
}

/** How a refusal names an entry: its position in the file and its headword when it has one. */
function entryLabel(index: number, raw: unknown): string {
  const term =
    typeof raw === 'object' && raw !== null && 'term' in raw && typeof raw.term === 'string'
      ? raw.term.trim()
      : '';
  return term ? `term ${index + 1} (“${term}”)` : `term ${index + 1}`;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function sameEntry(a: Entry, b: Entry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An index of ids and forms to find clashes in. */
class FormIndex {
  private readonly ids = new Map<string, Entry>();
  private readonly forms = new Map<string, { entry: Entry; form: string }>();

  constructor(entries: readonly Entry[] = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: Entry): void {
    this.ids.set(entry.id, entry);
    for (const form of formsOf(entry)) {
      const key = formKey(form);
      if (key && !this.forms.has(key)) this.forms.set(key, { entry, form });
    }
  }

  byId(id: string): Entry | undefined {
    return this.ids.get(id);
  }

  /** The first form of `entry` that another entry already uses, with that entry. */
  clash(entry: Entry): { form: string; other: Entry; otherForm: string } | undefined {
    for (const form of formsOf(entry)) {
      const hit = this.forms.get(formKey(form));
      if (hit && hit.entry.id !== entry.id) return { form, other: hit.entry, otherForm: hit.form };
    }
    return undefined;
  }
}

/** Validates one entry against the schema and the length limits. */
export function parseCustomEntry(raw: unknown): ParseResult<Entry> {
  const result = v.safeParse(CustomEntrySchema, raw);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, errors: describeIssues(result.issues).map(plainProblem) };
}

/** Valibot's wording for a missing field ("Invalid key: Expected "short" but received undefined"), plainer. */
function plainProblem(problem: string): string {
  return problem.replace(/Invalid key: Expected "[^"]*" but received undefined/, 'is missing');
}

/**
 * Checks one term typed by the user against the bundled glossary and the other custom terms.
 * `replacingId` is the id of the stored term being edited, which the new one may reuse.
 */
export function checkCustomTerm(
  raw: unknown,
  bundled: readonly Entry[],
  others: readonly Entry[],
): ParseResult<Entry> {
  const parsed = parseCustomEntry(raw);
  if (!parsed.ok) return parsed;
  const entry = parsed.value;
  const errors = [
    ...clashProblems(entry, new FormIndex(bundled), 'the bundled glossary'),
    ...clashProblems(entry, new FormIndex(others), 'your terms'),
  ];
  return errors.length ? { ok: false, errors } : parsed;
}

function clashProblems(entry: Entry, index: FormIndex, where: string): string[] {
  const problems: string[] = [];
  if (index.byId(entry.id)) problems.push(`id: “${entry.id}” is already used in ${where}`);
  const clash = index.clash(entry);
  if (clash) {
    problems.push(
      `“${clash.form}” is already a word in ${where} (in “${clash.other.term}”); remove or rename it`,
    );
  }
  return problems;
}

/**
 * Reads an import file's text. On success returns the complete new list of custom terms; on failure
 * the problems, and the caller stores nothing.
 */
export function parseCustomTermsFile(
  text: string,
  context: ImportContext,
): ParseResult<ImportResult> {
  const bytes = byteLength(text);
  if (bytes > MAX_CUSTOM_TERMS_FILE_BYTES) {
    return refuse([
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; files of custom terms can be at most 1 MB.`,
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return refuse([`The file is not valid JSON (${reason}).`]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return refuse([
      `The file is not a custom-terms file: it should hold an object with "format": "${CUSTOM_TERMS_FORMAT}".`,
    ]);
  }
  const header = data as Record<string, unknown>;
  if (header.format !== CUSTOM_TERMS_FORMAT) {
    return refuse([
      `The file is not a custom-terms file: its "format" should be "${CUSTOM_TERMS_FORMAT}".`,
    ]);
  }
  if (typeof header.version !== 'number') {
    return refuse(['The file has no "version" number.']);
  }
  if (header.version !== CUSTOM_TERMS_FILE_VERSION) {
    return refuse([
      header.version > CUSTOM_TERMS_FILE_VERSION
        ? `The file is version ${header.version}, made by a newer version of the extension; this one reads version ${CUSTOM_TERMS_FILE_VERSION}. Update the extension, then try again.`
        : `The file’s version ${header.version} is unknown; this extension reads version ${CUSTOM_TERMS_FILE_VERSION}.`,
    ]);
  }
  const parsedFile = v.safeParse(CustomTermsFileSchema, data);
  if (!parsedFile.success) {
    return refuse(describeIssues(parsedFile.issues).map((problem) => `The file’s ${problem}`));
  }
  const file = parsedFile.output;
  if (file.terms.length === 0) return refuse(['The file holds no terms.']);
  if (file.terms.length > MAX_CUSTOM_TERMS) {
    return refuse([
      `The file holds ${file.terms.length} terms; at most ${MAX_CUSTOM_TERMS} can be imported.`,
    ]);
  }
  return checkTerms(file.terms, context);
}

function checkTerms(
  rawTerms: readonly unknown[],
  context: ImportContext,
): ParseResult<ImportResult> {
  const problems: string[] = [];
  const bundledIndex = new FormIndex(context.bundled);
  const fileIndex = new FormIndex();
  const fileEntries: Entry[] = [];
  const fileLabels = new Map<string, string>();

  rawTerms.forEach((raw, index) => {
    const label = entryLabel(index, raw);
    const parsed = parseCustomEntry(raw);
    if (!parsed.ok) {
      for (const error of parsed.errors) problems.push(`${label}: ${error}`);
      return;
    }
    const entry = parsed.value;
    for (const problem of clashProblems(entry, bundledIndex, 'the bundled glossary')) {
      problems.push(`${label}: ${problem}`);
    }
    const sameId = fileIndex.byId(entry.id);
    if (sameId) {
      problems.push(
        `${label}: duplicate id “${entry.id}”, also used by ${fileLabels.get(entry.id)}`,
      );
    }
    const clash = fileIndex.clash(entry);
    if (clash) {
      problems.push(
        `${label}: duplicate word “${clash.form}”, also in ${fileLabels.get(clash.other.id)}`,
      );
    }
    if (!sameId) {
      fileIndex.add(entry);
      fileLabels.set(entry.id, label);
    }
    fileEntries.push(entry);
  });

  if (context.mode === 'replace') {
    return problems.length
      ? refuse(problems)
      : { ok: true, value: { terms: fileEntries, added: fileEntries.length, unchanged: 0 } };
  }

  const existingIndex = new FormIndex(context.existing);
  const added: Entry[] = [];
  let unchanged = 0;
  fileEntries.forEach((entry) => {
    const label = fileLabels.get(entry.id) ?? entry.id;
    const stored = existingIndex.byId(entry.id);
    if (stored) {
      if (sameEntry(stored, entry)) unchanged++;
      else
        problems.push(
          `${label}: you already have a term with the id “${entry.id}” (“${stored.term}”) with a different definition; edit or delete it first, or replace all your terms`,
        );
      return;
    }
    const clash = existingIndex.clash(entry);
    if (clash) {
      problems.push(
        `${label}: “${clash.form}” is already a word in your terms (in “${clash.other.term}”)`,
      );
      return;
    }
    added.push(entry);
  });
  if (context.existing.length + added.length > MAX_CUSTOM_TERMS) {
    problems.push(
      `You would have ${context.existing.length + added.length} terms; at most ${MAX_CUSTOM_TERMS} can be kept.`,
    );
  }
  return problems.length
    ? refuse(problems)
    : {
        ok: true,
        value: { terms: [...context.existing, ...added], added: added.length, unchanged },
      };
}

function refuse(problems: string[]): { ok: false; errors: string[] } {
  if (problems.length <= MAX_REPORTED_PROBLEMS) return { ok: false, errors: problems };
  return {
    ok: false,
    errors: [
      ...problems.slice(0, MAX_REPORTED_PROBLEMS),
      `… and ${problems.length - MAX_REPORTED_PROBLEMS} more problems.`,
    ],
  };
}

/** The text of an export file holding `terms`. */
export function serializeCustomTermsFile(terms: readonly Entry[], exported = new Date()): string {
  const file: CustomTermsFile & { terms: EntryInput[] } = {
    format: CUSTOM_TERMS_FORMAT,
    version: CUSTOM_TERMS_FILE_VERSION,
    exported: exported.toISOString(),
    terms: terms.map((entry) => ({ ...entry })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The user's terms as a pack, so they are matched and explained exactly like the bundled ones. */
export function customPack(terms: readonly Entry[]): Pack {
  return {
    id: CUSTOM_PACK_ID,
    title: 'Your own terms',
    credit: 'Written by you. Not checked by the Medical Jargon Explainer authors.',
    licence: 'Yours.',
    sources: [{ id: CUSTOM_SOURCE_ID, title: 'Your own terms', publisher: 'You' }],
    entries: [...terms],
  };
}

/** Makes an id for a new term from its headword: "my-" and a slug, unique among `taken`. */
export function customTermId(term: string, taken: ReadonlySet<string>): string {
  const slug =
    formKey(term)
      .replace(/[^a-z0-9 ]+/g, '')
      .trim()
      .replace(/ +/g, '-')
      .slice(0, 60)
      .replace(/-+$/, '') || 'term';
  const base = `my-${slug}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * The packs a page is matched against: the bundled packs the user switched on, in their bundled order,
 * then the user's own terms (which never share a form with a bundled entry, see above).
 */
export function activePacks(
  bundled: readonly Pack[],
  enabledPackIds: readonly string[],
  customTerms: readonly Entry[],
): Pack[] {
  const packs = bundled.filter((pack) => enabledPackIds.includes(pack.id));
  return customTerms.length ? [...packs, customPack(customTerms)] : packs;
}
