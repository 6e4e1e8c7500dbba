/**
 * `npm run --silent scan -- [--summary] [--pack ID[,ID...]] FILE...`: the glossary terms in text and HTML files,
 * one JSON object a line. `--pack` chooses the bundled packs to match (default: all of them), always in their
 * bundled order, so a term in two packs resolves to the earlier one (the core pack). For HTML, the text is what the content script reads: its blocks, with its skip rules, joined by blank
 * lines; offsets are into that text. For text files, offsets are into the file's contents as read.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Window } from 'happy-dom';
import { collectBlocks } from '../entrypoints/content/text-blocks';
import { bundledPackIds, bundledPacks, enabledEntries } from '../glossary/index';
import { compileGlossary, type Match, type Matcher } from '../glossary/matcher';

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
    // The content script asks whether a block is rendered only when it holds a term; dropping hidden blocks
    // before matching gives the same terms.
    const blocks = collectBlocks(body).filter((block) => isRenderedInStaticHtml(block.container));
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

const USAGE = 'usage: npm run --silent scan -- [--summary] [--pack ID[,ID...]] FILE...\n';

interface Options {
  summary: boolean;
  packIds: string[];
  files: string[];
}

/** The options, or the message to print before exiting with status 2. */
function parseArgs(argv: string[]): Options | string {
  const options: Options = { summary: false, packIds: [...bundledPackIds], files: [] };
  let packsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--summary') options.summary = true;
    else if (arg === '--pack' || arg.startsWith('--pack=')) {
      const value = arg === '--pack' ? argv[++i] : arg.slice('--pack='.length);
      if (value === undefined || value.trim() === '')
        return `scan: --pack needs pack ids\n${USAGE}`;
      const ids = value.split(',').map((id) => id.trim());
      const unknown = ids.filter((id) => !bundledPackIds.includes(id));
      if (unknown.length > 0) {
        return `scan: unknown pack ${unknown.join(', ')} (bundled packs: ${bundledPackIds.join(', ')})\n`;
      }
      options.packIds = packsGiven ? [...options.packIds, ...ids] : ids;
      packsGiven = true;
    } else if (arg.startsWith('--')) return `scan: unknown option ${arg}\n${USAGE}`;
    else options.files.push(arg);
  }
  return options.files.length === 0 ? USAGE : options;
}

/**
 * The matches of each block (paragraphs, parted by blank lines), with offsets into the whole text: the content
 * script matches a block at a time, and terms that are everyday words need another term in their own block.
 */
function findByBlock(matcher: Matcher, text: string): Match[] {
  const matches: Match[] = [];
  let start = 0;
  for (const gap of [...text.matchAll(/\n[^\S\n]*\n\s*/g), null]) {
    const end = gap ? gap.index : text.length;
    for (const match of matcher.find(text.slice(start, end)))
      matches.push({ ...match, start: match.start + start, end: match.end + start });
    if (gap) start = gap.index + gap[0].length;
  }
  return matches;
}

function main(argv: string[]): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    process.stderr.write(options);
    return 2;
  }
  const { summary, files } = options;
  const matcher = compileGlossary(enabledEntries(options.packIds, bundledPacks));
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
    const matches = findByBlock(matcher, text);
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
