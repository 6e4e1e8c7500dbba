/**
 * The benchmark's pages, built in memory at run time from ../shared (never written into the project): generated
 * pages of real corpus text in realistic markup, a page of 200,000 tiny text nodes and a page that keeps
 * appending paragraphs. Each carries the corpus attribution in its footer.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { SHARED_DIR } from '../scripts/paths.ts';
import { corpusNames } from '../scripts/serve.ts';
import { escapeHtml, parseTextBlocks } from '../scripts/text-page.ts';

export interface CorpusText {
  headings: string[];
  paragraphs: string[];
  listItems: string[];
  /** Every word of the corpus, in order. */
  words: string[];
  attribution: string;
}

/** The corpus pages' text, split into the kinds of blocks the generated pages need. */
export function readCorpus(): CorpusText {
  const headings: string[] = [];
  const paragraphs: string[] = [];
  const listItems: string[] = [];
  for (const name of corpusNames()) {
    const text = readFileSync(resolve(SHARED_DIR, 'corpus', `${name}.txt`), 'utf8');
    for (const block of parseTextBlocks(text)) {
      if (block.kind === 'heading') headings.push(block.text);
      else if (block.kind === 'paragraph') paragraphs.push(block.text);
      else listItems.push(...block.items);
    }
  }
  const readme = readFileSync(resolve(SHARED_DIR, 'corpus', 'README.md'), 'utf8');
  const attribution =
    readme
      .split(/\n\s*\n/)
      .map((part) => part.trim())
      .find((part) => part && !part.startsWith('#'))
      ?.replace(/\s*\n\s*/g, ' ') ??
    'Text: US National Cancer Institute (cancer.gov PDQ), via MedQuAD (CC BY 4.0).';
  const words = [...headings, ...paragraphs, ...listItems].join(' ').split(/\s+/).filter(Boolean);
  return { headings, paragraphs, listItems, words, attribution };
}

/** The name of the largest page of ../shared/corpus, by the size of its text. */
export function largestCorpusPage(): string {
  const names = corpusNames();
  const size = (name: string) => statSync(resolve(SHARED_DIR, 'corpus', `${name}.txt`)).size;
  return names.reduce((best, name) => (size(name) > size(best) ? name : best), names[0] as string);
}

