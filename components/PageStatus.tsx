/** What the popup knows about the page: loading, unreadable, paused, or what was found. */
import type { PageTermsReport } from '../utils/messages';

export type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; report: PageTermsReport }
  | { kind: 'unavailable'; reason: string };

export function PageStatus({ page }: { page: PageState }) {
  if (page.kind === 'loading') return <p class="mje-note">Looking at the page…</p>;
  if (page.kind === 'unavailable') return <p class="mje-note mje-unavailable">{page.reason}</p>;
  const { report } = page;
  if (report.paused) {
    return (
      <p class="mje-note mje-paused">
        Paused on this page: no words are marked. Turn the pause off below to see them again.
      </p>
    );
  }
  return (
    <>
      {!report.highlightApiAvailable && (
        <p class="mje-note mje-warning">
          Highlighting unavailable: this browser cannot mark words on the page (it lacks the CSS
          Custom Highlight API). The words found are listed below, and you can still open their
          explanations.
        </p>
      )}
      {report.terms.length === 0 ? (
        <p class="mje-note">No glossary words found on this page.</p>
      ) : (
        <p class="mje-note">
          {report.terms.length} {report.terms.length === 1 ? 'word' : 'different words'} found.
          Choose one to see it on the page.
          {report.capped &&
            ' The page is very long: only part of it is marked, the part you are reading.'}
        </p>
      )}
    </>
  );
}
