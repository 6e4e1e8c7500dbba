/** The user's own terms on the settings page: list, add, edit, delete, export and import. */
import { useId, useRef, useState } from 'preact/hooks';
import {
  MAX_CUSTOM_TERMS_FILE_BYTES,
  MAX_MORE_CHARS,
  MAX_SHORT_CHARS,
  type ImportMode,
} from '../glossary/custom-terms';
import { CATEGORIES, MAX_SHORT_WORDS, type Category, type Entry } from '../glossary/schema';
import {
  deleteCustomTerm,
  exportCustomTerms,
  importCustomTerms,
  saveCustomTerm,
  type CustomTermDraft,
} from '../utils/custom-terms';

const CATEGORY_LABELS: Record<Category, string> = {
  condition: 'Illness or condition',
  symptom: 'Symptom',
  finding: 'What a doctor finds',
  test: 'Test or scan',
  treatment: 'Treatment',
  medicine: 'Medicine',
  care: 'Care and services',
  body: 'Part of the body',
};

interface FormState {
  term: string;
  category: Category;
  aliases: string;
  abbreviations: string;
  short: string;
  more: string;
  note: string;
}

const EMPTY_FORM: FormState = {
  term: '',
  category: 'condition',
  aliases: '',
  abbreviations: '',
  short: '',
  more: '',
  note: '',
};

const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function formOf(entry: Entry): FormState {
  return {
    term: entry.term,
    category: entry.category,
    aliases: entry.aliases.join(', '),
    abbreviations: entry.abbreviations.join(', '),
    short: entry.short,
    more: entry.more ?? '',
    note: entry.source.quote === 'Written by you.' ? '' : entry.source.quote,
  };
}

function draftOf(form: FormState): CustomTermDraft {
  return {
    term: form.term,
    category: form.category,
    aliases: splitList(form.aliases),
    abbreviations: splitList(form.abbreviations),
    short: form.short,
    more: form.more,
    note: form.note,
  };
}

/** Field names of the schema, as the form calls them in messages. */
const FIELD_NAMES: Record<string, string> = {
  term: 'Word',
  short: 'Plain explanation',
  more: 'More detail',
  aliases: 'Other spellings',
  abbreviations: 'Abbreviations',
  id: 'Word',
  category: 'Kind of word',
  'source.quote': 'Where it comes from',
};

function readableProblem(problem: string): string {
  const match = /^([\w.[\]]+): (.*)$/.exec(problem);
  if (!match) return problem;
  const field = (match[1] ?? '').replace(/\[\d+\]$/, '');
  return `${FIELD_NAMES[field] ?? field}: ${match[2]}`;
}

