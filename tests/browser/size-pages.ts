/**
 * The big pages of the reliability suite, generated in memory at run time, at any size: the tests use sizes that
 * take the same code paths in seconds (past the 5,000-term cap, past WALK_MAX_NODES, past REGISTER_ALL_MAX and
 * BLOCK_WINDOW_MIN, a text node read in chunks); the benchmark (`npm run bench`, bench/reliability.ts) loads the full
 * sizes and times them.
 */
import { FILLER, htmlPage } from './reliability-helpers.ts';

const MB = 1024 * 1024;

/** One line of the big text node: filler and one term. */
export const BIG_TEXT_UNIT = `${FILLER} The skin showed jaundice. `;

/**
 * One text node of about `bytes` characters, built by the page's script (the HTML parser would split it every 64 KiB);
 * one term in every BIG_TEXT_UNIT.
 */
export function bigTextPage(bytes: number): { html: string; terms: number; label: string } {
  const repeats = Math.ceil(bytes / BIG_TEXT_UNIT.length);
  const size = bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / 1024)} KB`;
  return {
    label: `one text node of ${size}`,
    terms: repeats,
    html: htmlPage(
      `One text node of ${size}`,
      `<h1>A single text node of ${size}</h1><p id="big"></p>
<script>document.getElementById('big').append(document.createTextNode(${JSON.stringify(BIG_TEXT_UNIT)}.repeat(${repeats})));</script>`,
    ),
  };
}

/**
 * Elements of one paragraph of the many-elements page, and nodes: with its two texts and the line break after it.
 */
export const MANY_ELEMENTS_PER_PARAGRAPH = 10;
export const MANY_NODES_PER_PARAGRAPH = 13;

/**
 * `paragraphs` paragraphs of ten elements (a word in bold and eight empty inline elements, as icon-heavy markup has):
 * 10 elements each in the body (1,000,000 for 100,000 paragraphs), 13 nodes with the texts; one paragraph in ten
 * holds a term.
 */
export function manyElementsPage(paragraphs: number): {
  html: string;
  terms: number;
  label: string;
} {
  const parts: string[] = [];
  const icons = '<i></i>'.repeat(8);
  for (let i = 0; i < paragraphs; i++) {
    const word = i % 10 === 0 ? 'ascites' : 'walk';
    parts.push(`<p>Item ${i} <b>${word}</b>${icons}</p>`);
  }
  const elements = (paragraphs * MANY_ELEMENTS_PER_PARAGRAPH).toLocaleString('en');
  return {
    label: `${elements} elements`,
    terms: Math.ceil(paragraphs / 10),
    html: htmlPage(`${elements} elements`, `<h1>${elements} elements</h1>\n${parts.join('\n')}`),
  };
}

/**
 * `depth` nested inline elements, built by script (HTML parsers cap nesting); every second level names a term. Inline,
 * not blocks: 5,000 nested <div>s hang Chromium's own layout, with or without the extension. The page is one block,
 * in a narrow column: many screens tall, so that only part of its terms is near the viewport.
 */
export function deepPage(depth: number): { html: string; terms: number; label: string } {
  const levels = depth.toLocaleString('en');
  return {
    label: `a DOM nested ${levels} levels deep`,
    terms: Math.floor(depth / 2),
    html: htmlPage(
      `${levels} levels deep`,
      `<h1>Nested ${levels} levels deep</h1><div id="root" style="max-width:16em"></div>
<script>
let parent = document.getElementById('root');
for (let i = 1; i <= ${depth}; i++) {
  const element = document.createElement(i % 3 === 0 ? 'em' : 'span');
  element.append(document.createTextNode(i % 2 === 0 ? 'Level ' + i + ' ascites ' : 'Level ' + i + ' '));
  parent.append(element);
  parent = element;
}
</script>`,
    ),
  };
}

/** `rows` rows of 10 cells; one cell in twelve holds a term. */
export function tablePage(rows: number): { html: string; terms: number; label: string } {
  const columns = 10;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) {
      const n = r * columns + c;
      cells.push(`<td>${n % 12 === 0 ? `r${r} chemotherapy` : `r${r} c${c}`}</td>`);
    }
    lines.push(`<tr>${cells.join('')}</tr>`);
  }
  const cells = (rows * columns).toLocaleString('en');
  return {
    label: `a table of ${cells} cells`,
    terms: Math.ceil((rows * columns) / 12),
    html: htmlPage(
      `${cells} cells`,
      `<h1>A table of ${cells} cells</h1><table><tbody>\n${lines.join('\n')}\n</tbody></table>`,
    ),
  };
}

/** `paragraphs` paragraphs with one term each (with ids p0, p1…). */
export function longPage(paragraphs: number): { html: string; terms: number; label: string } {
  const lines: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    lines.push(`<p id="p${i}">Paragraph ${i}: ${FILLER} The scan showed ascites.</p>`);
  }
  const count = paragraphs.toLocaleString('en');
  return {
    label: `${count} paragraphs`,
    terms: paragraphs,
    html: htmlPage(`${count} paragraphs`, `<h1>A long page</h1>\n${lines.join('\n')}`),
  };
}
