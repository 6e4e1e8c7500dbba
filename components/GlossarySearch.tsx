/**
 * A type-ahead search over the whole glossary: a combobox whose options are the matching words, with the
 * definition card of the highlighted option below. Arrows move, Enter moves focus to the card, Esc clears.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { Entry, Pack } from '../glossary/schema';
import { createGlossarySearch } from '../glossary/search';
import { Card } from './Card';
import { offlineVoice, speak } from './speech';

export interface GlossarySearchProps {
  packs: readonly Pack[];
  query: string;
  onQueryChange: (query: string) => void;
  /** Esc in an empty box. */
  onEscapeEmpty?: () => void;
  /** Focus the box when shown: in the popup, typing should search at once. */
  focusOnMount?: boolean;
}

const MAX_RESULTS = 8;

export function GlossarySearch({
  packs,
  query,
  onQueryChange,
  onEscapeEmpty,
  focusOnMount,
}: GlossarySearchProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [voice, setVoice] = useState<SpeechSynthesisVoice | null>(() => offlineVoice());

  // The browser lists its voices a moment after the page opens.
  useEffect(() => {
    if (typeof speechSynthesis === 'undefined') return;
    const update = (): void => setVoice(offlineVoice());
    speechSynthesis.addEventListener('voiceschanged', update);
    return () => speechSynthesis.removeEventListener('voiceschanged', update);
  }, []);

  const { search, packOf, entryById } = useMemo(() => {
    const entries = packs.flatMap((pack) => pack.entries);
    const packOf = new Map<string, Pack>();
    const entryById = new Map<string, Entry>();
    for (const pack of packs) {
      for (const entry of pack.entries) {
        if (!entryById.has(entry.id)) {
          packOf.set(entry.id, pack);
          entryById.set(entry.id, entry);
        }
      }
    }
    return { search: createGlossarySearch(entries), packOf, entryById };
  }, [packs]);

  const hits = useMemo(() => search.search(query, MAX_RESULTS), [search, query]);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    if (focusOnMount) inputRef.current?.focus();
  }, [focusOnMount]);

  const activeHit = hits[Math.min(active, hits.length - 1)];
  const optionId = (index: number): string => `${id}-option-${index}`;
  const trimmed = query.trim();

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!hits.length) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + hits.length) % hits.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      cardRef.current?.querySelector<HTMLElement>('.mje-card')?.focus();
    } else if (event.key === 'Escape') {
      if (query) {
        event.preventDefault();
        event.stopPropagation();
        onQueryChange('');
      } else {
        onEscapeEmpty?.();
      }
    }
  }

  function onCardKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      inputRef.current?.focus();
    }
  }

  const related = (entry: Entry) =>
    entry.related.flatMap((relatedId) => {
      const other = entryById.get(relatedId);
      return other ? [{ id: other.id, term: other.term }] : [];
    });

  return (
    <div class="mje-search">
      <label htmlFor={`${id}-input`} class="mje-search-label">
        Search the glossary
      </label>
      <input
        ref={inputRef}
        id={`${id}-input`}
        class="mje-search-input"
        type="search"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        placeholder="A word, like ascites or TACE"
        aria-autocomplete="list"
        aria-expanded={hits.length > 0}
        aria-controls={`${id}-listbox`}
        aria-activedescendant={activeHit ? optionId(hits.indexOf(activeHit)) : undefined}
        aria-describedby={`${id}-help`}
        value={query}
        onInput={(event) => onQueryChange(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-help`} class="mje-visually-hidden">
        Up and down arrows choose a word, Enter moves to its explanation, Escape clears the search.
      </p>
      <ul
        id={`${id}-listbox`}
        role="listbox"
        aria-label="Matching words"
        class="mje-search-results"
        hidden={hits.length === 0}
      >
        {hits.map((hit, index) => (
          // Keys are handled by the combobox input (aria-activedescendant); options take clicks only.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
          <li
            key={hit.entry.id}
            id={optionId(index)}
            role="option"
            aria-selected={hit === activeHit}
            class="mje-search-option"
            onClick={() => {
              setActive(index);
              inputRef.current?.focus();
            }}
          >
            <span>{hit.entry.term}</span>
            {hit.form !== hit.entry.term && <span class="mje-search-form"> ({hit.form})</span>}
          </li>
        ))}
      </ul>
      <p class="mje-visually-hidden" role="status">
        {trimmed
          ? hits.length
            ? `${hits.length} ${hits.length === 1 ? 'word matches' : 'words match'}.`
            : `No word matches “${trimmed}”.`
          : ''}
      </p>
      {trimmed && hits.length === 0 && (
        <p class="mje-search-empty">No word in the glossary matches “{trimmed}”.</p>
      )}
      {activeHit && (
        // The card's own buttons handle their keys; Esc here only returns to the search box.
        // eslint-disable-next-line jsx-a11y/no-static-element-interactions
        <div ref={cardRef} class="mje-search-card" onKeyDown={onCardKeyDown}>
          <Card
            key={activeHit.entry.id}
            entry={activeHit.entry}
            surface={activeHit.entry.term}
            credit={packOf.get(activeHit.entry.id)?.credit ?? ''}
            packTitle={packOf.get(activeHit.entry.id)?.title}
            related={related(activeHit.entry)}
            onRelated={(relatedId) => {
              const other = entryById.get(relatedId);
              if (other) onQueryChange(other.term);
              inputRef.current?.focus();
            }}
            onSpeak={voice ? (text) => speak(text, voice) : undefined}
            headingLevel={2}
          />
        </div>
      )}
    </div>
  );
}
