import * as v from 'valibot';

/** The longest plain-language definition we allow, in words. */
export const MAX_SHORT_WORDS = 40;

export const CATEGORIES = [
  'condition',
  'symptom',
  'finding',
  'test',
  'treatment',
  'medicine',
  'care',
  'body',
] as const;

const slug = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug like "bile-duct"'),
);
const nonEmptyText = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

export const SourceSchema = v.object({
  /** The id of one of the pack's source documents. */
  document: slug,
  /** The heading of the part of the document the quote comes from. */
  section: nonEmptyText,
  /** A short passage, found verbatim in the document, that supports the definition. */
  quote: nonEmptyText,
  /**
   * For a source made of many records (the NIH pages, the clinical notes): which one, by its MedQuAD file
   * (`3_GHR_QA/0000123.xml`) or note id.
   */
  record: v.optional(nonEmptyText),
  /** The quote shows the word in use (a clinical note) rather than saying what it means. */
  usage: v.optional(v.literal(true)),
});

export const EntrySchema = v.object({
  id: slug,
  /** The headword as the source document writes it. */
  term: nonEmptyText,
  category: v.picklist(CATEGORIES),
  /** Other spellings and forms, matched whatever their case. */
  aliases: v.optional(v.array(nonEmptyText), []),
  /** Forms matched only with exactly this case (TACE, GP, "mets"). */
  abbreviations: v.optional(v.array(nonEmptyText), []),
  /** For an entry whose headword is an abbreviation: the words it stands for ("blood pressure" for BP). */
  expansion: v.optional(nonEmptyText),
  /**
   * false when the headword alone is too common to mark on a page ("capsule"): only its aliases
   * and abbreviations are matched.
   */
  matchHeadword: v.optional(v.boolean(), true),
  /**
   * "medical" when a form is also an everyday word ("colon", "stage", "tender"): a match is kept only in a block
   * that has another, unconditional, glossary term (see glossary/README.md, "Everyday senses").
   */
  context: v.optional(v.picklist(['medical'])),
  short: v.pipe(
    nonEmptyText,
    v.check(
      (text) => wordCount(text) <= MAX_SHORT_WORDS,
      `must be at most ${MAX_SHORT_WORDS} words`,
    ),
  ),
  more: v.optional(nonEmptyText),
  pronunciation: v.optional(nonEmptyText),
  related: v.optional(v.array(slug), []),
  source: SourceSchema,
});

export const PackSourceSchema = v.object({
  id: slug,
  title: nonEmptyText,
  publisher: nonEmptyText,
  date: v.optional(nonEmptyText),
  url: v.optional(v.pipe(v.string(), v.url())),
  /** Path of the document's text, relative to the project's `../shared/` folder. */
  file: v.optional(nonEmptyText),
});

export const PackSchema = v.object({
  id: slug,
  title: nonEmptyText,
  /** Who wrote the documents the pack is derived from, shown in the card. */
  credit: nonEmptyText,
  licence: nonEmptyText,
  sources: v.pipe(v.array(PackSourceSchema), v.minLength(1)),
  entries: v.array(EntrySchema),
});

export type Category = (typeof CATEGORIES)[number];
export type Entry = v.InferOutput<typeof EntrySchema>;
export type EntryInput = v.InferInput<typeof EntrySchema>;
export type Pack = v.InferOutput<typeof PackSchema>;
export type PackInput = v.InferInput<typeof PackSchema>;
export type PackSource = v.InferOutput<typeof PackSourceSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Describes each problem as "path: message", e.g. `entries[3].short: must be at most 40 words`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = (issue.path ?? [])
      .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
      .join('')
      .replace(/^\./, '');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

export function parsePack(data: unknown): ParseResult<Pack> {
  const result = v.safeParse(PackSchema, data);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, errors: describeIssues(result.issues) };
}

/** Fills an already-validated pack's optional fields with their defaults, without re-validating it. */
export function withDefaults(pack: PackInput): Pack {
  return {
    ...pack,
    entries: pack.entries.map((entry) => ({
      ...entry,
      aliases: entry.aliases ?? [],
      abbreviations: entry.abbreviations ?? [],
      matchHeadword: entry.matchHeadword ?? true,
      related: entry.related ?? [],
    })),
  };
}
