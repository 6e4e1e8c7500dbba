/**
 * A tiny static server on 127.0.0.1 for the demo and the browser tests:
 *   /                      demo/ (our own pages)
 *   /fixtures/             tests/browser/fixtures/ (test-only pages)
 *   /shared/               when ../shared exists: the source document and the corpus pages, rendered from their
 *                          .txt files at request time (never copied into the project), with their attribution.
 *
 * CLI: `tsx scripts/serve.ts` serves until Ctrl+C and prints the address.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO_DIR, FIXTURES_DIR, SHARED_DIR } from './paths.ts';
import { escapeHtml, renderTextPage } from './text-page.ts';

export const SEED_NAME = 'secondary-liver-cancer';
export const SEED_PAGE_PATH = `/shared/seed/${SEED_NAME}.html`;

export function sharedAvailable(): boolean {
  return existsSync(resolve(SHARED_DIR, 'seed', `${SEED_NAME}.txt`));
}

/** Names of the corpus pages in ../shared/corpus (without .txt); empty when the folder is absent. */
export function corpusNames(): string[] {
  const dir = resolve(SHARED_DIR, 'corpus');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.slice(0, -'.txt'.length))
    .sort();
}

export function corpusPagePath(name: string): string {
  return `/shared/corpus/${name}.html`;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The README's first paragraph after its heading, as one line. */
function firstParagraph(markdown: string): string | undefined {
  const paragraphs = markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#'));
  return paragraphs[0]?.replace(/\s*\n\s*/g, ' ').replaceAll('`', '');
}

function seedAttribution(): string[] {
  const paragraph = firstParagraph(readText(resolve(SHARED_DIR, 'seed/README.md')) ?? '');
  // The README's first sentence names the document; the rest is about how the project uses it.
  const sentence = paragraph
    ?.replace(/^[\w.-]+\.txt:\s*/, '')
    .match(/^.*?\.(?=\s|$)/)?.[0]
    ?.trim();
  return [
    `Source: ${sentence ?? '"Secondary cancer in the liver", Cancer Research UK (updated 15 May 2015).'}`,
    'Shown on this local test page only; the text is read from ../shared/seed when the page is requested.',
  ];
}

function corpusAttribution(name: string): string[] {
  const readme = readText(resolve(SHARED_DIR, 'corpus/README.md')) ?? '';
  const paragraph = firstParagraph(readme)?.replace(/\s*Keep this attribution[^.]*\.\s*$/, '');
  const lines = [
    paragraph ??
      'Patient-information summary from the US National Cancer Institute (cancer.gov PDQ), as collected in the ' +
        'MedQuAD collection (Ben Abacha and Demner-Fushman, BMC Bioinformatics 2019; CC BY 4.0).',
  ];
  const row = readme
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .find((cells) => cells[1] === `${name}.txt`);
  if (row?.[2] && row[3]) lines.push(`MedQuAD file: ${row[2]}. Original page: ${row[3]}.`);
  return lines;
}

function sharedIndexPage(): string {
  const links = [
    `<li><a href="${SEED_PAGE_PATH}">Secondary cancer in the liver (Cancer Research UK, the source document)</a></li>`,
    ...corpusNames().map(
      (name) => `<li><a href="${escapeHtml(corpusPagePath(name))}">${escapeHtml(name)}</a></li>`,
    ),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shared pages</title>
<style>:root { color-scheme: light dark; } body { font: 17px/1.6 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }</style>
</head><body><p><a href="/">Demo pages</a></p><h1>Source document and real patient pages</h1>
<ul>
${links.join('\n')}
</ul></body></html>
`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function notFound(res: ServerResponse, why: string): void {
  send(res, 404, 'text/plain; charset=utf-8', `Not found: ${why}\n`);
}

/** A file under root, or undefined when the path escapes root or names nothing. */
function fileUnder(root: string, relativePath: string): string | undefined {
  let path = resolve(root, `.${sep}${relativePath}`);
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  if (existsSync(path) && statSync(path).isDirectory()) path = resolve(path, 'index.html');
  return existsSync(path) && statSync(path).isFile() ? path : undefined;
}

function serveShared(res: ServerResponse, path: string): void {
  if (!sharedAvailable()) {
    notFound(
      res,
      `${SHARED_DIR} is absent, so the source document and corpus pages are not available.`,
    );
    return;
  }
  if (path === '/shared/' || path === '/shared') {
    send(res, 200, CONTENT_TYPES['.html'] as string, sharedIndexPage());
    return;
  }
  if (path === SEED_PAGE_PATH) {
    const text = readText(resolve(SHARED_DIR, 'seed', `${SEED_NAME}.txt`)) ?? '';
    const html = renderTextPage({ text, attribution: seedAttribution() });
    send(res, 200, CONTENT_TYPES['.html'] as string, html);
    return;
  }
  const corpus = /^\/shared\/corpus\/([a-z0-9-]+)\.html$/.exec(path);
  const name = corpus?.[1];
  if (name && corpusNames().includes(name)) {
    const text = readText(resolve(SHARED_DIR, 'corpus', `${name}.txt`)) ?? '';
    const html = renderTextPage({ text, attribution: corpusAttribution(name) });
    send(res, 200, CONTENT_TYPES['.html'] as string, html);
    return;
  }
  notFound(res, path);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
    return;
  }
  if (path === '/shared' || path.startsWith('/shared/')) {
    serveShared(res, path);
    return;
  }
  const [root, relative] = path.startsWith('/fixtures/')
    ? [FIXTURES_DIR, path.slice('/fixtures/'.length)]
    : [DEMO_DIR, path.slice(1)];
  const file = fileUnder(root, relative);
  if (!file) {
    notFound(res, path);
    return;
  }
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  send(res, 200, type, readFileSync(file));
}

export interface RunningServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 on a free port. */
export async function startServer(): Promise<RunningServer> {
  const server = createServer(handle);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await startServer();
  console.log(`Serving demo pages at ${url} (Ctrl+C to stop)`);
  console.log(
    sharedAvailable()
      ? `Source document: ${url}${SEED_PAGE_PATH.slice(1)}`
      : `${SHARED_DIR} is absent: the source document and corpus pages are not served.`,
  );
}
