/**
 * The definition card: what a term means, in plain words. Used on pages (inside our closed shadow root) and in the
 * popup. It knows nothing of how the term was found: it gets an entry, the words as written and the pack's credit.
 * Text only: every string is rendered as text, never as HTML.
 */
import { useId, useState } from 'preact/hooks';
import type { Entry } from '../glossary/schema';

export interface RelatedTerm {
  id: string;
  term: string;
}

export interface CardProps {
  entry: Entry;
  /** The words as written where they were found ("Ascitic"); the headword is shown too when it differs. */
  surface: string;
  /** Who the definition comes from (the pack's credit). */
  credit: string;
  /** The title of the glossary pack the entry is in. */
  packTitle?: string;
  /** Related entries that exist in the glossary, shown as buttons that switch the card. */
  related?: readonly RelatedTerm[];
  onRelated?: (id: string) => void;
  onClose?: () => void;
  /** Reads a word aloud; leave out when no offline voice is available (then there is no button). */
  onSpeak?: (text: string) => void;
  /** Heading level of the term (2 on pages, where the card stands alone). */
  headingLevel?: 2 | 3;
}

function sameWords(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

export function Card({
  entry,
  surface,
  credit,
  packTitle,
  related = [],
  onRelated,
  onClose,
  onSpeak,
  headingLevel = 2,
}: CardProps) {
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const titleId = `${id}-title`;
  const shortId = `${id}-short`;
  const moreId = `${id}-more`;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';
  const showHeadword = !sameWords(surface, entry.term);

  return (
    <section
      class="mje-card"
      role="dialog"
      aria-labelledby={titleId}
      aria-describedby={shortId}
      tabIndex={-1}
    >
      <div class="mje-head">
        <Heading id={titleId} class="mje-title">
          <span class="mje-surface">{surface}</span>
          {showHeadword && (
            <span class="mje-headword">
              <span aria-hidden="true"> → </span>
              <span class="mje-visually-hidden">, a form of </span>
              {entry.term}
            </span>
          )}
        </Heading>
        {onClose && (
          <button type="button" class="mje-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        )}
      </div>
      {entry.pronunciation && (
        <p class="mje-pronunciation">
          <span>
            <span class="mje-label">Say it: </span>
            {entry.pronunciation}
          </span>
          {onSpeak && (
            <button
              type="button"
              class="mje-speak"
              aria-label={`Read “${entry.term}” aloud`}
              onClick={() => onSpeak(entry.term)}
            >
              <span aria-hidden="true">🔊</span> Listen
            </button>
          )}
        </p>
      )}
      <p id={shortId} class="mje-short">
        {entry.short}
      </p>
      {entry.more && (
        <div class="mje-more">
          <button
            type="button"
            class="mje-more-toggle"
            aria-expanded={expanded}
            aria-controls={moreId}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? 'Less' : 'More'}
          </button>
          <p id={moreId} class="mje-more-text" hidden={!expanded}>
            {entry.more}
          </p>
        </div>
      )}
      {related.length > 0 && (
        <div class="mje-related">
          <SubHeading class="mje-related-title">Related words</SubHeading>
          <ul>
            {related.map((item) => (
              <li key={item.id}>
                <button type="button" class="mje-related-term" onClick={() => onRelated?.(item.id)}>
                  {item.term}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class="mje-credit">
        {packTitle && <span class="mje-pack">From “{packTitle}”. </span>}
        {credit}
      </p>
    </section>
  );
}

export interface NoticeCardProps {
  title: string;
  message: string;
  onClose?: () => void;
}

/** The same frame with a short message ("No glossary word in the selection"). */
export function NoticeCard({ title, message, onClose }: NoticeCardProps) {
  const id = useId();
  return (
    <section
      class="mje-card mje-notice"
      role="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      tabIndex={-1}
    >
      <div class="mje-head">
        <h2 id={`${id}-title`} class="mje-title">
          {title}
        </h2>
        {onClose && (
          <button type="button" class="mje-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        )}
      </div>
      <p id={`${id}-message`} class="mje-short">
        {message}
      </p>
    </section>
  );
}