function pageShell(title: string, body: string, attribution: string, script = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:48rem;margin:0 auto;padding:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>
</head><body>
<header><nav><a href="#top">Home</a> · <a href="#a">Types</a> · <a href="#b">Treatment</a></nav></header>
<main id="top">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer><p>${escapeHtml(attribution)}</p><p>Benchmark page generated at run time; the text is read from ../shared/corpus.</p></footer>
${script}
</body></html>
`;
}

/** Cycles through a list forever. */
class Cycle<T> {
  private at = 0;
  constructor(private readonly items: readonly T[]) {}
  next(): T {
    const item = this.items[this.at % this.items.length] as T;
    this.at++;
    return item;
  }
}

const INLINE = ['a', 'em', 'strong', 'a', 'span', 'b', 'a', 'i'] as const;

/** Words of a text with every `every`-th one wrapped in an inline element (links, emphasis…). */
function inlineMarkup(
  text: string,
  every: number,
  counter: { elements: number; inline: number },
): string {
  if (!Number.isFinite(every)) return escapeHtml(text);
  const words = text.split(' ');
  let out = '';
  for (let i = 0; i < words.length; i++) {
    const word = escapeHtml(words[i] as string);
    if ((counter.inline++ % every) + 1 === every) {
      const tag = INLINE[counter.elements % INLINE.length] as string;
      counter.elements++;
      const open =
        tag === 'a'
          ? `<a href="#s${counter.elements}">`
          : tag === 'span'
            ? '<span class="ref">'
            : `<${tag}>`;
      out += `${open}${word}</${tag}>`;
    } else {
      out += word;
    }
    if (i < words.length - 1) out += ' ';
  }
  return out;
}

interface Generated {
  html: string;
  textBytes: number;
  elements: number;
  words: number;
}

/**
 * Sections of a heading, paragraphs of about `paragraphChars` characters, a list and now and then a table,
 * until the text reaches `textBytes`; one word in `every` sits in an inline element.
 */
function generate(
  corpus: CorpusText,
  textBytes: number,
  paragraphChars: number,
  every: number,
): Generated {
  const headings = new Cycle(corpus.headings);
  const paragraphs = new Cycle(corpus.paragraphs);
  const items = new Cycle(corpus.listItems);
  const counter = { elements: 0, inline: 0 };
  const parts: string[] = [];
  let text = 0;
  let words = 0;
  let section = 0;
  const add = (plain: string): string => {
    text += Buffer.byteLength(plain) + 1;
    words += plain.split(' ').length;
    return inlineMarkup(plain, every, counter);
  };
  while (text < textBytes) {
    section++;
    const out: string[] = [`<section id="s${section}">`, `<h2>${add(headings.next())}</h2>`];
    counter.elements += 2;
    for (let p = 0; p < 4; p++) {
      let plain = paragraphs.next();
      while (plain.length < paragraphChars) plain += ` ${paragraphs.next()}`;
      out.push(`<p>${add(plain)}</p>`);
      counter.elements++;
    }
    out.push('<ul>');
    counter.elements++;
    for (let i = 0; i < 4; i++) {
      out.push(`<li>${add(items.next())}</li>`);
      counter.elements++;
    }
    out.push('</ul>');
    if (section % 4 === 0) {
      out.push(
        '<table><thead><tr><th>Test</th><th>What it shows</th><th>Notes</th></tr></thead><tbody>',
      );
      counter.elements += 7;
      for (let r = 0; r < 3; r++) {
        const cells = [items.next(), items.next(), items.next()].map(
          (cell) => `<td>${add(cell)}</td>`,
        );
        out.push(`<tr>${cells.join('')}</tr>`);
        counter.elements += 4;
      }
      out.push('</tbody></table>');
    }
    out.push('</section>');
    parts.push(out.join('\n'));
  }
  return { html: parts.join('\n'), textBytes: text, elements: counter.elements, words };
}

export interface BenchPage {
  /** Short id used in results.json and the table. */
  id: string;
  label: string;
  path: string;
  html: string;
  textBytes: number;
  /** Elements in the body as generated (the browser's count is measured on load). */
  elements?: number;
  /** Appends paragraphs when the benchmark calls `window.__benchStartAppending()`. */
  appending?: boolean;
}

/**
 * A page of `textBytes` of corpus text in about `elements` elements: paragraphs are made long enough that the
 * block elements are about 40% of the target, inline elements make up the rest.
 */
export function generatedPage(
  corpus: CorpusText,
  id: string,
  textBytes: number,
  elements: number,
): BenchPage {
  // First pass without inline elements: how many block elements a paragraph length gives, to scale it.
  const trialChars = 300;
  const trial = generate(corpus, textBytes, trialChars, Number.POSITIVE_INFINITY);
  const paragraphChars = Math.max(80, Math.round((trialChars * trial.elements) / (0.4 * elements)));
  const blocks = generate(corpus, textBytes, paragraphChars, Number.POSITIVE_INFINITY);
  const every = Math.max(2, Math.round(blocks.words / Math.max(1, elements - blocks.elements)));
  const page = generate(corpus, textBytes, paragraphChars, every);
  const mb = textBytes / 1024 / 1024;
  const title = `Generated page: ${mb} MB of patient information`;
  return {
    id,
    label: `generated ${mb} MB`,
    path: `/bench/${id}.html`,
    html: pageShell(title, page.html, corpus.attribution),
    textBytes: page.textBytes,
    elements: page.elements,
  };
}

/** 200,000 text nodes of one or two words, every other one inside an inline element, 40 to a paragraph. */
export function tinyNodesPage(corpus: CorpusText, nodes = 200_000): BenchPage {
  const words = new Cycle(corpus.words);
  const perParagraph = 40;
  const paragraphs: string[] = [];
  let textBytes = 0;
  let elements = 0;
  for (let p = 0; p < nodes / perParagraph; p++) {
    let out = '<p>';
    elements++;
    for (let n = 0; n < perParagraph; n++) {
      const text = n % 3 === 2 ? `${words.next()} ${words.next()}` : words.next();
      textBytes += Buffer.byteLength(text) + 1;
      const escaped = escapeHtml(text);
      if (n % 2 === 1) {
        out += `<span>${escaped}</span> `;
        elements++;
      } else {
        out += `${escaped} `;
      }
    }
    paragraphs.push(`${out}</p>`);
  }
  // The spaces after each span are text nodes too: count only the word nodes, as generated.
  return {
    id: 'tiny-nodes',
    label: `${(nodes / 1000).toFixed(0)}k tiny text nodes`,
    path: '/bench/tiny-nodes.html',
    html: pageShell('Many tiny text nodes', paragraphs.join('\n'), corpus.attribution),
    textBytes,
    elements,
  };
}

/** Paragraphs appended per batch and the pause between batches: 1,000 a second. */
export const APPEND_BATCH = 100;
export const APPEND_INTERVAL_MS = 100;
export const APPEND_BATCHES = 100;

/**
 * A single-page app: a feed that, once started, appends APPEND_BATCH paragraphs every APPEND_INTERVAL_MS
 * (1,000 a second for 10 s), noting when each batch went in.
 */
export function appendingPage(corpus: CorpusText): BenchPage {
  const script = `<script>
(() => {
  const texts = ${JSON.stringify(corpus.paragraphs).replaceAll('<', '\\u003c')};
  const feed = document.getElementById('feed');
  const state = { batches: [], batchOf: new WeakMap(), done: false };
  window.__benchAppend = state;
  let next = 0;
  window.__benchStartAppending = () => {
    let batch = 0;
    const timer = setInterval(() => {
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < ${APPEND_BATCH}; i++) {
        const p = document.createElement('p');
        p.textContent = texts[next++ % texts.length];
        state.batchOf.set(p, batch);
        fragment.append(p);
      }
      feed.append(fragment);
      // The reader follows the feed, as on a page that loads more when its end is reached.
      window.scrollTo(0, document.documentElement.scrollHeight);
      state.batches.push({ insertedAt: performance.now(), highlightedAt: null });
      if (++batch === ${APPEND_BATCHES}) { clearInterval(timer); state.done = true; }
    }, ${APPEND_INTERVAL_MS});
  };
})();
</script>`;
  return {
    id: 'appending',
    label: 'appending SPA (1,000 p/s for 10 s, the reader following)',
    path: '/bench/appending.html',
    html: pageShell(
      'A feed that keeps growing',
      '<div id="feed"></div>',
      corpus.attribution,
      script,
    ),
    textBytes: 0,
    appending: true,
  };
}
