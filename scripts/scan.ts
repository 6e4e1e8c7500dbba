/**
 * `npm run --silent scan -- [--summary] FILE...`: the glossary terms in text and HTML files, one JSON object a
 * line. For HTML, the text is what the content script reads: its blocks, with its skip rules, joined by blank
 * lines; offsets are into that text. For text files, offsets are into the file's contents as read.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Window } from 'happy-dom';
import { collectBlocks } from '../entrypoints/content/text-blocks';
import { bundledPacks, entriesOf } from '../glossary/index';
import { compileGlossary } from '../glossary/matcher';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

class ScanError extends Error {}

function readText(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new ScanError('not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof ScanError) throw error;
    throw new ScanError(
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read',
    );
  }
  if (size > MAX_FILE_BYTES) throw new ScanError(`larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new ScanError('cannot be read');
  }
  if (bytes.includes(0)) throw new ScanError('binary file (it contains NUL bytes)');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScanError('not valid UTF-8 text');
  }
}

/** The page text the content script would read, block by block. */
function visibleText(html: string): string {
  const window = new Window();
  try {
    const document = window.document;
    document.write(html);
    const body = document.body as unknown as Element;
    const blocks = collectBlocks(body, { isRendered: isRenderedInStaticHtml });
    return blocks.map((block) => block.nodes.map((node) => node.data).join('')).join('\n\n');
  } finally {
    void window.happyDOM.close();
  }
}

/** Without layout, "rendered" means no `hidden` attribute or inline `display: none` on the way up. */
function isRenderedInStaticHtml(container: Element | ShadowRoot): boolean {
  let element: Element | null = 'host' in container ? container.host : container;
  while (element) {
    if (element.hasAttribute('hidden')) return false;
    const style = element.getAttribute('style') ?? '';
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return false;
    element = element.parentElement;
  }
  return true;
}

function textOf(file: string): string {
  const extension = extname(file).toLowerCase();
  if (extension === '.txt') return readText(file);
  if (extension === '.html' || extension === '.htm') return visibleText(readText(file));
  throw new ScanError(`unsupported file type "${extension || '(none)'}": use .txt or .html`);
}

function main(argv: string[]): number {
  const summary = argv.includes('--summary');
  const files = argv.filter((arg) => arg !== '--summary');
  const unknown = files.filter((arg) => arg.startsWith('--'));
  if (unknown.length > 0 || files.length === 0) {
    process.stderr.write(
      unknown.length > 0
        ? `scan: unknown option ${unknown.join(', ')}\n`
        : 'usage: npm run --silent scan -- [--summary] FILE...\n',
    );
    return 2;
  }
  const matcher = compileGlossary(entriesOf(bundledPacks));
  let failed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = textOf(file);
    } catch (error) {
      const reason = error instanceof ScanError ? error.message : String(error);
      process.stderr.write(`scan: ${file}: ${reason}\n`);
      failed++;
      continue;
    }
    const matches = matcher.find(text);
    if (summary) {
      const counts: Record<string, number> = {};
      for (const match of matches) counts[match.entryId] = (counts[match.entryId] ?? 0) + 1;
      const terms = Object.fromEntries(
        Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
      );
      process.stdout.write(JSON.stringify({ file, matches: matches.length, terms }) + '\n');
    } else {
      for (const match of matches) {
        const { start, end, text: surface, entryId: term } = match;
        process.stdout.write(JSON.stringify({ file, start, end, text: surface, term }) + '\n');
      }
    }
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