export function CustomTermsEditor({ terms }: { terms: Entry[] | null }) {
  const id = useId();
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [importMode, setImportMode] = useState<ImportMode>('add');
  const [importProblems, setImportProblems] = useState<string[]>([]);
  const fileRef = useRef<HTMLInputElement>(null);
  const termRef = useRef<HTMLInputElement>(null);

  const set = (field: keyof FormState) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const result = await saveCustomTerm(draftOf(form), editingId ?? undefined);
    if (!result.ok) {
      setProblems(result.errors.map(readableProblem));
      return;
    }
    setProblems([]);
    setMessage(editingId ? `Saved “${result.value.term}”.` : `Added “${result.value.term}”.`);
    setForm(EMPTY_FORM);
    setEditingId(null);
  }

  function edit(entry: Entry): void {
    setEditingId(entry.id);
    setForm(formOf(entry));
    setProblems([]);
    termRef.current?.focus();
  }

  function cancel(): void {
    setEditingId(null);
    setForm(EMPTY_FORM);
    setProblems([]);
  }

  async function remove(entry: Entry): Promise<void> {
    if (!window.confirm(`Delete your term “${entry.term}”?`)) return;
    await deleteCustomTerm(entry.id);
    if (editingId === entry.id) cancel();
    setMessage(`Deleted “${entry.term}”.`);
  }

  async function exportFile(): Promise<void> {
    const text = await exportCustomTerms();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'my-medical-terms.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage(`Exported ${terms?.length ?? 0} terms to my-medical-terms.json.`);
  }

  async function importFile(event: Event): Promise<void> {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setImportProblems(['Choose a file first.']);
      return;
    }
    if (file.size > MAX_CUSTOM_TERMS_FILE_BYTES) {
      setImportProblems([
        `“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; files of custom terms can be at most 1 MB.`,
      ]);
      return;
    }
    const result = await importCustomTerms(await file.text(), importMode);
    if (!result.ok) {
      setImportProblems(result.errors);
      setMessage('');
      return;
    }
    setImportProblems([]);
    const { added, unchanged } = result.value;
    setMessage(
      importMode === 'replace'
        ? `Replaced your terms with the ${added} terms of “${file.name}”.`
        : `Added ${added} ${added === 1 ? 'term' : 'terms'} from “${file.name}”${unchanged ? ` (${unchanged} you already had)` : ''}.`,
    );
    if (fileRef.current) fileRef.current.value = '';
  }

  const shortWords = wordCount(form.short);

  return (
    <div class="mje-custom-terms">
      <p class="mje-note">
        Add words your readers meet, with your own plain explanation. They are marked and explained
        on pages like the built-in words, and the card says they are yours.
      </p>
      <p role="status" class="mje-status">
        {message}
      </p>

      {terms === null ? (
        <p>Loading your terms…</p>
      ) : terms.length === 0 ? (
        <p class="mje-note">You have not added any terms yet.</p>
      ) : (
        <ul class="mje-custom-list" aria-label="Your terms">
          {terms.map((entry) => (
            <li key={entry.id}>
              <div>
                <strong>{entry.term}</strong>
                {entry.abbreviations.length > 0 && <span> ({entry.abbreviations.join(', ')})</span>}
                <div class="mje-note">{entry.short}</div>
              </div>
              <div class="mje-row-buttons">
                <button
                  type="button"
                  aria-label={`Edit “${entry.term}”`}
                  onClick={() => edit(entry)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  aria-label={`Delete “${entry.term}”`}
                  onClick={() => void remove(entry)}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <form
        class="mje-term-form"
        onSubmit={(event) => void submit(event)}
        aria-labelledby={`${id}-form-title`}
      >
        <h3 id={`${id}-form-title`}>{editingId ? 'Edit your term' : 'Add a term'}</h3>
        <div class="mje-field">
          <label htmlFor={`${id}-term`}>Word</label>
          <input
            ref={termRef}
            id={`${id}-term`}
            type="text"
            required
            value={form.term}
            onInput={set('term')}
          />
        </div>
        <div class="mje-field">
          <label htmlFor={`${id}-category`}>Kind of word</label>
          <select
            id={`${id}-category`}
            value={form.category}
            onChange={(event) =>
              setForm({ ...form, category: event.currentTarget.value as Category })
            }
          >
            {CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {CATEGORY_LABELS[category]}
              </option>
            ))}
          </select>
        </div>
        <div class="mje-field">
          <label htmlFor={`${id}-aliases`}>Other spellings (separate with commas)</label>
          <input id={`${id}-aliases`} type="text" value={form.aliases} onInput={set('aliases')} />
        </div>
        <div class="mje-field">
          <label htmlFor={`${id}-abbreviations`}>
            Abbreviations, matched with exactly this case (separate with commas)
          </label>
          <input
            id={`${id}-abbreviations`}
            type="text"
            value={form.abbreviations}
            onInput={set('abbreviations')}
          />
        </div>
        <div class="mje-field">
          <label htmlFor={`${id}-short`}>Plain explanation</label>
          <textarea
            id={`${id}-short`}
            required
            rows={3}
            maxLength={MAX_SHORT_CHARS}
            aria-describedby={`${id}-short-count`}
            value={form.short}
            onInput={set('short')}
          />
          <span
            id={`${id}-short-count`}
            class={shortWords > MAX_SHORT_WORDS ? 'mje-note mje-error' : 'mje-note'}
          >
            {shortWords} of at most {MAX_SHORT_WORDS} words. Short words and short sentences help.
          </span>
        </div>
        <div class="mje-field">
          <label htmlFor={`${id}-more`}>More detail (optional)</label>
          <textarea
            id={`${id}-more`}
            rows={3}
            maxLength={MAX_MORE_CHARS}
            value={form.more}
            onInput={set('more')}
          />
        </div>
        <div class="mje-field">
          <label htmlFor={`${id}-note`}>Where it comes from (optional, for your own records)</label>
          <input id={`${id}-note`} type="text" value={form.note} onInput={set('note')} />
        </div>
        {problems.length > 0 && (
          <div class="mje-problems" role="alert">
            <p>This term was not saved:</p>
            <ul>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )}
        <div class="mje-row-buttons">
          <button type="submit" class="mje-primary">
            {editingId ? 'Save changes' : 'Add term'}
          </button>
          {editingId && (
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          )}
        </div>
      </form>

      <div class="mje-transfer">
        <h3>Move your terms to another browser</h3>
        <p>
          <button type="button" onClick={() => void exportFile()} disabled={!terms?.length}>
            Export my terms
          </button>
        </p>
        <form onSubmit={(event) => void importFile(event)} aria-label="Import terms">
          <div class="mje-field">
            <label htmlFor={`${id}-file`}>File of terms to import (JSON, at most 1 MB)</label>
            <input id={`${id}-file`} ref={fileRef} type="file" accept=".json,application/json" />
          </div>
          <fieldset class="mje-fieldset">
            <legend>When importing</legend>
            <label class="mje-check">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={importMode === 'add'}
                onChange={() => setImportMode('add')}
              />
              Add them to my terms
            </label>
            <label class="mje-check">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={importMode === 'replace'}
                onChange={() => setImportMode('replace')}
              />
              Replace all my terms with them
            </label>
          </fieldset>
          <button type="submit">Import</button>
          {importProblems.length > 0 && (
            <div role="alert" class="mje-problems">
              <p>The file was not imported, and your terms are unchanged:</p>
              <ul>
                {importProblems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
        </form>
      </div>
    </div>
  );
}
