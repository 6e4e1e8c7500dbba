// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpusDir = join(root, '..', 'shared', 'corpus');
const work = mkdtempSync(join(tmpdir(), 'scan-test-'));

interface ScanLine {
  file: string;
  start: number;
  end: number;
  text: string;
  term: string;
}

function scan(...args: string[]): { lines: string[]; stderr: string; status: number | null } {
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(root, 'scripts', 'scan.ts'),
      ...args,
    ],
    { encoding: 'utf8' },
  );
  return {
    lines: result.stdout.split('\n').filter(Boolean),
    stderr: result.stderr,
    status: result.status,
  };
}

function write(name: string, content: string | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

describe('npm run scan', () => {
  it('prints one JSON object a match, with offsets into the text file as read', () => {
    const text =
      'Ascitic fluid was drained.\r\nThen a CT scan showed\u00a0metastases; her GP agreed.\n';
    const file = write('letter.txt', text);
    // The liver-cancer packs, whose words this letter was written with.
    const { lines, status } = scan('--pack', 'core,nci', file);
    expect(status).toBe(0);
    const matches = lines.map((line) => JSON.parse(line) as ScanLine);
    expect(matches.map((match) => match.text)).toEqual(['Ascitic', 'CT scan', 'metastases', 'GP']);
    for (const match of matches) {
      expect(match.file).toBe(file);
      expect(text.slice(match.start, match.end)).toBe(match.text);
      expect(typeof match.term).toBe('string');
    }
  });

  it('reads HTML as the content script does: visible text, skip rules, inline tags joined', () => {
    const file = write(
      'page.html',
      `<!doctype html><html><head><title>ascites</title><style>p{}</style></head><body>
      <h1>Meta<b>stases</b> explained</h1>
      <p>The <a href="#">yttrium-</a><sup>90</sup> beads.</p>
      <textarea>ascites</textarea><input value="ascites"><code>ascites</code><pre>ascites</pre>
      <div contenteditable="true">ascites</div><p hidden>ascites</p><p style="display:none">ascites</p>
      <script>var ascites = 1;</script>
      <p>Jaundice</p></body></html>`,
    );
    const matches = scan(file).lines.map((line) => JSON.parse(line) as ScanLine);
    expect(matches.map((match) => match.text)).toEqual(['Metastases', 'yttrium-90', 'Jaundice']);
  });

  it('gives a one-line error for each bad file, still scans the others, and exits non-zero', () => {
    const good = write('good.txt', 'jaundice');
    const binary = write('binary.txt', Buffer.from([0x6a, 0x00, 0x01, 0x02]));
    const invalid = write('latin1.txt', Buffer.from([0x6a, 0xe9, 0x0a]));
    const other = write('notes.pdf', 'jaundice');
    const { lines, stderr, status } = scan(join(work, 'missing.txt'), binary, good, invalid, other);
    expect(status).not.toBe(0);
    expect(lines.map((line) => (JSON.parse(line) as ScanLine).file)).toEqual([good]);
    const errors = stderr.trim().split('\n');
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/missing\.txt: no such file/);
    expect(errors[1]).toMatch(/binary\.txt: binary file/);
    expect(errors[2]).toMatch(/latin1\.txt: not valid UTF-8/);
    expect(errors[3]).toMatch(/notes\.pdf: unsupported file type/);
  });

  it('counts each entry per file with --summary', () => {
    const file = write('summary.txt', 'Stents and a stent. Jaundice.');
    const [line] = scan('--summary', file).lines;
    const summary = JSON.parse(line ?? '{}') as { file: string; terms: Record<string, number> };
    expect(summary.file).toBe(file);
    expect(Object.values(summary.terms).sort()).toEqual([1, 2]);
  });

  it('matches the packs chosen with --pack, all bundled packs by default', () => {
    const file = write('packs.txt', 'The CT scan and the biopsy were clear.');
    const terms = (...args: string[]): string[] =>
      scan(...args, file).lines.map((line) => (JSON.parse(line) as ScanLine).term);
    expect(terms()).toEqual(['ct-scan', 'biopsy']);
    expect(terms('--pack=core')).toEqual(['ct-scan']);
    expect(terms('--pack', 'nci')).toEqual(['biopsy']);
    expect(terms('--pack', 'nci', '--pack', 'core')).toEqual(['ct-scan', 'biopsy']);
  });

  it('refuses an unknown pack or a missing pack list, naming the bundled packs', () => {
    const file = write('refused.txt', 'biopsy');
    const unknown = scan('--pack', 'core,cardiology', file);
    expect(unknown.status).toBe(2);
    expect(unknown.lines).toEqual([]);
    expect(unknown.stderr).toMatch(/unknown pack cardiology \(bundled packs: core, nci, body, /);
    const missing = scan(file, '--pack');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--pack needs pack ids/);
  });

  const corpusIt = existsSync(corpusDir) ? it : it.skip;
  if (!existsSync(corpusDir)) console.warn(`Skipping corpus scans: ${corpusDir} is absent.`);
  corpusIt('finds the glossary terms in the NCI pages in their US forms', () => {
    const files = ['adult-primary-liver-cancer.txt', 'bile-duct-cancer.txt'].map((name) =>
      join(corpusDir, name),
    );
    const matches = scan(...files).lines.map((line) => JSON.parse(line) as ScanLine);
    const surfaces = new Set(matches.map((match) => match.text.toLowerCase()));
    for (const usForm of ['tumor', 'tumors', 'chemoembolization', 'metastatic', 'bile ducts']) {
      expect(surfaces, usForm).toContain(usForm);
    }
    for (const match of matches) {
      const text = readFileSync(match.file, 'utf8');
      expect(text.slice(match.start, match.end)).toBe(match.text);
    }
  });
});
