/**
 * Sources made of many records: the NIH pages (one MedQuAD document a record, cited by its file, e.g.
 * `3_GHR_QA/0000123.xml`) and the clinical note samples (cited by note id). An entry's `source.record` names the
 * record, `source.section` the question the quote answers (NIH) or the note's title (notes).
 */
import { normaliseSpace, readNih, readNotes } from './corpus';

export const NIH_SOURCE_ID = 'nih';
export const NOTES_SOURCE_ID = 'mtsamples';

/** The pack `sources` item for the NIH pages; packs that quote them copy it. */
export const NIH_PACK_SOURCE = {
  id: NIH_SOURCE_ID,
  title: 'Patient information from the US National Institutes of Health',
  publisher:
    'NCI, GARD, GHR, NIDDK, NINDS, NIH SeniorHealth, NHLBI and CDC, as collected in MedQuAD (Ben Abacha and Demner-Fushman, 2019; CC BY 4.0)',
  file: 'corpus/nih',
} as const;

/** The pack `sources` item for the clinical note samples (usage quotes). */
export const NOTES_PACK_SOURCE = {
  id: NOTES_SOURCE_ID,
  title: 'Clinical note samples',
  publisher: 'MTSamples, as distributed in the clinspacy R package (MIT)',
  file: 'corpus/notes/notes.jsonl',
} as const;

export interface RecordText {
  /** The record's text, whitespace normalised. */
  text: string;
  /** The sections whose text holds `quote` (whitespace normalised): none when it is not there. */
  sectionsOf(quote: string): string[];
}

/** Whether a pack source's `file` is a record-based corpus rather than one plain document. */
export const isRecordSource = (file: string): boolean =>
  file === NIH_PACK_SOURCE.file || file === NOTES_PACK_SOURCE.file;

const recordCache = new Map<string, RecordText | string>();

/** The text of one record of a record-based source, or why it cannot be read. */
export function recordText(sharedDir: string, file: string, record: string): RecordText | string {
  const key = `${file}#${record}`;
  const cached = recordCache.get(key);
  if (cached !== undefined) return cached;
  let result: RecordText | string;
  if (file === NIH_PACK_SOURCE.file) {
    const document = readNih(sharedDir).find((item) => item.file === record);
    if (!document) result = `no NIH document "${record}"`;
    else {
      const answers = document.qa.map((qa) => ({
        question: normaliseSpace(qa.question),
        answer: normaliseSpace(qa.answer),
      }));
      result = {
        text: answers.map((qa) => qa.answer).join(' '),
        sectionsOf: (quote) =>
          answers.filter((qa) => qa.answer.includes(quote)).map((qa) => qa.question),
      };
    }
  } else if (file === NOTES_PACK_SOURCE.file) {
    const note = readNotes(sharedDir).find((item) => String(item.noteId) === record);
    if (!note) result = `no note "${record}"`;
    else {
      const text = normaliseSpace(note.text);
      result = { text, sectionsOf: (quote) => (text.includes(quote) ? [note.sampleName] : []) };
    }
  } else result = `"${file}" is not a record-based source`;
  recordCache.set(key, result);
  return result;
}
