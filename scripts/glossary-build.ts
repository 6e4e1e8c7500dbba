/**
 * The build's glossary: the bundled packs compiled into `glossary.bin` (see glossary/glossary-file.ts), which the
 * content script reads from the extension instead of carrying the glossary in its bundle.
 *
 * For the benchmark, `MJE_BENCH_GLOSSARY_ENTRIES=<n>` fills the glossary up to n entries with synthetic ones
 * (bench/synthetic-glossary.ts), appended to the last bundled pack so that they are on by default, in the
 * compiled file and in the pack every other part of the extension bundles; such a build goes to its own folder
 * (`benchOutDir`) and is never shipped.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { syntheticEntries } from '../bench/synthetic-glossary.ts';
import { precompileBundledPacks } from '../glossary/bundled-matcher.ts';
import { encodeGlossaryFile, GLOSSARY_FILE } from '../glossary/glossary-file.ts';
import { bundledPacks, entriesOf } from '../glossary/index.ts';
import type { Entry, Pack } from '../glossary/schema.ts';
import { PROJECT_ROOT } from './paths.ts';

export { GLOSSARY_FILE };

const ENV = 'MJE_BENCH_GLOSSARY_ENTRIES';

/** The glossary size a benchmark build asks for, or null for the real glossary. */
export function benchGlossaryEntries(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env[ENV];
  if (raw === undefined || raw === '') return null;
  const entries = Number(raw);
  if (!Number.isInteger(entries) || entries <= 0) throw new Error(`${ENV} must be a whole number`);
  return entries;
}

/** Where a benchmark build of `entries` entries goes (WXT's outDir), apart from the real build. */
export function benchOutDir(entries: number): string {
  return `.output/bench-glossary-${entries}`;
}

/** The synthetic entries that fill the real glossary up to `total` (none when it is that big already). */
export function fillerEntries(total: number): Entry[] {
  return syntheticEntries(Math.max(0, total - entriesOf(bundledPacks).length));
}

/** The bundled packs, with `extra` entries appended to the last one. */
export function packsWith(extra: readonly Entry[]): Pack[] {
  const packs = [...bundledPacks];
  const last = packs.pop();
  if (!last) throw new Error('no bundled pack');
  return [...packs, { ...last, entries: [...last.entries, ...extra] }];
}

/** Compiles the packs and writes the file into `.wxt/`, for the build to copy into the extension. */
export function writeGlossaryFile(packs: readonly Pack[], outDir: string): string {
  const dir = resolve(PROJECT_ROOT, '.wxt', outDir.replace(/[\\/]/g, '_'));
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, GLOSSARY_FILE);
  writeFileSync(file, encodeGlossaryFile(precompileBundledPacks(packs)));
  return file;
}

/** Puts `extra` entries into the last bundled pack's JSON wherever the extension's code imports it. */
export function appendToLastPack(extra: readonly Entry[]): Plugin {
  const last = bundledPacks.at(-1);
  const file = `/glossary/packs/${last?.id ?? ''}.json`;
  return {
    name: 'medical-jargon:bench-glossary',
    enforce: 'pre',
    transform(code, id) {
      if (extra.length === 0 || !id.replace(/\\/g, '/').endsWith(file)) return null;
      const pack = JSON.parse(code) as { entries: unknown[] };
      pack.entries.push(...extra);
      return { code: JSON.stringify(pack), map: null };
    },
  };
}
