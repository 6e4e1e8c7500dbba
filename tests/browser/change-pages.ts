/**
 * The changing pages of the reliability suite (tests/browser/reliability-change.test.ts), also loaded by the
 * benchmark (bench/reliability.ts), which times them: a body rewritten 100 times a second, a feed that keeps
 * appending (infinite scroll) and a single-page app.
 */
import type { Page } from 'puppeteer-core';
import { FILLER, htmlPage } from './reliability-helpers.ts';

export const TERMS = ['jaundice', 'ascites', 'chemotherapy', 'radiotherapy', 'stent'];

/** The start of the three pages' scripts. */
const head = (script: string) =>
  `<script>const TERMS = ${JSON.stringify(TERMS)}; const FILLER = ${JSON.stringify(FILLER)};
${script}</script>`;

/** Rewrites the whole body every 10 ms for `ms` (10 s in the benchmark), then shows its final state. */
export const REWRITE_LINES = 20;
export const rewritePage = (ms: number) =>
  htmlPage('Rewrites its body 100 times a second', '', {
    head: head(`
function render(label, shift) {
  const lines = [];
  for (let k = 0; k < ${REWRITE_LINES}; k++) {
    const p = document.createElement('p');
    p.textContent = label + ' line ' + k + ': ' + FILLER + ' ' + TERMS[(shift + k) % TERMS.length] + '.';
    lines.push(p);
  }
  document.body.replaceChildren(...lines);
}
addEventListener('DOMContentLoaded', () => {
  const start = performance.now();
  let i = 0;
  const timer = setInterval(() => {
    if (performance.now() - start >= ${ms}) {
      clearInterval(timer);
      render('Final', 3);
      window.__done = true;
      return;
    }
    render('Update ' + i, i);
    i++;
  }, 10);
});`),
  });
export const REWRITE_FINAL = Array.from(
  { length: REWRITE_LINES },
  (_, k) => TERMS[(3 + k) % TERMS.length] as string,
);

/** Appends 40 posts every 50 ms (infinite scroll), `batches` times, following them down, then stops. */
export const PER_BATCH = 40;
export const feedPage = (batches: number) =>
  htmlPage(
    'Infinite scroll',
    `<h1>Posts</h1><div id="feed"><p>Pinned: ${FILLER} jaundice.</p></div>`,
    {
      head: head(`
let batch = 0;
function append() {
  const feed = document.getElementById('feed');
  const posts = [];
  for (let k = 0; k < ${PER_BATCH}; k++) {
    const p = document.createElement('p');
    p.textContent = 'Post ' + batch + '.' + k + ': ' + FILLER + ' ascites.';
    posts.push(p);
  }
  feed.append(...posts);
  batch++;
}
addEventListener('DOMContentLoaded', () => {
  const timer = setInterval(() => {
    append();
    window.scrollTo(0, document.body.scrollHeight);
    if (batch >= ${batches}) { clearInterval(timer); window.__done = true; }
  }, 50);
});`),
    },
  );
/** Terms on the feed once it has stopped: the pinned post and one in each post. */
export const feedTerms = (batches: number) => 1 + batches * PER_BATCH;

/** A single-page app: go(n) shows view n (one of 7) in <main> and pushes a history entry. */
export const VIEWS = 7;
export const VIEW_LINES = 30;
export const spaPage = htmlPage(
  'A single-page app',
  `<nav><a href="#">Home</a></nav><main id="view"></main>`,
  {
    head: head(`
function go(n) {
  const v = n % ${VIEWS};
  const lines = [];
  const title = document.createElement('h1');
  title.textContent = 'View ' + v;
  lines.push(title);
  for (let k = 0; k < ${VIEW_LINES}; k++) {
    const p = document.createElement('p');
    p.textContent = 'View ' + v + ' item ' + k + ': ' + FILLER + ' ' + TERMS[(v + k) % TERMS.length] + '.';
    lines.push(p);
  }
  document.getElementById('view').replaceChildren(...lines);
  history.pushState({ n }, '', '?view=' + n);
}
addEventListener('DOMContentLoaded', () => {
  const route = new URLSearchParams(location.search).get('route');
  if (route) go(Number(route));
});`),
  },
);
export const NAVIGATIONS = 500;
export const viewTerms = (n: number) =>
  Array.from(
    { length: VIEW_LINES },
    (_, k) => TERMS[((n % VIEWS) + k) % TERMS.length] as string,
  ).sort();

/** Shows views `from` to `to` of the single-page app, one after the other, 4 ms apart. */
export function navigate(page: Page, from: number, to: number): Promise<void> {
  return page.evaluate(
    async (first, last) => {
      const go = (window as unknown as { go(n: number): void }).go;
      for (let n = first; n <= last; n++) {
        go(n);
        await new Promise((done) => setTimeout(done, 4));
      }
    },
    from,
    to,
  );
}
