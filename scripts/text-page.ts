/**
 * Turns a plain-text patient page (the source document or a corpus page in ../shared) into a simple HTML page, at
 * request time, so the texts are never copied into the project. Every piece of text is escaped.
 */

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] };

const BULLET = /^\s*(?:•|-)\s+/;

/** Short lines without closing punctuation read as headings ("Tests for secondary liver cancer"). */
function isTitleLike(line: string): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  return (
    line.length <= 80 &&
    words.length <= 12 &&
    /^[\p{Lu}\d]/u.test(line) &&
    !/[.,;:!]$/.test(line) &&
    // A question ends a heading only in the corpus's "What is (are) X ?" templates, with a space before it.
    (!line.endsWith('?') || line.endsWith(' ?'))
  );
}

/**
 * Each line is its own paragraph (the texts keep one paragraph per line; blank lines only separate blocks),
 * bullet lines ("•" or "- ") become list items, and short title-like lines become headings.
 */
export function parseTextBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let list: string[] | undefined;
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (BULLET.test(rawLine)) {
      const item = rawLine.replace(BULLET, '').trim();
      if (!list) {
        list = [];
        blocks.push({ kind: 'list', items: list });
      }
      if (item) list.push(item);
      continue;
    }
    list = undefined;
    if (!line) continue;
    blocks.push(
      // A short line that leads straight into a list ("Treatment may include") belongs to the text.
      isTitleLike(line) && !BULLET.test(lines[index + 1] ?? '')
        ? { kind: 'heading', text: line }
        : { kind: 'paragraph', text: line },
    );
  }
  return blocks;
}

export interface TextPage {
  /** The page title (also the <h1>); by default the text's first line. */
  title?: string;
  text: string;
  /** Lines of attribution shown in a footer on the page. */
  attribution: readonly string[];
}

const PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1d2127; --bg: #fdfdfb; --muted: #5a6270; --rule: #d6d9de; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e4e6ea; --bg: #17191d; --muted: #a3aab5; --rule: #3a3f47; }
}
body { margin: 0; background: var(--bg); color: var(--fg); font: 17px/1.6 Georgia, 'Times New Roman', serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
footer { border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: 1rem; color: var(--muted); font-size: 0.9rem; }
nav a { color: inherit; }
`;

/** A complete HTML document for the text, with the attribution in its footer. */
export function renderTextPage(page: TextPage): string {
  const blocks = parseTextBlocks(page.text);
  let title = page.title;
  if (title === undefined) {
    const first = blocks[0];
    if (first && first.kind !== 'list') {
      title = first.text;
      blocks.shift();
    } else {
      title = 'Untitled';
    }
  }
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h2>${escapeHtml(block.text)}</h2>`;
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'list':
        return `<ul>\n${block.items.map((item) => `  <li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`;
    }
  });
  const credit = page.attribution.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<nav><a href="/">Demo pages</a></nav>
<h1>${escapeHtml(title)}</h1>
${body.join('\n')}
<footer>
${credit}
</footer>
</main>
</body>
</html>
`;
}
