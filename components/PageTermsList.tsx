/** The glossary words found on the page, in page order or A–Z, each a button that shows it on the page. */
import { useId } from 'preact/hooks';
import type { PageTermSummary } from '../utils/messages';

export type TermOrder = 'page' | 'az';

export interface PageTermsListProps {
  terms: readonly PageTermSummary[];
  /** The headword to show for an entry id. */
  termOf: (entryId: string) => string;
  order: TermOrder;
  onOrderChange: (order: TermOrder) => void;
  onReveal: (entryId: string) => void;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function sortPageTerms(
  terms: readonly PageTermSummary[],
  order: TermOrder,
  termOf: (entryId: string) => string,
): PageTermSummary[] {
  return [...terms].sort((a, b) =>
    order === 'page'
      ? a.firstPosition - b.firstPosition
      : collator.compare(termOf(a.entryId), termOf(b.entryId)),
  );
}

export function PageTermsList({
  terms,
  termOf,
  order,
  onOrderChange,
  onReveal,
}: PageTermsListProps) {
  const id = useId();
  const sorted = sortPageTerms(terms, order, termOf);
  return (
    <div class="mje-page-terms">
      <fieldset class="mje-order">
        <legend class="mje-visually-hidden">Order of the words</legend>
        {(
          [
            ['page', 'Page order'],
            ['az', 'A–Z'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} class="mje-order-option">
            <input
              type="radio"
              name={`${id}-order`}
              value={value}
              checked={order === value}
              onChange={() => onOrderChange(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <ul class="mje-term-list" aria-label="Words on this page">
        {sorted.map((term) => {
          const headword = termOf(term.entryId);
          return (
            <li key={term.entryId}>
              <button
                type="button"
                class="mje-term-button"
                data-entry-id={term.entryId}
                onClick={() => onReveal(term.entryId)}
              >
                <span class="mje-term-name">{headword}</span>{' '}
                <span class="mje-term-count">
                  {term.count}
                  <span class="mje-visually-hidden">{term.count === 1 ? ' time' : ' times'}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
